"""What a reader reads on a built page: its title, its text, its lists of articles, "Still need help?".

Nothing here knows about MkDocs or git. A built page is parsed as a browser
parses it (lexbor) and cut into the parts `make diff` compares, each a tuple
of blocks (a paragraph, a heading, a list item), whitespace collapsed, so a
change that only moves whitespace in the Markdown changes nothing here.
What is not text to a reader is left out: markup, addresses, scripts, the
theme's "Last updated" date, the heading permalinks (¶), the writers' edit
button. What every page shares (the announcement bar, the footer, the search's
empty state) is kept apart as ``chrome``, compared once for the whole site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose text starts and ends a block: paragraphs, headings, list items, cells, ...
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "button", "caption", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label"),
        *("legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"),
    }
)
# Never text to a reader.
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "head", "title", "meta", "link"})
# Theme parts inside an article that are not the writer's text (the date every save changes, the permalinks,
# the edit button) or that are compared as parts of their own.
_SKIP_CLASSES = frozenset(
    {"headerlink", "md-content__button", "hc-updated", "md-source-file", "hc-pagelist", "hc-help"}
)
_SPACE = re.compile(r"\s+")
_REFRESH = re.compile(r"^\s*\d*\s*[;,]\s*url\s*=\s*['\"]?(?P<url>[^'\"]*)", re.IGNORECASE)


@dataclass(frozen=True)
class ReadablePage:
    """One built page as a reader reads it."""

    url: str  # the page's address in the site: "billing/x/", "" (the home page), "404.html"
    title: str
    body: tuple[str, ...]
    headings: tuple[str, ...]  # h2-h6 of the body, as search indexes them
    related: tuple[str, ...]  # "Related articles" and "Articles that link here", headings and items
    help: tuple[str, ...]  # "Still need help?" (the phone, the migration team, the feedback widget's words)
    chrome: tuple[str, ...]  # the announcement bar, the footer, the search's empty state: the same on every page
    redirect: str | None = None  # for a redirect page (mkdocs-redirects, any meta refresh): where it sends readers

    @property
    def parts(self) -> dict[str, tuple[str, ...]]:
        """The parts a reader sees, as the review names them."""
        return {
            "Title": (self.title,) if self.title else (),
            "Body": self.body,
            "Related articles": self.related,
            "Still need help?": self.help,
        }


def url_of(path: str) -> str:
    """A built file's address: "x/index.html" -> "x/", "index.html" -> "", "404.html" -> "404.html"."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _skipped(node: LexborNode, skip_classes: frozenset[str]) -> bool:
    return (node.tag or "").lower() in _SKIP_TAGS or bool(skip_classes & _classes(node))


def _inside_skipped(node: LexborNode, stop: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        if _skipped(parent, _SKIP_CLASSES):
            return True
        parent = parent.parent
    return False


def blocks_of(node: LexborNode | None, skip_classes: frozenset[str] = _SKIP_CLASSES) -> tuple[str, ...]:
    """The text of ``node`` as blocks, in document order, whitespace collapsed, empty blocks left out."""
    if node is None:
        return ()
    found: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(pieces)).strip()
        if text:
            found.append(text)
        pieces.clear()

    # An explicit stack: a page nests as deeply as its Markdown allows, and Python's recursion does not.
    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        current, leaving = stack.pop()
        if leaving:
            flush()
            continue
        if current.is_text_node:
            pieces.append(current.text_content or "")
            continue
        if not current.is_element_node or _skipped(current, skip_classes):
            continue
        block = (current.tag or "").lower() in _BLOCKS
        if block:
            flush()
            stack.append((current, True))
        if (current.tag or "").lower() == "br":
            pieces.append(" ")
        stack.extend((child, False) for child in reversed(list(current.iter(include_text=True))))
    flush()
    return tuple(found)


def _first_text(node: LexborNode | None) -> str:
    return " ".join(blocks_of(node)) if node is not None else ""


def _template_blocks(parser: LexborHTMLParser, selector: str) -> Iterator[str]:
    # A <template>'s content is a fragment of its own: read its markup again, as a body.
    for template in parser.css(selector):
        inner = re.sub(r"^<template[^>]*>|</template>$", "", template.html or "")
        yield from blocks_of(LexborHTMLParser(inner).body)


def _redirect(parser: LexborHTMLParser, url: str) -> str | None:
    for meta in parser.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").lower() != "refresh":
            continue
        match = _REFRESH.match(meta.attributes.get("content") or "")
        if match:
            target = urljoin(f"https://site.invalid/{url}", str(match["url"]).strip())
            parts = urlsplit(target)
            if parts.netloc != "site.invalid":
                return target  # elsewhere on the web
            path = parts.path.lstrip("/")
            return url_of(path) if path.endswith("index.html") or path == "index.html" else path
    return None


def read_page(html: str, url: str) -> ReadablePage:
    """The readable parts of the built page at ``url``."""
    parser = LexborHTMLParser(html)
    redirect = _redirect(parser, url)
    if redirect is not None:
        return ReadablePage(url, "", (), (), (), (), (), redirect)
    article = parser.css_first("article") or parser.body
    heading = article.css_first("h1") if article is not None else None
    title = _first_text(heading) or _first_text(parser.css_first("title"))
    if heading is not None:
        heading.decompose()
    headings = tuple(
        text
        for node in (article.css("h2, h3, h4, h5, h6") if article is not None else [])
        if article is not None and not _inside_skipped(node, article)
        for text in blocks_of(node)
    )
    related = tuple(text for node in parser.css("nav.hc-pagelist") for text in blocks_of(node, frozenset()))
    help_blocks = tuple(text for node in parser.css("section.hc-help") for text in blocks_of(node, frozenset()))
    chrome = (
        *blocks_of(parser.css_first('[data-md-component="announce"]')),
        *blocks_of(parser.css_first("footer")),
        *_template_blocks(parser, "template"),
    )
    return ReadablePage(
        url=url,
        title=title,
        body=blocks_of(article),
        headings=headings,
        related=related,
        help=help_blocks,
        chrome=chrome,
    )


def read_site(site: Path) -> dict[str, ReadablePage]:
    """Every page of a built site (its HTML files, theme assets aside), by address."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        url = url_of(relative)
        pages[url] = read_page(path.read_text(encoding="utf-8", errors="replace"), url)
    return pages
