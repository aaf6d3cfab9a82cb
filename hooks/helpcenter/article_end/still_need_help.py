"""The "Still need help?" block at the end of every article.

Nothing here knows about MkDocs. `still_need_help` decides, per page, whether
the block shows and whether it adds how to reach the migration team; the theme
(overrides/main.html) renders it from the facts (``hc_facts``), so no page
types it. A page is about the review window when its front matter says
``about_review_window: true`` (hooks/helpcenter/pages/front_matter.py validates the key);
the block then links to where the window is defined, the setting
``extra.helpcenter.review_window_page`` in mkdocs.yml (``make move`` keeps it
pointing at the page), which `definition_problem` checks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from helpcenter.articles import is_article


@dataclass(frozen=True)
class StillNeedHelp:
    review_window: bool  # add the migration team, who fix imported data during the window
    definition_page: str | None = None  # where the window is defined (src path), if the site says
    definition_anchor: str = ""


def split_definition(setting: str | None) -> tuple[str | None, str]:
    """``page.md#anchor`` as (page, anchor)."""
    if not setting:
        return None, ""
    page, _, anchor = setting.partition("#")
    return page, anchor


def still_need_help(
    src_path: str, *, is_homepage: bool, meta: Mapping[str, object], definition: str | None = None
) -> StillNeedHelp | None:
    """The block for an article, or None on the home page and section index pages."""
    if is_homepage or not is_article(src_path):
        return None
    page, anchor = split_definition(definition)
    return StillNeedHelp(
        review_window=meta.get("about_review_window") is True, definition_page=page, definition_anchor=anchor
    )


def definition_problem(setting: str, pages: Collection[str], page_text: str | None) -> str | None:
    """What is wrong with the review window setting, or None: the page must exist and carry the anchor."""
    page, anchor = split_definition(setting)
    if page not in pages:
        return f"'{page}' is not a page of the site -> write the path under docs/ of the page that defines the window"
    if anchor and page_text is not None and f"#{anchor}" not in page_text and f'id="{anchor}"' not in page_text:
        return f"{page} has no heading with {{#{anchor}}} -> add it to the heading that defines the window"
    return None
