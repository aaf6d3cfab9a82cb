""" "Still need help?" at the end of each article: the support phone, the feedback widget, the migration team."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

from helpcenter.article_end.still_need_help import still_need_help


def give_template(page: Page, context: dict[str, Any]) -> None:
    # overrides/partials/hc-help.html renders it from the facts (hc_facts).
    context["hc_help"] = still_need_help(page.file.src_uri, is_homepage=page.is_homepage, meta=page.meta)
