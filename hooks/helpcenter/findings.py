"""One shape for every problem the build reports to a writer.

A finding prints as ``docs/page.md:LINE:COL: code what is wrong -> how to fix``,
the form editors and CI annotations understand.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # as the writer sees it, e.g. "docs/billing/generate-a-bill.md"
    line: int
    column: int | None
    code: str  # short and stable, e.g. "anchor-not-found"
    message: str  # "<what is wrong> -> <fix>"
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.message}"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that puts the finding on its line in a pull request."""
        level = "error" if self.severity == "error" else "warning"
        column = f",col={self.column}" if self.column else ""
        text = f"{self.code} {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line}{column},title={self.code}::{text}"


def log_findings(logger: logging.Logger, findings: Iterable[Finding]) -> int:
    """Log each finding (errors and warnings both fail ``--strict``) and return how many there were."""
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    count = 0
    for finding in sorted(findings):
        logger.log(logging.ERROR if finding.severity == "error" else logging.WARNING, str(finding))
        if annotate:
            print(finding.github_annotation(), flush=True)
        count += 1
    return count


_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def body_line_offset(raw_source: str) -> int:
    """How many lines of the file come before the body MkDocs hands to hooks.

    MkDocs strips the YAML front matter and the blank lines after it (as
    ``mkdocs.utils.meta`` does); adding this offset turns a line of the body
    into a line of the file the writer edits.
    """
    match = _FRONT_MATTER.match(raw_source)
    if not match:
        return 0
    rest = raw_source[match.end() :]
    blank_lines = len(rest) - len(rest.lstrip("\n"))
    return raw_source.count("\n", 0, match.end()) + blank_lines


@functools.lru_cache(maxsize=64)
def _docs_prefix(project_dir: str, docs_dir: str) -> str:
    return os.path.relpath(docs_dir, project_dir).replace(os.sep, "/")


def display_path(project_dir: str, docs_dir: str, src_path: str) -> str:
    """``docs/billing/x.md``: the path of a page as the writer sees it from the project root."""
    docs = _docs_prefix(project_dir, docs_dir)  # cached: every hook asks for every page
    return src_path if docs == "." else f"{docs}/{src_path}"
