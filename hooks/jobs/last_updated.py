""" "Last updated" on each article, from one `git log` per build (left out where history cannot tell)."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

from helpcenter.article_end.last_updated import Updated, git_dates
from helpcenter.articles import is_article
from jobs.build import Build


def read_history(build: Build) -> None:
    build.git_dates = git_dates(build.project.docs_dir)


def give_template(build: Build, page: Page, context: dict[str, Any]) -> None:
    day = build.git_dates.get(page.file.src_uri)
    context["hc_updated"] = Updated.of(day) if day and is_article(page.file.src_uri) else None
