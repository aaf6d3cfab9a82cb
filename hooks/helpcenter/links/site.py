"""The site index: every file of one build, by source path and by URL, made once per build.

Nothing here knows about MkDocs. A `SiteFile` is what the build says of a file
(its source path under docs/, the URL it is published at, whether it is a
page, whether it is published); `SiteIndex` answers "which file is at this
URL", "which file does this path from this Markdown file name" and "which
existing file did the writer mean", each in a few dictionary look-ups.
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

Inclusion = Literal["included", "not_in_nav", "draft", "excluded"]
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One file of the site, as the build sees it."""

    src_path: str  # "billing/generate-a-bill.md", relative to docs/
    url: str  # "billing/generate-a-bill/": percent-decoded, "" for the home page
    is_page: bool = True
    inclusion: Inclusion = "included"

    @property
    def excluded(self) -> bool:
        return self.inclusion in ("draft", "excluded")


def is_directory(path: str) -> bool:
    return path.endswith(("/", "/.", "/..")) or path in (".", "..")


def join(base_dir: str, path: str) -> tuple[str, bool]:
    """``base_dir`` (ends with "/" or is "") joined with ``path`` and normalized; True if it climbs out."""
    joined = posixpath.normpath(base_dir + path)
    if joined == ".":
        return "", False
    return joined, joined == ".." or joined.startswith("../")


def source_dir(src_path: str) -> str:
    folder = posixpath.dirname(src_path)
    return f"{folder}/" if folder else ""


def url_dir(url: str) -> str:
    return url if url.endswith("/") or not url else source_dir(url)


def relative_source(from_src: str, to_src: str) -> str:
    """How a writer links ``to_src`` from the page ``from_src``, e.g. ``../billing/index.md``."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


_POOL = 160  # most candidates one "did you mean" compares, whatever the size of the site


def _ratio(first: str, second: str) -> float:
    return difflib.SequenceMatcher(None, first, second).ratio()


class SiteIndex:
    """Every file of the site by source path and by URL, built once per build (its memos are its own)."""

    def __init__(self, files: Iterable[SiteFile], *, site_url: str | None = None) -> None:
        self.by_src: dict[str, SiteFile] = {}
        self.by_url: dict[str, SiteFile] = {}
        for file in files:
            self.by_src[file.src_path] = file
            known = self.by_url.get(file.url)
            if known is None or (known.excluded and not file.excluded):
                self.by_url[file.url] = file
        self.by_src_folded = {path.casefold(): file for path, file in self.by_src.items()}
        self.by_url_folded = {url.casefold(): file for url, file in self.by_url.items()}
        self.site_url = site_url
        self._site = urlsplit(site_url) if site_url else None
        published = sorted((f for f in self.by_src.values() if not f.excluded), key=lambda f: f.src_path)
        # Suggestion pools, by kind and by file name (a page that moved keeps its name).
        self._names: dict[bool, dict[str, list[str]]] = {True: defaultdict(list), False: defaultdict(list)}
        self._in_folder: dict[bool, dict[str, list[str]]] = {True: defaultdict(list), False: defaultdict(list)}
        for file in published:
            self._names[file.is_page][posixpath.basename(file.src_path)].append(file.src_path)
            self._in_folder[file.is_page][posixpath.dirname(file.src_path)].append(file.src_path)
        self.pages_in = self._in_folder[True]  # folder -> its published pages
        self._sorted = {
            kind: (sorted(path for paths in by_name.values() for path in paths), sorted(by_name))
            for kind, by_name in self._names.items()
        }
        self._url_cache: dict[tuple[str, str], tuple[SiteFile | None, str, bool]] = {}
        self._suggestions: dict[tuple[bool, str], str | None] = {}

    def lookup_url(self, url_path: str, directory: bool) -> SiteFile | None:
        """The file served at ``url_path`` (normalized, relative to the site root)."""
        if not url_path:
            return self.by_url.get("")
        if directory:
            return self.by_url.get(f"{url_path}/")
        found = self.by_url.get(url_path) or self.by_url.get(f"{url_path}/")
        if found is None and url_path.endswith("index.html"):
            found = self.by_url.get(url_path[: -len("index.html")])
        return found

    def resolve_url(self, page_url: str, path: str) -> tuple[SiteFile | None, str, bool]:
        """Resolve an already decoded URL path relative to a page URL, as a browser does."""
        base = url_dir(page_url)
        key = (base, path)
        cached = self._url_cache.get(key)
        if cached is None:
            joined, outside = join(base, path)
            found = None if outside else self.lookup_url(joined, is_directory(path))
            cached = self._url_cache[key] = (found, joined, outside)
        return cached

    def resolve_source(self, page_src: str, path: str) -> tuple[SiteFile | None, str, bool]:
        """Resolve a path relative to the page's source file, as a writer means it."""
        joined, outside = join(source_dir(page_src), path)
        return (None if outside else self.by_src.get(joined)), joined, outside

    def same_site(self, url: str) -> str | None:
        """For a full URL into this site (``site_url`` written out), the path below the site root."""
        if self._site is None:
            return None
        parts = urlsplit(url)
        if parts.hostname is None or parts.hostname != self._site.hostname:
            return None
        root = self._site.path if self._site.path.endswith("/") else f"{self._site.path}/"
        path = parts.path or "/"
        if not (path == root.rstrip("/") or path.startswith(root)):
            return None
        return unquote(path[len(root) :]) + (f"#{parts.fragment}" if parts.fragment else "")

    def closest_file(self, wanted: str, *, pages: bool) -> str | None:
        """The existing page (or asset) closest to the path a link wanted, for "did you mean"."""
        key = (pages, wanted)
        if key not in self._suggestions:
            self._suggestions[key] = self._closest_file(wanted, pages)
        return self._suggestions[key]

    def _closest_file(self, wanted: str, pages: bool) -> str | None:
        names = self._names[pages]
        name = posixpath.basename(wanted)
        # A page that moved keeps its file name.
        moved = names.get(name)
        if moved:
            return max(moved, key=lambda path: _ratio(wanted, path))
        # Otherwise only a bounded pool competes, never the whole site: the wanted folder's files,
        # and the paths and file names that sort next to the wanted ones (typos keep most letters).
        paths, sorted_names = self._sorted[pages]
        pool = set(self._in_folder[pages].get(posixpath.dirname(wanted), ())[:_POOL])
        at = bisect.bisect(paths, wanted)
        pool.update(paths[max(0, at - _POOL // 8) : at + _POOL // 8])
        at = bisect.bisect(sorted_names, name)
        for near in sorted_names[max(0, at - _POOL // 8) : at + _POOL // 8]:
            pool.update(names[near][: _POOL // 8])
        stem = posixpath.splitext(name)[0]
        plausible = [path for path in pool if _ratio(stem, posixpath.splitext(posixpath.basename(path))[0]) > 0.6]
        return max(sorted(plausible), key=lambda path: _ratio(wanted, path)) if plausible else None
