"""Positions, code masking and "did you mean": the small text tools every check shares.

Nothing here knows about MkDocs. Each tool exists once:

- `Lines` / `position`: an offset in a text as a 1-based line and column;
- `code_regions` / `mask_code`: where the code of a Markdown text is (fenced
  blocks of any length with backticks or tildes, indented blocks, code spans),
  found in one linear pass, and the text with that code blanked out so a search
  for markup never matches an example of it;
- `suggest` / `did_you_mean`: the closest known name for a misspelt one;
- `BIDI_CONTROLS` / `bidi_name`: the invisible characters that reorder text.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable

# Bidi control characters (U+202E RIGHT-TO-LEFT OVERRIDE, ...): text shows in another order than it is read.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def bidi_name(character: str) -> str:
    return f"U+{ord(character):04X} ({unicodedata.name(character, 'BIDI CONTROL')})"


# --- positions ------------------------------------------------------------------


class Lines:
    """Offset to (line, column) for one text, in O(log lines) per question."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self._starts, offset) - 1
        return row + 1, offset - self._starts[row] + 1

    def offset(self, line: int) -> int:
        """Where 1-based ``line`` starts."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1]


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (for a single question; use `Lines` for many)."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


# --- code ------------------------------------------------------------------------

_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_TEMPLATE = re.compile(r"\{\{.*?(?:\}\}|\Z)|\{%.*?(?:%\}|\Z)|\{##.*?(?:##\}|\Z)", re.DOTALL)
# Lines that open a block whose indented continuation is content, not code:
# list items, admonitions and details (!!!, ???), tabs (===), footnotes, definitions.
_CONTAINER = re.compile(r"[ ]{0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?|===|\[\^[^\]]+\]:|:[ \t])")


def _indent(line: str) -> int:
    stripped = line.lstrip(" ")
    if not stripped.startswith("\t"):
        return len(line) - len(stripped)  # no tab in the indentation: the common case, no copy
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes the block ``fence`` opened: the same character, at least as many, nothing after."""
    closing = _FENCE.match(line)
    if closing is None:
        return False
    return closing[1][0] == fence[0] and len(closing[1]) >= len(fence) and not line[closing.end() :].strip()


class _Blocks:
    """Fenced and indented code blocks, found line by line."""

    def __init__(self, lines: list[str], starts: list[int]) -> None:
        self.lines, self.starts = lines, starts
        self.regions: list[tuple[int, int]] = []
        self.fence: str | None = None
        self.opened = 0
        self.in_container = False  # the last unindented block opened a container (its indented lines are content)
        self.previous_blank = True
        self.indented_since: int | None = None

    def read(self, number: int, line: str) -> None:
        if self.fence is not None:
            if _closes(line, self.fence):
                self.regions.append((self.opened, self.starts[number] + len(line)))
                self.fence = None
            return
        blank = not line.strip()
        if self.indented_since is not None and not blank and _indent(line) < 4:
            self.regions.append((self.indented_since, _trim_end(self.lines, self.starts, number)))
            self.indented_since = None
        opening = _FENCE.match(line) if self.indented_since is None else None
        if opening:
            self.fence, self.opened = opening[1], self.starts[number]
        elif not blank:
            self._text(number, line)
        self.previous_blank = blank

    def _text(self, number: int, line: str) -> None:
        indent = _indent(line)
        if indent >= 4 and self.previous_blank and not self.in_container and self.indented_since is None:
            self.indented_since = self.starts[number]
        elif indent == 0:
            self.in_container = bool(_CONTAINER.match(line))
        elif _CONTAINER.match(line):
            self.in_container = True

    def end(self) -> list[tuple[int, int]]:
        if self.fence is not None:  # an unclosed fence runs to the end, as Markdown reads it
            self.regions.append((self.opened, self.starts[-1] + len(self.lines[-1])))
        if self.indented_since is not None:
            self.regions.append((self.indented_since, _trim_end(self.lines, self.starts, len(self.lines))))
        return self.regions


def _block_regions(lines: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """Fenced and indented code blocks, as (start, end) offsets of whole lines."""
    blocks = _Blocks(lines, starts)
    for number, line in enumerate(lines):
        blocks.read(number, line)
    return blocks.end()


def _trim_end(lines: list[str], starts: list[int], stop: int) -> int:
    """The end of the last non-blank line before line ``stop``."""
    number = stop - 1
    while number > 0 and not lines[number].strip():
        number -= 1
    return starts[number] + len(lines[number])


def _span_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans between ``start`` and ``end``: a backtick run up to the next run of the same length.

    Linear: each run looks up the next run of its length in a table built from the right.
    """
    regions: list[tuple[int, int]] = []
    for paragraph_start, paragraph_end in _paragraphs(text, start, end):
        runs = [
            run
            for run in _BACKTICKS.finditer(text, paragraph_start, paragraph_end)
            if text[run.start() - 1 : run.start()] != "\\"
        ]
        following: list[int | None] = [None] * len(runs)
        latest: dict[int, int] = {}
        for index in range(len(runs) - 1, -1, -1):
            length = len(runs[index][0])
            following[index] = latest.get(length)
            latest[length] = index
        index = 0
        while index < len(runs):
            closer = following[index]
            if closer is None:
                index += 1
                continue
            regions.append((runs[index].start(), runs[closer].end()))
            index = closer + 1
    return regions


def _paragraphs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    cursor = start
    for blank in _BLANK_LINE.finditer(text, start, end):
        yield cursor, blank.start()
        cursor = blank.end()
    yield cursor, end


def code_regions(markdown: str) -> tuple[tuple[int, int], ...]:
    """Every piece of code in ``markdown`` as sorted, non-overlapping (start, end) offsets."""
    if "`" not in markdown and "~~~" not in markdown and "    " not in markdown and "\t" not in markdown:
        return ()
    lines = markdown.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    blocks = _block_regions(lines, starts)
    regions: list[tuple[int, int]] = []
    cursor = 0
    for block_start, block_end in [*blocks, (len(markdown), len(markdown))]:
        if "`" in markdown[cursor:block_start]:
            regions.extend(_span_regions(markdown, cursor, block_start))
        if block_start < block_end:
            regions.append((block_start, block_end))
        cursor = block_end
    return tuple(regions)


def replace_code(markdown: str, replace: Callable[[str], str]) -> str:
    """``markdown`` with each piece of code (see `code_regions`) passed through ``replace``."""
    pieces: list[str] = []
    cursor = 0
    for start, end in code_regions(markdown):
        pieces.append(markdown[cursor:start])
        pieces.append(replace(markdown[start:end]))
        cursor = end
    pieces.append(markdown[cursor:])
    return "".join(pieces)


def blank(text: str, fill: str = " ") -> str:
    """``text`` with every character but newlines turned into ``fill``, so offsets and lines survive."""
    return re.sub(r"[^\n]", fill, text)


def mask_code(markdown: str, *, comments: bool = False, templates: bool = False, fill: str = " ") -> str:
    """``markdown`` with its code blanked out (and HTML comments, template tags if asked), every offset kept.

    ``fill`` replaces each character of code: a space by default; a letter where the
    code's place must not read as indentation or as a blank line.
    """
    text = replace_code(markdown, lambda code: blank(code, fill))
    if comments and "<!--" in text:
        text = _COMMENT.sub(lambda match: blank(match[0]), text)
    if templates and "{" in text:
        text = _TEMPLATE.sub(lambda match: blank(match[0]), text)
    return text


# --- suggestions ---------------------------------------------------------------------


def suggest(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known name closest to ``word``, if any is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(suggestion: str | None, *, quote: str = "'") -> str:
    """`` (did you mean 'x'?)`` for a suggestion, or nothing."""
    return f" (did you mean {quote}{suggestion}{quote}?)" if suggestion else ""
