"""The 404 page: a way forward from any missing address (search, home, the support phone)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html

from sitebuilder import real_config, real_fact_views


def test_404_offers_search_home_and_support(real_site_dir: Path) -> None:
    name = real_config()["site_name"]
    root = lxml.html.parse(str(real_site_dir / "404.html")).getroot()
    assert root.findtext(".//title") == f"Page not found - {name}"
    (article,) = root.xpath("//article")
    assert article.findtext(".//h1") == "Page not found"
    # A static host serves this page at any depth: its links must be root-relative.
    missing_address = "https://help.example.com/some/deep/missing/page/"
    (form,) = article.xpath('.//form[@role="search"]')
    assert form.get("method") == "get"
    assert urljoin(missing_address, form.get("action")) == "https://help.example.com/"
    (query,) = form.xpath('.//input[@name="q"]')
    (label,) = form.xpath(f'.//label[@for="{query.get("id")}"]')
    assert label.text_content() == f"Search the {name}"
    home, phone = article.xpath(".//li/a")
    assert (home.text_content(), urljoin(missing_address, home.get("href"))) == (
        f"Go to the {name} home page",
        "https://help.example.com/",
    )
    # Support by its phone, from the facts: no page address that a move could break.
    support = real_fact_views()["support"]
    assert (phone.get("href"), phone.text_content()) == (support.phone.tel, support.phone.text)
    assert f"Call {support.team} at" in " ".join(phone.getparent().text_content().split())
    assert not root.xpath("//*[@data-hc-feedback]")
