""" "Was this article helpful?" on articles: where answers go, the build's version, and the list of articles.

The endpoint is the feedback service's address, from `extra.feedback.endpoint`
or HELPCENTER_FEEDBACK_ENDPOINT (settings); templates read it back from
``config.extra.feedback.endpoint`` (the page's ``helpcenter:feedback-endpoint``
meta tag, which the widget and the search box read). After the build, the
manifest of the articles that show the widget is written for the service:
feedback-pages.json in the site and .cache/feedback/pages.json in the project.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from helpcenter.article_end import feedback as widget_logic
from jobs.build import Build


def configure(build: Build, config: MkDocsConfig) -> None:
    endpoint = build.settings.feedback.endpoint
    build.feedback = widget_logic.FeedbackSettings(
        endpoint=endpoint, version=widget_logic.build_version(build.project.root, os.environ)
    )
    config.extra["feedback"] = {"endpoint": endpoint}  # resolved, for the theme's meta tag


def give_template(build: Build, page: Page, config: MkDocsConfig, context: dict[str, Any]) -> None:
    if build.feedback is None:
        return
    hidden = page.meta.get("hide") or []
    title = page.title or config.site_name
    widget = widget_logic.widget_for(
        build.feedback,
        src_path=page.file.src_uri,
        url=page.canonical_url or page.url,
        title=title,
        is_homepage=page.is_homepage,
        hidden=hidden if isinstance(hidden, list) else [],
    )
    context["hc_feedback"] = widget
    if widget is not None:
        build.feedback_pages.append(widget_logic.ManifestPage(page.url, title, page.file.src_uri))


def write_pages(build: Build, config: MkDocsConfig) -> None:
    targets = [Path(config.site_dir) / widget_logic.MANIFEST_NAME, build.project.root / widget_logic.MANIFEST_CACHE]
    widget_logic.write_manifest(targets, config.site_url or "", build.feedback_pages)
