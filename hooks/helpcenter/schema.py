"""Validation problems in plain English: what is wrong with a value and what to type instead.

Nothing here knows about MkDocs. The facts file, the settings in mkdocs.yml and
other writers' YAML are validated by pydantic models; pydantic's own messages
("Input should be a valid dictionary or instance of NotMigratedItem") are for
programmers. `explain` turns each problem into a sentence a writer can act on,
and merges a misspelt key with the "missing" problem it causes: the misspelling
is reported once, as an unknown key, with a "did you mean" naming the right one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from helpcenter.text import suggest

KeyPath = tuple[Any, ...]


@dataclass(frozen=True)
class Explained:
    path: KeyPath  # where the problem is, as pydantic located it
    message: str  # "<what is wrong> -> <fix>"


def dotted(path: KeyPath) -> str:
    """``review_window.length``, ``migration.not_migrated[4]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def model_at(root: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The model whose fields sit at ``path`` (list indexes skipped), if there is one."""
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        fields = model.model_fields if isinstance(model, type) and issubclass(model, BaseModel) else {}
        if part not in fields:
            return None
        model = _model_in(fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``Model``, ``Model | None`` or ``list[Model]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


@dataclass(frozen=True)
class _Issue:
    """One pydantic problem, with what its sentence needs."""

    kind: str
    path: KeyPath
    value: object
    context: Mapping[str, Any]
    root: type[BaseModel]
    noun: str
    unknown_fix: str
    message: str  # pydantic's own

    @property
    def shown(self) -> str:
        return _shown(self.value)


def _unknown_key(issue: _Issue) -> str:
    key = str(issue.path[-1]) if issue.path else ""
    known = list((model_at(issue.root, issue.path[:-1]) or BaseModel).model_fields)
    close = suggest(key, known)
    hint = f"; did you mean `{close}`?" if close else ""
    listed = f" (known here: {', '.join(known)})" if known and not close else ""
    return f"`{key}` is not a known {issue.noun}{hint} -> {issue.unknown_fix}{listed}"


def _not_text(issue: _Issue) -> str:
    value = issue.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'must be text, but {value} is a number -> put it in quotes: "{value}"'
    if isinstance(value, list | dict):
        return "must be text, not a list or group -> write one value on the same line as the key"
    return f"must be text (got {issue.shown}) -> write text, in quotes if needed"


_BOUNDS = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than"}


def _out_of_bounds(issue: _Issue) -> str:
    limit = next(iter(issue.context.values()), "")
    return f"must be {_BOUNDS.get(issue.kind, 'at most')} {limit} (got {issue.shown}) -> correct the number"


def _not_a_group(issue: _Issue) -> str:
    model = model_at(issue.root, issue.path)
    required = [name for name, field in (model.model_fields if model else {}).items() if field.is_required()]
    if isinstance(issue.value, str | int | float) and len(required) == 1:
        in_list = isinstance(issue.path[-1] if issue.path else None, int)
        written = f"{'- ' if in_list else ''}{required[0]}: {issue.value}"
        return f"must be a group of 'key: value' lines -> write `{written}`"
    return "must be a group of 'key: value' lines, each on its own indented line -> see the example in the file"


def _not_a_choice(issue: _Issue) -> str:
    expected = str(issue.context.get("expected", ""))
    options = [part.strip().strip("'\"") for part in expected.replace(" or ", ", ").split(",") if part.strip()]
    close = suggest(str(issue.value), options)
    hint = f" (did you mean '{close}'?)" if close else ""
    return f"cannot be {issue.shown} -> use one of {expected}{hint}"


def _whole_number(issue: _Issue) -> str:
    return f"must be a whole number (got {issue.shown}) -> write digits only, e.g. 3"


def _true_or_false(issue: _Issue) -> str:
    return f"must be true or false (got {issue.shown}) -> write true or false"


# pydantic's error types, each with its sentence; kinds that share a prefix (float_type, float_parsing) below.
_SENTENCES: dict[str, Callable[[_Issue], str]] = {
    "missing": lambda issue: "is missing -> add it",
    "extra_forbidden": _unknown_key,
    "string_type": _not_text,
    "str_type": _not_text,
    "int_type": _whole_number,
    "int_parsing": _whole_number,
    "int_from_float": _whole_number,
    "greater_than": _out_of_bounds,
    "greater_than_equal": _out_of_bounds,
    "less_than": _out_of_bounds,
    "less_than_equal": _out_of_bounds,
    "bool_type": _true_or_false,
    "bool_parsing": _true_or_false,
    "list_type": lambda issue: "must be a list -> put each entry on its own line, starting with '- '",
    "model_type": _not_a_group,
    "dict_type": _not_a_group,
    "model_attributes_type": _not_a_group,
    "literal_error": _not_a_choice,
    "string_too_short": lambda issue: "is empty -> write a value, or remove the key",
    "string_too_long": lambda issue: (
        f"is {len(str(issue.value))} characters long -> shorten it to at most {issue.context.get('max_length')}"
    ),
    "too_short": lambda issue: f"needs at least {_entries(int(issue.context.get('min_length', 1)))} -> add one",
    "too_long": lambda issue: f"has more than {_entries(int(issue.context.get('max_length', 0)))} -> remove some",
    "string_pattern_mismatch": lambda issue: (
        f"does not have the expected form (got {issue.shown}) -> see the comment above it in the file"
    ),
    "value_error": lambda issue: issue.message.removeprefix("Value error, "),
}
_PREFIXES: tuple[tuple[str, Callable[[_Issue], str]], ...] = (
    ("float_", lambda issue: f"must be a number (got {issue.shown}) -> write digits only, e.g. 2"),
    ("decimal_", lambda issue: f"must be a number (got {issue.shown}) -> write digits only, e.g. 2"),
    ("url_", lambda issue: f"{issue.shown} is not a web address -> write it in full, starting with https://"),
    ("date", lambda issue: f"{issue.shown} is not a date -> write it as YEAR-MONTH-DAY, e.g. 2027-01-31"),
)


def explain_issue(
    issue: Mapping[str, Any], root: type[BaseModel], *, noun: str = "key", unknown_fix: str = "remove it or correct it"
) -> str:
    """One validation problem in plain English: "<what is wrong> -> <fix>"."""
    kind = str(issue["type"])
    problem = _Issue(
        kind,
        tuple(issue["loc"]),
        issue.get("input"),
        issue.get("ctx") or {},
        root,
        noun,
        unknown_fix,
        str(issue["msg"]),
    )
    sentence = _SENTENCES.get(kind) or next((said for prefix, said in _PREFIXES if kind.startswith(prefix)), None)
    return sentence(problem) if sentence else f"{problem.message} (got {problem.shown}) -> correct the value"


def explain(
    error: ValidationError, root: type[BaseModel], *, noun: str = "key", unknown_fix: str = "remove it or correct it"
) -> list[Explained]:
    """Every problem of ``error`` in plain English; a misspelt key absorbs the "missing" problem it causes.

    ``noun`` names what a key is ("setting", "fact"); ``unknown_fix`` is the fix for a key that is not one.
    """
    issues: Sequence[Mapping[str, Any]] = error.errors()
    missing = {tuple(issue["loc"]) for issue in issues if issue["type"] == "missing"}
    absorbed: set[KeyPath] = set()
    for issue in issues:
        path = tuple(issue["loc"])
        if issue["type"] == "extra_forbidden":
            model = model_at(root, path[:-1])
            close = suggest(str(path[-1]), list(model.model_fields) if model else [])
            if close is not None and (*path[:-1], close) in missing:
                absorbed.add((*path[:-1], close))
    return [
        Explained(tuple(issue["loc"]), explain_issue(issue, root, noun=noun, unknown_fix=unknown_fix))
        for issue in issues
        if not (issue["type"] == "missing" and tuple(issue["loc"]) in absorbed)
    ]
