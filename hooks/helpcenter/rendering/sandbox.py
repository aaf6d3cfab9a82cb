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
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateAssertionError
from jinja2.idtracking import VAR_LOAD_RESOLVE
from jinja2.parser import Parser
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from helpcenter.facts.reads import FactRecorder
from helpcenter.rendering.page_budget import PageOverrun
from helpcenter.rendering.template_bounds import (
    Budget,
    TemplateLimitError,
    check_format_spec,
    check_nesting,
    check_percent,
    check_size,
    could_nest_too_deeply,
    guard_filters,
    method_allowed,
    precheck_method,
)
from helpcenter.text import mask_code, replace_code


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

    def verbatim(text: str) -> str:
        if not any(start in text for start in starts):
            return text
        # A literal "endraw" inside code would close the raw block early.
        escaped = text.replace(endraw, f"{endraw}{env.variable_start_string} {endraw!r} {env.variable_end_string}{raw}")
        return f"{raw}{escaped}{endraw}"

    return replace_code(markdown, verbatim)


# --- block macros ------------------------------------------------------------


def block(name: str, markdown: str) -> str:
    """A macro's Markdown block, framed so that it never merges into the writer's Markdown around it.

    A blank line and an HTML comment end whatever came before (a list above would
    otherwise take the block's items as its own); the blank line after ends the block.
    """
    return f"\n<!-- {name}() -->\n\n{markdown}\n"


@dataclass(frozen=True)
class InlineBlockCall:
    line: int  # 1-based, in the text that was scanned
    column: int
    name: str


def indent_block_calls(
    markdown: str, names: frozenset[str], env: jinja2.Environment
) -> tuple[str, list[InlineBlockCall]]:
    """Give each block macro written alone on its line the line's indentation, and find those written inline.

    ``{{ not_migrated() }}`` inside an admonition, a tab or a list item is indented;
    Jinja prints only the first line of its output there, so the rest would fall out
    of the container. ``| indent(n)`` indents the other lines too. Code is left alone.
    """
    if not names or env.variable_start_string not in markdown:
        return markdown, []
    start, end = re.escape(env.variable_start_string), re.escape(env.variable_end_string)
    call = re.compile(
        rf"{start}-?\s*(?P<name>{'|'.join(map(re.escape, sorted(names)))})\s*\((?P<args>[^()]*)\)\s*-?{end}"
    )
    masked = mask_code(markdown)
    lines = markdown.split("\n")
    masked_lines = masked.split("\n")
    inline: list[InlineBlockCall] = []
    for number, masked_line in enumerate(masked_lines):
        found = list(call.finditer(masked_line))
        if not found:
            continue
        alone = len(found) == 1 and not (masked_line[: found[0].start()] + masked_line[found[0].end() :]).strip()
        if not alone:
            inline.extend(InlineBlockCall(number + 1, match.start() + 1, match["name"]) for match in found)
            continue
        match = found[0]
        width = len(masked_line[: match.start()].expandtabs(4))
        if width:
            rewritten = (
                f"{env.variable_start_string} {match['name']}({match['args']}) | indent({width})"
                f" {env.variable_end_string}"
            )
            lines[number] = lines[number][: match.start()] + rewritten + lines[number][match.end() :]
    return "\n".join(lines), inline


# --- errors ----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    line: int  # 1-based, in the text that was rendered
    column: int  # 1-based
    message: str


def _template_line(error: BaseException) -> int | None:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    if isinstance(error, TemplateLimitError) and error.lineno is not None:
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
_NAMES = re.compile(r"(?<![\w.])(?P<expression>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")
_EXPRESSIONS = re.compile(r"\{\{(.*?)\}\}")


def _offender(value: object, text: str, variables: Mapping[str, object]) -> re.Match[str] | None:
    """The expression on the line that evaluates to ``value``: printed alone, else inside an expression
    (``support|string``, ``'%s' % support``), else the first name printed (a macro, `self`, `loop`, an item)."""
    printed = list(_PRINTED.finditer(text))
    match = next((m for m in printed if _resolve(variables, m["expression"]) is value), None)
    if match is not None:
        return match
    blanked = _STRINGS.sub(lambda m: " " * len(m[0]), text)
    names = [
        name
        for expression in _EXPRESSIONS.finditer(blanked)
        for name in _NAMES.finditer(blanked, expression.start(1), expression.end(1))
        if not blanked[: name.start()].rstrip().endswith("|")  # a filter's name
    ]
    match = next((m for m in names if _resolve(variables, m["expression"]) is value), None)
    return match or next(iter(printed or names), None)


def _named(value: object, text: str, variables: Mapping[str, object]) -> tuple[str, int]:
    """How the writer wrote the expression that gives ``value``, and its column."""
    match = _offender(value, text, variables)
    if match is None:
        expression = _EXPRESSIONS.search(text)
        return (expression[1].strip(), expression.start() + 1) if expression else (type(value).__name__, 1)
    name = match["expression"]
    container = _resolve(variables, name)
    if isinstance(container, list | tuple) and any(item is value for item in container):
        name += f"[{next(index for index, item in enumerate(container) if item is value)}]"
    return name, (match.start() if match.re is _PRINTED else match.start("expression")) + 1


def _not_text(error: NotTextError, text: str, variables: Mapping[str, object]) -> tuple[int, str]:
    """Column and message for an expression that gives a group, a list or a macro where text belongs."""
    value = error.value
    name, column = _named(value, text, variables)
    if isinstance(value, Mapping):
        return column, f"'{name}' is a group of values, not text -> write one of its values"
    if isinstance(value, list | tuple | set | frozenset):
        return column, f"'{name}' is a list, not text -> write one of its items, or use a macro that formats it"
    if callable(value) and not isinstance(value, LoopContext):
        return column, f"'{name}' is a macro, not text -> call it: {{{{ {name}() }}}}"
    parts = [
        part
        for part in _public_names(value)
        if not part.startswith("model_") and not callable(getattr(value, part, None))  # pydantic's own
    ]
    if parts and type(value).__module__.split(".")[0] == _PACKAGE:
        return column, f"'{name}' is a group of facts, not text -> write one of its parts: " + ", ".join(
            f"{name}.{part}" for part in parts
        )
    return column, f"'{name}' has no text to show ({type(value).__name__}) -> use a fact or macro that is text"


_JINJA_NEWLINE = re.compile(r"\r\n|\r|\n")


def file_line(source: str, jinja_line: int) -> int:
    """Jinja counts a lone CR as a line break; the page's lines (and every other finding) count LF only."""
    if "\r" not in source:
        return jinja_line
    position = 0
    for number, match in enumerate(_JINJA_NEWLINE.finditer(source), start=2):
        if number > jinja_line:
            break
        position = match.end()
    return source.count("\n", 0, position) + 1


def _tag_column(text: str, pattern: str) -> int:
    """1-based column of the first template tag ``pattern`` finds on the line, else 1."""
    opener = re.search(pattern, text)
    return opener.start() + 1 if opener else 1


# What Jinja reads as text, not as a tag: raw blocks (code, see `protect_code`) and {## notes ##}.
_NOT_TAGS = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{##.*?##\}", re.DOTALL)
_OPENERS = {"{{": "}}", "{%": "%}"}


def _unclosed_opener(source: str, error_line: int) -> TemplateProblem | None:
    """The first ``{{`` or ``{%`` at or before ``error_line`` that its line never closes.

    Jinja reads on past an unclosed ``{{`` and fails where the text stops making sense (a heading's
    ``#`` two lines later, say); the writer's mistake is the opener. Tags written over several lines
    are rare in pages, and only a failed render asks.
    """
    blanked = _NOT_TAGS.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), source)
    for number, line in enumerate(blanked.split("\n")[:error_line], start=1):
        position = 0
        while (found := re.search(r"\{\{|\{%", line[position:])) is not None:
            opener = found[0]
            start = position + found.start()
            end = line.find(_OPENERS[opener], start + 2)
            if end < 0:
                closer = _OPENERS[opener]
                return TemplateProblem(
                    number,
                    start + 1,
                    f"this {opener} has no {closer} -> end it with {closer} on the same line, as in"
                    f" {opener} support.phone {closer} (to show braces to readers, put them in `code`)"
                    if opener == "{{"
                    else f"this {opener} has no {closer} -> end it with {closer} on the same line (to show braces"
                    " to readers, put them in `code`)",
                )
            position = end + 2
    return None


_BLOCK_TAG = re.compile(r"\{%-?\s*(end)?([a-z]+)\b")
_BLOCKS = frozenset({"if", "for", "macro", "call", "filter", "set", "block", "with"})
_INNERMOST = re.compile(r"innermost block that needs to be closed is '([a-z]+)'")


def _unclosed_block(source: str, message: str) -> TemplateProblem | None:
    """Where the ``{% if %}`` (or ``for``, ...) that Jinja found unclosed at the end of the page was opened."""
    innermost = _INNERMOST.search(message)
    if innermost is None:
        return None
    blanked = _NOT_TAGS.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), source)
    opened: list[tuple[str, int]] = []
    for tag in _BLOCK_TAG.finditer(blanked):
        if tag[1]:
            if opened and opened[-1][0] == tag[2]:
                opened.pop()
        elif tag[2] in _BLOCKS and (tag[2] != "set" or "=" not in blanked[tag.end() : blanked.find("%}", tag.end())]):
            opened.append((tag[2], tag.start()))  # `{% set x = 1 %}` opens nothing; `{% set x %}` a block
    name = innermost[1]
    start = next((offset for kind, offset in reversed(opened) if kind == name), None)
    if start is None:
        return None
    line = blanked.count("\n", 0, start) + 1
    column = start - blanked.rfind("\n", 0, start)
    return TemplateProblem(
        line, column, f"this {{% {name} %}} is never closed -> add {{% end{name} %}} after the text it covers"
    )


def _undefined(message: str, text: str, variables: Mapping[str, object]) -> tuple[int, str]:
    """Column and message for a name or a part of a fact that does not exist."""
    missing_attribute = re.search(r"has no attribute '([^']+)'", message)
    owner = _dotted_expression(text, missing_attribute[1]) if missing_attribute else None
    if missing_attribute and owner:
        attribute = missing_attribute[1]
        value = _resolve(variables, owner)
        hint = _suggest(attribute, _public_names(value)) if value is not None else ""
        hint = hint.replace("'", f"'{owner}.", 1) if hint else ""
        column = text.find(f"{owner}.{attribute}") + 1 or 1
        return column, f"unknown fact '{owner}.{attribute}' -> use a name defined in data/facts.yml{hint}"
    undefined_name = re.match(r"'([^']+)' is undefined", message)
    if undefined_name:
        name = undefined_name[1]
        return text.find(name) + 1 or 1, (
            f"unknown fact or macro '{name}' -> use a name defined in data/facts.yml"
            f" or a project macro{_suggest(name, sorted(variables))}"
        )
    return 1, f"unknown fact: {message} -> use a name defined in data/facts.yml"


def explain_template_error(error: BaseException, source: str, variables: Mapping[str, object]) -> TemplateProblem:
    """Turn an exception raised while rendering ``source`` into a located, actionable problem."""
    line = file_line(source, _template_line(error) or 1)
    lines = source.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""

    def column_of(needle: str) -> int:
        found = text.find(needle)
        return found + 1 if found >= 0 else 1

    # A finding is one line: exception texts may span several.
    message = " ".join(str(error).split()).rstrip(".")
    if isinstance(error, NotTextError):
        return TemplateProblem(line, *_not_text(error, text, variables))
    if isinstance(error, TemplateLimitError):
        opener = re.search(r"\{[{%]", text)
        return TemplateProblem(line, opener.start() + 1 if opener else 1, f"{error.reason} -> {error.fix}")
    unknown_filter = re.match(r"No filter named '([^']+)'", getattr(error, "message", None) or "")
    if isinstance(error, TemplateAssertionError) and unknown_filter:
        name = unknown_filter[1]
        return TemplateProblem(
            line,
            column_of(name),
            f"the filter '{name}' is not available in pages -> write the fact itself, or a part of it"
            f"{_suggest(name, sorted(PAGE_FILTERS))}",
        )
    if isinstance(error, TemplateAccessError):
        shared = 'put shared text in docs/_snippets/ and insert it with --8<-- "name.md"'
        text_of_error = f"pages cannot include, import or extend templates ({message}) -> {shared}"
        return TemplateProblem(line, _tag_column(text, r"\{%"), text_of_error)
    if isinstance(error, jinja2.TemplateSyntaxError):
        unclosed = _unclosed_opener(source, line) or _unclosed_block(source, error.message or "")
        if unclosed is not None:
            return unclosed
        pairs = "check the {{ }} and {% %} pairs on this line (to show braces literally, put them in `code`)"
        return TemplateProblem(line, _tag_column(text, r"\{[{%]"), f"template syntax error: {error.message} -> {pairs}")
    if isinstance(error, SecurityError):
        unsafe = re.search(r"attribute '([^']+)'", message)
        return TemplateProblem(
            line,
            column_of(unsafe[1]) if unsafe else column_of("{{"),
            f"unsafe template expression: {message} -> pages may only use facts and the project's macros",
        )
    if isinstance(error, jinja2.UndefinedError):
        column, said = _undefined(message, text, variables)
        return TemplateProblem(line, column, said)
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


# Bounds that keep one expression from stalling the build ({{ 'x' * 10**9 }}); the rest are in
# template_bounds.py.
MAX_REPEAT = 100_000
MAX_POWER_BITS = 4_096

OVERRUN_STAND_IN = '!!! failure "This page took too long to render"\n'
ErrorReporter = Callable[[BaseException, str, Mapping[str, object]], str]


class _ReportingTemplate:
    """Renders like a Jinja template within a fresh `Budget`, but hands any failure to the reporter."""

    def __init__(
        self,
        template: jinja2.Template | None,
        source: str,
        report: ErrorReporter,
        error: BaseException | None = None,
        env: SafePageEnvironment | None = None,
    ):
        self._template = template
        self._source = source
        self._report = report
        self._error = error
        self._env = env

    def render(self, *args: Any, **variables: Any) -> str:
        if self._template is None:
            # Made without a template only when compiling it failed, with that error.
            error = self._error or RuntimeError("the page template could not be compiled")
            return OVERRUN_STAND_IN if isinstance(error, PageOverrun) else self._report(error, self._source, variables)
        recorder = self._env.recorder if self._env is not None else None
        if recorder is None:
            return self._render_bounded(self._template, args, variables)
        with recorder.rendering(self._source):  # the facts this render reads, kept with its text
            return self._render_bounded(self._template, args, variables)

    def _render_bounded(self, template: jinja2.Template, args: tuple[Any, ...], variables: dict[str, Any]) -> str:
        env = self._env
        previous = env._budget if env is not None else None
        budget = Budget()
        if env is not None:
            env._budget = budget
        try:
            pieces = []
            generator = template.generate(*args, **variables)
            for piece in generator:
                try:
                    budget.write(len(piece))
                except TemplateLimitError as error:
                    error.lineno = _suspended_line(template, generator)
                    raise
                pieces.append(piece)
            return "".join(pieces)
        except PageOverrun:
            # The page's time is up. mkdocs-macros would turn any exception into an exit of its own, so the
            # page goes on with a stand-in and the page budget stops the build when the page ends.
            return OVERRUN_STAND_IN
        except Exception as error:  # every content error becomes a located message
            return self._report(error, self._source, variables)
        finally:
            if env is not None:
                env._budget = previous


def _suspended_line(template: jinja2.Template, generator: Any) -> int | None:
    """The template line whose output a suspended ``generate()`` just yielded."""
    while getattr(generator, "gi_yieldfrom", None) is not None:
        generator = generator.gi_yieldfrom
    frame = getattr(generator, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame is not None else None


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with ``~`` going through the environment (see `SafePageEnvironment.concat`),
    and each use of a name the page looks up in its variables told to the environment (`hc_name`): Jinja
    looks every name up once at the start of a template, so only the use says whether, and where, it is read."""

    def visit_Name(self, node: nodes.Name, frame: Frame) -> None:
        load = frame.symbols.find_load(frame.symbols.ref(node.name)) if node.ctx == "load" else None
        if load is None or load[0] != VAR_LOAD_RESOLVE:
            super().visit_Name(node, frame)
            return
        self.write(f"environment.hc_name({node.name!r}, ")
        super().visit_Name(node, frame)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.hc_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in pages: every value is text, every width bounded, every piece counted."""

    def __init__(self, env: SafePageEnvironment, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self._budget = env.budget()

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        only_text(value)  # before !r or !s could make a Python form of it
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_format_spec(format_spec)
        return self._budget.made(super().format_field(value, format_spec))


class _BoundedEscapeFormatter(_BoundedFormatter, SandboxedEscapeFormatter):
    pass


class SafePageEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox whose templates report failures instead of raising them, and whose work is bounded.

    Immutable: pages cannot change the lists and dicts of the facts. ``report``
    is set by the adapter: it logs a located message and returns the text to
    show instead of the page (the build fails in strict mode anyway).
    """

    report: ErrorReporter
    # Records the facts each render reads (set by the adapter; None: nothing is recorded).
    recorder: FactRecorder | None = None
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _GuardedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._budget: Budget | None = None
        guard_filters(self.filters, self.budget, only_text)

    def budget(self) -> Budget:
        """The current render's budget (a fresh one outside a render: Jinja folds constants when compiling)."""
        return self._budget if self._budget is not None else Budget()

    def hc_name(self, name: str, value: Any) -> Any:
        if self.recorder is not None:
            self.recorder.read_name(name)
        return value

    def hc_concat(self, values: tuple[Any, ...]) -> str:
        for value in values:
            only_text(value)
        texts = [str(value) for value in values]
        check_size(sum(len(text) for text in texts))
        return str(self.budget().made("".join(texts)))

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Jinja's parser (and Python's compiler after it) recurses once per level of nesting.
        # Lexed a second time only when it could matter.
        starts = (self.variable_start_string, self.block_start_string)
        ends = (self.variable_end_string, self.block_end_string)
        if could_nest_too_deeply(source, starts, ends):
            check_nesting(self.lex(source, name, filename))
        parser = Parser(self, source, name, filename)
        try:
            tree = parser.parse()
        except RecursionError:
            raise TemplateLimitError(
                "the template is nested too deeply", "split it up", parser.stream.current.lineno
            ) from None
        return tree

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        # Facts are data: the methods of their objects (pydantic's model_*, a view's constructors,
        # int.to_bytes) are not for pages; a short list of str, list and dict methods is.
        if callable(value) and not method_allowed(obj, attr):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, jinja2.Undefined):
            # Name the unknown fact ('cycler' is undefined), not the attribute after it.
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text: str = value.__self__
        formatter = (
            _BoundedEscapeFormatter(self, escape=text.escape) if isinstance(text, Markup) else _BoundedFormatter(self)
        )
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return type(text)(formatter.vformat(text, (), args[0]))
            return type(text)(formatter.vformat(text, args, kwargs))

        return bounded

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = __self.budget()
        args = precheck_method(__obj, args, kwargs)
        nested = isinstance(__obj, Macro | LoopContext)  # a recursive loop's next level is a call too
        if nested:
            budget.enter()
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            if nested:
                budget.leave()
        return budget.made(result)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        integers = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and integers and left.bit_length() * abs(right) > MAX_POWER_BITS:
            raise SecurityError(f"{left} ** {right} is too large a number")
        for sequence, times in ((left, right), (right, left)):
            repeated = operator == "*" and isinstance(sequence, str | list | tuple) and isinstance(times, int)
            if repeated and len(sequence) * times > MAX_REPEAT:
                raise SecurityError(f"repeating {len(sequence)} items {times} times is too long")
        if operator == "%" and isinstance(left, str):
            check_percent(left, right, only_text)
        if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            check_size(len(left) + len(right))
        return self.budget().made(super().call_binop(context, operator, left, right))

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        try:
            template = super().from_string(source, globals, template_class)
        except Exception as error:  # syntax errors, and nesting beyond the bounds
            return _ReportingTemplate(None, source, self.report, error, self)
        return _ReportingTemplate(template, source, self.report, None, self)


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


# The filters a page may use: Jinja's own, each bounded, without those that print Python's form of a
# value or write markup (template_bounds.REMOVED_FILTERS).
PAGE_FILTERS = frozenset(SafePageEnvironment().filters)
