"""The facts file as it was before its last change, from git: so a fact's old value typed by hand is caught too.

Nothing here knows about MkDocs. After a writer changes the phone number, the
old number is the one most likely to be typed from memory, and the check of
facts typed by hand (hooks/helpcenter/facts/drift.py) only knows the new one.
`previous_text` finds the newest committed version of the facts file that
differs from the file as it is now: the last commit's, when the change is not
committed yet, or the one before the change once it is.

Where history cannot tell (no git, not a work tree, a new file, a shallow clone
without the older commit), there is no previous version and nothing more is
checked. Every git call is bounded in time; the walk stops after a few commits.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# How many commits that touched the file are looked at, newest first, for a version that differs.
_COMMITS = 10
_TIMEOUT = 10  # seconds per git call


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def previous_text(root: Path, relative_path: str, current: str) -> str | None:
    """The newest committed text of ``relative_path`` (from ``root``, the project) unlike ``current``, or None."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    try:
        in_repository = (root / relative_path).resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    except ValueError:  # the facts file lies outside the repository
        return None
    commits = _git(root, "log", f"-n{_COMMITS}", "--format=%H", "--", in_repository)
    for commit in (commits or "").split():
        text = _git(root, "show", f"{commit}:{in_repository}")
        if text is not None and text != current:
            return text
    return None
