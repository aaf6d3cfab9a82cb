"""One shape for every problem the build reports to a writer.

A finding prints as ``docs/page.md:LINE:COL: code what is wrong -> how to fix``,
the form editors and CI annotations understand.
"""

from __future__ import annotations

import logging
import os
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
