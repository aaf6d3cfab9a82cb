"""MkDocs hook: check every link of every page against what the build really produced.

Collect while rendering, judge at the end (as MkDocs checks anchors): each
page's HTML is parsed once in ``on_page_content`` (its ids and links); in
``on_env``, when every page is rendered and before any template is, all links
are judged against an index of the site built once, located in the Markdown
that wrote them, and logged as ``docs/page.md:LINE:COL: code what -> fix``.
The link graph it leaves behind (`helpcenter.links.site_graph`) feeds other
hooks. External URLs are only recorded; ``make linkcheck-external`` checks them.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.findings import Finding, body_line_offset, display_path, log_findings
from helpcenter.linknav import nav_entries, nav_targets
from helpcenter.links import (
    ORPHAN_MESSAGE,
    LinkGraph,
    NavEntry,
    PageContent,
    PageToCheck,
    Problem,
    SiteFile,
    SiteIndex,
    as_written,
    check_nav_entry,
    check_site,
    collect_html,
    find_orphans,
    locate_links,
    page_silence,
    start_graph,
    strip_silence_marks,
)

log = logging.getLogger("mkdocs.plugins.links")

REPORT_ENVIRONMENT_VARIABLE = "HELPCENTER_LINKS_REPORT"
# Pages a reader reaches without a link: the home page, and the page the web server shows for a 404.
ALWAYS_REACHABLE = ("index.md", "404.md")

_INCLUSION = {
    InclusionLevel.EXCLUDED: "excluded",
    InclusionLevel.DRAFT: "draft",
    InclusionLevel.NOT_IN_NAV: "not_in_nav",
}


@dataclass
class _RenderedPage:
    src_path: str
    abs_src_path: str | None
    content: PageContent
    markdown: str  # after macros: what Markdown converted
    linkcheck: Any  # the front-matter value
    raw: str | None = None  # the file's text, when a hook set it in memory (page_integrity, for bad characters)


@dataclass
class _Build:
    project_dir: str
    config_name: str  # "mkdocs.yml", as the writer sees it
    docs_dir: str
    report: Path | None
    graph: LinkGraph
    index: SiteIndex | None = None
    nav_pages: frozenset[str] = frozenset()


_build: _Build | None = None
# Rendered pages by source path. Kept across builds only so that `mkdocs serve --dirty`,
# which re-renders changed pages alone, still knows the others; pruned to the current files.
_rendered: dict[str, _RenderedPage] = {}


def _settings(config: MkDocsConfig) -> dict[str, Any]:
    settings = config.extra.get("helpcenter", {}).get("links") or {}
    if not isinstance(settings, dict) or set(settings) - {"report"}:
        raise PluginError(
            "extra.helpcenter.links in mkdocs.yml may only set `report` (a path for the JSON report)"
            " -> see hooks/README.md"
        )
    return settings


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build  # reset on every build: `mkdocs serve` does not reload hooks
    project_dir = os.path.dirname(config.config_file_path)
    report = os.environ.get(REPORT_ENVIRONMENT_VARIABLE) or _settings(config).get("report")
    if report is not None and not isinstance(report, str):
        raise PluginError("extra.helpcenter.links.report in mkdocs.yml must be a path -> e.g. .cache/links.json")
    _build = _Build(
        project_dir=project_dir,
        config_name=os.path.relpath(config.config_file_path, project_dir).replace(os.sep, "/"),
        docs_dir=config.docs_dir,
        report=Path(project_dir, report) if report else None,
        graph=start_graph(),
    )
    return config


def _site_file(file: Any) -> SiteFile:
    url = unquote(file.url)
    return SiteFile(
        file.src_uri,
        "" if url in ("./", ".") else url,
        file.is_documentation_page(),
        _INCLUSION.get(file.inclusion, "included"),  # type: ignore[arg-type]
    )


# After other plugins have changed the files or the nav.
@event_priority(-100)
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    assert _build is not None
    _build.index = SiteIndex((_site_file(file) for file in files), site_url=config.site_url)
    _build.nav_pages = frozenset(page.file.src_uri for page in nav.pages)
    for stale in set(_rendered) - set(_build.index.by_src):
        del _rendered[stale]
    return nav


# Last, so the HTML it reads is the HTML readers get (the FAQ index included).
@event_priority(-100)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    _rendered[page.file.src_uri] = _RenderedPage(
        page.file.src_uri,
        page.file.abs_src_path,
        collect_html(html),
        page.markdown or "",
        page.meta.get("linkcheck"),
        page.file.content_string if page.file.abs_src_path is None else None,
    )
    return strip_silence_marks(html)


# First, so hooks that read the link graph in on_env find it complete.
@event_priority(100)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    build = _build
    assert build is not None and build.index is not None
    index = build.index
    setting_findings: list[Finding] = []
    pages: list[PageToCheck] = []
    for src_path, rendered in _rendered.items():
        ignore, ignore_all, problem = page_silence(rendered.linkcheck)
        if problem:
            setting_findings.append(_front_matter_finding(build, rendered, problem))
        pages.append(PageToCheck(src_path, rendered.content, ignore, ignore_all))
    result = check_site(index, pages, build.graph)
    build.graph.complete = True

    silenced_pages = {page.src_path: page for page in pages}
    for orphan in find_orphans(index, build.graph, build.nav_pages, always_reachable=ALWAYS_REACHABLE):
        page = silenced_pages.get(orphan)
        silenced = "front matter `linkcheck`" if page and (page.ignore_all or "orphan-page" in page.ignore) else None
        result.problems.append(Problem(orphan, -1, "", "orphan-page", ORPHAN_MESSAGE, "warning", silenced))

    findings = _locate(build, result.problems)
    nav_findings, nav_external = _check_nav(build, config)
    reported = [finding for finding, problem in findings if problem.silenced is None and not _draft(index, problem)]
    reported += nav_findings + setting_findings
    log_findings(log, reported)
    for finding, problem in findings:
        if problem.silenced is not None:
            log.info("%s (silenced by %s)", finding, problem.silenced)
        elif _draft(index, problem):
            log.info("%s (on a draft page)", finding)
    silenced = sum(1 for _, problem in findings if problem.silenced is not None)
    log.info(
        "links: checked %d links on %d pages (%d external, not fetched: make linkcheck-external): "
        "%d errors, %d warnings, %d silenced",
        result.links,
        len(pages),
        len(result.external) + len(nav_external),
        sum(1 for finding in reported if finding.severity == "error"),
        sum(1 for finding in reported if finding.severity == "warning"),
        silenced,
    )
    if build.report is not None:
        _write_report(build, reported, findings, result.external, nav_external)
    return env


def _draft(index: SiteIndex, problem: Problem) -> bool:
    file = index.by_src.get(problem.page)
    return file is not None and file.excluded


def _read_source(rendered: _RenderedPage) -> tuple[str | None, int]:
    """The page body as the writer wrote it, and the number of front-matter lines before it."""
    if rendered.abs_src_path is None:
        if rendered.raw is None:
            return None, 0
        raw = rendered.raw
    else:
        try:
            raw = Path(rendered.abs_src_path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None, 0
    offset = body_line_offset(raw)
    return "\n".join(raw.split("\n")[offset:]), offset


def _locate(build: _Build, problems: list[Problem]) -> list[tuple[Finding, Problem]]:
    """Give each problem the file, line and column of the Markdown that wrote the link."""
    assert build.index is not None
    by_page: dict[str, list[Problem]] = {}
    for problem in problems:
        by_page.setdefault(problem.page, []).append(problem)
    located = []
    for src_path, page_problems in by_page.items():
        path = display_path(build.project_dir, build.docs_dir, src_path)
        rendered = _rendered.get(src_path)
        positions: list[tuple[int, int, str | None]] = []
        offset = 0
        if rendered is not None and any(problem.link >= 0 for problem in page_problems):
            source, offset = _read_source(rendered)
            positions = locate_links(
                build.index, build.index.by_src[src_path], rendered.content.links, rendered.markdown, source
            )
        for problem in page_problems:
            line, column, written = positions[problem.link] if 0 <= problem.link < len(positions) else (1, 1, None)
            line += offset if problem.link >= 0 else 0
            message = as_written(problem.message, problem.href, written)
            finding = Finding(path, line, column, problem.code, message, problem.severity)
            located.append((finding, problem))
    return located


def _front_matter_finding(build: _Build, rendered: _RenderedPage, message: str) -> Finding:
    line = 1
    if rendered.abs_src_path:
        try:
            raw = Path(rendered.abs_src_path).read_text(encoding="utf-8-sig")
            key = re.search(r"^linkcheck[ \t]*:", raw, re.MULTILINE)
            line = raw.count("\n", 0, key.start()) + 1 if key else 1
        except (OSError, UnicodeDecodeError):
            pass
    path = display_path(build.project_dir, build.docs_dir, rendered.src_path)
    return Finding(path, line, 1, "linkcheck-setting", message)


def _check_nav(build: _Build, config: MkDocsConfig) -> tuple[list[Finding], list[NavEntry]]:
    """Nav entries in mkdocs.yml, judged like links; located on their line when there is something to say."""
    assert build.index is not None
    entries = [NavEntry(target, 1, 1) for target in nav_targets(config.nav)]
    verdicts = [check_nav_entry(build.index, entry) for entry in entries]
    located = any(verdict not in (None, "external") for verdict in verdicts) or (
        build.report is not None and "external" in verdicts
    )
    if located:  # reading mkdocs.yml again costs time on a big nav: only when needed
        try:
            text = Path(config.config_file_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        entries = nav_entries(text, config.nav)
    findings, external = [], []
    for entry, verdict in zip(entries, verdicts, strict=True):
        if verdict == "external":
            external.append(entry)
        elif verdict is not None:
            findings.append(Finding(build.config_name, entry.line, entry.column, verdict[0], verdict[1]))
    return findings, external


def _write_report(
    build: _Build,
    reported: list[Finding],
    findings: list[tuple[Finding, Problem]],
    external: list[tuple[str, int, str]],
    nav_external: list[NavEntry],
) -> None:
    """The JSON report for CI and for ``make linkcheck-external``: findings and every external URL, located."""
    assert build.index is not None and build.report is not None
    locations: dict[str, list[dict[str, Any]]] = {}
    by_page: dict[str, list[tuple[int, str]]] = {}
    for src_path, number, url in external:
        by_page.setdefault(src_path, []).append((number, url))
    for src_path, links in by_page.items():
        rendered = _rendered[src_path]
        source, offset = _read_source(rendered)
        positions = locate_links(
            build.index, build.index.by_src[src_path], rendered.content.links, rendered.markdown, source
        )
        path = display_path(build.project_dir, build.docs_dir, src_path)
        for number, url in links:
            line, column, _ = positions[number]
            locations.setdefault(url, []).append({"path": path, "line": line + offset, "column": column})
    for entry in nav_external:
        place = {"path": build.config_name, "line": entry.line, "column": entry.column}
        locations.setdefault(entry.target, []).append(place)
    report = {
        "version": 1,
        "findings": [asdict(finding) for finding in reported],
        "silenced": [
            {**asdict(finding), "silenced_by": problem.silenced} for finding, problem in findings if problem.silenced
        ],
        "external": [{"url": url, "locations": places} for url, places in sorted(locations.items())],
    }
    build.report.parent.mkdir(parents=True, exist_ok=True)
    build.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    log.info("links: report written to %s", os.path.relpath(build.report, build.project_dir))
