"""The link check: every link of every page against what the build really produced, and the site's link graph.

Collect while rendering, judge at the end (as MkDocs checks anchors): each
rendered page keeps its ids, its HTML links and its Markdown after macros
(`jobs.sources.rendered_page`); in `judge`, when every page is rendered and
before any template is, every link is judged against an index of the site
built once, located in the Markdown that wrote it, and reported as
``docs/page.md:LINE:COL: code what -> fix``. MkDocs' own link checks are off
(``validation:`` in mkdocs.yml): this check judges every link a writer wrote,
from the page's address and from its Markdown file. External URLs are only
recorded; ``make linkcheck-external`` checks them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpcenter.article_end.related import PageRef
from helpcenter.findings import Finding
from helpcenter.links.judge import (
    NOT_IN_NAV_MESSAGE,
    ORPHAN_MESSAGE,
    CheckResult,
    LinkProblem,
    PageToCheck,
    check_site,
    find_orphans,
    page_silence,
)
from helpcenter.links.locate import Written, as_written, locate_links
from helpcenter.links.nav import NavEntry, check_nav_entry, nav_entries, nav_targets
from helpcenter.links.scan import ScannedLink, SourceMap, scan_links
from helpcenter.links.site import Inclusion, SiteFile, SiteIndex
from helpcenter.links.written import judge_written, may_be_unresolved
from helpcenter.pages.front_matter import is_anchor
from jobs.build import Links, RenderedPage, Report, Resources, Setup, Site, Sources

REPORT_ENVIRONMENT_VARIABLE = "HELPCENTER_LINKS_REPORT"
# Pages a reader reaches without a link: the home page, and the page the web server shows for a 404.
ALWAYS_REACHABLE = ("index.md", "404.md")
TOP_LEVEL = "(top level)"

_INCLUSION: dict[InclusionLevel, Inclusion] = {
    InclusionLevel.EXCLUDED: "excluded",
    InclusionLevel.DRAFT: "draft",
    InclusionLevel.NOT_IN_NAV: "not_in_nav",
}


def report_path(setup: Setup) -> Path | None:
    report = os.environ.get(REPORT_ENVIRONMENT_VARIABLE) or setup.settings.helpcenter.links.report
    return setup.project.root / report if report else None


def _site_file(file: File) -> SiteFile:
    url = unquote(file.url)
    return SiteFile(
        file.src_uri,
        "" if url in ("./", ".") else url,
        file.is_documentation_page(),
        _INCLUSION.get(file.inclusion, "included"),
    )


def _sections(nav: Navigation) -> dict[str, tuple[str, ...]]:
    sections: dict[str, list[str]] = {}

    def walk(items: Sequence[Any], name: str) -> None:
        pages = sections.setdefault(name, [])
        for item in items:
            if isinstance(item, Page):
                pages.append(item.file.src_uri)
            elif isinstance(item, Section):
                walk(item.children, f"{name} > {item.title}" if name != TOP_LEVEL else item.title)

    walk(nav.items, TOP_LEVEL)
    return {name: tuple(pages) for name, pages in sections.items()}


def index_site(nav: Navigation, files: Files, config: MkDocsConfig) -> Site:
    index = SiteIndex((_site_file(file) for file in files), site_url=config.site_url)
    return Site(index, config.nav, tuple(page.file.src_uri for page in nav.pages), _sections(nav))


def judge(
    setup: Setup, resources: Resources, sources: Sources, site: Site, pages: Mapping[str, RenderedPage], report: Report
) -> Links:
    """Judge every link of the site and every nav entry, report what is broken; the graph and the titles."""
    checker = _Judgement(setup, sources, site, pages, report)
    result = checker.run()
    refs = {src: PageRef(src, page.title or src, page.url) for src, page in pages.items()}
    if resources.links_report is not None:
        checker.write_report(resources.links_report, result)
    return Links(result.graph, refs)


class _Judgement:
    """One judgement of the whole site: its findings, reported once, and the JSON report if asked for."""

    def __init__(
        self, setup: Setup, sources: Sources, site: Site, pages: Mapping[str, RenderedPage], report: Report
    ) -> None:
        self.setup, self.sources, self.site, self.pages, self.report = setup, sources, site, pages, report
        self.project = setup.project
        self.checked: dict[str, PageToCheck] = {}
        self.reported: list[Finding] = []
        self.located: list[tuple[Finding, LinkProblem]] = []
        self.nav_external: list[NavEntry] = []
        self._scanned: dict[str, list[ScannedLink]] = {}

    def written(self, src: str) -> list[ScannedLink]:
        """The page's links as written in its Markdown after macros, scanned when first needed."""
        if src not in self._scanned:
            self._scanned[src] = scan_links(self.pages[src].markdown)
        return self._scanned[src]

    def run(self) -> CheckResult:
        settings = []
        for src, page in self.pages.items():
            ignore, ignore_all, mistake = page_silence(page.linkcheck)
            if mistake:
                settings.append(self._at_key(src, "linkcheck", "linkcheck-setting", mistake))
            self.checked[src] = PageToCheck(src, page.content, ignore, ignore_all)
        result = check_site(self.site.index, list(self.checked.values()))
        self.located = self._locate([*result.problems, *self._outside_nav(result)])
        self.reported = [finding for finding, problem in self.located if self._reported(problem)]
        self.reported += self._nav() + settings + self._anchors_named_in_front_matter()
        self.reported += self._written_problems(result.problems)
        self.report.add(self.reported)
        for finding, problem in self.located:
            if problem.silenced is not None:
                self.report.info("%s (silenced by %s)", finding, problem.silenced)
            elif self._on_draft(problem):
                self.report.info("%s (on a draft page)", finding)
        self.report.info(
            "links: checked %d links on %d pages (%d external, not fetched: make linkcheck-external): "
            "%d errors, %d warnings, %d silenced",
            result.links,
            len(self.checked),
            len(result.external) + len(self.nav_external),
            sum(1 for finding in self.reported if finding.severity == "error"),
            sum(1 for finding in self.reported if finding.severity == "warning"),
            sum(1 for _, problem in self.located if problem.silenced is not None),
        )
        return result

    def _reported(self, problem: LinkProblem) -> bool:
        return problem.silenced is None and not self._on_draft(problem)

    def _on_draft(self, problem: LinkProblem) -> bool:
        file = self.site.index.by_src.get(problem.page)
        return file is not None and file.excluded

    def _at_key(self, src: str, key: str, code: str, message: str) -> Finding:
        source = self.sources.of(src)
        return Finding(self.project.display(src), source.key_line(key) if source else 1, 1, code, message)

    def _outside_nav(self, result: CheckResult) -> list[LinkProblem]:
        """Pages neither in the nav nor listed under `not_in_nav` (as MkDocs' `omitted_files` would say), and
        orphans: published pages that nothing reachable from the nav links to."""
        index, nav = self.site.index, set(self.site.nav)
        orphans = set(find_orphans(index, result.graph, nav, always_reachable=ALWAYS_REACHABLE))
        problems = []
        for file in sorted(index.by_src.values(), key=lambda file: file.src_path):
            if not file.is_page or file.excluded:
                continue
            if file.inclusion == "included" and file.src_path not in nav:
                problems.append(LinkProblem(file.src_path, -1, "", "not-in-nav", NOT_IN_NAV_MESSAGE, "warning"))
            elif file.src_path in orphans:
                checked = self.checked.get(file.src_path)
                quiet = checked is not None and (checked.ignore_all or "orphan-page" in checked.ignore)
                why = "front matter `linkcheck`" if quiet else None
                problems.append(LinkProblem(file.src_path, -1, "", "orphan-page", ORPHAN_MESSAGE, "warning", why))
        return problems

    def _positions(self, src: str) -> tuple[list[Written], int]:
        """Where each HTML link of a page was written (body lines), and the page's front-matter line count."""
        page = self.pages.get(src)
        if page is None:
            return [], 0
        source = self.sources.of(src)
        body, offset = (source.body, source.body_offset) if source is not None else (None, 0)
        index = self.site.index
        located = locate_links(index, index.by_src[src], page.content.links, self.written(src), page.markdown, body)
        return located, offset

    def _locate(self, problems: Sequence[LinkProblem]) -> list[tuple[Finding, LinkProblem]]:
        """Give each problem the file, line and column of the Markdown that wrote the link."""
        by_page: dict[str, list[LinkProblem]] = {}
        for problem in problems:
            by_page.setdefault(problem.page, []).append(problem)
        located = []
        for src, page_problems in by_page.items():
            path = self.project.display(src)
            positions, offset = self._positions(src) if any(p.link >= 0 for p in page_problems) else ([], 0)
            for problem in page_problems:
                line, column, written = positions[problem.link] if 0 <= problem.link < len(positions) else (1, 1, None)
                line += offset if problem.link >= 0 else 0
                message = as_written(problem.message, problem.href, written)
                located.append((Finding(path, line, column, problem.code, message, problem.severity), problem))
        return located

    def _written_problems(self, judged: Sequence[LinkProblem]) -> list[Finding]:
        """Markdown links that name no file from their Markdown file, and that the HTML check let pass."""
        already = {(problem.page, unescape(problem.href)) for problem in judged}
        findings = []
        for src, page in self.pages.items():
            checked, file, source = self.checked[src], self.site.index.by_src.get(src), self.sources.of(src)
            if checked.ignore_all or file is None or file.excluded:
                continue
            if not may_be_unresolved(self.site.index, file, page.markdown):
                continue
            problems = [
                problem
                for problem in judge_written(self.site.index, file, self.written(src))
                if (src, problem.link.target) not in already and problem.code not in checked.ignore
            ]
            if not problems:
                continue
            mapping = SourceMap(source.body if source is not None else page.markdown, page.markdown)
            offset = source.body_offset if source is not None else 0
            path = self.project.display(src)
            for problem in problems:
                line, column = mapping.locate(problem.link)
                if not self.report.reported_at(path, line + offset):  # e.g. the content check refused it already
                    findings.append(Finding(path, line + offset, column, problem.code, problem.message))
        return findings

    def _anchors_named_in_front_matter(self) -> list[Finding]:
        """`defines_review_window` names the heading the theme links to: it must exist on the page."""
        findings = []
        for src, page in self.pages.items():
            source = self.sources.of(src)
            anchor = source.meta.get("defines_review_window") if source is not None else None
            if is_anchor(anchor) and anchor not in page.content.ids:
                message = (
                    f"this page has no anchor `#{anchor}`, which `defines_review_window` names for the"
                    ' "Still need help?" link -> write the id of the heading that defines the review window'
                )
                findings.append(self._at_key(src, "defines_review_window", "anchor-not-found", message))
        return findings

    def _nav(self) -> list[Finding]:
        """Nav entries in mkdocs.yml, judged like links; located on their line when there is something to say."""
        nav = self.site.nav_config
        verdicts = [check_nav_entry(self.site.index, target) for target in nav_targets(nav)]
        entries = [NavEntry(target, 1, 1) for target in nav_targets(nav)]
        if any(verdict is not None for verdict in verdicts):  # reading mkdocs.yml costs time on a big nav
            entries = nav_entries(self.setup.config_text, nav)
        findings = []
        for entry, verdict in zip(entries, verdicts, strict=True):
            if verdict == "external":
                self.nav_external.append(entry)
            elif verdict is not None:
                findings.append(Finding(self.project.config_name, entry.line, entry.column, verdict[0], verdict[1]))
        return findings

    def write_report(self, target: Path, result: CheckResult) -> None:
        """The JSON report for CI and for ``make linkcheck-external``: findings and every external URL, located."""
        locations: dict[str, list[dict[str, Any]]] = {}
        by_page: dict[str, list[tuple[int, str]]] = {}
        for src, number, url in result.external:
            by_page.setdefault(src, []).append((number, url))
        for src, urls in by_page.items():
            positions, offset = self._positions(src)
            path = self.project.display(src)
            for number, url in urls:
                line, column, _ = positions[number]
                locations.setdefault(url, []).append({"path": path, "line": line + offset, "column": column})
        for entry in self.nav_external:
            place = {"path": self.project.config_name, "line": entry.line, "column": entry.column}
            locations.setdefault(entry.target, []).append(place)
        silenced = [(finding, problem.silenced) for finding, problem in self.located if problem.silenced]
        data = {
            "version": 1,
            "findings": [asdict(finding) for finding in self.reported],
            "silenced": [{**asdict(finding), "silenced_by": why} for finding, why in silenced],
            "external": [{"url": url, "locations": places} for url, places in sorted(locations.items())],
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        self.report.info("links: report written to %s", self.project.display_file(target))
