"""Two layout mistakes Markdown lets through: a heading repeated in its section, and tab characters.

Nothing here knows about MkDocs. Both render without an error, so only lint
used to see them, in its own words (MD024, MD010). Here each is a finding at
its line, in a writer's words:

- two headings with the same words at the same level under the same parent:
  the table of contents and search results show two identical entries;
- a tab character: Python-Markdown counts a tab as four spaces, editors show
  it as two or eight, so a list indented with tabs nests differently from what
  the writer sees, and a tab inside a sentence is an invisible gap.

Code (fenced, indented, spans) is left alone: tabs and repeated lines are fine there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpcenter.findings import Finding
from helpcenter.text import mask_code

_HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})[ \t]+(?P<text>.*?)[ \t]*$")
# What follows the words: attr_list's { #id .class }, then closing #s.
_TRAILER = re.compile(r"(?:[ \t]*\{[^{}]*\})?(?:[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class _Heading:
    line: int  # 1-based, in the body
    level: int
    words: str  # as written, without its {#id}
    key: str  # what makes two headings the same: the words, case and spacing aside


def _headings(body: str, masked: str) -> list[_Heading]:
    found = []
    for number, (line, masked_line) in enumerate(zip(body.split("\n"), masked.split("\n"), strict=True), start=1):
        match = _HEADING.match(masked_line)
        if match is None:
            continue
        written = _HEADING.match(line)
        words = _TRAILER.sub("", written["text"] if written else match["text"]).strip()
        if words:
            found.append(_Heading(number, len(match["marks"]), words, " ".join(words.split()).casefold()))
    return found


def repeated_headings(body: str, *, path: str, line_offset: int) -> list[Finding]:
    """A heading whose words another heading of the same level already uses under the same parent."""
    findings = []
    parents: list[_Heading] = []  # the open headings, outermost first
    seen: dict[tuple[int, int, str], _Heading] = {}  # (parent's line, level, words) -> first heading
    for heading in _headings(body, mask_code(body)):
        while parents and parents[-1].level >= heading.level:
            parents.pop()
        parent_line = parents[-1].line if parents else 0
        first = seen.setdefault((parent_line, heading.level, heading.key), heading)
        if first is not heading:
            findings.append(
                Finding(
                    path,
                    heading.line + line_offset,
                    1,
                    "duplicate-heading",
                    f"the heading '{heading.words}' is already used on line {first.line + line_offset}, in the same"
                    " section -> give this one other words: readers see both in the table of contents and in search",
                )
            )
        parents.append(heading)
    return findings


def tab_characters(body: str, *, path: str, line_offset: int) -> list[Finding]:
    """The first tab character outside code, saying how many other lines have one (one finding per page)."""
    lines = [(number, line) for number, line in enumerate(mask_code(body).split("\n"), start=1) if "\t" in line]
    if not lines:
        return []
    number, masked_line = lines[0]
    column = masked_line.find("\t")
    more = f" (and {len(lines) - 1} more line{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
    if not masked_line[:column].strip():
        message = (
            f"a tab indents this line{more} -> indent with spaces: four per level of a list, box or tab"
            " (Markdown counts a tab as four spaces, so what you see is not what nests)"
        )
    else:
        message = f"a tab character is in this line{more} -> replace it with a space (readers see an odd gap)"
    return [Finding(path, number + line_offset, column + 1, "tab-character", message)]


def layout_problems(body: str, *, path: str, line_offset: int) -> list[Finding]:
    """Repeated headings and tab characters in a page's body (``line_offset``: lines before the body)."""
    return [
        *repeated_headings(body, path=path, line_offset=line_offset),
        *tab_characters(body, path=path, line_offset=line_offset),
    ]
