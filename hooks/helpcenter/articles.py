"""Which pages are articles: the one rule every part of the build shares."""

from __future__ import annotations

# Pages that list or introduce (the home page and section indexes) and the page a
# web server shows for a missing address. They need a title and a description,
# but no `reviewed` date, feedback, "last updated" or "Articles that link here".
LISTING_NAMES = frozenset({"index.md", "README.md"})
NOT_FOUND_PAGE = "404.md"


def is_article(src_path: str) -> bool:
    """A page that answers something: every page but listings and the 404 page."""
    path = src_path.replace("\\", "/")  # MkDocs' src_path: already normalised, Windows separators aside
    return path.rpartition("/")[2] not in LISTING_NAMES and path != NOT_FOUND_PAGE
