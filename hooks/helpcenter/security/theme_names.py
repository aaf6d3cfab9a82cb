"""The ids and names the theme finds its own elements by: a page must not use them.

Nothing here knows about MkDocs. Material reads its settings with
``querySelector("#__config")``, and the first element with that id wins: a page
holding ``<div id="__config">`` comes before the theme's script and would
redirect its search worker. So every id, ``name`` and ``for`` the theme's
templates write, and every id its scripts look up, is the theme's.
`collect_theme_names` reads them from the templates and scripts themselves (so
a new version of Material or a new override is covered without a list to keep),
and `ThemeNames.owner` says whether a value of a page is one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# In templates: an id, name or for attribute, or a link to an id; its value up to the first template tag.
_TEMPLATE_ATTRIBUTE = re.compile(r"""\b(id|name|for)\s*=\s*["']([^"'<>]*)""")
_TEMPLATE_LINK = re.compile(r"""\bhref\s*=\s*["']#([^"'<>{]+)["']""")
_VARIABLE = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*-?\}\}")
# `{% set name = "text" ... %}`: the text a variable starts with.
_SET = re.compile(r"""\{%-?\s*set\s+([A-Za-z_]\w*)\s*=\s*["']([^"']*)["']\s*(~)?""")
# In scripts: "#id" selectors and getElementById("id"), and Material's own "__name" ids and keys
# (with `${...}` where the script adds a number).
_SCRIPT_SELECTOR = re.compile(r"""["'`]#([A-Za-z_][\w:-]*)(\$\{)?""")
_SCRIPT_BY_ID = re.compile(r"""getElementById\(\s*["'`]([A-Za-z_][\w:-]*)(\$\{)?""")
_SCRIPT_PRIVATE = re.compile(r"""["'`](__[A-Za-z][\w-]*)(\$\{)?""")


@dataclass(frozen=True)
class ThemeNames:
    ids: frozenset[str]  # ids, and the ids labels point at ("for")
    names: frozenset[str]  # form fields' and meta tags' names
    prefixes: frozenset[str]  # the theme numbers these: "__palette_" for "__palette_0", "__palette_1", ...

    def owner(self, value: str, *, as_name: bool = False) -> str | None:
        """The theme's id (or name) or prefix that ``value`` is, or None when a page may use it.

        A page's ``name`` may be neither (an anchor's name is found like an id); its id only not an id: a
        heading called "Search" may have the id ``search`` although the theme's search form is named so.
        """
        if value in self.ids or (as_name and value in self.names):
            return value
        return next((prefix for prefix in sorted(self.prefixes) if value.startswith(prefix)), None)


NO_THEME_NAMES = ThemeNames(frozenset(), frozenset(), frozenset())


def collect_theme_names(templates: Iterable[Path], scripts: Iterable[str]) -> ThemeNames:
    """The ids and names in ``templates`` (Jinja HTML files) and ``scripts`` (JavaScript texts, minified or not)."""
    ids: set[str] = set()
    names: set[str] = set()
    prefixes: set[str] = set()
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in templates]
    variables = _set_variables(texts)
    for text in texts:
        for attribute, value in _TEMPLATE_ATTRIBUTE.findall(text):
            _add_template_value(value, variables, names if attribute == "name" else ids, prefixes)
        ids.update(_TEMPLATE_LINK.findall(text))
    for text in scripts:
        for pattern in (_SCRIPT_SELECTOR, _SCRIPT_BY_ID, _SCRIPT_PRIVATE):
            for name, numbered in pattern.findall(text):
                (prefixes if numbered else ids).add(name)
    # A prefix of one or two characters ("#x${n}") would take every id that starts alike.
    return ThemeNames(frozenset(ids), frozenset(names), frozenset(prefix for prefix in prefixes if len(prefix) > 2))


def _set_variables(texts: list[str]) -> dict[str, list[tuple[str, bool]]]:
    """Each template variable set from a text: that text, and whether more is added to it (``~ loop.index``)."""
    variables: dict[str, list[tuple[str, bool]]] = {}
    for text in texts:
        for name, value, more in _SET.findall(text):
            variables.setdefault(name, []).append((value, bool(more)))
    return variables


def _add_template_value(
    value: str, variables: dict[str, list[tuple[str, bool]]], exact: set[str], prefixes: set[str]
) -> None:
    start = value.find("{")
    if start < 0:
        if value.strip():
            exact.add(value.strip())
        return
    if start > 0:
        prefixes.add(value[:start])  # "__palette_{{ loop.index0 }}"
        return
    variable = _VARIABLE.match(value)
    if variable is None:
        return
    rest = value[variable.end() :]
    for text, more in variables.get(variable[1], []):
        if more or rest:
            prefixes.add(text)  # "__nav_" ~ loop.index, or "{{ path }}_label"
        elif text:
            exact.add(text)
