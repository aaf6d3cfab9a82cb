"""MkDocs hook: "Related articles" and "Articles that link here" at the end of each article.

Related articles come from the page's ``related`` front matter (paths under
docs/; hooks/front_matter.py reports entries that are not pages). The
inbound links come from the link checker's graph (hooks/links.py,
`helpcenter.links.site_graph()`), complete once every page is rendered, that
is by on_page_context. Templates get ``hc_related`` and ``hc_backlinks``
(lists of PageRef, empty where none; a page in hc_related is not
repeated in hc_backlinks).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.links import GraphNotReady, site_graph
from helpcenter.pages import is_article
from helpcenter.related import PageRef, linking_articles, related_pages

_files: Files | None = None
_pages: dict[str, PageRef] = {}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _files
    _files = files
    _pages.clear()
    return files


def _page_refs(files: Files) -> dict[str, PageRef]:
    return {
        file.src_uri: PageRef(file.src_uri, file.page.title or file.src_uri, file.page.url)
        for file in files.documentation_pages()
        if file.page is not None
    }


def inbound_sources(page: Page) -> list[str]:
    """Source paths of the pages that link to ``page``, from the link checker's graph (not a second parse)."""
    try:
        return site_graph().inbound(page.file.src_uri)
    except GraphNotReady as error:
        raise PluginError(f"hooks/related.py needs the link graph: {error}") from None


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if not _pages and _files is not None:
        # Built once, here: MkDocs renders every page (so every title is known)
        # before it renders any template.
        _pages.update(_page_refs(_files))
    src_path = page.file.src_uri
    # What the writer listed shows wherever it is listed.
    related = related_pages(page.meta.get("related"), src_path=src_path, pages=_pages)
    context["hc_related"] = related
    article = not page.is_homepage and is_article(src_path)
    inbound = inbound_sources(page) if article else []
    context["hc_backlinks"] = linking_articles(inbound, src_path=src_path, pages=_pages, listed=related)
    return context
