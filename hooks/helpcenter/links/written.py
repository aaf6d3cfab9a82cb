"""Markdown links judged from the file that wrote them, as the writer means them (and as MkDocs resolves them).

Nothing here knows about MkDocs. MkDocs rewrites a Markdown link only when its
path, read from the Markdown file, names a file of the site, and leaves any
other link as written. Such a link can still work in the browser, from the
page's address (``../image.png`` on the page ``foo/bar/``, or a page address
like ``../about/``), so the check of the HTML finds nothing wrong; it breaks as
soon as the page or its target moves. `judge_written` finds those links; the
check of the HTML reports every other broken link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from helpcenter.links.judge import did_you_mean, with_fragment
from helpcenter.links.scan import ScannedLink
from helpcenter.links.site import SiteFile, SiteIndex, relative_source

MARKDOWN_KINDS = frozenset({"link", "image", "reference"})  # what MkDocs resolves; raw HTML it leaves alone
# Every target a Markdown link or reference definition may have, code and all: more than `scan_links` finds.
_TARGETS = re.compile(r"\]\(\s*<?([^\s)>]+)|^[ \t>]*\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class WrittenProblem:
    """A Markdown link that MkDocs could not resolve from its file, where it is written in the rendered Markdown."""

    link: ScannedLink
    code: str
    message: str


def may_be_unresolved(index: SiteIndex, page: SiteFile, markdown: str) -> bool:
    """False when every target the page could have written resolves (or is for the check of the HTML): a quick
    look that spares the full scan of most pages."""
    return any(_judge(index, page, unescape(match[1] or match[2])) is not None for match in _TARGETS.finditer(markdown))


def judge_written(index: SiteIndex, page: SiteFile, links: Sequence[ScannedLink]) -> list[WrittenProblem]:
    """The page's Markdown links that name no file when read from the Markdown file (``.md`` links aside: the
    check of the HTML reports those, since MkDocs leaves them as written)."""
    problems = []
    for link in links:
        if link.kind in MARKDOWN_KINDS:
            verdict = _judge(index, page, link.target)
            if verdict is not None:
                problems.append(WrittenProblem(link, *verdict))
    return problems


def _judge(index: SiteIndex, page: SiteFile, target: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(target)
    except ValueError:
        return None  # not a URL at all: the check of the HTML says why
    if parts.scheme or parts.netloc or not parts.path or target.startswith(("/", "\\")):
        return None  # a web address, this page's anchor, or an absolute path: the check of the HTML judges those
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_path), path).lstrip("/"))
    if resolved in index.by_src or path.lower().endswith(".md"):
        return None
    hint = did_you_mean(_meant(index, page, path, resolved, parts.fragment))
    if not posixpath.splitext(path)[1]:
        return (
            "unrecognized-link",
            f"`{target}` is a page address, which MkDocs does not check or rewrite: it breaks when this page or"
            f" its target moves -> link to the target's Markdown file, relative to this one{hint}",
        )
    looked = f" (it would be {resolved})" if resolved != target.lstrip("/") else ""
    return (
        "missing-asset",
        f"`{target}` does not exist relative to this file{looked}; it only works from the page's address, and"
        f" breaks when the page moves -> write the path from this Markdown file{hint}",
    )


def _meant(index: SiteIndex, page: SiteFile, path: str, resolved: str, fragment: str) -> str | None:
    """The file the link reaches from the page's address, else a page the path names without its ``.md``."""
    found, _, _ = index.resolve_url(page.url, path)
    if found is None or found.excluded:
        guesses = (f"{resolved}/index.md", f"{resolved}/README.md", f"{resolved.removesuffix('.html')}.md")
        found = next((index.by_src[guess] for guess in guesses if guess in index.by_src), None)
    if found is None:
        return None
    if found.src_path == page.src_path and fragment:
        return f"#{fragment}"
    return with_fragment(relative_source(page.src_path, found.src_path), fragment)
