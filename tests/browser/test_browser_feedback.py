"""'Was this article helpful?' in Chromium, against the real feedback service (uvicorn, SQLite).

The reader is thanked only after the service stored the answer; with the
service down the widget says so, keeps the comment and sends it later; the
answer shows up in the database and in `make feedback-report`; the button the
reader chose stays pressed. The articles are whichever the variant's build
lists in its page manifest: no test names today's content.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Locator, Page, Request, expect
from test_browser_accessibility import violations

from conftest import Browse, Variant
from feedback_kit import rows
from feedback_server import FeedbackServer
from helpcenter.article_end.feedback import REASONS
from sitebuilder import ROOT, real_fact_views

# The variants build the real content with the real facts: what readers are offered comes from them.
SUPPORT = real_fact_views()["support"]

pytestmark = pytest.mark.browser

THANKS_NO = "Thank you. Your feedback helps us improve this article."
FAILED = (
    "Your answer could not be sent: our feedback service cannot be reached right now. "
    "We kept it and will send it the next time you open a page of this help center. "
    "To talk to someone now, call the number above."
)
LETTERS = str.maketrans("0123456789", "ghijklmnop")
REFUSED_CONNECTION = r"Failed to load resource: net::ERR_CONNECTION_REFUSED"


@dataclass(frozen=True)
class Article:
    url: str  # relative to the site, as in the manifest
    title: str
    src: str  # the page key the widget remembers answers by
    section: str  # the section index page that links to it


@dataclass(frozen=True)
class Articles:
    first: Article
    other: Article


@pytest.fixture(scope="session")
def articles(variant_site: Variant) -> Articles:
    """Two articles with the widget, each linked from its section's index page (from the build's manifest)."""
    manifest = json.loads((variant_site.site_dir / "feedback-pages.json").read_text(encoding="utf-8"))
    found = []
    for entry in manifest["pages"]:
        section = entry["url"].rstrip("/").rpartition("/")[0]
        section = section + "/" if section else ""
        index = lxml.html.parse(str(variant_site.site_dir / section / "index.html")).getroot()
        links = {link.rstrip("/").rsplit("/", 1)[-1] for link in index.xpath("//article//a/@href")}
        if entry["url"].rstrip("/").rsplit("/", 1)[-1] in links:
            found.append(Article(entry["url"], entry["title"], entry["src"], section))
    assert len(found) >= 2, f"the variant has too few articles linked from their sections: {found}"
    return Articles(found[0], found[1])


def widget(page: Page) -> Locator:
    return page.locator("[data-hc-feedback]")


def filled(button: Locator) -> str:
    return str(button.evaluate("element => getComputedStyle(element).backgroundColor"))


def answer_no(page: Page, reason: str, comment: str) -> None:
    box = widget(page)
    box.get_by_role("button", name="No").click()
    box.get_by_role("radio", name=reason).check()
    box.get_by_role("textbox", name="Tell us more (optional)").fill(comment)
    box.get_by_role("button", name="Send feedback").click()


def is_vote(request: Request) -> bool:
    return request.method == "POST" and request.url.endswith("/api/votes")


def database(service: FeedbackServer) -> str:
    return service.env["HELPCENTER_FEEDBACK_DB"]


def stored(service: FeedbackServer, comment: str) -> list[dict]:
    return [row for row in rows(database(service), "votes") if row["comment"] == comment]


def unique(text: str) -> str:
    # Letters only: the service masks runs of seven digits, which a hexadecimal tag can be.
    return f"{text} [{uuid.uuid4().hex[:8].translate(LETTERS)}]"


def test_no_with_reason_and_comment_reaches_the_database_and_the_report(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer, articles: Articles, tmp_path: Path
) -> None:
    article = articles.first
    page, _ = browse()
    page.goto(variant_url + article.url)
    version = widget(page).get_attribute("data-version")
    assert version and re.fullmatch(r"epoch-\d+", version)  # the variant is built outside git
    comment = unique("I need the steps for trust accounts.")
    with page.expect_response(lambda response: is_vote(response.request)) as answered:
        answer_no(page, REASONS[1].label, f"  {comment}  ")
    assert answered.value.status == 201
    expect(widget(page).get_by_role("status")).to_have_text(THANKS_NO)
    # The reader's choice stays on screen, pressed, and cannot be sent twice.
    expect(widget(page).get_by_role("button", name="No")).to_have_attribute("aria-pressed", "true")
    expect(widget(page).get_by_role("button", name="No")).to_be_disabled()
    expect(widget(page).get_by_role("link", name=SUPPORT.phone.text)).to_be_hidden()
    assert json.loads(answered.value.request.post_data or "") == {
        "url": variant_url + article.url,  # the variant is built for its own address
        "title": article.title,
        "vote": "no",
        "reason": "not-what-i-was-looking-for",
        "comment": comment,
        "version": version,
    }
    (row,) = stored(feedback_service, comment)
    assert (row["page"], row["title"], row["vote"], row["reason"], row["version"]) == (
        article.url,
        article.title,
        "no",
        "not-what-i-was-looking-for",
        version,
    )
    # What a writer runs next.
    report = subprocess.run(
        ["make", "--no-print-directory", "-s", "feedback-report", f"FEEDBACK_REPORT_DIR={tmp_path / 'report'}"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "HELPCENTER_FEEDBACK_DB": database(feedback_service),
            "HELPCENTER_FEEDBACK_PAGES": feedback_service.env["HELPCENTER_FEEDBACK_PAGES"],  # the build's labels
        },
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    title = re.escape(f"{article.title} ({article.url})")
    assert re.search(rf"^\s+\d+%\s+\d+\s+\d+\s+{title}$", report.stdout, re.MULTILINE), report.stdout
    chosen = re.escape(f'no ({REASONS[1].label}): "{comment}"')  # the words the reader chose
    assert re.search(rf"^ +\S+ \S+ {chosen}$", report.stdout, re.MULTILINE), report.stdout
    assert comment in (tmp_path / "report" / "comments.csv").read_text(encoding="utf-8-sig")


def test_the_chosen_button_stays_pressed(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer, articles: Articles
) -> None:
    page, _ = browse()
    page.goto(variant_url + articles.first.url)
    yes, no = widget(page).get_by_role("button", name="Yes"), widget(page).get_by_role("button", name="No")
    expect(yes).to_have_attribute("aria-pressed", "false")
    expect(no).to_have_attribute("aria-pressed", "false")
    plain = filled(no)
    no.click()
    page.mouse.move(0, 0)  # no hover: what shows is the pressed state itself
    expect(no).to_have_attribute("aria-pressed", "true")
    expect(yes).to_have_attribute("aria-pressed", "false")
    assert filled(no) != plain and filled(yes) == plain, "the pressed button must look pressed"
    expect(widget(page).get_by_role("button", name="Send feedback")).to_be_visible()
    # Changing one's mind: "Yes" instead; the form goes, "Yes" is pressed, and both are locked once sent.
    with page.expect_request(is_vote):
        yes.click()
    page.mouse.move(0, 0)
    expect(widget(page).get_by_role("status")).to_have_text("Thank you for your feedback.")
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(no).to_have_attribute("aria-pressed", "false")
    expect(yes).to_be_disabled()
    expect(no).to_be_disabled()
    expect(widget(page).get_by_role("button", name="Send feedback")).to_be_hidden()
    assert filled(yes) != plain and filled(no) == plain
    assert violations(page) == []  # the pressed and disabled states pass the accessibility checks
    # A later visit shows the answer given, pressed.
    page.reload()
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(yes).to_be_disabled()


def test_yes_is_sent_once_and_remembered(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer, articles: Articles
) -> None:
    page, _ = browse()
    posted: list[Request] = []
    page.on("request", lambda request: posted.append(request) if is_vote(request) else None)
    page.goto(variant_url + articles.first.url)
    with page.expect_response(lambda response: is_vote(response.request)) as answered:
        widget(page).get_by_role("button", name="Yes").click()
    assert answered.value.status in (200, 201)  # 200: another test's identical "yes" moments ago
    expect(widget(page).get_by_role("status")).to_have_text("Thank you for your feedback.")
    page.reload()
    expect(widget(page).get_by_role("status")).to_have_text(
        "Thank you, you already told us whether this article helped."
    )
    expect(widget(page).get_by_role("button", name="Yes")).to_be_disabled()
    page.wait_for_load_state("networkidle")
    assert len(posted) == 1, "a remembered vote is not sent again"
    # The memory is per page: another article still asks.
    page.goto(variant_url + articles.other.url)
    expect(widget(page).get_by_role("button", name="Yes")).to_be_enabled()
    expect(widget(page).get_by_role("button", name="Yes")).to_have_attribute("aria-pressed", "false")


def test_keyboard_only(browse: Browse, variant_url: str, feedback_service: FeedbackServer, articles: Articles) -> None:
    page, _ = browse()
    page.goto(variant_url + articles.first.url)
    widget(page).get_by_role("button", name="Yes").focus()
    page.keyboard.press("Tab")
    expect(widget(page).get_by_role("button", name="No")).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget(page).get_by_role("button", name="No")).to_have_attribute("aria-expanded", "true")
    first_reason = widget(page).get_by_role("radio", name=REASONS[0].label)
    expect(first_reason).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    page.keyboard.press("ArrowDown")
    expect(widget(page).get_by_role("radio", name=REASONS[2].label)).to_be_checked()
    page.keyboard.press("Tab")
    comment = unique("Hard to find")
    page.keyboard.type(comment)
    page.keyboard.press("Tab")
    expect(widget(page).get_by_role("button", name="Send feedback")).to_be_focused()
    with page.expect_request(is_vote) as sent:
        page.keyboard.press("Enter")
    status = widget(page).get_by_role("status")
    expect(status).to_have_text(THANKS_NO)
    # The form is gone and the buttons are locked; focus stays in the widget, on the polite live region.
    expect(status).to_be_focused()
    assert status.get_attribute("role") == "status"  # implies aria-live="polite"
    body = json.loads(sent.value.post_data or "")
    assert (body["vote"], body["reason"], body["comment"]) == ("no", "dislike-functionality", comment)
    assert [row["reason"] for row in stored(feedback_service, comment)] == ["dislike-functionality"]


def test_service_down_keeps_the_answer_and_sends_it_when_back(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer, articles: Articles
) -> None:
    first, other = articles.first, articles.other
    page, guard = browse()
    guard.allow_console(REFUSED_CONNECTION)  # Chromium reports the request the stopped service refused
    comment = unique("Step 3 does not match my screen")
    feedback_service.stop()
    try:
        page.goto(variant_url + first.url)
        answer_no(page, REASONS[0].label, comment)
        box = widget(page)
        expect(box.get_by_role("status")).to_have_text(FAILED)
        # No thanks for an answer that did not arrive; what the reader wrote is still there; a person is a call away.
        expect(box.get_by_role("textbox", name="Tell us more (optional)")).to_have_value(comment)
        expect(box.get_by_role("radio", name=REASONS[0].label)).to_be_checked()
        # The number "above" is the one "Still need help?" gives, right over the widget.
        phone = page.locator(".hc-help__phone").get_by_role("link", name=SUPPORT.phone.text)
        expect(phone).to_be_visible()
        assert phone.get_attribute("href") == SUPPORT.phone.tel
        assert page.locator('[data-hc-feedback] a[href^="tel:"]').count() == 0
        assert violations(page) == []  # the failure state is as accessible as the rest
        # A "yes" on another article fails too, and waits in the same queue.
        page.goto(variant_url + other.url)
        widget(page).get_by_role("button", name="Yes").click()
        expect(widget(page).get_by_role("status")).to_have_text(FAILED)
        queue = json.loads(page.evaluate("localStorage.getItem('hc-feedback:queue')"))
        assert [(item["page"], item["body"]["vote"]) for item in queue] == [(first.src, "no"), (other.src, "yes")]
        # Reloading while the service is still down: the comment comes back into the form.
        page.goto(variant_url + first.url)
        expect(widget(page).get_by_role("status")).to_have_text(FAILED)
        expect(widget(page).get_by_role("textbox", name="Tell us more (optional)")).to_have_value(comment)
        assert stored(feedback_service, comment) == []
    finally:
        feedback_service.start()
    # The next page load sends both queued answers: this page's, and the other article's.
    with page.expect_response(lambda response: is_vote(response.request) and response.status == 201):
        page.reload()
    expect(widget(page).get_by_role("status")).to_have_text(THANKS_NO)
    page.wait_for_function("localStorage.getItem('hc-feedback:queue') === '[]'")
    assert [(row["page"], row["reason"]) for row in stored(feedback_service, comment)] == [
        (first.url, "confusing-or-wrong")
    ]
    page.goto(variant_url + other.url)
    expect(widget(page).get_by_role("status")).to_have_text(
        "Thank you, you already told us whether this article helped."
    )


def test_an_answer_the_service_refuses_leaves_the_queue(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer
) -> None:
    page, guard = browse()
    guard.expect_status("/api/votes", 422)
    page.goto(variant_url)  # any page sends what is queued
    # An answer queued by an older build of the site, for an article that no longer exists.
    gone = {
        "url": variant_url + "no-such-section/gone/",
        "title": "Gone",
        "vote": "no",
        "reason": None,
        "comment": "x",
        "version": None,
    }
    queue = "body => JSON.stringify([{page: 'no-such-section/gone.md', body, at: Date.now()}])"
    page.evaluate(f"body => localStorage.setItem('hc-feedback:queue', ({queue})(body))", gone)
    with page.expect_response(lambda response: is_vote(response.request)) as answered:
        page.reload()
    assert answered.value.status == 422
    page.wait_for_function("localStorage.getItem('hc-feedback:queue') === '[]'")


def test_works_after_instant_navigation(
    browse: Browse, variant_url: str, feedback_service: FeedbackServer, articles: Articles
) -> None:
    article = articles.first
    page, _ = browse()
    page.goto(variant_url + article.section)
    page.evaluate("window.__same_document = true")
    slug = article.url.rstrip("/").rsplit("/", 1)[-1]
    page.locator(f'article a[href$="{slug}/"]').first.click()
    expect(page).to_have_url(variant_url + article.url)
    assert page.evaluate("window.__same_document") is True, "expected Material's instant navigation, got a reload"
    with page.expect_request(is_vote) as sent:
        widget(page).get_by_role("button", name="Yes").click()
    expect(widget(page).get_by_role("status")).to_have_text("Thank you for your feedback.")
    assert json.loads(sent.value.post_data or "")["url"] == variant_url + article.url


def test_without_endpoint_readers_get_the_support_phone(
    browse: Browse, no_endpoint_url: str, articles: Articles
) -> None:
    page, guard = browse()
    page.goto(no_endpoint_url + articles.first.url)
    expect(widget(page)).to_have_count(0)  # no vote that would go nowhere
    help_block = page.locator(".hc-help")
    expect(help_block.get_by_role("button")).to_have_count(0)
    assert help_block.locator(".hc-help__phone a").get_attribute("href") == SUPPORT.phone.tel
    page.wait_for_load_state("networkidle")
    assert not [url for url in guard.requests if "/api/" in url or "github" in url]


@pytest.mark.parametrize("which", ["home", "section", "404"])
def test_no_widget_off_articles(browse: Browse, site_url: str, articles: Articles, which: str) -> None:
    page, _ = browse()
    path = {"home": "", "section": articles.first.section, "404": "404.html"}[which]
    page.goto(site_url + path)
    expect(page.locator("[data-hc-feedback]")).to_have_count(0)
