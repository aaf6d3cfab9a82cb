"""Page sources and HTML trees: every Markdown file is read once, every page's HTML parsed once."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.htmltree import HtmlTree
from helpcenter.pages.source import PageSource, read_page
from jobs.build import Build


def read(build: Build, files: Files) -> None:
    """Read every Markdown file under docs/ (snippets and excluded pages too: checks read them) once.

    MkDocs gets the same text back, so it never opens the file again.
    """
    build.page_paths = frozenset(file.src_uri for file in files.documentation_pages())
    for file in files:
        if not file.src_uri.endswith(".md") or file.abs_src_path is None:
            continue
        try:
            data = Path(file.abs_src_path).read_bytes()
        except OSError:
            continue  # MkDocs reports an unreadable file itself
        source = read_page(data, src_uri=file.src_uri, path=build.project.display(file.src_uri))
        build.sources[file.src_uri] = source
        if file.is_documentation_page():
            file.content_string = source.for_mkdocs


def of_page(build: Build, page: Page) -> PageSource | None:
    return build.sources.get(page.file.src_uri)


def parse_html(html: str) -> HtmlTree:
    return HtmlTree(html)
