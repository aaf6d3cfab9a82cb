"""Redirects from the old addresses of moved pages (mkdocs-redirects' ``redirect_maps`` in mkdocs.yml).

Nothing here knows about MkDocs. The plugin writes, at each old address, a
small page with a meta refresh and an inline script that carries the reader's
``#anchor`` along. This module reads the map with the line of each entry, finds
the entries that cannot work (a target that is no page, an old address that is
a page of the site: the redirect would replace it), and makes each redirect
page one of the site's: the inline script becomes the site's own file
(overrides/assets/javascripts/redirect.js) and the page gets the policy pages
of its depth get, so a site-wide policy (a header) allows it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import yaml

from helpcenter.findings import Finding
from helpcenter.security.content import insert_policy
from helpcenter.text import did_you_mean, suggest


@dataclass(frozen=True)
class Redirect:
    old: str  # the moved page's old path under docs/, e.g. "billing/a.md"
    new: str  # the page readers go to, e.g. "matters/a.md#section", or an https:// address
    line: int  # where the entry is written in mkdocs.yml (1-based)
    column: int
    new_column: int


def _value(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((value for name, value in mapping.value if name.value == key), None)


def _plugin_entries(document: yaml.Node) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """(name, settings) of each plugin, whether `plugins:` is a list or a mapping."""
    plugins = _value(document, "plugins")
    if isinstance(plugins, yaml.MappingNode):
        yield from plugins.value
    elif isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                yield item.value[0]
            elif isinstance(item, yaml.ScalarNode):
                yield item, yaml.ScalarNode("tag:yaml.org,2002:null", "")


def redirect_maps_node(document: yaml.Node) -> tuple[yaml.ScalarNode, yaml.Node | None] | None:
    """The ``redirect_maps`` key of the redirects plugin and its value (None when empty); None without the plugin."""
    for name, settings in _plugin_entries(document):
        if name.value != "redirects" or not isinstance(settings, yaml.MappingNode):
            continue
        for key, value in settings.value:
            if key.value == "redirect_maps":
                empty = isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null")
                return key, None if empty else value
    return None


def read_redirects(config_text: str) -> list[Redirect]:
    try:
        document = yaml.compose(config_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # MkDocs reports an unreadable configuration itself
    found = redirect_maps_node(document) if document is not None else None
    if found is None or not isinstance(found[1], yaml.MappingNode):
        return []
    return [
        Redirect(
            str(key.value),
            str(value.value),
            key.start_mark.line + 1,
            key.start_mark.column + 1,
            value.start_mark.column + 1,
        )
        for key, value in found[1].value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    ]


def check_redirects(redirects: list[Redirect], pages: Collection[str], config_name: str) -> list[Finding]:
    """Entries that cannot work, each at its line of mkdocs.yml."""
    findings = []
    for redirect in redirects:
        target = redirect.new.split("#", 1)[0]
        if redirect.old in pages:
            findings.append(
                Finding(
                    config_name,
                    redirect.line,
                    redirect.column,
                    "redirect-over-page",
                    f"`{redirect.old}` is a page of the site, so a redirect from its address would replace it"
                    " -> remove this line (the page is back at its old address)",
                )
            )
        elif not redirect.old.endswith(".md"):
            findings.append(
                Finding(
                    config_name,
                    redirect.line,
                    redirect.column,
                    "redirect-not-a-page",
                    f"`{redirect.old}` is not a page's path -> write the old page's path under docs/, ending in .md",
                )
            )
        if not redirect.new.startswith(("https://", "http://")) and target not in pages:
            findings.append(
                Finding(
                    config_name,
                    redirect.line,
                    redirect.new_column,
                    "redirect-target-missing",
                    f"`{redirect.new}` is not a page of the site, so readers of `{redirect.old}` would land nowhere"
                    f" -> write the path under docs/ of the page that replaced it"
                    f"{did_you_mean(suggest(target, pages), quote='`')}",
                )
            )
    return findings


_INLINE_SCRIPT = re.compile(r"<script>.*?</script>", re.DOTALL)
REDIRECT_SCRIPT = "assets/javascripts/redirect.js"


def secure_redirect_page(page_html: str, *, base_url: str, policy: str) -> str:
    """The plugin's redirect page with its inline script as the site's own file, under ``policy``.

    ``base_url`` leads from the page to the site's root (``../..``).
    """
    script = f'<script src="{base_url}/{REDIRECT_SCRIPT}"></script>'
    return insert_policy(_INLINE_SCRIPT.sub(lambda _: script, page_html, count=1), policy)
