"""Fact drift: literal copies of a shared fact typed into a page's source.

A fact is typed once, in data/facts.yml, and pages render it with a macro. A
writer who types the value by hand ("call 1 888 858 2546") makes a copy that
silently goes stale when the fact changes. This module derives, from the facts
model, patterns that recognise such copies in the usual spellings, and reports
each one at its line with the macro to write instead.

Nothing here knows about MkDocs. Only the page source is read: what macros
produce never appears in it. Code blocks, code spans, Jinja expressions and
comments, HTML comments and the front matter are blanked out (keeping every
line and column) before matching. A line that ends with ``{## fact-ok ##}``
keeps its deliberate literal.

Deliberately not checked, because the words are ordinary prose and would raise
false alarms: the product name, the review window's contact ("your migration
team"), how outstanding balances arrive ("unbilled time entries") and the
default numbering ("automatic"). The announcement is not page content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import phonenumbers

from helpcenter.facts.model import Facts, number_in_words
from helpcenter.facts.roles import role_rules
from helpcenter.facts.rules import (
    DriftRule,
    Span,
    contains_all,
    contains_several,
    either,
    flat,
    phrase,
    regex_finder,
    windowed_finder,
)
from helpcenter.findings import Finding

CODE = "fact-drift"
# Writers keep a deliberate literal by ending its line with this Jinja comment.
ALLOW_MARKER = re.compile(r"\{##\s*fact-ok\b.*?##\}")


# --- blanking what is not prose ---------------------------------------------------

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})", re.MULTILINE)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}|<!--.*?-->", re.DOTALL)


def _blank(text: str) -> str:
    # Keep newlines so lines and columns of the rest stay exact.
    return "\n".join(" " * len(part) for part in text.split("\n"))


_JINJA_BUT_VALUES = re.compile(r"\{%.*?%\}|\{##.*?##\}|<!--.*?-->", re.DOTALL)


def prose_only(source: str) -> str:
    """``source`` with everything that is not reader-facing prose replaced by spaces."""
    return _JINJA.sub(lambda m: _blank(m[0]), prose_and_macros(source))


def prose_and_macros(source: str) -> str:
    """`prose_only`, keeping the ``{{ ... }}`` that print facts: for rules about what a page says of one."""
    text = _FRONT_MATTER.sub(lambda m: _blank(m[0]), source, count=1)
    text = _blank_fenced_blocks(text)
    text = _INLINE_CODE.sub(lambda m: _blank(m[0]), text)
    return _JINJA_BUT_VALUES.sub(lambda m: _blank(m[0]), text)


def _blank_fenced_blocks(text: str) -> str:
    """Blank every fenced code block, from its opening fence to its closing one (or the end of the page)."""
    pieces: list[str] = []
    done = 0
    fences = _FENCE.finditer(text)  # only the lines that start with ``` or ~~~
    for opening in fences:
        if opening.start() < done:
            continue
        fence = opening["fence"]
        end = len(text)
        for closing in fences:
            line_end = text.find("\n", closing.end())
            rest = text[closing.end() : line_end if line_end >= 0 else len(text)]
            if closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence) and not rest.strip():
                end = line_end if line_end >= 0 else len(text)
                break
        pieces += [text[done : opening.start()], _blank(text[opening.start() : end])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


# --- patterns derived from the facts -------------------------------------------------

# Between the digits of a phone number: spaces, dots, dashes (any Unicode dash),
# slashes and parentheses, as people type them.
_PHONE_GAP = r"[ \u00a0.\-\u2010-\u2015/()]{0,3}"


def phone_pattern(e164: str, extension: str | None) -> str:
    """A regex for one phone number written in any common way.

    With or without the country code (``+1``, ``1``, ``001``) or the national
    prefix, any separators between digits, parentheses around the area code,
    and the extension as ``x2``, ``ext. 2``, ``extension 2``, ``,2`` or ``;ext=2``.
    """
    number = phonenumbers.parse(e164, None)
    country = str(number.country_code)
    national = phonenumbers.national_significant_number(number)
    region = phonenumbers.region_code_for_number(number)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    prefixes = [rf"(?:\+|00)?{_PHONE_GAP}{country}"]
    if metadata is not None and metadata.national_prefix:
        prefixes.append(re.escape(metadata.national_prefix))
    prefix = rf"(?:(?:{'|'.join(prefixes)}){_PHONE_GAP})?"
    digits = _PHONE_GAP.join(national)
    suffix = ""
    if extension:
        suffix = (
            rf"(?:[ \u00a0]*(?:[,;]?[ \u00a0]*(?:x|ext\.?|extension|ext=)|,)[ \u00a0]*{re.escape(extension)}(?!\d))?"
        )
    return rf"(?<![\w+]){prefix}\(?{digits}(?!\d){suffix}"


# Other words people use for a unit of the review window.
_UNIT_SYNONYMS = {"business": ("business", "working"), "calendar": ("calendar",)}


def review_window_pattern(length: int, unit: str) -> str:
    """ "3 business days", "three working days", "a three-day period", "3 days to review"."""
    amount = either(re.escape(str(length)), re.escape(number_in_words(length)))
    kind, _, _noun = unit.partition(" ")
    kinds = either(*(re.escape(word) for word in _UNIT_SYNONYMS.get(kind, (kind,))))
    gap = r"(?:\s+|-)"
    return (
        rf"\b{amount}{gap}{kinds}{gap}days?\b"
        rf"|\b{amount}{gap}days?{gap}(?:review\s+)?(?:period|window|review)\b"
        rf"|\b{amount}{gap}days?\s+to\s+(?:review|check|report|correct)\b"
    )


_NOT = r"(?:n['\u2019]t|\s+not|\s+never)"
_PASSIVE = (
    r"(?:migrated|imported|moved|transferred|copied|included|brought\s+(?:over|across)|carried\s+over"
    r"|come\s+(?:over|across))"
)
_ACTIVE = r"(?:migrate|import|move|transfer|copy|include|bring\s+over|carry\s+over)"


# Where a "not migrated" statement can be: a negation, at most two words, a verb.
_NEGATION = r"n't|n\u2019t|not|never|cannot|left|excluded"
_NEGATED_VERB = (
    r"(?:n['\u2019]t|not|never|cannot)(?:\s+\w+){0,2}?\s+"
    r"(?:migrat|import|mov|transfer|cop|includ|bring|brought|carr|come)"  # verb stems; codespell:ignore includ
    r"|(?:left\s+out|excluded)\b"
)


def _item_names(facts: Facts) -> list[str]:
    names = []
    for entry in facts.migration.not_migrated:
        names.append(entry.item)
        names.extend(entry.includes)
    return names


def _item_pattern(name: str) -> str:
    words = phrase(name.lower())
    # "Documents" also matches "document"; "Bank accounts", "bank account".
    return words[:-1] + "s?" if words.endswith("s") else words


def not_migrated_patterns(names: Sequence[str]) -> tuple[str, str]:
    """(statement, enumeration) regexes for the not-migrated list.

    A statement names one item and says it is not migrated ("documents are not
    migrated", "we don't import user permissions"). An enumeration is the list
    typed out in a sentence ("documents, matter rates and groups"); it needs at
    least three names, so an ordinary "bank accounts and invoice payments" passes.
    """
    item = either(*(_item_pattern(name) for name in names))
    verb_phrase = rf"(?:(?:is|are|was|were|do|does|did|will|can|could|have|has){_NOT}|won['\u2019]t|cannot|never)"
    statement = (
        rf"\b{item}\s+{verb_phrase}(?:\s+(?:be|been|get))?\s+{_PASSIVE}\b"
        rf"|\b{item}\s+(?:is|are|was|were|will\s+be)\s+(?:left\s+out|excluded)\b"
        rf"|\b(?:do|does|did|will|can|could){_NOT}\s+{_ACTIVE}\s+(?:(?:your|the|any)\s+)?{item}\b"
        rf"|\b(?:won['\u2019]t|cannot|never)\s+{_ACTIVE}\s+(?:(?:your|the|any)\s+)?{item}\b"
    )
    separator = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
    enumeration = rf"\b{item}(?:{separator}{item})+\b"
    return statement, enumeration


def _enumerates_three(names: Sequence[str]) -> Callable[[str], bool]:
    item = re.compile(either(*(_item_pattern(name) for name in names)), re.IGNORECASE)
    return lambda text: len(item.findall(text)) >= 3


def bullet_list_finder(names: Sequence[str]) -> Callable[[str], Iterable[Span]]:
    """Runs of three or more list items that each name a not-migrated item: the list typed by hand.

    Blank lines may separate the items; any other line ends the run.
    """
    item = either(*(_item_pattern(name) for name in names))
    bullet = re.compile(
        rf"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\*\*|__)?({item})(?:\*\*|__)?[ \t]*[.,;]?[ \t]*$", re.IGNORECASE
    )

    def find(prose: str) -> Iterable[Span]:
        run: list[Span] = []
        offset = 0
        for line in [*prose.split("\n"), "<end>"]:
            match = bullet.match(line)
            if match:
                run.append((offset + match.start(1), offset + len(line), match[1]))
            elif line.strip() or line == "<end>":
                if len(run) >= 3:
                    yield run[0][0], run[-1][1], " / ".join(text for _, _, text in run)
                run = []
            offset += len(line) + 1

    return find


def drift_rules(facts: Facts) -> list[DriftRule]:
    """The checks for every fact a page could copy by hand, built from the facts themselves."""
    phone = facts.support.phone
    window = facts.review_window
    names = _item_names(facts)
    statement, enumeration = not_migrated_patterns(names)
    url = str(facts.training.signup_url)
    bare_url = re.sub(r"^https?://(?:www\.)?", "", url).rstrip("/")
    flags = re.IGNORECASE
    the_list = "{{ not_migrated() }} (or link to the page that shows it)"
    national = phonenumbers.national_significant_number(phonenumbers.parse(phone.number, None))
    # "Documents" and "document": the name without a final s is in both.
    stems = [name.removesuffix("s") for name in names]
    negations = ("not", "n't", "n\u2019t", "never", "cannot", "left out", "excluded")

    def regex(pattern: str, case: int = flags) -> re.Pattern[str]:
        return re.compile(pattern, case)

    return [
        DriftRule(
            "the support phone",
            "{{ support.phone }}",
            regex_finder(regex(phone_pattern(phone.number, phone.extension))),
            # Every common way of writing a number keeps its last four digits together.
            clue=contains_all((national[-4:],)),
        ),
        DriftRule(
            "the review window",
            "{{ review_window }}",
            regex_finder(regex(review_window_pattern(window.length, window.unit))),
            clue=contains_all((str(window.length), number_in_words(window.length)), ("day",)),
        ),
        DriftRule("the not-migrated list", the_list, bullet_list_finder(names), clue=contains_several(stems, 3)),
        DriftRule(
            "the not-migrated list",
            the_list,
            # A negation next to a migration verb is rare: look for the statement only around one.
            windowed_finder(regex(statement), re.compile(_NEGATION), regex(_NEGATED_VERB)),
            clue=contains_all(stems, negations),
        ),
        DriftRule(
            "the not-migrated list",
            the_list,
            regex_finder(regex(enumeration), accept=_enumerates_three(names)),
            clue=contains_several(stems, 3),
        ),
        # Written with capitals, so matched that way: "clio support" in prose is not the team's name.
        DriftRule(
            "the support team",
            "{{ support.team }}",
            regex_finder(regex(rf"\b{phrase(facts.support.team)}\b", 0)),
            clue=contains_all((facts.support.team,)),
        ),
        DriftRule(
            "the training program",
            "{{ training.program }}",
            regex_finder(regex(rf"\b{phrase(facts.training.program)}\b")),
            clue=contains_all((facts.training.program,)),
        ),
        DriftRule(
            "the review window start",
            "{{ review_window.starts }}",
            regex_finder(regex(rf"\b{phrase(window.starts)}")),
            clue=contains_all((window.starts,)),
        ),
        DriftRule(
            "the training sign-up address",
            "{{ training.signup_url }}",
            regex_finder(regex(rf"(?:https?://)?(?:www\.)?{re.escape(bare_url)}/?(?![\w/])")),
            clue=contains_all((bare_url,)),
        ),
    ]


# --- finding copies ----------------------------------------------------------------


def find_drift(source: str, rules: Sequence[DriftRule], path: str) -> list[Finding]:
    """Every hand-typed copy of a fact in ``source`` (a whole page file), located in that file."""
    source = source.replace("\r\n", "\n")
    flattened = flat(source)
    suspects = [rule for rule in rules if rule.clue(flattened)]
    # Blanking code and macros costs more than matching: only when the raw page has a candidate.
    if not any(next(iter(rule.find(source)), None) for rule in suspects):
        return []
    with_macros = prose_and_macros(source)
    texts = {"macros": with_macros, "prose": _JINJA.sub(lambda m: _blank(m[0]), with_macros)}
    line_starts = [0, *(match.end() for match in re.finditer("\n", source))]
    allowed_lines = {number for number, line in enumerate(source.split("\n"), start=1) if ALLOW_MARKER.search(line)}

    def locate(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for rule in suspects:
        for start, end, literal in rule.find(texts[rule.reads]):
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue  # one finding per stretch of text: a typed list is not also an enumeration
            first_line, column = locate(start)
            last_line, _ = locate(max(start, end - 1))
            if allowed_lines.intersection(range(first_line, last_line + 1)):
                continue
            taken.append((start, end))
            findings.append(Finding(path, first_line, column, CODE, rule.message(" ".join(literal.split()))))
    return sorted(findings)


@dataclass(frozen=True)
class DriftChecker:
    """The rules built once per build from the facts, applied to each page."""

    rules: tuple[DriftRule, ...]

    @classmethod
    def from_facts(cls, facts: Facts, previous: Facts | None = None) -> DriftChecker:
        """The rules for ``facts``; with ``previous`` (the facts before their last change), its values and names
        too: an old value typed from memory is as wrong as a copy of the new one, and gets the same message."""
        rules = [*drift_rules(facts), *role_rules(facts)]
        if previous is not None:
            rules += [*drift_rules(previous), *role_rules(previous, names_only=True)]
        return cls(tuple(rules))

    def check(self, source: str, path: str) -> list[Finding]:
        return find_drift(source, self.rules, path)
