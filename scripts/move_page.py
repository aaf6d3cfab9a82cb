"""Move, rename or delete a page in one step (`make move`, `make delete`).

    make move FROM=docs/billing/create-a-bill.md TO=docs/billing/bill-a-matter.md
    make delete PAGE=docs/billing/old-page.md INSTEAD=docs/billing/new-page.md

`move` moves the file with git and rewrites everything that names it: links and
anchor links in every page (the moved page's own relative links too), `related:`
entries, its nav entry in mkdocs.yml (into the nav section of its new folder),
settings that name it, and adds a redirect from the old address
(mkdocs-redirects, `redirect_maps` in mkdocs.yml), so bookmarks keep working.

`delete` removes the file with git, its nav entry and the `related:` entries
naming it. With INSTEAD, links to it point to that page and its address
redirects there; without, it lists each link a writer must fix.

The values reach this script as its arguments or through the environment
(FROM, TO, PAGE, INSTEAD), never through a shell command line.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcenter.pages.moving import (
    Change,
    MoveError,
    Relocation,
    dangling_links,
    rewrite_config,
    rewrite_links,
    rewrite_related,
)
from helpcenter.pages.scaffold import ScaffoldError, check_slug
from helpcenter.text import suggest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path
    docs_dir: Path

    @property
    def docs_prefix(self) -> str:
        return self.docs_dir.relative_to(self.root).as_posix()

    def shown(self, page: str) -> str:
        return f"{self.docs_prefix}/{page}"

    def pages(self) -> list[str]:
        """Every Markdown page, docs-relative; snippets (docs/_snippets/) are included in pages, not pages."""
        return sorted(
            path.relative_to(self.docs_dir).as_posix()
            for path in self.docs_dir.rglob("*.md")
            if not path.relative_to(self.docs_dir).as_posix().startswith("_")
        )


def load_project(config_file: Path) -> Project:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold tags such as !ENV or !!python/name: keep them opaque.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    root = config_file.parent.resolve()
    return Project(root, config_file.resolve(), (root / (config.get("docs_dir") or "docs")).resolve())


def page_path(project: Project, written: str, what: str) -> str:
    """A writer's path (``docs/billing/a.md``, ``billing/a.md``) as a docs-relative path, refused outside docs/."""
    text = written.strip().replace("\\", "/")
    if not text:
        raise MoveError(f"no {what} given -> add {what}=docs/section/page.md")
    normal = posixpath.normpath(text.removeprefix("./"))
    prefix = f"{project.docs_prefix}/"
    normal = normal.removeprefix(prefix)
    if normal.startswith(("../", "/")) or normal == ".." or Path(normal).is_absolute():
        raise MoveError(f"{what}={written} is outside {prefix} -> give a page's path, like {prefix}section/page.md")
    if not normal.endswith(".md"):
        raise MoveError(f"{what}={written} is not a Markdown page -> give its file name with .md")
    return normal


def _close(page: str, pages: list[str]) -> str:
    close = suggest(page, pages)
    return f" (did you mean {close}?)" if close else ""


def check_existing(project: Project, page: str, what: str) -> None:
    pages = project.pages()
    if page not in pages:
        shown = [project.shown(other) for other in pages]
        raise MoveError(f"{what}: {project.shown(page)} does not exist{_close(project.shown(page), shown)}")
    if posixpath.basename(page) == "index.md":
        raise MoveError(
            f"{what}: {project.shown(page)} is a section's own page -> a section moves with its folder; ask a developer"
        )


def check_new(project: Project, old: str, new: str) -> None:
    folder = posixpath.dirname(new)
    sections = sorted(
        path.parent.relative_to(project.docs_dir).as_posix()
        for path in project.docs_dir.glob("**/index.md")
        if not path.relative_to(project.docs_dir).as_posix().startswith("_")
    )
    if folder and folder not in sections:
        raise MoveError(
            f"TO: there is no section {project.docs_prefix}/{folder}/ -> use one of:"
            f" {', '.join(f'{project.docs_prefix}/{name}/' for name in sections if name != '.')}"
        )
    try:
        check_slug(posixpath.basename(new))
    except ScaffoldError as error:
        raise MoveError(f"TO: {str(error).replace('SLUG', 'the file name', 1)}") from None
    if new == old:
        raise MoveError("FROM and TO are the same page -> give the new path in TO")
    if (project.docs_dir / new).exists():
        raise MoveError(f"TO: {project.shown(new)} already exists -> choose another name")


@dataclass(frozen=True)
class Plan:
    """Every file's new text, computed before anything is written, and what to tell the writer."""

    texts: dict[Path, str]
    told: list[str]
    to_fix: list[str]


def plan(project: Project, relocation: Relocation) -> Plan:
    texts: dict[Path, str] = {}
    told: list[str] = []
    to_fix: list[str] = []
    for page in project.pages():
        if page == relocation.old and relocation.new is not None and not relocation.replaced:
            new_page = relocation.new
        elif page == relocation.old:
            continue  # deleted
        else:
            new_page = page
        path = project.docs_dir / page
        text = path.read_text(encoding="utf-8")
        links = rewrite_links(text, page=page, new_page=new_page, relocation=relocation)
        # A page never lists itself: the replacement's own entry for the deleted page just goes.
        listed = None if relocation.new == new_page else relocation.new
        related = rewrite_related(links.text, old=relocation.old, new=listed)
        destination = project.docs_dir / new_page
        if related.text != text or destination != path:
            texts[destination] = related.text
        told += _lines(project.shown(page), links.changes, "link")
        told += _lines(project.shown(page), related.changes, "related")
        if relocation.new is None:
            to_fix += _lines(project.shown(page), tuple(dangling_links(text, page=page, gone=relocation.old)), "link")
    config = rewrite_config(project.config_file.read_text(encoding="utf-8"), relocation)
    if config.changes:
        texts[project.config_file] = config.text
        told += _lines(project.config_file.name, config.changes, "")
    return Plan(texts, told, to_fix)


def _lines(shown: str, changes: tuple[Change, ...], kind: str) -> list[str]:
    label = f"{kind} " if kind else ""
    return [
        f"{shown}:{change.line}: {label}{change.before} -> {change.after}"
        if change.after
        else f"{shown}:{change.line}: {label}`{change.before}` points to the deleted page -> link to another page"
        for change in changes
    ]


def _tracked(project: Project, path: Path) -> bool:
    found = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "--", str(path)],
        cwd=project.root,
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def _git(project: Project, *arguments: str) -> None:
    done = subprocess.run(["git", *arguments], cwd=project.root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise MoveError(f"git {arguments[0]} failed: {done.stderr.strip()} -> fix that, then run the command again")


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def move(project: Project, source: str, target: str) -> list[str]:
    old = page_path(project, source, "FROM")
    new = page_path(project, target, "TO")
    check_existing(project, old, "FROM")
    check_new(project, old, new)
    steps = plan(project, Relocation(old, new))
    before, after = project.docs_dir / old, project.docs_dir / new
    if _tracked(project, before):
        _git(project, "mv", "--", str(before), str(after))
    else:
        before.rename(after)
    for path, text in steps.texts.items():
        _write(path, text)
    return [f"Moved {project.shown(old)} to {project.shown(new)}", *steps.told]


def delete(project: Project, page: str, instead: str) -> tuple[list[str], list[str]]:
    old = page_path(project, page, "PAGE")
    check_existing(project, old, "PAGE")
    replacement = page_path(project, instead, "INSTEAD") if instead.strip() else None
    if replacement is not None:
        check_existing(project, replacement, "INSTEAD")
        if replacement == old:
            raise MoveError("INSTEAD is the page being deleted -> name another page, or leave INSTEAD out")
    steps = plan(project, Relocation(old, replacement, replaced=replacement is not None))
    path = project.docs_dir / old
    if _tracked(project, path):
        _git(project, "rm", "--quiet", "--force", "--", str(path))  # its edits go with it: it is deleted
    else:
        path.unlink()
    for target, text in steps.texts.items():
        _write(target, text)
    told = [f"Deleted {project.shown(old)}", *steps.told]
    if replacement is None:
        told.append("Its address now leads nowhere (give INSTEAD=... to redirect readers to another page).")
    return told, steps.to_fix


def main(argv: list[str] | None = None) -> int:
    environ = os.environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    moving = commands.add_parser("move", help="move or rename a page")
    moving.add_argument("source", nargs="?", default=environ.get("FROM", ""), help="FROM: docs/section/page.md")
    moving.add_argument("target", nargs="?", default=environ.get("TO", ""), help="TO: docs/section/new-name.md")
    deleting = commands.add_parser("delete", help="delete a page")
    deleting.add_argument("page", nargs="?", default=environ.get("PAGE", ""), help="PAGE: docs/section/page.md")
    deleting.add_argument("--instead", default=environ.get("INSTEAD", ""), help="INSTEAD: the page readers get")
    args = parser.parse_args(argv)
    project = load_project(args.config_file)
    to_fix: list[str] = []
    try:
        if args.command == "move":
            told = move(project, args.source, args.target)
        else:
            told, to_fix = delete(project, args.page, args.instead)
    except MoveError as error:
        print(f"make {args.command}: {error}", file=sys.stderr)
        return 2
    print("\n".join(told))
    if to_fix:
        print("Fix these links (each pointed to the deleted page):", *to_fix, sep="\n")
    print("Next: make check")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
