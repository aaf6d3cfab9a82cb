"""One HTML tree per page, parsed the way a browser parses it, shared by every check.

Nothing here knows about MkDocs. The parser is lexbor (through selectolax), an
implementation of the HTML Standard's parsing algorithm with scripting
enabled, as in a reader's browser: ``<noscript>`` content is text, ``<!-->``
closes a comment, ``<svg><style>`` holds elements. A parser that reads HTML
differently from browsers (libxml2) would let a check approve what a browser
then runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Content goes into a page's <body>: parse it there, so head-only tags (<meta>,
# <script>, <link>) stay where they are written, and a stray <body onload> lends
# its attributes to the body as it would in the real page.
_DOCUMENT_START = "<!DOCTYPE html><html><head></head><body>"


@dataclass(frozen=True)
class Element:
    """One element: its lower-case tag and its attributes (a value of None is a bare attribute)."""

    tag: str
    attributes: dict[str, str | None]
    node: LexborNode = field(repr=False, compare=False)

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.attributes.get(name, default)
        return "" if value is None and name in self.attributes else value


class HtmlTree:
    """A page's HTML content, parsed once."""

    def __init__(self, html: str) -> None:
        self._html = html
        self._parser = LexborHTMLParser(_DOCUMENT_START + html, scripting=True)

    def may_contain(self, *texts: str) -> bool:
        """False only if none of ``texts`` is in the HTML as written (entities aside): a check's shortcut."""
        return any(text in self._html for text in texts)

    @property
    def body(self) -> LexborNode | None:
        return self._parser.body

    @cached_property
    def elements(self) -> tuple[Element, ...]:
        """Every element in document order, the document's own <html> and <body> included (their attributes
        are the ones content added), <head> left out."""
        root = self._parser.root
        if root is None:
            return ()
        found: list[Element] = []
        for node in root.traverse(include_text=False):
            tag = node.tag or ""
            if tag.startswith("-") or tag == "head":
                continue  # comments, the document itself
            found.append(Element(tag.lower(), dict(node.attributes), node))
        return tuple(found)

    def top_level(self) -> Iterator[LexborNode]:
        """The children of <body>: the page's blocks, in order (elements only)."""
        body = self.body
        if body is None:
            return
        for node in body.iter(include_text=False):
            if node.is_element_node:
                yield node

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every id a link can reach: ``id`` attributes and ``<a name>``."""
        found = {element.get("id") for element in self.elements if element.attributes.get("id") is not None}
        found |= {
            element.get("name") for element in self.elements if element.tag == "a" and "name" in element.attributes
        }
        return frozenset(value for value in found if value is not None)


def text_of(node: LexborNode, *, skip_classes: frozenset[str] = frozenset()) -> str:
    """The text a reader sees in ``node`` (comments left out), without descendants of ``skip_classes``."""
    pieces: list[str] = []
    for child in node.traverse(include_text=True):
        if not child.is_text_node:
            continue
        if skip_classes and _inside_class(child, node, skip_classes):
            continue
        pieces.append(child.text_content or "")
    return "".join(pieces)


def _inside_class(node: LexborNode, stop: LexborNode, classes: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        if classes & set((parent.attributes.get("class") or "").split()):
            return True
        parent = parent.parent
    return False


def inside(node: LexborNode, tags: frozenset[str]) -> bool:
    """Whether ``node`` has an ancestor with one of ``tags``."""
    parent = node.parent
    while parent is not None:
        if (parent.tag or "") in tags:
            return True
        parent = parent.parent
    return False
