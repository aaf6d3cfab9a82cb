"""Judging links: every link of every page against the site index and the ids of every rendered page.

Nothing here knows about MkDocs. `check_site` judges each HTML link as a
browser would follow it from the page's address, and says what is wrong and
how to fix it (a `LinkProblem`, located later by `helpcenter.links.locate`).
It also keeps the external URLs (never fetched here) and makes the site's
`LinkGraph`. `find_orphans` names the pages nothing reachable links to;
`page_silence` reads the ``linkcheck`` front matter that silences a page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from helpcenter import text
from helpcenter.findings import Severity
from helpcenter.links.content import SILENCE_ATTRIBUTE, SILENCE_VALUE, HtmlLink, PageContent
from helpcenter.links.graph import LinkGraph
from helpcenter.links.safety import CODES as UNSILENCEABLE
from helpcenter.links.safety import risky_link
from helpcenter.links.site import SCHEME, SiteFile, SiteIndex, is_directory, relative_source, url_dir

# Codes a writer can silence, and what each means (hooks/README.md lists them too).
CODES: dict[str, str] = {
    "page-not-found": "the linked page does not exist",
    "anchor-not-found": "the linked page exists but has no such id",
    "case-mismatch": "the path differs from an existing file only in letter case",
    "excluded-target": "the linked page is left out of the build (exclude_docs, draft_docs)",
    "absolute-link": "a link to this site written as /path or with site_url",
    "missing-asset": "the linked image or file does not exist",
    "unrecognized-link": "a page address written where the Markdown file belongs",
    "outside-docs": "the link climbs out of docs/",
    "raw-html-path": "a raw HTML link written as a source path, which MkDocs does not rewrite",
    "orphan-page": "no page reachable from the nav links to this page",
}
Verdict = tuple[str, str] | Literal["external"] | None  # (code, message), a web URL to check later, or fine
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
WEB_SCHEMES = frozenset({"http", "https"})


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


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[LinkProblem, ...]
    external: tuple[tuple[str, int, str], ...]  # (page, link index, URL)
    links: int
    graph: LinkGraph


def _closest_anchor(ids: Iterable[str], fragment: str) -> str | None:
    ids = [anchor for anchor in ids if not anchor.startswith("__")]
    folded = [anchor for anchor in ids if anchor.casefold() == fragment.casefold()]
    if folded:
        return folded[0]
    return text.suggest(fragment, ids, cutoff=0.5)


def did_you_mean(suggestion: str | None) -> str:
    return text.did_you_mean(suggestion, quote="`")


def with_fragment(path: str, fragment: str) -> str:
    return f"{path}#{fragment}" if fragment else path


class LinkJudge:
    """Judges links against a `SiteIndex` and the ids of the rendered pages; keeps the links between pages."""

    def __init__(self, index: SiteIndex, anchors: Mapping[str, frozenset[str]]) -> None:
        self.index = index
        self.anchors = anchors  # a page's source path -> the ids its HTML really has
        self.edges: list[tuple[str, str]] = []  # (source, target) of every link between published pages

    def check(self, page: SiteFile, link: HtmlLink) -> Verdict:
        """``(code, message)`` for a broken link, "external" for a web URL to check later, None if fine."""
        # As a browser's URL parser does: tabs and newlines vanish, and so do control characters around it.
        href = _URL_NOISE.sub("", link.href).strip(_C0_AND_SPACE)
        if not href:
            return None
        risky = risky_link(href)
        if risky is not None:
            return risky
        if ":" in href.partition("/")[0].partition("#")[0]:
            scheme = SCHEME.match(href)
            if scheme:
                if scheme[1].lower() not in WEB_SCHEMES:
                    return None  # mailto:, tel:, data: ...
                inside = self.index.same_site(href)
                return "external" if inside is None else self.absolute(page, href, inside)
        if href.startswith("//"):
            inside = self.index.same_site(f"https:{href}")
            return "external" if inside is None else self.absolute(page, href, inside)
        raw_path, _, raw_fragment = href.partition("#")
        path = unquote(raw_path.partition("?")[0])
        fragment = unquote(raw_fragment)
        if not path:
            return self._anchor(page, page, fragment, link)
        if path.startswith(("/", "\\")):
            return self.absolute(page, href, with_fragment(path.lstrip("/\\"), fragment))
        if path.lower().endswith(".md"):
            # MkDocs rewrites every .md link it can resolve, so this one was not (or sits in raw HTML).
            return self._source_form(page, href, path, fragment, link)
        found, url_path, outside = self.index.resolve_url(page.url, path)
        if outside:
            return "outside-docs", self.outside_message(href)
        if found is not None:
            return self._arrived(page, found, href, fragment, link)
        return self._missing(page, href, path, fragment, link, url_path)

    # --- verdicts ---

    def _arrived(
        self, page: SiteFile, found: SiteFile, href: str, fragment: str, link: HtmlLink
    ) -> tuple[str, str] | None:
        if found.excluded:
            return "excluded-target", self.excluded_message(href, found)
        if found.is_page and link.tag in ("a", "area"):
            if not page.excluded:  # a draft previewed by `mkdocs serve` links nobody in the real site
                self.edges.append((page.src_path, found.src_path))
            return self._anchor(page, found, fragment, link)
        return None

    def _anchor(self, page: SiteFile, target: SiteFile, fragment: str, link: HtmlLink) -> tuple[str, str] | None:
        if not fragment or fragment == "top" or fragment.startswith(":~:") or link.tag not in ("a", "area"):
            return None
        ids = self.anchors.get(target.src_path)
        if ids is None or fragment in ids:
            return None  # a page that was not rendered in this build has unknown ids
        if target.src_path == page.src_path and fragment.startswith("fnref:"):
            # Python-Markdown links each footnote back to where the text refers to it.
            label = fragment.removeprefix("fnref:")
            return (
                "anchor-not-found",
                f"the footnote [^{label}] is never referred to, so its link back to the text leads nowhere -> refer"
                f" to it with [^{label}] in the text, or delete it",
            )
        best = _closest_anchor(ids, fragment)
        if target.src_path == page.src_path:
            return (
                "anchor-not-found",
                f"this page has no anchor `#{fragment}` -> link to an existing heading or"
                f" {{#id}}{did_you_mean(f'#{best}' if best else None)}",
            )
        written = relative_source(page.src_path, target.src_path)
        return (
            "anchor-not-found",
            f"`{written}#{fragment}`: {target.src_path} has no anchor `#{fragment}` -> link to an existing"
            f" heading or {{#id}}{did_you_mean(f'{written}#{best}' if best else None)}",
        )

    def absolute(self, page: SiteFile, href: str, inside: str) -> tuple[str, str]:
        path, _, fragment = inside.partition("#")
        normal = posixpath.normpath(path) if path else ""
        found = self.index.lookup_url(normal, is_directory(path) or not path)
        # As a source path: written with its .md, or without it (as MkDocs guesses).
        for guess in (normal, f"{normal}.md", f"{normal}/index.md"):
            found = found or self.index.by_src.get(guess)
        suggestion = with_fragment(relative_source(page.src_path, found.src_path), fragment) if found else None
        if found is page and fragment:
            suggestion = f"#{fragment}"
        return (
            "absolute-link",
            f"`{href}` is an absolute link to this site: it escapes this check and breaks when the site is served"
            f" from a sub-path -> link to the Markdown file, relative to this page{did_you_mean(suggestion)}",
        )

    def _source_form(self, page: SiteFile, href: str, path: str, fragment: str, link: HtmlLink) -> tuple[str, str]:
        found, joined, outside = self.index.resolve_source(page.src_path, path)
        if outside:
            return "outside-docs", self.outside_message(href)
        if found is not None:
            if found.excluded:
                return "excluded-target", self.excluded_message(href, found)
            url_path = found.url
            relative = posixpath.relpath(url_path or ".", url_dir(page.url) or ".")
            fixed = with_fragment(relative + ("/" if url_path.endswith("/") else ""), fragment)
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
        if outside and not is_directory(path):
            return "outside-docs", self.outside_message(href)
        if outside:
            found, joined = None, url_path
        if found is not None:
            if found.excluded:
                return "excluded-target", self.excluded_message(href, found)
            fixed = posixpath.relpath(found.url or ".", url_dir(page.url) or ".")
            return (
                "raw-html-path",
                f"`{href}` is relative to the source file, but raw HTML is not rewritten by MkDocs and the browser"
                f" resolves it from the page URL -> use Markdown syntax, or write `{fixed}`",
            )
        extension = posixpath.splitext(joined)[1].lower()
        page_link = link.tag in ("a", "area") and (extension in ("", ".html", ".htm") or is_directory(path))
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
            fixed = with_fragment(relative_source(page.src_path, folded.src_path), fragment)
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
            suggestion = with_fragment(relative_source(page.src_path, best), fragment) if best else None
            return "page-not-found", f"`{href}` {what}{did_you_mean(suggestion)}"
        if "@" in href and "." in href and "/" not in href:
            return "page-not-found", f"`{href}` is an email address written as a path -> write `mailto:{href}`"
        best = self.index.closest_file(joined, pages=False)
        suggestion = relative_source(page.src_path, best) if best else None
        return (
            "missing-asset",
            f"`{href}` points to {joined}, which does not exist -> add the file under docs/, or fix the path"
            f"{did_you_mean(suggestion)}",
        )

    @staticmethod
    def outside_message(href: str) -> str:
        return (
            f"`{href}` climbs out of docs/, and nothing outside docs/ is published -> move the file into docs/,"
            " or link to it on the repository with a full URL"
        )

    @staticmethod
    def excluded_message(href: str, found: SiteFile) -> str:
        why = "is a draft (draft_docs)" if found.inclusion == "draft" else "is excluded from the build (exclude_docs)"
        return f"`{href}` points to {found.src_path}, which {why}, so readers get a 404 -> link to a published page"


def check_site(index: SiteIndex, pages: Sequence[PageToCheck]) -> CheckResult:
    """Judge every link of every page; the graph holds the links between published pages."""
    judge = LinkJudge(index, {page.src_path: page.content.ids for page in pages})
    problems: list[LinkProblem] = []
    external: list[tuple[str, int, str]] = []
    links = 0
    for page in pages:
        site_file = index.by_src.get(page.src_path)
        if site_file is None:
            continue
        for number, link in enumerate(page.content.links):
            links += 1
            verdict = judge.check(site_file, link)
            if verdict == "external":
                external.append((page.src_path, number, link.href))
            elif verdict is not None:
                code, message = verdict
                silenced = _silenced(page, link, code)
                problems.append(LinkProblem(page.src_path, number, link.href, code, message, silenced=silenced))
    return CheckResult(tuple(problems), tuple(external), links, LinkGraph.of(judge.edges))


def _silenced(page: PageToCheck, link: HtmlLink, code: str) -> str | None:
    if code in UNSILENCEABLE:
        return None  # a look-alike or off-web link is never a deliberate exception
    if link.silenced:
        return f'{SILENCE_ATTRIBUTE}="{SILENCE_VALUE}" on the link'
    if page.ignore_all or code in page.ignore:
        return "front matter `linkcheck`"
    return None


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
NOT_IN_NAV_MESSAGE = (
    "this page is not in the nav -> add it to `nav` in mkdocs.yml, or list it under `not_in_nav` there if readers"
    " reach it through links only"
)


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
            close = text.suggest(unknown[0], CODES)
            return (
                frozenset(),
                False,
                f"`linkcheck: ignore` names an unknown code `{unknown[0]}` -> use one of {', '.join(CODES)}"
                f"{did_you_mean(close)}",
            )
    return (
        frozenset(),
        False,
        "`linkcheck` must be `false` or `{ignore: [code, ...]}` -> fix the front matter (see hooks/README.md)",
    )
