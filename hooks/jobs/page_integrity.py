"""Page integrity: what MkDocs lets through silently or turns into a traceback, reported at its line.

An empty page, two elements with one id on a page, two pages with one title in
a nav section, nesting deeper than Python-Markdown can take, a heading repeated
in its section, a tab character. (Bytes that are
not UTF-8 and control characters are found when the sources are read.)
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.structure.pages import Page

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.pages.headings import layout_problems
from helpcenter.pages.integrity import TitledPage, duplicate_ids, duplicate_titles, empty_page
from helpcenter.pages.nesting import nesting_problems
from helpcenter.pages.source import PageSource
from jobs.build import RenderedPage, Report, Setup, Site, Sources


def _unbuildable(findings: list[Finding]) -> str:
    # What Markdown gets instead of the page: the build fails on the error, `mkdocs serve` shows it in place.
    lines = "\n".join(f"    {finding}" for finding in findings)
    return f'!!! failure "This page could not be built"\n\n    ```text\n{lines}\n    ```\n'


def check_nesting_as_written(source: PageSource, markdown: str, report: Report) -> str:
    """Python-Markdown recurses into nesting and would stop the build with a RecursionError and no line."""
    problems = nesting_problems(markdown)
    if not problems:
        return markdown
    findings = [
        Finding(source.path, problem.line + source.body_offset, problem.column, "nesting-too-deep", problem.message)
        for problem in problems
    ]
    report.add(findings, page=source.src_uri)
    return _unbuildable(findings)


def check_nesting_as_rendered(source: PageSource, markdown: str, report: Report) -> str:
    """The same, on what the page's templates wrote: located at the page's first template line."""
    problems = nesting_problems(markdown)
    if not problems:
        return markdown
    lines = source.body.split("\n")
    template = next((number for number, text in enumerate(lines, 1) if "{{" in text or "{%" in text), 1)
    findings = []
    for problem in problems:
        what, fix = problem.message.split(" -> ", 1)
        message = f"{what}, in the Markdown the templates of this page write -> {fix}"
        findings.append(Finding(source.path, template + source.body_offset, 1, "nesting-too-deep", message))
    report.add(findings, page=source.src_uri)
    return _unbuildable(findings)


def check_layout(source: PageSource | None) -> list[Finding]:
    """A heading repeated in its section and tab characters, in the page as written."""
    if source is None:
        return []
    return layout_problems(source.body, path=source.path, line_offset=source.body_offset)


def check_html(setup: Setup, page: Page, source: PageSource | None, tree: HtmlTree, html: str) -> list[Finding]:
    path = setup.project.display(page.file.src_uri)
    empty = empty_page(html, path)
    return [*duplicate_ids(tree, source.text if source else "", path), *([empty] if empty else [])]


def check_titles(setup: Setup, sources: Sources, site: Site, pages: Mapping[str, RenderedPage]) -> list[Finding]:
    """Two pages with one title in a nav section: titles are final once every page is rendered."""
    sections: dict[str, list[TitledPage]] = {}
    for name, src_uris in site.sections.items():
        titled = sections.setdefault(name, [])
        for src_uri in src_uris:
            page, source = pages.get(src_uri), sources.of(src_uri)
            if page is not None and page.title:
                titled.append(TitledPage(setup.project.display(src_uri), page.title, source.text if source else ""))
    return duplicate_titles(sections)
