"""Build the site strictly into a temporary folder and throw the result away: a check that publishes nothing.

    python scripts/check_build.py [-f mkdocs.yml]

pre-commit runs it when a commit changes pages, data, the theme, the hooks or
mkdocs.yml (.pre-commit-config.yaml), so a broken link or a hand-typed fact is
found before it is committed. site/ is never touched, so a preview or a
`make build` running at the same time is unaffected. It prints the build's
warnings (`path:LINE:COL: ...`, as `make build` does) and exits as the build did.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds; a build of this site takes a small fraction of it


def build_environment(project: Path) -> dict[str, str]:
    """The environment `make build` gives MkDocs (see the Makefile)."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    if "SOURCE_DATE_EPOCH" not in env:
        # Dates from the last commit, as in `make build`, so the check sees what CI will see.
        last = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, check=False
        )
        if last.returncode == 0 and last.stdout.strip().isdigit():
            env["SOURCE_DATE_EPOCH"] = last.stdout.strip()
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    config = args.config_file.resolve()
    with tempfile.TemporaryDirectory(prefix="helpcenter-check-") as folder:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", folder]
        try:
            result = subprocess.run(command, cwd=config.parent, env=build_environment(config.parent), timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            print(f"check_build: the build took longer than {TIMEOUT} s and was stopped", file=sys.stderr)
            return 1
    if result.returncode != 0:
        print("check_build: the strict build failed -> fix the lines above, then commit again", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
