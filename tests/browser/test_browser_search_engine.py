"""The search engine itself (overrides/assets/javascripts/search-worker.js), run in Chromium on small indexes.

Outside a worker the script exposes its engine as ``HelpCenterSearch``; these
tests call it directly, so each rule (typos, synonyms, weights, question
headings, "did you mean") is checked on its own. The UI tests type into the
real search box (test_browser_search_queries.py, test_browser_search_ui.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from conftest import Browse
from helpcenter.search.shards import NEGATIONS, STOP, meaningful, stem, words_of
from searchindex import files_of, site_docs, site_files
from sitebuilder import ROOT

pytestmark = pytest.mark.browser

WORKER = ROOT / "overrides" / "assets" / "javascripts" / "search-worker.js"


def engine_page(browse: Browse) -> Page:
    page, _ = browse()
    page.set_content("<!doctype html><title>engine</title>")
    page.add_script_tag(path=str(WORKER))
    return page


def search(page: Page, index: dict[str, Any], queries: list[str]) -> list[dict[str, Any]]:
    """Each query's result: the locations in order (by page, best section first) and the rendered text."""
    return page.evaluate(
        """async ([files, queries]) => {
            const engine = HelpCenterSearch.Engine.fromFiles(files);
            const found = [];
            for (const query of queries) {
                const result = await engine.search(query);
                found.push({
                    pages: result.items.map((group) => group.find((item) => !item.location.includes("#")).location),
                    first: result.items.length ? result.items[0][0].location : null,
                    shown: result.items.flat().map((item) => item.title + " " + item.text).join(" "),
                    suggestion: result.suggestion,
                    suggest: result.suggest,
                });
            }
            return found;
        }""",
        [files_of(index), queries],
    )


def index_of(*docs: tuple[str, str, str], synonyms: list[list[str]] | None = None, **weights: float) -> dict[str, Any]:
    entries = []
    for location, title, text in docs:
        entry: dict[str, Any] = {"location": location, "title": title, "text": text}
        page = location.split("#", 1)[0]
        if page in weights:
            entry["w"] = weights[page]
        entries.append(entry)
    return {"config": {"hc": {"synonyms": synonyms or []}}, "docs": entries}


def test_a_one_letter_mistake_in_any_long_word_of_the_site_still_finds_it(browse: Browse, real_site_dir: Path) -> None:
    """Every word of 5 or more letters on the site, with one letter inserted, deleted, changed or swapped."""
    page = engine_page(browse)
    report = page.evaluate(
        """async (files) => {
            const { Engine, stem } = HelpCenterSearch;
            const engine = Engine.fromFiles(files);
            // Everything loaded, to know every word of the site and where it is.
            const all = Engine.fromFiles(files);
            await all.open();
            await all.loadLetters([...all.wordShards]);
            await all.loadDocs(all.docs.filter((doc) => !doc.page));
            const words = [...all.vocabulary.keys()].sort();
            const edits = (word) => {
                const at = word.length >> 1;
                const other = word[at] === "e" ? "a" : "e";
                return {
                    insert: word.slice(0, at) + word[at] + word.slice(at),
                    delete: word.slice(0, at) + word.slice(at + 1),
                    substitute: word.slice(0, at) + other + word.slice(at + 1),
                    transpose: word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1),
                };
            };
            let tried = 0;
            const missed = [];
            for (const word of words.filter((w) => /^[a-z]{5,}$/.test(w))) {
                await all.loadStems([stem(word)]);
                const list = all.postings.get(stem(word));
                if (!list) continue; // a word only stop words share a stem with is never looked for
                const holders = new Set([...list.docs].map((index) => all.docs[index].location));
                for (const [kind, typo] of Object.entries(edits(word))) {
                    // A "typo" that is itself a word of the site is that word, not a typo.
                    await all.loadLetters([typo[0]]);
                    await all.loadStems([stem(typo)]);
                    if (typo === word || all.vocabulary.has(typo) || all.postings.has(stem(typo))) continue;
                    tried += 1;
                    const found = (await engine.search(typo + " ")).items.flat().map((item) => item.location);
                    if (!found.some((location) => holders.has(location))) missed.push(`${kind}: ${typo} (${word})`);
                }
            }
            return { tried, missed };
        }""",
        site_files(real_site_dir),
    )
    assert report["tried"] > 500
    assert report["missed"] == [], "\n".join(report["missed"])


def test_a_short_word_is_not_guessed_at(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(("bank/", "Bank accounts", "Create a bank account."))
    (result,) = search(page, index, ["bnak "])
    assert result["pages"] == []


def test_synonyms_find_the_other_words_in_both_directions_and_never_show(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(
        ("trust/", "Trust accounts", "Keep client money in a trust account."),
        ("bill/", "Sending a bill", "Send the bill to your client."),
        ("invoice/", "Invoice layout", "Change how an invoice looks."),
        ("review/", "The review window", "It lasts three days."),
        ("deadline/", "Deadlines", "Every deadline is on the calendar."),
        synonyms=[["trust", "retainer"], ["bill", "invoice"], ["review window", "deadline"]],
    )
    retainer, bill, invoice, deadline, window = search(
        page, index, ["retainer ", "bill ", "invoice ", "deadline ", "review window "]
    )
    assert retainer["pages"] == ["trust/"]
    assert "retainer" not in retainer["shown"].lower()
    # Where both are as prominent: the reader's own word first, the synonym's pages next.
    assert bill["pages"] == ["bill/", "invoice/"]
    assert invoice["pages"] == ["invoice/", "bill/"]
    assert deadline["pages"][:2] == ["deadline/", "review/"]
    assert window["pages"][:2] == ["review/", "deadline/"]


def test_articles_come_before_listings_for_the_same_words(browse: Browse) -> None:
    page = engine_page(browse)
    same = "Bills for imported balances."
    index = index_of(
        ("", "Billing help", same),
        ("billing/", "Billing", same),
        ("billing/bills/", "Billing", same),
        **{"": 0.15, "billing/": 0.2},
    )
    (result,) = search(page, index, ["billing bills "])
    assert result["pages"] == ["billing/bills/", "billing/", ""]


def test_a_question_heading_whose_words_match_ranks_its_answer_first(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(
        ("faq/", "FAQ", "How long do I have to review my data? Who trains my staff?"),
        ("faq/#training", "Who trains my staff?", "Your onboarding specialist."),
        ("faq/#review-window", "How long do I have to review my data?", "Three business days."),
        ("review/", "Reviewing your data", "Review your data carefully: check the data, review each record."),
        ("review/#how", "How to review data", "Open each record and review the data in it."),
    )
    (result,) = search(page, index, ["how long do i have to review my data"])
    assert result["first"] == "faq/#review-window"
    assert result["pages"][0] == "faq/"


def test_did_you_mean_comes_from_the_sites_words(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(
        ("bill/", "Generating an invoice", "Invoices for imported balances."),
        ("phone/", "Call support", "Call us by phone."),
    )
    two_away, unknown, nothing = search(page, index, ["invoyse", "invoyse zzzq", "zzzq"])
    assert two_away["pages"] == []
    assert two_away["suggestion"] == "invoice"
    assert unknown["suggestion"] == "invoice"
    assert nothing["suggestion"] is None


def test_the_word_being_typed_is_completed_from_the_site(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(("bank/", "Bank accounts", "Create bank accounts, then accept payments."))
    typing, done = search(page, index, ["bank acc", "bank acc "])
    assert typing["pages"] == ["bank/"]
    assert typing["suggest"] == ["accounts"]
    assert done["suggest"] == []


def test_forms_of_a_word_share_one_stem(browse: Browse) -> None:
    page = engine_page(browse)
    groups = [
        ["invoice", "invoices", "invoiced", "invoicing"],
        ["bill", "bills", "billed", "billing"],
        ["migrate", "migrated", "migration", "migrations"],
        ["number", "numbers", "numbered", "numbering"],
        ["train", "trained", "training", "trains"],
        ["entry", "entries"],
        ["firm", "firm's", "Firm\u2019s"],
        ["can't", "cannot", "unable", "not"],
    ]
    stems = page.evaluate(
        "(groups) => groups.map((g) => g.map((w) => HelpCenterSearch.stem(HelpCenterSearch.fold(w))))", groups
    )
    for group, found in zip(groups, stems, strict=True):
        assert len(set(found)) == 1, dict(zip(group, found, strict=True))


def test_stop_words_and_single_letters_alone_find_nothing(browse: Browse) -> None:
    """A search for nothing but these words is a failed search (the page's script reports it), not eight
    pages that happen to hold an "e" or a "how"."""
    page = engine_page(browse)
    index = index_of(
        ("efiling/", "Electronic filing", "How to file with the court: e-filing, each form, every exhibit."),
        ("how/", "How it works", "What you do, and how."),
    )
    letter, words, mixed, typing = search(page, index, ["e", "how do i", "court e filing", "court e"])
    assert letter["pages"] == words["pages"] == []
    assert letter["suggestion"] is None and words["suggestion"] is None
    # Beside a word that means something, a single letter neither adds pages nor is looked for.
    assert mixed["pages"] == typing["pages"] == ["efiling/"]


def test_only_the_words_the_reader_typed_are_highlighted(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(
        ("bill/", "Sending a bill", "Send the bill, or the invoice, to your client."),
        ("bill/#when", "When to bill", "Bill each month."),
        synonyms=[["bill", "invoice"]],
    )
    result = page.evaluate(
        """async (files) => (await HelpCenterSearch.Engine.fromFiles(files).search("invoice ")).items.flat()
            .map((item) => ({ location: item.location, html: item.title + item.text, terms: item.terms }))""",
        files_of(index),
    )
    marked = {mark for item in result for mark in re.findall(r"<mark data-md-highlight>(.*?)</mark>", item["html"])}
    assert marked == {"invoice"}
    for item in result:  # the words Material puts in ?h= for the page to highlight
        assert not [word for word, hit in item["terms"].items() if hit and word != "invoice"], item


def test_a_page_link_above_its_sections_highlights_what_they_matched(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(
        ("bank/", "Bank accounts", "Set them up once."),
        ("bank/#why", "Why you need them", "Payments on invoices need a deposit account."),
    )
    items = page.evaluate(
        """async (files) => (await HelpCenterSearch.Engine.fromFiles(files).search("deposit ")).items[0]
            .map((item) => [item.location, item.terms])""",
        files_of(index),
    )
    assert items == [["bank/#why", {"deposit": True}], ["bank/", {"deposit": True}]]


def test_did_you_mean_offers_only_a_likely_typo_that_finds_something(browse: Browse) -> None:
    page = engine_page(browse)
    index = index_of(
        ("import/", "Import", "Import to Clio: the rest of your data."),
        ("invoice/", "Invoices", "Invoices for imported balances."),
    )
    reset, export, typo = search(page, index, ["reset", "export to", "invoyses"])
    assert reset["suggestion"] is None  # "rest" is a shorter, other word, not a typo of "reset"
    assert export["suggestion"] is None  # two letters and the first one changed: another word
    assert typo["suggestion"] == "invoices"


def test_the_worker_reads_words_as_the_build_does(browse: Browse, real_site_dir: Path) -> None:
    """The build stems the site's words (helpcenter/search/shards.py), the worker the reader's: they must agree."""
    page = engine_page(browse)
    texts = [doc["title"] + " " + doc["text"] for doc in site_docs(real_site_dir)]
    texts.append(
        "Can't CANNOT firm's Firm\u2019s caf\u00e9 cafe\u0301 e-filing 1-888-858 v2 \u00c6on na\u00efve stopped running"
    )
    in_browser = page.evaluate(
        "(texts) => texts.map((text) => HelpCenterSearch.wordsOf(text).map((found) => found.stem))", texts
    )
    assert in_browser == [[stem(word) for word in words_of(text)] for text in texts]
    words = sorted({word for text in texts for word in words_of(text)} | STOP | NEGATIONS)
    assert page.evaluate("(words) => words.map(HelpCenterSearch.meaningful)", words) == [
        meaningful(word) for word in words
    ]


def test_a_search_fetches_only_the_shards_it_needs(browse: Browse) -> None:
    page = engine_page(browse)
    docs = [(f"topic-{n}/", f"Topic {n}", f"Alpha{n} beta{n} gamma{n} delta{n}.") for n in range(40)]
    index = index_of(("bill/", "Sending a bill", "Send the bill to your client."), *docs)
    fetched = page.evaluate(
        """async (files) => {
            const names = [];
            const engine = new HelpCenterSearch.Engine((name) => {
                names.push(name);
                return Promise.resolve(JSON.parse(files[name]));
            });
            const seen = {};
            for (const query of ["", "how do i", "bill "]) {
                await engine.search(query);
                seen[query] = [...names];
            }
            return seen;
        }""",
        files := files_of(index),
    )
    assert fetched[""] == fetched["how do i"] == []  # nothing to look for: nothing fetched
    first_search = fetched["bill "]
    assert "core.json" in first_search
    assert len(first_search) == len(set(first_search))  # each file once
    assert 3 < len(first_search) < len(files) / 3, first_search
