""" "Still need help?" at the end of each article: the support phone, the feedback widget, the migration team."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

from helpcenter.article_end.still_need_help import definition_problem, split_definition, still_need_help
from helpcenter.findings import Finding
from helpcenter.settings import setting_location
from jobs.build import Build

SETTING = ("helpcenter", "review_window_page")


def check(build: Build) -> None:
    """The page the block links to for the review window exists (once the pages are known)."""
    setting = build.settings.helpcenter.review_window_page
    if not setting:
        return
    page, _ = split_definition(setting)
    source = build.sources.get(page or "")
    problem = definition_problem(setting, build.page_paths, source.text if source else None)
    if problem:
        line, column = setting_location(build.config_text, SETTING)
        build.report.add(
            [
                Finding(
                    build.project.config_name,
                    line,
                    column,
                    "review-window-page",
                    f"extra.helpcenter.review_window_page: {problem}",
                )
            ]
        )


def give_template(build: Build, page: Page, context: dict[str, Any]) -> None:
    # overrides/partials/hc-help.html renders it from the facts (hc_facts).
    context["hc_help"] = still_need_help(
        page.file.src_uri,
        is_homepage=page.is_homepage,
        meta=page.meta,
        definition=build.settings.helpcenter.review_window_page,
    )
