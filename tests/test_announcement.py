"""The announcement bar comes from data/facts.yml and leaves the build after its expiry date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest
import yaml

from sitebuilder import FIXTURE_FACTS, BuildResult, build_site

EXPIRES = dt.date(2030, 6, 30)
NOTICE = {
    "kind": "Webinar",
    "title": "Billing after your import",
    "url": "https://example.com/webinar/",
    "cta": "Save a seat",
    "expires": EXPIRES,
}


def facts_with(announcement: dict[str, object] | None) -> str:
    facts = yaml.safe_load(FIXTURE_FACTS.read_text(encoding="utf-8"))
    facts.pop("announcement", None)
    if announcement is not None:
        facts["announcement"] = announcement
    else:
        # A placeholder must name a fact of the file: without the announcement, its entries go too.
        facts["placeholders"] = [entry for entry in facts["placeholders"] if not entry.startswith("announcement.")]
    return yaml.safe_dump(facts, sort_keys=False)


def epoch(day: dt.date) -> str:
    """SOURCE_DATE_EPOCH for noon UTC on ``day``."""
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


def build_on(tmp_path: Path, day: dt.date, announcement: dict[str, object] | None = NOTICE) -> BuildResult:
    result = build_site(
        tmp_path,
        {
            "index.md": "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n",
            "guide.md": "---\ntitle: Guide\ndescription: A guide.\nreviewed: 2026-01-01\n---\n\nText.\n",
        },
        facts=facts_with(announcement),
        env={"SOURCE_DATE_EPOCH": epoch(day)},
    )
    assert result.ok, result.output
    return result


def banner(site_dir: Path, page: str) -> lxml.html.HtmlElement | None:
    root = lxml.html.parse(str(site_dir / page)).getroot()
    (slot,) = root.xpath('//div[@data-md-component="announce"]')
    found = slot.xpath('.//aside[contains(@class, "md-banner")]')
    return found[0] if found else None


@pytest.mark.parametrize("day", [EXPIRES - dt.timedelta(days=30), EXPIRES], ids=["before", "on-expiry-day"])
def test_active_announcement_is_on_every_page_with_its_link(tmp_path: Path, day: dt.date) -> None:
    result = build_on(tmp_path, day)
    for page in ("index.html", "guide/index.html", "404.html"):
        bar = banner(result.site_dir, page)
        assert bar is not None, f"no announcement bar on {page}"
        (notice,) = bar.xpath('.//p[@class="hc-announce"]')
        text = " ".join(notice.text_content().split())
        assert text == "Webinar: Billing after your import Save a seat"
        (link,) = bar.xpath('.//a[@href="https://example.com/webinar/"]')
        assert link.text_content() == "Save a seat"
        # Dismissable: Material's close button and the script that keeps it closed.
        assert bar.xpath('.//button[contains(@class, "md-banner__button")]')
        assert "__announce" in bar.xpath(".//script")[0].text


def test_dismissal_is_keyed_to_the_announcement(tmp_path: Path) -> None:
    # Material hides the bar when the hash of its HTML matches the stored one,
    # so a new title or date must change that HTML.
    bar = banner(build_on(tmp_path, EXPIRES).site_dir, "index.html")
    assert bar is not None
    (notice,) = bar.xpath(".//*[@data-announcement]")
    assert notice.get("data-announcement") == f"Billing after your import|{EXPIRES.isoformat()}"


def test_expired_announcement_is_left_out_of_the_build(tmp_path: Path) -> None:
    result = build_on(tmp_path, EXPIRES + dt.timedelta(days=1))
    for page in ("index.html", "guide/index.html", "404.html"):
        assert banner(result.site_dir, page) is None, f"expired announcement still on {page}"
        assert "Billing after your import" not in (result.site_dir / page).read_text(encoding="utf-8")


def test_no_announcement_in_facts_means_no_bar(tmp_path: Path) -> None:
    result = build_on(tmp_path, EXPIRES, announcement=None)
    assert banner(result.site_dir, "index.html") is None
