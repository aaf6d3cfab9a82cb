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
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from helpcenter.article_end.feedback import (
    MANIFEST_CACHE,
    MANIFEST_NAME,
    FeedbackSettings,
    FeedbackWidget,
    ManifestPage,
    build_version,
    shows_widget,
    widget_for,
    write_manifest,
)
from jobs.build import RenderedPage, Setup


def configure(setup: Setup, config: MkDocsConfig) -> FeedbackSettings:
    endpoint = setup.settings.feedback.endpoint
    config.extra["feedback"] = {"endpoint": endpoint}  # resolved, for the theme's meta tag
    return FeedbackSettings(endpoint=endpoint, version=build_version(setup.project.root, os.environ))


def widget(
    settings: FeedbackSettings, page: Page, rendered: RenderedPage, config: MkDocsConfig
) -> FeedbackWidget | None:
    return widget_for(
        settings,
        src_path=rendered.src_uri,
        url=page.canonical_url or page.url,
        title=rendered.title or config.site_name,
        is_homepage=rendered.is_homepage,
        hidden=rendered.hidden,
    )


def write_pages(setup: Setup, pages: Iterable[RenderedPage], config: MkDocsConfig) -> None:
    """The manifest of the articles that show the widget, for the feedback service."""
    listed = [
        ManifestPage(page.url, page.title or config.site_name, page.src_uri)
        for page in pages
        if shows_widget(page.src_uri, is_homepage=page.is_homepage, hidden=page.hidden)
    ]
    write_manifest(
        [Path(config.site_dir) / MANIFEST_NAME, setup.project.root / MANIFEST_CACHE], config.site_url or "", listed
    )
