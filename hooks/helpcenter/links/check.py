"""The cross-link check: index the site once, judge every link the build emitted, keep the link graph.

The rendered HTML is the truth: `page_content` reads the ids a page really
has and the URLs it really links to, after macros, Markdown extensions and
other hooks have done their work. `SiteIndex` knows every file of the site
(built once per build, so judging a link costs a few dictionary look-ups) and
`check_site` judges every link against it. The result is a list of `LinkProblem`
(what is wrong and how to fix it, not yet located in a file), the external
URLs (never fetched here) and the `LinkGraph` of the whole site.
`locate_links` then matches the HTML links of a page with the Markdown links
`helpcenter.linkscan` found, to say which line and column wrote each one.

Nothing here knows about MkDocs; the adapter is ``hooks/jobs/links.py``.
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote, urlsplit

from helpcenter.findings import Severity
from helpcenter.htmltree import HtmlTree
from helpcenter.links.safety import CODES as UNSILENCEABLE
from helpcenter.links.safety import risky_link
from helpcenter.links.scan import SourceMap, scan_links
from helpcenter.text import suggest

Inclusion = Literal["included", "not_in_nav", "draft", "excluded"]

# Codes a writer can silence, and what each means (hooks/README.md lists them too).
CODES: dict[str, str] = {
    "page-not-found": "the linked page does not exist",
    "anchor-not-found": "the linked page exists but has no such id",
    "case-mismatch": "the path differs from an existing file only in letter case",
    "excluded-target": "the linked page is left out of the build (exclude_docs, draft_docs)",
    "absolute-link": "a link to this site written as /path or with site_url",
    "missing-asset": "the linked image or file does not exist",
    "outside-docs": "the link climbs out of docs/",
    "raw-html-path": "a raw HTML link written as a source path, which MkDocs does not rewrite",
    "orphan-page": "no page reachable from the nav links to this page",
}
SILENCE_ATTRIBUTE = "data-linkcheck"
SILENCE_VALUE = "ignore"


# --- what the build produced ----------------------------------------------


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


@dataclass(frozen=True, slots=True)
class HtmlLink:
    """A URL in a page's HTML: ``<a href>``, ``<img src>`` and the like."""

    tag: str
    href: str
    silenced: bool = False


@dataclass(frozen=True, slots=True)
class PageContent:
    """What one rendered page offers (its ids) and uses (its links)."""

    ids: frozenset[str]
    links: tuple[HtmlLink, ...]


_URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "track": ("src",),
    "object": ("data",),
}


def page_content(tree: HtmlTree) -> PageContent:
    """The ids and the links of a page's parsed HTML, links in document order."""
    links: list[HtmlLink] = []
    for element in tree.elements:
        attributes = _URL_ATTRIBUTES.get(element.tag)
        if attributes is None:
            continue
        silenced = element.get(SILENCE_ATTRIBUTE) == SILENCE_VALUE
        for attribute in attributes:
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        links.append(HtmlLink(element.tag, url, silenced))
            else:
                links.append(HtmlLink(element.tag, value.strip(), silenced))
    return PageContent(tree.ids, tuple(links))


_SILENCE_MARK = re.compile(rf'\s{SILENCE_ATTRIBUTE}=(?:"[^"]*"|\'[^\']*\'|[^\s>]+)')


def strip_silence_marks(page_html: str) -> str:
    """Readers never need the ``data-linkcheck`` attribute: drop it from the published page."""
    return _SILENCE_MARK.sub("", page_html) if SILENCE_ATTRIBUTE in page_html else page_html


# --- the site index ------------------------------------------------------------

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_WEB_SCHEMES = frozenset({"http", "https"})


def _is_directory(path: str) -> bool:
    return path.endswith(("/", "/.", "/..")) or path in (".", "..")


def _join(base_dir: str, path: str) -> tuple[str, bool]:
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
    """Every file of the site by source path and by URL, built once per build.

    ``anchors`` maps a page's source path to the ids its HTML really has; the
    adapter fills it as pages are rendered.
    """

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
        self.anchors: dict[str, frozenset[str]] = {}
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

    # --- resolution ---

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
            joined, outside = _join(base, path)
            found = None if outside else self.lookup_url(joined, _is_directory(path))
            cached = self._url_cache[key] = (found, joined, outside)
        return cached

    def resolve_source(self, page_src: str, path: str) -> tuple[SiteFile | None, str, bool]:
        """Resolve a path relative to the page's source file, as a writer means it."""
        joined, outside = _join(source_dir(page_src), path)
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

    # --- suggestions ---

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

    def closest_anchor(self, src_path: str, fragment: str) -> str | None:
        ids = [anchor for anchor in self.anchors.get(src_path, ()) if not anchor.startswith("__")]
        folded = [anchor for anchor in ids if anchor.casefold() == fragment.casefold()]
        if folded:
            return folded[0]
        return suggest(fragment, ids, cutoff=0.5)


# --- the link graph ------------------------------------------------------------


class GraphNotReady(RuntimeError):
    """The link graph was read before every page had been checked."""


class LinkGraph:
    """Which page links to which, over the whole site: the data behind backlinks and orphans.

    Filled by the link check; complete (``complete`` is True) once every page is judged, at MkDocs'
    ``on_env`` event, so templates (``on_page_context`` on) may read it.
    """

    def __init__(self) -> None:
        self._outbound: dict[str, set[str]] = defaultdict(set)
        self._inbound: dict[str, set[str]] = defaultdict(set)
        self.complete = False

    def add(self, source: str, target: str) -> None:
        if source != target:
            self._outbound[source].add(target)
            self._inbound[target].add(source)

    def _ready(self) -> None:
        if not self.complete:
            raise GraphNotReady(
                "the link graph is complete only after every page was rendered -> read it from on_env on"
            )

    def inbound(self, src_path: str) -> list[str]:
        """Source paths of the pages that link to ``src_path`` (itself excluded), sorted."""
        self._ready()
        return sorted(self._inbound.get(src_path, ()))

    def reachable(self, roots: Iterable[str]) -> set[str]:
        """Every page reachable from ``roots`` by following links (roots included)."""
        seen = set(roots)
        queue = deque(seen)
        while queue:
            for target in self._outbound.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen


# --- judging -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkProblem:
    """A broken link on a page, not yet located in the page's source."""

    page: str  # source path of the page with the link
    link: int  # index into the page's links; -1 for a problem of the page itself
    href: str  # as the HTML has it (messages quote it; `as_written` swaps in the Markdown form)
    code: str
    message: str  # "<what is wrong> -> <fix>"
    severity: Severity = "error"
    silenced: str | None = None  # why it is not reported, if it is not


@dataclass(frozen=True, slots=True)
class PageToCheck:
    src_path: str
    content: PageContent
    ignore: frozenset[str] = frozenset()  # codes silenced for the whole page (front matter)
    ignore_all: bool = False


@dataclass
class CheckResult:
    problems: list[LinkProblem] = field(default_factory=list)
    external: list[tuple[str, int, str]] = field(default_factory=list)  # (page, link index, URL)
    links: int = 0


def _did_you_mean(suggestion: str | None) -> str:
    return f" (did you mean `{suggestion}`?)" if suggestion else ""


def _with_fragment(path: str, fragment: str) -> str:
    return f"{path}#{fragment}" if fragment else path


class LinkJudge:
    """Judges the links of pages against a `SiteIndex` and records the graph."""

    def __init__(self, index: SiteIndex, graph: LinkGraph) -> None:
        self.index = index
        self.graph = graph

    def check(self, page: SiteFile, link: HtmlLink) -> tuple[str, str] | Literal["external"] | None:
        """``(code, message)`` for a broken link, "external" for a web URL to check later, None if fine."""
        # As a browser's URL parser does: tabs and newlines vanish, and so do control characters around it.
        href = _URL_NOISE.sub("", link.href).strip(_C0_AND_SPACE)
        if not href:
            return None
        risky = risky_link(href)
        if risky is not None:
            return risky
        if ":" in href.partition("/")[0].partition("#")[0]:
            scheme = _SCHEME.match(href)
            if scheme:
                if scheme[1].lower() not in _WEB_SCHEMES:
                    return None  # mailto:, tel:, data: ...
                inside = self.index.same_site(href)
                return "external" if inside is None else self._absolute(page, href, inside)
        if href.startswith("//"):
            inside = self.index.same_site(f"https:{href}")
            return "external" if inside is None else self._absolute(page, href, inside)
        raw_path, _, raw_fragment = href.partition("#")
        path = unquote(raw_path.partition("?")[0])
        fragment = unquote(raw_fragment)
        if not path:
            return self._anchor(page, page, fragment, link)
        if path.startswith(("/", "\\")):
            return self._absolute(page, href, _with_fragment(path.lstrip("/\\"), fragment))
        if path.lower().endswith(".md"):
            # MkDocs rewrites every .md link it can resolve, so this one was not (or sits in raw HTML).
            return self._source_form(page, href, path, fragment, link)
        found, url_path, outside = self.index.resolve_url(page.url, path)
        if outside:
            return "outside-docs", self._outside_message(href)
        if found is not None:
            return self._arrived(page, found, href, fragment, link)
        return self._missing(page, href, path, fragment, link, url_path)

    # --- verdicts ---

    def _arrived(
        self, page: SiteFile, found: SiteFile, href: str, fragment: str, link: HtmlLink
    ) -> tuple[str, str] | None:
        if found.excluded:
            return "excluded-target", self._excluded_message(href, found)
        if found.is_page and link.tag in ("a", "area"):
            if not page.excluded:  # a draft previewed by `mkdocs serve` links nobody in the real site
                self.graph.add(page.src_path, found.src_path)
            return self._anchor(page, found, fragment, link)
        return None

    def _anchor(self, page: SiteFile, target: SiteFile, fragment: str, link: HtmlLink) -> tuple[str, str] | None:
        if not fragment or fragment == "top" or fragment.startswith(":~:") or link.tag not in ("a", "area"):
            return None
        ids = self.index.anchors.get(target.src_path)
        if ids is None or fragment in ids:
            return None  # a page that was not rendered in this build has unknown ids
        best = self.index.closest_anchor(target.src_path, fragment)
        if target.src_path == page.src_path:
            return (
                "anchor-not-found",
                f"this page has no anchor `#{fragment}` -> link to an existing heading or"
                f" {{#id}}{_did_you_mean(f'#{best}' if best else None)}",
            )
        written = relative_source(page.src_path, target.src_path)
        return (
            "anchor-not-found",
            f"`{written}#{fragment}`: {target.src_path} has no anchor `#{fragment}` -> link to an existing"
            f" heading or {{#id}}{_did_you_mean(f'{written}#{best}' if best else None)}",
        )

    def _absolute(self, page: SiteFile, href: str, inside: str) -> tuple[str, str]:
        path, _, fragment = inside.partition("#")
        found = self.index.lookup_url(posixpath.normpath(path) if path else "", _is_directory(path) or not path)
        if found is None and path.endswith(".md"):
            found = self.index.by_src.get(posixpath.normpath(path))
        suggestion = _with_fragment(relative_source(page.src_path, found.src_path), fragment) if found else None
        return (
            "absolute-link",
            f"`{href}` is an absolute link to this site: it escapes this check and breaks when the site is served"
            f" from a sub-path -> link to the Markdown file, relative to this page{_did_you_mean(suggestion)}",
        )

    def _source_form(self, page: SiteFile, href: str, path: str, fragment: str, link: HtmlLink) -> tuple[str, str]:
        found, joined, outside = self.index.resolve_source(page.src_path, path)
        if outside:
            return "outside-docs", self._outside_message(href)
        if found is not None:
            if found.excluded:
                return "excluded-target", self._excluded_message(href, found)
            url_path = found.url
            relative = posixpath.relpath(url_path or ".", url_dir(page.url) or ".")
            fixed = _with_fragment(relative + ("/" if url_path.endswith("/") else ""), fragment)
            return (
                "raw-html-path",
                f"`{href}` is a source path inside raw HTML, which MkDocs does not rewrite, so it 404s on the"
                f" published site -> write it as a Markdown link, or use the page URL `{fixed}`",
            )
        return self._not_found(page, href, joined, fragment, link, page_link=True)

    def _missing(
        self, page: SiteFile, href: str, path: str, fragment: str, link: HtmlLink, url_path: str
    ) -> tuple[str, str]:
        # MkDocs leaves a path it cannot resolve as written: the writer meant it relative to the
        # source file, unless it is a page URL written by hand ("../../Billing/").
        found, joined, outside = self.index.resolve_source(page.src_path, path)
        if outside and not _is_directory(path):
            return "outside-docs", self._outside_message(href)
        if outside:
            found, joined = None, url_path
        if found is not None:
            if found.excluded:
                return "excluded-target", self._excluded_message(href, found)
            fixed = posixpath.relpath(found.url or ".", url_dir(page.url) or ".")
            return (
                "raw-html-path",
                f"`{href}` is relative to the source file, but raw HTML is not rewritten by MkDocs and the browser"
                f" resolves it from the page URL -> use Markdown syntax, or write `{fixed}`",
            )
        extension = posixpath.splitext(joined)[1].lower()
        page_link = link.tag in ("a", "area") and (extension in ("", ".html", ".htm") or _is_directory(path))
        return self._not_found(page, href, joined, fragment, link, page_link=page_link, url_path=url_path)

    def _not_found(
        self,
        page: SiteFile,
        href: str,
        joined: str,
        fragment: str,
        link: HtmlLink,
        *,
        page_link: bool,
        url_path: str | None = None,
    ) -> tuple[str, str]:
        folded = self.index.by_src_folded.get(joined.casefold())
        if folded is None and url_path is not None:
            # A URL written by hand (or rewritten by MkDocs) that differs in case from a page's URL.
            folded = self.index.by_url_folded.get(url_path.casefold()) or self.index.by_url_folded.get(
                f"{url_path}/".casefold()
            )
        if folded is not None and not folded.excluded:
            fixed = _with_fragment(relative_source(page.src_path, folded.src_path), fragment)
            return (
                "case-mismatch",
                f"`{href}` differs in letter case from {folded.src_path}: it works on a case-insensitive disk but"
                f" 404s on the web server -> write `{fixed}`",
            )
        if page_link:
            if joined.endswith(".md"):
                best = self.index.closest_file(joined, pages=True)
                what = f"points to {joined}, which does not exist -> fix the path, or create the page"
            else:
                # A URL written by hand: MkDocs leaves it as is, and from this page it leads nowhere.
                stem = joined.rstrip("/")
                meant = [f"{stem}/index.md" if stem else "index.md", f"{stem}.md"]
                best = next((path for path in meant if path in self.index.by_src), None)
                # A folder without an index page: its first page is the best guess.
                best = best or next(iter(self.index.pages_in.get(stem, ())), None)
                best = best or self.index.closest_file(meant[1] if stem else meant[0], pages=True)
                what = "leads to no page from here -> link to the page's Markdown file, relative to this one"
            suggestion = _with_fragment(relative_source(page.src_path, best), fragment) if best else None
            return "page-not-found", f"`{href}` {what}{_did_you_mean(suggestion)}"
        best = self.index.closest_file(joined, pages=False)
        suggestion = relative_source(page.src_path, best) if best else None
        return (
            "missing-asset",
            f"`{href}` points to {joined}, which does not exist -> add the file under docs/, or fix the path"
            f"{_did_you_mean(suggestion)}",
        )

    @staticmethod
    def _outside_message(href: str) -> str:
        return (
            f"`{href}` climbs out of docs/, and nothing outside docs/ is published -> move the file into docs/,"
            " or link to it on the repository with a full URL"
        )

    @staticmethod
    def _excluded_message(href: str, found: SiteFile) -> str:
        why = "is a draft (draft_docs)" if found.inclusion == "draft" else "is excluded from the build (exclude_docs)"
        return f"`{href}` points to {found.src_path}, which {why}, so readers get a 404 -> link to a published page"


def check_site(index: SiteIndex, pages: Sequence[PageToCheck], graph: LinkGraph) -> CheckResult:
    """Judge every link of every page; fill ``graph`` with the links between pages."""
    judge = LinkJudge(index, graph)
    result = CheckResult()
    for page in pages:
        index.anchors[page.src_path] = page.content.ids
    for page in pages:
        site_file = index.by_src.get(page.src_path)
        if site_file is None:
            continue
        for number, link in enumerate(page.content.links):
            result.links += 1
            verdict = judge.check(site_file, link)
            if verdict is None:
                continue
            if verdict == "external":
                result.external.append((page.src_path, number, link.href))
                continue
            code, message = verdict
            silenced = None
            if code in UNSILENCEABLE:
                pass  # a look-alike or off-web link is never a deliberate exception
            elif link.silenced:
                silenced = f'{SILENCE_ATTRIBUTE}="{SILENCE_VALUE}" on the link'
            elif page.ignore_all or code in page.ignore:
                silenced = "front matter `linkcheck`"
            result.problems.append(LinkProblem(page.src_path, number, link.href, code, message, silenced=silenced))
    return result


def find_orphans(
    index: SiteIndex, graph: LinkGraph, nav_pages: Iterable[str], *, always_reachable: Iterable[str] = ("index.md",)
) -> list[str]:
    """Published pages that neither the nav nor any page reachable from it links to."""
    roots = {*nav_pages, *(path for path in always_reachable if path in index.by_src)}
    reached = graph.reachable(roots)
    return [
        file.src_path
        for file in sorted(index.by_src.values(), key=lambda f: f.src_path)
        if file.is_page and not file.excluded and file.src_path not in reached
    ]


ORPHAN_MESSAGE = (
    "no page reachable from the nav links here, so readers cannot find this page -> add it to `nav` in"
    " mkdocs.yml or link to it from a related article"
)


# --- the nav ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NavEntry:
    target: str  # as written in mkdocs.yml
    line: int
    column: int


def check_nav_entry(index: SiteIndex, entry: NavEntry) -> tuple[str, str] | Literal["external"] | None:
    """Judge one nav entry (a path relative to docs/, or a URL) like a link written on the home page."""
    home = SiteFile("index.md", "")
    target = entry.target.strip()
    scheme = _SCHEME.match(target)
    if scheme or target.startswith("//"):
        inside = index.same_site(target if scheme else f"https:{target}")
        if inside is None:
            return "external" if not scheme or scheme[1].lower() in _WEB_SCHEMES else None
        return LinkJudge(index, LinkGraph())._absolute(home, target, inside)
    if target.startswith("/"):
        return LinkJudge(index, LinkGraph())._absolute(home, target, target.lstrip("/"))
    path = posixpath.normpath(target)
    found = index.by_src.get(path)
    if found is not None:
        if found.excluded:
            return "excluded-target", LinkJudge._excluded_message(target, found)
        return None
    folded = index.by_src_folded.get(path.casefold())
    if folded is not None and not folded.excluded:
        return (
            "case-mismatch",
            f"nav entry `{target}` differs in letter case from {folded.src_path}: it works on a case-insensitive"
            f" disk but not on the build server -> write `{folded.src_path}`",
        )
    best = index.closest_file(path, pages=True)
    return (
        "page-not-found",
        f"nav entry `{target}` is not a page under docs/ -> fix the path, or create the page{_did_you_mean(best)}",
    )


# --- locations: which Markdown link produced an HTML link ---------------------------


def markdown_key(index: SiteIndex, page: SiteFile, target: str) -> str:
    """A Markdown target as the comparable key of what it points to (see `html_key`)."""
    path, _, fragment = target.partition("#")
    path = unquote(path.partition("?")[0])
    if not path or _SCHEME.match(target) or target.startswith(("/", "//")):
        return target
    found, _, _ = index.resolve_source(page.src_path, path)
    return f"{found.src_path}#{unquote(fragment)}" if found is not None else target


def html_key(index: SiteIndex, page: SiteFile, href: str) -> str:
    """An HTML href as the comparable key of what it points to: the file's source path and fragment."""
    path, _, fragment = href.partition("#")
    path = unquote(path.partition("?")[0])
    if not path or _SCHEME.match(href) or href.startswith(("/", "//")) or path.lower().endswith(".md"):
        return href
    found, _, _ = index.resolve_url(page.url, path)
    return f"{found.src_path}#{unquote(fragment)}" if found is not None else href


def match_links(html_links: Sequence[tuple[str, str]], written: Sequence[tuple[str, str]]) -> list[int | None]:
    """For each HTML link ``(key, raw)``, the index of the written link ``(key, raw)`` that produced it.

    Links pair up in order: the n-th HTML link to a target comes from the n-th
    written link to that target. MkDocs leaves a link it cannot resolve as
    written, so an unpaired one is tried again by its raw text.
    """
    by_key: dict[str, deque[int]] = defaultdict(deque)
    by_raw: dict[str, deque[int]] = defaultdict(deque)
    for number, (key, raw) in enumerate(written):
        by_key[key].append(number)
        by_raw[raw].append(number)
    used: set[int] = set()
    matched: list[int | None] = []
    for key, raw in html_links:
        choice = None
        for queue in (by_key.get(key), by_raw.get(raw)):
            while queue and queue[0] in used:
                queue.popleft()
            if queue:
                choice = queue.popleft()
                break
        if choice is not None:
            used.add(choice)
        matched.append(choice)
    return matched


def page_silence(value: object) -> tuple[frozenset[str], bool, str | None]:
    """Read the ``linkcheck`` front-matter value: (codes to ignore, ignore all, error message or None).

    ``linkcheck: false`` silences every finding of the page; ``linkcheck:
    {ignore: [orphan-page]}`` only the codes listed.
    """
    if value is None or value is True:
        return frozenset(), False, None
    if value is False:
        return frozenset(), True, None
    if isinstance(value, Mapping) and set(value) <= {"ignore"}:
        codes = value.get("ignore", [])
        if isinstance(codes, str):
            codes = [codes]
        if isinstance(codes, list) and all(isinstance(code, str) for code in codes):
            unknown = [code for code in codes if code not in CODES]
            if not unknown:
                return frozenset(codes), False, None
            close = suggest(unknown[0], CODES)
            return (
                frozenset(),
                False,
                f"`linkcheck: ignore` names an unknown code `{unknown[0]}` -> use one of {', '.join(CODES)}"
                f"{_did_you_mean(close)}",
            )
    return (
        frozenset(),
        False,
        "`linkcheck` must be `false` or `{ignore: [code, ...]}` -> fix the front matter (see hooks/README.md)",
    )


_SNIPPET_DIRECTIVE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]", re.MULTILINE)


def locate_links(
    index: SiteIndex, page: SiteFile, links: Sequence[HtmlLink], rendered: str, source: str | None
) -> list[tuple[int, int, str | None]]:
    """Where in ``source`` (the page body as written) each HTML link of the page was written, and how.

    Returns ``(line, column, target as written)`` per link; ``rendered`` is the
    Markdown after macros, which the scan reads, and `SourceMap` carries its
    positions back to ``source``. A link no Markdown wrote (added by a snippet
    or by another hook) gets the snippet directive, or line 1, and no target.
    """
    scanned = scan_links(rendered)
    text = source if source is not None else rendered
    mapping = SourceMap(text, rendered)
    written = [(markdown_key(index, page, link.target), link.target) for link in scanned]
    pairs = match_links([(html_key(index, page, link.href), link.href) for link in links], written)
    snippet = _SNIPPET_DIRECTIVE.search(text)
    fallback = (1, 1, None)
    if snippet:
        fallback = (
            text.count("\n", 0, snippet.start()) + 1,
            snippet.start() - text.rfind("\n", 0, snippet.start()),
            None,
        )
    located: list[tuple[int, int, str | None]] = []
    for pair in pairs:
        if pair is None:
            located.append(fallback)
        else:
            line, column = mapping.locate(scanned[pair])
            located.append((line, column, scanned[pair].target))
    return located


def as_written(message: str, href: str, written: str | None) -> str:
    """Quote the link the way the writer wrote it, not the URL MkDocs rewrote it into."""
    if not written or written == href:
        return message
    return message.replace(f"`{href}`", f"`{written}`", 1)


# --- what MkDocs itself says about links, relative to the Markdown file ------------------


@dataclass(frozen=True, slots=True)
class SourceComplaint:
    """A link MkDocs could not resolve relative to the Markdown file that wrote it (its own check)."""

    src_path: str
    target: str  # as written
    kind: Literal["not-found", "unrecognized"]
    resolved: str | None  # the file MkDocs looked for
    suggestion: str | None  # MkDocs' "Did you mean"


_COMPLAINT = re.compile(
    r"^Doc file '(?P<src>[^']*)' contains (?:"
    r"an unrecognized relative link '(?P<unrecognized>.*)', it was left as is\."
    r"|a link '(?P<missing>.*)', but the target(?: '(?P<resolved>[^']*)')? is not found among documentation files\."
    r")(?: Did you mean '(?P<suggestion>[^']*)'\?)?$",
    re.DOTALL,
)
# MkDocs' other link messages (anchors, absolute links, excluded pages) say what the HTML check says better.
_OTHER_LINK_MESSAGE = re.compile(r"^Doc file '[^']*' contains (?:a link|an absolute link|a link to)\b")


def source_complaint(message: str) -> SourceComplaint | None:
    """MkDocs' message about a link it could not resolve from its Markdown file, or None for any other message."""
    match = _COMPLAINT.match(message)
    if match is None:
        return None
    if match["unrecognized"] is not None:
        return SourceComplaint(match["src"], match["unrecognized"], "unrecognized", None, match["suggestion"])
    return SourceComplaint(match["src"], match["missing"], "not-found", match["resolved"], match["suggestion"])


def is_link_message(message: str) -> bool:
    """Whether MkDocs' message is one of its link checks (the project's check reports those, located)."""
    return source_complaint(message) is not None or bool(_OTHER_LINK_MESSAGE.match(message))


def complaint_finding_message(complaint: SourceComplaint) -> tuple[str, str]:
    """(code, message) for a link that only resolves from the page's address, not from its file."""
    target = complaint.target
    hint = _did_you_mean(complaint.suggestion)
    if complaint.kind == "unrecognized":
        return (
            "unrecognized-link",
            f"`{target}` is a page address, which MkDocs does not check or rewrite: it breaks when this page or"
            f" its target moves -> link to the target's Markdown file, relative to this one{hint}",
        )
    looked = f" (it would be {complaint.resolved})" if complaint.resolved else ""
    return (
        "missing-asset" if not target.split("#")[0].lower().endswith(".md") else "page-not-found",
        f"`{target}` does not exist relative to this file{looked}; it only works from the page's address, and"
        f" breaks when the page moves -> write the path from this Markdown file{hint}",
    )
