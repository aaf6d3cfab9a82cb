"""Guards around page macros: what mkdocs-macros would misuse, and template syntax that reached the HTML.

Nothing here knows about MkDocs; hooks/jobs/macros.py calls these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree, inside
from helpcenter.text import position


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
_CODE = frozenset({"code", "pre", "script"})


def unrendered_template_syntax(tree: HtmlTree) -> list[str]:
    """Template syntax left in a rendered page outside code, e.g. a page with ``render_macros: false``."""
    found: list[str] = []
    for element in tree.elements:
        if element.tag in _CODE or inside(element.node, _CODE):
            continue
        texts = [value for value in element.attributes.values() if value]
        texts += [child.text_content or "" for child in element.node.iter(include_text=True) if child.is_text_node]
        for text in texts:
            if "{{" in text or "{%" in text:
                found.extend(match[0] for match in _TEMPLATE_SYNTAX.finditer(text))
    return found


def unrendered_findings(tree: HtmlTree, source: str, path: str) -> list[Finding]:
    """A finding for each piece of template syntax left in a rendered page, located in its ``source``."""
    if not tree.may_contain("{{", "{%"):
        return []
    findings = []
    for text in dict.fromkeys(unrendered_template_syntax(tree)):
        if text in source:
            index = source.find(text)
            where = position(source, index) if index >= 0 else (1, 1)
            fix = "remove `render_macros: false` from the front matter, or put the braces in `code`"
        else:
            # Snippets are inserted after macros have run, so their macros never render.
            where = (1, 1)
            fix = "it comes from a snippet (--8<--), where macros do not work: write that sentence in the page itself"
        findings.append(Finding(path, *where, "unrendered-macro", f"{text!r} would reach readers as typed -> {fix}"))
    return findings
