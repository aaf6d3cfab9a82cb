"""Which facts each page reads, recorded as pages and theme templates render; written as JSON when asked.

The views pages and the theme get come from one `FactRecorder` (jobs/facts.py);
the page sandbox keeps each render's reads with its text (jobs/macros.py hands
them here), and the theme's reads are bracketed per page here. With
HELPCENTER_FACT_USAGE=path the map is written there at the end of the build,
for `make fact-usage` and `make diff` (hooks/helpcenter/review/).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from helpcenter.facts.reads import FactRead
from helpcenter.rendering.sandbox import file_line
from helpcenter.review.usage import UsageCollector, yes_no_facts
from jobs import page_cache
from jobs.build import Build, LoadedFacts, Setup

ENVIRONMENT_VARIABLE = "HELPCENTER_FACT_USAGE"


def collector(setup: Setup, loaded: LoadedFacts, config: MkDocsConfig) -> UsageCollector:
    """Start collecting, once the facts are loaded (jobs/facts.py made the recorder from their views)."""
    document, project = loaded.document, setup.project
    theme_dirs = [Path(folder) for folder in config.theme.dirs]

    shown: dict[str, str] = {}  # every page reads through the same few templates

    def display(template: str) -> str:
        if template not in shown:
            shown[template] = _display(template)
        return shown[template]

    def _display(template: str) -> str:
        # A theme template as a writer finds it: from the project ("overrides/partials/hc-help.html"), or,
        # for a theme folder elsewhere, from that folder's name.
        path = Path(template)
        if path.is_relative_to(project.root):
            return project.display_file(path)
        folder = next((folder for folder in theme_dirs if path.is_relative_to(folder)), path.parent)
        return f"{folder.name}/{path.relative_to(folder).as_posix()}"

    settings = yes_no_facts(document.facts.model_dump())
    return UsageCollector(setup.settings.helpcenter.facts_file, document.locations, display, settings)


def page_rendered(build: Build, page: Page, renders: Sequence[tuple[str, tuple[FactRead, ...]]]) -> None:
    """The reads of a page's text (and of its title, when the title holds a template), located in its file."""
    page_cache.page_read(build.page_cache, page.file.src_uri, renders)  # kept with the page's render
    source = build.sources.of(page.file.src_uri)
    if source is None:
        return
    title = page.meta.get("title")
    for text, reads in renders:
        # mkdocs-macros renders a front-matter title with braces on its own: its reads are on the title's line.
        is_title = text == title

        def line_of(line: int, text: str = text, is_title: bool = is_title) -> int:
            return source.key_line("title") if is_title else file_line(text, line) + source.body_offset

        build.fact_usage.text_read(page.file.src_uri, source.path, reads, line_of)


def theme_starts(build: Build) -> None:
    build.facts.recorder.start()


def theme_ends(
    build: Build, page: Page | None, template_name: str = "", replayed: tuple[FactRead, ...] = ()
) -> tuple[FactRead, ...]:
    """What the theme read for ``page`` (or for the theme page ``template_name``, such as 404.html); ``replayed``:
    what it read when the page was last templated (jobs/page_cache.py), for a finished page taken from the cache."""
    reads = build.facts.recorder.stop() + replayed
    if page is not None:
        build.fact_usage.theme_read(page.file.src_uri, reads, url=page.url, title=page.title or "")
    elif template_name.endswith(".html"):  # sitemap.xml is no page
        build.fact_usage.theme_read(template_name, reads, url=template_name, title=template_name)
    return reads


def write(build: Build) -> None:
    target = os.environ.get(ENVIRONMENT_VARIABLE)
    if not target:
        return
    project = build.setup.project
    path = Path(target) if Path(target).is_absolute() else project.root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build.fact_usage.usage().to_json() + "\n", encoding="utf-8")
    build.report.info("fact usage: written to %s", project.display_file(path))
