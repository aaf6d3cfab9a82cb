"""Pages of the real site chosen by what they are, never by name.

Tests of the real site ask for "an article" or "an FAQ page"; these helpers
find one in the nav of mkdocs.yml, so a writer who moves, renames or deletes a
page never turns a test red.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from helpcenter.articles import is_article
from sitebuilder import ROOT

DOCS = ROOT / "docs"


def nav_pages(config_file: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Every page of the nav, docs-relative, in nav order."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    nav = (yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}).get("nav") or []

    def walk(items: Any) -> list[str]:
        found: list[str] = []
        for item in items if isinstance(items, list) else [items]:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                found += walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append(value)
        return found

    return walk(nav)


def redirect_maps(config_file: Path = ROOT / "mkdocs.yml") -> dict[str, str]:
    """mkdocs-redirects' map (old page -> new page or address), as `make move` and `make delete` leave it."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            return dict(plugin["redirects"].get("redirect_maps") or {})
    return {}


def front_matter(page: str) -> dict[str, Any]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return (yaml.safe_load(text.split("---\n", 2)[1]) or {}) if text.startswith("---") else {}


def url_of(page: str) -> str:
    """The site-relative address of a page (directory URLs): ``section/page/``, ``section/`` or ``""``."""
    if page == "index.md":
        return ""
    return page.removesuffix("index.md") if page.endswith("/index.md") else page.removesuffix(".md") + "/"


def articles() -> list[str]:
    return [page for page in nav_pages() if is_article(page)]


def an_article() -> str:
    """The first article of the nav that is not an FAQ page."""
    return next(page for page in articles() if front_matter(page).get("faq") is not True)


def faq_pages() -> list[str]:
    return [page for page in nav_pages() if front_matter(page).get("faq") is True]


def is_redirect(built: Path) -> bool:
    """Whether a built HTML file is the redirect left at a moved page's old address (mkdocs-redirects)."""
    return 'http-equiv="refresh"' in built.read_text(encoding="utf-8")
