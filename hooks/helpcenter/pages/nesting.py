"""How deeply a page's Markdown nests, bounded before Python-Markdown recurses into it.

Python-Markdown parses nested lists, ``<div markdown>`` blocks and emphasis by
recursion: a thousand list markers on one line, ``<div markdown>`` blocks or
``*`` in a row end in a RecursionError traceback with no line, within a
fraction of a second. `nesting_problems` reads the text once, line by line, and
reports the first line where any of these goes over its bound:

- container depth: ``>`` quote markers, list markers (also stacked on one line,
  ``- - - x``) and each four columns of indentation (nested lists, admonitions,
  tabs, details), outside code;
- ``markdown``-attributed HTML elements inside one another (md_in_html);
- runs of ``*`` and ``_`` (nested emphasis), outside code.

What is only slow (``[`` left open thousands of times, lists a few hundred
deep) is left to the page's time budget (helpcenter/rendering/page_budget.py).
The bounds are far above what a help article needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpcenter.text import mask_code

MAX_BLOCK_DEPTH = 20
MAX_HTML_DEPTH = 20
MAX_DELIMITER_RUN = 50


@dataclass(frozen=True)
class NestingProblem:
    line: int  # 1-based, in the text that was checked
    column: int
    message: str


_MARKER = re.compile(r">|(?:[-*+:]|\d{1,9}[.)])(?=[ \t]|$)")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
_DELIMITERS = re.compile(rf"[*_]{{{MAX_DELIMITER_RUN + 1},}}")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>")  # [^<>]: each attempt stops at the next tag
_MARKDOWN_ATTRIBUTE = re.compile(r"\bmarkdown\b")
# Elements that are never closed.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def _containers(line: str) -> tuple[int, int]:
    """Containers this line is inside (quote and list markers, four-column indents), and where its text starts."""
    depth, position, column = 0, 0, 0
    while True:
        indented_from = column
        while position < len(line) and line[position] in " \t":
            column = (column // 4 + 1) * 4 if line[position] == "\t" else column + 1
            position += 1
        depth += (column - indented_from) // 4
        marker = _MARKER.match(line, position)
        if marker is None:
            return depth, position
        depth += 1
        column += marker.end() - position
        position = marker.end()


_TOO_DEEP_HTML = f"HTML elements with a markdown attribute are nested more than {MAX_HTML_DEPTH} deep -> flatten them"


# Over a bound needs one of these somewhere: a container prefix long enough for MAX_BLOCK_DEPTH levels (one
# character each at the least: '>' or a tab), a long run of delimiters, or a markdown attribute.
_DEEP_PREFIX = re.compile(rf"^[ \t>*+:.)\d-]{{{MAX_BLOCK_DEPTH},}}", re.MULTILINE)


def _could_be_too_deep(text: str) -> bool:
    return bool("markdown" in text or _DELIMITERS.search(text) or _DEEP_PREFIX.search(text))


def nesting_problems(text: str) -> list[NestingProblem]:
    """The first place each kind of nesting goes over its bound (at most one problem per kind)."""
    if not _could_be_too_deep(text):
        return []
    found: dict[str, NestingProblem] = {}
    html = _HtmlDepth()
    # Code (fenced, indented, spans) is masked: Python-Markdown does not parse what is in it. With letters,
    # not spaces: a span at the start of a line is not indentation.
    for number, line in enumerate(mask_code(text, fill="x").split("\n"), 1):
        depth, start = _containers(line)
        if start >= len(line):
            continue
        rule = _RULE.fullmatch(line) is not None
        if depth > MAX_BLOCK_DEPTH and not rule:
            message = (
                f"lists, quotes and indented blocks are nested {depth} levels deep here (at most {MAX_BLOCK_DEPTH})"
                " -> flatten them: split the list, or start a new section"
            )
            found.setdefault("blocks", NestingProblem(number, start + 1, message))
        if "<" in line and "html" not in found:
            column = html.too_deep(line)
            if column is not None:
                found["html"] = NestingProblem(number, column, _TOO_DEEP_HTML)
        run = _DELIMITERS.search(line) if "delimiters" not in found and not rule else None
        if run:
            message = (
                f"{len(run[0]):,} '*' and '_' marks in a row (at most {MAX_DELIMITER_RUN}) -> remove them,"
                " or put literal ones in `code`"
            )
            found["delimiters"] = NestingProblem(number, run.start() + 1, message)
    return sorted(found.values(), key=lambda problem: (problem.line, problem.column))


class _HtmlDepth:
    """How many ``markdown``-attributed elements are open, line after line."""

    def __init__(self) -> None:
        self._open: dict[str, list[bool]] = {}  # tag name -> for each open one, whether it has the attribute
        self._depth = 0

    def too_deep(self, line: str) -> int | None:
        """The column where this line goes over the bound, if it does."""
        for tag in _TAG.finditer(line):
            closing, name = tag[1] == "/", tag[2].lower()
            if name in _VOID or tag[3].rstrip().endswith("/"):
                continue
            stack = self._open.setdefault(name, [])
            if closing:
                self._depth -= 1 if stack and stack.pop() else 0
                continue
            markdown = bool(_MARKDOWN_ATTRIBUTE.search(tag[3]))
            stack.append(markdown)
            self._depth += markdown
            if self._depth > MAX_HTML_DEPTH:
                return tag.start() + 1
        return None
