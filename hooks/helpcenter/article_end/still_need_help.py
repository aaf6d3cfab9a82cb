"""The "Still need help?" block at the end of every article.

Nothing here knows about MkDocs. `still_need_help` decides, per page, whether
the block shows and whether it adds how to reach the migration team; the theme
(overrides/main.html) renders it from the facts (``hc_facts``), so no page
types it. A page is about the review window when its front matter says
``about_review_window: true`` (hooks/helpcenter/pages/front_matter.py validates the key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from helpcenter.articles import is_article

# Where the review window is defined, once; the block links there (as src path and heading id).
REVIEW_WINDOW_PAGE = "after-import/review-your-imported-data.md"
REVIEW_WINDOW_ANCHOR = "review-window"


@dataclass(frozen=True)
class StillNeedHelp:
    review_window: bool  # add the migration team, who fix imported data during the window
    definition_page: str = REVIEW_WINDOW_PAGE
    definition_anchor: str = REVIEW_WINDOW_ANCHOR


def still_need_help(src_path: str, *, is_homepage: bool, meta: Mapping[str, object]) -> StillNeedHelp | None:
    """The block for an article, or None on the home page and section index pages."""
    if is_homepage or not is_article(src_path):
        return None
    return StillNeedHelp(review_window=meta.get("about_review_window") is True)
