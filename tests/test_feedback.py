"""The "Was this article helpful?" widget: settings, placement, build version and fallback link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from gitrepo import commit_all, init
from helpcenter.feedback import (
    REASONS,
    FeedbackConfigError,
    FeedbackSettings,
    build_version,
    feedback_settings,
    new_issue_url,
    report_url,
    shows_widget,
    widget_for,
)
from sitebuilder import build_site

# --- pure functions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_url", "expected"),
    [
        ("https://github.com/example/help-center", "https://github.com/example/help-center/issues/new"),
        ("https://github.com/example/help-center/", "https://github.com/example/help-center/issues/new"),
        ("https://github.com/example/help-center.git", "https://github.com/example/help-center/issues/new"),
        ("https://gitlab.com/group/sub/docs", "https://gitlab.com/group/sub/docs/-/issues/new"),
        ("https://github.com/example", None),
        ("https://git.example.com/example/help-center", None),
        (None, None),
        ("", None),
    ],
)
def test_new_issue_url(repo_url: str | None, expected: str | None) -> None:
    assert new_issue_url(repo_url) == expected


def test_report_url_carries_title_and_page_url() -> None:
    link = report_url("https://github.com/o/r/issues/new", "Generating a bill", "https://help.example.com/billing/x/")
    query = parse_qs(urlsplit(link).query)
    assert query["title"] == ["Feedback: Generating a bill"]
    assert query["body"][0].startswith("Page: https://help.example.com/billing/x/\n")


def test_report_url_uses_gitlab_field_names() -> None:
    query = parse_qs(urlsplit(report_url("https://gitlab.com/g/r/-/issues/new", "T", "https://h/p/")).query)
    assert query["issue[title]"] == ["Feedback: T"]
    assert "issue[body]" in query


def test_feedback_settings_fall_back_to_the_repository() -> None:
    settings = feedback_settings(None, "https://github.com/o/r", "abc1234")
    assert settings == FeedbackSettings(None, "https://github.com/o/r/issues/new", "abc1234")
    assert feedback_settings("/api/feedback", None, "").endpoint == "/api/feedback"


def test_feedback_with_nowhere_to_go_is_refused() -> None:
    with pytest.raises(FeedbackConfigError) as raised:
        feedback_settings(None, "https://git.example.com/o/r", "")
    assert str(raised.value) == (
        "readers' feedback has nowhere to go: extra.feedback.endpoint is not set and repo_url is not a GitHub"
        " or GitLab repository -> set extra.feedback.endpoint in mkdocs.yml"
    )


@pytest.mark.parametrize(
    ("src_path", "is_homepage", "hidden", "shown"),
    [
        ("billing/generate-a-bill.md", False, [], True),
        ("index.md", True, [], False),
        ("billing/index.md", False, [], False),
        ("billing/README.md", False, [], False),
        ("billing/generate-a-bill.md", False, ["toc", "feedback"], False),
        ("billing/indexing.md", False, [], True),
    ],
)
def test_shows_widget_on_articles_only(src_path: str, is_homepage: bool, hidden: list[str], shown: bool) -> None:
    assert shows_widget(src_path, is_homepage=is_homepage, hidden=hidden) is shown


def test_widget_offers_report_link_only_without_endpoint() -> None:
    page = {"src_path": "a/b.md", "url": "https://h/a/b/", "title": "B", "is_homepage": False}
    without = widget_for(FeedbackSettings(None, "https://github.com/o/r/issues/new", "v1"), **page)
    with_endpoint = widget_for(FeedbackSettings("/api", "https://github.com/o/r/issues/new", "v1"), **page)
    assert without is not None and without.report_url is not None and without.endpoint is None
    assert with_endpoint is not None and with_endpoint.report_url is None and with_endpoint.endpoint == "/api"


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
    "billing/index.md": page("Billing", body="[Bill](bill.md)"),
    "billing/bill.md": page("Bill “quoted” & co"),
    "billing/quiet.md": page("Quiet", extra="hide:\n  - feedback\n"),
}


def widget(site_dir: Path, page: str) -> lxml.html.HtmlElement | None:
    found = lxml.html.parse(str(site_dir / page)).getroot().xpath("//*[@data-hc-feedback]")
    return found[0] if found else None


def test_widget_on_articles_with_fallback_link(tmp_path: Path) -> None:
    result = build_site(tmp_path, PAGES, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.ok, result.output
    for page in ("index.html", "billing/index.html", "billing/quiet/index.html", "404.html"):
        assert widget(result.site_dir, page) is None, f"feedback widget on {page}"
    found = widget(result.site_dir, "billing/bill/index.html")
    assert found is not None
    assert found.get("data-title") == "Bill “quoted” & co"
    assert found.get("data-url") == "https://help.example.com/billing/bill/"
    assert found.get("data-version") == "epoch-1767225600"
    assert found.get("data-endpoint") is None
    labels = [" ".join(label.text_content().split()) for label in found.xpath(".//fieldset/label")]
    assert labels == [reason.label for reason in REASONS]
    (link,) = found.xpath(".//a[@data-hc-report]")
    query = parse_qs(urlsplit(link.get("href")).query)
    assert query["title"] == ["Feedback: Bill “quoted” & co"]
    assert "Page: https://help.example.com/billing/bill/" in query["body"][0]


def test_widget_posts_to_configured_endpoint(tmp_path: Path) -> None:
    config = {"extra": {"helpcenter": {"facts_file": "data/facts.yml"}, "feedback": {"endpoint": "/api/feedback"}}}
    result = build_site(tmp_path, PAGES, config=config)
    assert result.ok, result.output
    found = widget(result.site_dir, "billing/bill/index.html")
    assert found is not None
    assert found.get("data-endpoint") == "/api/feedback"
    assert not found.xpath(".//a[@data-hc-report]")


def test_bad_endpoint_stops_the_build(tmp_path: Path) -> None:
    config = {"extra": {"helpcenter": {"facts_file": "data/facts.yml"}, "feedback": {"endpoint": "mailto:x@y"}}}
    result = build_site(tmp_path, PAGES, config=config)
    assert not result.ok
    line = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").split("\n").index("  feedback:") + 2
    assert (
        f"mkdocs.yml:{line}:5: extra.feedback.endpoint: 'mailto:x@y' is not an http(s) address or a path"
        " starting with '/' -> e.g. https://feedback.example.com or /feedback" in result.output
    )
    assert "Traceback" not in result.output
