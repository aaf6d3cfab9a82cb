"""Validation problems in plain English: what is wrong with a value and what to type instead.

Nothing here knows about MkDocs. The facts file, the settings in mkdocs.yml and
other writers' YAML are validated by pydantic models; pydantic's own messages
("Input should be a valid dictionary or instance of NotMigratedItem") are for
programmers. `explain` turns each problem into a sentence a writer can act on,
and merges a misspelt key with the "missing" problem it causes: the misspelling
is reported once, as an unknown key, with a "did you mean" naming the right one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def explain_issue(
    issue: Mapping[str, Any], root: type[BaseModel], *, noun: str = "key", unknown_fix: str = "remove it or correct it"
) -> str:
    """One validation problem in plain English: "<what is wrong> -> <fix>"."""
    kind = issue["type"]
    path = tuple(issue["loc"])
    value = issue.get("input")
    context = issue.get("ctx") or {}
    key = str(path[-1]) if path else ""
    if kind == "missing":
        return "is missing -> add it"
    if kind == "extra_forbidden":
        known = list((model_at(root, path[:-1]) or BaseModel).model_fields)
        close = suggest(key, known)
        hint = f"; did you mean `{close}`?" if close else ""
        listed = f" (known here: {', '.join(known)})" if known and not close else ""
        return f"`{key}` is not a known {noun}{hint} -> {unknown_fix}{listed}"
    if kind in ("string_type", "str_type"):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f'must be text, but {value} is a number -> put it in quotes: "{value}"'
        if isinstance(value, list | dict):
            return "must be text, not a list or group -> write one value on the same line as the key"
        return f"must be text (got {_shown(value)}) -> write text, in quotes if needed"
    if kind.startswith(("float_", "decimal_")):
        return f"must be a number (got {_shown(value)}) -> write digits only, e.g. 2"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number (got {_shown(value)}) -> write digits only, e.g. 3"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }
        limit = next(iter(context.values()), "")
        return f"must be {words[kind]} {limit} (got {_shown(value)}) -> correct the number"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false (got {_shown(value)}) -> write true or false"
    if kind == "list_type":
        return "must be a list -> put each entry on its own line, starting with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        model = model_at(root, path)
        required = [name for name, field in (model.model_fields if model else {}).items() if field.is_required()]
        if isinstance(value, str | int | float) and len(required) == 1:
            written = (
                f"- {required[0]}: {value}"
                if isinstance(path[-1] if path else None, int)
                else f"{required[0]}: {value}"
            )
            return f"must be a group of 'key: value' lines -> write `{written}`"
        return "must be a group of 'key: value' lines, each on its own indented line -> see the example in the file"
    if kind == "literal_error":
        expected = str(context.get("expected", ""))
        options = [part.strip().strip("'\"") for part in expected.replace(" or ", ", ").split(",") if part.strip()]
        close = suggest(str(value), options)
        hint = f" (did you mean '{close}'?)" if close else ""
        return f"cannot be {_shown(value)} -> use one of {expected}{hint}"
    if kind == "string_too_short":
        return "is empty -> write a value, or remove the key"
    if kind == "string_too_long":
        return f"is {len(str(value))} characters long -> shorten it to at most {context.get('max_length')}"
    if kind == "too_short":
        return f"needs at least {_entries(int(context.get('min_length', 1)))} -> add one"
    if kind == "too_long":
        return f"has more than {_entries(int(context.get('max_length', 0)))} -> remove some"
    if kind == "string_pattern_mismatch":
        return f"does not have the expected form (got {_shown(value)}) -> see the comment above it in the file"
    if kind.startswith("url_"):
        return f"{_shown(value)} is not a web address -> write it in full, starting with https://"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"{_shown(value)} is not a date -> write it as YEAR-MONTH-DAY, e.g. 2027-01-31"
    if kind == "value_error":
        return str(issue["msg"]).removeprefix("Value error, ")
    return f"{issue['msg']} (got {_shown(value)}) -> correct the value"


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
