"""The 404 page: a way forward from any missing address (search, home, support)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html


def test_404_offers_search_home_and_support(real_site_dir: Path) -> None:
    root = lxml.html.parse(str(real_site_dir / "404.html")).getroot()
    assert root.findtext(".//title") == "Page not found - Help Center"
    (article,) = root.xpath("//article")
    assert article.findtext(".//h1") == "Page not found"
    # A static host serves this page at any depth: its links must be root-relative.
    missing_address = "https://help.example.com/some/deep/missing/page/"
    (form,) = article.xpath('.//form[@role="search"]')
    assert form.get("method") == "get"
    assert urljoin(missing_address, form.get("action")) == "https://help.example.com/"
    (query,) = form.xpath('.//input[@name="q"]')
    (label,) = form.xpath(f'.//label[@for="{query.get("id")}"]')
    assert label.text_content() == "Search the Help Center"
    links = {a.text_content(): urljoin(missing_address, a.get("href")) for a in article.xpath(".//li/a")}
    assert links == {
        "Go to the Help Center home page": "https://help.example.com/",
        "Contact support": "https://help.example.com/support/contact-support/",
    }
    assert (real_site_dir / "support" / "contact-support" / "index.html").is_file()
    assert not root.xpath("//*[@data-hc-feedback]")
