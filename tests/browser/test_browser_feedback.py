"""'Was this article helpful?': the reader's answer reaches the endpoint, or the prefilled report link."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from conftest import FEEDBACK_ENDPOINT, Browse, on_requests
from helpcenter.feedback import REASONS

pytestmark = pytest.mark.browser

ARTICLE = "billing/generate-a-bill/"
TITLE = "Generating a bill"
CANONICAL = "https://help.example.com/" + ARTICLE  # the real site: site_url in mkdocs.yml + the page
# The labels readers see, in order (their wording lives in helpcenter/feedback.py).
CONFUSING, NOT_WHAT_I_NEEDED, DISLIKE = (reason.label for reason in REASONS)


def widget(page: Page):
    return page.locator("[data-hc-feedback]")


def answer_no(page: Page, reason: str, comment: str) -> None:
    box = widget(page)
    box.get_by_role("button", name="No").click()
    box.get_by_role("radio", name=reason).check()
    box.get_by_role("textbox", name="Tell us more (optional)").fill(comment)
    box.get_by_role("button", name="Send feedback").click()


def is_feedback_post(request: Request) -> bool:
    return request.method == "POST" and urlsplit(request.url).path == FEEDBACK_ENDPOINT


def test_no_reason_comment_is_posted_to_the_endpoint(browse: Browse, variant_url: str) -> None:
    page, _ = browse()
    posted: list[Request] = []
    on_requests(page, f"**{FEEDBACK_ENDPOINT}", posted)
    page.goto(variant_url + ARTICLE)
    version = widget(page).get_attribute("data-version")
    assert version and re.fullmatch(r"epoch-\d+", version)  # the variant is built outside git
    with page.expect_request(is_feedback_post) as sent:
        answer_no(page, NOT_WHAT_I_NEEDED, "  I need the steps for trust accounts.  ")
    expect(widget(page).get_by_role("status")).to_have_text("Thank you. Your feedback helps us improve this article.")
    expect(widget(page).get_by_role("button", name="No")).to_be_hidden()
    request = sent.value
    assert posted == [request]
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.post_data or "") == {
        "url": variant_url + ARTICLE,  # the variant is built for its own address
        "title": TITLE,
        "vote": "no",
        "reason": "not-what-i-was-looking-for",
        "comment": "I need the steps for trust accounts.",
        "version": version,
    }
    # With an endpoint there is no report link.
    expect(widget(page).get_by_role("link", name="Report a problem with this article")).to_have_count(0)


def test_yes_is_posted_once_and_remembered(browse: Browse, variant_url: str) -> None:
    page, _ = browse()
    posted: list[Request] = []
    on_requests(page, f"**{FEEDBACK_ENDPOINT}", posted)
    page.goto(variant_url + ARTICLE)
    with page.expect_request(is_feedback_post):
        widget(page).get_by_role("button", name="Yes").click()
    expect(widget(page).get_by_role("status")).to_have_text("Thank you for your feedback.")
    assert [json.loads(request.post_data or "")["vote"] for request in posted] == ["yes"]
    page.reload()
    expect(widget(page).get_by_role("status")).to_have_text(
        "Thank you, you already told us whether this article helped."
    )
    expect(widget(page).get_by_role("button", name="Yes")).to_be_hidden()
    page.wait_for_load_state("networkidle")
    assert len(posted) == 1, "a remembered vote is not sent again"
    # The memory is per page: another article still asks.
    page.goto(variant_url + "billing/create-bank-accounts/")
    expect(widget(page).get_by_role("button", name="Yes")).to_be_visible()


def test_keyboard_only(browse: Browse, variant_url: str) -> None:
    page, _ = browse()
    posted: list[Request] = []
    on_requests(page, f"**{FEEDBACK_ENDPOINT}", posted)
    page.goto(variant_url + ARTICLE)
    widget(page).get_by_role("button", name="Yes").focus()
    page.keyboard.press("Tab")
    expect(widget(page).get_by_role("button", name="No")).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget(page).get_by_role("button", name="No")).to_have_attribute("aria-expanded", "true")
    first_reason = widget(page).get_by_role("radio", name=CONFUSING)
    expect(first_reason).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    page.keyboard.press("ArrowDown")
    expect(widget(page).get_by_role("radio", name=DISLIKE)).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Hard to find")
    page.keyboard.press("Tab")
    expect(widget(page).get_by_role("button", name="Send feedback")).to_be_focused()
    with page.expect_request(is_feedback_post) as sent:
        page.keyboard.press("Enter")
    status = widget(page).get_by_role("status")
    expect(status).to_have_text("Thank you. Your feedback helps us improve this article.")
    # The controls are gone; focus stays in the widget, on the polite live region.
    expect(status).to_be_focused()
    assert status.get_attribute("role") == "status"  # implies aria-live="polite"
    body = json.loads(sent.value.post_data or "")
    assert (body["vote"], body["reason"], body["comment"]) == ("no", "dislike-functionality", "Hard to find")


def test_offline_never_errors(browse: Browse, variant_url: str) -> None:
    page, guard = browse()
    page.goto(variant_url + ARTICLE)
    page.context.set_offline(True)
    # Chromium itself reports the request that could not go out; nothing else may go wrong.
    guard.allow_console(r"Failed to load resource: net::ERR_INTERNET_DISCONNECTED")
    answer_no(page, CONFUSING, "")
    expect(widget(page).get_by_role("status")).to_have_text("Thank you. Your feedback helps us improve this article.")
    page.wait_for_timeout(500)  # let the failed request settle; an unhandled rejection would show up now
    assert guard.page_errors == []


def test_without_endpoint_the_report_link_carries_the_page(browse: Browse, site_url: str) -> None:
    page, guard = browse()
    page.goto(site_url + ARTICLE)
    assert widget(page).get_attribute("data-endpoint") is None
    link = widget(page).get_by_role("link", name="Report a problem with this article")
    expect(link).to_be_visible()
    query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
    assert query["title"] == [f"Feedback: {TITLE}"]
    assert f"Page: {CANONICAL}" in query["body"][0]
    answer_no(page, CONFUSING, "Step 3 is unclear")
    expect(widget(page).get_by_role("status")).to_have_text("Thank you. Your feedback helps us improve this article.")
    href = urlsplit(link.get_attribute("href") or "")
    assert href.netloc == "github.com" and href.path == "/example/help-center/issues/new"
    body = parse_qs(href.query)["body"][0]
    assert f"Page: {CANONICAL}" in body
    assert f"Reason: {CONFUSING}" in body
    assert "Comment: Step 3 is unclear" in body
    # Nothing was sent anywhere: no endpoint, and the link waits for the reader.
    assert not [url for url in guard.requests if urlsplit(url).path == FEEDBACK_ENDPOINT or "github" in url]


def test_works_after_instant_navigation(browse: Browse, variant_url: str) -> None:
    page, _ = browse()
    posted: list[Request] = []
    on_requests(page, f"**{FEEDBACK_ENDPOINT}", posted)
    page.goto(variant_url + "billing/")
    page.evaluate("window.__same_document = true")
    page.locator("article").get_by_role("link", name="Generating a bill").click()
    expect(page).to_have_url(variant_url + ARTICLE)
    assert page.evaluate("window.__same_document") is True, "expected Material's instant navigation, got a reload"
    with page.expect_request(is_feedback_post):
        widget(page).get_by_role("button", name="Yes").click()
    expect(widget(page).get_by_role("status")).to_have_text("Thank you for your feedback.")
    assert json.loads(posted[0].post_data or "")["url"] == variant_url + ARTICLE


@pytest.mark.parametrize("path", ["", "billing/", "404.html"])
def test_no_widget_off_articles(browse: Browse, site_url: str, path: str) -> None:
    page, _ = browse()
    page.goto(site_url + path)
    expect(page.locator("[data-hc-feedback]")).to_have_count(0)
