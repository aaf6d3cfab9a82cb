"""A writer moves, renames and deletes articles, and changes a fact; `make check` passes with no test edited.

The project is copied (the files git knows), the commands writers use change
it (`make move`, `make delete`, an edit of data/facts.yml), and the writers'
check runs on the copy: lint, the strict build and every content test. A test
that named today's pages or facts would fail here.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpcenter.articles import is_article
from realpages import nav_pages
from sitebuilder import ROOT

VENV = Path(sys.executable).parent.parent


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=writer@example.com", "-c", "user.name=Writer", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def project_copy(tmp_path: Path) -> Path:
    """The files git knows (as they are now, uncommitted edits included), in a repository of their own."""
    root = tmp_path / "project"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, root / name)  # mtimes kept: make does not rebuild the venv
    if (ROOT.parent / "shared").is_dir():  # the vendor's source text the content tests compare pages with
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the project as it is")
    return root


def make(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "HELPCENTER_BUILT_SITE")}
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )


def test_moving_renaming_and_deleting_articles_needs_no_test_edit(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    # Articles chosen by what they are, the page that defines the review window among them if it comes first.
    articles = [page for page in nav_pages(root / "mkdocs.yml") if is_article(page)]
    assert len(articles) >= 4, articles
    moved, renamed, deleted, instead = articles[:4]
    folders = sorted({posixpath.dirname(page) for page in nav_pages(root / "mkdocs.yml") if page.endswith("/index.md")})
    other = next(folder for folder in folders if folder != posixpath.dirname(moved))
    moved_to = f"{other}/{posixpath.basename(moved)}"
    renamed_to = renamed.removesuffix(".md") + "-renamed.md"

    for arguments in (
        ("move", f"FROM=docs/{moved}", f"TO=docs/{moved_to}"),
        ("move", f"FROM=docs/{renamed}", f"TO=docs/{renamed_to}"),
        ("delete", f"PAGE=docs/{deleted}", f"INSTEAD=docs/{instead}"),
    ):
        done = make(root, *arguments)
        assert done.returncode == 0, done.stdout + done.stderr
    # A fact changes too: every page follows, and no test holds the old value.
    facts = root / "data" / "facts.yml"
    number = yaml.safe_load(facts.read_text(encoding="utf-8"))["support"]["phone"]["number"]
    new_number = "+18005550188" if number != "+18005550188" else "+18005550199"
    facts.write_text(facts.read_text(encoding="utf-8").replace(f'"{number}"', f'"{new_number}"', 1), "utf-8")

    assert git(root, "status", "--porcelain", "--", "tests") == "", "a command touched the tests"
    maps = next(
        plugin["redirects"]["redirect_maps"]
        for plugin in yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
        if isinstance(plugin, dict) and "redirects" in plugin
    )
    assert {moved: moved_to, renamed: renamed_to, deleted: instead}.items() <= maps.items()

    check = make(root, "check")
    assert check.returncode == 0, check.stdout[-6000:] + check.stderr[-3000:]
    assert re.search(r"^make check: everything passed in \d+ s", check.stdout, re.MULTILINE), check.stdout[-2000:]
    assert re.search(r"^\d+ passed", check.stdout, re.MULTILINE), "the content tests did not run"
