"""Chromium or PostgreSQL missing: skipped with how to install them on a laptop, a failure in CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from required_tools import in_ci, summary
from sitebuilder import ROOT

NEEDS_POSTGRES = """
from required_tools import missing


def test_needs_postgres():
    missing("PostgreSQL", "initdb was not found")
"""


def run(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_needs.py").write_text(NEEDS_POSTGRES, encoding="utf-8")
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    clean = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "tests"), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--tb=line", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=clean,
        cwd=tmp_path,
        check=False,
    )


def test_on_a_laptop_a_missing_program_skips_and_says_how_to_install_it(tmp_path: Path) -> None:
    result = run(tmp_path, {})
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert (
        "PostgreSQL is not installed: 1 tests that need it were skipped. To run them, install it:\n"
        "    Debian or Ubuntu: sudo apt-get install postgresql\n"
        "    macOS (Homebrew): brew install postgresql@17\n"
    ) in result.stdout


def test_in_ci_a_missing_program_fails(tmp_path: Path) -> None:
    for variable in ("CI", "GITHUB_ACTIONS"):
        result = run(tmp_path, {variable: "true"})
        assert result.returncode == 1, result.stdout
        assert (
            "Failed: initdb was not found -> install PostgreSQL (Debian or Ubuntu: sudo apt-get install postgresql;"
            " macOS (Homebrew): brew install postgresql@17); .ci/run does this in CI"
        ) in result.stdout
        assert "skipped" not in result.stdout


def test_ci_is_read_from_the_environment() -> None:
    assert in_ci({"CI": "true"}) and in_ci({"GITHUB_ACTIONS": "true"}) and in_ci({"CI": "1"})
    assert not in_ci({}) and not in_ci({"CI": "false"})
    assert summary(["something else"]) == []
