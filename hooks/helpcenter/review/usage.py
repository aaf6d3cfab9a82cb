"""The fact-usage map: for each page, the facts it read while it rendered, and where each read is written.

Nothing here knows about MkDocs. The build records reads as pages and theme
templates render (`helpcenter.facts.reads`); `UsageCollector` turns them into
uses of the facts of the facts file (``support.phone.text`` is a use of the
fact ``support.phone``, whose parts are ``number`` and ``extension``), each at
the file and line a writer would change: the macro call's line in the
Markdown, or the theme template's line. `FactUsage` is the map, as JSON for
`make fact-usage` and `make diff`, with the questions they ask of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from helpcenter.facts.reads import FactRead

FORMAT = 1  # the JSON layout's version; a reader refuses any other


class UsageError(Exception):
    """The map cannot be read, phrased for a writer."""


@dataclass(frozen=True, order=True)
class FactUse:
    """One place that reads a fact, on one page."""

    fact: str  # the fact of the facts file: "support.phone"
    file: str  # where the read is written, from the project root: "docs/x.md", "overrides/partials/hc-help.html"
    line: int
    theme: bool  # a theme template's read, made for every page that template renders

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class PageUsage:
    """What one page of the site read."""

    url: str  # the page's address in the site: "billing/generate-a-bill/", "" (home), "404.html"
    title: str
    src: str | None  # its Markdown file ("docs/billing/generate-a-bill.md"); None for a theme page (404.html)
    uses: tuple[FactUse, ...]


def related(first: str, second: str) -> bool:
    """Whether two dotted fact paths overlap: one is the other, or a part of it."""
    return first == second or first.startswith(f"{second}.") or second.startswith(f"{first}.")


@dataclass(frozen=True)
class FactEntry:
    """One fact as `make fact-usage` lists it."""

    fact: str
    line: int  # in the facts file; 0 for a path that is not there
    uses: tuple[FactUse, ...]  # each place once, in file order
    pages: tuple[PageUsage, ...]  # the pages it reaches
    setting: bool = False  # a yes/no the build's checks read: never shown, so never "unused"

    @property
    def unused(self) -> bool:
        return not self.pages and not self.setting


@dataclass(frozen=True)
class FactUsage:
    facts_file: str  # "data/facts.yml"
    facts: dict[str, int]  # every fact of the file and every group of them ("support.phone") -> its line
    pages: tuple[PageUsage, ...]
    settings: tuple[str, ...] = ()  # facts that are yes/no rules for the build's checks, not text for readers

    # --- questions -----------------------------------------------------------

    def entries(self, query: str | None = None) -> list[FactEntry]:
        """Each fact used (at the level pages read it) and each fact of the file no page reads, in file order."""
        used = sorted({use.fact for page in self.pages for use in page.uses})
        unused = [fact for fact in self.leaves() if not any(related(fact, other) for other in used)]
        found = []
        for fact in [*used, *unused]:
            if query is not None and not related(fact, query):
                continue
            pages = tuple(page for page in self.pages if any(use.fact == fact for use in page.uses))
            uses = sorted({use for page in pages for use in page.uses if use.fact == fact}, key=_file_order)
            found.append(FactEntry(fact, self._line(fact), tuple(uses), pages, fact in self.settings))
        return sorted(found, key=lambda entry: (entry.line or 10**9, entry.fact))

    def leaves(self) -> list[str]:
        """The facts as writers change them: values and lists, not the groups that hold them."""
        return [path for path in self.facts if not any(other.startswith(f"{path}.") for other in self.facts)]

    def _line(self, fact: str) -> int:
        if fact in self.facts:
            return self.facts[fact]
        parts = [line for path, line in self.facts.items() if path.startswith(f"{fact}.")]
        return min(parts, default=0)

    # --- JSON ------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "facts_file": self.facts_file,
                "facts": self.facts,
                "settings": list(self.settings),
                "pages": [
                    {
                        "url": page.url,
                        "title": page.title,
                        "src": page.src,
                        "uses": [[use.fact, use.file, use.line, use.theme] for use in page.uses],
                    }
                    for page in self.pages
                ],
            },
            indent=1,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, where: str) -> FactUsage:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise UsageError(f"{where}: made by another version of the build -> build the site again")
            pages = tuple(
                PageUsage(
                    url=str(page["url"]),
                    title=str(page["title"]),
                    src=None if page["src"] is None else str(page["src"]),
                    uses=tuple(FactUse(str(a), str(b), int(c), bool(d)) for a, b, c, d in page["uses"]),
                )
                for page in data["pages"]
            )
            facts = {str(path): int(line) for path, line in data["facts"].items()}
            return cls(str(data["facts_file"]), facts, pages, tuple(str(path) for path in data["settings"]))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise UsageError(f"{where}: not a fact-usage map ({error}) -> build the site again") from None


def _file_order(use: FactUse) -> tuple[bool, str, int]:
    return use.theme, use.file, use.line


# --- from reads to uses: during the build ----------------------------------------------------------------


def fact_of(path: str, facts: Iterable[str]) -> str:
    """The fact of the file a read belongs to: the longest fact path that is ``path`` or holds it.

    Views derive some of their fields (``support.phone.text`` is made from the
    number and the extension): such a read is a use of the whole fact.
    """
    known = set(facts)
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return path


def fact_lines(locations: Mapping[str, tuple[int, int]]) -> dict[str, int]:
    return {path: line for path, (line, _column) in locations.items()}


@dataclass
class _Page:
    url: str = ""
    title: str = ""
    src: str | None = None
    uses: set[FactUse] = field(default_factory=set)


class UsageCollector:
    """The reads of one build, page by page, as uses of the facts of the file.

    ``display`` turns a template's file into its path from the project root.
    """

    def __init__(
        self,
        facts_file: str,
        locations: Mapping[str, tuple[int, int]],
        display: Callable[[str], str],
        settings: Iterable[str] = (),
    ) -> None:
        self._facts_file = facts_file
        self._settings = tuple(settings)
        self._paths = frozenset(locations)
        self._lines = fact_lines(locations)
        self._display = display
        self._pages: dict[str, _Page] = {}

    def _uses(self, reads: Iterable[FactRead], file: str | None, line_of: Callable[[int], int]) -> set[FactUse]:
        return {
            FactUse(
                fact_of(read.path, self._paths),
                self._display(read.template) if read.template is not None else file or "",
                read.line if read.template is not None else line_of(read.line),
                read.template is not None,
            )
            for read in reads
        }

    def text_read(self, key: str, file: str, reads: Iterable[FactRead], line_of: Callable[[int], int]) -> None:
        """What rendering a page's text read; ``line_of`` turns a line of that text into a line of ``file``."""
        self._pages.setdefault(key, _Page(src=file)).uses.update(self._uses(reads, file, line_of))

    def theme_read(self, key: str, reads: Iterable[FactRead], *, url: str, title: str) -> None:
        """What the theme's templates read while rendering the page (or theme page) ``key``."""
        page = self._pages.setdefault(key, _Page())
        page.url, page.title = url, title
        page.uses.update(self._uses(reads, None, lambda line: line))

    def usage(self) -> FactUsage:
        pages = tuple(
            PageUsage(page.url, page.title, page.src, tuple(sorted(page.uses, key=_file_order)))
            for _key, page in sorted(self._pages.items(), key=lambda item: item[1].url)
        )
        return FactUsage(self._facts_file, dict(self._lines), pages, self._settings)


# --- `make fact-usage` -----------------------------------------------------------------------------------


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _page_line(page: PageUsage) -> str:
    return f"/{page.url}  {page.title}" if page.title and page.title != page.url else f"/{page.url}"


def describe(usage: FactUsage, entries: list[FactEntry], *, every_page: bool = True) -> str:
    """Each fact, every file:line that reads it, and the pages it reaches; unused facts flagged.

    Without ``every_page``, a fact that reaches every page says so instead of listing them all.
    """
    total = len(usage.pages)
    lines: list[str] = []
    for entry in entries:
        where = f"{usage.facts_file}:{entry.line}" if entry.line else usage.facts_file
        if entry.setting and not entry.pages:
            lines += [f"{entry.fact}  ({where})  a yes/no rule the build's checks read; no page shows it", ""]
            continue
        if entry.unused:
            lines += [
                f"{entry.fact}  ({where})  UNUSED: no page reads it -> delete it from {usage.facts_file},"
                " or use it in a page",
                "",
            ]
            continue
        lines.append(f"{entry.fact}  ({where})")
        lines.append(f"  used at ({len(entry.uses)}):")
        for use in entry.uses:
            if use.theme:
                count = sum(1 for page in entry.pages if use in page.uses)
                reach = "every page" if count == total else f"{count} pages"
                lines.append(f"    {use.where}  (theme template: on {reach})")
            else:
                lines.append(f"    {use.where}")
        if len(entry.pages) == total and not every_page:
            lines += [f"  reaches all {total} pages", ""]
            continue
        reach = f"all {total} pages" if len(entry.pages) == total else _count(len(entry.pages), "page")
        lines.append(f"  reaches {reach}:")
        lines += [f"    {_page_line(page)}" for page in entry.pages]
        lines.append("")
    unused = [entry.fact for entry in entries if entry.unused]
    lines.append(
        f"{_count(len(entries), 'fact')}, {len(unused)} unused" + (f": {', '.join(unused)}" if unused else "") + "."
    )
    return "\n".join(lines) + "\n"


def yes_no_facts(data: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted paths of the yes/no values in ``data`` (the facts as plain data)."""
    found = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, bool):
            found.append(path)
        elif isinstance(value, Mapping):
            found += yes_no_facts(value, f"{path}.")
    return found
