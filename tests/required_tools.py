"""The two programs the full test run needs besides Python, and what to do when one is missing.

`make test` drives Chromium (browser tests) and starts throwaway PostgreSQL
servers (the feedback service's tests). A writer's laptop often has neither,
and `make check` needs neither. So outside CI a missing program skips the tests
that need it, and the end of the run says how to install it on Debian and on
macOS; in CI (``CI`` or ``GITHUB_ACTIONS`` set to true, as .ci/run and GitHub
Actions do) it is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pytest

INSTALL = {
    "Chromium": {
        "Debian or Ubuntu": "sudo apt-get install chromium",
        "macOS (Homebrew)": "brew install --cask chromium",
    },
    "PostgreSQL": {
        "Debian or Ubuntu": "sudo apt-get install postgresql",
        "macOS (Homebrew)": "brew install postgresql@17",
    },
}
SKIP_PREFIX = "needs "  # every skip reason this module writes starts "needs <program>"


def in_ci(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return any(environ.get(name, "").lower() in ("true", "1") for name in ("CI", "GITHUB_ACTIONS"))


def how_to_install(program: str) -> str:
    return "; ".join(f"{system}: {command}" for system, command in INSTALL[program].items())


def missing(program: str, why: str) -> None:
    """Fail (in CI) or skip (elsewhere) the test that needs ``program``; ``why`` says what was not found."""
    if in_ci():
        pytest.fail(f"{why} -> install {program} ({how_to_install(program)}); .ci/run does this in CI", pytrace=False)
    pytest.skip(f"{SKIP_PREFIX}{program}: {why}")


def summary(skip_reasons: list[str]) -> list[str]:
    """The lines that end a run in which tests were skipped for a missing program."""
    lines = []
    for program in INSTALL:
        count = sum(1 for reason in skip_reasons if reason.startswith(f"{SKIP_PREFIX}{program}"))
        if count:
            lines.append(
                f"{program} is not installed: {count} tests that need it were skipped. To run them, install it:"
            )
            lines.extend(f"    {system}: {command}" for system, command in INSTALL[program].items())
    if lines:
        lines.append("`make check` (the writers' check) needs neither; CI runs everything.")
    return lines
