"""Safe page rendering for macros: sandbox, verbatim code, located template errors.

Pages are Jinja templates (mkdocs-macros). This module keeps that power small:
only the facts and the project's own macros are visible, attribute access to
Python internals fails (jinja2.sandbox), code in pages comes out verbatim, and
every failure becomes one line a writer can act on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

_FENCE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")


def protect_code(markdown: str, env: jinja2.Environment) -> str:
    """Wrap code blocks and code spans that look like Jinja in ``{% raw %}``.

    Writers documenting a template (``{{ support.phone }}`` in backticks or a
    fenced block) get it verbatim. Only ``raw`` tags are added, on the same
    lines, so line numbers of the page stay exact for error messages.
    """
    starts = (env.variable_start_string, env.block_start_string, env.comment_start_string)
    if not any(start in markdown for start in starts):
        return markdown
    raw = f"{env.block_start_string} raw {env.block_end_string}"
    endraw = f"{env.block_start_string} endraw {env.block_end_string}"

    def looks_like_jinja(text: str) -> bool:
        return any(start in text for start in starts)

    def verbatim(text: str) -> str:
        # A literal "endraw" inside code would close the raw block early.
        escaped = text.replace(endraw, f"{endraw}{env.variable_start_string} {endraw!r} {env.variable_end_string}{raw}")
        return f"{raw}{escaped}{endraw}"

    lines = markdown.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _FENCE.match(line)
        if opening:
            fence = opening["fence"]
            end = index + 1
            while end < len(lines):
                closing = _FENCE.match(lines[end])
                if (
                    closing
                    and closing["fence"][0] == fence[0]
                    and len(closing["fence"]) >= len(fence)
                    and not lines[end][closing.end() :].strip()
                ):
                    break
                end += 1
            block = "\n".join(lines[index : end + 1])
            out.append(verbatim(block) if looks_like_jinja(block) else block)
            index = end + 1
            continue
        if "`" in line and looks_like_jinja(line):
            line = _INLINE_CODE.sub(lambda m: verbatim(m[0]) if looks_like_jinja(m[0]) else m[0], line)
        out.append(line)
        index += 1
    return "\n".join(out)


# --- errors ----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    line: int  # 1-based, in the text that was rendered
    column: int  # 1-based
    message: str


def _template_line(error: BaseException) -> int | None:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        # Jinja rewrites tracebacks so template frames carry template lines.
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _public_names(value: object) -> list[str]:
    if isinstance(value, Mapping):
        return [str(key) for key in value]
    return [name for name in dir(value) if not name.startswith("_")]


def _dotted_expression(line: str, attribute: str) -> str | None:
    match = re.search(r"([A-Za-z_][\w.]*)\." + re.escape(attribute) + r"\b", line)
    return match[1] if match else None


def _resolve(variables: Mapping[str, object], dotted: str) -> object | None:
    value: object = variables
    for part in dotted.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif not isinstance(value, Mapping) and not part.startswith("_") and hasattr(value, part):
            value = getattr(value, part)
        else:
            return None
    return value


_PRINTED = re.compile(r"\{\{-?\s*(?P<expression>[A-Za-z_][\w.]*)\s*-?\}\}")


def _not_text(error: NotTextError, text: str, variables: Mapping[str, object]) -> tuple[int, str]:
    """Column and message for ``{{ expression }}`` that names a group, a list or a macro instead of text."""
    value = error.value
    printed = list(_PRINTED.finditer(text))
    # The expression on this line that evaluates to the offending value, else the first one.
    match = next((m for m in printed if _resolve(variables, m["expression"]) is value), printed[0] if printed else None)
    name = match["expression"] if match else type(value).__name__
    column = match.start() + 1 if match else 1
    if callable(value):
        return column, f"'{name}' is a macro, not text -> call it: {{{{ {name}() }}}}"
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return column, f"'{name}' is a list, not text -> write one of its items, or use a macro that formats it"
    parts = [part for part in _public_names(value) if not callable(getattr(value, part, None))]
    if parts:
        return column, f"'{name}' is a group of facts, not text -> write one of its parts: " + ", ".join(
            f"{name}.{part}" for part in parts
        )
    return column, f"'{name}' has no text to show ({type(value).__name__}) -> use a fact or macro that is text"


def explain_template_error(error: BaseException, source: str, variables: Mapping[str, object]) -> TemplateProblem:
    """Turn an exception raised while rendering ``source`` into a located, actionable problem."""
    line = _template_line(error) or 1
    lines = source.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""

    def column_of(needle: str) -> int:
        found = text.find(needle)
        return found + 1 if found >= 0 else 1

    # A finding is one line: exception texts may span several.
    message = " ".join(str(error).split()).rstrip(".")
    if isinstance(error, NotTextError):
        return TemplateProblem(line, *_not_text(error, text, variables))
    if isinstance(error, TemplateAccessError):
        opener = re.search(r"\{%", text)
        return TemplateProblem(
            line,
            opener.start() + 1 if opener else 1,
            f"pages cannot include, import or extend templates ({message}) -> put shared text in"
            ' docs/_snippets/ and insert it with --8<-- "name.md"',
        )
    if isinstance(error, jinja2.TemplateSyntaxError):
        opener = re.search(r"\{[{%]", text)
        return TemplateProblem(
            line,
            opener.start() + 1 if opener else 1,
            f"template syntax error: {error.message} -> check the {{{{ }}}} and {{% %}} pairs on this line"
            " (to show braces literally, put them in `code`)",
        )
    if isinstance(error, SecurityError):
        attribute = re.search(r"attribute '([^']+)'", message)
        return TemplateProblem(
            line,
            column_of(attribute[1]) if attribute else column_of("{{"),
            f"unsafe template expression: {message} -> pages may only use facts and the project's macros",
        )
    if isinstance(error, jinja2.UndefinedError):
        missing_attribute = re.search(r"has no attribute '([^']+)'", message)
        if missing_attribute:
            attribute = missing_attribute[1]
            owner = _dotted_expression(text, attribute)
            if owner:
                value = _resolve(variables, owner)
                hint = _suggest(attribute, _public_names(value)) if value is not None else ""
                hint = hint.replace("'", f"'{owner}.", 1) if hint else ""
                return TemplateProblem(
                    line,
                    column_of(f"{owner}.{attribute}"),
                    f"unknown fact '{owner}.{attribute}' -> use a name defined in data/facts.yml{hint}",
                )
        undefined_name = re.match(r"'([^']+)' is undefined", message)
        if undefined_name:
            name = undefined_name[1]
            return TemplateProblem(
                line,
                column_of(name),
                f"unknown fact or macro '{name}' -> use a name defined in data/facts.yml"
                f" or a project macro{_suggest(name, sorted(variables))}",
            )
        return TemplateProblem(line, 1, f"unknown fact: {message} -> use a name defined in data/facts.yml")
    macro = re.search(r"([A-Za-z_]\w*)\s*\(", text)
    called = f"macro '{macro[1]}' " if macro else "a macro "
    if macro:  # "on_config.<locals>.<lambda>() takes 0 ..." -> "not_migrated() takes 0 ..."
        message = re.sub(r"^[\w.<>]+\(\)", f"{macro[1]}()", message)
    return TemplateProblem(
        line,
        column_of(macro[0]) if macro else 1,
        f"{called}failed: {type(error).__name__}: {message} -> check its arguments",
    )


# --- the sandboxed environment -------------------------------------------------


class NotTextError(jinja2.TemplateRuntimeError):
    """``{{ expression }}`` gave a group of facts, a list or a macro, whose Python form must not reach readers."""

    def __init__(self, value: object) -> None:
        super().__init__(f"{type(value).__name__} is not text")
        self.value = value


class TemplateAccessError(SecurityError):
    """A page tried ``{% include %}``, ``{% import %}`` or ``{% extends %}``."""


class _NoTemplates(jinja2.BaseLoader):
    # With no loader at all Jinja raises a bare TypeError; this names the problem.
    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        raise TemplateAccessError(f"{template!r}")


# Values printed as they are. Any other object prints only if this package wrote
# its text form (a view's __str__): never a Python repr, a pydantic dump or a function.
_TEXT_TYPES = (str, int, float, Decimal, dt.date)
_PACKAGE = __name__.split(".")[0]


def only_text(value: object) -> object:
    """Jinja ``finalize``: let through what reads as text, refuse the rest."""
    if isinstance(value, (*_TEXT_TYPES, jinja2.Undefined)):
        return value  # an Undefined raises its own, more precise error when printed
    to_text = getattr(type(value), "__str__", None)
    if str(getattr(to_text, "__module__", "")).split(".")[0] == _PACKAGE:
        return value
    raise NotTextError(value)


# Bounds that keep one expression from stalling the build ({{ 'x' * 10**9 }}).
MAX_REPEAT = 100_000
MAX_POWER_BITS = 4_096
_BUILTIN_DATA = (str, int, float, Decimal, dt.date, list, tuple, dict, set, frozenset)

ErrorReporter = Callable[[BaseException, str, Mapping[str, object]], str]


class _ReportingTemplate:
    """Renders like a Jinja template, but hands any failure to the reporter."""

    def __init__(
        self, template: jinja2.Template | None, source: str, report: ErrorReporter, error: BaseException | None = None
    ):
        self._template = template
        self._source = source
        self._report = report
        self._error = error

    def render(self, *args: Any, **variables: Any) -> str:
        if self._template is None:
            assert self._error is not None
            return self._report(self._error, self._source, variables)
        try:
            return self._template.render(*args, **variables)
        except Exception as error:  # every content error becomes a located message
            return self._report(error, self._source, variables)


class SafePageEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox whose templates report failures instead of raising them.

    Immutable: pages cannot change the lists and dicts of the facts. ``report``
    is set by the adapter: it logs a located message and returns the text to
    show instead of the page (the build fails in strict mode anyway).
    """

    report: ErrorReporter
    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        # Facts are data: the methods of their objects (pydantic's model_*, a
        # view's constructors) are not for pages; str and dict methods are fine.
        if callable(value) and not isinstance(obj, _BUILTIN_DATA):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, jinja2.Undefined):
            # Name the unknown fact ('cycler' is undefined), not the attribute after it.
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        integers = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and integers and left.bit_length() * abs(right) > MAX_POWER_BITS:
            raise SecurityError(f"{left} ** {right} is too large a number")
        for sequence, times in ((left, right), (right, left)):
            repeated = operator == "*" and isinstance(sequence, str | list | tuple) and isinstance(times, int)
            if repeated and len(sequence) * times > MAX_REPEAT:
                raise SecurityError(f"repeating {len(sequence)} items {times} times is too long")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        try:
            template = super().from_string(source, globals, template_class)
        except Exception as error:  # syntax errors, and the recursion limit of absurd nesting
            return _ReportingTemplate(None, source, self.report, error)
        return _ReportingTemplate(template, source, self.report)


def sandboxed_copy(env: jinja2.Environment, macros: Mapping[str, Callable[..., Any]]) -> SafePageEnvironment:
    """A sandbox with the same delimiters and undefined policy, and only ``macros`` as globals."""
    safe = SafePageEnvironment(
        block_start_string=env.block_start_string,
        block_end_string=env.block_end_string,
        variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string,
        comment_start_string=env.comment_start_string,
        comment_end_string=env.comment_end_string,
        undefined=env.undefined,
        # Pages cannot {% include %} or {% import %} files (mkdocs.yml, secrets, ...).
        loader=_NoTemplates(),
        finalize=only_text,
        autoescape=False,
        keep_trailing_newline=True,
    )
    # Not even Jinja's own globals (range, dict, lipsum, cycler, joiner, namespace).
    safe.globals.clear()
    safe.globals.update(macros)
    return safe
