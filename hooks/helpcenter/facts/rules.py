"""The machinery of the facts-typed-by-hand checks: a rule, and the finders rules are built from.

Nothing here knows about MkDocs or about any one fact; hooks/helpcenter/facts/drift.py
(fact values) and hooks/helpcenter/facts/roles.py (the people readers deal with) build
their rules from these pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Span = tuple[int, int, str]  # start and end offsets in the page, and the literal found there


@dataclass(frozen=True)
class DriftRule:
    """How to recognise one fact typed by hand, and what to write instead."""

    fact: str  # as a writer would say it: "the support phone"
    macro: str  # what to write instead: "{{ support.phone }}"
    find: Callable[[str], Iterable[Span]]  # the copies in a page's prose
    # A cheap test on the page, lower-cased with each run of whitespace made one
    # space: False means no copy can be there, so most pages cost a few substring
    # searches and no regular expression at all.
    clue: Callable[[str], bool] = lambda flat: True
    # What the finder reads: the page's prose (code, macros and comments blanked out), or
    # the same with the macros kept, for rules about what a page says of a fact.
    reads: Literal["prose", "macros"] = "prose"
    # The message for what was found, when "is <fact> fact -> write <macro>" does not fit.
    explain: Callable[[str], str] | None = None

    def message(self, literal: str) -> str:
        if self.explain is not None:
            return self.explain(literal)
        return f'"{literal}" is {self.fact} fact -> write {self.macro}'


def contains_all(*groups: Iterable[str]) -> Callable[[str], bool]:
    """A clue: for each group, at least one of its strings is in the page."""
    frozen = [tuple(flat(text) for text in group) for group in groups]
    return lambda flat: all(any(text in flat for text in group) for group in frozen)


def contains_several(texts: Iterable[str], at_least: int) -> Callable[[str], bool]:
    """A clue: at least ``at_least`` of ``texts`` are in the page."""
    frozen = tuple(flat(text) for text in texts)
    return lambda flat: sum(text in flat for text in frozen) >= at_least


def windowed_finder(
    pattern: re.Pattern[str], trigger: re.Pattern[str], confirm: re.Pattern[str], reach: int = 80
) -> Callable[[str], Iterable[Span]]:
    """Like `regex_finder`, but run only in short windows around a rare clue.

    ``trigger`` (lower-case words, matched case-sensitively on the lower-cased
    page: far faster than a case-insensitive scan) finds where a copy could be;
    ``confirm`` must match there; then ``pattern`` runs ``reach`` characters
    either side.
    """

    def find(prose: str) -> Iterable[Span]:
        lowered = prose.lower()
        if len(lowered) != len(prose):  # a character whose lower case is longer: offsets would shift
            lowered = prose
        seen: set[tuple[int, int]] = set()
        for hit in trigger.finditer(lowered):
            if not confirm.match(prose, hit.start()):
                continue
            for match in pattern.finditer(prose, max(0, hit.start() - reach), min(len(prose), hit.end() + reach)):
                if match.span() not in seen:
                    seen.add(match.span())
                    yield match.start(), match.end(), match[0]

    return find


def flat(text: str) -> str:
    return " ".join(text.lower().split())


def regex_finder(
    pattern: re.Pattern[str], accept: Callable[[str], bool] | None = None
) -> Callable[[str], Iterable[Span]]:
    """Every match of ``pattern`` that ``accept`` (if given) agrees with."""

    def find(prose: str) -> Iterable[Span]:
        for match in pattern.finditer(prose):
            if accept is None or accept(match[0]):
                yield match.start(), match.end(), match[0]

    return find


def phrase(text: str) -> str:
    """A phrase with any run of whitespace (a line break too) between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def either(*alternatives: str) -> str:
    unique = sorted(set(alternatives), key=len, reverse=True)
    return "(?:" + "|".join(unique) + ")"
