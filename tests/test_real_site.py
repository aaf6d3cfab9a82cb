"""The real help center: builds strictly, and every fact a page uses is rendered from data/facts.yml."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from helpcenter.clock import build_date
from sitebuilder import ROOT, BuildResult

DOCS = ROOT / "docs"
FACTS = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 7: "seven", 10: "ten"}
MACRO_CALL = re.compile(r"\{\{\s*([a-z_][\w.]*)\s*(\(\s*\))?\s*\}\}")
FENCED_OR_INLINE_CODE = re.compile(r"^\s*(```|~~~).*?^\s*\1|`[^`\n]+`", re.DOTALL | re.MULTILINE)


def expected_phone_text() -> str:
    # Written out independently of the hook: NANP numbers read "1-AAA-BBB-CCCC ext. N".
    number, extension = FACTS["support"]["phone"]["number"], FACTS["support"]["phone"]["extension"]
    assert number.startswith("+1") and len(number) == 12
    return f"1-{number[2:5]}-{number[5:8]}-{number[8:]} ext. {extension}"


def expected_rendering() -> dict[str, list[str]]:
    """What each fact expression must produce on the page (as visible text)."""
    window = FACTS["review_window"]
    not_migrated = [entry["item"] for entry in FACTS["migration"]["not_migrated"]]
    not_migrated += [part for entry in FACTS["migration"]["not_migrated"] for part in entry.get("includes", [])]
    return {
        "product": [FACTS["product"]],
        "support.team": [FACTS["support"]["team"]],
        "support.phone": [expected_phone_text()],
        "review_window": [f"{NUMBER_WORDS[window['length']]} {window['unit']}"],
        "review_window.starts": [window["starts"]],
        "support.does": [FACTS["support"]["does"]],
        **{f"roles.{key}": [role["name"]] for key, role in FACTS["roles"].items()},
        **{f"roles.{key}.does": [role["does"]] for key, role in FACTS["roles"].items()},
        **{f"guides.{key}": [guide["title"]] for key, guide in FACTS.get("guides", {}).items()},
        "migration.outstanding_balances": [FACTS["migration"]["outstanding_balances"]],
        "migration.default_numbering": [FACTS["migration"]["default_numbering"]],
        "training.program": [FACTS["training"]["program"]],
        "not_migrated": not_migrated,
    }


def page_html(site_dir: Path, source: Path) -> str:
    """The built HTML of a page (directory URLs: a/b.md -> a/b/index.html, a/index.md -> a/index.html)."""
    relative = source.relative_to(DOCS)
    folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
    return (site_dir / folder / "index.html").read_text(encoding="utf-8")


def article_text(html: str) -> str:
    article = lxml.html.fromstring(html).find_class("md-content__inner")[0]
    return " ".join(article.text_content().split())


def used_facts(source: Path) -> set[str]:
    text = FENCED_OR_INLINE_CODE.sub("", source.read_text(encoding="utf-8"))
    return {match[1] for match in MACRO_CALL.finditer(text)}


PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.content
def test_every_page_uses_at_least_one_known_expression() -> None:
    known = expected_rendering()
    unknown = {
        (str(page.relative_to(ROOT)), name)
        for page in PAGES
        for name in used_facts(page)
        if name not in known and name not in {"question_index", "training.signup_url"}
    }
    assert not unknown, f"pages use expressions this test does not know how to check: {unknown}"


@pytest.mark.parametrize("source", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_facts_are_rendered_on_every_page_that_uses_them(real_site_dir: Path, source: Path) -> None:
    html = page_html(real_site_dir, source)
    text = article_text(html)
    for name in used_facts(source):
        for expected in expected_rendering().get(name, []):
            assert expected in text, (
                f"{source.relative_to(ROOT)} uses {{{{ {name} }}}} but {expected!r} is not on the page"
            )
    assert "{{" not in text and "{%" not in text, f"{source.relative_to(ROOT)}: raw template syntax reached readers"


PHONE_PAGES = [page for page in PAGES if "support.phone" in used_facts(page)]


@pytest.mark.parametrize("source", PHONE_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_the_phone_is_a_tel_link_in_national_format_wherever_a_page_writes_it(
    real_site_dir: Path, source: Path
) -> None:
    content = lxml.html.fromstring(page_html(real_site_dir, source)).find_class("md-content__inner")[0]
    links = content.xpath('.//a[starts-with(@href, "tel:")]')
    assert links, f"{source.relative_to(ROOT)} writes {{{{ support.phone }}}} but has no tel: link"
    number, extension = FACTS["support"]["phone"]["number"], FACTS["support"]["phone"]["extension"]
    assert {link.get("href") for link in links} == {f"tel:+1-{number[2:5]}-{number[5:8]}-{number[8:]};ext={extension}"}
    assert {link.text_content() for link in links} == {expected_phone_text()}


def front_matter(page: Path) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---") else {}


FAQ_PAGES = [page for page in PAGES if front_matter(page).get("faq") is True]


@pytest.mark.parametrize("source", FAQ_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_each_faq_index_lists_every_question_and_links_to_its_answer(real_site_dir: Path, source: Path) -> None:
    tree = lxml.html.fromstring(page_html(real_site_dir, source))
    index = tree.xpath('//nav[contains(@class, "faq-index")]//a')
    headings = tree.xpath("//article//h2[@id]")
    assert index, f"{source.relative_to(ROOT)} has no question index"
    assert [a.get("href") for a in index] == [f"#{h.get('id')}" for h in headings]
    assert [a.text_content() for a in index] == [h.text_content().rstrip("¶") for h in headings]
    assert all(a.text_content().endswith("?") for a in index)


def test_the_announcement_comes_from_the_facts_while_it_runs(real_site: BuildResult) -> None:
    """Shown on the home page exactly when the facts' notice is still running on the build's date."""
    notice = FACTS.get("announcement")
    html = (real_site.site_dir / "index.html").read_text(encoding="utf-8")
    bar = lxml.html.fromstring(html).xpath('//*[contains(@class, "hc-announce")]')
    running = bool(notice) and notice["expires"] >= build_date()
    assert bool(bar) == running
    if running:
        assert notice["title"] in bar[0].text_content()
