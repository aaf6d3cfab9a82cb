"""Markdown lint with the project's settings (.pymarkdown.yml), one `path:LINE:COL: rule message` line per problem.

    python scripts/lint_markdown.py            # the pages and the project's own Markdown files
    python scripts/lint_markdown.py FILE ...   # just these (pre-commit passes the changed files)

pymarkdown's command line prints absolute paths for files in folders; this
prints them relative to the repository, as editors and CI annotations expect.
On the pages (docs/), the build reports repeated headings and tab characters
itself, in a writer's words and with a link to the reference
(hooks/helpcenter/pages/headings.py), so lint leaves MD024 and MD010 to it there
rather than say the same thing twice in its own terms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".pymarkdown.yml"


def default_targets() -> list[Path]:
    """docs/ and every Markdown file of the project outside dependencies and build output."""
    found = sorted((ROOT / "docs").rglob("*.md"))
    found += sorted(ROOT.glob("*.md"))
    found += sorted(
        path
        for folder in ("hooks", "scripts", "benchmarks", "tests", ".github")
        for path in (ROOT / folder).rglob("*.md")
    )
    return found


BUILD_REPORTS = frozenset({"md024", "md010"})  # on pages: duplicate-heading and tab-character


def _is_page(path: Path) -> bool:
    return path.resolve().is_relative_to((ROOT / "docs").resolve())


def lint(paths: list[Path]) -> list[str]:
    api = PyMarkdownApi().configuration_file_path(str(CONFIG))
    problems = []
    for path in paths:
        try:
            result = api.scan_path(str(path))
        except PyMarkdownApiException as error:
            problems.append(f"{_shown(path)}:1:1: pymarkdown could not read the file: {error}")
            continue
        for failure in result.scan_failures:
            if failure.rule_id.lower() in BUILD_REPORTS and _is_page(Path(failure.scan_file)):
                continue
            extra = (failure.extra_error_information or "").strip()
            extra = f" {extra}" if extra.startswith("[") else f" [{extra}]" if extra else ""
            problems.append(
                f"{_shown(Path(failure.scan_file))}:{failure.line_number}:{failure.column_number}: "
                f"{failure.rule_id.upper()} {failure.rule_description}{extra} ({failure.rule_name})"
            )
        for pragma in result.pragma_errors:
            problems.append(f"{_shown(Path(pragma.file_path))}:{pragma.line_number}:1: pragma {pragma.pragma_error}")
    return problems


def _shown(path: Path) -> str:
    absolute = path.resolve()
    return absolute.relative_to(ROOT).as_posix() if absolute.is_relative_to(ROOT) else os.fspath(path)


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv if arg.endswith(".md")] if argv else default_targets()
    problems = lint(paths)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} Markdown lint problem(s); .pymarkdown.yml says why each rule is set", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
