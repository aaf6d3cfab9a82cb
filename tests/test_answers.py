"""Answers first, on the real site: each FAQ answer opens with its facts, and pages send readers only where the
facts say they can go.

Nothing here names today's pages: the FAQ pages are those with ``faq: true``, the
source's questions and what each answer must state live in
tests/fixtures/source_questions.yml, and every value comes from data/facts.yml.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml

from helpcenter.articles import is_article
from helpcenter.facts.model import load_facts_document, template_variables
from prose import article_prose, words
from sitebuilder import ROOT

DOCS = ROOT / "docs"
QUESTIONS = yaml.safe_load((ROOT / "tests" / "fixtures" / "source_questions.yml").read_text(encoding="utf-8"))
VIEWS = template_variables(load_facts_document(ROOT / "data" / "facts.yml", "data/facts.yml").facts)
PAGES = sorted(DOCS.rglob("*.md"))
ARTICLES = [page for page in PAGES if is_article(page.relative_to(DOCS).as_posix())]
STOP = frozenset({"a", "an", "the", "do", "does", "i", "my", "of", "on", "to", "all", "are", "is", "can't", "can"})


def src(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def front_matter(page: Path) -> dict[str, Any]:
    data = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])
    return data if isinstance(data, dict) else {}


def built(site_dir: Path, page: Path) -> lxml.html.HtmlElement:
    relative = page.relative_to(DOCS)
    folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
    return lxml.html.parse(str(site_dir / folder / "index.html")).getroot()


def value_of(dotted: str) -> str:
    value: Any = VIEWS
    for part in dotted.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return str(value)


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().replace("\u00b6", "").split())


FAQ_PAGES = [page for page in PAGES if front_matter(page).get("faq") is True]


def answers(site_dir: Path, pages: list[Path] = FAQ_PAGES) -> Iterator[tuple[str, str, str]]:
    """(page, question, the answer's first paragraph) for every question of the FAQ pages."""
    for page in pages:
        for heading in built(site_dir, page).xpath("//article//h2[@id]"):
            first = heading.getnext()
            while first is not None and first.tag != "p":
                first = first.getnext() if first.tag not in ("h1", "h2") else None
            yield src(page), text(heading), text(first) if first is not None else ""


def closest(question: str, found: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The heading that asks the same thing: most content words in common, at least half of them."""
    wanted = set(words(question)) - STOP

    def overlap(entry: tuple[str, str, str]) -> float:
        asked = set(words(entry[1])) - STOP
        return len(wanted & asked) / max(len(wanted | asked), 1)

    best = max(found, key=overlap, default=None)
    return best if best is not None and overlap(best) >= 0.5 else None


@pytest.mark.parametrize("source", QUESTIONS, ids=lambda source: source["question"])
def test_the_first_paragraph_of_each_answer_states_its_facts(real_site_dir: Path, source: dict[str, Any]) -> None:
    found = closest(source["question"], list(answers(real_site_dir)))
    assert found is not None, f"no FAQ page answers {source['question']!r} (front matter `faq: true`, one h2 each)"
    page, question, first = found
    missing = [value_of(fact) for fact in source.get("facts", []) if value_of(fact) not in first]
    missing += [word for word in source.get("words", []) if word.lower() not in first.lower()]
    assert missing == [], f"docs/{page}: the answer to {question!r} opens with {first!r}, without {missing}"


def test_the_structured_data_answers_with_the_same_first_paragraph(real_site_dir: Path) -> None:
    checked = 0
    for page in FAQ_PAGES:
        scripts = built(real_site_dir, page).xpath('//script[@type="application/ld+json"]/text()')
        entities = {item["name"]: item["acceptedAnswer"]["text"] for item in json.loads(scripts[0])["mainEntity"]}
        for _, question, first in answers(real_site_dir, [page]):
            assert entities[question].startswith(first), question
            checked += 1
    assert checked >= len(QUESTIONS)


# --- routes: pages send readers only where the facts say they can go --------------------------------------------

ROLES = [VIEWS["support"].team, *(role.name for role in VIEWS["roles"].values())]
REACHABLE = {VIEWS["support"].team, *(role.name for role in VIEWS["roles"].values() if role.reached_by_readers)}
PEOPLE = r"team|specialist|support|manager|department|representative|rep|agent|consultant|coordinator|advis[eo]r|desk"
CONTACT = re.compile(
    r"\b(?:call|phone|ring|contact|e-?mail|message|ask|tell|reach|write to|talk to|speak (?:to|with)"
    r"|get in touch with|raise (?:it|them|this|these|each change|every change|problems?|changes?) with)"
    rf"\s+(?:your |the |a |an )?(?:dedicated )?(?P<who>(?:[\w'\u2019-]+ ){{0,2}}?(?:{PEOPLE}))\b",
    re.IGNORECASE,
)


def sends_readers_to(prose: str) -> list[str]:
    return [" ".join(match["who"].split()) for match in CONTACT.finditer(prose)]


def test_the_route_finder_reads_who_a_sentence_sends_readers_to() -> None:
    prose = "Call Acme Support at 1. Raise it with your data team. Ask them. Tell your account manager today."
    assert sends_readers_to(prose) == ["Acme Support", "data team", "account manager"]


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_articles_send_readers_only_to_roles_they_can_reach(real_site_dir: Path, page: Path) -> None:
    root = built(real_site_dir, page)
    prose = article_prose(lxml.html.tostring(root, encoding="unicode"))
    for block in root.xpath('//article//section[contains(@class, "hc-help")]'):
        prose += "\n" + text(block)
    wrong = [who for who in sends_readers_to(prose) if who not in REACHABLE]
    assert wrong == [], f"docs/{src(page)} sends readers to {wrong}; the facts' roles they can reach: {REACHABLE}"


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_the_phone_is_given_once_in_the_text_and_once_at_the_end(real_site_dir: Path, page: Path) -> None:
    """Once in "Still need help?", plus at most once where the text itself says to call."""
    article = built(real_site_dir, page).xpath("//article")[0]
    shown = [
        link for link in article.xpath('.//a[starts-with(@href, "tel:")]') if not link.xpath("ancestor::*[@hidden]")
    ]
    at_end = [link for link in shown if link.xpath('ancestor::section[contains(@class, "hc-help")]')]
    assert (len(at_end), len(shown) - len(at_end) <= 1) == (1, True), f"docs/{src(page)}: {len(shown)} phone links"
