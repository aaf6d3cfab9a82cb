"""What a writer leaves for themselves and must never reach readers: notes in the wrong comment form, and the
scaffold's stand-in text.

Nothing here knows about MkDocs. Page comments are written ``{## like this ##}``
(Jinja's own ``{# #}`` would collide with attr_list's ``{#id}``), so a writer's
``{# note #}`` is not a comment here and would be published as typed; and
`make article` starts a page with a stand-in description and sentences that are
meant to be replaced. Each is a located finding, so a strict build stops.
"""

from __future__ import annotations

import re

from helpcenter.findings import Finding
from helpcenter.pages.scaffold import PLACEHOLDER_SENTENCES, default_description
from helpcenter.pages.source import PageSource
from helpcenter.text import Lines, mask_code

# `{#` not followed by another `#`, up to the `#}` that closes it: a Jinja comment, never an attr_list id.
_JINJA_COMMENT = re.compile(r"\{#(?!#)(?P<text>(?:(?!#\}|\n\s*\n).){0,2000}?)#\}", re.DOTALL)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def unfinished_findings(source: PageSource) -> list[Finding]:
    """Every comment in the wrong form and every piece of scaffold text left in a page."""
    findings: list[Finding] = []
    body = mask_code(source.body)
    lines = Lines(source.body)
    if "{#" in body:
        for match in _JINJA_COMMENT.finditer(body):
            line, column = lines.position(match.start())
            findings.append(
                Finding(
                    source.path,
                    line + source.body_offset,
                    column,
                    "comment-form",
                    f"'{{# {_short(match['text'])} #}}' is not a comment in these pages, so readers would see it"
                    " -> write it {## like this ##}",
                )
            )
    for sentence in PLACEHOLDER_SENTENCES:
        start = body.find(sentence)
        while start >= 0:
            line, column = lines.position(start)
            findings.append(
                Finding(
                    source.path,
                    line + source.body_offset,
                    column,
                    "scaffold-text",
                    f"'{sentence}' is the new-article scaffold's stand-in -> replace the placeholder with this"
                    " article's own words",
                )
            )
            start = body.find(sentence, start + len(sentence))
    title, description = source.meta.get("title"), source.meta.get("description")
    if isinstance(title, str) and isinstance(description, str) and description == default_description(title):
        findings.append(
            Finding(
                source.path,
                source.key_line("description"),
                1,
                "scaffold-text",
                "the description is still the new-article scaffold's stand-in -> replace the placeholder with one"
                " sentence that says what this article helps the reader do",
            )
        )
    return findings


def without_misused_comments(markdown: str) -> str:
    """``markdown`` with every ``{# ... #}`` left out (lines kept), so a writer's note never reaches a page."""
    if "{#" not in markdown:
        return markdown
    masked = mask_code(markdown)
    pieces, cursor = [], 0
    for match in _JINJA_COMMENT.finditer(masked):
        pieces.append(markdown[cursor : match.start()])
        pieces.append("\n" * match[0].count("\n"))
        cursor = match.end()
    pieces.append(markdown[cursor:])
    return "".join(pieces)
