"""`make check` (scripts/check.py): the writers' check runs every content test, and only those."""

from __future__ import annotations

import subprocess
import sys

import check

from sitebuilder import ROOT

PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:playwright"]


def collected(*arguments: str) -> set[str]:
    done = subprocess.run(
        [*PYTEST, "--collect-only", "-q", "-m", "content and not browser", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line for line in done.stdout.splitlines() if "::" in line}


def test_the_files_make_check_collects_hold_every_content_test() -> None:
    everywhere = collected("tests")
    assert len(everywhere) > 50
    assert collected(*check.content_test_files()) == everywhere


def test_make_check_needs_no_browser_and_no_database() -> None:
    for name in check.content_test_files():
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "postgres_url" not in text and "playwright" not in text, name
