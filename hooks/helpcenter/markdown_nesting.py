"""How deeply a page's Markdown nests, bounded before Python-Markdown recurses into it.

Python-Markdown parses nested lists, quotes, admonitions, ``<div markdown>``
blocks and emphasis by recursion, and some of it in more than linear time: a
few hundred levels of list take seconds, a thousand end in a RecursionError
traceback with no line. `nesting_problems` reads the text once, line by line,
and reports the first line where any of these goes over its bound:

- container depth: ``>`` quote markers, list markers (also stacked on one line,
  ``- - - x``) and each four columns of indentation (nested lists, admonitions,
  tabs, details), outside fenced code;
- ``markdown``-attributed HTML elements inside one another (md_in_html);
- runs of ``*`` and ``_`` (nested emphasis) and ``[`` left open in a paragraph
  (links inside links), outside code spans.

The bounds are far above what a help article needs and far below what slows
the parser down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BLOCK_DEPTH = 20
MAX_HTML_DEPTH = 20
MAX_DELIMITER_RUN = 50
MAX_OPEN_BRACKETS = 20


@dataclass(frozen=True)
class NestingProblem:
    line: int  # 1-based, in the text that was checked
    column: int
    message: str


_FENCE = re.compile(r"`{3,}|~{3,}")
_MARKER = re.compile(r">|(?:[-*+:]|\d{1,9}[.)])(?=[ \t]|$)")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
_BACKTICKS = re.compile(r"`+")
_DELIMITERS = re.compile(rf"[*_]{{{MAX_DELIMITER_RUN + 1},}}")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>")  # [^<>]: each attempt stops at the next tag
_MARKDOWN_ATTRIBUTE = re.compile(r"\bmarkdown\b")
_BRACKET = re.compile(r"\\[\[\]]|[\[\]]")
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


def _blank_code_spans(line: str) -> str:
    """``line`` with every code span blanked (same length), in one pass: a run of backticks opens a span
    that the next run of the same length closes."""
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(line)]
    later: dict[int, list[int]] = {}  # run length -> indexes of runs, last first
    for index in range(len(runs) - 1, -1, -1):
        later.setdefault(runs[index][1] - runs[index][0], []).append(index)
    pieces, kept_from, index = [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()
        if same:
            closer = same.pop()
            close_end = runs[closer][1]
            pieces.append(line[kept_from:start])
            pieces.append(" " * (close_end - start))
            kept_from, index = close_end, closer + 1
        else:
            index += 1
    pieces.append(line[kept_from:])
    return "".join(pieces)


def nesting_problems(text: str) -> list[NestingProblem]:
    """The first place each kind of nesting goes over its bound (at most one problem per kind)."""
    found: dict[str, NestingProblem] = {}
    fence: tuple[str, int] | None = None  # the open fence's character and length
    html_open: dict[str, list[bool]] = {}
    html_depth = 0
    brackets = 0
    for number, line in enumerate(text.split("\n"), 1):
        depth, start = _containers(line)
        opening = _FENCE.match(line, start)
        if fence is not None:
            closes = opening and opening[0][0] == fence[0] and len(opening[0]) >= fence[1]
            if closes and opening is not None and not line[opening.end() :].strip():
                fence = None
            continue
        if start >= len(line):
            brackets = 0  # inline nesting lives within one paragraph
            continue
        rule = _RULE.fullmatch(line) is not None
        if depth > MAX_BLOCK_DEPTH and "blocks" not in found and not rule:
            found["blocks"] = NestingProblem(
                number,
                start + 1,
                f"lists, quotes and indented blocks are nested {depth} levels deep here (at most"
                f" {MAX_BLOCK_DEPTH}) -> flatten them: split the list, or start a new section",
            )
        if opening:
            fence = (opening[0][0], len(opening[0]))
            continue
        prose = _blank_code_spans(line) if "`" in line else line
        if "<" in prose and "html" not in found:
            for tag in _TAG.finditer(prose):
                closing, name = tag[1] == "/", tag[2].lower()
                if name in _VOID or tag[3].rstrip().endswith("/"):
                    continue
                stack = html_open.setdefault(name, [])
                if closing:
                    if stack and stack.pop():
                        html_depth -= 1
                    continue
                markdown = bool(_MARKDOWN_ATTRIBUTE.search(tag[3]))
                stack.append(markdown)
                html_depth += markdown
                if html_depth > MAX_HTML_DEPTH:
                    found["html"] = NestingProblem(
                        number,
                        tag.start() + 1,
                        f"HTML elements with a markdown attribute are nested more than {MAX_HTML_DEPTH} deep"
                        " -> flatten them",
                    )
                    break
        if "delimiters" not in found and not rule:
            run = _DELIMITERS.search(prose)
            if run:
                found["delimiters"] = NestingProblem(
                    number,
                    run.start() + 1,
                    f"{len(run[0]):,} '*' and '_' marks in a row (at most {MAX_DELIMITER_RUN}) -> remove them,"
                    " or put literal ones in `code`",
                )
        if "brackets" not in found and "[" in prose:
            for bracket in _BRACKET.finditer(prose):
                if bracket[0] == "[":
                    brackets += 1
                    if brackets > MAX_OPEN_BRACKETS:
                        found["brackets"] = NestingProblem(
                            number,
                            bracket.start() + 1,
                            f"more than {MAX_OPEN_BRACKETS} '[' are open in this paragraph -> close them, or"
                            " write literal ones as \\[ or in `code`",
                        )
                        break
                elif bracket[0] == "]" and brackets:
                    brackets -= 1
    return sorted(found.values(), key=lambda problem: (problem.line, problem.column))
