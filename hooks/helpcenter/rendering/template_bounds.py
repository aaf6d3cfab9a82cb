"""Bounds on what one page template may cost: loops, calls, recursion, text widths and sizes, output.

A page template can describe far more work than its length: ``'{:>1000000000}'``
pads to a gigabyte, two nested loops over a long text run 10^10 times, a macro
that calls itself twice per call doubles its work per level. The sandbox in
rendering.py counts that work through one `Budget` per render:

- every item a ``{% for %}`` takes (the loop's iterable is wrapped when the
  template is parsed), and the literal text its body writes each time;
- every call (macros, methods, the project's macros) and how deeply macros nest;
- every text a filter, a method, ``~``, ``+``, ``%`` or ``.format`` makes, whose
  size and padding width are checked before the text is made;
- the page's output.

Each limit raises `TemplateLimitError`, which rendering.py turns into a located
finding. Deep nesting of brackets and blocks is refused before Jinja parses
(its parser and Python's compiler recurse once per level).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError

MAX_ITERATIONS = 10_000  # loop items per page: facts lists are tens of items long
MAX_CALLS = 10_000  # macro and method calls per page
MAX_DEPTH = 20  # macros calling macros
MAX_WIDTH = 1_000  # padding, indent and format widths
MAX_TEXT = 1_000_000  # characters (or items) of any one value a template makes
MAX_OUTPUT = 1_000_000  # characters of a rendered page
MAX_WORK = 20_000_000  # characters made or read by filters, methods and operators, per page
MAX_SECONDS = 5.0  # the backstop for work the counters above do not see
MAX_BRACKETS = 20  # ( [ { nested in one expression
MAX_BLOCKS = 10  # {% for %}, {% if %}, {% macro %}, ... nested

SIMPLIFY = "simplify the loops and macros on this page; pages show facts, they do not compute"


class TemplateLimitError(SecurityError):
    """A page's template went over one of the bounds; ``lineno`` is set when the bound knows its line."""

    def __init__(self, reason: str, fix: str, lineno: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.fix, self.lineno = reason, fix, lineno


@dataclass
class Budget:
    """What one render has spent so far."""

    iterations: int = 0
    calls: int = 0
    depth: int = 0
    work: int = 0
    output: int = 0
    started: float = field(default_factory=time.monotonic)

    def spend(self, amount: int) -> None:
        self.work += amount
        if self.work > MAX_WORK:
            raise TemplateLimitError(
                f"the templates on this page make or read more than {MAX_WORK:,} characters", SIMPLIFY
            )
        if time.monotonic() - self.started > MAX_SECONDS:
            raise TemplateLimitError(f"the templates on this page take more than {MAX_SECONDS:g} seconds", SIMPLIFY)

    def iterate(self, literal_size: int, lineno: int) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise TemplateLimitError(
                f"loops on this page would run more than {MAX_ITERATIONS:,} times",
                "loop over a list of facts, not over long text",
                lineno,
            )
        self.spend(1 + literal_size)

    def call(self) -> None:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise TemplateLimitError(
                f"macros and methods on this page would be called more than {MAX_CALLS:,} times", SIMPLIFY
            )
        self.spend(1)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TemplateLimitError(
                f"macros call each other more than {MAX_DEPTH} levels deep",
                "a macro that calls itself must stop after a few levels",
            )

    def leave(self) -> None:
        self.depth -= 1

    def made(self, value: object) -> object:
        """Charge a value a template made; refuse it if it is too large."""
        if isinstance(value, str | list | tuple):
            check_size(len(value))
            self.spend(len(value))
        return value

    def write(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise TemplateLimitError(
                f"the page would be more than {MAX_OUTPUT:,} characters long", "split it into several pages"
            )


def check_size(size: int) -> None:
    if size > MAX_TEXT:
        raise TemplateLimitError(
            f"this would make a text of {size:,} characters (at most {MAX_TEXT:,})", "make it shorter"
        )


def check_width(width: object, what: str = "width") -> None:
    if isinstance(width, str):
        width = len(width)
    if isinstance(width, int) and not isinstance(width, bool) and abs(width) > MAX_WIDTH:
        raise TemplateLimitError(
            f"the {what} {width:,} is too wide (at most {MAX_WIDTH:,} characters)", f"use a smaller {what}"
        )


def _check_number_text(number: str, what: str) -> None:
    if len(number) > 18:  # int() of a long digit string is itself slow (and refused past 4,300 digits)
        raise TemplateLimitError(
            f"the {what} written with {len(number):,} digits is too wide (at most {MAX_WIDTH:,} characters)",
            f"use a smaller {what}",
        )
    check_width(int(number), what)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)
_SPEC_NUMBER = re.compile(r"\d+")


def check_percent(template: str, arguments: object, to_text: Callable[[object], object]) -> None:
    """``template % arguments``: every width and precision bounded, every argument text, the result not too long."""
    mapping = arguments if isinstance(arguments, Mapping) and "%(" in template else None
    if mapping is not None:
        values: Iterable[object] = mapping.values()
    elif isinstance(arguments, tuple):
        values = arguments
    else:
        values = (arguments,)
    for value in values:
        to_text(value)
    size, position = len(template), 0
    for match in _PERCENT.finditer(template):
        width, precision, conversion = match.groups()
        for number in (width, precision):
            if number == "*":
                raise TemplateLimitError(
                    "a '*' width in % formatting is not allowed", "write the width as a number in the text"
                )
            if number:
                _check_number_text(number, "width")
                size += int(number)
        if conversion == "%":
            continue
        key = re.match(r"%\(([^)]*)\)", match[0])
        if mapping is not None and key:
            size += len(str(mapping.get(key[1], "")))
        elif isinstance(arguments, tuple) and position < len(arguments):
            size += len(str(arguments[position]))
            position += 1
        elif not isinstance(arguments, tuple):
            size += len(str(arguments))
    check_size(size)


def check_format_spec(spec: str) -> None:
    """A ``{:spec}`` of str.format (or a date's strftime): every number in it is a width or precision."""
    for number in _SPEC_NUMBER.findall(spec):
        _check_number_text(number, "width")


# --- filters ------------------------------------------------------------------------------------

# Filters that always print Python's own form of a value, or write markup or randomness into the page.
REMOVED_FILTERS = frozenset({"pprint", "tojson", "xmlattr", "urlize", "random"})

# Filters that turn their input into text: the input must be text already (a group of facts, a list
# or a macro would come out as its Python form).
_TEXT_INPUT = frozenset(
    {
        "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "replace", "safe",
        "string", "striptags", "title", "trim", "truncate", "upper", "urlencode", "wordcount", "wordwrap",
    }
)  # fmt: skip


def _precheck(
    name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any], to_text: Callable[[object], object]
) -> Any:
    """Refuse a filter call whose result would be too large, before it is made; may return a new ``value``."""
    if name == "center":
        check_width(args[0] if args else kwargs.get("width", 80))
    elif name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        check_width(width, "indent")
        lines = str(value).count("\n") + 1
        check_size(len(str(value)) + lines * (len(width) if isinstance(width, str) else int(width)))
    elif name == "wordwrap":
        width = args[0] if args else kwargs.get("width", 79)
        wrapstring = args[2] if len(args) > 2 else kwargs.get("wrapstring")
        if isinstance(width, int) and width < 1:
            raise TemplateLimitError(f"a width of {width} cannot wrap text", "use a width of at least 1")
        check_width(wrapstring or "", "wrapstring length")
        check_size(len(str(value)) * (1 + len(wrapstring or "\n")))
    elif name == "format":
        check_percent(str(value), kwargs or args, to_text)
    elif name == "replace" and len(args) >= 2:
        text, old, new = str(value), str(args[0]), str(args[1])
        count = args[2] if len(args) > 2 else kwargs.get("count")
        hits = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        check_size(len(text) + hits * max(len(new) - len(old), 0))
    elif name == "join":
        items = list(value)
        separator = str(args[0]) if args else str(kwargs.get("d", ""))
        attribute = args[1] if len(args) > 1 else kwargs.get("attribute")
        if attribute is None:
            for item in items:
                to_text(item)
            check_size(sum(len(str(item)) for item in items) + max(len(items) - 1, 0) * len(separator))
        return items
    elif name in ("batch", "slice"):
        count = args[0] if args else kwargs.get("linecount" if name == "batch" else "slices", 1)
        if isinstance(count, int) and count > MAX_ITERATIONS:
            raise TemplateLimitError(
                f"'{name}' into {count:,} parts is too many (at most {MAX_ITERATIONS:,})", "use fewer parts"
            )
    elif name == "sum":
        items = list(value)
        if not all(isinstance(item, int | float) and not isinstance(item, bool) for item in items):
            raise TemplateLimitError("'sum' adds numbers only", "sum a list of numbers")
        return items
    return value


def guard_filters(
    filters: dict[str, Callable[..., Any]], budget: Callable[[], Budget], to_text: Callable[[object], object]
) -> None:
    """Replace ``filters`` (an environment's) by bounded versions; drop the ones pages must not have."""
    for name in REMOVED_FILTERS:
        filters.pop(name, None)
    for name, original in list(filters.items()):
        filters[name] = _guarded_filter(name, original, budget, to_text)


def _guarded_filter(
    name: str, original: Callable[..., Any], budget: Callable[[], Budget], to_text: Callable[[object], object]
) -> Callable[..., Any]:
    # Jinja passes the environment or a context first to filters marked so (functools.wraps keeps the mark).
    skip = 1 if hasattr(original, "jinja_pass_arg") else 0

    @functools.wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) <= skip:
            return original(*args, **kwargs)
        spent = budget()
        value, rest = args[skip], args[skip + 1 :]
        if name in _TEXT_INPUT:
            to_text(value)
        value = _precheck(name, value, rest, kwargs, to_text)
        if isinstance(value, str | list | tuple):
            spent.spend(len(value))
        return spent.made(original(*args[:skip], value, *rest, **kwargs))

    return guarded


# --- methods called from templates ----------------------------------------------------------------

SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset(
        {
            "capitalize", "casefold", "center", "count", "endswith", "find", "format", "index", "isalnum",
            "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join",
            "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
            "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
            "title", "upper", "zfill",
        }
    ),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
    dict: frozenset({"get", "items", "keys", "values"}),
}  # fmt: skip


def method_allowed(obj: object, name: str) -> bool:
    """Whether a template may call ``obj.name()``: a short list of str, list and dict methods, nothing else."""
    return any(isinstance(obj, kind) and name in names for kind, names in SAFE_METHODS.items())


def precheck_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a str method call whose result would be too large; may return new ``args``."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return args
    name = getattr(method, "__name__", "")
    if name in ("center", "ljust", "rjust", "zfill"):
        check_width(args[0] if args else kwargs.get("width"))
    elif name == "join" and args:
        items = list(args[0])
        check_size(sum(len(item) for item in items if isinstance(item, str)) + max(len(items) - 1, 0) * len(owner))
        return (items, *args[1:])
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        hits = owner.count(args[0]) if args[0] else len(owner) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            hits = min(hits, args[2])
        check_size(len(owner) + hits * max(len(args[1]) - len(args[0]), 0))
    return args


# --- loops: the iterable of every {% for %} is wrapped when the template is parsed --------------------

LOOP_GUARD = "hc_loop_guard"  # an attribute of the environment, reached as `environment.hc_loop_guard`


def guarded_loop(budget: Budget, iterable: Any, literal_size: int, lineno: int) -> Iterator[Any]:
    if isinstance(iterable, jinja2.Undefined):
        iterable = iter(iterable)  # an Undefined raises its own error when iterated
    for item in iterable:
        budget.iterate(literal_size, lineno)
        yield item


def _literal_size(body: list[nodes.Node]) -> int:
    """Characters of literal text a loop body writes each time round (nested loops charge their own)."""
    size = 0
    pending: list[nodes.Node] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.TemplateData):
            size += len(node.data)
        elif not isinstance(node, nodes.For | nodes.Macro | nodes.CallBlock):
            pending.extend(node.iter_child_nodes())
    return size


def guard_loops(tree: nodes.Template) -> nodes.Template:
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Call(
            nodes.EnvironmentAttribute(LOOP_GUARD),
            [loop.iter, nodes.Const(_literal_size(loop.body)), nodes.Const(loop.lineno)],
            [],
            None,
            None,
            lineno=loop.lineno,
        )
    return tree


# --- nesting, before Jinja's parser recurses into it ----------------------------------------------------

_OPENING_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape"})


_OPENERS = {"(": ")", "[": "]", "{": "}"}


def could_nest_too_deeply(source: str, tag_starts: tuple[str, str], tag_ends: tuple[str, str]) -> bool:
    """False only if no expression or block tag can go over the bounds: `check_nesting` lexes the rest.

    Most pages hold Markdown links (many brackets) and a few plain ``{{ fact }}``.
    Each tag from its start to its end delimiter, read as Jinja's lexer reads it
    when it holds no string (a string could hide an end delimiter, and an open
    bracket carries the tag past one): then its brackets are counted exactly.
    """
    if source.count(tag_starts[1]) > MAX_BLOCKS:
        return True
    for start, end in zip(tag_starts, tag_ends, strict=True):
        position = source.find(start)
        while position != -1:
            close = source.find(end, position + len(start))
            tag = source[position + len(start) : close if close != -1 else len(source)]
            if close == -1 or '"' in tag or "'" in tag:
                return True
            expected: list[str] = []
            for character in tag:
                if character in _OPENERS:
                    expected.append(_OPENERS[character])
                    if len(expected) > MAX_BRACKETS:
                        return True
                elif character in ")]}" and (not expected or expected.pop() != character):
                    return True
            if expected:
                return True
            position = source.find(start, close + len(end))
    return False


def check_nesting(tokens: Iterable[tuple[int, str, str]]) -> None:
    """Brackets and blocks nested too deeply, at the line where they go over (``env.lex`` tokens)."""
    brackets = blocks = 0
    after_block_start = False
    set_tag = False
    for lineno, kind, value in tokens:
        if kind == "whitespace":
            continue
        if kind == "operator" and value in "([{":
            brackets += 1
            if brackets > MAX_BRACKETS:
                raise TemplateLimitError(
                    f"brackets are nested more than {MAX_BRACKETS} deep", "split the expression", lineno
                )
        elif kind == "operator" and value in ")]}":
            brackets = max(brackets - 1, 0)
        elif kind == "block_begin":
            after_block_start, set_tag = True, False
            continue
        elif kind == "name" and after_block_start:
            if value in _OPENING_BLOCKS:
                blocks += 1
            elif value == "set":
                set_tag = True  # a block only if the tag has no '=' ({% set x %}...{% endset %})
            elif value.startswith("end") and value[3:] in (*_OPENING_BLOCKS, "set"):
                blocks = max(blocks - 1, 0)
        elif kind == "operator" and value == "=" and set_tag:
            set_tag = False
        elif kind == "block_end" and set_tag:
            blocks += 1
            set_tag = False
        if blocks > MAX_BLOCKS:
            raise TemplateLimitError(f"{{% %}} blocks are nested more than {MAX_BLOCKS} deep", "flatten them", lineno)
        after_block_start = False
