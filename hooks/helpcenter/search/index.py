"""The search readers get: Material's index made plain and weighted, the synonyms with it, and our engine as worker.

Material's search plugin writes ``search/search_index.json`` (every page and
section: location, title, text as HTML, tags) and its theme starts a web
worker that searches it. We keep Material's search box and replace the
worker (``assets/javascripts/search-worker.js`` in overrides/), which speaks
Material's worker protocol. Nothing here knows about MkDocs:

- `rewrite_index` turns Material's index into what our worker reads: plain
  text (escaped for HTML), no tags (readers saw internal slugs as chips), a
  weight ``w`` per page kind, and the synonym groups in ``config.hc``; then
  helpcenter/search/shards.py cuts it into the files the worker fetches.
- `point_worker` changes the worker URL in a page's ``__config``.
- `choose_popular` picks the articles the empty state offers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpcenter.search.synonyms import SynonymGroup
from helpcenter.text import did_you_mean, suggest

# What a page's kind weighs in the ranking: articles (FAQ pages among them)
# answer; section index pages and the home page list, so for the same words
# they come after the articles that answer.
ARTICLE_WEIGHT = 1.0
SECTION_INDEX_WEIGHT = 0.2
HOME_WEIGHT = 0.15

POPULAR_COUNT = 3
WORKER_PATH = "assets/javascripts/search-worker.js"


class PopularPageError(ValueError):
    """A page named in ``extra.helpcenter.search.popular`` is not an article of the site."""


# --- the index ---------------------------------------------------------------

_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ol|ul|div|pre|table|thead|tbody|tr|td|th|h[1-6]|br|hr|dd|dt|dl|blockquote|details|summary)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")


def plain_text(markup: str) -> str:
    """Material's index HTML as text, escaped for HTML again (so a second pass changes nothing)."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub(" ", markup))
    return html.escape(" ".join(html.unescape(text).split()), quote=False)


def page_weight(*, is_homepage: bool, is_article: bool) -> float:
    if is_homepage:
        return HOME_WEIGHT
    return ARTICLE_WEIGHT if is_article else SECTION_INDEX_WEIGHT


def rewrite_index(
    material: Mapping[str, Any], weights: Mapping[str, float], synonyms: Sequence[SynonymGroup]
) -> dict[str, Any]:
    """Our worker's index from Material's. ``weights``: page URL -> `page_weight` for every page of the site.

    A page not in ``weights`` keeps the weight it had, so rewriting an index
    twice changes nothing.
    """
    docs = []
    for doc in material.get("docs", []):
        page = str(doc.get("location", "")).split("#", 1)[0]
        entry: dict[str, Any] = {
            "location": doc.get("location", ""),
            "title": plain_text(str(doc.get("title", ""))),
            "text": plain_text(str(doc.get("text", ""))),
        }
        if "boost" in doc:
            entry["boost"] = doc["boost"]  # front matter `search: {boost: 2}`
        weight = weights.get(page, doc.get("w", ARTICLE_WEIGHT))
        if weight != ARTICLE_WEIGHT:
            entry["w"] = weight
        docs.append(entry)
    config = {key: value for key, value in material.get("config", {}).items() if key != "hc"}
    config["hc"] = {"synonyms": [list(group.terms) for group in synonyms]}
    return {"config": config, "docs": docs}


# --- the worker --------------------------------------------------------------

_MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def point_worker(page_html: str, worker_url: str) -> str:
    """The page with Material's search worker replaced by ours (``worker_url`` relative to the site root).

    Raises ValueError if the page has Material's configuration but no worker
    URL in it: a Material update changed how it names its worker.
    """
    changed, count = _MATERIAL_WORKER.subn(lambda m: f'{m.group(1)}{m.group(2)}{worker_url}"', page_html, count=1)
    if not count and 'id="__config"' in page_html:
        raise ValueError(
            "Material's search worker URL is not in the page's __config any more (a Material update?)"
            " -> update _MATERIAL_WORKER in hooks/helpcenter/search/index.py"
        )
    return changed


# --- the empty state's articles ---------------------------------------------


@dataclass(frozen=True)
class PopularArticle:
    title: str
    url: str  # site-relative, e.g. "billing/generate-a-bill/"


def choose_popular(
    articles: Sequence[tuple[str, str, str]],
    inbound: Callable[[str], Sequence[str]],
    chosen: Sequence[str] | None,
) -> list[PopularArticle]:
    """The articles an empty search offers. ``articles``: (source path, title, url) in nav order.

    ``chosen`` (the setting) wins, in its order; a path that is not an article
    raises PopularPageError with the closest one. Otherwise the articles
    other pages link to most, ties in nav order: the ones writers point
    readers to.
    """
    by_path = {path: PopularArticle(title, url) for path, title, url in articles}
    if chosen is not None:
        picked = []
        for path in chosen:
            if path not in by_path:
                hint = did_you_mean(suggest(path, by_path, cutoff=0.5))
                raise PopularPageError(f"'{path}' is not an article of the site -> write its path under docs/{hint}")
            picked.append(by_path[path])
        return picked
    order = {path: position for position, (path, _, _) in enumerate(articles)}
    ranked = sorted(by_path, key=lambda path: (-len(inbound(path)), order[path]))
    return [by_path[path] for path in ranked[:POPULAR_COUNT]]
