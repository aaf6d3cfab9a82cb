"""Guards around page macros: what mkdocs-macros would misuse, and template syntax that reached the HTML.

Nothing here knows about MkDocs; hooks/safe_macros.py calls these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import lxml.etree
import lxml.html

from helpcenter.findings import Finding


def reserved_front_matter(meta: Mapping[str, object], reserved: Iterable[str]) -> dict[str, str]:
    """Front-matter keys that mkdocs-macros would misuse, each with what is wrong and the fix.

    mkdocs-macros turns every front-matter key into a page variable, so
    ``product: Acme`` would silently replace a fact on that page; and it raises
    (a traceback) on the retired ``ignore_macros``.
    """
    problems = {}
    if "ignore_macros" in meta:
        problems["ignore_macros"] = (
            "'ignore_macros' is no longer supported -> delete it; to show template syntax, put it in `code`"
        )
    for key in sorted(set(reserved) & set(meta)):
        problems[key] = f"'{key}' would replace the fact or macro of that name on this page -> rename the key"
    return problems


_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%", re.DOTALL)
_OUTSIDE_CODE = "(//text() | //@*)[not(ancestor::code or ancestor::pre or ancestor::script)]"


def unrendered_template_syntax(html: str) -> list[str]:
    """Template syntax left in a rendered page outside code, e.g. a page with ``render_macros: false``."""
    if "{{" not in html and "{%" not in html:
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return []
    found = []
    for text in root.xpath(_OUTSIDE_CODE):
        found.extend(match[0] for match in _TEMPLATE_SYNTAX.finditer(str(text)))
    return found


def unrendered_findings(html: str, source: str, path: str) -> list[Finding]:
    """A finding for each piece of template syntax left in a rendered page, located in its ``source``."""
    findings = []
    for text in dict.fromkeys(unrendered_template_syntax(html)):
        if text in source:
            where = line_and_column(source, text)
            fix = "remove `render_macros: false` from the front matter, or put the braces in `code`"
        else:
            # Snippets are inserted after macros have run, so their macros never render.
            where = (1, 1)
            fix = "it comes from a snippet (--8<--), where macros do not work: write that sentence in the page itself"
        findings.append(Finding(path, *where, "unrendered-macro", f"{text!r} would reach readers as typed -> {fix}"))
    return findings


def key_line(source: str, key: str) -> int:
    """1-based line of a top-level YAML ``key:`` (in front matter), else 1."""
    match = re.search(rf"^{re.escape(key)}[ \t]*:", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def line_and_column(source: str, needle: str) -> tuple[int, int]:
    """1-based position of the first ``needle`` in ``source``, else (1, 1)."""
    index = source.find(needle)
    if index < 0:
        return 1, 1
    return source.count("\n", 0, index) + 1, index - source.rfind("\n", 0, index)
