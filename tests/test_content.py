"""The real site's content: plain language, the vendor's source never copied, each thing said once, help at the end.

Prose is read from the built pages (facts filled in), as tests/prose.py explains:
the reading grade is measured on the writer's sentences only; the copied-text
check reads everything in the article, what the theme adds included, except
headings that ask a question (the source's questions may be kept as headings).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import textstat
import yaml

from helpcenter.article_end.feedback import REASONS
from helpcenter.articles import is_article
from helpcenter.facts.model import load_facts_document, template_variables
from prose import article_prose, copied_runs, reader_text, theme_text, words
from required_tools import in_ci
from sitebuilder import ROOT, real_config

DOCS = ROOT / "docs"
# How the project names the vendor's source text (CI has ../shared beside the clone).
SOURCE = ROOT.parent / "shared" / "seed" / "000_496f20559bd882c3.txt"
MAX_GRADE = 8
RUN = 8  # words in a row that may not match the source

PAGES = sorted(DOCS.rglob("*.md"))
ARTICLES = [page for page in PAGES if is_article(page.relative_to(DOCS).as_posix())]
FACTS = load_facts_document(ROOT / "data" / "facts.yml", "data/facts.yml")
VIEWS = template_variables(FACTS.facts)


def source_words() -> list[str]:
    if not SOURCE.is_file():
        # A writer's clone has no ../shared beside it; CI has, and fails without it.
        assert not in_ci(), f"the source text {SOURCE} is missing: CI needs ../shared beside the clone"
        pytest.skip("the vendor's source text (../shared/seed) is not beside this clone: CI checks copied text")
    return words(SOURCE.read_text(encoding="utf-8"))


def src(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def built(site_dir: Path, page: Path) -> Path:
    relative = page.relative_to(DOCS)
    folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
    return site_dir / folder / "index.html"


def tree(site_dir: Path, page: Path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(built(site_dir, page))).getroot()


def front_matter(page: Path) -> dict[str, object]:
    return yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])


# The one page that defines the review window names the heading that does (front matter `defines_review_window`).
((DEFINITION, DEFINITION_ID),) = [
    (src(page), str(front_matter(page)["defines_review_window"]))
    for page in PAGES
    if "defines_review_window" in front_matter(page)
]


# --- the prose extraction and the run check themselves ------------------------------

SAMPLE = """<html><body><article class="md-content__inner md-typeset">
<a class="md-content__button" href="#">Edit this page</a>
<h1>Where are my historical case numbers?</h1>
<p>During the import, numbering stayed on automatic</p>
<ul><li>Contacts<ul><li>Names</li></ul></li><li>Matters.</li></ul>
<div class="admonition note"><p class="admonition-title">No link to your bank</p><p>It is a record.</p></div>
<pre><code>{{ support.phone }}</code></pre>
<nav class="hc-pagelist"><h2>Related articles</h2><ul><li><a href="#">Sending the bills</a></li></ul></nav>
<section class="hc-help"><h2>Still need help?</h2><p>Call
  us.</p>
<section class="hc-feedback"><label><input type="radio"> I don't like this functionality</label></section></section>
</article></body></html>"""


def test_article_prose_is_the_writers_sentences_one_unit_per_block() -> None:
    assert article_prose(SAMPLE).splitlines() == [
        "During the import, numbering stayed on automatic.",
        "Contacts.",
        "Names.",
        "Matters.",
        "It is a record.",
    ]
    assert theme_text(SAMPLE) == "Call us."


def test_the_run_check_finds_copied_text_but_not_a_question_heading() -> None:
    source = source_words()
    text = reader_text(SAMPLE)
    assert "historical case numbers" not in text  # the source's question, kept as a heading
    assert "Still need help" not in text  # a question heading too
    assert "I don't like this functionality" in text  # what the theme adds counts
    assert copied_runs(words(text), source, RUN) == []
    # A sentence of the vendor's source text (../shared/seed), not of the site: the check must find it.
    copied = SAMPLE.replace(
        "<p>During the import, numbering stayed on automatic</p>",
        "<p>Note: Clio's migrations team imports all outstanding balances as unbilled time entries, we hear.</p>",
    )
    assert copied_runs(words(reader_text(copied)), source, RUN) == [
        "clio's migrations team imports all outstanding balances as unbilled time entries"
    ]
    # Two copied stretches come back as two runs; seven words in a row are allowed.
    assert copied_runs(words("a b c d e f g h x y"), words("a b c d e f g h y"), RUN) == ["a b c d e f g h"]
    assert copied_runs(words("a b c d e f g x a b c d e f g h"), words("a b c d e f g h"), RUN) == ["a b c d e f g h"]


# --- plain language -------------------------------------------------------------------


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_article_reads_at_grade_8_or_below(real_site_dir: Path, page: Path) -> None:
    prose = article_prose(built(real_site_dir, page).read_text(encoding="utf-8"))
    assert words(prose), f"{src(page)}: no prose found on the built page"
    grade = textstat.flesch_kincaid_grade(prose)
    assert grade <= MAX_GRADE, f"docs/{src(page)} reads at grade {grade} (at most {MAX_GRADE}) -> shorter sentences"


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_still_need_help_reads_at_grade_8_or_below(real_site_dir: Path, page: Path) -> None:
    text = theme_text(built(real_site_dir, page).read_text(encoding="utf-8"))
    assert text, f"{src(page)}: no 'Still need help?' text"
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"'Still need help?' reads at grade {grade}: {text!r}"


# --- nothing copied ----------------------------------------------------------------------


def built_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_no_page_repeats_eight_words_of_the_source(real_site_dir: Path) -> None:
    source = source_words()
    checked, copied = 0, {}
    for html in built_pages(real_site_dir):
        text = html.read_text(encoding="utf-8")
        if "md-content__inner" not in text:
            continue  # not a page (e.g. a redirect stub)
        root = lxml.html.fromstring(text)
        description = " ".join(root.xpath("//meta[@name='description']/@content"))
        found = copied_runs(words(f"{reader_text(text)} {description}"), source, RUN)
        checked += 1
        if found:
            copied[html.relative_to(real_site_dir).as_posix()] = found
    assert checked == len(PAGES) + 1  # every page, and the 404 page
    assert copied == {}, f"runs of {RUN} or more words copied from the source: {copied}"


def test_feedback_reasons_keep_their_values_and_use_our_own_words() -> None:
    # The values are a contract with the feedback service; the labels must not be the source's.
    assert [reason.value for reason in REASONS] == [
        "confusing-or-wrong",
        "not-what-i-was-looking-for",
        "dislike-functionality",
    ]
    source = source_words()
    for reason in REASONS:
        assert copied_runs(words(reason.label), source, 4) == [], f"{reason.label!r} repeats the source's wording"


# --- "Still need help?" at the end of every article ------------------------------------


def help_block(site_dir: Path, page: Path) -> lxml.html.HtmlElement | None:
    found = tree(site_dir, page).xpath('//article//section[contains(@class, "hc-help")]')
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_every_article_ends_with_still_need_help(real_site_dir: Path, page: Path) -> None:
    block = help_block(real_site_dir, page)
    assert block is not None, f"{src(page)} has no 'Still need help?'"
    assert block.findtext(".//h2").strip() == "Still need help?"
    phone = VIEWS["support"].phone
    (link,) = block.xpath('.//p[contains(@class, "hc-help__phone")]/a')
    assert (link.get("href"), link.text_content()) == (phone.tel, phone.text)
    assert block.xpath(".//*[@data-hc-feedback]"), "the feedback widget is not in the block"
    # It is the last thing in the article.
    article = block.getparent()
    assert [child for child in article if child.tag == "section"][-1] is block


@pytest.mark.parametrize("page", [page for page in PAGES if page not in ARTICLES], ids=src)
def test_listing_pages_have_no_still_need_help(real_site_dir: Path, page: Path) -> None:
    assert help_block(real_site_dir, page) is None


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_the_data_problem_block_shows_only_where_the_text_does_not_say_it(real_site_dir: Path, page: Path) -> None:
    """`about_review_window: true` adds who makes changes to imported data, linked to the window's one definition;
    a page whose own text already names that team does not say it twice."""
    block = help_block(real_site_dir, page)
    assert block is not None
    migration = block.xpath('.//*[contains(@class, "hc-help__migration")]')
    flagged = front_matter(page).get("about_review_window") is True
    assert bool(migration) == flagged, f"{src(page)}: about_review_window is {flagged}, the block shows: {migration}"
    team = VIEWS["roles"]["migration_team"].name
    prose = article_prose(built(real_site_dir, page).read_text(encoding="utf-8"))
    if not flagged:
        return
    assert team not in prose, f"{src(page)}: its text already names the {team}: drop `about_review_window`"
    text = " ".join(migration[0].text_content().split())
    assert team in text, text
    (link,) = migration[0].xpath(".//a")
    assert "#" in link.get("href"), "the block links to the review window's definition"


# --- said once ---------------------------------------------------------------------------------

LONG = 12  # words in a row: an explanation, not a phrase


def _without_facts(prose: str) -> list[list[str]]:
    """The prose's words in stretches between rendered fact values: a fact may be on many pages, an explanation
    on one."""
    for value in sorted({text for text in _fact_texts(VIEWS) if len(text.split()) > 1}, key=len, reverse=True):
        prose = prose.replace(value, "\u2029")
    return [words(stretch) for stretch in prose.split("\u2029")]


def _fact_texts(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _fact_texts(item)]
    if isinstance(value, str):
        return [value]
    texts = [str(value)] if type(value).__str__ is not object.__str__ else []
    for field in getattr(value, "__dataclass_fields__", {}):
        texts += _fact_texts(getattr(value, field))
    return texts


def test_no_explanation_is_repeated_on_two_pages(real_site_dir: Path) -> None:
    """Long explanations live on one page and are linked to; facts themselves may appear anywhere."""
    seen: dict[tuple[str, ...], str] = {}
    repeated = []
    for page in ARTICLES:
        stretches = _without_facts(article_prose(built(real_site_dir, page).read_text(encoding="utf-8")))
        runs = {tuple(found[i : i + LONG]) for found in stretches for i in range(len(found) - LONG + 1)}
        for run in runs:
            if run in seen and seen[run] != src(page):
                repeated.append(f"{seen[run]} and {src(page)}: {' '.join(run)}")
            seen.setdefault(run, src(page))
    assert repeated == [], "the same explanation on two pages (write it once, link to it):\n" + "\n".join(repeated)


def page_lists(root: lxml.html.HtmlElement) -> dict[str, list[str]]:
    return {
        nav.findtext(".//h2").strip(): [a.get("href") for a in nav.xpath(".//li/a")]
        for nav in root.xpath('//nav[contains(@class, "hc-pagelist")]')
    }


@pytest.mark.parametrize("page", ARTICLES, ids=src)
def test_articles_that_link_here_leave_out_related_articles(real_site_dir: Path, page: Path) -> None:
    lists = page_lists(tree(real_site_dir, page))
    related = lists.get("Related articles", [])
    assert len(related) == len(front_matter(page).get("related", []))
    assert set(lists.get("Articles that link here", [])).isdisjoint(related)


# --- the home page and the site's one name ------------------------------------------------------


def test_one_name_for_the_site(real_site_dir: Path) -> None:
    name = real_config()["site_name"]
    home = tree(real_site_dir, DOCS / "index.md")
    assert home.findtext(".//title") == name
    assert front_matter(DOCS / "index.md")["title"] == name
    assert home.xpath("//header//*[contains(@class, 'md-header__topic')]//span/text()")[0].strip() == name
    (heading,) = home.xpath("//article//h1")
    assert (heading.text_content(), heading.get("class")) == (name, "hc-visually-hidden")
    for page in ARTICLES:
        assert tree(real_site_dir, page).findtext(".//title") == f"{front_matter(page)['title']} - {name}"


def test_the_home_page_is_calm(real_site_dir: Path) -> None:
    home = tree(real_site_dir, DOCS / "index.md")
    (hero,) = home.xpath('//section[contains(@class, "hc-hero")]')
    hero_words = set(words(hero.text_content()))
    article = home.xpath("//article")[0]
    for heading in article.xpath(".//h2"):
        assert not set(words(heading.text_content())) & hero_words - {"the", "a"}, heading.text_content()
    assert article.xpath('.//*[contains(@class, "admonition")]') == [], "a tip that repeats the search box"
    assert len(article.xpath('.//div[contains(@class, "hc-topics")]/ul/li')) % 2 == 0


# --- unknown values are marked -----------------------------------------------------------------


@pytest.mark.content
def test_stand_in_values_are_marked_as_placeholders() -> None:
    """A value the source does not give is a stand-in on a reserved example domain, never a guess at the
    vendor's pages, and it is listed under `placeholders:` so the publishing build refuses it. The rule, not
    today's list: a real value that arrives (and leaves the list) does not fail this test."""
    data = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))

    def leaves(value: object, path: str) -> list[tuple[str, str]]:
        if isinstance(value, dict):
            return [leaf for key, item in value.items() for leaf in leaves(item, f"{path}.{key}".lstrip("."))]
        return [(path, str(value))]

    values = leaves({key: item for key, item in data.items() if key != "placeholders"}, "")
    assert "training.signup_url" in dict(values)  # the walk reaches nested facts
    stand_ins = {path for path, value in values if re.search(r"\bexample\.(com|org|net)\b", value)}
    assert {path for path in stand_ins if not FACTS.is_placeholder(path)} == set()
    # Placeholders never hold a guess at one of the vendor's own addresses.
    vendor = f"{str(VIEWS['product']).lower()}."  # the product's own domain, whatever it is called
    assert [path for path, value in values if FACTS.is_placeholder(path) and vendor in value.lower()] == []
