"""The lists at the end of an article: "Related articles" and "Articles that link here".

Nothing here knows about MkDocs. Pages are given as `PageRef` (source path,
title, URL); `related_pages` reads a page's ``related`` front matter and
`linking_articles` turns the link graph's inbound sources into a list a reader
can scan. Neither parses a page: the front matter is already parsed, and the
inbound links come from the link checker's graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from helpcenter.articles import is_article


@dataclass(frozen=True)
class PageRef:
    src_path: str  # docs-relative, e.g. "billing/generate-a-bill.md"
    title: str
    url: str  # site-relative, e.g. "billing/generate-a-bill/"


def related_pages(entries: object, *, src_path: str, pages: Mapping[str, PageRef]) -> list[PageRef]:
    """The pages named in ``related``, in the writer's order.

    Entries that are not existing pages (or this page) are left out here; the
    front-matter check (helpcenter/pages/front_matter.py) reports them with their line.
    """
    if not isinstance(entries, list):
        return []
    found: list[PageRef] = []
    for entry in entries:
        page = pages.get(entry) if isinstance(entry, str) else None
        if page is not None and page.src_path != src_path and page not in found:
            found.append(page)
    return found


def linking_articles(
    sources: Iterable[str], *, src_path: str, pages: Mapping[str, PageRef], listed: Iterable[PageRef] = ()
) -> list[PageRef]:
    """The articles whose text links to this page, by title, less those ``listed`` already.

    Index pages are left out: every article would otherwise list its own
    section's index, which tells the reader nothing. ``listed`` is the page's
    "Related articles": a page named there is not named again.
    """
    shown = {page.src_path for page in listed}
    found = {
        source: pages[source]
        for source in sources
        if source != src_path and source in pages and source not in shown and is_article(source)
    }
    return sorted(found.values(), key=lambda page: (page.title.casefold(), page.src_path))
