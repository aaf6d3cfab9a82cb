"""The "Was this article helpful?" widget: settings, placement, build version, the support phone without
an endpoint, and the page manifest the feedback service reads."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
import yaml

from gitrepo import commit_all, init
from helpcenter.article_end.feedback import (
    REASONS,
    FeedbackSettings,
    ManifestPage,
    build_version,
    manifest_json,
    shows_widget,
    widget_for,
)
from helpcenter.settings import ENDPOINT_VARIABLE, SettingsError, parse_settings
from sitebuilder import build_site, real_config

# --- pure functions ---------------------------------------------------------


def endpoint_of(block: object, environ: dict[str, str]) -> str | None:
    return parse_settings(
        {"feedback": block}, config_text="", config_name="mkdocs.yml", environ=environ
    ).feedback.endpoint


@pytest.mark.parametrize(
    ("block", "environ", "endpoint"),
    [
        (None, {}, None),
        ({}, {}, None),
        ({"endpoint": None}, {}, None),
        ({"endpoint": "https://feedback.example.com"}, {}, "https://feedback.example.com"),
        ({"endpoint": "https://feedback.example.com/help/"}, {}, "https://feedback.example.com/help"),
        ({"endpoint": "/feedback"}, {}, "/feedback"),
        # The environment wins over mkdocs.yml (make serve points the preview at the local service).
        (
            {"endpoint": "https://feedback.example.com"},
            {ENDPOINT_VARIABLE: "http://127.0.0.1:8001"},
            "http://127.0.0.1:8001",
        ),
        (None, {ENDPOINT_VARIABLE: "http://127.0.0.1:8001/"}, "http://127.0.0.1:8001"),
        ({"endpoint": "/feedback"}, {ENDPOINT_VARIABLE: "  "}, "/feedback"),  # blank: not set
    ],
)
def test_the_endpoint_setting(block: object, environ: dict[str, str], endpoint: str | None) -> None:
    assert endpoint_of(block, environ) == endpoint


CONFIG = """site_name: Help Center
extra:
  helpcenter:
    facts_file: data/facts.yml
  feedback:
    endpoint: {endpoint}
"""
EXAMPLES = "e.g. https://feedback.example.com or /feedback on the site's own host"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "ftp://x/y",
            f"mkdocs.yml:6:5: extra.feedback.endpoint: 'ftp://x/y' is not an http(s) address or a path starting"
            f" with '/' -> {EXAMPLES}",
        ),
        (
            "api/feedback",
            f"mkdocs.yml:6:5: extra.feedback.endpoint: 'api/feedback' is not an http(s) address or a path starting"
            f" with '/' -> {EXAMPLES}",
        ),
        (
            "https://feedback.example.com/?key=1",
            "mkdocs.yml:6:5: extra.feedback.endpoint: 'https://feedback.example.com/?key=1' has a query or fragment"
            f" -> give the service's base address, {EXAMPLES}",
        ),
        (
            "42",
            'mkdocs.yml:6:5: extra.feedback.endpoint: must be text, but 42 is a number -> put it in quotes: "42"',
        ),
    ],
)
def test_a_bad_endpoint_is_located(written: str, message: str) -> None:
    text = CONFIG.format(endpoint=written)
    with pytest.raises(SettingsError) as raised:
        parse_settings(yaml.safe_load(text)["extra"], config_text=text, config_name="mkdocs.yml")
    assert str(raised.value) == message


def test_a_bad_endpoint_in_the_environment_names_the_variable() -> None:
    with pytest.raises(SettingsError) as raised:
        endpoint_of({"endpoint": "/ok"}, {ENDPOINT_VARIABLE: "localhost:8001"})
    assert str(raised.value) == (
        "HELPCENTER_FEEDBACK_ENDPOINT (environment variable): 'localhost:8001' is not an http(s) address or a path"
        f" starting with '/' -> {EXAMPLES}"
    )


@pytest.mark.parametrize(
    ("src_path", "is_homepage", "hidden", "shown"),
    [
        ("guides/first-article.md", False, [], True),
        ("index.md", True, [], False),
        ("guides/index.md", False, [], False),
        ("guides/README.md", False, [], False),
        ("guides/first-article.md", False, ["toc", "feedback"], False),
        ("guides/indexing.md", False, [], True),
    ],
)
def test_shows_widget_on_articles_only(src_path: str, is_homepage: bool, hidden: list[str], shown: bool) -> None:
    assert shows_widget(src_path, is_homepage=is_homepage, hidden=hidden) is shown


def test_widget_carries_the_endpoint() -> None:
    page = {"src_path": "a/b.md", "url": "https://h/a/b/", "title": "B", "is_homepage": False}
    assert widget_for(FeedbackSettings(None, "v1"), **page) == widget_for(FeedbackSettings(None, "v1"), **page)
    without = widget_for(FeedbackSettings(None, "v1"), **page)
    with_endpoint = widget_for(FeedbackSettings("/api", "v1"), **page)
    assert without is not None and without.endpoint is None
    assert with_endpoint is not None and with_endpoint.endpoint == "/api" and with_endpoint.version == "v1"


def test_manifest_round_trip(tmp_path: Path) -> None:
    pages = [ManifestPage("b/", 'B "quoted" é', "b.md"), ManifestPage("a/", "A", "a.md")]
    (tmp_path / "m.json").write_text(manifest_json("https://h/", pages), encoding="utf-8")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert [ManifestPage(**item) for item in data["pages"]] == sorted(pages)


def test_build_version_is_the_commit(tmp_path: Path) -> None:
    init(tmp_path)
    (tmp_path / "f").write_text("x")
    commit = commit_all(tmp_path, "c", "2025-01-02T10:00:00+00:00")[:12]
    assert build_version(tmp_path, {"SOURCE_DATE_EPOCH": "1"}) == commit
    # Same commit, same version: nothing depends on the time of the build.
    assert build_version(tmp_path, {}) == commit


def test_build_version_outside_git(tmp_path: Path) -> None:
    assert build_version(tmp_path, {"SOURCE_DATE_EPOCH": "1767225600"}) == "epoch-1767225600"
    assert build_version(tmp_path, {"SOURCE_DATE_EPOCH": "soon"}) == ""
    assert build_version(tmp_path, {}) == ""


# --- fixture sites ------------------------------------------------------------


def page(title: str, *, body: str = "Text.", extra: str = "") -> str:
    """A page with the front matter every article needs."""
    return f"---\ntitle: {title}\ndescription: A test page.\nreviewed: 2026-01-01\n{extra}---\n\n{body}\n"


PAGES = {
    "index.md": page("Home"),
    "guides/index.md": page("Guides", body="[Bill](bill.md)"),
    "guides/bill.md": page("Bill “quoted” & co"),
    "guides/quiet.md": page("Quiet", extra="hide:\n  - feedback\n"),
}


def widget(site_dir: Path, page: str) -> lxml.html.HtmlElement | None:
    found = lxml.html.parse(str(site_dir / page)).getroot().xpath("//*[@data-hc-feedback]")
    return found[0] if found else None


def test_without_endpoint_articles_offer_the_support_phone_and_no_vote(tmp_path: Path) -> None:
    no_endpoint = {"extra": {**real_config()["extra"], "feedback": {}}}
    result = build_site(tmp_path, PAGES, config=no_endpoint, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.ok, result.output
    for page in ("index.html", "guides/index.html", "guides/quiet/index.html", "404.html", "guides/bill/index.html"):
        assert widget(result.site_dir, page) is None, f"feedback widget on {page}"
    root = lxml.html.parse(str(result.site_dir / "guides/bill/index.html")).getroot()
    (help_block,) = root.xpath('//section[contains(@class, "hc-help")]')
    assert not help_block.xpath(".//button") and not help_block.xpath(".//form"), "no vote without a service"
    # "Still need help?" gives the phone once; the widget adds nothing to pretend with.
    assert help_block.xpath(".//a/@href") == ["tel:+1-800-555-2546;ext=2"]
    assert not root.xpath('//meta[@name="helpcenter:feedback-endpoint"]')
    assert "github" not in lxml.html.tostring(help_block, encoding="unicode")


def test_widget_with_endpoint(tmp_path: Path) -> None:
    config = {
        "extra": {"helpcenter": {"facts_file": "data/facts.yml"}, "feedback": {"endpoint": "https://fb.example.com/"}}
    }
    result = build_site(tmp_path, PAGES, config=config, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.ok, result.output
    found = widget(result.site_dir, "guides/bill/index.html")
    assert found is not None
    assert found.get("data-title") == "Bill “quoted” & co"
    assert found.get("data-url") == "https://help.example.com/guides/bill/"
    assert found.get("data-version") == "epoch-1767225600"
    labels = [" ".join(label.text_content().split()) for label in found.xpath(".//fieldset/label")]
    assert labels == [reason.label for reason in REASONS]
    assert [radio.get("value") for radio in found.xpath(".//input[@type='radio']")] == [r.value for r in REASONS]
    assert not found.xpath('.//a[starts-with(@href, "tel:")]')  # the phone is in 'Still need help?' only
    for page in ("index.html", "guides/bill/index.html", "404.html"):
        root = lxml.html.parse(str(result.site_dir / page)).getroot()
        # Every page: the search box reports failed searches to the same service.
        assert root.xpath('//meta[@name="helpcenter:feedback-endpoint"]/@content') == ["https://fb.example.com"], page


def test_the_environment_overrides_the_endpoint_and_the_policy_follows(tmp_path: Path) -> None:
    config = {
        "extra": {"helpcenter": {"facts_file": "data/facts.yml"}, "feedback": {"endpoint": "https://fb.example.com"}}
    }
    result = build_site(tmp_path, PAGES, config=config, env={"HELPCENTER_FEEDBACK_ENDPOINT": "http://127.0.0.1:8001"})
    assert result.ok, result.output
    root = lxml.html.parse(str(result.site_dir / "guides/bill/index.html")).getroot()
    assert root.xpath('//meta[@name="helpcenter:feedback-endpoint"]/@content') == ["http://127.0.0.1:8001"]
    (policy,) = root.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert "connect-src 'self' http://127.0.0.1:8001;" in policy


def test_an_endpoint_with_markup_is_refused_at_its_line(tmp_path: Path) -> None:
    endpoint = 'https://fb.example.com/a"><script>alert(1)</script>'
    config = {"extra": {"helpcenter": {"facts_file": "data/facts.yml"}, "feedback": {"endpoint": endpoint}}}
    result = build_site(tmp_path, PAGES, config=config)
    assert not result.ok
    line = next(
        number for number, text in enumerate((tmp_path / "mkdocs.yml").read_text().splitlines(), 1) if "fb." in text
    )
    assert result.problems == [
        f"mkdocs.yml:{line}:15: markup-in-setting 'extra.feedback.endpoint' contains <, which the theme would print"
        " as part of the page's HTML -> write it in words ('less than', 'before')"
    ]


def test_the_build_writes_the_page_manifest(tmp_path: Path) -> None:
    result = build_site(tmp_path, PAGES)
    assert result.ok, result.output
    expected = {
        "format": 1,
        "site_url": "https://help.example.com/",
        "pages": [{"url": "guides/bill/", "title": "Bill “quoted” & co", "src": "guides/bill.md"}],
        # The widget's words: the service's report shows them (feedback_service.pages.reason_labels).
        "reasons": [{"value": reason.value, "label": reason.label} for reason in REASONS],
    }
    assert json.loads((result.site_dir / "feedback-pages.json").read_text(encoding="utf-8")) == expected
    assert json.loads((tmp_path / ".cache/feedback/pages.json").read_text(encoding="utf-8")) == expected


def test_bad_endpoint_stops_the_build_at_its_line(tmp_path: Path) -> None:
    config = {"extra": {"helpcenter": {"facts_file": "data/facts.yml"}, "feedback": {"endpoint": "mailto:x@y"}}}
    result = build_site(tmp_path, PAGES, config=config)
    assert not result.ok
    line = next(
        number
        for number, text in enumerate((tmp_path / "mkdocs.yml").read_text().splitlines(), 1)
        if "mailto:x@y" in text
    )
    assert (
        f"ERROR   -  mkdocs.yml:{line}:5: extra.feedback.endpoint: 'mailto:x@y' is not an http(s) address or a path"
        f" starting with '/' -> {EXAMPLES}" in result.output
    )
    assert "Traceback" not in result.output


def test_bad_endpoint_in_the_environment_stops_the_build(tmp_path: Path) -> None:
    result = build_site(tmp_path, PAGES, env={"HELPCENTER_FEEDBACK_ENDPOINT": "feedback.example.com"})
    assert not result.ok
    assert (
        "ERROR   -  HELPCENTER_FEEDBACK_ENDPOINT (environment variable): 'feedback.example.com' is not an http(s)"
        f" address or a path starting with '/' -> {EXAMPLES}" in result.output
    )
    assert "Traceback" not in result.output
