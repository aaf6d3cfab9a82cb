"""`make article`: a new page with correct front matter, in the nav, that passes every check."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from helpcenter.pages.front_matter import check_front_matter, parse_front_matter
from helpcenter.pages.scaffold import (
    FAQ_INTRO,
    FIRST_ANSWER,
    FIRST_QUESTION,
    FIRST_STEP,
    INTRO,
    NEEDS,
    NEXT_ANSWER,
    NEXT_QUESTION,
    NEXT_STEP,
    ScaffoldError,
    add_to_nav,
    article_text,
    check_slug,
    default_description,
    slug_for,
)
from sitebuilder import ROOT, build, make_site

EPOCH = str(int(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC).timestamp()))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to send an invoice", "send-an-invoice"),
        ("How do I export my contacts?", "export-my-contacts"),
        ("Creating trust ledgers", "creating-trust-ledgers"),
        ("Trust: deposits & refunds (2026)", "trust-deposits-refunds-2026"),
        ("Réglages de facturation", "reglages-de-facturation"),
    ],
)
def test_file_names_are_kebab_case_and_named_by_the_task(title: str, slug: str) -> None:
    assert slug_for(title) == slug


def test_a_title_without_letters_cannot_name_a_file() -> None:
    with pytest.raises(ScaffoldError, match="cannot make a file name from the title '\\?\\?'"):
        slug_for("??")


def test_the_starting_text_has_valid_front_matter() -> None:
    text = article_text(
        title="How to export: the basics",
        description="Export, step by step.",
        tags=["billing"],
        reviewed=dt.date(2026, 1, 2),
    )
    parsed = parse_front_matter(text)
    assert parsed.data["title"] == "How to export: the basics"
    assert parsed.data["reviewed"] == dt.date(2026, 1, 2)
    findings = check_front_matter(
        parsed, path="docs/guides/x.md", src_path="guides/x.md", tags={"billing": "Bills"}, pages={"guides/x.md"}
    )
    assert findings == []


def test_a_long_title_still_gets_a_description_within_the_limit() -> None:
    assert len(default_description("How to " + "reconcile " * 30)) <= 160


CONFIG = """\
site_name: Test # a comment that stays
theme:
  name: material
# The nav: one section per folder.
nav:
  - index.md
  - Guides and how-tos:
      - guides/index.md # its own comment
      - "guides/first.md"
  - Other:
      - other/index.md
"""


def _section_pages(config_text: str, section_title: str) -> list[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    nav = yaml.load(config_text, Loader=Loader)["nav"]
    return next(entry[section_title] for entry in nav if isinstance(entry, dict) and section_title in entry)


def test_nav_gets_one_new_line_at_the_end_of_the_section_and_keeps_every_comment() -> None:
    before = _section_pages(CONFIG, "Guides and how-tos")
    inserted = add_to_nav(CONFIG, section="guides", page="guides/export-contacts.md")
    assert inserted.section_title == "Guides and how-tos"
    new_lines = inserted.text.split("\n")
    assert new_lines[inserted.line - 1].strip() == "- guides/export-contacts.md"
    del new_lines[inserted.line - 1]
    assert "\n".join(new_lines) == CONFIG  # nothing else changed: comments, order, quoting
    assert _section_pages(inserted.text, "Guides and how-tos") == [*before, "guides/export-contacts.md"]


def test_nav_section_is_found_by_its_pages_not_its_title() -> None:
    config = (
        "nav:\n  - Home: index.md\n  - Money:\n      - billing/index.md\n      - Bills: billing/a.md\n"
        "  - Other:\n      - x/index.md\n"
    )
    inserted = add_to_nav(config, section="billing", page="billing/b.md")
    assert inserted.text == (
        "nav:\n  - Home: index.md\n  - Money:\n      - billing/index.md\n      - Bills: billing/a.md\n"
        "      - billing/b.md\n  - Other:\n      - x/index.md\n"
    )


def test_without_a_nav_mkdocs_lists_the_page_itself() -> None:
    assert add_to_nav("site_name: x\n", section="billing", page="billing/b.md").section_title is None


def test_a_section_missing_from_the_nav_is_an_error() -> None:
    with pytest.raises(ScaffoldError, match=r"^no nav section of mkdocs.yml lists pages of docs/payroll/ -> add one"):
        add_to_nav(CONFIG, section="payroll", page="payroll/x.md")


def test_a_page_already_in_the_nav_is_an_error() -> None:
    with pytest.raises(ScaffoldError, match=r"^'guides/first.md' is already in the nav"):
        add_to_nav(CONFIG, section="guides", page="guides/first.md")


# --- end to end: the command a writer runs, then a strict build and every lint ---------------

SECTION_INDEX = "---\ntitle: Guides\ndescription: Every guide.\ntags:\n  - billing\n---\n\nGuides.\n"
NAV = [{"Home": "index.md"}, {"Guides and how-tos": ["guides/index.md"]}]
HOME = "---\ntitle: Help center\ndescription: Home page.\n---\n\nWelcome.\n"


def _new_article(config_file: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    # `make article TITLE=... SECTION=...` hands its variables to the script through the environment.
    # The review date is the writer's today, whatever SOURCE_DATE_EPOCH says.
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "0", **variables}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "new_article.py"), "-f", str(config_file), "--today", "2026-11-25"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=config_file.parent,
        check=False,
    )


def test_new_article_builds_strictly_and_passes_every_check(tmp_path: Path) -> None:
    config_file = make_site(
        tmp_path,
        {"index.md": HOME, "guides/index.md": SECTION_INDEX},
        nav=NAV,
    )
    created = _new_article(config_file, TITLE="How to export your contacts", SECTION="guides")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        "Created docs/guides/export-your-contacts.md",
        "Added it to the nav in mkdocs.yml (line "
        + str(config_file.read_text().split("\n").index("  - guides/export-your-contacts.md") + 1)
        + "), at the end of 'Guides and how-tos'.",
        "The section's page lists it by itself (from the nav): add it to no other list.",
        "Next: replace the description in its front matter with one sentence about the article.",
        "Then write the article and preview it with: make serve",
    ]
    page = tmp_path / "docs" / "guides" / "export-your-contacts.md"
    assert parse_front_matter(page.read_text()).data == {
        "title": "How to export your contacts",
        "description": "How to export your contacts, step by step.",
        "tags": ["billing"],
        "reviewed": dt.date(2026, 11, 25),
    }

    # The stand-ins are there to be replaced: published as they are, they would tell readers nothing.
    result = build(config_file, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert not result.ok
    stand_in = "is the new-article scaffold's stand-in -> replace the placeholder with this article's own words"
    assert result.problems == [
        "docs/guides/export-your-contacts.md:3:1: scaffold-text the description is still the new-article"
        " scaffold's stand-in -> replace the placeholder with one sentence that says what this article helps"
        " the reader do",
        f"docs/guides/export-your-contacts.md:14:1: scaffold-text '{INTRO}' {stand_in}",
        f"docs/guides/export-your-contacts.md:18:3: scaffold-text '{NEEDS}' {stand_in}",
        f"docs/guides/export-your-contacts.md:22:4: scaffold-text '{FIRST_STEP}' {stand_in}",
        f"docs/guides/export-your-contacts.md:23:4: scaffold-text '{NEXT_STEP}' {stand_in}",
    ]
    text = page.read_text()
    for stand_in_text, written in [
        ("How to export your contacts, step by step.", "Save your contacts to a file you can open elsewhere."),
        (INTRO, "This article helps you keep a copy of your contacts."),
        (NEEDS, "Your contacts, reviewed."),
        (FIRST_STEP, "Ask support which export fits your firm."),
        (NEXT_STEP, "Check the file you receive."),
    ]:
        text = text.replace(stand_in_text, written)
    page.write_text(text)
    result = build(config_file, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.ok, result.output
    assert result.problems == []
    assert (result.site_dir / "guides" / "export-your-contacts" / "index.html").exists()

    lint = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lint_markdown.py"), str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (lint.returncode, lint.stdout) == (0, "")
    spelling = subprocess.run(
        [str(Path(sys.executable).parent / "codespell"), "--config", str(ROOT / ".codespellrc"), str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (spelling.returncode, spelling.stdout) == (0, "")


def test_new_article_refuses_mistakes_with_a_suggestion(tmp_path: Path) -> None:
    config_file = make_site(
        tmp_path,
        {"index.md": HOME, "guides/index.md": SECTION_INDEX},
        nav=NAV,
    )
    before = config_file.read_text()

    wrong_section = _new_article(config_file, TITLE="How to pay", SECTION="guids")
    assert (wrong_section.returncode, wrong_section.stderr) == (
        2,
        "make article: there is no section 'guids' -> use one of: guides (did you mean 'guides'?)\n",
    )
    wrong_tag = _new_article(config_file, TITLE="How to pay", SECTION="guides", TAGS="payment")
    assert (
        wrong_tag.stderr
        == "make article: the tag 'payment' is not in data/tags.yml -> use a listed tag (did you mean 'payments'?)\n"
    )
    no_title = _new_article(config_file, TITLE="", SECTION="guides")
    assert (no_title.returncode, no_title.stderr) == (
        2,
        'usage: make article TITLE="How to ..." SECTION=billing [KIND=faq]\n',
    )

    assert _new_article(config_file, TITLE="How to pay", SECTION="guides").returncode == 0
    again = _new_article(config_file, TITLE="How to pay", SECTION="guides")
    assert (
        again.stderr
        == "make article: docs/guides/pay.md already exists -> choose another title, or SLUG=another-name\n"
    )
    # Refused requests left no trace; the one that worked added one line.
    assert len(config_file.read_text().splitlines()) == len(before.splitlines()) + 1
    assert sorted(path.name for path in (tmp_path / "docs" / "guides").iterdir()) == ["index.md", "pay.md"]


@pytest.mark.parametrize(
    ("slug", "hint"),
    [
        ("../../../x", " (did you mean 'x'?)"),
        ("/etc/cron.d/x", " (did you mean 'etc-cron-d-x'?)"),
        ("..", ""),
        ("Export", " (did you mean 'export'?)"),
        ("a--b", " (did you mean 'a-b'?)"),
        ("x\ny", " (did you mean 'x-y'?)"),
        ("x" * 81, " (did you mean '" + "x" * 80 + "'?)"),
    ],
)
def test_a_slug_is_a_plain_file_name(slug: str, hint: str) -> None:
    with pytest.raises(ScaffoldError) as raised:
        check_slug(slug)
    assert str(raised.value) == (
        f"SLUG {slug!r} is not a file name -> use lowercase letters, digits and hyphens only, at most 80 characters"
        + hint
    )


def test_a_slug_may_end_in_md() -> None:
    assert check_slug("export-2026.md") == "export-2026"


def test_a_long_title_gives_a_file_name_cut_at_a_word() -> None:
    assert slug_for("How to " + "reconcile " * 30) == "-".join(["reconcile"] * 8)


def test_a_slug_climbing_out_of_docs_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    project = tmp_path / "project"
    config_file = make_site(
        project,
        {"index.md": HOME, "guides/index.md": SECTION_INDEX},
        nav=NAV,
    )
    before = config_file.read_text()
    files_before = sorted(tmp_path.rglob("*"))
    for slug in ("../../../x", "../../x", "../index"):
        refused = _new_article(config_file, TITLE="How to pay", SECTION="guides", SLUG=slug)
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr.startswith(f"make article: SLUG {slug!r} is not a file name -> use lowercase letters")
    refused = _new_article(config_file, TITLE="How to pay", SECTION="../..", SLUG="x")
    assert refused.stderr == ("make article: there is no section '../..' -> use one of: guides\n")
    assert config_file.read_text() == before
    assert sorted(tmp_path.rglob("*")) == files_before


# --- an FAQ page ------------------------------------------------------------------------------


def test_an_faq_page_starts_with_the_question_index_and_two_questions(tmp_path: Path) -> None:
    config_file = make_site(tmp_path, {"index.md": HOME, "guides/index.md": SECTION_INDEX}, nav=NAV)
    created = _new_article(config_file, TITLE="Questions about exports", SECTION="guides", KIND="faq")
    assert created.returncode == 0, created.stderr
    page = tmp_path / "docs" / "guides" / "questions-about-exports.md"
    text = page.read_text()
    assert parse_front_matter(text).data["faq"] is True
    result = build(config_file, env={"SOURCE_DATE_EPOCH": EPOCH})
    stand_in = "is the new-article scaffold's stand-in -> replace the placeholder with this article's own words"
    assert [problem.split(": scaffold-text ")[1] for problem in result.problems] == [
        "the description is still the new-article scaffold's stand-in -> replace the placeholder with one"
        " sentence that says what this article helps the reader do",
        f"'{FAQ_INTRO}' {stand_in}",
        f"'{FIRST_QUESTION}' {stand_in}",
        f"'{FIRST_ANSWER}' {stand_in}",
        f"'{NEXT_QUESTION}' {stand_in}",
        f"'{NEXT_ANSWER}' {stand_in}",
    ]
    for stand_in_text, written in [
        ("Questions about exports, step by step.", "Answers to the questions readers ask about exports."),
        (FAQ_INTRO, "These are the questions we hear most about exports."),
        (FIRST_QUESTION, "Can I export my contacts?"),
        (FIRST_ANSWER, "Yes. Ask support for a copy."),
        (NEXT_QUESTION, "How long does an export take?"),
        (NEXT_ANSWER, "About a day."),
    ]:
        text = text.replace(stand_in_text, written)
    page.write_text(text)
    result = build(config_file, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.ok, result.output
    built = lxml.html.parse(str(result.site_dir / "guides" / "questions-about-exports" / "index.html")).getroot()
    assert [link.get("href") for link in built.xpath('//nav[contains(@class, "faq-index")]//a')] == [
        "#first-question",
        "#next-question",
    ]


def test_an_unknown_kind_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    config_file = make_site(tmp_path, {"index.md": HOME, "guides/index.md": SECTION_INDEX}, nav=NAV)
    refused = _new_article(config_file, TITLE="Questions", SECTION="guides", KIND="faqs")
    assert (refused.returncode, refused.stderr) == (
        2,
        "make article: there is no kind of article 'faqs' -> use KIND=howto (steps) or KIND=faq (questions)"
        " (did you mean 'faq'?)\n",
    )
