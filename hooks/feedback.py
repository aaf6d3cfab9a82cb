"""MkDocs hook: the "Was this article helpful?" widget on article pages.

Validates ``extra.feedback`` in mkdocs.yml, stamps the build version (the git
commit) once per build, and gives each article's template an ``hc_feedback``
object (None on the home page, section index pages and pages that hide it).
overrides/partials/hc-feedback.html renders it; docs/assets/javascripts/feedback.js
makes it work in the browser.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.feedback import FeedbackConfigError, FeedbackSettings, build_version, parse_settings, widget_for

_settings: FeedbackSettings | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    project_dir = Path(config.config_file_path).parent
    try:
        _settings = parse_settings(
            config.extra.get("feedback"), config.repo_url, build_version(project_dir, os.environ)
        )
    except FeedbackConfigError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    return config


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if _settings is None:
        raise PluginError("hooks/feedback.py: on_config did not run -> list the hook under `hooks:` in mkdocs.yml")
    hidden = page.meta.get("hide") or []
    context["hc_feedback"] = widget_for(
        _settings,
        src_path=page.file.src_uri,
        url=page.canonical_url or page.url,
        title=page.title or config.site_name,
        is_homepage=page.is_homepage,
        hidden=hidden if isinstance(hidden, list) else [],
    )
    return context
