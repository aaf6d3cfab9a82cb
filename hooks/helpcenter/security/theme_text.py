"""Text the theme prints as it is: no markup characters in it.

Nothing here knows about MkDocs. Material prints a page's title and
description, the site's name and the nav's titles without escaping them, into
``<title>``, ``<meta content="...">``, the header and the nav. So those values
must be text: `markup_problem` refuses ``<`` and ``>`` (which open a tag) and
``"`` (which closes an attribute), and `config_text_problems` applies that to
the strings of mkdocs.yml the theme prints, each located at its line.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from helpcenter.findings import Finding

MARKUP = ("<", ">", '"')
_FIXES = {
    "<": "write it in words ('less than', 'before')",
    ">": "write it in words ('more than', 'then')",
    '"': "use typographic quotes, “like this”, or none",
}


def markup_problem(value: str, *, quotes: bool = True) -> str | None:
    """What is wrong with ``value`` as text the theme prints, or None. ``quotes=False`` allows ``"``."""
    for character in MARKUP if quotes else MARKUP[:2]:
        if character in value:
            return (
                f"contains {character}, which the theme would print as part of the page's HTML -> {_FIXES[character]}"
            )
    return None


# The settings of mkdocs.yml that the theme prints into pages.
PRINTED_SETTINGS = (
    "site_name",
    "site_description",
    "site_author",
    "copyright",
    "repo_name",
    "repo_url",
    "edit_uri",
    "site_url",
    "nav",
    "theme",
    "extra",
)


def _scalars(node: yaml.Node, path: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    stack: list[tuple[yaml.Node, str]] = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield where, current
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if where.startswith("nav"):
                        yield "nav title", key  # the nav's titles are its keys
                    stack.append((value, f"{where}.{key.value}"))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, where) for item in current.value)


def config_text_problems(config_text: str, config_name: str) -> list[Finding]:
    """Markup characters in the settings of mkdocs.yml that the theme prints, located at their line."""
    try:
        document = yaml.compose(config_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # MkDocs reports an unreadable configuration itself
    if not isinstance(document, yaml.MappingNode):
        return []
    findings = []
    for key, value in document.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in PRINTED_SETTINGS:
            continue
        for where, scalar in _scalars(value, key.value):
            problem = markup_problem(str(scalar.value))
            if problem is not None:
                findings.append(
                    Finding(
                        config_name,
                        scalar.start_mark.line + 1,
                        scalar.start_mark.column + 1,
                        "markup-in-setting",
                        f"'{where}' {problem}",
                    )
                )
    return findings
