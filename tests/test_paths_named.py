"""Words that stay true: every repository path a comment, a docstring or a README names exists.

A path is a word like ``hooks/jobs/links.py``, ``helpcenter/links/judge.py``
(from hooks/) or ``overrides/partials/``, whose first folder is one the
repository has (``overrides/...html`` is a pattern, not a path). Paths under
docs/ are content, which writers move and rename freely (and examples like
``docs/billing/x.md``), so they are left out; so are the fixture sites.
"""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from collections.abc import Iterator
from pathlib import Path

from sitebuilder import ROOT

EXTENSIONS = "py|md|yml|yaml|html|js|css|json|toml|txt|lock|sh|svg|png|ico|cfg|ini"
PATH = re.compile(rf"(?<![\w./:@-])((?:[\w.-]+/)+(?:[\w.-]+\.(?:{EXTENSIONS}))?)(?![\w/-])")
PACKAGES = {"helpcenter": "hooks", "jobs": "hooks", "feedback_service": "feedback"}  # paths written from there
COMMENT = re.compile(r"(?:#|//|/\*|<!--|\{#|^\s*\*)(.*)")
SKIPPED = ("docs/", "tests/fixtures/")
READ = {".py", ".md", ".yml", ".js", ".css", ".html", ".toml"}


def python_words(text: str) -> Iterator[tuple[int, str]]:
    """Comments and docstrings (a string that is a statement of its own) of a Python file."""
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        statement = previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and statement):
            yield token.start[0], token.string
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type


def words(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        yield from python_words(text)
        return
    for number, line in enumerate(text.split("\n"), 1):
        if path.suffix == ".md":
            yield number, line
        elif found := COMMENT.search(line):
            yield number, found[0]


def missing_paths(root: Path, files: list[str]) -> list[str]:
    """``file:LINE: path`` for every path the files' words name that the repository does not have."""
    tops = {name.split("/")[0] for name in files} | set(PACKAGES)
    missing = []
    for name in files:
        path = root / name
        read = path.suffix in READ or path.name in ("Makefile", "run")
        if name.startswith(SKIPPED) or not read:
            continue
        for line, text in words(path):
            for match in PATH.finditer(text):
                named = match[1]
                first = named.split("/")[0]
                if first not in tops or named.startswith(SKIPPED) or "..." in named:  # "..." elides: a pattern
                    continue
                places = [root / named, root / PACKAGES.get(first, ".") / named]
                if not any(place.exists() for place in places):
                    missing.append(f"{name}:{line + text.count(chr(10), 0, match.start())}: {named}")
    return missing


def tracked(root: Path) -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.splitlines() if (root / name).is_file()]


def test_every_path_the_repository_names_exists() -> None:
    assert missing_paths(ROOT, tracked(ROOT)) == []


def test_a_path_that_moved_is_reported_where_it_is_named(tmp_path: Path) -> None:
    (tmp_path / "hooks" / "helpcenter").mkdir(parents=True)
    (tmp_path / "hooks" / "helpcenter" / "text.py").write_text('"""See helpcenter/text.py and hooks/gone.py."""\n')
    (tmp_path / "README.md").write_text("Read hooks/README.md,\nthen `hooks/old/`.\nNo path: docs/a/b.md, and/or.\n")
    (tmp_path / "Makefile").write_text("# hooks/helpcenter/gone.py runs it\nall:\n\techo hooks/x.py\n")
    files = ["hooks/helpcenter/text.py", "README.md", "Makefile"]
    assert missing_paths(tmp_path, files) == [
        "hooks/helpcenter/text.py:1: hooks/gone.py",
        "README.md:1: hooks/README.md",
        "README.md:2: hooks/old/",
        "Makefile:1: hooks/helpcenter/gone.py",
    ]
