"""The search index and pages the build hands to the reader's browser (hooks/jobs/search.py).

Unit tests of helpcenter/search/index.py (no MkDocs), then what the real build
wrote: our worker in every page's configuration, a plain index with weights
and the synonyms, no tag slugs, and the empty state's parts from the facts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import lxml.html
import pytest
import yaml

from helpcenter.articles import is_article
from helpcenter.facts.model import parse_facts, template_variables
from helpcenter.search.index import (
    HOME_WEIGHT,
    SECTION_INDEX_WEIGHT,
    PopularArticle,
    PopularPageError,
    choose_popular,
    page_weight,
    plain_text,
    point_worker,
    rewrite_index,
)
from helpcenter.search.shards import build_shards, stale_folders
from helpcenter.search.synonyms import SynonymGroup, parse_synonyms
from helpcenter.settings import SettingsError, parse_settings
from realpages import is_redirect
from searchindex import files_of, site_core, site_docs
from sitebuilder import ROOT, build_site

CONFIG = '<script id="__config" type="application/json">{"base": "..", "search": "../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>'  # noqa: E501 - one line, as Material writes it


# --- plain text -----------------------------------------------------------------


def test_plain_text_keeps_words_apart_at_block_boundaries() -> None:
    html = "<ol><li>How long?</li><li>Who <strong>trains</strong> us?</li></ol><p>A &amp; B &lt;C&gt;</p>"
    assert plain_text(html) == "How long? Who trains us? A &amp; B &lt;C&gt;"


def test_plain_text_of_plain_text_is_the_same() -> None:
    once = plain_text("<p>Fish &amp; chips &lt;b&gt; don't</p>")
    assert plain_text(once) == once


# --- the index ----------------------------------------------------------------------


MATERIAL = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}},
    "docs": [
        {"location": "", "title": "Help center", "text": "<p>Welcome.</p>", "tags": ["getting-started"]},
        {"location": "billing/", "title": "Billing", "text": "<ul><li>Bills</li></ul>", "tags": ["billing"]},
        {"location": "billing/bill/", "title": "Generating a bill", "text": "<p>Intro</p>", "boost": 2},
        {"location": "billing/bill/#steps", "title": "Steps", "text": "<p>Open the <code>matter</code>.</p>"},
        {"location": "old/", "title": "Old", "text": "Kept", "w": 0.35},
    ],
}
WEIGHTS = {
    "": page_weight(is_homepage=True, is_article=False),
    "billing/": page_weight(is_homepage=False, is_article=False),
    "billing/bill/": page_weight(is_homepage=False, is_article=True),
}
GROUPS = (SynonymGroup(1, ("bill", "invoice")), SynonymGroup(2, ("call", "talk to someone")))


def test_the_index_is_plain_weighted_and_carries_the_synonyms() -> None:
    index = rewrite_index(MATERIAL, WEIGHTS, GROUPS)
    assert index["config"] == {
        **MATERIAL["config"],
        "hc": {"synonyms": [["bill", "invoice"], ["call", "talk to someone"]]},
    }
    assert index["docs"] == [
        {"location": "", "title": "Help center", "text": "Welcome.", "w": HOME_WEIGHT},
        {"location": "billing/", "title": "Billing", "text": "Bills", "w": SECTION_INDEX_WEIGHT},
        {"location": "billing/bill/", "title": "Generating a bill", "text": "Intro", "boost": 2},
        {"location": "billing/bill/#steps", "title": "Steps", "text": "Open the matter."},
        # Not a page of this build: keeps the weight it had.
        {"location": "old/", "title": "Old", "text": "Kept", "w": 0.35},
    ]


def test_rewriting_an_index_twice_changes_nothing() -> None:
    once = rewrite_index(MATERIAL, WEIGHTS, GROUPS)
    assert rewrite_index(once, {}, GROUPS) == once


def test_page_weights_put_articles_above_listings() -> None:
    article = page_weight(is_homepage=False, is_article=True)
    assert article > page_weight(is_homepage=False, is_article=False) > page_weight(is_homepage=True, is_article=False)


# --- the shards the worker fetches ----------------------------------------------------


def test_the_manifest_material_fetches_on_every_page_is_small_and_names_the_shards() -> None:
    index = rewrite_index(MATERIAL, WEIGHTS, GROUPS)
    built = build_shards(index)
    manifest = json.loads(built["search_index.json"])
    assert manifest["docs"] == []
    assert {key: value for key, value in manifest["config"].items() if key != "hc"} == MATERIAL["config"]
    folder = manifest["config"]["hc"]["index"]
    assert all(name == "search_index.json" or name.startswith(f"{folder}/") for name in built)
    # At any size: the manifest holds no docs, words or synonyms.
    bigger = {**index, "docs": index["docs"] * 200}
    assert len(build_shards(bigger)["search_index.json"]) == len(built["search_index.json"])


def test_the_same_index_gives_the_same_bytes_and_new_content_a_new_folder() -> None:
    index = rewrite_index(MATERIAL, WEIGHTS, GROUPS)
    assert build_shards(index) == build_shards(json.loads(json.dumps(index)))
    changed = {**index, "docs": [*index["docs"][:-1], {"location": "old/", "title": "Old", "text": "Gone"}]}
    assert files_of(changed) != files_of(index)
    assert set(build_shards(changed)) & set(build_shards(index)) == {"search_index.json"}


def test_shards_hold_stems_headings_weights_and_the_docs_by_page() -> None:
    files = files_of(rewrite_index(MATERIAL, WEIGHTS, GROUPS))
    core = json.loads(files["core.json"])
    assert core["n"] == 5
    assert core["pages"] == [1, 1, 2, 1]  # a page's doc and its sections, in the index's order
    assert core["boosts"] == {"0": HOME_WEIGHT, "1": SECTION_INDEX_WEIGHT, "2": 2, "4": 0.35}
    assert core["synonyms"] == [["bill", "invoice"], ["call", "talk to someone"]]
    postings = {
        stem: value for name, text in files.items() if name.startswith("p/") for stem, value in json.loads(text).items()
    }
    # "the" is a stop word: never searched for, so never fetched.
    assert "the" not in postings and "open" in postings
    # "bill": doc 1, heading "Billing" (2 + 2 x its 1 content stem), text "Bills" once; then doc 2 (a gap of 1),
    # heading "Generating a bill" (2 + 2 x 2), not in its text.
    assert postings["bill"] == [1, 4, 1, 1, 6, 0]
    words = {entry[0]: entry for name, text in files.items() if name.startswith("v/") for entry in json.loads(text)}
    assert words["bills"] == ["bills", 1, "bill"] and words["matter"] == ["matter", 1]
    docs = [doc for number in range(len(core["docs"])) for doc in json.loads(files[f"d/{number}.json"])]
    assert docs[3] == ["billing/bill/#steps", "Steps", "Open the matter."]


def test_a_build_over_an_earlier_one_finds_its_index_folder_stale(tmp_path: Path) -> None:
    index = rewrite_index(MATERIAL, WEIGHTS, GROUPS)
    first, second = build_shards(index), build_shards({**index, "docs": index["docs"][:2]})
    for name in [*first, *second]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"{}")
    (tmp_path / "assets").mkdir()  # not an index folder
    assert stale_folders(tmp_path, second) == [(tmp_path / next(iter(files_of_folders(first))))]
    assert stale_folders(tmp_path, first) == [(tmp_path / next(iter(files_of_folders(second))))]


def files_of_folders(built: dict[str, bytes]) -> set[str]:
    return {name.split("/", 1)[0] for name in built if "/" in name}


# --- the worker -----------------------------------------------------------------------


def test_point_worker_replaces_materials_worker_and_keeps_the_relative_prefix() -> None:
    page = f"<html><body>{CONFIG}</body></html>"
    assert point_worker(page, "assets/javascripts/search-worker.js?v=abc") == page.replace(
        "assets/javascripts/workers/search.a7633da7.min.js", "assets/javascripts/search-worker.js?v=abc"
    )


def test_point_worker_fails_loudly_when_material_names_its_worker_differently() -> None:
    page = CONFIG.replace("workers/search.a7633da7.min.js", "search-worker.mjs")
    with pytest.raises(ValueError, match="Material's search worker URL is not in the page's __config any more"):
        point_worker(page, "assets/javascripts/search-worker.js")


def test_point_worker_leaves_other_files_alone() -> None:
    assert point_worker("<html><body>No theme here</body></html>", "x.js") == "<html><body>No theme here</body></html>"


# --- settings and popular articles -----------------------------------------------------

ARTICLES = [
    ("after-import/post-import-faq.md", "Post-import FAQ", "after-import/post-import-faq/"),
    ("billing/generate-a-bill.md", "Generating a bill", "billing/generate-a-bill/"),
    ("support/contact-support.md", "Contacting support", "support/contact-support/"),
    ("matters/matter-numbering.md", "Matter numbering", "matters/matter-numbering/"),
]
INBOUND = {
    "after-import/post-import-faq.md": ["a.md", "b.md"],
    "billing/generate-a-bill.md": ["a.md"],
    "support/contact-support.md": ["a.md", "b.md", "c.md"],
    "matters/matter-numbering.md": ["a.md"],
}


def test_popular_articles_are_the_most_linked_to_ties_in_nav_order() -> None:
    assert choose_popular(ARTICLES, lambda path: INBOUND[path], None) == [
        PopularArticle("Contacting support", "support/contact-support/"),
        PopularArticle("Post-import FAQ", "after-import/post-import-faq/"),
        PopularArticle("Generating a bill", "billing/generate-a-bill/"),
    ]


def test_popular_articles_from_the_setting_in_its_order() -> None:
    chosen = ["matters/matter-numbering.md", "after-import/post-import-faq.md"]
    assert choose_popular(ARTICLES, lambda path: INBOUND[path], chosen) == [
        PopularArticle("Matter numbering", "matters/matter-numbering/"),
        PopularArticle("Post-import FAQ", "after-import/post-import-faq/"),
    ]


def test_a_popular_article_that_does_not_exist_names_the_closest() -> None:
    with pytest.raises(PopularPageError) as caught:
        choose_popular(ARTICLES, lambda path: INBOUND[path], ["billing/generate-bill.md"])
    assert str(caught.value) == (
        "'billing/generate-bill.md' is not an article of the site -> write its path under docs/"
        " (did you mean 'billing/generate-a-bill.md'?)"
    )


def search_settings(raw: object) -> str:
    try:
        parse_settings({"helpcenter": {"search": raw}}, config_text="", config_name="mkdocs.yml")
    except SettingsError as error:
        return str(error)
    return ""


def test_settings_default_and_read() -> None:
    settings = parse_settings({}, config_text="", config_name="mkdocs.yml").helpcenter.search
    assert (settings.synonyms_file, settings.popular) == ("data/synonyms.yml", None)
    read = {"helpcenter": {"search": {"synonyms_file": "data/words.yml", "popular": ["a.md"]}}}
    settings = parse_settings(read, config_text="", config_name="mkdocs.yml").helpcenter.search
    assert (settings.synonyms_file, settings.popular) == ("data/words.yml", ["a.md"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"synonym_file": "data/synonyms.yml"},
            "extra.helpcenter.search.synonym_file: `synonym_file` is not a known setting; did you mean"
            " `synonyms_file`? -> remove it or correct it",
        ),
        ("data/synonyms.yml", "extra.helpcenter.search: must be a group of 'key: value' lines"),
        ({"popular": ["a.md", "b.md", "c.md", "d.md"]}, "extra.helpcenter.search.popular: has more than 3 entries"),
        ({"synonyms_file": ""}, "extra.helpcenter.search.synonyms_file: is empty -> write a value, or remove the key"),
    ],
    ids=["misspelled-key", "not-a-mapping", "too-many-popular", "empty-path"],
)
def test_bad_settings_say_what_to_do(raw: object, expected: str) -> None:
    assert search_settings(raw).startswith(f"mkdocs.yml:1:1: {expected}")


def test_a_bad_setting_stops_the_build(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extra = config["extra"]
    extra["helpcenter"]["search"] = {"popular": ["no-such-page.md"]}
    result = build_site(
        tmp_path, {"index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n"}, config={"extra": extra}
    )
    assert not result.ok
    line = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").split("\n").index("      popular:") + 1
    assert result.problems == [
        f"mkdocs.yml:{line}:7: search-setting 'no-such-page.md' is not an article of the site"
        " -> write its path under docs/"
    ]
    assert "Traceback" not in result.output


# --- the real build --------------------------------------------------------------------------


def test_every_page_runs_our_worker_under_a_url_that_changes_with_it(real_site_dir: Path) -> None:
    worker = (ROOT / "overrides" / "assets" / "javascripts" / "search-worker.js").read_bytes()
    version = hashlib.sha256(worker).hexdigest()[:12]
    assert (real_site_dir / "assets" / "javascripts" / "search-worker.js").read_bytes() == worker
    pages = [page for page in sorted(real_site_dir.rglob("*.html")) if not is_redirect(page)]
    assert len(pages) >= 10
    for page in pages:
        config = lxml.html.parse(str(page)).getroot().get_element_by_id("__config").text
        search = json.loads(config)["search"]
        assert search.endswith(f"assets/javascripts/search-worker.js?v={version}"), (page, search)


def test_the_real_index_has_no_tags_no_markup_and_the_writers_synonyms(real_site_dir: Path) -> None:
    manifest = json.loads((real_site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == []  # Material fetches it on every page: the docs come when a reader searches
    core = site_core(real_site_dir)
    synonyms = parse_synonyms((ROOT / "data" / "synonyms.yml").read_text(encoding="utf-8"), "data/synonyms.yml")
    assert core["synonyms"] == [list(group.terms) for group in synonyms]
    docs = site_docs(real_site_dir)
    assert all("<" not in doc["text"] and "<" not in doc["title"] for doc in docs)
    pages = [sum(core["pages"][:number]) for number in range(len(core["pages"]))]  # each page's own doc
    weights = {docs[i]["location"]: core["boosts"].get(str(i), 1.0) for i in pages}
    assert weights[""] == HOME_WEIGHT
    pages = [path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*.md")]
    for page in pages:
        url = "" if page == "index.md" else page.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
        if page != "index.md" and url in weights:
            assert weights[url] == (1.0 if is_article(page) else SECTION_INDEX_WEIGHT), page


def test_the_empty_state_offers_articles_and_the_facts_phone(real_site_dir: Path) -> None:
    facts = template_variables(parse_facts((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"), "facts"))
    phone = facts["support"].phone
    article = next(path for path in sorted(real_site_dir.rglob("index.html")) if "hc-help" in path.read_text("utf-8"))
    for page in ["index.html", article.relative_to(real_site_dir).as_posix(), "404.html"]:
        tree = lxml.html.parse(str(real_site_dir / page)).getroot()
        (template,) = tree.xpath('//template[@id="hc-search-help"]')
        html = lxml.html.tostring(template, encoding="unicode")
        help_tree = lxml.html.fragment_fromstring(html)
        tel = help_tree.xpath('.//a[starts-with(@href, "tel:")]')
        assert [(link.get("href"), link.text_content()) for link in tel] == [(phone.tel, phone.text)], page
        articles = help_tree.xpath(".//a[@data-hc-path]")
        assert 2 <= len(articles) <= 3, page
        for link in articles:
            assert (real_site_dir / link.get("data-hc-path") / "index.html").is_file(), link.get("data-hc-path")
        assert help_tree.xpath(".//a[@data-hc-suggestion]"), page
