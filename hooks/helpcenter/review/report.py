"""A `SiteDiff` written three ways: a terminal summary, Markdown for a CI job summary, a self-contained HTML page.

Everything shown comes from the repository (titles, text, fact values) and is
escaped for the format it goes into: a title may hold ``<script>``. Pages that
changed alike (a fact or a template changes many pages the same way) are
shown once, with the list of the other pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from helpcenter.review.sitediff import FactChange, PageChange, PartDiff, SiteDiff, Word

CONTEXT = 6  # words shown around a change
# GitHub keeps at most 1 MiB of one step's summary: the Markdown stops short of it and points to the HTML report.
MARKDOWN_LIMIT = 900_000
NOTHING = "Nothing a reader would see changed."


# --- the shape every format shares -------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "del", "ins"
    text: str
    cut_before: bool = False  # words left out before (a long unchanged run)
    cut_after: bool = False


def _join(words: Iterable[Word]) -> str:
    return " ".join(word.text for word in words)


def hunks(diff: PartDiff, context: int = CONTEXT) -> list[list[Segment]]:
    """The changes of a part, each with a few words of unchanged text around it."""
    segments: list[tuple[str, tuple[Word, ...]]] = []
    for op in diff.ops:
        old = diff.old_words[op.old[0] : op.old[1]]
        new = diff.new_words[op.new[0] : op.new[1]]
        if op.kind == "equal":
            segments.append(("same", new))
            continue
        if old:
            segments.append(("del", old))
        if new:
            segments.append(("ins", new))
    found: list[list[Segment]] = []
    current: list[Segment] = []
    for index, (kind, words) in enumerate(segments):
        if kind != "same":
            current.append(Segment(kind, _join(words)))
            continue
        first, last = index == 0, index == len(segments) - 1
        if first:
            current.append(Segment("same", _join(words[-context:]), cut_before=len(words) > context))
        elif last:
            current.append(Segment("same", _join(words[:context]), cut_after=len(words) > context))
        elif len(words) > 2 * context:
            current.append(Segment("same", _join(words[:context]), cut_after=True))
            found.append(current)
            current = [Segment("same", _join(words[-context:]), cut_before=True)]
        else:
            current.append(Segment("same", _join(words)))
    if any(segment.kind != "same" for segment in current):
        found.append(current)
    return found


def groups(changes: Iterable[PageChange]) -> list[list[PageChange]]:
    """Pages that changed alike, together; the largest group first."""
    by_key: dict[tuple[Any, ...], list[PageChange]] = {}
    for change in changes:
        by_key.setdefault(tuple(part.key() for part in change.parts), []).append(change)
    return sorted(by_key.values(), key=lambda group: (-len(group), group[0].url))


def page_name(url: str) -> str:
    return "/" + url


def _moved_note(url: str, redirect: str | None) -> str:
    if redirect == url:
        return "(the old address redirects there)"
    if redirect is not None:
        return f"(the old address redirects to {page_name(redirect)})"
    return "(NOT redirected: bookmarks and links to the old address break)"


@dataclass(frozen=True)
class Listed:
    """A page added, removed or moved: its address (and old address), title, and what happens to readers."""

    url: str
    title: str
    old_url: str | None = None  # a moved page's old address
    note: str = ""
    warn: bool = False  # readers' bookmarks break

    @property
    def address(self) -> str:
        return page_name(self.url) if self.old_url is None else f"{page_name(self.old_url)} -> {page_name(self.url)}"


def page_lists(diff: SiteDiff) -> list[tuple[str, list[Listed]]]:
    """The pages added, removed and moved, each with what happens to its old address; empty lists left out."""
    removed = [
        Listed(page.url, page.title, note=f"(redirects to {page_name(page.redirect)})")
        if page.redirect
        else Listed(page.url, page.title, note="(NOT redirected: bookmarks and links to it break)", warn=True)
        for page in diff.removed
    ]
    moved = [
        Listed(move.url, move.title, move.old_url, _moved_note(move.url, move.redirect), warn=move.redirect is None)
        for move in diff.moved
    ]
    found = [
        ("Pages added", [Listed(page.url, page.title) for page in diff.added]),
        ("Pages removed", removed),
        ("Pages moved", moved),
    ]
    return [(title, items) for title, items in found if items]


def _fact_lines(change: FactChange) -> tuple[str, str]:
    if change.old is None:
        return "new fact", f"{change.new}"
    if change.new is None:
        return "removed", f"{change.old}"
    return change.old, change.new


# --- terminal ----------------------------------------------------------------------------------------


def _hunk(hunk: list[Segment], text_of: Callable[[str], str], marks: dict[str, str], cut: str) -> str:
    """One hunk as a line: each deleted or inserted run wrapped in ``marks[kind]`` (a format with ``{}``), text
    left out shown as ``cut``."""
    pieces = []
    for segment in hunk:
        text = text_of(segment.text)
        if segment.kind in marks:
            text = marks[segment.kind].format(text)
        pieces.append((f"{cut} " if segment.cut_before else "") + text + (f" {cut}" if segment.cut_after else ""))
    return " ".join(piece for piece in pieces if piece)


def _terminal_hunk(hunk: list[Segment]) -> str:
    return _hunk(hunk, str, {"del": "[-{}-]", "ins": "{{+{}+}}"}, "...")


def _terminal_part(diff: PartDiff, indent: str) -> Iterator[str]:
    for hunk in hunks(diff):
        yield f"{indent}{diff.part}: {_terminal_hunk(hunk)}"


def _terminal_pages(diff: SiteDiff) -> list[str]:
    lines = ["", f"Pages changed ({len(diff.changed)})"]
    for group in groups(diff.changed):
        first = group[0]
        facts = f"  [facts: {', '.join(first.facts)}]" if first.facts else ""
        lines.append(f"  {page_name(first.url)}  {first.title}{facts}")
        for part in first.parts:
            lines += list(_terminal_part(part, "    "))
        if len(group) > 1:
            lines.append(f"    the same change on {len(group) - 1} more pages:")
            lines += [f"      {page_name(change.url)}  {change.title}" for change in group[1:]]
    return lines


def _terminal_facts(diff: SiteDiff) -> list[str]:
    lines = []
    for change in diff.facts:
        old, new = _fact_lines(change)
        lines += ["", f"Fact {change.fact}: {old} -> {new}", f"  rendered on {len(change.pages)} pages:"]
        lines += [f"    {page_name(page.url)}  {page.title}  ({', '.join(page.where)})" for page in change.pages]
    return lines


def terminal(diff: SiteDiff, *, report_path: str | None = None) -> str:
    lines = [f"What readers will see: {diff.base} -> {diff.head} ({diff.pages} pages)"]
    if diff.empty:
        lines.append(NOTHING)
    lines += _terminal_facts(diff)
    for title, items in page_lists(diff):
        lines += [
            "",
            f"{title} ({len(items)})",
            *(f"  {item.address}  {item.title} {item.note}".rstrip() for item in items),
        ]
    if diff.changed:
        lines += _terminal_pages(diff)
    if diff.everywhere:
        lines += ["", "On every page"]
        lines += [f"  {_terminal_hunk(hunk)}" for part in diff.everywhere for hunk in hunks(part)]
    lines += _terminal_search(diff)
    lines += [f"Note: {note}" for note in diff.notes]
    if report_path:
        lines += ["", f"Side by side: {report_path}"]
    return "\n".join(lines) + "\n"


def _search_lines(diff: SiteDiff) -> list[str]:
    lines = []
    for change in diff.search:
        said = []
        if change.old_title != change.title:
            said.append(f'title "{change.old_title}" -> "{change.title}"')
        if change.headings_added:
            said.append("headings added: " + "; ".join(f'"{text}"' for text in change.headings_added))
        if change.headings_removed:
            said.append("headings removed: " + "; ".join(f'"{text}"' for text in change.headings_removed))
        lines.append(f"{page_name(change.url)}: {', '.join(said)}")
    for group in diff.synonyms:
        if not group.added and group.removed == group.group:
            lines.append(f"synonyms: group removed [{', '.join(group.group)}]")
        elif not group.removed and group.added == group.group:
            lines.append(f"synonyms: group added [{', '.join(group.group)}]")
        else:
            said = [f"added {', '.join(group.added)}" if group.added else "", ""]
            said[1] = f"removed {', '.join(group.removed)}" if group.removed else ""
            lines.append(f"synonyms [{', '.join(group.group)}]: {'; '.join(part for part in said if part)}")
    return lines


def _terminal_search(diff: SiteDiff) -> list[str]:
    found = _search_lines(diff)
    return ["", "Search", *(f"  {line}" for line in found)] if found else []


# --- Markdown (a CI job summary) ---------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:@])")


def md(text: str) -> str:
    """Text from the repository, safe in Markdown: no markup, no HTML, no link, no mention."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def code(text: str) -> str:
    """Text from the repository as a code span: shown as written, whatever it holds (a backtick included)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"


def _markdown_hunk(hunk: list[Segment]) -> str:
    return _hunk(hunk, md, {"del": "<del>{}</del>", "ins": "<ins>{}</ins>"}, "…")


def _markdown_pages(diff: SiteDiff, limit: int) -> list[str]:
    lines = [f"### Pages whose text changed ({len(diff.changed)})", ""]
    size = 0
    for group in groups(diff.changed):
        first = group[0]
        facts = f" (facts: {', '.join(md(fact) for fact in first.facts)})" if first.facts else ""
        block = [f"**{md(first.title)}** {code(page_name(first.url))}{facts}", ""]
        for part in first.parts:
            block += [f"- {md(part.part)}: {_markdown_hunk(hunk)}" for hunk in hunks(part)]
        if len(group) > 1:
            others = ", ".join(f"{md(change.title)} ({md(page_name(change.url))})" for change in group[1:])
            block.append(f"- the same change on {len(group) - 1} more pages: {others}")
        block.append("")
        size += sum(len(line) + 1 for line in block)
        if size > limit:
            lines.append("*More pages changed than a job summary can hold: the HTML report lists them all.*")
            break
        lines += block
    return lines


def _markdown_facts(diff: SiteDiff) -> list[str]:
    lines = []
    for change in diff.facts:
        old, new = _fact_lines(change)
        lines += [f"### Fact {code(change.fact)}: {md(old)} → {md(new)}", ""]
        lines += [f"Rendered on {len(change.pages)} pages:", ""]
        lines += [
            f"- {md(page.title)} {code(page_name(page.url))} ({', '.join(code(where) for where in page.where)})"
            for page in change.pages
        ]
        lines.append("")
    return lines


def markdown(diff: SiteDiff) -> str:
    lines = [f"## What readers will see: {md(diff.base)} → {md(diff.head)}", ""]
    if diff.empty:
        return "\n".join([*lines, NOTHING, ""])
    counts = [
        (len(diff.changed), "page changed", "pages changed"),
        (len(diff.facts), "fact changed", "facts changed"),
        (len(diff.added), "page added", "pages added"),
        (len(diff.removed), "page removed", "pages removed"),
        (len(diff.moved), "page moved", "pages moved"),
    ]
    said = [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]
    lines += [", ".join(said) + f" (of {diff.pages} pages)", ""]
    lines += _markdown_facts(diff)
    for title, items in page_lists(diff):
        lines += [f"### {title} ({len(items)})", ""]
        for item in items:
            note = f"**{md(item.note)}**" if item.warn else md(item.note)
            lines.append(f"- {code(item.address)} {md(item.title)} {note}".rstrip())
        lines.append("")
    if diff.everywhere:
        lines += ["### On every page", ""]
        lines += [f"- {_markdown_hunk(hunk)}" for part in diff.everywhere for hunk in hunks(part)]
        lines.append("")
    search = _search_lines(diff)
    if search:
        lines += ["### Search", "", *(f"- {md(line)}" for line in search), ""]
    lines += [f"*Note: {md(note)}*" for note in diff.notes]
    used = sum(len(line) + 1 for line in lines)
    if diff.changed:
        lines += _markdown_pages(diff, MARKDOWN_LIMIT - used)
    return "\n".join(lines) + "\n"


# --- HTML (side by side) -----------------------------------------------------------------------------

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:78rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0 1rem}
th,td{border:1px solid #ddd;padding:.4rem .6rem;vertical-align:top;text-align:left}th{background:#f5f5f5}
.part{width:9rem;font-weight:600}summary{cursor:pointer;color:#555}
td table{margin:.5rem 0 0}
del{background:#ffd7d5;text-decoration:line-through}ins{background:#ccf2d1;text-decoration:none}
p.block{margin:0 0 .4rem}code{background:#f3f3f3;padding:0 .2rem}.muted{color:#666}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _side(diff: PartDiff, side: str) -> str:
    """One side of a part, block by block, with the words that went (old) or came (new) marked."""
    words = diff.old_words if side == "old" else diff.new_words
    marked: dict[int, str] = {}
    for op in diff.ops:
        span = op.old if side == "old" else op.new
        if op.kind != "equal":
            for index in range(*span):
                marked[index] = "del" if side == "old" else "ins"
    blocks: dict[int, list[str]] = {}
    for index, word in enumerate(words):
        tag = marked.get(index)
        blocks.setdefault(word.block, []).append(f"<{tag}>{_h(word.text)}</{tag}>" if tag else _h(word.text))
    body = "".join(f'<p class="block">{" ".join(items)}</p>' for _block, items in sorted(blocks.items()))
    return body.replace("</del> <del>", " ").replace("</ins> <ins>", " ") or '<span class="muted">(none)</span>'


def _hunk_side(hunk: list[Segment], side: str) -> str:
    """One side of a change: the words around it, and the words that went (old) or came (new), marked."""
    shown = "del" if side == "old" else "ins"
    pieces = []
    for segment in hunk:
        if segment.kind == "same":
            pieces.append(("… " if segment.cut_before else "") + _h(segment.text) + (" …" if segment.cut_after else ""))
        elif segment.kind == shown:
            pieces.append(f"<{shown}>{_h(segment.text)}</{shown}>")
    return " ".join(piece for piece in pieces if piece)


def _html_part(part: PartDiff) -> list[str]:
    """A row per change, side by side, then the whole part before and after (folded)."""
    found = hunks(part)
    rows = []
    for number, hunk in enumerate(found):
        label = f"<td class='part' rowspan='{len(found) + 1}'>{_h(part.part)}</td>" if number == 0 else ""
        rows.append(f"<tr>{label}<td>{_hunk_side(hunk, 'old')}</td><td>{_hunk_side(hunk, 'new')}</td></tr>")
    whole = f"<table><tr><td>{_side(part, 'old')}</td><td>{_side(part, 'new')}</td></tr></table>"
    rows.append(f"<tr><td colspan='2'><details><summary>The whole text</summary>{whole}</details></td></tr>")
    return rows


def _link(url: str, link: Callable[[str], str | None], text: str | None = None) -> str:
    target = link(url)
    shown = _h(text if text is not None else page_name(url))
    return f'<a href="{_h(target)}">{shown}</a>' if target else shown


def _html_page(group: list[PageChange], link: Callable[[str], str | None]) -> list[str]:
    first = group[0]
    moved = f' <span class="muted">(was {_h(page_name(first.old_url))})</span>' if first.old_url != first.url else ""
    facts = f' <span class="muted">facts: {_h(", ".join(first.facts))}</span>' if first.facts else ""
    out = [f"<h3>{_h(first.title)} {_link(first.url, link)}{moved}{facts}</h3>"]
    out.append("<table><tr><th class='part'></th><th>Before</th><th>After</th></tr>")
    for part in first.parts:
        out += _html_part(part)
    out.append("</table>")
    if len(group) > 1:
        others = ", ".join(_link(change.url, link, change.title) for change in group[1:])
        out.append(f"<p>The same change on {len(group) - 1} more pages: {others}</p>")
    return out


def html_report(diff: SiteDiff, link: Callable[[str], str | None] = lambda url: None) -> str:
    """A page that needs nothing else: styles inline, no script; ``link`` gives a page's address in the preview."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>What readers will see: {_h(diff.base)} → {_h(diff.head)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>What readers will see: {_h(diff.base)} → {_h(diff.head)}</h1>",
        f"<p>{diff.pages} pages compared on the text readers read (theme dates and addresses left out).</p>",
    ]
    if diff.empty:
        out.append(f"<p><strong>{NOTHING}</strong></p>")
    for change in diff.facts:
        old, new = _fact_lines(change)
        out.append(f"<h2>Fact <code>{_h(change.fact)}</code></h2>")
        out.append(f"<p><del>{_h(old)}</del> → <ins>{_h(new)}</ins></p>")
        out.append(f"<p>Rendered on {len(change.pages)} pages:</p><ul>")
        out += [
            f"<li>{_link(page.url, link, page.title)} <span class='muted'>{_h(', '.join(page.where))}</span></li>"
            for page in change.pages
        ]
        out.append("</ul>")
    for title, items in page_lists(diff):
        out.append(f"<h2>{title} ({len(items)})</h2><ul>")
        for item in items:
            note = f"<strong>{_h(item.note)}</strong>" if item.warn else _h(item.note)
            address = _h(item.address) if title == "Pages removed" else _link(item.url, link, item.address)
            out.append(f"<li>{address} {_h(item.title)} {note}</li>")
        out.append("</ul>")
    if diff.changed:
        out.append(f"<h2>Pages whose text changed ({len(diff.changed)})</h2>")
        for group in groups(diff.changed):
            out += _html_page(group, link)
    if diff.everywhere:
        out.append("<h2>On every page</h2><table><tr><th>Before</th><th>After</th></tr>")
        out += [f"<tr><td>{_side(part, 'old')}</td><td>{_side(part, 'new')}</td></tr>" for part in diff.everywhere]
        out.append("</table>")
    search = _search_lines(diff)
    if search:
        out += ["<h2>Search</h2><ul>", *(f"<li>{_h(line)}</li>" for line in search), "</ul>"]
    out += [f"<p class='muted'>Note: {_h(note)}</p>" for note in diff.notes]
    out.append("</body></html>")
    return "\n".join(out) + "\n"
