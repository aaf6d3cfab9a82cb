"""Page integrity: what MkDocs lets through silently or turns into a traceback, reported at its line.

A file that is not UTF-8 or has invisible control characters, an empty page,
two elements with one id on a page, two pages with one title in a nav section,
a heading repeated in its section, a tab character.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.pages.headings import layout_problems
from helpcenter.pages.integrity import TitledPage, duplicate_ids, duplicate_titles, empty_page
from helpcenter.pages.nesting import nesting_problems
from helpcenter.pages.source import PageSource
from jobs.build import Build

TOP_LEVEL = "(top level)"


def check_sources(build: Build) -> None:
    """Bytes that are not UTF-8 and control characters (the build goes on with the readable text); headings
    repeated in their section and tab characters, which render without an error."""
    for src_uri in sorted(build.page_paths):
        source = build.sources.get(src_uri)
        if source is not None:
            build.report.add(source.problems)
            build.report.add(layout_problems(source.body, path=source.path, line_offset=source.body_offset))


def _unbuildable(findings: list[Finding]) -> str:
    # What Markdown gets instead of the page: the build fails on the error, `mkdocs serve` shows it in place.
    lines = "\n".join(f"    {finding}" for finding in findings)
    return f'!!! failure "This page could not be built"\n\n    ```text\n{lines}\n    ```\n'


def check_nesting_as_written(build: Build, source: PageSource, markdown: str) -> str:
    """Python-Markdown recurses into nesting and would stop the build with a RecursionError and no line."""
    problems = nesting_problems(markdown)
    if not problems:
        return markdown
    findings = [
        Finding(source.path, problem.line + source.body_offset, problem.column, "nesting-too-deep", problem.message)
        for problem in problems
    ]
    build.report.add(findings)
    return _unbuildable(findings)


def check_nesting_as_rendered(build: Build, source: PageSource, markdown: str) -> str:
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
    build.report.add(findings)
    return _unbuildable(findings)


def know_sections(build: Build, nav: Navigation) -> None:
    build.nav_sections = {}

    def walk(items: list[Any], name: str) -> None:
        pages = build.nav_sections.setdefault(name, [])
        for item in items:
            if isinstance(item, Page):
                pages.append(item.file.src_uri)
            elif isinstance(item, Section):
                walk(item.children, f"{name} > {item.title}" if name != TOP_LEVEL else item.title)

    walk(nav.items, TOP_LEVEL)


def check_html(build: Build, page: Page, source: PageSource | None, tree: HtmlTree, html: str) -> None:
    path = build.project.display(page.file.src_uri)
    build.report.add(duplicate_ids(tree, source.text if source else "", path))
    empty = empty_page(html, path)
    if empty is not None:
        build.report.add([empty])


def check_titles(build: Build, files: Files) -> None:
    """Titles are final once every page's Markdown is rendered, which is before on_env."""
    sections: dict[str, list[TitledPage]] = {}
    for name, src_uris in build.nav_sections.items():
        titled = sections.setdefault(name, [])
        for src_uri in src_uris:
            file = files.get_file_from_path(src_uri)
            source = build.sources.get(src_uri)
            if file is not None and file.page is not None and file.page.title:
                titled.append(
                    TitledPage(build.project.display(src_uri), file.page.title, source.text if source else "")
                )
    build.report.add(duplicate_titles(sections))
