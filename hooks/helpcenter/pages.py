"""Which pages are articles: the one rule the article-end parts share."""

from __future__ import annotations

INDEX_NAMES = ("index.md", "README.md")


def is_article(src_path: str) -> bool:
    """A page that answers something, as opposed to a listing.

    Section index pages (``index.md``, ``README.md``, the home page among them)
    list articles; feedback, "last updated" and inbound links are about articles.
    """
    return src_path.replace("\\", "/").rsplit("/", 1)[-1] not in INDEX_NAMES
