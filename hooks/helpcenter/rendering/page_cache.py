"""The page cache: what rendering a page produced, on disk, found again by what the render read.

Nothing here knows about MkDocs. An entry is found by its *base*: a digest of
everything every page's render reads (the build's code, the locked packages,
mkdocs.yml, the theme, the site's files, ...; `digest`, `tree_digest`) and of
the page's own source. Under one base there may be a few *variants*: each holds
the facts its render read and their values, and is a hit only while every one
of those facts still has that value. So a fact change misses exactly the pages
that read it, and a value changed back finds its entry again.

Entries are pickled: the cache is written and read only by this build's own
code (`.cache/` is never committed; CI restores it from its own runs).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when an entry's layout changes: every old entry then misses
MAX_VARIANTS = 4  # per page source: enough to switch a fact back and forth
MAX_AGE_DAYS = 14  # an entry no build used for this long is deleted


def digest(*parts: str | bytes) -> str:
    """One hex digest of ``parts``, each length-prefixed so that no two sequences collide."""
    hasher = hashlib.sha256(FORMAT.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def tree_digest(folder: Path, *, suffixes: Iterable[str] = (), skip: Iterable[Path] = ()) -> str:
    """The digest of every file under ``folder`` (names and bytes); ``suffixes``: only these kinds."""
    wanted, skipped = tuple(suffixes), {path.resolve() for path in skip}
    parts: list[str | bytes] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.resolve() in skipped or "__pycache__" in path.parts:
                continue
            if wanted and path.suffix not in wanted:
                continue
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def file_digest(path: Path) -> str:
    return digest(path.read_bytes()) if path.is_file() else digest("absent")


def fact_value(facts: Mapping[str, Any], path: str) -> str:
    """The value at the dotted ``path`` of the facts (as plain data), as JSON; a path not there is "absent"."""
    value: Any = facts
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return "absent"
        value = value[part]
    return json.dumps(value, sort_keys=True, default=str)


@dataclass(frozen=True)
class Variant:
    """One render of a page source: the facts it read with their values, and what it produced."""

    reads: tuple[tuple[str, str], ...]  # (fact path, its value as JSON), sorted
    payload: Any  # what the caller keeps; only its own code reads it


class PageStore:
    """Entries under ``folder``: ``<base[:2]>/<base>.pickle``, the newest variants of one base first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, base: str) -> Path:
        return self.folder / base[:2] / f"{base}.pickle"

    def _variants(self, path: Path) -> list[Variant]:
        try:
            variants = pickle.loads(path.read_bytes())
        except Exception:  # absent, damaged or foreign: a miss, never a failed build
            return []
        if not isinstance(variants, list):
            return []
        return [variant for variant in variants if isinstance(variant, Variant)]

    def load(self, base: str, value_of: Callable[[str], str]) -> Any | None:
        """The payload of the variant under ``base`` whose facts all still have their values, if any."""
        path = self._path(base)
        for variant in self._variants(path):
            if all(value_of(fact) == value for fact, value in variant.reads):
                os.utime(path)  # used: kept by `prune`
                return variant.payload
        return None

    def save(self, base: str, reads: Iterable[tuple[str, str]], payload: Any) -> None:
        variant = Variant(tuple(sorted(set(reads))), payload)
        path = self._path(base)
        others = [other for other in self._variants(path) if other.reads != variant.reads]
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        data = pickle.dumps([variant, *others][:MAX_VARIANTS], protocol=pickle.HIGHEST_PROTOCOL)
        temporary.write_bytes(data)
        os.replace(temporary, path)  # a reader never sees half an entry

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> None:
        """Delete entries no build has used for ``max_age_days``."""
        if not self.folder.is_dir():
            return
        oldest = time.time() - max_age_days * 86400
        for path in self.folder.glob("*/*.pickle"):
            if _mtime(path) < oldest:
                path.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@dataclass
class PageCache:
    """One build's view of the cache: the shared digest, and the pages found in it so far."""

    store: PageStore | None  # None: the cache is off
    shared: str  # the digest of what every page's render reads
    facts: Mapping[str, Any]  # the facts as plain data, to look up a read's value
    fact_paths: frozenset[str]  # every fact of the facts file
    outputs: PageStore | None = None  # finished pages, by everything their templating reads
    hits: dict[str, Any] = field(default_factory=dict)  # src_uri -> the entry found for it
    renders: dict[str, list[Any]] = field(default_factory=dict)  # src_uri -> what its text read, as it rendered
    site: str = ""  # the digest of what every page's template reads of the whole site (on_env)
    output_hits: dict[str, Any] = field(default_factory=dict)  # src_uri -> its finished page, found
    # src_uri -> (its base, findings so far, the build version it shows)
    output_bases: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    held: Any = None  # what a hit's Markdown conversion goes without, until the page's content is back

    def __post_init__(self) -> None:
        self._all_facts = digest(json.dumps(self.facts, sort_keys=True, default=str))

    def base(self, src_uri: str, text: str) -> str:
        return digest(self.shared, src_uri, text)

    def value_of(self, fact: str) -> str:
        """The value of a fact the render read; a read that is no fact of the file depends on them all."""
        if fact in self.fact_paths:
            return fact_value(self.facts, fact)
        return self._all_facts
