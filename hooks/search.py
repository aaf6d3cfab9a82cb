"""MkDocs hook: search that finds what readers type (typos, their own words, answers before listings).

- on_config: read ``extra.helpcenter.search`` and validate ``data/synonyms.yml``
  (a located error stops the build).
- on_env: give templates ``hc_search`` (the articles an empty search offers;
  every page title and the link graph are known by then).
- on_files: note each page's kind for the ranking.
- on_post_page / on_post_template: point Material's search at our worker.
- on_post_build: rewrite Material's ``search/search_index.json`` for it.

The logic is in helpcenter/search_index.py and helpcenter/synonyms.py; the
engine is overrides/assets/javascripts/search-worker.js, the empty state
overrides/assets/javascripts/search.js with overrides/partials/hc-search-help.html.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.links import GraphNotReady, site_graph
from helpcenter.pages import is_article
from helpcenter.search_index import (
    WORKER_PATH,
    SearchSettings,
    SearchSettingsError,
    choose_popular,
    page_weight,
    parse_settings,
    point_worker,
    rewrite_index,
)
from helpcenter.synonyms import SynonymGroup, SynonymsError, load_synonyms


@dataclass
class _Build:
    """This build's state (hooks outlive builds under `mkdocs serve`, so on_config starts a new one)."""

    settings: SearchSettings = field(default_factory=SearchSettings)
    synonyms: tuple[SynonymGroup, ...] = ()
    worker_url: str = WORKER_PATH
    nav: Navigation | None = None
    weights: dict[str, float] = field(default_factory=dict)


_build = _Build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    try:
        settings = parse_settings(config.extra.get("helpcenter", {}).get("search"))
    except SearchSettingsError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    project = Path(config.config_file_path).parent
    try:
        synonyms = load_synonyms(project / settings.synonyms_file, settings.synonyms_file)
    except SynonymsError as error:
        raise PluginError(str(error)) from None
    found = (Path(folder) / WORKER_PATH for folder in config.theme.dirs)
    worker = next((path for path in found if path.is_file()), None)
    if worker is None:
        raise PluginError(f"{WORKER_PATH} is in no theme folder -> keep it in overrides/ (theme.custom_dir)")
    # The worker and the index change together: a new worker gets a new URL.
    version = hashlib.sha256(worker.read_bytes()).hexdigest()[:12]
    _build = _Build(settings=settings, synonyms=synonyms, worker_url=f"{WORKER_PATH}?v={version}")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # From the files, not from each page as it is built: `mkdocs serve --dirty` builds one page.
    for file in files.documentation_pages():
        url = "" if file.url in (".", "./") else file.url  # as Page.url and Material's index write it
        home = file.src_uri in ("index.md", "README.md")
        _build.weights[url] = page_weight(is_homepage=home, is_article=is_article(file.src_uri))
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _build.nav = nav
    return nav


def _no_links(path: str) -> list[str]:
    return []


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    pages = _build.nav.pages if _build.nav is not None else []
    articles = [
        (page.file.src_uri, page.title or page.file.src_uri, page.url)
        for page in pages
        if not page.is_homepage and is_article(page.file.src_uri)
    ]
    try:
        inbound = site_graph().inbound
    except GraphNotReady:
        inbound = _no_links  # without hooks/links.py (hooks/related.py says so): nav order
    try:
        popular = choose_popular(articles, inbound, _build.settings.popular)
    except SearchSettingsError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    env.globals["hc_search"] = {"popular": popular}
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _point(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _point(output_content) if template_name.endswith(".html") else output_content


def _point(output: str) -> str:
    try:
        return point_worker(output, _build.worker_url)
    except ValueError as error:
        raise PluginError(str(error)) from None


# After Material's search plugin has written its index.
@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.isfile(path):
        return  # the search plugin is off
    with open(path, encoding="utf-8") as handle:
        material = json.load(handle)
    index = rewrite_index(material, _build.weights, _build.synonyms)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))
