"""What a reader would see differently between two builds of the site.

Nothing here knows about MkDocs or git: `compare` takes two built sites (read
by `helpcenter.review.readable`), the facts and synonyms files of both sides
as text, and the fact-usage maps the builds wrote, and returns a `SiteDiff`:

- pages added, removed and moved (a moved page is found by the redirect left
  at its old address, else by its text), and whether the old address redirects;
- for each page whose reader-visible text changed, a word-level diff of its
  title, body, "Related articles" and "Still need help?";
- what every page shares (the announcement bar, the footer, the search's empty
  state), compared once;
- each fact whose value changed, old -> new, with every page that renders it;
- search: pages whose title or headings changed, synonyms added or removed.

`helpcenter.review.report` writes it for a terminal, a CI summary and a browser.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from helpcenter.review.readable import ReadablePage
from helpcenter.review.usage import FactUsage, related
from helpcenter.search.synonyms import normalize
from helpcenter.yamlsource import YamlProblem, load_located

# Two pages are one page moved when at least this share of their words match (and no redirect says better).
MOVE_SIMILARITY = 0.6
# Word diffs of longer texts compare blocks instead (difflib is quadratic at worst).
MAX_WORDS = 20_000
# Beyond this many (removed, added) pairs, moves are found by title, not by comparing every text with every other.
MAX_MOVE_PAIRS = 2_500

OpKind = Literal["equal", "delete", "insert", "replace"]


@dataclass(frozen=True)
class Op:
    kind: OpKind
    old: tuple[int, int]  # a range of ``PartDiff.old_words``
    new: tuple[int, int]  # a range of ``PartDiff.new_words``


@dataclass(frozen=True)
class Word:
    text: str
    block: int  # which block of the part it belongs to (a paragraph, a list item)


def words_of(blocks: Iterable[str]) -> tuple[Word, ...]:
    return tuple(Word(word, number) for number, block in enumerate(blocks) for word in block.split())


@dataclass(frozen=True)
class PartDiff:
    """One part of a page (its title, body, ...), before and after, word by word."""

    part: str
    old_words: tuple[Word, ...]
    new_words: tuple[Word, ...]
    ops: tuple[Op, ...]

    @property
    def changed(self) -> bool:
        return any(op.kind != "equal" for op in self.ops)

    def key(self) -> tuple[Any, ...]:
        """What this change is, whatever page it is on: pages with equal keys changed alike."""
        return (
            self.part,
            tuple(
                (op.kind, _texts(self.old_words, op.old), _texts(self.new_words, op.new))
                for op in self.ops
                if op.kind != "equal"
            ),
        )


def _texts(words: tuple[Word, ...], span: tuple[int, int]) -> tuple[str, ...]:
    return tuple(word.text for word in words[span[0] : span[1]])


def diff_words(part: str, old: Iterable[str], new: Iterable[str]) -> PartDiff:
    """A word-level diff of two versions of one part (given as blocks)."""
    old_words, new_words = words_of(old), words_of(new)
    old_texts = [word.text for word in old_words]
    new_texts = [word.text for word in new_words]
    if old_texts == new_texts:
        return PartDiff(part, old_words, new_words, (Op("equal", (0, len(old_words)), (0, len(new_words))),))
    if len(old_texts) + len(new_texts) > MAX_WORDS:
        return PartDiff(part, old_words, new_words, (Op("replace", (0, len(old_words)), (0, len(new_words))),))
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    ops = tuple(Op(kind, (i1, i2), (j1, j2)) for kind, i1, i2, j1, j2 in matcher.get_opcodes())
    return PartDiff(part, old_words, new_words, ops)


@dataclass(frozen=True)
class PageChange:
    """A page whose reader-visible text changed (``old_url`` differs from ``url`` for a moved page)."""

    url: str
    old_url: str
    title: str
    parts: tuple[PartDiff, ...]  # only the parts that changed
    facts: tuple[str, ...] = ()  # changed facts this page reads


@dataclass(frozen=True)
class Move:
    old_url: str
    url: str
    title: str
    redirect: str | None  # where the old address sends readers now; None: it is gone (a 404 for bookmarks)
    found_by: Literal["redirect", "text"]


@dataclass(frozen=True)
class Gone:
    """A page removed (``redirect``: where its address sends readers now) or added (``redirect`` is None)."""

    url: str
    title: str
    redirect: str | None = None


@dataclass(frozen=True)
class FactReach:
    url: str
    title: str
    where: tuple[str, ...]  # file:line of each read of the fact on this page


@dataclass(frozen=True)
class FactChange:
    fact: str
    old: str | None  # None: the fact is new
    new: str | None  # None: the fact was removed
    line: int  # in the new facts file (the old one for a removed fact)
    pages: tuple[FactReach, ...]


@dataclass(frozen=True)
class SearchChange:
    url: str
    old_title: str
    title: str
    headings_added: tuple[str, ...]
    headings_removed: tuple[str, ...]


@dataclass(frozen=True)
class SynonymChange:
    group: tuple[str, ...]  # the group as it is now (as it was, for a removed group)
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class SiteDiff:
    base: str  # how each side is named in the reports (a commit, "working tree")
    head: str
    pages: int  # pages in the new site
    added: tuple[Gone, ...] = ()
    removed: tuple[Gone, ...] = ()
    moved: tuple[Move, ...] = ()
    changed: tuple[PageChange, ...] = ()
    everywhere: tuple[PartDiff, ...] = ()  # what every page shares
    facts: tuple[FactChange, ...] = ()
    search: tuple[SearchChange, ...] = ()
    synonyms: tuple[SynonymChange, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what could not be compared, and why

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.moved
            or self.changed
            or self.everywhere
            or self.facts
            or self.search
            or self.synonyms
        )


# --- pages ------------------------------------------------------------------------------------------


def _similarity(first: ReadablePage, second: ReadablePage) -> float:
    old = " ".join((first.title, *first.body)).split()
    new = " ".join((second.title, *second.body)).split()
    if not old or not new:
        return 0.0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < MOVE_SIMILARITY or matcher.quick_ratio() < MOVE_SIMILARITY:
        return 0.0  # the cheap upper bounds already say no
    return matcher.ratio()


def _scored_pairs(
    before: list[str], after: list[str], old: Mapping[str, ReadablePage], new: Mapping[str, ReadablePage]
) -> list[tuple[float, str, str]]:
    """(minus similarity, old address, new address) of each pair that could be one page moved."""
    if len(before) * len(after) > MAX_MOVE_PAIRS:
        # Too many to compare each with each: pages keep their title when they move.
        titles = {new[url].title: url for url in after}
        return [(-1.0, url, titles[old[url].title]) for url in before if old[url].title in titles]
    return [(-_similarity(old[one], new[other]), one, other) for one in before for other in after]


def _moves(
    removed: list[str], added: list[str], old: Mapping[str, ReadablePage], new: Mapping[str, ReadablePage]
) -> list[Move]:
    """Removed pages that are added pages moved: by the redirect left at the old address, else by their text."""
    moves = [
        Move(url, target, new[target].title, target, "redirect")
        for url in removed
        if url in new and (target := new[url].redirect) is not None and target in added
    ]
    paired = {move.old_url for move in moves} | {move.url for move in moves}
    before = [url for url in removed if url not in paired]
    after = [url for url in added if url not in paired]
    for score, one, other in sorted(_scored_pairs(before, after, old, new)):
        if -score < MOVE_SIMILARITY or one in paired or other in paired:
            continue
        paired |= {one, other}
        moves.append(Move(one, other, new[other].title, new[one].redirect if one in new else None, "text"))
    return sorted(moves, key=lambda move: move.url)


def _page_change(old: ReadablePage, new: ReadablePage) -> PageChange | None:
    parts = tuple(
        diff for name, blocks in new.parts.items() if (diff := diff_words(name, old.parts[name], blocks)).changed
    )
    return PageChange(new.url, old.url, new.title, parts) if parts else None


def _search_change(old: ReadablePage, new: ReadablePage) -> SearchChange | None:
    added = tuple(heading for heading in new.headings if heading not in old.headings)
    removed = tuple(heading for heading in old.headings if heading not in new.headings)
    if old.title == new.title and not added and not removed:
        return None
    return SearchChange(new.url, old.title, new.title, added, removed)


def _shared(old: Mapping[str, ReadablePage], new: Mapping[str, ReadablePage]) -> tuple[PartDiff, ...]:
    # From the home page when both sides have one, else from the first page both have.
    common = [url for url in new if url in old and new[url].redirect is None and old[url].redirect is None]
    if not common:
        return ()
    url = "" if "" in common else common[0]
    diff = diff_words("On every page", old[url].chrome, new[url].chrome)
    return (diff,) if diff.changed else ()


# --- facts and synonyms -----------------------------------------------------------------------------


def _compact(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {_compact(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "[" + "; ".join(_compact(item) for item in value) + "]"
    return str(value)


def flatten_facts(text: str) -> dict[str, Any]:
    """A facts file's values by dotted path (lists are one fact, as pages read them); {} if it cannot be read."""
    try:
        _node, data = load_located(text)
    except YamlProblem:
        return {}
    found: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
        elif path and path != "placeholders":
            found[path] = value
    return found


def _shown(value: Any) -> str:
    """A value as the facts file means it: text in quotes, numbers bare, lists item by item."""
    if isinstance(value, list | tuple | Mapping):
        return _compact(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _list_change(old: Any, new: Any) -> tuple[str, str] | None:
    """For a list fact: only the items that went and came, so a long list's one new item reads as one."""
    if not (isinstance(old, list) and isinstance(new, list)):
        return None
    went = [_compact(item) for item in old if item not in new]
    came = [_compact(item) for item in new if item not in old]
    if not went and not came:
        return "(the same items in another order)", _compact(new)
    return "removed: " + ("; ".join(went) or "nothing"), "added: " + ("; ".join(came) or "nothing")


def _reach(fact: str, usages: Iterable[FactUsage | None], titles: Mapping[str, str]) -> tuple[FactReach, ...]:
    """Every page that reads ``fact`` in either build (a page may stop or start reading it), by address."""
    pages: dict[str, tuple[str, set[str]]] = {}
    for usage in usages:
        if usage is None:
            continue
        for page in usage.pages:
            where = {use.where for use in page.uses if related(fact, use.fact)}
            if where:
                _title, known = pages.setdefault(page.url, (titles.get(page.url) or page.title, set()))
                known.update(where)
    return tuple(FactReach(url, title, tuple(sorted(where))) for url, (title, where) in sorted(pages.items()))


def _fact_changes(old_side: Side, new_side: Side) -> tuple[FactChange, ...]:
    old, new = flatten_facts(old_side.facts_text), flatten_facts(new_side.facts_text)
    usages = (old_side.usage, new_side.usage)
    lines = new_side.usage.facts if new_side.usage is not None else {}
    titles = {url: page.title for url, page in new_side.pages.items() if page.title}
    changes = []
    for fact in sorted(set(old) | set(new), key=lambda path: (lines.get(path, 10**9), path)):
        before, after = old.get(fact), new.get(fact)
        if fact in old and fact in new and before == after:
            continue
        shown = _list_change(before, after)
        old_shown = None if fact not in old else shown[0] if shown else _shown(before)
        new_shown = None if fact not in new else shown[1] if shown else _shown(after)
        changes.append(FactChange(fact, old_shown, new_shown, lines.get(fact, 0), _reach(fact, usages, titles)))
    return tuple(changes)


def synonym_groups(text: str) -> list[tuple[str, ...]]:
    """The groups of a synonyms file, normalized as search compares them; [] if it cannot be read."""
    try:
        _node, data = load_located(text)
    except YamlProblem:
        return []
    if not isinstance(data, list):
        return []
    return [tuple(normalize(str(term)) for term in group) for group in data if isinstance(group, list)]


def _synonym_changes(old_text: str, new_text: str) -> tuple[SynonymChange, ...]:
    old, new = synonym_groups(old_text), synonym_groups(new_text)
    changes = []
    matched: set[int] = set()
    for group in new:
        overlap = [(len(set(group) & set(before)), index) for index, before in enumerate(old) if index not in matched]
        best = max(overlap, default=(0, -1))
        before = old[best[1]] if best[0] else ()
        if best[0]:
            matched.add(best[1])
        added = tuple(term for term in group if term not in before)
        removed = tuple(term for term in before if term not in group)
        if added or removed:
            changes.append(SynonymChange(group, added, removed))
    changes.extend(SynonymChange(group, (), group) for index, group in enumerate(old) if index not in matched)
    return tuple(changes)


# --- the whole comparison ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One build: its pages, its facts and synonyms files as text, and the fact-usage map it wrote (if any)."""

    name: str
    pages: Mapping[str, ReadablePage]
    facts_text: str = ""
    synonyms_text: str = ""
    usage: FactUsage | None = None


def _pages(site: Mapping[str, ReadablePage]) -> dict[str, ReadablePage]:
    return {url: page for url, page in site.items() if page.redirect is None}


def _changed_pages(
    pairs: list[tuple[ReadablePage, ReadablePage]], facts: tuple[FactChange, ...]
) -> tuple[PageChange, ...]:
    changed = []
    for before, after in pairs:
        change = _page_change(before, after)
        if change is not None:
            reads = tuple(sorted({fact.fact for fact in facts if any(page.url == after.url for page in fact.pages)}))
            changed.append(dataclasses.replace(change, facts=reads))
    return tuple(sorted(changed, key=lambda change: change.url))


def _searches(pairs: list[tuple[ReadablePage, ReadablePage]]) -> tuple[SearchChange, ...]:
    found = [change for before, after in pairs if (change := _search_change(before, after)) is not None]
    return tuple(sorted(found, key=lambda change: change.url))


def compare(old_side: Side, new_side: Side) -> SiteDiff:
    old, new = _pages(old_side.pages), _pages(new_side.pages)
    removed = [url for url in old if url not in new]
    added = [url for url in new if url not in old]
    moves = _moves(removed, added, old, new_side.pages)
    moved = {move.old_url for move in moves} | {move.url for move in moves}
    pairs = [(old[url], new[url]) for url in new if url in old]
    pairs += [(old[move.old_url], new[move.url]) for move in moves]
    facts = _fact_changes(old_side, new_side)
    redirects = {url: page.redirect for url, page in new_side.pages.items() if page.redirect is not None}
    return SiteDiff(
        base=old_side.name,
        head=new_side.name,
        pages=len(new),
        added=tuple(Gone(url, new[url].title) for url in added if url not in moved),
        removed=tuple(Gone(url, old[url].title, redirects.get(url)) for url in removed if url not in moved),
        moved=tuple(moves),
        changed=_changed_pages(pairs, facts),
        everywhere=_shared(old_side.pages, new_side.pages),
        facts=facts,
        search=_searches(pairs),
        synonyms=_synonym_changes(old_side.synonyms_text, new_side.synonyms_text),
    )
