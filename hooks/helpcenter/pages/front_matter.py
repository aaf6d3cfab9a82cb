"""Front matter of help-center pages: one schema, located findings.

Nothing here knows about MkDocs. `parse_front_matter` reads the ``---`` block
at the top of a page's raw source and remembers where each key is written;
`check_front_matter` validates it against `FrontMatter` (the ONE list of keys a
page may use) and the project's rules, and returns findings located at the
offending line of the file the writer edits.

To allow a new key, add a field to `FrontMatter` with a ``description`` and
document it in WRITING-REFERENCE.md ("Front matter"); a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, ValidationError

from helpcenter.articles import is_article
from helpcenter.findings import Finding, Position
from helpcenter.schema import explain_issue
from helpcenter.security.theme_text import markup_problem
from helpcenter.text import did_you_mean, suggest
from helpcenter.yamlsource import YamlProblem, duplicate_keys, key_locations, load_located, nearest_location

DESCRIPTION_MAX = 160

# --- the schema ---------------------------------------------------------------


def _iso_date(value: Any) -> Any:
    # YAML already turns 2026-11-25 into a date; accept the quoted form too,
    # and refuse numbers (pydantic would read 20261125 as a Unix timestamp).
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("is not a date -> write it as YEAR-MONTH-DAY, e.g. 2026-01-31")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
_ANCHOR = re.compile(r"[A-Za-z][\w-]*")


def is_anchor(value: object) -> TypeGuard[str]:
    """Whether ``value`` is written as the id of a heading (``review-window``, no ``#``)."""
    return isinstance(value, str) and _ANCHOR.fullmatch(value) is not None


def _anchor(value: Any) -> Any:
    if is_anchor(value):
        return value
    raise ValueError(
        f"must be the id of a heading on this page (got {value!r}) -> write it without '#', e.g. my-heading"
    )


Anchor = Annotated[str, BeforeValidator(_anchor)]
Text = Annotated[str, Field(min_length=1)]


class SearchSettings(BaseModel):
    """Material's per-page search settings."""

    model_config = ConfigDict(extra="forbid")
    exclude: bool = False
    boost: Annotated[float, Field(gt=0, le=10)] | None = None


class FrontMatter(BaseModel):
    """Every key a page may set in its front matter, and nothing else."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(min_length=1, description="the page title: browser tab, navigation, search results")]
    description: Annotated[
        str,
        Field(
            min_length=1, max_length=DESCRIPTION_MAX, description="one sentence for search engines and link previews"
        ),
    ]
    tags: Annotated[list[Text], Field(description="topics, each one from data/tags.yml")] = []
    related: Annotated[list[Text], Field(description="other pages to read next, as paths under docs/")] = []
    reviewed: Annotated[IsoDate | None, Field(description="the day the article was last checked; articles only")] = None
    faq: Annotated[bool, Field(description="true on FAQ pages: fills the question index")] = False
    # Strict: the theme tests for exactly true, so "yes" is an error here rather than silently ignored there.
    about_review_window: Annotated[
        StrictBool,
        Field(description="true on pages about the review window: their end says how to reach the migration team"),
    ] = False
    defines_review_window: Annotated[
        Anchor | None,
        Field(description="on the page that defines the review window: the id of that heading, which pages link to"),
    ] = None
    hide: Annotated[
        list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]],
        Field(description="parts of Material's page layout to hide"),
    ] = []
    search: Annotated[SearchSettings | None, Field(description="Material search: exclude the page, or boost it")] = None
    # Its value is checked where it is used, by the link check (hooks/jobs/links.py).
    linkcheck: Annotated[Any, Field(description="silence link findings: false, or {ignore: [code, ...]}")] = None


# --- parsing -------------------------------------------------------------------

_OPENING = re.compile(r"-{3}[ \t]*\n")
_CLOSING = re.compile(r"^(?:-{3}|\.{3})[ \t]*$", re.MULTILINE)


class FrontMatterError(Exception):
    """The front matter cannot be read at all; carries the one finding that says why."""

    def __init__(self, line: int, column: int, code: str, message: str):
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message

    def finding(self, path: str) -> Finding:
        return Finding(path, self.line, self.column, self.code, self.message)


@dataclass(frozen=True)
class ParsedFrontMatter:
    data: dict[str, Any]
    # Key path (("tags", 1) is the second tag) -> where it is written in the file.
    locations: dict[tuple[Any, ...], Position] = field(default_factory=dict)

    def where(self, path: tuple[Any, ...]) -> Position:
        """The location of ``path``, or of its nearest written parent."""
        return nearest_location(self.locations, path)


def parse_front_matter(source: str) -> ParsedFrontMatter:
    """Read the ``---`` block that starts ``source``; raise `FrontMatterError` if there is none or it is broken."""
    source = source.replace("\r\n", "\n")
    opening = _OPENING.match(source)
    if not opening:
        raise FrontMatterError(
            1,
            1,
            "front-matter-missing",
            "this page has no front matter -> start the file with a '---' line, "
            "then 'title:' and 'description:', then another '---' line (see WRITING-REFERENCE.md#front-matter)",
        )
    closing = _CLOSING.search(source, opening.end())
    if not closing:
        raise FrontMatterError(
            1, 1, "front-matter-unclosed", "the front matter never ends -> add a line '---' after its last key"
        )
    text = source[opening.end() : closing.start()]
    first_line = 2  # the YAML text starts on the line after the opening '---'
    try:
        document, data = load_located(text)
    except YamlProblem as error:
        raise FrontMatterError(
            error.line + first_line - 1,
            error.column,
            "front-matter-yaml",
            f"the front matter cannot be read: {error.reason} -> "
            + (
                error.fix
                or "fix this line; put a value in quotes if it contains ': ' or starts with a special character"
            ),
        ) from None
    if data is None:
        return ParsedFrontMatter({}, {(): (1, 1)})
    if not isinstance(data, dict) or document is None:
        raise FrontMatterError(
            first_line, 1, "front-matter-yaml", "the front matter must be 'key: value' lines -> write e.g. 'title: ...'"
        )
    duplicates = duplicate_keys(document)
    if duplicates:
        path, mark, _first = duplicates[0]
        raise FrontMatterError(
            mark.line + first_line,
            mark.column + 1,
            "front-matter-duplicate",
            f"'{path[-1]}' is set twice -> keep one of them (only the last one would count)",
        )
    return ParsedFrontMatter(data, key_locations(document, first_line))


# --- checking --------------------------------------------------------------------


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    return did_you_mean(suggest(word, choices))


def _schema_message(issue: Mapping[str, Any]) -> tuple[str, str]:
    """(code, message) for one pydantic validation error."""
    loc = issue["loc"]
    key = ".".join(str(part) for part in loc if not isinstance(part, int))
    kind = issue["type"]
    value = issue.get("input")
    if kind == "missing":
        example = {
            "title": "title: How to export your contacts",
            "description": "description: One sentence, at most 160 characters.",
        }
        return "front-matter-missing", f"'{key}' is missing -> add it, e.g. '{example.get(key, key + ': ...')}'"
    if kind == "extra_forbidden":
        siblings = FrontMatter.model_fields if len(loc) == 1 else SearchSettings.model_fields
        hint = (
            _did_you_mean(str(loc[-1]), siblings)
            or " (WRITING-REFERENCE.md#front-matter lists the keys a page may use)"
        )
        return "front-matter-unknown-key", f"'{key}' is not a front-matter key -> remove it or correct it{hint}"
    if kind == "string_too_long" and key == "description":
        return (
            "description-too-long",
            f"the description is {len(str(value))} characters long -> shorten it to at most {DESCRIPTION_MAX}"
            " (search results cut off the rest)",
        )
    if kind == "string_too_short":
        return "front-matter-empty", f"'{key}' is empty -> write a value, or remove the key"
    if kind == "list_type":
        return "front-matter-type", f"'{key}' must be a list -> put each entry on its own line, starting with '  - '"
    if kind in ("string_type", "str_type"):
        return "front-matter-type", f"'{key}' must be text (got {value!r}) -> write text, in quotes if needed"
    if kind == "bool_parsing" or kind == "bool_type":
        return "front-matter-type", f"'{key}' must be true or false (got {value!r}) -> write true or false"
    if kind == "literal_error":
        choices = issue.get("ctx", {}).get("expected", "")
        options = re.findall(r"'([^']+)'", choices)
        hint = _did_you_mean(str(value), options)
        return "front-matter-value", f"'{key}' cannot be {value!r} -> use one of {choices}{hint}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            "front-matter-type",
            f"'{key}' must be a group of 'key: value' lines -> see WRITING-REFERENCE.md#front-matter",
        )
    if kind == "value_error":
        return "front-matter-value", f"'{key}' {str(issue['msg']).removeprefix('Value error, ')}"
    # Numbers out of range, dates, ...: the same plain words as the facts file and mkdocs.yml get.
    return "front-matter-value", f"'{key}' {explain_issue(issue, FrontMatter)}"


def check_front_matter(
    parsed: ParsedFrontMatter,
    *,
    path: str,
    src_path: str,
    tags: Mapping[str, str],
    pages: Collection[str],
    tags_file: str = "data/tags.yml",
) -> list[Finding]:
    """Every problem with one page's front matter, located in the file the writer edits.

    ``path`` is the page as the writer sees it (``docs/billing/x.md``),
    ``src_path`` the same page relative to docs/, ``tags`` the controlled tag
    list and ``pages`` every page of the site, relative to docs/.
    """
    problems = [
        *_schema_problems(parsed),
        *_text_problems(parsed.data),
        *_tag_problems(parsed.data, tags, tags_file),
        *_related_problems(parsed.data, src_path, pages),
    ]
    if is_article(src_path) and "reviewed" not in parsed.data:
        problems.append(
            (
                None,
                "reviewed-missing",
                "this article has no 'reviewed' date -> add 'reviewed: YEAR-MONTH-DAY', the day you last checked it",
            )
        )
    findings = []
    for location, code, message in problems:
        # A missing key has no line of its own: point at the opening '---'.
        line, column = parsed.where(location) if location is not None else (1, 1)
        findings.append(Finding(path, line, column, code, message))
    return findings


# Where in the front matter (a key path; None: the page's front matter as a whole), the code, the message.
_Problem = tuple[tuple[Any, ...] | None, str, str]


def _schema_problems(parsed: ParsedFrontMatter) -> list[_Problem]:
    try:
        FrontMatter.model_validate(parsed.data)
    except ValidationError as error:
        # Every issue, so one build shows every problem of the page.
        problems: list[_Problem] = []
        for issue in error.errors():
            code, message = _schema_message(issue)
            problems.append((None if issue["type"] == "missing" else tuple(issue["loc"]), code, message))
        return problems
    return []


def _text_problems(data: Mapping[str, Any]) -> list[_Problem]:
    problems: list[_Problem] = []
    for key in ("title", "description"):
        value = data.get(key)
        problem = (_formatting_problem(key, value) or markup_problem(value)) if isinstance(value, str) else None
        if problem is not None:
            problems.append(
                ((key,), "markup-in-text", problem if problem.startswith("the ") else f"the {key} {problem}")
            )
    return problems


def _tag_problems(data: Mapping[str, Any], tags: Mapping[str, str], tags_file: str) -> list[_Problem]:
    written = data.get("tags")
    return [
        (
            ("tags", index),
            "unknown-tag",
            f"the tag '{tag}' is not in {tags_file} -> use a tag listed there{_did_you_mean(tag, tags)},"
            " or add it to that file with a one-line meaning",
        )
        for index, tag in enumerate(written if isinstance(written, list) else [])
        if isinstance(tag, str) and tag and tag not in tags
    ]


def _related_problems(data: Mapping[str, Any], src_path: str, pages: Collection[str]) -> list[_Problem]:
    written = data.get("related")
    problems: list[_Problem] = []
    for index, target in enumerate(written if isinstance(written, list) else []):
        problem = (
            _related_problem(target, src_path=src_path, pages=pages) if isinstance(target, str) and target else None
        )
        if problem:
            problems.append((("related", index), "related-not-found", problem))
    return problems


_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MARKDOWN_MARKS = re.compile(r"\*\*|__|`")


def _formatting_problem(key: str, value: str) -> str | None:
    """Formatting in a title or description: the theme prints it as text, tags and all."""
    tag = _HTML_TAG.search(value)
    marks = _MARKDOWN_MARKS.search(value)
    if tag is None and marks is None:
        return None
    written = tag[0] if tag is not None else marks[0] if marks is not None else ""
    what = "tags" if tag is not None else f"{written} marks"
    return f"the {key} contains {written}: {key}s cannot be formatted -> remove the {what}"


def _related_problem(target: str, *, src_path: str, pages: Collection[str]) -> str | None:
    if target in pages:
        if target == src_path:
            return f"'{target}' is this page itself -> list other pages"
        return None
    fixes: list[str] = []
    if target.startswith("docs/") and target.removeprefix("docs/") in pages:
        fixes.append(target.removeprefix("docs/"))
    relative = (PurePosixPath(src_path).parent / target).as_posix()
    normalised = _normalise(relative)
    if normalised in pages:
        fixes.append(normalised)
    if not fixes:
        # A page that kept its file name in another folder (it moved) before one whose name looks alike.
        name = PurePosixPath(target).name
        same_name = sorted(page for page in pages if PurePosixPath(page).name == name and page != src_path)
        close = same_name[0] if len(same_name) == 1 else suggest(target, (page for page in pages if page != src_path))
        fixes.extend([close] if close else [])
    hint = f" (did you mean '{fixes[0]}'?)" if fixes else ""
    return (
        f"the related page '{target}' does not exist -> give its path under docs/, as the nav of mkdocs.yml"
        f" writes it{hint}"
    )


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


# --- the controlled tag list -------------------------------------------------------


class TagsError(Exception):
    """The tags file is missing or malformed; the message says where and how to fix it."""


def load_tags(path: Path, display_path: str) -> dict[str, str]:
    """The controlled tag list: tag -> its one-line meaning."""
    try:
        _document, data = load_located(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TagsError(
            f"{display_path}: the tag list does not exist -> create it, or fix `tags_file` in mkdocs.yml"
        ) from None
    except YamlProblem as error:
        raise TagsError(
            f"{display_path}:{error.line}:{error.column}: the tag list is not valid YAML ({error.reason})"
            f" -> {error.fix or 'fix the YAML there'}"
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in data.items()
    ):
        raise TagsError(f"{display_path}: the tag list must be 'tag: what it means' lines -> fix the file")
    for tag in data:
        if not _TAG.fullmatch(tag):
            raise TagsError(
                f"{display_path}: the tag '{tag}' must be lower-case words joined by hyphens (search shows it)"
                " -> rename it, e.g. 'bank-accounts'"
            )
    return data


_TAG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
