"""How Markdown writes a link's destination: read by the link checker (hooks/helpcenter/links/scan.py) and by
`make move` (hooks/helpcenter/pages/moving.py), which must agree on what a link is.

Offsets are into a text whose code and comments are already masked (`helpcenter.text.mask_code`).
"""

from __future__ import annotations

import re

INLINE_START = re.compile(r"\]\(")  # "](" : an inline link's destination follows
# "[label]: destination" at the start of a line, in a blockquote too.
REFERENCE_DEFINITION = re.compile(
    r"^[ \t>]*\[(?P<label>[^\]\n^][^\]\n]*)\]:[ \t]*\n?[ \t]*(?:<(?P<angle>[^>\n]*)>|(?P<bare>\S+))", re.MULTILINE
)


def inline_destination(text: str, start: int) -> tuple[int, int, int] | None:
    """Parse an inline link destination at ``text[start:]`` (just after "(").

    Returns where the destination begins and ends (without angle brackets) and
    the offset of the closing ")", or None when this is not a link.
    """
    index = start
    length = len(text)
    while index < length and text[index] in " \t\n":
        index += 1
    if index < length and text[index] == "<":
        close = text.find(">", index)
        if close < 0 or "\n" in text[index:close]:
            return None
        begin, end = index + 1, close
        index = close + 1
    else:
        depth = 0
        begin = index
        while index < length:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char in " \t\n":
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            index += 1
        end = min(index, length)
    # Skip an optional title, then expect ")" before the paragraph ends.
    close = text.find(")", end)
    paragraph_break = text.find("\n\n", end)
    if close < 0 or (0 <= paragraph_break < close):
        return None
    return begin, end, close
