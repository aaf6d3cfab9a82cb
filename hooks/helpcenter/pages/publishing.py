"""Two audiences, one source: the writers' preview and the readers' published site.

Nothing here knows about MkDocs. ``HELPCENTER_MODE=publish`` makes the
readers' site: none of the writers' chrome (edit pencils, the repository link),
and no placeholder left. A placeholder is a value nobody has confirmed yet:
an address on a reserved example domain in mkdocs.yml (``site_url``,
``repo_url``, the feedback endpoint), or a fact listed under ``placeholders:``
in the facts file. The preview shows them; the publishing build refuses them,
each at its own line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

import yaml

from helpcenter.facts.model import FactsDocument
from helpcenter.findings import Finding

MODE_VARIABLE = "HELPCENTER_MODE"
Mode = Literal["preview", "publish"]
MODES: tuple[Mode, ...] = ("preview", "publish")

# RFC 2606 and RFC 6761: names reserved for examples, never a real site.
_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
_EXAMPLE_SUFFIXES = (".example", ".invalid", ".test")


class ModeError(ValueError):
    """HELPCENTER_MODE has a value this build does not know."""


def build_mode(environ: Mapping[str, str]) -> Mode:
    value = environ.get(MODE_VARIABLE, "").strip().lower() or "preview"
    for mode in MODES:
        if value == mode:
            return mode
    raise ModeError(
        f"{MODE_VARIABLE}={environ.get(MODE_VARIABLE)!r} is not a build mode -> use 'publish' for the readers' site,"
        " or leave it unset for the writers' preview"
    )


_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org"})


def is_placeholder_url(url: str | None) -> bool:
    """Whether ``url`` points at a reserved example domain, or at the "example" owner of a code host."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower().rstrip(".")
    if host in _CODE_HOSTS:
        return parts.path.strip("/").split("/")[0].lower() == "example"
    return bool(host) and (
        host in _EXAMPLE_DOMAINS
        or host.endswith(tuple(f".{domain}" for domain in _EXAMPLE_DOMAINS))
        or host.endswith(_EXAMPLE_SUFFIXES)
    )


_SETTINGS: dict[tuple[str, ...], str] = {
    ("site_url",): "the address the site is published at",
    ("repo_url",): "where the site's source lives",
    ("extra", "feedback", "endpoint"): "the address the feedback service is deployed at",
}


def _value_locations(config_text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where the value of each of `_SETTINGS` is written in mkdocs.yml."""
    try:
        document = yaml.compose(config_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    for path in _SETTINGS:
        node = document
        for part in path:
            if not isinstance(node, yaml.MappingNode):
                node = None
                break
            node = next((value for key, value in node.value if getattr(key, "value", None) == part), None)
        if node is not None:
            found[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    return found


def publish_problems(
    settings: Mapping[tuple[str, ...], str | None],
    *,
    config_text: str,
    config_name: str,
    facts: FactsDocument | None,
    facts_name: str,
) -> list[Finding]:
    """Every placeholder a publishing build would ship, located where a writer sets its real value.

    ``settings`` maps each of `_SETTINGS` to its value as the build resolved it.
    """
    findings = []
    locations = _value_locations(config_text)
    for path, meaning in _SETTINGS.items():
        value = settings.get(path)
        if is_placeholder_url(value):
            line, column = locations.get(path, (1, 1))
            findings.append(
                Finding(
                    config_name,
                    line,
                    column,
                    "placeholder",
                    f"{'.'.join(path)} is still the placeholder {value!r} -> set {meaning} before publishing",
                )
            )
    for fact in facts.placeholders if facts is not None else ():
        line, column = facts.where(fact) if facts is not None and fact in facts.locations else (1, 1)
        findings.append(
            Finding(
                facts_name,
                line,
                column,
                "placeholder",
                f"fact '{fact}' is still a placeholder -> set its real value, then remove its line from"
                " `placeholders:`",
            )
        )
    return findings
