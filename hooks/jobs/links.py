"""The link check: every link of every page against what the build really produced, and the site's link graph.

Collect while rendering, judge at the end (as MkDocs checks anchors): each
page's ids and links are taken from its HTML tree in `collect`; in `judge`,
when every page is rendered and before any template is, all links are judged
against an index of the site built once, located in the Markdown that wrote
them, and reported as ``docs/page.md:LINE:COL: code what -> fix``. The graph
they leave in the build feeds "Articles that link here". External URLs are
only recorded; ``make linkcheck-external`` checks them.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.links.check import (
    ORPHAN_MESSAGE,
    Inclusion,
    LinkProblem,
    NavEntry,
    PageToCheck,
    SiteFile,
    SiteIndex,
    SourceComplaint,
    as_written,
    check_nav_entry,
    check_site,
    complaint_finding_message,
    find_orphans,
    is_link_message,
    locate_links,
    page_content,
    page_silence,
    source_complaint,
    strip_silence_marks,
)
from helpcenter.links.nav import nav_entries, nav_targets
from helpcenter.links.scan import SourceMap, scan_links
from jobs.build import Build, RenderedPage

REPORT_ENVIRONMENT_VARIABLE = "HELPCENTER_LINKS_REPORT"
MKDOCS_PAGES_LOGGER = "mkdocs.structure.pages"  # where MkDocs reports the links it checks
# Pages a reader reaches without a link: the home page, and the page the web server shows for a 404.
ALWAYS_REACHABLE = ("index.md", "404.md")

_INCLUSION: dict[InclusionLevel, Inclusion] = {
    InclusionLevel.EXCLUDED: "excluded",
    InclusionLevel.DRAFT: "draft",
    InclusionLevel.NOT_IN_NAV: "not_in_nav",
}


class _MkDocsLinkMessages(logging.Filter):
    """MkDocs' own link messages, kept out of the log: this check reports each problem once, located.

    Those about a link MkDocs could not resolve from its Markdown file go to the build
    (`judge` reports the ones the check of the HTML cannot see). A message this filter
    does not recognise passes through, so a new MkDocs wording can never hide a problem.
    """

    def __init__(self, complaints: list[SourceComplaint]) -> None:
        super().__init__()
        self.complaints = complaints

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not is_link_message(message):
            return True
        complaint = source_complaint(message)
        if complaint is not None:
            self.complaints.append(complaint)
        return False


def configure(build: Build) -> None:
    report = os.environ.get(REPORT_ENVIRONMENT_VARIABLE) or build.settings.helpcenter.links.report
    build.links_report = build.project.root / report if report else None
    # One filter per process, bound to this build (`mkdocs serve` builds again in the same process).
    logger = logging.getLogger(MKDOCS_PAGES_LOGGER)
    for old in [found for found in logger.filters if isinstance(found, _MkDocsLinkMessages)]:
        logger.removeFilter(old)
    logger.addFilter(_MkDocsLinkMessages(build.source_complaints))


def _site_file(file: Any) -> SiteFile:
    url = unquote(file.url)
    return SiteFile(
        file.src_uri,
        "" if url in ("./", ".") else url,
        file.is_documentation_page(),
        _INCLUSION.get(file.inclusion, "included"),
    )


def index_site(build: Build, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    build.site_index = SiteIndex((_site_file(file) for file in files), site_url=config.site_url)
    build.nav_pages_in_order = [page.file.src_uri for page in nav.pages]
    build.nav_pages = frozenset(build.nav_pages_in_order)


def collect(build: Build, page: Page, tree: HtmlTree, html: str) -> str:
    """Keep the page's ids and links for the end of the build; readers never see the silencing marks."""
    build.rendered[page.file.src_uri] = RenderedPage(
        page.file.src_uri, page_content(tree), page.markdown or "", page.meta.get("linkcheck")
    )
    return strip_silence_marks(html)


def judge(build: Build, config: MkDocsConfig) -> None:
    """Judge every link of the site, fill the link graph, report what is broken."""
    index = build.site_index
    if index is None:
        return
    setting_findings: list[Finding] = []
    pages: list[PageToCheck] = []
    for src_path, rendered in build.rendered.items():
        ignore, ignore_all, setting_problem = page_silence(rendered.linkcheck)
        if setting_problem:
            source = build.sources.get(src_path)
            line = source.key_line("linkcheck") if source is not None else 1
            setting_findings.append(
                Finding(build.project.display(src_path), line, 1, "linkcheck-setting", setting_problem)
            )
        pages.append(PageToCheck(src_path, rendered.content, ignore, ignore_all))
    result = check_site(index, pages, build.graph)
    build.graph.complete = True

    silenced_pages = {page.src_path: page for page in pages}
    for orphan in find_orphans(index, build.graph, build.nav_pages, always_reachable=ALWAYS_REACHABLE):
        checked = silenced_pages.get(orphan)
        quiet = checked is not None and (checked.ignore_all or "orphan-page" in checked.ignore)
        why = "front matter `linkcheck`" if quiet else None
        result.problems.append(LinkProblem(orphan, -1, "", "orphan-page", ORPHAN_MESSAGE, "warning", why))

    findings = _locate(build, result.problems)
    nav_findings, nav_external = _check_nav(build, config)
    reported = [finding for finding, problem in findings if problem.silenced is None and not _draft(index, problem)]
    reported += nav_findings + setting_findings
    build.report.add(reported)
    reported += _source_complaints(build, index, silenced_pages, result.problems)
    for finding, problem in findings:
        if problem.silenced is not None:
            build.report.info("%s (silenced by %s)", finding, problem.silenced)
        elif _draft(index, problem):
            build.report.info("%s (on a draft page)", finding)
    silenced_count = sum(1 for _, problem in findings if problem.silenced is not None)
    build.report.info(
        "links: checked %d links on %d pages (%d external, not fetched: make linkcheck-external): "
        "%d errors, %d warnings, %d silenced",
        result.links,
        len(pages),
        len(result.external) + len(nav_external),
        sum(1 for finding in reported if finding.severity == "error"),
        sum(1 for finding in reported if finding.severity == "warning"),
        silenced_count,
    )
    if build.links_report is not None:
        _write_report(build, build.links_report, reported, findings, result.external, nav_external)


def _source_complaints(
    build: Build, index: SiteIndex, pages: dict[str, PageToCheck], judged: list[LinkProblem]
) -> list[Finding]:
    """Links MkDocs could not resolve from their Markdown file and the HTML check let pass, located once."""
    already = {(problem.page, unescape(problem.href)) for problem in judged}
    findings = []
    used: dict[str, set[int]] = {}
    for complaint in build.source_complaints:
        page, file = pages.get(complaint.src_path), index.by_src.get(complaint.src_path)
        if page is None or page.ignore_all or file is None or file.excluded:
            continue
        target = unescape(complaint.target)
        if (complaint.src_path, target) in already:
            continue  # the HTML check already said it, at the link
        code, message = complaint_finding_message(complaint)
        if code in page.ignore:
            continue
        line, column = 1, 1
        source, rendered = build.sources.get(complaint.src_path), build.rendered.get(complaint.src_path)
        if source is not None and rendered is not None:
            taken = used.setdefault(complaint.src_path, set())
            scanned = scan_links(rendered.markdown)
            number = next((n for n, link in enumerate(scanned) if link.target == target and n not in taken), None)
            if number is not None:
                taken.add(number)
                line, column = SourceMap(source.body, rendered.markdown).locate(scanned[number])
                line += source.body_offset
        path = build.project.display(complaint.src_path)
        if not build.report.reported_at(path, line):  # e.g. the content check refused its javascript: already
            findings.append(Finding(path, line, column, code, message))
    build.report.add(findings)
    return findings


def _draft(index: SiteIndex, problem: LinkProblem) -> bool:
    file = index.by_src.get(problem.page)
    return file is not None and file.excluded


def _positions(build: Build, src_path: str) -> tuple[list[tuple[int, int, str | None]], int]:
    """Where each HTML link of a page was written (body lines), and the page's front-matter line count."""
    index = build.site_index
    rendered = build.rendered.get(src_path)
    if index is None or rendered is None:
        return [], 0
    source = build.sources.get(src_path)
    body = source.body if source is not None else None
    offset = source.body_offset if source is not None else 0
    return locate_links(index, index.by_src[src_path], rendered.content.links, rendered.markdown, body), offset


def _locate(build: Build, problems: list[LinkProblem]) -> list[tuple[Finding, LinkProblem]]:
    """Give each problem the file, line and column of the Markdown that wrote the link."""
    by_page: dict[str, list[LinkProblem]] = {}
    for problem in problems:
        by_page.setdefault(problem.page, []).append(problem)
    located = []
    for src_path, page_problems in by_page.items():
        path = build.project.display(src_path)
        positions: list[tuple[int, int, str | None]] = []
        offset = 0
        if any(problem.link >= 0 for problem in page_problems):
            positions, offset = _positions(build, src_path)
        for problem in page_problems:
            line, column, written = positions[problem.link] if 0 <= problem.link < len(positions) else (1, 1, None)
            line += offset if problem.link >= 0 else 0
            message = as_written(problem.message, problem.href, written)
            located.append((Finding(path, line, column, problem.code, message, problem.severity), problem))
    return located


def _check_nav(build: Build, config: MkDocsConfig) -> tuple[list[Finding], list[NavEntry]]:
    """Nav entries in mkdocs.yml, judged like links; located on their line when there is something to say."""
    index = build.site_index
    if index is None:
        return [], []
    entries = [NavEntry(target, 1, 1) for target in nav_targets(config.nav)]
    verdicts = [check_nav_entry(index, entry) for entry in entries]
    located = any(verdict not in (None, "external") for verdict in verdicts) or (
        build.links_report is not None and "external" in verdicts
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
            findings.append(Finding(build.project.config_name, entry.line, entry.column, verdict[0], verdict[1]))
    return findings, external


def _write_report(
    build: Build,
    target: Path,
    reported: list[Finding],
    findings: list[tuple[Finding, LinkProblem]],
    external: list[tuple[str, int, str]],
    nav_external: list[NavEntry],
) -> None:
    """The JSON report for CI and for ``make linkcheck-external``: findings and every external URL, located."""
    locations: dict[str, list[dict[str, Any]]] = {}
    by_page: dict[str, list[tuple[int, str]]] = {}
    for src_path, number, url in external:
        by_page.setdefault(src_path, []).append((number, url))
    for src_path, links in by_page.items():
        positions, offset = _positions(build, src_path)
        path = build.project.display(src_path)
        for number, url in links:
            line, column, _ = positions[number]
            locations.setdefault(url, []).append({"path": path, "line": line + offset, "column": column})
    for entry in nav_external:
        place = {"path": build.project.config_name, "line": entry.line, "column": entry.column}
        locations.setdefault(entry.target, []).append(place)
    report = {
        "version": 1,
        "findings": [asdict(finding) for finding in reported],
        "silenced": [
            {**asdict(finding), "silenced_by": problem.silenced} for finding, problem in findings if problem.silenced
        ],
        "external": [{"url": url, "locations": places} for url, places in sorted(locations.items())],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    build.report.info("links: report written to %s", build.project.display_file(target))
