"""What readers send, validated strictly: every refusal is a 4xx with one plain reason.

Pydantic checks the shapes; `_reason` turns its first complaint into a sentence
about the field. Strings are also refused when a database could not store them
(NUL, lone surrogates) or when they carry control characters no form produces.
Comments and queries are masked (`privacy.mask`) and normalised before they are
stored, and their length is checked again afterwards: lower-casing or masking can
make a text longer ("İ" becomes two characters), and no database may be the one
to refuse it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from feedback_service.privacy import mask
from feedback_service.tables import PAGE_LENGTH, QUERY_LENGTH, TITLE_LENGTH, VERSION_LENGTH

MAX_BODY_BYTES = 4096
MAX_COMMENT = 1000
MAX_URL = PAGE_LENGTH
MAX_TITLE = TITLE_LENGTH
MAX_VERSION = VERSION_LENGTH
MAX_QUERY = QUERY_LENGTH

VOTES = ("yes", "no")
# The follow-up reasons after a "No": the values are the contract with the widget, its labels may change.
REASONS = ("confusing-or-wrong", "not-what-i-was-looking-for", "dislike-functionality")

# C0 controls, DEL and C1 controls; tab, line feed and carriage return are fine in a comment.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_COMMENT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Refusal(ValueError):
    """A 4xx answer: ``status`` and the ``reason`` sent back as JSON."""

    def __init__(self, status: int, reason: str, field: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(reason)
        self.status, self.reason, self.field, self.headers = status, reason, field, headers or {}

    def body(self) -> dict[str, str]:
        return {"reason": self.reason, **({"field": self.field} if self.field else {})}


class VoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    url: Annotated[str, Field(max_length=MAX_URL)]
    title: Annotated[str | None, Field(max_length=MAX_TITLE)] = None
    vote: Literal["yes", "no"]
    reason: Literal["confusing-or-wrong", "not-what-i-was-looking-for", "dislike-functionality"] | None = None
    comment: Annotated[str | None, Field(max_length=MAX_COMMENT)] = None
    version: Annotated[str | None, Field(max_length=MAX_VERSION)] = None


class SearchBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    query: Annotated[str, Field(max_length=MAX_QUERY)]
    url: Annotated[str, Field(max_length=MAX_URL)]


_ONE_OF = {
    "vote": 'vote must be "yes" or "no"',
    "reason": "reason must be one of " + ", ".join(f'"{value}"' for value in REASONS) + ", or null",
}
_FIELDS = {VoteBody: "url, title, vote, reason, comment and version", SearchBody: "query and url"}
_KIND = {VoteBody: "a vote", SearchBody: "a search"}


def _reason(model: type[BaseModel], error: ValidationError) -> Refusal:
    issue = error.errors()[0]
    name = str(issue["loc"][0]) if issue["loc"] else ""
    kind = issue["type"]
    optional = not model.model_fields[name].is_required() if name in model.model_fields else False
    if kind == "extra_forbidden":
        message = f"unknown field {name!r}: {_KIND[model]} has only {_FIELDS[model]}"
    elif kind == "missing":
        message = f"{name} is missing"
    elif kind == "literal_error" or name in _ONE_OF:
        message = _ONE_OF[name]
    elif kind == "string_unicode":  # a lone surrogate: valid JSON, but no database can store it
        message = f"{name} contains characters that are not allowed"
    elif kind == "string_too_long":
        message = f"{name} is longer than {issue['ctx']['max_length']} characters"
    else:
        message = f"{name} must be a string" + (" or null" if optional else "")
    return Refusal(422, message, name or None)


def parse_json(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise Refusal(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # also invalid UTF-8 and integers too long to convert
        raise Refusal(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refusal(400, "the body must be a JSON object")
    return data


def _check_text(name: str, value: str | None, pattern: re.Pattern[str] = _CONTROL) -> None:
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refusal(422, f"{name} contains characters that are not allowed", name) from None
    if pattern.search(value):
        raise Refusal(422, f"{name} contains characters that are not allowed", name)


def _fits(name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise Refusal(422, f"{name} is longer than {limit} characters once normalised", name)


@dataclass(frozen=True)
class Vote:
    url: str
    vote: str
    reason: str | None
    comment: str | None
    version: str | None


@dataclass(frozen=True)
class Search:
    query: str  # normalised: trimmed, spaces collapsed, lower case, masked
    url: str


def parse_vote(data: dict[str, Any]) -> Vote:
    try:
        body = VoteBody.model_validate(data)
    except ValidationError as error:
        raise _reason(VoteBody, error) from None
    for name in ("url", "title", "version"):
        _check_text(name, getattr(body, name))
    _check_text("comment", body.comment, _COMMENT_CONTROL)
    if body.vote == "yes" and body.reason is not None:
        raise Refusal(422, 'reason is only for a "no" vote', "reason")
    comment = mask((body.comment or "").strip()) or None
    version = (body.version or "").strip() or None
    _fits("comment", comment, MAX_COMMENT)
    return Vote(body.url, body.vote, body.reason, comment, version)


def normalise_query(query: str) -> str:
    return mask(" ".join(query.split()).lower())


def parse_search(data: dict[str, Any]) -> Search:
    try:
        body = SearchBody.model_validate(data)
    except ValidationError as error:
        raise _reason(SearchBody, error) from None
    _check_text("query", body.query)
    _check_text("url", body.url)
    query = normalise_query(body.query)
    if not query:
        raise Refusal(422, "query is empty", "query")
    _fits("query", query, MAX_QUERY)
    return Search(query, body.url)
