"""YAML read by writers (the facts file, front matter, the tag list): one parse, every failure located.

PyYAML reports most syntax errors with a position, but not all: a control
character raises ReaderError (an offset), an impossible date such as 2027-02-30
raises a bare ValueError, and very deep nesting overflows the stack. `load_located`
turns each of these into a `YamlProblem` with a 1-based line and column.

Writers' YAML is bounded before anything is built from it: its size, its
nesting depth, and no anchors or aliases (``&name`` / ``*name``). Those are a
developer's shorthand no writer needs, and a few lines of them ("billion
laughs") expand into gigabytes in every walk over the data. The screen reads
the parser's event stream, which is linear and expands nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from helpcenter.findings import Position

# libyaml when PyYAML has it (as MkDocs uses): the text is parsed once, in C.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[Any, ...]

MAX_CHARS = 250_000  # far above any facts file or front matter; a bound on parse time
MAX_DEPTH = 20  # levels of nested mappings and lists


class YamlProblem(Exception):
    """``reason`` says what is wrong; ``fix`` is None for plain syntax errors, whose fix each caller phrases."""

    def __init__(self, line: int, column: int, reason: str, fix: str | None = None) -> None:
        super().__init__(f"{line}:{column}: {reason}")
        self.line, self.column, self.reason, self.fix = line, column, reason, fix


def _parse(text: str, loader_class: type[yaml.SafeLoader]) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        document = loader.get_single_node()
        return document, (loader.construct_document(document) if document is not None else None)
    finally:
        loader.dispose()


def _screen(text: str) -> None:
    """Refuse what is too big, too deep, or uses anchors or aliases, before any node is built."""
    if len(text) > MAX_CHARS:
        raise YamlProblem(
            1, 1, f"it is {len(text):,} characters long, more than the {MAX_CHARS:,} allowed", "split it or shorten it"
        )
    # libyaml gives up early on some input (deep flow nesting) that PyYAML's own parser reads on:
    # screen it with that parser too, since the parse after the screen may be PyYAML's.
    if not _screen_events(text, FAST_LOADER):
        _screen_events(text, yaml.SafeLoader)


def _position(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column of an event (every event the parser yields carries its position)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _screen_events(text: str, loader_class: type[yaml.SafeLoader]) -> bool:
    """False if the text is not valid YAML (the parse phrases that); raises `YamlProblem` for the rest."""
    try:
        loader = loader_class(text)  # the pure-Python reader checks every character here
    except (yaml.YAMLError, ValueError):
        return False
    depth = 0
    try:
        while loader.check_event():
            event: yaml.Event = loader.get_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line, column = _position(event)
                written = f"*{anchor}" if isinstance(event, yaml.AliasEvent) else f"&{anchor}"
                what = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                raise YamlProblem(
                    line,
                    column,
                    f"the {what} '{written}' is not allowed: anchors and aliases can expand a few lines into gigabytes",
                    "write each value out in full",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, column = _position(event)
                    raise YamlProblem(
                        line,
                        column,
                        f"values are nested more than {MAX_DEPTH} levels deep",
                        "flatten the structure",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, ValueError):
        return False
    finally:
        loader.dispose()
    return True


def load_located(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (each key with its line and column) and the data, or a located `YamlProblem`."""
    _screen(text)
    try:
        return _parse(text, FAST_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        pass  # phrase the problem the same way with or without libyaml
    try:
        return _parse(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise explain_syntax(text, error) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise YamlProblem(
            line,
            column,
            f"character U+{error.character:04X} is not allowed in YAML",
            "delete it (word processors paste these)",
        ) from None
    except RecursionError:
        raise YamlProblem(1, 1, "values are nested too deeply", "flatten the structure") from None
    except (ValueError, yaml.constructor.ConstructorError):
        line, column, value = _unreadable_scalar(text)
        if _DATE_LIKE.match(value):  # YAML reads 2026-02-30 as a date, and there is no such day
            raise YamlProblem(
                line, column, f"{value!r} is not a day of the calendar", "write a real date, YEAR-MONTH-DAY"
            ) from None
        raise YamlProblem(line, column, f"{value!r} cannot be read", "correct the value, or put it in quotes") from None


# --- syntax errors in a writer's words ------------------------------------------------

_KEY_LINE = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)?(?P<key>[^\s:#'\"\[{][^:#]*?):(?:[ ]+(?P<value>.*))?$")
_GLUED_KEY = re.compile(r"^[ ]*(?:-[ ]+)?(?P<key>[A-Za-z_][\w.-]*):(?P<value>[^\s].*)$")


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parent_key(lines: list[str], number: int) -> str | None:
    """The key that opens the block line ``number`` (0-based) sits in: the nearest less-indented ``key:`` above."""
    indent = _indent_of(lines[number])
    for above in range(number - 1, -1, -1):
        line = lines[above]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _indent_of(line) < indent:
            match = _KEY_LINE.match(line)
            if match and not (match["value"] or "").strip():
                return match["key"].strip()  # a key that opens a block
            if not match or not line.lstrip().startswith("- "):
                indent = _indent_of(line)  # a sibling's value: the block opens further up
    return None


def _under(lines: list[str], number: int) -> str:
    parent = _parent_key(lines, number)
    return f"check the indentation under `{parent}:`" if parent else "check the indentation of this line"


def _previous_content(lines: list[str], number: int) -> int | None:
    return next((above for above in range(number - 1, -1, -1) if lines[above].strip()), None)


@dataclass(frozen=True)
class _Failure:
    """A syntax error and the lines around it, as the explanations below read them."""

    lines: list[str]
    number: int  # 0-based line of the error
    column: int  # 1-based
    problem: str  # PyYAML's words
    context: str
    context_mark: yaml.Mark | None

    @property
    def current(self) -> str:
        return self.lines[self.number] if self.lines else ""

    @property
    def key_match(self) -> re.Match[str] | None:
        return _KEY_LINE.match(self.current)

    @property
    def key(self) -> str | None:
        match = self.key_match
        return match["key"].strip() if match else None

    @property
    def value(self) -> str:
        match = self.key_match
        return (match["value"] or "").strip() if match else ""

    @property
    def previous(self) -> int | None:
        return _previous_content(self.lines, self.number)


def _glued_colon(failure: _Failure) -> YamlProblem | None:
    """`title:Billing` reads as text, and the next line's colon then makes no sense."""
    previous = failure.previous
    if previous is None or "mapping values" not in failure.problem:
        return None
    line = failure.lines[previous]
    glued = _GLUED_KEY.match(line)
    if glued is None or _KEY_LINE.match(line):
        return None
    return YamlProblem(
        previous + 1,
        _indent_of(line) + len(glued["key"]) + 2,
        f"`{glued['key']}:` has no space after its colon",
        f"write a space after it: {glued['key']}: {glued['value']}",
    )


def _colon_in_value(failure: _Failure) -> YamlProblem | None:
    match = failure.key_match
    if "mapping values are not allowed" not in failure.problem or match is None:
        return None
    previous = failure.previous
    above = _indent_of(failure.lines[previous]) if previous is not None else 0
    if failure.column <= len(match["indent"]) + len(match["key"]) + 1 or _indent_of(failure.current) > above:
        return None
    quoted = failure.value.replace('"', "'")
    return YamlProblem(
        failure.number + 1,
        failure.column,
        f"the value of `{failure.key}:` contains ': ', which YAML reads as another key",
        f'put the value in quotes: {failure.key}: "{quoted}"',
    )


def _misaligned(failure: _Failure) -> YamlProblem | None:
    if "mapping values are not allowed" not in failure.problem and "expected <block end>" not in failure.problem:
        return None
    key = failure.key
    item = failure.current.lstrip().startswith("-")
    what = f"`{key}:`" if key else "this '- ' item" if item else "this line"
    return YamlProblem(
        failure.number + 1,
        _indent_of(failure.current) + 1,
        f"{what} is not lined up with the lines above it",
        f"{_under(failure.lines, failure.number)}: the keys or '- ' items of one group start in the same column",
    )


def _tab(failure: _Failure) -> YamlProblem | None:
    if "cannot start any token" not in failure.problem or "'\\t'" not in failure.problem:
        return None
    return YamlProblem(
        failure.number + 1, failure.column, "a tab indents this line", "indent with spaces only (two per level)"
    )


def _unclosed(failure: _Failure) -> YamlProblem | None:
    start = failure.context_mark
    if start is None:
        return None
    if failure.context == "while scanning a quoted scalar":
        quote = failure.lines[start.line][start.column] if start.line < len(failure.lines) else '"'
        return YamlProblem(
            start.line + 1,
            start.column + 1,
            "this quote is never closed",
            f"end the value with the same quote mark ({quote}) on this line",
        )
    if failure.context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opener, closer = ("[", "]") if "sequence" in failure.context else ("{", "}")
        return YamlProblem(
            start.line + 1,
            start.column + 1,
            f"this {opener} is never closed",
            f"end the list with {closer} on the same line, or write one '- ' item per line instead",
        )
    return None


def _special_start(failure: _Failure) -> YamlProblem | None:
    """A value starting with a character YAML reserves: '- ' (a list), '*' or '&' (a reference)."""
    key = failure.key
    match = failure.key_match
    if key is None or match is None:
        return None
    if "sequence entries are not allowed" in failure.problem:
        why = "starts with '- ', which YAML reads as a list"
    elif failure.context in ("while scanning an alias", "while scanning an anchor"):
        why = "starts with '*' or '&', which YAML reads as a reference"
    else:
        return None
    return YamlProblem(
        failure.number + 1,
        match.start("value") + 1 if match["value"] else failure.column,
        f"the value of `{key}:` {why}",
        f'put the value in quotes: {key}: "{failure.value}"',
    )


_EXPLANATIONS = (_glued_colon, _colon_in_value, _misaligned, _tab, _unclosed, _special_start)


def explain_syntax(text: str, error: yaml.MarkedYAMLError) -> YamlProblem:
    """A YAML syntax error as the writer's mistake, at the line to change: the key it concerns and the fix."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    failure = _Failure(
        lines,
        min(line, len(lines)) - 1,
        column,
        str(error.problem or ""),
        str(error.context or ""),
        error.context_mark,
    )
    for explain in _EXPLANATIONS:
        found = explain(failure)
        if found is not None:
            return found
    where = f"the value of `{failure.key}:`" if failure.key else "this line"
    return YamlProblem(
        line, column, f"{where} cannot be read ({failure.problem})", "put the value in quotes, or fix its spacing"
    )


_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def _unreadable_scalar(text: str) -> tuple[int, int, str]:
    """Find the scalar PyYAML could not construct (it does not say where)."""
    loader = yaml.SafeLoader(text)
    try:
        for node in _scalars(loader.get_single_node()):
            try:
                loader.construct_object(node, deep=True)
            except (ValueError, yaml.constructor.ConstructorError):
                return node.start_mark.line + 1, node.start_mark.column + 1, node.value
    finally:
        loader.dispose()
    return 1, 1, text.split("\n", 1)[0]


def _scalars(node: yaml.Node | None) -> list[yaml.ScalarNode]:
    found: list[yaml.ScalarNode] = []
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.ScalarNode):
            found.append(current)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(item for pair in reversed(current.value) for item in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(reversed(current.value))
    return found


def _walk(node: yaml.Node | None) -> list[tuple[KeyPath, yaml.Node, yaml.Node | None]]:
    """Every node with its key path and its key node (None for list items and the top), in document order."""
    found: list[tuple[KeyPath, yaml.Node, yaml.Node | None]] = []
    pending: list[tuple[KeyPath, yaml.Node, yaml.Node | None]] = [((), node, None)] if node is not None else []
    while pending:
        path, current, key = pending.pop()
        found.append((path, current, key))
        if isinstance(current, yaml.MappingNode):
            pending.extend(((*path, k.value), v, k) for k, v in reversed(current.value))
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(((*path, index), item, None) for index, item in reversed(list(enumerate(current.value))))
    return found


def key_locations(node: yaml.Node | None, first_line: int = 1) -> dict[KeyPath, Position]:
    """Each key path of a composed document -> where a writer looks for it: its key, else its value.

    ``first_line`` is the file line of the YAML's first line (2 for front matter after its ``---``).
    """
    found: dict[KeyPath, Position] = {}
    for path, value, key in _walk(node):
        mark = (key or value).start_mark
        found[path] = (mark.line + first_line, mark.column + 1)
    return found


def duplicate_keys(node: yaml.Node | None) -> list[tuple[KeyPath, yaml.Mark, int]]:
    """Keys written twice in one mapping (PyYAML silently keeps the last): (path, where, first line)."""
    found: list[tuple[KeyPath, yaml.Mark, int]] = []
    for path, mapping, _key in _walk(node):
        if not isinstance(mapping, yaml.MappingNode):
            continue
        first_line: dict[Any, int] = {}
        for key_node, _value in mapping.value:
            key = key_node.value
            if key in first_line:
                found.append(((*path, key), key_node.start_mark, first_line[key]))
            first_line.setdefault(key, key_node.start_mark.line + 1)
    return sorted(found, key=lambda duplicate: duplicate[1].index)


def nearest_location(locations: dict[KeyPath, Position], path: KeyPath) -> Position:
    """The location of ``path``, or of its nearest written parent, or (1, 1)."""
    while path and path not in locations:
        path = path[:-1]
    return locations.get(path, (1, 1))
