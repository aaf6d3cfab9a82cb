"""The lists at the end of an article: "Related articles" (front matter) and "Articles that link here" (links)."""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.article_end.related import PageRef, linking_articles, related_pages
from helpcenter.articles import is_article
from helpcenter.links.check import GraphNotReady
from jobs.build import Build


def know_titles(build: Build, files: Files) -> None:
    """Every page's title and URL, once: every page is rendered (titles are final) before any template."""
    build.page_refs = {
        file.src_uri: PageRef(file.src_uri, file.page.title or file.src_uri, file.page.url)
        for file in files.documentation_pages()
        if file.page is not None
    }


def give_template(build: Build, page: Page, context: dict[str, Any]) -> None:
    src_path = page.file.src_uri
    # What the writer listed shows wherever it is listed.
    related = related_pages(page.meta.get("related"), src_path=src_path, pages=build.page_refs)
    context["hc_related"] = related
    inbound: list[str] = []
    if not page.is_homepage and is_article(src_path):
        try:
            inbound = build.graph.inbound(src_path)
        except GraphNotReady as error:
            raise PluginError(f"hooks/jobs/related.py needs the link graph: {error}") from None
    # A page already under "Related articles" is not listed again.
    context["hc_backlinks"] = linking_articles(inbound, src_path=src_path, pages=build.page_refs, listed=related)
