"""FAQPage structured data: built from the same parse as the question index, every question answered."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
import yaml

from helpcenter.article_end.faq import (
    Question,
    extract_questions,
    faq_jsonld,
    heading_line,
    jsonld_script_text,
    unanswered,
)
from helpcenter.htmltree import HtmlTree
from sitebuilder import ROOT, build_site


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def jsonld(site_dir: Path, page: str) -> list[dict]:
    root = lxml.html.parse(str(site_dir / page)).getroot()
    return [json.loads(script.text) for script in root.xpath('//head/script[@type="application/ld+json"]')]


def visible_questions(site_dir: Path, page: str) -> dict[str, str]:
    """Each content <h2> of the article with the visible text up to the next one, read straight from the HTML."""
    root = lxml.html.parse(str(site_dir / page)).getroot()
    (article,) = root.xpath("//article")
    found: dict[str, str] = {}
    heading: str | None = None
    parts: list[str] = []
    for element in article:
        ends_content = any(name.startswith("hc-") for name in (element.get("class") or "").split())
        if element.tag == "h2" or ends_content:
            if heading is not None:
                found[heading] = " ".join(" ".join(parts).split())
            heading, parts = None, []
            if ends_content:
                break
            if element.get("id"):
                for link in element.xpath('.//a[contains(@class, "headerlink")]'):
                    link.drop_tree()
                heading = " ".join(element.text_content().split())
        elif heading is not None:
            for link in element.xpath('.//a[contains(@class, "headerlink")]'):
                link.drop_tree()
            parts.append(element.text_content())
    if heading is not None:
        found[heading] = " ".join(" ".join(parts).split())
    return found


# --- the real FAQ -------------------------------------------------------------


def real_faq_pages() -> list[str]:
    """The built page of each source page with `faq: true`."""
    return sorted(
        f"{path.relative_to(ROOT / 'docs').with_suffix('').as_posix()}/index.html"
        for path in (ROOT / "docs").rglob("*.md")
        if front_matter(path).get("faq") is True and path.name != "index.md"
    )


@pytest.mark.parametrize("faq_page", real_faq_pages())
def test_real_faq_has_faqpage_data_for_every_question(real_site_dir: Path, faq_page: str) -> None:
    (data,) = jsonld(real_site_dir, faq_page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    visible = visible_questions(real_site_dir, faq_page)
    assert visible, f"{faq_page} shows no question"
    names = [entity["name"] for entity in data["mainEntity"]]
    assert names == list(visible), "the structured data and the page's questions differ"
    for entity in data["mainEntity"]:
        assert entity["@type"] == "Question"
        answer = entity["acceptedAnswer"]
        assert answer["@type"] == "Answer"
        assert answer["text"].strip(), f"{entity['name']!r} has an empty answer"
        assert answer["text"] == visible[entity["name"]], f"{entity['name']!r}: answer differs from the visible text"
        assert "{{" not in answer["text"] and "¶" not in answer["text"]


@pytest.mark.parametrize("faq_page", real_faq_pages())
def test_real_faq_index_and_structured_data_agree(real_site_dir: Path, faq_page: str) -> None:
    root = lxml.html.parse(str(real_site_dir / faq_page)).getroot()
    index = [a.text_content() for a in root.xpath('//nav[contains(@class, "faq-index")]//a')]
    (data,) = jsonld(real_site_dir, faq_page)
    assert index == [entity["name"] for entity in data["mainEntity"]]


def test_only_faq_pages_carry_faqpage_data(real_site_dir: Path) -> None:
    faq_sources = {
        path.relative_to(ROOT / "docs").with_suffix("").as_posix()
        for path in (ROOT / "docs").rglob("*.md")
        if front_matter(path).get("faq") is True
    }
    for page in real_site_dir.rglob("index.html"):
        name = page.parent.relative_to(real_site_dir).as_posix()
        expected = 1 if name in faq_sources else 0
        assert len(jsonld(real_site_dir, str(page.relative_to(real_site_dir)))) == expected, name


# --- fixture sites ------------------------------------------------------------

FRONT = "---\ntitle: Questions\ndescription: A test FAQ.\nreviewed: 2026-01-01\nfaq: true\n---\n\n"


def test_question_without_answer_is_reported_at_its_heading(tmp_path: Path) -> None:
    body = (
        "Intro.\n\n{{ question_index() }}\n\n"
        "## Answered? {#answered}\n\nYes.\n\n"
        "## Forgotten? {#forgotten}\n\n"
        "## Also answered? {#also}\n\nYes, too.\n"
    )
    result = build_site(tmp_path, {"faq.md": FRONT + body})
    assert not result.ok
    line = (FRONT + body).splitlines().index("## Forgotten? {#forgotten}") + 1
    assert result.problems == [
        f"docs/faq.md:{line}: faq-answer-missing the question 'Forgotten?' has no answer"
        " -> write the answer below its heading"
    ]


def test_structured_data_cannot_close_its_script_element(tmp_path: Path) -> None:
    body = (
        "{{ question_index() }}\n\n"
        "## What about `</script>` & <b>tags</b>? {#tags}\n\n"
        "Type `</script><script>alert(1)</script>` and nothing happens.\n"
    )
    result = build_site(tmp_path, {"faq.md": FRONT + body})
    assert result.ok, result.output
    html = (result.site_dir / "faq" / "index.html").read_text(encoding="utf-8")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script
    (entity,) = json.loads(script)["mainEntity"]
    assert entity["name"] == "What about </script> & tags?"
    assert entity["acceptedAnswer"]["text"] == "Type </script><script>alert(1)</script> and nothing happens."


# --- pure functions ---------------------------------------------------------


def test_one_parse_feeds_index_and_structured_data() -> None:
    html = (
        '<p>Intro</p><h2 id="a">First? <a class="headerlink" href="#a">¶</a></h2><p>One.</p>'
        '<h3 id="a1">Detail <a class="headerlink" href="#a1">¶</a></h3><ul>\n<li>x</li>\n<li>y</li>\n</ul>'
        '<h2 id="b">Second?</h2>'
    )
    questions = extract_questions(HtmlTree(html))
    assert [(q.anchor, q.text, q.answer_text) for q in questions] == [
        ("a", "First?", "One. Detail x y"),
        ("b", "Second?", ""),
    ]
    assert unanswered(questions) == [questions[1]]
    assert faq_jsonld(questions) == {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": "First?", "acceptedAnswer": {"@type": "Answer", "text": "One. Detail x y"}}
        ],
    }
    assert faq_jsonld(questions[1:]) is None


def test_jsonld_script_text_round_trips() -> None:
    data = {"text": "a </script> & <!-- b -->"}
    text = jsonld_script_text(data)
    assert not set("<>&") & set(text)
    assert json.loads(text) == data


def test_heading_line_finds_the_anchor_or_the_text() -> None:
    source = "---\ntitle: T\n---\n\n## One {#one}\n\ntext\n\n## Two words\n\n## Three {: #three .x}\n"
    assert heading_line(source, Question("one", "One", "")) == 5
    assert heading_line(source, Question("two-words", "Two words", "")) == 9
    assert heading_line(source, Question("three", "Three", "")) == 11
    assert heading_line(source, Question("gone", "Gone", "")) == 1


def test_comments_in_questions_and_answers_are_not_text() -> None:
    (question,) = extract_questions(
        HtmlTree('<h2 id="why">Why? <!-- check with legal --></h2><p>Because. <!-- x -->Yes.</p>')
    )
    assert (question.text, question.answer_text) == ("Why?", "Because. Yes.")
