"""Which facts a render reads: the views pages and theme templates get record each fact read through them.

Nothing here knows about MkDocs. A `FactRecorder` wraps the views (``support``,
``review_window``, ...) so that reading ``support.phone.text`` records the
dotted path and where the read happened: the template line being executed,
found on the call stack (Jinja's compiled templates name their `Template` in
their globals, as Jinja's own tracebacks use). Reads are kept only while a
recording is open, so a render outside a page (a check that renders the
theme to learn its scripts) records nothing.

What is recorded is what a render actually read, not a text search: a fact
behind an ``{% if %}`` that did not hold is not read, a macro that reads a
fact records it at the line of the macro call, a view printed whole
(``{{ review_window }}``) records the parts its text is made of (its
``__str__`` and properties run with the recording view as ``self``).
`hooks/helpcenter/review/usage.py` turns the reads into the fact-usage map.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

# The global Jinja puts in every compiled template's namespace (jinja2/environment.py, Template._from_namespace).
_TEMPLATE_GLOBAL = "__jinja_template__"


@dataclass(frozen=True, order=True)
class FactRead:
    """One read of one fact."""

    path: str  # the dotted path read, as templates write it: "support.phone.text"
    template: str | None  # the file of the theme template that read it; None: the text being rendered (a page)
    line: int  # 1-based, in that template or text; 0 when no template was running


def _where() -> tuple[str | None, int]:
    """The innermost template running on the call stack, and its line."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get(_TEMPLATE_GLOBAL)
        if template is not None:
            # A template made from a string (a page's text) has no name.
            where = template.filename if template.name is not None else None
            return where, template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None, 0


def _is_view(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


class FactView:
    """A view (a frozen dataclass of `helpcenter.facts.model`) that records each of its fields read."""

    __slots__ = ("_children", "_path", "_recorder", "_view")
    _view: Any
    _path: str
    _recorder: FactRecorder
    _children: dict[str, FactView]

    def __init__(self, view: Any, path: str, recorder: FactRecorder) -> None:
        self._view = view
        self._path = path
        self._recorder = recorder
        self._children: dict[str, FactView] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        view = self._view
        derived = getattr(type(view), name, None)
        if isinstance(derived, property) and derived.fget is not None:
            return derived.fget(self)  # the parts it is made of are read, and recorded, through this view
        value = getattr(view, name)
        if name not in {field.name for field in dataclasses.fields(view)}:
            return value  # a method or constant of the view, not a fact (the sandbox refuses methods)
        if _is_view(value):
            child = self._children.get(name)
            if child is None:
                child = self._children[name] = wrap(value, f"{self._path}.{name}", self._recorder)
            return child
        self._recorder.read(f"{self._path}.{name}")
        return value

    def __dir__(self) -> list[str]:
        return dir(self._view)

    def __eq__(self, other: object) -> bool:
        # Compared whole, as the view compares: every part of it is read.
        self._recorder.read(self._path)
        return bool(self._view == (other._view if isinstance(other, FactView) else other))

    def __hash__(self) -> int:
        return hash(self._view)

    def __repr__(self) -> str:
        return f"<facts {self._path}>"


class TextFactView(FactView):
    """A view with a text form of its own (``{{ support.phone }}``): that text is made through this view."""

    __slots__ = ()

    def __str__(self) -> str:
        to_text: Any = type(self._view).__str__
        return str(to_text(self))


def view_class(view_type: type) -> type[FactView]:
    """A recording class named as the view's: messages name a value by its class ("'PhoneView' object")."""
    has_text = any("__str__" in vars(klass) for klass in view_type.__mro__[:-1])
    names = {"__slots__": (), "__module__": view_type.__module__, "__qualname__": view_type.__qualname__}
    return type(view_type.__name__, (TextFactView if has_text else FactView,), names)


def wrap(view: Any, path: str, recorder: FactRecorder) -> FactView:
    return recorder.view_class(type(view))(view, path, recorder)


def recording(value: Any, path: str, recorder: FactRecorder) -> Any:
    """``value`` as templates get it from the recorder: a view or a group of views records what is read of it."""
    if _is_view(value):
        return wrap(value, path, recorder)
    if isinstance(value, Mapping):  # a group of views by key ({{ roles.migration_team }})
        return FactMapping(
            {key: recording(item, f"{path}.{key}", recorder) for key, item in value.items()}, recorder, f"{path}."
        )
    return value


class FactMapping(dict[str, Any]):
    """Facts by name, as templates look them up (``hc_facts.support``, ``notice.title``), recording leaf reads.

    ``derived`` names the facts a key is made of (the announcement's ``id`` is its title and expiry).
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        recorder: FactRecorder,
        prefix: str = "",
        derived: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(values)
        self._recorder = recorder
        self._prefix = prefix
        self._derived = dict(derived or {})

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if not isinstance(value, FactView | FactMapping):
            for part in self._derived.get(key, (key,)):
                self._recorder.read(self._prefix + part)
        return value


class FactRecorder:
    """The views as pages and templates get them, and the reads of each open recording.

    ``start``/``stop`` bracket one render (a page's theme template); `rendering`
    brackets a render of a text (a page's Markdown, its title) and keeps its
    reads with the text, for `take_renders`.
    """

    def __init__(self, views: Mapping[str, object]) -> None:
        self._open: list[list[FactRead]] = []
        self._classes: dict[type, type[FactView]] = {}
        self._renders: list[tuple[str, tuple[FactRead, ...]]] = []
        self.views = FactMapping({name: recording(value, name, self) for name, value in views.items()}, self)
        # Names a page reads directly (``{{ product }}``): Jinja looks them up without any object to record them.
        self._leaf_names = frozenset(
            name for name, value in views.items() if not (_is_view(value) or isinstance(value, Mapping))
        )

    def view_class(self, view_type: type) -> type[FactView]:
        found = self._classes.get(view_type)
        if found is None:
            found = self._classes[view_type] = view_class(view_type)
        return found

    def read(self, path: str) -> None:
        if self._open:
            self._open[-1].append(FactRead(path, *_where()))

    def read_name(self, name: str) -> None:
        """A template looked up ``name``: a read if it is a fact that is not a group of facts."""
        if name in self._leaf_names:
            self.read(name)

    def fact(self, path: str) -> Any:
        """The value at the dotted ``path``, read (and recorded) as a template would read it; for macros."""
        head, _, rest = path.partition(".")
        value: Any = self.views[head]
        for part in rest.split(".") if rest else ():
            value = value[part] if isinstance(value, FactMapping) else getattr(value, part)
        return value

    def mapping(self, values: Mapping[str, Any], path: str, derived: Mapping[str, tuple[str, ...]]) -> FactMapping:
        """``values`` (made from the fact at ``path``) as a mapping whose reads are recorded."""
        return FactMapping(values, self, f"{path}.", derived)

    def start(self) -> None:
        self._open.append([])

    def stop(self) -> tuple[FactRead, ...]:
        return tuple(self._open.pop()) if self._open else ()

    @contextmanager
    def rendering(self, text: str) -> Iterator[None]:
        self.start()
        try:
            yield
        finally:
            self._renders.append((text, self.stop()))

    def take_renders(self) -> list[tuple[str, tuple[FactRead, ...]]]:
        """Each text rendered since the last call, with its reads."""
        renders, self._renders = self._renders, []
        return renders
