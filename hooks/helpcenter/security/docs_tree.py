"""The files under docs/ (and the other folders the build publishes from), checked before MkDocs reads them.

MkDocs lists docs/ following symlinks and copies what they point at into the
site: a link to /etc/passwd, /proc/self/environ or the checkout's .git/config
would be published, a folder link back up the tree is walked again and again,
and a dangling link inside a linked folder is a traceback. pymdownx.snippets
follows links too, so a linked snippet inlines its target into the page.

`check_tree` walks one folder without following any link and returns a finding
for each symlink that leads outside the folder, leads nowhere or loops; for each
folder link whose target holds folder links itself (the walk would loop, or copy
the same pages many times over); for names with line breaks or control
characters (they forge lines in build logs) and names that differ only in
letter case (one replaces the other on Windows and macOS disks); and for pipes
and devices, which a build would hang reading. The walk is linear in the number
of entries.
"""

from __future__ import annotations

import bisect
import errno
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpcenter.findings import Finding, one_line

# Line breaks and control characters in a name; a name that is not UTF-8 arrives as lone surrogates.
_BAD_NAME_CHARACTER = frozenset(chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]) | frozenset(
    "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class _FolderLink:
    shown: str  # where the link is, as the writer sees it
    written: str  # the link's target as written
    target: str  # the real folder it leads to


def check_tree(root: Path, *, shown: str, project: Path | None = None) -> list[Finding]:
    """Every problem with the files under ``root`` (shown to writers as ``shown``, e.g. ``docs``), sorted."""
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        return []
    findings: list[Finding] = []
    folder_links: list[_FolderLink] = []
    real_link_places: list[str] = []  # the real path of every folder link's own location
    pending = [(real_root, shown)]
    while pending:
        folder, shown_folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            findings.append(_finding(shown_folder, "unreadable-folder", f"cannot be read ({error.strerror})"))
            continue
        findings.extend(_case_collisions(shown_folder, [entry.name for entry in entries]))
        for entry in entries:
            where = f"{shown_folder}/{entry.name}"
            bad = sorted({character for character in entry.name if _is_bad(character)})
            if bad:
                findings.append(
                    _finding(
                        where,
                        "bad-file-name",
                        f"the name holds {_characters(bad)}, which break links and build logs"
                        " -> rename it with letters, digits and hyphens",
                    )
                )
                continue
            if entry.is_symlink():
                problem = _symlink_problem(entry.path, real_root, shown, project)
                if problem is not None:
                    findings.append(_finding(where, *problem))
                elif os.path.isdir(entry.path):
                    folder_links.append(_FolderLink(where, os.readlink(entry.path), os.path.realpath(entry.path)))
                    real_link_places.append(os.path.join(folder, entry.name))
                continue
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(status.st_mode):
                pending.append((entry.path, where))
            elif not stat.S_ISREG(status.st_mode):
                findings.append(_finding(where, "special-file", _SPECIAL))
            elif status.st_size > MAX_TEXT_BYTES and entry.name.lower().endswith(_TEXT_SUFFIXES):
                findings.append(
                    _finding(
                        where,
                        "file-too-large",
                        f"{status.st_size:,} bytes, more than the {MAX_TEXT_BYTES:,} a page or data file may have"
                        " -> split it into several",
                    )
                )
    findings.extend(_nested_folder_links(folder_links, real_link_places))
    return sorted(findings)


def check_trees(roots: Iterable[tuple[Path, str]], *, project: Path | None = None) -> list[Finding]:
    """`check_tree` for each (folder, shown as), each folder once: one inside another is checked as part of it."""
    seen: list[str] = []
    findings: list[Finding] = []
    for root, shown in sorted(roots, key=lambda pair: len(os.path.realpath(pair[0]))):
        real = os.path.realpath(root)
        if any(_inside(real, outer) for outer in seen):
            continue
        seen.append(real)
        findings.extend(check_tree(root, shown=shown, project=project))
    return sorted(findings)


# Writers' text files are read whole by MkDocs and its YAML parser; anything near this size is a mistake.
MAX_TEXT_BYTES = 1_000_000
_TEXT_SUFFIXES = (".md", ".markdown", ".yml", ".yaml")

_SPECIAL = "is not a file or a folder (a pipe, socket or device), which a build would hang reading -> delete it"


def _finding(where: str, code: str, message: str) -> Finding:
    return Finding(where, 0, None, code, message)  # line 0: the file as a whole


def _is_bad(character: str) -> bool:
    return character in _BAD_NAME_CHARACTER or "\udc80" <= character <= "\udcff"


def _characters(bad: list[str]) -> str:
    if any("\udc80" <= character <= "\udcff" for character in bad):
        return "bytes that are not UTF-8"
    names = ", ".join(f"U+{ord(character):04X}" for character in bad)
    return f"a line break or control character ({names})"


def _shown_target(real: str, project: Path | None) -> str:
    if project is not None:
        relative = os.path.relpath(real, os.path.realpath(project))
        if not relative.startswith(".."):
            return relative.replace(os.sep, "/")
    return real


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _symlink_problem(path: str, real_root: str, shown_root: str, project: Path | None) -> tuple[str, str] | None:
    written = one_line(os.readlink(path))
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symlink-loop", f"a symlink to '{written}' that leads back to itself -> delete the link"
        real = os.path.realpath(path)
        if not _inside(real, real_root):
            return _outside(written, real, shown_root, project, folder=False)
        if isinstance(error, FileNotFoundError):
            return (
                "symlink-dangling",
                f"a symlink to '{written}', which does not exist -> point it at a file under {shown_root}/,"
                " or delete it",
            )
        return "symlink-unreadable", f"a symlink to '{written}', which cannot be read ({error.strerror}) -> delete it"
    if not _inside(real, real_root):
        return _outside(written, real, shown_root, project, folder=os.path.isdir(real))
    mode = os.stat(real).st_mode
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        return "special-file", f"a symlink to '{written}', which {_SPECIAL}"
    return None


def _outside(written: str, real: str, shown_root: str, project: Path | None, *, folder: bool) -> tuple[str, str]:
    target = one_line(_shown_target(real, project))
    # A relative target is shown with where it leads; an absolute one says it all.
    where = f"'{written}'" + (f" ({target})" if not os.path.isabs(written) and target != written else "")
    what = "a folder outside" if folder else "outside"
    published = "everything in it" if folder else "that file"
    return (
        "symlink-outside",
        f"a symlink to {where}, {what} {shown_root}/: the build would publish {published}"
        f" -> put a copy of what the page needs under {shown_root}/, or delete the link",
    )


def _nested_folder_links(links: list[_FolderLink], places: list[str]) -> list[Finding]:
    """A folder link whose target holds a folder link (itself included) makes the walk loop or multiply."""
    ordered = sorted(zip(places, [link.shown for link in links], strict=True))
    keys = [place for place, _ in ordered]
    findings = []
    for link in links:
        prefix = link.target.rstrip(os.sep) + os.sep
        index = bisect.bisect_left(keys, prefix)
        if index < len(keys) and keys[index].startswith(prefix):
            inner = ordered[index][1]
            findings.append(
                _finding(
                    link.shown,
                    "symlink-loop",
                    f"a symlink to the folder '{link.written}', which holds a folder symlink itself ({inner}):"
                    " the build would walk in circles or copy the same pages over and over"
                    " -> link to files, not to that folder, or copy it",
                )
            )
    return findings


def _case_collisions(shown_folder: str, names: list[str]) -> list[Finding]:
    first: dict[str, str] = {}
    findings = []
    for name in names:
        key = unicodedata.normalize("NFC", name).casefold()
        if key in first:
            findings.append(
                _finding(
                    f"{shown_folder}/{name}",
                    "case-collision",
                    f"'{one_line(name)}' and '{one_line(first[key])}' differ only in letter case (or accents"
                    " written two ways): on Windows and macOS disks one replaces the other, and links to them"
                    " break -> rename or merge one of them",
                )
            )
        else:
            first[key] = name
    return findings
