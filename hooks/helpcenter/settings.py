"""The project's own settings in mkdocs.yml (`extra.helpcenter`, `extra.feedback`): one schema, located errors.

Nothing here knows about MkDocs. A typo in a setting is a writer's typo like
any other: `parse_settings` stops with ``mkdocs.yml:LINE:COL`` and a "did you
mean" instead of silently using a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt, StrictBool
from pydantic import ValidationError as _ValidationError

from helpcenter.schema import dotted, explain
from helpcenter.yamlsource import key_locations, nearest_location


class SettingsError(Exception):
    """The settings are unusable; the message lists each problem at its line of mkdocs.yml."""


def _empty_is_default(value: Any) -> Any:
    # `links:` with every line commented out reads as None: the defaults apply.
    return {} if value is None else value


def _host_name(host: str) -> str:
    if not host or "/" in host or ":" in host or " " in host:
        raise ValueError(f"{host!r} is not a host name -> write the name alone, e.g. www.youtube-nocookie.com")
    return host.lower()


ENDPOINT_VARIABLE = "HELPCENTER_FEEDBACK_ENDPOINT"  # overrides extra.feedback.endpoint (`make serve` sets it)
_ENDPOINT_EXAMPLES = "e.g. https://feedback.example.com or /feedback on the site's own host"


def _endpoint(value: str) -> str:
    """The feedback service's base address (it serves {endpoint}/api/votes)."""
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        raise ValueError(f"{value!r} has a query or fragment -> give the service's base address, {_ENDPOINT_EXAMPLES}")
    if parts.scheme in ("https", "http") and parts.netloc:
        return value.rstrip("/")
    if not parts.scheme and not parts.netloc and value.startswith("/"):
        return value.rstrip("/")  # same origin as the site, behind the same reverse proxy
    raise ValueError(f"{value!r} is not an http(s) address or a path starting with '/' -> {_ENDPOINT_EXAMPLES}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinksSettings(_Strict):
    report: Annotated[str | None, Field(description="also write every finding and external URL as JSON here")] = None


class StaleSettings(_Strict):
    after_days: Annotated[PositiveInt, Field(description="an article is stale this many days after its review")] = 365
    warn_in_build: Annotated[StrictBool, Field(description="also warn in every build (strict builds then fail)")] = (
        False
    )
    unhelpful_min_votes: Annotated[PositiveInt, Field(description="votes an article needs before it is judged")] = 5
    unhelpful_below_percent: Annotated[
        int, Field(strict=True, ge=1, le=100, description="unhelpful when fewer of its votes than this say 'yes'")
    ] = 50


class SearchBlock(_Strict):
    synonyms_file: Annotated[str, Field(min_length=1, description="the readers' words for ours")] = "data/synonyms.yml"
    popular: Annotated[
        list[Annotated[str, Field(min_length=1)]] | None,
        Field(min_length=1, max_length=3, description="the articles an empty search offers; else the most linked-to"),
    ] = None


class HelpcenterSettings(_Strict):
    facts_file: str = "data/facts.yml"
    tags_file: str = "data/tags.yml"
    links: Annotated[LinksSettings, BeforeValidator(_empty_is_default)] = LinksSettings()
    stale: Annotated[StaleSettings, BeforeValidator(_empty_is_default)] = StaleSettings()
    search: Annotated[SearchBlock, BeforeValidator(_empty_is_default)] = SearchBlock()
    page_seconds: Annotated[
        float, Field(strict=True, gt=0, le=600, description="the longest a page may take to render, in seconds")
    ] = 10.0
    iframe_hosts: Annotated[
        list[Annotated[str, AfterValidator(_host_name)]],
        BeforeValidator(_empty_is_default),
        Field(description="hosts pages may embed in an <iframe>"),
    ] = []


class FeedbackBlock(_Strict):
    endpoint: Annotated[str, AfterValidator(_endpoint)] | None = None


class Settings(_Strict):
    """`extra.helpcenter` and `extra.feedback`, as mkdocs.yml sets them."""

    helpcenter: Annotated[HelpcenterSettings, BeforeValidator(_empty_is_default)] = HelpcenterSettings()
    feedback: Annotated[FeedbackBlock, BeforeValidator(_empty_is_default)] = FeedbackBlock()


def _extra_locations(config_text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Where each key under `extra:` is written (composing only: mkdocs.yml may use !ENV and other tags)."""
    try:
        document = yaml.compose(config_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    if not isinstance(document, yaml.MappingNode):
        return {}
    for key, value in document.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "extra":
            return key_locations(value, first_line=1)
    return {}


def setting_location(config_text: str, path: tuple[Any, ...]) -> tuple[int, int]:
    """Where a setting under `extra:` is written in mkdocs.yml (or its nearest written parent)."""
    return nearest_location(_extra_locations(config_text), path)


def parse_settings(
    extra: Mapping[str, Any], *, config_text: str, config_name: str, environ: Mapping[str, str] | None = None
) -> Settings:
    """Validate the project's blocks of ``extra`` (and the environment's override of the feedback endpoint);
    raise `SettingsError` naming ``mkdocs.yml:LINE:COL`` or the variable."""
    ours = {key: extra[key] for key in ("helpcenter", "feedback") if key in extra}
    override = (environ or {}).get(ENDPOINT_VARIABLE, "").strip()
    try:
        settings = Settings.model_validate(ours)
    except _ValidationError as error:
        locations = _extra_locations(config_text)
        problems = []
        for problem in explain(error, Settings, noun="setting"):
            line, column = nearest_location(locations, problem.path)
            problems.append((line, column, f"extra.{dotted(problem.path)}: {problem.message}"))
        raise SettingsError(
            "\n".join(f"{config_name}:{line}:{column}: {text}" for line, column, text in sorted(problems))
        ) from None
    if not override:
        return settings
    try:
        endpoint = _endpoint(override)
    except ValueError as error:
        raise SettingsError(f"{ENDPOINT_VARIABLE} (environment variable): {error}") from None
    return settings.model_copy(update={"feedback": FeedbackBlock(endpoint=endpoint)})
