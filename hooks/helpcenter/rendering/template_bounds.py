"""Bounds on what one page template may make in one step: text widths and sizes, recursion, output.

A page template can describe far more than its length: ``'{:>1000000000}'``
pads to a gigabyte in one call, which no time budget can interrupt (the page
budget, page_budget.py, raises between two bytecodes; one call into C is one
step). So the sandbox in sandbox.py checks, before it makes them:

- every text a filter, a method, ``~``, ``+``, ``%`` or ``.format`` makes: its
  size and padding width;
- how deeply macros call each other (Python's own limit would end in a
  RecursionError);
- the page's output, within the size of a page.

Each limit raises `TemplateLimitError`, which sandbox.py turns into a located
finding. Deep nesting of brackets and blocks is refused before Jinja parses
(its parser and Python's compiler recurse once per level). Loops and calls are
not counted: the page budget stops them, whatever they do.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import SecurityError

MAX_DEPTH = 20  # macros calling macros
MAX_WIDTH = 1_000  # padding, indent and format widths
MAX_TEXT = 1_000_000  # characters (or items) of any one value a template makes
MAX_OUTPUT = 1_000_000  # characters of a rendered page
MAX_PARTS = 10_000  # 'batch' and 'slice' parts
MAX_BRACKETS = 20  # ( [ { nested in one expression
MAX_BLOCKS = 10  # {% for %}, {% if %}, {% macro %}, ... nested


class TemplateLimitError(SecurityError):
    """A page's template went over one of the bounds; ``lineno`` is set when the bound knows its line."""

    def __init__(self, reason: str, fix: str, lineno: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.fix, self.lineno = reason, fix, lineno


@dataclass
class Budget:
    """What one render has made so far."""

    depth: int = 0
    output: int = 0

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
        """Refuse a value a template made if it is too large."""
        if isinstance(value, str | list | tuple):
            check_size(len(value))
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


Args = tuple[Any, ...]
Kwargs = dict[str, Any]
ToText = Callable[[object], object]


def _argument(args: Args, kwargs: Kwargs, index: int, name: str, default: Any = None) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _center(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    check_width(_argument(args, kwargs, 0, "width", 80))
    return value


def _indent(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    width = _argument(args, kwargs, 0, "width", 4)
    check_width(width, "indent")
    lines = str(value).count("\n") + 1
    check_size(len(str(value)) + lines * (len(width) if isinstance(width, str) else int(width)))
    return value


def _wordwrap(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    width = _argument(args, kwargs, 0, "width", 79)
    wrapstring = _argument(args, kwargs, 2, "wrapstring")
    if isinstance(width, int) and width < 1:
        raise TemplateLimitError(f"a width of {width} cannot wrap text", "use a width of at least 1")
    check_width(wrapstring or "", "wrapstring length")
    check_size(len(str(value)) * (1 + len(wrapstring or "\n")))
    return value


def _format(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    check_percent(str(value), kwargs or args, to_text)
    return value


def _replace(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    if len(args) >= 2:
        check_size(_replaced_size(str(value), str(args[0]), str(args[1]), _argument(args, kwargs, 2, "count")))
    return value


def _replaced_size(text: str, old: str, new: str, count: object) -> int:
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def _join(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    items = list(value)
    separator = str(_argument(args, kwargs, 0, "d", ""))
    if _argument(args, kwargs, 1, "attribute") is None:
        for item in items:
            to_text(item)
        check_size(sum(len(str(item)) for item in items) + max(len(items) - 1, 0) * len(separator))
    return items


def _parts(name: str, keyword: str) -> Callable[[Any, Args, Kwargs, ToText], Any]:
    def check(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
        count = _argument(args, kwargs, 0, keyword, 1)
        if isinstance(count, int) and count > MAX_PARTS:
            raise TemplateLimitError(
                f"'{name}' into {count:,} parts is too many (at most {MAX_PARTS:,})", "use fewer parts"
            )
        return value

    return check


def _sum(value: Any, args: Args, kwargs: Kwargs, to_text: ToText) -> Any:
    items = list(value)
    if not all(isinstance(item, int | float) and not isinstance(item, bool) for item in items):
        raise TemplateLimitError("'sum' adds numbers only", "sum a list of numbers")
    return items


# Filters whose result could be too large, checked before it is made (each may return a new ``value``).
_PRECHECKS: dict[str, Callable[[Any, Args, Kwargs, ToText], Any]] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "format": _format,
    "replace": _replace,
    "join": _join,
    "batch": _parts("batch", "linecount"),
    "slice": _parts("slice", "slices"),
    "sum": _sum,
}


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
        precheck = _PRECHECKS.get(name)
        if precheck is not None:
            value = precheck(value, rest, kwargs, to_text)
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
        check_size(_replaced_size(owner, args[0], args[1], args[2] if len(args) > 2 else None))
    return args


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
    count = _NestingCount()
    for lineno, kind, value in tokens:
        if kind == "whitespace":
            continue
        if kind == "operator":
            count.operator(value, lineno)
        else:
            count.block_token(kind, value)
        if count.blocks > MAX_BLOCKS:
            raise TemplateLimitError(f"{{% %}} blocks are nested more than {MAX_BLOCKS} deep", "flatten them", lineno)
        count.after_block_start = kind == "block_begin"


class _NestingCount:
    def __init__(self) -> None:
        self.brackets = self.blocks = 0
        self.after_block_start = False  # the next name is the tag's: for, if, endfor, set, ...
        self.set_tag = False  # {% set x %} opens a block (until {% endset %}); {% set x = 1 %} does not

    def operator(self, value: str, lineno: int) -> None:
        if value in "([{":
            self.brackets += 1
            if self.brackets > MAX_BRACKETS:
                raise TemplateLimitError(
                    f"brackets are nested more than {MAX_BRACKETS} deep", "split the expression", lineno
                )
        elif value in ")]}":
            self.brackets = max(self.brackets - 1, 0)
        elif value == "=":
            self.set_tag = False

    def block_token(self, kind: str, value: str) -> None:
        if kind == "block_begin":
            self.set_tag = False
        elif kind == "name" and self.after_block_start:
            if value in _OPENING_BLOCKS:
                self.blocks += 1
            elif value == "set":
                self.set_tag = True
            elif value.startswith("end") and value[3:] in (*_OPENING_BLOCKS, "set"):
                self.blocks = max(self.blocks - 1, 0)
        elif kind == "block_end" and self.set_tag:
            self.blocks += 1
            self.set_tag = False
