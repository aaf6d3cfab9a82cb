"""The page cache (helpcenter/rendering/page_cache.py) as the build uses it: a page whose inputs did not change
is not rendered again.

Each page's render results (its HTML after our checks, toc, title, the
`RenderedPage` with its ids, links and findings, and the facts its text read)
are kept in ``.cache/pages/``. On the next build, a page whose source, facts read
and shared inputs are unchanged is a hit: mkdocs-macros and Python-Markdown get
an empty placeholder instead of its text (MkDocs has no event to skip them), and
``on_page_content`` puts the cached HTML, toc and title back; its findings are
reported again and its fact reads recorded again. Every page is still templated,
so the nav, titles, related articles and "Still need help?" are always this
build's. HELPCENTER_PAGE_CACHE=off builds without it (or names another folder).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

import helpcenter
from helpcenter.article_end.feedback import FeedbackWidget
from helpcenter.facts.reads import FactRead
from helpcenter.pages.source import PageSource
from helpcenter.pages.stale import stale_findings
from helpcenter.rendering.page_cache import PageCache, PageStore, digest, fact_value, file_digest, tree_digest
from helpcenter.review.usage import fact_of, yes_no_facts
from jobs.build import LoadedFacts, RenderedPage, Resources, Setup, Site, Sources

_log = logging.getLogger("mkdocs.plugins.helpcenter.page_cache")

ENVIRONMENT_VARIABLE = "HELPCENTER_PAGE_CACHE"
DEFAULT_FOLDER = ".cache/pages"
# What mkdocs-macros and Python-Markdown convert for a hit: nothing, in no time.
PLACEHOLDER = ""
# The context variable overrides/main.html prints instead of the theme's page, on a hit.
OUTPUT_VARIABLE = "hc_cached_output"

Renders = Sequence[tuple[str, tuple[FactRead, ...]]]


@dataclass(frozen=True)
class Entry:
    """What one page's render produced, as the next build needs it back."""

    html: str  # what on_page_content returned
    toc: tuple[dict[str, Any], ...]  # MkDocs' toc tokens
    title: str | None
    rendered: RenderedPage
    renders: tuple[tuple[str, tuple[FactRead, ...]], ...]  # each text the page rendered, with its fact reads


def open_cache(
    setup: Setup, loaded: LoadedFacts, resources: Resources, config: MkDocsConfig, files: Files, sources: Sources
) -> PageCache:
    """The cache for this build, once every source is read (``on_files``)."""
    project = setup.project
    facts = loaded.document.facts.model_dump(mode="json")
    paths = frozenset(loaded.document.locations)
    setting = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if setting.lower() in {"off", "0", "no", "false"}:
        return PageCache(None, "", facts, paths)
    folder = Path(setting) if setting else Path(DEFAULT_FOLDER)
    folder = folder if folder.is_absolute() else project.root / folder
    facts_file = project.root / setup.settings.helpcenter.facts_file
    hooks_folder = Path(helpcenter.__file__).resolve().parents[1]  # helpcenter/, jobs/, pipeline.py
    # The project's theme folders (overrides/); the installed theme's files are the lock's.
    installed = Path(sys.prefix).resolve()
    theme = [Path(folder) for folder in config.theme.dirs if not Path(folder).resolve().is_relative_to(installed)]
    shared = digest(
        file_digest(project.root / "requirements.lock"),  # Python-Markdown, pymdown-extensions, MkDocs, ...
        tree_digest(hooks_folder, suffixes=(".py",)),  # our checks and macros
        setup.config_text,  # mkdocs.yml: extensions, nav, settings
        repr(setup.settings),
        setup.mode,
        str(setup.serving),
        setup.site_url or "",
        *(tree_digest(folder) for folder in theme),  # the theme's names are refused in content
        # data/tags.yml, data/synonyms.yml: what checks read besides the facts, whose values are keyed per page
        tree_digest(facts_file.parent, skip=[facts_file]) if facts_file.parent != project.root else "",
        *(f"{path}={fact_value(facts, path)}" for path in yes_no_facts(facts)),  # rules the checks read
        # Every file of the site: links resolve against them, and related pages must exist.
        *(f"{file.src_uri}:{file.inclusion.name}" for file in sorted(files, key=lambda file: file.src_uri)),
        # Snippets and excluded pages: pasted into pages.
        *(source.text for src_uri, source in sorted(sources.pages.items()) if src_uri not in sources.documentation),
        *(tree_digest(base) for base in (resources.snippets.bases if resources.snippets else ())),
    )
    return PageCache(PageStore(folder / "rendered"), shared, facts, paths, outputs=PageStore(folder / "finished"))


def _base(cache: PageCache, setup: Setup, source: PageSource) -> str:
    # Today matters to a page only through its review: a stale page's finding counts the days.
    stale = stale_findings(source, setup.settings.helpcenter.stale, today=setup.today)
    return cache.base(source.src_uri, source.for_mkdocs + "\0" + repr(stale))


def lookup(cache: PageCache, setup: Setup, source: PageSource) -> Entry | None:
    """The page's cached render, if its inputs are unchanged; remembered as this build's hit."""
    if cache.store is None:
        return None
    found = cache.store.load(_base(cache, setup, source), cache.value_of)
    if not isinstance(found, Entry):
        return None
    cache.hits[source.src_uri] = found
    return found


def without_extensions(cache: PageCache, config: MkDocsConfig) -> None:
    """A hit: Python-Markdown converts only the placeholder, so it needs no extension. MkDocs sets up a new
    Markdown with every extension for each page, which costs more than the placeholder; `restore` puts them back,
    in on_page_content, right after that conversion."""
    cache.held = (config.markdown_extensions, config.mdx_configs)
    config.markdown_extensions, config.mdx_configs = [], {}


def _extensions_back(cache: PageCache, config: MkDocsConfig) -> None:
    if cache.held is not None:
        config.markdown_extensions, config.mdx_configs = cache.held
        cache.held = None


def hit(cache: PageCache, src_uri: str) -> Entry | None:
    found = cache.hits.get(src_uri)
    return found if isinstance(found, Entry) else None


def page_read(cache: PageCache, src_uri: str, renders: Renders) -> None:
    """What the page's text read as mkdocs-macros rendered it (jobs/fact_usage.py passes it on)."""
    if cache.store is not None and src_uri not in cache.hits:
        cache.renders.setdefault(src_uri, []).extend(renders)


def restore(cache: PageCache, entry: Entry, page: Page, config: MkDocsConfig) -> str:
    """Put the cached render back on the page; the HTML to return from on_page_content."""
    _extensions_back(cache, config)
    page.toc = get_toc(cast(Any, [dict(token) for token in entry.toc]))
    page.title = entry.title
    page.markdown = entry.rendered.markdown
    return entry.html


def _tokens(links: Sequence[AnchorLink]) -> tuple[dict[str, Any], ...]:
    return tuple(
        {"level": link.level, "id": link.id, "name": link.title, "children": list(_tokens(link.children))}
        for link in links
    )


def keep(cache: PageCache, setup: Setup, source: PageSource, page: Page, html: str, rendered: RenderedPage) -> None:
    """Store a page just rendered, keyed by its source and the values of the facts its text read."""
    if cache.store is None:
        return
    renders = tuple(cache.renders.pop(source.src_uri, ()))
    reads = {fact_of(read.path, cache.fact_paths) for _text, found in renders for read in found}
    entry = Entry(html, _tokens(list(page.toc)), page.title, rendered, renders)
    cache.store.save(_base(cache, setup, source), ((fact, cache.value_of(fact)) for fact in reads), entry)


def finish(cache: PageCache, pages: int) -> None:
    """Delete entries unused for long, and say how much of the site this build did not render again."""
    if cache.store is None:
        return
    for store in (cache.store, cache.outputs):
        if store is not None:
            store.prune()
    # A logger of its own: the line differs from build to build, unlike the findings' log.
    _log.info(
        "page cache: %d of %d pages rendered, %d templated; the others' results were reused",
        pages - len(cache.hits),
        pages,
        pages - len(cache.output_hits),
    )


# --- finished pages: the theme's templating skipped too ------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    """A page as the theme and on_post_page finished it."""

    output: str
    theme_reads: tuple[FactRead, ...]  # the facts the theme read for it, recorded again on a hit
    version: str  # the build version its feedback widget shows ("" without one)


# The feedback widget shows the build's version (the commit), which every commit changes on every article: it is
# left out of a finished page's key and written into its one place instead (overrides/partials/hc-feedback.html).
_VERSION = re.compile(r"[0-9A-Za-z._-]+")


def _version_attribute(version: str) -> str:
    return f'data-version="{version}"'


def _with_version(found: Finished, version: str) -> Finished | None:
    """``found`` showing ``version``; None when the version is not in exactly one place to change."""
    if found.version == version:
        return found
    if not (_VERSION.fullmatch(found.version) and _VERSION.fullmatch(version)):
        return None  # a widget without a version (or with an unusual one) renders otherwise
    old = _version_attribute(found.version)
    if found.output.count(old) != 1 or found.output.count(found.version) != 1:
        return None
    return Finished(found.output.replace(old, _version_attribute(version)), found.theme_reads, version)


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def know_site(cache: PageCache, files: Files, site: Site, env: Environment, config: MkDocsConfig) -> None:
    """What every page's templating reads of the whole site: every page's address, title and front matter (the
    nav, breadcrumbs, previous and next), the nav, the search's empty state, config.extra (``on_env``)."""
    if cache.outputs is None:
        return
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    extra = {key: value for key, value in config.extra.items() if key != "announcement"}  # its facts: reads
    cache.site = digest(
        cache.shared,
        # Today shows in a page only through the announcement, whose facts are reads once it shows.
        str(config.extra.get("announcement") is not None),
        repr(site.nav),
        repr(sorted(site.sections.items())),
        repr(env.globals.get("hc_search")),
        _json(extra),
        *(_json([page.file.src_uri, page.url, page.title, page.meta]) for page in pages),
    )


def find_finished(cache: PageCache, page: Page, context: dict[str, Any], findings_so_far: int) -> None:
    """Look the page up by everything its templating reads; a hit puts the finished page in the context, where
    overrides/main.html prints it as it is instead of rendering Material's templates."""
    if cache.outputs is None or not cache.site:
        return
    widget = context.get("hc_feedback")
    version = widget.version if isinstance(widget, FeedbackWidget) else ""
    ours = [
        repr(dataclasses.replace(value, version="") if isinstance(value := context[key], FeedbackWidget) else value)
        for key in sorted(context)
        if key.startswith("hc_")
    ]
    toc = _json(_tokens(list(page.toc)))
    own = [page.file.src_uri, page.url, page.canonical_url or "", str(page.is_homepage), page.title or ""]
    base = digest(cache.site, *own, _json(page.meta), toc, page.content or "", *ours)
    found = cache.outputs.load(base, cache.value_of)
    done = _with_version(found, version) if isinstance(found, Finished) else None
    if done is not None:
        cache.output_hits[page.file.src_uri] = done
        context[OUTPUT_VARIABLE] = done.output
    else:
        cache.output_bases[page.file.src_uri] = (base, findings_so_far, version)


def finished(cache: PageCache, page: Page) -> Finished | None:
    found = cache.output_hits.get(page.file.src_uri)
    return found if isinstance(found, Finished) else None


def keep_finished(
    cache: PageCache, page: Page, output: str, theme_reads: tuple[FactRead, ...], findings_so_far: int
) -> None:
    """Store a finished page, unless its templating found a problem (so the next build finds it again)."""
    pending = cache.output_bases.pop(page.file.src_uri, None)
    if cache.outputs is None or pending is None:
        return
    base, findings_before, version = pending
    if findings_so_far != findings_before:
        return
    reads = {fact_of(read.path, cache.fact_paths) for read in theme_reads}
    cache.outputs.save(base, ((fact, cache.value_of(fact)) for fact in reads), Finished(output, theme_reads, version))
