"""What one rendered page offers (its ids) and uses (its links), read from its HTML tree.

The rendered HTML is the truth: the ids a page really has and the URLs it really
links to, after macros, Markdown extensions and other hooks have done their work.
A link written with ``data-linkcheck="ignore"`` is a deliberate exception; the
mark is dropped from the page readers get.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpcenter.htmltree import HtmlTree

SILENCE_ATTRIBUTE = "data-linkcheck"
SILENCE_VALUE = "ignore"


@dataclass(frozen=True, slots=True)
class HtmlLink:
    """A URL in a page's HTML: ``<a href>``, ``<img src>`` and the like."""

    tag: str
    href: str
    silenced: bool = False


@dataclass(frozen=True, slots=True)
class PageContent:
    """What one rendered page offers (its ids) and uses (its links)."""

    ids: frozenset[str]
    links: tuple[HtmlLink, ...]


_URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "track": ("src",),
    "object": ("data",),
}


def _urls(attribute: str, value: str) -> list[str]:
    if attribute != "srcset":
        return [value.strip()]
    return [url for candidate in value.split(",") if (url := candidate.strip().split(" ")[0])]


def page_content(tree: HtmlTree) -> PageContent:
    """The ids and the links of a page's parsed HTML, links in document order."""
    links: list[HtmlLink] = []
    for element in tree.elements:
        attributes = _URL_ATTRIBUTES.get(element.tag)
        if attributes is None:
            continue
        silenced = element.get(SILENCE_ATTRIBUTE) == SILENCE_VALUE
        for attribute in attributes:
            value = element.get(attribute)
            if value is not None:
                links.extend(HtmlLink(element.tag, url, silenced) for url in _urls(attribute, value))
    return PageContent(tree.ids, tuple(links))


_SILENCE_MARK = re.compile(rf'\s{SILENCE_ATTRIBUTE}=(?:"[^"]*"|\'[^\']*\'|[^\s>]+)')


def strip_silence_marks(page_html: str) -> str:
    """Readers never need the ``data-linkcheck`` attribute: drop it from the published page."""
    return _SILENCE_MARK.sub("", page_html) if SILENCE_ATTRIBUTE in page_html else page_html
