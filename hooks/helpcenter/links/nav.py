"""The nav of mkdocs.yml: every entry judged like a link written on the home page, located at its line.

Nothing here knows about MkDocs. `nav_targets` lists the entries of the
validated nav, `nav_entries` finds where in the configuration file each one is
written, and `check_nav_entry` judges one against the site index.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

import yaml

from helpcenter.links.judge import WEB_SCHEMES, LinkJudge, Verdict, did_you_mean
from helpcenter.links.site import SCHEME, SiteFile, SiteIndex


@dataclass(frozen=True, slots=True)
class NavEntry:
    target: str  # as written in mkdocs.yml
    line: int
    column: int


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


def check_nav_entry(index: SiteIndex, target: str) -> Verdict:
    """Judge one nav entry (a path relative to docs/, or a URL) like a link written on the home page."""
    home = SiteFile("index.md", "")
    target = target.strip()
    scheme = SCHEME.match(target)
    if scheme or target.startswith("//"):
        inside = index.same_site(target if scheme else f"https:{target}")
        if inside is None:
            return "external" if not scheme or scheme[1].lower() in WEB_SCHEMES else None
        return LinkJudge(index, {}).absolute(home, target, inside)
    if target.startswith("/"):
        return LinkJudge(index, {}).absolute(home, target, target.lstrip("/"))
    path = posixpath.normpath(target)
    found = index.by_src.get(path)
    if found is not None:
        return ("excluded-target", LinkJudge.excluded_message(target, found)) if found.excluded else None
    folded = index.by_src_folded.get(path.casefold())
    if folded is not None and not folded.excluded:
        return (
            "case-mismatch",
            f"nav entry `{target}` differs in letter case from {folded.src_path}: it works on a case-insensitive"
            f" disk but not on the build server -> write `{folded.src_path}`",
        )
    best = index.closest_file(path, pages=True)
    return (
        "page-not-found",
        f"nav entry `{target}` is not a page under docs/ -> fix the path, or create the page{did_you_mean(best)}",
    )
