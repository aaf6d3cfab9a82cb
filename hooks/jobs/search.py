"""Search that finds what readers type: typos, their own words, answers before listings.

Material's search box stays; the engine behind it is ours
(overrides/assets/javascripts/search-worker.js, which speaks Material's worker
protocol). The build validates data/synonyms.yml, weighs each page by its kind,
points every page at our worker, rewrites Material's search index for it, and
gives templates ``hc_search`` (the articles an empty search offers).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from helpcenter.articles import is_article
from helpcenter.findings import Finding
from helpcenter.search.index import (
    WORKER_PATH,
    PopularPageError,
    choose_popular,
    page_weight,
    point_worker,
    rewrite_index,
)
from helpcenter.search.synonyms import SynonymsError, load_synonyms
from helpcenter.settings import setting_location
from jobs.build import Build


def configure(build: Build, config: MkDocsConfig) -> None:
    name = build.settings.helpcenter.search.synonyms_file
    try:
        build.synonyms = load_synonyms(build.project.root / name, name)
    except SynonymsError as error:
        raise PluginError(str(error)) from None
    found = (Path(folder) / WORKER_PATH for folder in config.theme.dirs)
    worker = next((path for path in found if path.is_file()), None)
    if worker is None:
        raise PluginError(f"{WORKER_PATH} is in no theme folder -> keep it in overrides/ (theme.custom_dir)")
    # The worker and the index change together: a new worker gets a new URL.
    build.search_worker = f"{WORKER_PATH}?v={hashlib.sha256(worker.read_bytes()).hexdigest()[:12]}"


def weigh_pages(build: Build, files: Files) -> None:
    """Articles answer; section index pages and the home page list, so they come after for the same words."""
    for file in files.documentation_pages():
        url = "" if file.url in (".", "./") else file.url  # as Page.url and Material's index write it
        home = file.src_uri in ("index.md", "README.md")
        build.search_weights[url] = page_weight(is_homepage=home, is_article=is_article(file.src_uri))


def give_theme(build: Build, env: Environment) -> None:
    """The articles an empty search offers; every title and the link graph are known by now."""
    articles = [
        (page.src_path, page.title, page.url)
        for src_path in build.nav_pages_in_order
        if (page := build.page_refs.get(src_path)) is not None and src_path != "index.md" and is_article(src_path)
    ]
    try:
        popular = choose_popular(articles, build.graph.inbound, build.settings.helpcenter.search.popular)
    except PopularPageError as error:
        line, column = setting_location(build.config_text, ("helpcenter", "search", "popular"))
        build.report.add([Finding(build.project.config_name, line, column, "search-setting", str(error))])
        popular = []
    env.globals["hc_search"] = {"popular": popular}


def point_page(build: Build, output: str) -> str:
    try:
        return point_worker(output, build.search_worker)
    except ValueError as error:
        raise PluginError(str(error)) from None


def rewrite(build: Build, config: MkDocsConfig) -> None:
    """Runs after Material's search plugin has written its index."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return  # the search plugin is off
    material = json.loads(path.read_text(encoding="utf-8"))
    index = rewrite_index(material, build.search_weights, build.synonyms)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
