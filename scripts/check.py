"""The writers' check before every pull request (`make check`): lint, the strict build, the tests of the content.

    python scripts/check.py

Five steps, each printing its problems as `path:LINE:COL: ...` lines:

1. Markdown lint (.pymarkdown.yml) of the pages, and 2. spelling (.codespellrc) of the whole project;
3. Python style (ruff), which takes a fraction of a second and passes unless Python changed;
4. the strict build of the whole site, as CI and publishing build it, into a temporary folder;
5. the tests that read that build and check what holds for any content (pytest ``-m "content and not
   browser"``): every page builds, every link resolves, every article has its blocks, facts render.

Every step runs even when an earlier one found problems, so one run shows them all (the content tests
need the build, so a failed build skips them). No browser and no database: `make test` (CI) runs
those. Exit status 0 when every step passed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from check_build import build_environment  # beside this script, so on its path

ROOT = Path(__file__).resolve().parents[1]

BIN = Path(sys.executable).parent
STEP_TIMEOUT = 600  # seconds; today's site takes well under a minute for all five steps


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Path], bool]  # True when the step found nothing; it prints what it found


def _run(command: list[str], *, env: dict[str, str] | None = None) -> bool:
    try:
        return subprocess.run(command, cwd=ROOT, env=env, timeout=STEP_TIMEOUT, check=False).returncode == 0
    except subprocess.TimeoutExpired:
        print(f"make check: {' '.join(command[:3])} took longer than {STEP_TIMEOUT} s and was stopped")
        return False


def markdown_lint(_work: Path) -> bool:
    # The pages writers edit; `make lint` (CI) and pre-commit also lint the project's own guides.
    pages = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "docs").rglob("*.md"))
    return _run([sys.executable, "scripts/lint_markdown.py", *pages])


def spelling(_work: Path) -> bool:
    return _run([str(BIN / "codespell"), "--config", ".codespellrc"])


def python_style(_work: Path) -> bool:
    return _run([str(BIN / "ruff"), "check", "--quiet", "."]) & _run([str(BIN / "ruff"), "format", "--check", "."])


def strict_build(work: Path) -> bool:
    """The build's log is kept beside the site for the content tests; only its problems are printed."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(work / "site")]
    try:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=build_environment(ROOT),
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"make check: the build took longer than {STEP_TIMEOUT} s and was stopped")
        return False
    log = result.stdout + result.stderr
    (work / "build.log").write_text(log, encoding="utf-8")
    for line in log.splitlines():
        if line.strip() and not line.startswith("INFO"):
            print(line)
    return result.returncode == 0


# A test is a content test when it reads the built real site (tests/conftest.py marks those) or is marked so.
_CONTENT_TEST = re.compile(r"\breal_site(?:_dir)?\b|pytest\.mark\.content")


def content_test_files() -> list[str]:
    """The test files that hold content tests: collecting only these saves most of pytest's start-up."""
    return [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "tests").glob("test_*.py"))
        if _CONTENT_TEST.search(path.read_text(encoding="utf-8"))
    ]


def content_tests(work: Path) -> bool:
    if not (work / "site").is_dir() or not (work / "build.log").is_file():
        return False
    env = {**build_environment(ROOT), "HELPCENTER_BUILT_SITE": str(work)}
    return _run(
        [
            sys.executable,
            "-m",
            "pytest",
            *content_test_files(),
            "-m",
            "content and not browser",
            "-q",
            "--no-header",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:playwright",
            "--tb=line",
        ],
        env=env,
    )


STEPS = (
    Step("Markdown lint", markdown_lint),
    Step("spelling", spelling),
    Step("Python style", python_style),
    Step("strict build", strict_build),
    Step("content tests", content_tests),
)


def main() -> int:
    started = time.perf_counter()
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="helpcenter-check-") as folder:
        work = Path(folder)
        for step in STEPS:
            if step.name == "content tests" and "strict build" in failed:
                print("make check: content tests skipped: they read the build, which failed")
                failed.append(step.name)
                continue
            step_started = time.perf_counter()
            print(f"--- {step.name}", flush=True)
            ok = step.run(work)
            took = time.perf_counter() - step_started
            print(f"--- {step.name}: {'passed' if ok else 'PROBLEMS ABOVE'} ({took:.1f} s)", flush=True)
            if not ok:
                failed.append(step.name)
    total = time.perf_counter() - started
    if failed:
        print(
            f"make check: problems in {', '.join(failed)} ({total:.0f} s) -> fix each line above (its code is"
            " explained in WRITING-REFERENCE.md), then run make check again"
        )
        return 1
    print(f"make check: everything passed in {total:.0f} s -> commit, push and open your pull request")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    raise SystemExit(main())
