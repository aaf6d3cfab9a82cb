"""Which Markdown link wrote each HTML link of a page: the line and column a finding points at.

Nothing here knows about MkDocs. MkDocs rewrites the links it resolves
(``../billing/index.md`` becomes ``../billing/``), so an HTML link and the
Markdown link that wrote it are paired by what they point to (`markdown_key`,
`html_key`), in order, and `SourceMap` carries the position back from the
Markdown that macros rendered to the file the writer edits.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Sequence
from urllib.parse import unquote

from helpcenter.links.content import HtmlLink
from helpcenter.links.scan import ScannedLink, SourceMap
from helpcenter.links.site import SCHEME, SiteFile, SiteIndex

Written = tuple[int, int, str | None]  # line and column in the page body, and the target as written


def markdown_key(index: SiteIndex, page: SiteFile, target: str) -> str:
    """A Markdown target as the comparable key of what it points to (see `html_key`)."""
    path, _, fragment = target.partition("#")
    path = unquote(path.partition("?")[0])
    if not path or SCHEME.match(target) or target.startswith(("/", "//")):
        return target
    found, _, _ = index.resolve_source(page.src_path, path)
    return f"{found.src_path}#{unquote(fragment)}" if found is not None else target


def html_key(index: SiteIndex, page: SiteFile, href: str) -> str:
    """An HTML href as the comparable key of what it points to: the file's source path and fragment."""
    path, _, fragment = href.partition("#")
    path = unquote(path.partition("?")[0])
    if not path or SCHEME.match(href) or href.startswith(("/", "//")) or path.lower().endswith(".md"):
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


_SNIPPET_DIRECTIVE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]", re.MULTILINE)


def locate_links(
    index: SiteIndex,
    page: SiteFile,
    links: Sequence[HtmlLink],
    scanned: Sequence[ScannedLink],
    rendered: str,
    source: str | None,
) -> list[Written]:
    """Where in ``source`` (the page body as written) each HTML link of the page was written, and how.

    ``scanned`` are the links of ``rendered``, the Markdown after macros, and
    `SourceMap` carries their positions back to ``source``. A link no Markdown
    wrote (added by a snippet or by another hook) gets the snippet directive, or
    line 1, and no target.
    """
    text = source if source is not None else rendered
    mapping = SourceMap(text, rendered)
    written = [(markdown_key(index, page, link.target), link.target) for link in scanned]
    pairs = match_links([(html_key(index, page, link.href), link.href) for link in links], written)
    snippet = _SNIPPET_DIRECTIVE.search(text)
    fallback: Written = (1, 1, None)
    if snippet:
        fallback = (
            text.count("\n", 0, snippet.start()) + 1,
            snippet.start() - text.rfind("\n", 0, snippet.start()),
            None,
        )
    located: list[Written] = []
    for link, pair in zip(links, pairs, strict=True):
        if pair is None:
            located.append(_footnote(text, link.href) or fallback)
        else:
            line, column = mapping.locate(scanned[pair])
            located.append((line, column, scanned[pair].target))
    return located


def _footnote(text: str, href: str) -> Written | None:
    """A footnote's link back to the text (``#fnref:label``) points at the footnote's definition."""
    if not href.startswith("#fnref:"):
        return None
    found = re.search(rf"^[ \t]*\[\^{re.escape(href.removeprefix('#fnref:'))}\]:", text, re.MULTILINE)
    if found is None:
        return None
    start = found.start() + len(found[0]) - len(found[0].lstrip())
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start), None


def as_written(message: str, href: str, written: str | None) -> str:
    """Quote the link the way the writer wrote it, not the URL MkDocs rewrote it into."""
    if not written or written == href:
        return message
    return message.replace(f"`{href}`", f"`{written}`", 1)
