"""Nav entries of mkdocs.yml with the line and column where each is written.

The nav is checked like the links of a page (see `helpcenter.links.check_nav_entry`);
this module only finds where in the configuration file each entry sits.
"""

from __future__ import annotations

from typing import Any

import yaml

from helpcenter.links.check import NavEntry


def nav_targets(nav: Any) -> list[str]:
    """Every page path or URL of a validated nav, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [target for value in nav.values() for target in nav_targets(value)]
    if isinstance(nav, list):
        return [target for item in nav for target in nav_targets(item)]
    return []


def _walk_node(node: yaml.Node) -> list[NavEntry]:
    if isinstance(node, yaml.ScalarNode):
        return [NavEntry(str(node.value), node.start_mark.line + 1, node.start_mark.column + 1)]
    if isinstance(node, yaml.MappingNode):
        return [entry for _, value in node.value for entry in _walk_node(value)]
    if isinstance(node, yaml.SequenceNode):
        return [entry for item in node.value for entry in _walk_node(item)]
    return []


def nav_entries(config_text: str, nav: Any) -> list[NavEntry]:
    """Every page or link of ``nav`` (the validated nav), located in ``config_text`` when it is written there.

    Entries the file does not spell out (an inherited or generated nav) get line 1.
    """
    targets = nav_targets(nav)
    located: list[NavEntry] = []
    try:
        document = yaml.compose(config_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        document = None
    if isinstance(document, yaml.MappingNode):
        for key, value in document.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "nav":
                located = _walk_node(value)
    if [entry.target for entry in located] == targets:
        return located
    return [NavEntry(target, 1, 1) for target in targets]
