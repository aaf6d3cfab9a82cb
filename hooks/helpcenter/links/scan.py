"""Where a link was written: scan Markdown for links, map rendered lines back to the source.

The rendered HTML decides whether a link works (see `helpcenter.links`); this
module only answers "which line and column of the writer's file produced it".
`scan_links` finds the links of a Markdown text with their positions: inline
links and images, reference links (at the place they are used), autolinks and
the URL attributes of raw HTML tags, skipping code and HTML comments.
`SourceMap` maps a position in the Markdown that macros rendered back to the
file: unchanged lines map one to one, and text a macro produced maps to the
macro call.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from helpcenter.link_syntax import INLINE_START, REFERENCE_DEFINITION, inline_destination
from helpcenter.text import Lines, mask_code

# --- scanning --------------------------------------------------------------


@dataclass(frozen=True)
class ScannedLink:
    """A link as written in Markdown: where it starts, what it points to, and its text."""

    line: int  # 1-based
    column: int  # 1-based, where the link starts ("[", "!" or "<")
    target: str  # unescaped, e.g. "../billing/generate-a-bill.md#outstanding-balances"
    kind: str  # "link", "image", "reference", "autolink" or "html"
    snippet: str  # the link as written, to find it again in the source file


_BRACKETED = re.compile(
    r"(?<![\\!])\[(?P<text>(?:[^\[\]\n\\]|\\.|\[[^\[\]\n]*\])*)\](?:[ ]?\[(?P<label>[^\[\]\n]*)\])?"
)
_AUTOLINK = re.compile(r"<(?P<url>(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)|(?:[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))>")
_URL_TAGS = "a|area|img|source|video|audio|iframe|embed|track|object|link"
_HTML_TAG = re.compile(rf"<(?P<tag>{_URL_TAGS})\b(?P<attributes>[^>]*)>", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(
    r"""(?<![\w-])(?P<name>href|src|data|poster)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'>]+))""",
    re.IGNORECASE,
)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _unescape(target: str) -> str:
    return html.unescape(_ESCAPED.sub(r"\1", target))


def normalize_label(label: str) -> str:
    """Reference labels match case-insensitively, with runs of whitespace collapsed."""
    return " ".join(label.split()).casefold()


def _opening_bracket(text: str, closing: int) -> int | None:
    """The "[" that the "]" at ``closing`` closes, searching back within the paragraph."""
    depth = 0
    index = closing - 1
    floor = max(0, closing - 2000)
    while index >= floor:
        char = text[index]
        if char == "\n" and text[index - 1 : index] == "\n":
            return None
        if char in "[]" and not (index > 0 and text[index - 1] == "\\"):
            if char == "]":
                depth += 1
            elif depth == 0:
                return index
            else:
                depth -= 1
        index -= 1
    return None


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(begin <= offset < end for begin, end in spans)


class _Scan:
    """One pass over a Markdown text (code and comments masked), collecting its links by offset."""

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown
        self.masked = mask_code(markdown, comments=True)
        self.lines = Lines(markdown)
        self.found: list[tuple[int, ScannedLink]] = []
        self.taken: list[tuple[int, int]] = []  # inline links: a bracket inside one is no reference

    def add(self, start: int, end: int, target: str, kind: str) -> None:
        line, column = self.lines.position(start)
        self.found.append((start, ScannedLink(line, column, target, kind, self.markdown[start:end])))

    def _image_start(self, bracket: int) -> tuple[int, bool]:
        image = bracket > 0 and self.masked[bracket - 1] == "!"
        return (bracket - 1 if image else bracket), image

    def inline(self) -> None:
        masked = self.masked
        for match in INLINE_START.finditer(masked):
            bracket = match.start()
            parsed = None if bracket > 0 and masked[bracket - 1] == "\\" else inline_destination(masked, match.end())
            opening = _opening_bracket(masked, bracket) if parsed else None
            if parsed is None or opening is None:
                continue
            begin, end, close = parsed
            start, image = self._image_start(opening)
            self.add(start, close + 1, _unescape(self.markdown[begin:end]), "image" if image else "link")
            self.taken.append((start, close + 1))

    def references(self) -> None:
        definitions: dict[str, str] = {}
        spans: list[tuple[int, int]] = []
        for match in REFERENCE_DEFINITION.finditer(self.masked):
            raw = match["angle"] if match["angle"] is not None else match["bare"]
            definitions.setdefault(normalize_label(match["label"]), _unescape(raw))
            spans.append((match.start(), match.end()))
        if not definitions:
            return
        for match in _BRACKETED.finditer(self.masked):
            label = match["label"]
            if _inside(match.start(), self.taken) or _inside(match.start(), spans):
                continue
            if label is None and self.masked[match.end() : match.end() + 1] in ("(", ":"):
                continue
            key = normalize_label(label if label else match["text"])
            if key in definitions:
                self.add(self._image_start(match.start())[0], match.end(), definitions[key], "reference")

    def tags(self) -> None:
        if "<" not in self.masked:
            return
        for match in _AUTOLINK.finditer(self.masked):
            url = match["url"]
            url = f"mailto:{url}" if "@" in url and ":" not in url else url
            self.add(match.start(), match.end(), _unescape(url), "autolink")
        for match in _HTML_TAG.finditer(self.masked):
            for attribute in _URL_ATTRIBUTE.finditer(match["attributes"]):
                value = next(v for v in (attribute["double"], attribute["single"], attribute["bare"]) if v is not None)
                self.add(match.start(), match.end(), html.unescape(value), "html")


def scan_links(markdown: str) -> list[ScannedLink]:
    """Every link written in ``markdown``, in the order it appears, with its line and column."""
    scan = _Scan(markdown)
    scan.inline()
    scan.references()
    scan.tags()
    return [link for _, link in sorted(scan.found, key=lambda item: item[0])]


# --- mapping rendered Markdown back to the source file ---------------------

_TEMPLATE_CALL = re.compile(r"\{\{|\{%")


def _similarity(source_line: str, rendered_line: str) -> float:
    return difflib.SequenceMatcher(None, source_line, rendered_line).ratio()


class SourceMap:
    """Map (line, column) in Markdown that macros rendered to (line, column) in the page's source body.

    Without template syntax the two texts are the same and the map is the
    identity. Otherwise the lines are diffed: an unchanged line maps to its
    source line; a line that a macro produced maps to where the link is still
    written literally in that region of the source, or else to the macro call.
    """

    def __init__(self, source: str, rendered: str) -> None:
        self.source_lines = source.split("\n")
        self.rendered_lines = rendered.split("\n")
        self.identity = source == rendered
        self._regions: Sequence[tuple[str, int, int, int, int]] = []
        if not self.identity:
            matcher = difflib.SequenceMatcher(
                lambda line: not line.strip(), self.source_lines, self.rendered_lines, autojunk=False
            )
            self._regions = matcher.get_opcodes()

    def locate(self, link: ScannedLink) -> tuple[int, int]:
        if self.identity:
            return link.line, link.column
        row = link.line - 1
        for tag, i1, i2, j1, j2 in self._regions:
            if j1 <= row < j2:
                if tag == "equal":
                    return i1 + (row - j1) + 1, link.column
                return self._in_region(link, self.rendered_lines[row], i1, i2, row - j1, j2 - j1)
        return link.line, link.column

    def _call(self, number: int, head: str | None = None) -> tuple[int, int]:
        """The template call on a source line; after the link's text when the line shows it."""
        line = self.source_lines[number]
        start = line.find(head) if head else -1
        call = _TEMPLATE_CALL.search(line, max(start, 0)) or _TEMPLATE_CALL.search(line)
        return number + 1, (call.start() + 1 if call else 1)

    def _in_region(
        self, link: ScannedLink, rendered_line: str, first: int, end: int, offset: int, rendered_count: int
    ) -> tuple[int, int]:
        if first == end:  # lines inserted between two unchanged ones: the call is just above
            first = max(0, first - 1)
            end = first + 1
        region = range(first, end)
        # Written literally on a line that also holds a macro: the link itself.
        for number in region:
            column = self.source_lines[number].find(link.snippet)
            if column >= 0:
                return number + 1, column + 1
        # Produced by a macro: point at the call. Lines replaced one for one pair up; otherwise the
        # source line most like the produced one (a loop's body) wins, then a block opened above.
        with_calls = [number for number in region if _TEMPLATE_CALL.search(self.source_lines[number])]
        # The line that still shows the link's text ("[the guide](") is where it was written.
        head = link.snippet[: link.snippet.index("](") + 2] if "](" in link.snippet else None
        if rendered_count == end - first and first + offset in with_calls:
            return self._call(first + offset, head)
        if with_calls:

            def score(number: int) -> tuple[bool, float]:
                line = self.source_lines[number]
                return (head is not None and head in line, _similarity(line, rendered_line))

            return self._call(max(with_calls, key=score), head)
        for number in range(first - 1, max(-1, first - 30), -1):
            if _TEMPLATE_CALL.search(self.source_lines[number]):
                return self._call(number)
        return first + 1, 1
