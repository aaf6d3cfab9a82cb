"""Page sources, HTML trees and rendered pages: every Markdown file is read once, every page's HTML parsed once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.links.content import page_content
from helpcenter.pages.source import PageSource, read_page
from jobs.build import RenderedPage, Setup, Sources


def read(setup: Setup, files: Files, git_dates: Mapping[str, dt.date]) -> Sources:
    """Read every Markdown file under docs/ (snippets and excluded pages too: checks read them) once.

    MkDocs gets the same text back, so it never opens the file again.
    """
    pages: dict[str, PageSource] = {}
    for file in files:
        if not file.src_uri.endswith(".md") or file.abs_src_path is None:
            continue
        try:
            data = Path(file.abs_src_path).read_bytes()
        except OSError:
            continue  # MkDocs reports an unreadable file itself
        source = pages[file.src_uri] = read_page(data, src_uri=file.src_uri, path=setup.project.display(file.src_uri))
        if file.is_documentation_page():
            file.content_string = source.for_mkdocs
    documentation = frozenset(file.src_uri for file in files.documentation_pages())
    return Sources(pages, documentation, git_dates)


def parse_html(html: str) -> HtmlTree:
    return HtmlTree(html)


def rendered_page(page: Page, tree: HtmlTree, faq_jsonld: str | None, findings: tuple[Finding, ...]) -> RenderedPage:
    """What later phases read of a page MkDocs has just rendered (its title is final now)."""
    markdown = page.markdown or ""
    hidden = page.meta.get("hide")
    return RenderedPage(
        src_uri=page.file.src_uri,
        url=page.url,
        title=page.title,
        is_homepage=page.is_homepage,
        markdown=markdown,
        content=page_content(tree),
        linkcheck=page.meta.get("linkcheck"),
        related=page.meta.get("related"),
        hidden=tuple(str(part) for part in hidden) if isinstance(hidden, list) else (),
        faq_jsonld=faq_jsonld,
        findings=findings,
    )
