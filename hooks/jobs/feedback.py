""" "Was this article helpful?" on articles: where answers go, the build's version, and the widget's data."""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from helpcenter.build import Build
from helpcenter.feedback import FeedbackConfigError, build_version, feedback_settings, widget_for


def configure(build: Build, config: MkDocsConfig) -> None:
    try:
        build.feedback = feedback_settings(
            build.settings.feedback.endpoint, config.repo_url, build_version(build.project.root, dict(os.environ))
        )
    except FeedbackConfigError as error:
        raise PluginError(f"{build.project.config_name}: {error}") from None


def give_template(build: Build, page: Page, config: MkDocsConfig, context: dict[str, Any]) -> None:
    if build.feedback is None:
        return
    hidden = page.meta.get("hide") or []
    context["hc_feedback"] = widget_for(
        build.feedback,
        src_path=page.file.src_uri,
        url=page.canonical_url or page.url,
        title=page.title or config.site_name,
        is_homepage=page.is_homepage,
        hidden=hidden if isinstance(hidden, list) else [],
    )
