"""One shape for every problem the build reports to a writer.

A finding prints as ``docs/page.md:LINE:COL: code what is wrong -> how to fix``,
the form editors and CI annotations understand. In the build log it ends with
where its code is explained, ``(see WRITING-REFERENCE.md#code)``; in a pull
request's annotation, with that page's address in the repository.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
REFERENCE = "WRITING-REFERENCE.md"  # every code has a heading of its own there (tests/test_reference.py)
Position = tuple[int, int]  # 1-based line and column in a file


@dataclass(frozen=True, order=True)
class Location:
    """Where something is written: a file as the writer sees it, and a position in it."""

    path: str  # e.g. "docs/billing/generate-a-bill.md"
    line: int
    column: int


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # as the writer sees it, e.g. "docs/billing/generate-a-bill.md"
    line: int  # 0: the file as a whole (a symlink, a file name), printed without a line
    column: int | None
    code: str  # short and stable, e.g. "anchor-not-found"
    message: str  # "<what is wrong> -> <fix>"
    severity: Severity = "error"

    @property
    def location(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")

    def __str__(self) -> str:
        # One line whatever a file name holds: a newline in it must not start a line of its own in
        # the build log, where CI would read it as a workflow command.
        return one_line(f"{self.location}: {self.code} {self.message}")

    @property
    def reference(self) -> str:
        """Where the code is explained, from the project's root: ``WRITING-REFERENCE.md#page-not-found``."""
        return f"{REFERENCE}#{self.code}"

    def logged(self) -> str:
        """The line the build log shows: the finding, then where its code is explained."""
        return f"{self} (see {self.reference})"

    def github_annotation(self, environ: Mapping[str, str] | None = None) -> str:
        """A GitHub Actions workflow command that puts the finding on its line in a pull request.

        Its message links to the code's explanation in the repository at this commit (an annotation shows
        no file of the project, so a path alone would lead nowhere).
        """
        environ = os.environ if environ is None else environ
        level = "error" if self.severity == "error" else "warning"
        properties = [f"file={_escape_property(self.path)}"]
        if self.line:
            properties.append(f"line={self.line}")
        if self.line and self.column:
            properties.append(f"col={self.column}")
        properties.append(f"title={_escape_property(self.code)}")
        server, repository, commit = (environ.get(name, "") for name in _GITHUB)
        where = f"{server}/{repository}/blob/{commit}/{self.reference}" if server and repository else self.reference
        message = f"{self.code} {self.message} (see {where})"
        return f"::{level} {','.join(properties)}::{_escape_data(message)}"


_GITHUB = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")


# GitHub's workflow-command rules (@actions/core's command.ts): the message escapes %, CR and LF;
# a property value escapes those and the ":" and "," that would end it.
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# Line breaks, control characters and the bidi controls that reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with every line break and control character written as a visible escape (``\\n``)."""
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], text)


def log_findings(logger: logging.Logger, findings: Iterable[Finding]) -> int:
    """Log each finding (errors and warnings both fail ``--strict``) and return how many there were."""
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    count = 0
    for finding in sorted(findings):
        logger.log(logging.ERROR if finding.severity == "error" else logging.WARNING, finding.logged())
        if annotate:
            print(finding.github_annotation(), flush=True)
        count += 1
    return count
