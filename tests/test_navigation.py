"""The pruned nav still takes a reader to every page.

`navigation.prune` renders only the current page's branch of the nav (it keeps
the build linear in the number of articles). These tests follow nothing but the
links of the sidebar nav, from the home page, and must arrive at every page the
build wrote: on the real site, and on a three-level synthetic help center
(categories, topics, articles) like the one the benchmark builds.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import lxml.html
import pytest
from synthetic import pages_and_nav

from realpages import is_redirect
from sitebuilder import build, make_site

BASE = "http://site.test/"


def page_urls(site_dir: Path) -> set[str]:
    """Every page of the site as a URL, 404 page and assets left out."""
    found = set()
    for index in site_dir.rglob("index.html"):
        if "assets" in index.relative_to(site_dir).parts:
            continue
        folder = index.parent.relative_to(site_dir).as_posix()
        found.add(BASE if folder == "." else f"{BASE}{folder}/")
    return found


def nav_links(site_dir: Path, url: str) -> set[str]:
    """The pages the primary sidebar of ``url`` links to."""
    path = site_dir / url.removeprefix(BASE) / "index.html"
    tree = lxml.html.fromstring(path.read_bytes())
    hrefs = tree.xpath('//div[contains(@class, "md-sidebar--primary")]//a[contains(@class, "md-nav__link")]/@href')
    return {urldefrag(urljoin(url, href))[0] for href in hrefs}


def reachable_by_nav(site_dir: Path) -> set[str]:
    seen, queue = {BASE}, deque([BASE])
    while queue:
        for target in nav_links(site_dir, queue.popleft()) - seen:
            if target.startswith(BASE) and (site_dir / target.removeprefix(BASE) / "index.html").exists():
                seen.add(target)
                queue.append(target)
    return seen


def test_the_real_sites_nav_reaches_every_page(real_site_dir: Path) -> None:
    # A moved page's old address holds a redirect (mkdocs-redirects), not a page: nothing links there.
    pages = page_urls(real_site_dir)
    moved = {url for url in pages if is_redirect(real_site_dir / url.removeprefix(BASE) / "index.html")}
    assert pages - moved - reachable_by_nav(real_site_dir) == set()


@pytest.fixture(scope="module")
def three_levels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("three-levels")
    pages, nav = pages_and_nav(120)
    result = build(make_site(root / "project", pages, nav=nav), site_dir=root / "site")
    assert result.ok, result.output
    return result.site_dir


def test_a_three_level_help_centers_nav_reaches_every_page(three_levels: Path) -> None:
    every_page = page_urls(three_levels)
    assert len(every_page) > 120  # the articles plus the category and topic index pages
    assert every_page - reachable_by_nav(three_levels) == set()


def test_an_article_renders_only_its_own_branch(three_levels: Path) -> None:
    """Prune really prunes: an article's sidebar links to a small part of the site."""
    articles = [url for url in page_urls(three_levels) if url.count("/") == 6]  # http://host/category/topic/article/
    assert articles
    for article in articles:
        assert len(nav_links(three_levels, article)) < len(page_urls(three_levels)) / 3
