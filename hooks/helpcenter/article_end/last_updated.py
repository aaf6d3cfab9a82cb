"""When each page last changed, from git history, read once per build.

Nothing here knows about MkDocs. `git_dates` runs one ``git log`` over the
docs folder (not one process per page) and returns the date of the newest
commit that touched each file. Dates come only from commits, never from the
clock or file times, so two builds of one commit print the same dates.

Where history cannot tell, the date is left out rather than guessed:
- outside a git work tree, or without git: no dates at all;
- in a shallow clone, a file whose newest commit is the clone's boundary: that
  commit appears to add every file, so its date says nothing about the file.
  (CI that publishes the site should fetch the full history.)
- a file that was never committed.
A file's mtime is no fallback: in a fresh clone it is the checkout time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from helpcenter.articles import is_article

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Updated:
    """A page's last-updated date, for templates."""

    iso: str  # 2026-11-25, for <time datetime>
    text: str  # November 25, 2026

    @classmethod
    def of(cls, day: dt.date) -> Updated:
        return cls(day.isoformat(), f"{_MONTHS[day.month - 1]} {day.day}, {day.year}")


def updated(dates: Mapping[str, dt.date], src_path: str) -> Updated | None:
    """An article's "Last updated", if history tells (listings and the 404 page show none)."""
    day = dates.get(src_path)
    return Updated.of(day) if day and is_article(src_path) else None


def parse_log(output: str, boundary: frozenset[str] = frozenset()) -> dict[str, dt.date]:
    """Newest date per path from ``git log -z --name-only --format=%x1e%H%x1f%P%x1f%cs``.

    ``git log`` lists commits newest first, so the first date seen for a path
    wins. Commits in ``boundary`` (a shallow clone's cut-off) date nothing,
    and a path first seen there stays undated.
    """
    dates: dict[str, dt.date] = {}
    seen: set[str] = set()
    for record in output.split("\x1e"):
        header, _, names = record.partition("\0")
        fields = header.split("\x1f")
        if len(fields) != 3:
            continue
        commit, _parents, day = fields
        try:
            when = dt.date.fromisoformat(day.strip())
        except ValueError:
            continue
        for name in names.split("\0"):
            path = name.strip("\n")
            if not path or path in seen:
                continue
            seen.add(path)
            if commit not in boundary:
                dates[path] = when
    return dates


def _git(cwd: Path, *args: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout if completed.returncode == 0 else None


def shallow_boundary(cwd: Path) -> frozenset[str]:
    """The commits a shallow clone was cut at (empty for a full clone)."""
    if (_git(cwd, "rev-parse", "--is-shallow-repository") or "").strip() != "true":
        return frozenset()
    shallow_file = (_git(cwd, "rev-parse", "--path-format=absolute", "--git-path", "shallow") or "").strip()
    try:
        return frozenset(Path(shallow_file).read_text(encoding="ascii").split()) if shallow_file else frozenset()
    except OSError:
        return frozenset()


def git_dates(docs_dir: Path) -> dict[str, dt.date]:
    """Last commit date of every file under ``docs_dir``, keyed by docs-relative path.

    Empty when ``docs_dir`` is not in a git work tree or git is unavailable.
    """
    output = _git(docs_dir, "log", "--relative", "-z", "--name-only", "--format=%x1e%H%x1f%P%x1f%cs", "--", ".")
    if output is None:
        return {}
    boundary = shallow_boundary(docs_dir) if output else frozenset()
    return parse_log(output, boundary)
