"""Snippet includes (pymdownx.snippets, ``--8<-- "name.md"``): every include resolves, or a located finding says why.

pymdownx.snippets stops the build with a traceback and no line number when an
include is missing; this module finds every include of a page (and of the
snippets it includes) with its line and column. Paths are resolved by the
extension's own preprocessor (`Resolver`), so both agree on what exists.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pymdownx.snippets import SnippetPreprocessor

from helpcenter.findings import Finding
from helpcenter.pages.integrity import decode_page
from helpcenter.pages.nesting import nesting_problems
from helpcenter.text import did_you_mean, suggest


class Resolver(Protocol):
    """The methods of `pymdownx.snippets.SnippetPreprocessor` that decide what an include means."""

    def parse_snippet_target(self, path: str) -> dict[str, Any] | None: ...
    def get_snippet_path(self, path: str) -> str | None: ...
    def select_snippet_lines(self, lines: list[str], target: dict[str, Any]) -> list[str]: ...


@dataclass(frozen=True)
class SnippetSetup:
    """How this build's pymdownx.snippets resolves an include, and where snippets live."""

    resolver: Resolver
    bases: list[Path]


SnippetReader = Callable[[str], tuple[str, Finding | None]]  # real path -> (text, why it is not UTF-8)


def read_snippet_file(real_path: str, display: str) -> tuple[str, Finding | None]:
    return decode_page(Path(real_path).read_bytes(), display)


@dataclass(frozen=True)
class Include:
    line: int  # 1-based, in the text that was scanned
    column: int
    spec: str  # as written: "name.md", "name.md:3:5", "name.md:section"


def find_includes(text: str) -> Iterator[Include]:
    """Every include of ``text``, single-line (``--8<-- "a.md"``) or block form, as pymdownx reads them."""
    block = False
    for number, line in enumerate(text.split("\n"), 1):
        if "8<-" not in line and not block:
            continue
        marker = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
        if marker:
            if marker["escape"] or (block and marker["inline_marker"]):
                continue
            if marker["inline_marker"]:
                yield Include(number, marker.start("snippet") + 2, marker["snippet"][1:-1].strip())
            else:
                block = not block
            continue
        if block:
            spec = line.strip()
            if spec and not spec.startswith(";"):
                yield Include(number, len(line) - len(line.lstrip()) + 1, spec)


def available(bases: list[Path]) -> list[str]:
    """The snippet files a writer can include, relative to their base folder."""
    found: list[str] = []
    for base in bases:
        if base.is_dir():
            for folder, _dirs, names in os.walk(base):
                found.extend(os.path.relpath(os.path.join(folder, name), base).replace(os.sep, "/") for name in names)
    return sorted(found)


def _did_you_mean(name: str, choices: list[str]) -> str:
    # Compare without the extension: every snippet ends in ".md", which makes any two look alike.
    stems = {os.path.splitext(choice)[0]: choice for choice in choices}
    close = suggest(os.path.splitext(name)[0], stems, cutoff=0.75)
    return did_you_mean(stems[close] if close else None)


@dataclass(frozen=True)
class SnippetProblem:
    top_line: int  # the include line of the page that leads to the problem
    finding: Finding


# A page with its snippets included is bounded like a page file (helpcenter/security/docs_tree.py): a snippet
# included ten times in a snippet included ten times multiplies its size by a hundred.
MAX_PAGE_CHARACTERS = 1_000_000


@dataclass
class _PageSize:
    """The characters of a page with every snippet it includes so far, counted include by include."""

    page: str  # the page's path as the writer sees it
    total: int
    over: bool = False

    def add(self, characters: int, top: Include) -> SnippetProblem | None:
        self.total += characters
        if self.total <= MAX_PAGE_CHARACTERS:
            return None
        self.over = True
        message = (
            f"with its snippets this page would be more than {MAX_PAGE_CHARACTERS:,} characters long (the includes"
            f" up to this one make {self.total:,}) -> include smaller snippets, or fewer, or split the page"
        )
        return SnippetProblem(top.line, Finding(self.page, top.line, top.column, "page-too-large", message))


def check_includes(
    text: str,
    path: str,
    resolver: Resolver,
    *,
    bases: list[Path],
    display: Callable[[str], str],
    read: SnippetReader | None = None,
) -> list[SnippetProblem]:
    """Problems with the includes of ``text`` (shown as ``path``) and, recursively, of the snippets it includes.

    ``display`` turns a snippet's real path into the path a writer sees. The scan stops at the include that
    makes the page too large (each include is counted as often as it is included, so the scan is bounded too).
    """
    reader = read if read is not None else (lambda found: read_snippet_file(found, display(found)))
    scan = _IncludeScan(resolver, bases, display, reader, _PageSize(path, len(text)))
    return scan.problems(text, path, frozenset(), None)


@dataclass
class _IncludeScan:
    resolver: Resolver
    bases: list[Path]
    display: Callable[[str], str]
    read: SnippetReader
    size: _PageSize

    @property
    def folders(self) -> str:
        return " or ".join(self.display(str(base)) for base in self.bases) or "the snippets folder"

    def problems(self, text: str, path: str, seen: frozenset[str], top: Include | None) -> list[SnippetProblem]:
        problems: list[SnippetProblem] = []
        for include in find_includes(text):
            if self.size.over:
                break
            top_line = (top or include).line
            opened = self._open(include, path, seen)
            if not isinstance(opened, tuple):
                problems.extend(SnippetProblem(top_line, finding) for finding in [opened] if finding is not None)
                continue
            found, snippet, target = opened
            selected = "\n".join(self.resolver.select_snippet_lines(snippet.split("\n"), target))
            too_large = self.size.add(len(selected), top or include)
            if too_large is not None:
                problems.append(too_large)
                break
            # Python-Markdown would recurse into it when it inserts the snippet.
            shown = self.display(found)
            problems.extend(
                SnippetProblem(
                    top_line, Finding(shown, nesting.line, nesting.column, "nesting-too-deep", nesting.message)
                )
                for nesting in nesting_problems(snippet)
            )
            problems.extend(self.problems(snippet, shown, seen | {found}, top or include))
        return problems

    def _open(
        self, include: Include, path: str, seen: frozenset[str]
    ) -> tuple[str, str, dict[str, Any]] | Finding | None:
        """The snippet's real path, text and target; or why it cannot be included; None to skip it."""

        def problem(code: str, message: str) -> Finding:
            return Finding(path, include.line, include.column, code, message)

        target = self.resolver.parse_snippet_target(include.spec)
        if target is None:
            return problem("snippet-missing", f"'{include.spec}' names no file -> write the snippet's file name")
        name = target["path"]
        if name.lower().startswith(("http://", "https://")):
            return problem(
                "snippet-remote",
                f"'{name}' is on the web, and builds never download -> save it under {self.folders} and include it"
                " by name",
            )
        found = self.resolver.get_snippet_path(name)
        if found is None:
            hint = _did_you_mean(name, available(self.bases))
            return problem(
                "snippet-missing", f"'{name}' is not in {self.folders} -> create it there, or fix the name{hint}"
            )
        if found in seen:
            return None  # pymdownx skips an include of a file already being included
        text, not_utf8 = self.read(found)
        if not_utf8 is not None:
            return not_utf8
        section = target.get("section")
        if section and not re.search(rf"8<-+[ \t]+\[[ \t]*start[ \t]*:[ \t]*{re.escape(section)}[ \t]*\]", text):
            return problem(
                "snippet-section-missing",
                f"'{self.display(found)}' has no section '{section}' -> mark it there with"
                f" '--8<-- [start:{section}]' and '--8<-- [end:{section}]', or fix the name",
            )
        return found, text, target
