"""YAML read by writers (the facts file, front matter): one parse, every failure located.

PyYAML reports most syntax errors with a position, but not all: a control
character raises ReaderError (an offset), an impossible date such as 2027-02-30
raises a bare ValueError, and very deep nesting overflows the stack. `load_located`
turns each of these into a `YamlProblem` with a 1-based line and column.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml when PyYAML has it (as MkDocs uses): the text is parsed once, in C.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[Any, ...]


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


def load_located(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (each key with its line and column) and the data, or a located `YamlProblem`."""
    try:
        return _parse(text, FAST_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        pass  # phrase the problem the same way with or without libyaml
    try:
        return _parse(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(line, column, str(error.problem)) from None
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
    except (ValueError, yaml.constructor.ConstructorError) as error:
        line, column, value = _unreadable_scalar(text)
        raise YamlProblem(line, column, f"{value!r} cannot be read ({error})", "correct the value") from None


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
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode):
        return [node]
    children = [item for pair in node.value for item in pair] if isinstance(node, yaml.MappingNode) else node.value
    return [scalar for child in children for scalar in _scalars(child)]


def duplicate_keys(node: yaml.Node | None, path: KeyPath = ()) -> list[tuple[KeyPath, yaml.Mark, int]]:
    """Keys written twice in one mapping (PyYAML silently keeps the last): (path, where, first line)."""
    found: list[tuple[KeyPath, yaml.Mark, int]] = []
    if isinstance(node, yaml.MappingNode):
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in first_line:
                found.append(((*path, key), key_node.start_mark, first_line[key]))
            first_line.setdefault(key, key_node.start_mark.line + 1)
            found.extend(duplicate_keys(value_node, (*path, key)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.extend(duplicate_keys(item, (*path, index)))
    return found


def anchors_and_aliases(text: str) -> list[tuple[str, str, yaml.Mark]]:
    """Every YAML anchor (``&name``) and alias (``*name``) in ``text``: ("anchor" | "alias", name, where).

    Writers' files reject both: an alias copies another part of the file, so a
    small file can expand into a huge one, and a reader of the file cannot see
    what a line really holds. Text that does not parse gives [] (the syntax
    error is `load_located`'s to report).
    """
    found: list[tuple[str, str, yaml.Mark]] = []
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.AliasEvent):
                found.append(("alias", str(event.anchor), event.start_mark))
            elif getattr(event, "anchor", None):
                found.append(("anchor", str(event.anchor), event.start_mark))
    except (yaml.YAMLError, ValueError, RecursionError):
        return []
    return found
