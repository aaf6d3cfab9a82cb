"""MkDocs hook: the "Was this article helpful?" widget on article pages, and the list of those pages.

Validates ``extra.feedback`` in mkdocs.yml (HELPCENTER_FEEDBACK_ENDPOINT in the
environment overrides the endpoint) and puts the resolved endpoint back into
``config.extra["feedback"]["endpoint"]``, where the Content-Security-Policy hook
and the theme's ``<meta name="helpcenter:feedback-endpoint">`` read it. Stamps
the build version (the git commit) once per build, gives each article's
template an ``hc_feedback`` object (None on the home page, section index pages
and pages that hide it), and after the build writes the manifest of those
articles that the feedback service accepts votes for: feedback-pages.json in
the site and .cache/feedback/pages.json in the project.
overrides/partials/hc-feedback.html renders the widget; docs/assets/javascripts/feedback.js
makes it work in the browser.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.feedback import (
    MANIFEST_CACHE,
    MANIFEST_NAME,
    FeedbackConfigError,
    FeedbackSettings,
    ManifestPage,
    build_version,
    merge_pages,
    parse_settings,
    read_manifest,
    settings_problem,
    widget_for,
    write_manifest,
)

_settings: FeedbackSettings | None = None
_sources: set[str] = set()  # every page's source this build
_rendered: dict[str, ManifestPage | None] = {}  # source -> its manifest entry, None without the widget


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    project_dir = Path(config.config_file_path).parent
    try:
        _settings = parse_settings(config.extra.get("feedback"), build_version(project_dir, os.environ), os.environ)
    except FeedbackConfigError as error:
        text = Path(config.config_file_path).read_text(encoding="utf-8")
        raise PluginError(settings_problem(error, text, Path(config.config_file_path).name)) from None
    config.extra["feedback"] = {"endpoint": _settings.endpoint}
    _rendered.clear()
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _sources.clear()
    _sources.update(file.src_uri for file in files.documentation_pages())
    return files


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if _settings is None:
        raise PluginError("hooks/feedback.py: on_config did not run -> list the hook under `hooks:` in mkdocs.yml")
    hidden = page.meta.get("hide") or []
    title = page.title or config.site_name
    widget = widget_for(
        _settings,
        src_path=page.file.src_uri,
        url=page.canonical_url or page.url,
        title=title,
        is_homepage=page.is_homepage,
        hidden=hidden if isinstance(hidden, list) else [],
    )
    context["hc_feedback"] = widget
    _rendered[page.file.src_uri] = ManifestPage(page.url, title, page.file.src_uri) if widget else None
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    cache = Path(config.config_file_path).parent / MANIFEST_CACHE
    pages = merge_pages(read_manifest(cache), _rendered, _sources)
    write_manifest([Path(config.site_dir) / MANIFEST_NAME, cache], config.site_url or "", pages)
