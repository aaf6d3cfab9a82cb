"""The lists at the end of an article: "Related articles" (front matter) and "Articles that link here" (links)."""

from __future__ import annotations

from typing import Any

from helpcenter.article_end.related import linking_articles, related_pages
from helpcenter.articles import is_article
from jobs.build import Links, RenderedPage


def give_template(links: Links, page: RenderedPage, context: dict[str, Any]) -> None:
    src_path = page.src_uri
    # What the writer listed shows wherever it is listed.
    related = related_pages(page.related, src_path=src_path, pages=links.refs)
    context["hc_related"] = related
    inbound = links.graph.linking_to(src_path) if not page.is_homepage and is_article(src_path) else []
    # A page already under "Related articles" is not listed again.
    context["hc_backlinks"] = linking_articles(inbound, src_path=src_path, pages=links.refs, listed=related)
