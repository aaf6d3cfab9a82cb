"""Search that finds what readers type: typos, their own words, answers before listings.

Material's search box stays; the engine behind it is ours
(overrides/assets/javascripts/search-worker.js, which speaks Material's worker
protocol). The build validates data/synonyms.yml, weighs each page by its kind,
points every page at our worker, rewrites Material's search index for it and
cuts it into the files the worker fetches on demand, and gives templates
``hc_search`` (the articles an empty search offers).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

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
from helpcenter.search.shards import build_shards, stale_folders
from helpcenter.search.synonyms import SynonymGroup, SynonymsError
from helpcenter.search.synonyms import load_synonyms as _load_synonyms
from helpcenter.settings import setting_location
from jobs.build import Links, RenderedPage, Report, Setup, Site


def load_synonyms(setup: Setup) -> tuple[SynonymGroup, ...]:
    name = setup.settings.helpcenter.search.synonyms_file
    try:
        return _load_synonyms(setup.project.root / name, name)
    except SynonymsError as error:
        raise PluginError(str(error)) from None


def worker_url(config: MkDocsConfig) -> str:
    found = (Path(folder) / WORKER_PATH for folder in config.theme.dirs)
    worker = next((path for path in found if path.is_file()), None)
    if worker is None:
        raise PluginError(f"{WORKER_PATH} is in no theme folder -> keep it in overrides/ (theme.custom_dir)")
    # The worker and the index change together: a new worker gets a new URL.
    return f"{WORKER_PATH}?v={hashlib.sha256(worker.read_bytes()).hexdigest()[:12]}"


def give_theme(setup: Setup, site: Site, links: Links, env: Environment, report: Report) -> None:
    """The articles an empty search offers; every title and the link graph are known by now."""
    articles = [
        (page.src_path, page.title, page.url)
        for src_path in site.nav
        if (page := links.refs.get(src_path)) is not None and src_path != "index.md" and is_article(src_path)
    ]
    try:
        popular = choose_popular(articles, links.graph.linking_to, setup.settings.helpcenter.search.popular)
    except PopularPageError as error:
        line, column = setting_location(setup.config_text, ("helpcenter", "search", "popular"))
        report.add([Finding(setup.project.config_name, line, column, "search-setting", str(error))])
        popular = []
    env.globals["hc_search"] = {"popular": popular}


def point_page(worker: str, output: str) -> str:
    try:
        return point_worker(output, worker)
    except ValueError as error:
        raise PluginError(str(error)) from None


def rewrite(synonyms: tuple[SynonymGroup, ...], pages: Iterable[RenderedPage], config: MkDocsConfig) -> None:
    """Runs after Material's search plugin has written its index."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return  # the search plugin is off
    # Articles answer; section index pages and the home page list, so they come after for the same words.
    weights = {
        page.url: page_weight(
            is_homepage=page.src_uri in ("index.md", "README.md"), is_article=is_article(page.src_uri)
        )
        for page in pages
    }
    material = json.loads(path.read_text(encoding="utf-8"))
    # Readers fetch the index in pieces, when they search (helpcenter/search/shards.py).
    files = build_shards(rewrite_index(material, weights, synonyms))
    for old in stale_folders(path.parent, files):
        shutil.rmtree(old)
    for name, data in files.items():
        target = path.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
