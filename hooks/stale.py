"""MkDocs hook: warn about articles whose `reviewed` date is too old, when mkdocs.yml asks for it.

Off by default (``extra.helpcenter.stale.warn_in_build: false``): an article
getting old is a reminder, listed by `make stale`, not a reason to block a
fix. Switched on, every stale article is a located warning, so a strict build
fails until someone reviews it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.clock import build_date
from helpcenter.findings import display_path, log_findings
from helpcenter.sources import source_text
from helpcenter.stale import StaleSettings, review_of, stale_finding, stale_reviews, stale_settings

log = logging.getLogger("mkdocs.plugins.stale")


@dataclass
class _State:
    settings: StaleSettings = field(default_factory=StaleSettings)


state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        state.settings = stale_settings(config.extra.get("helpcenter", {}).get("stale"))
    except ValueError as error:
        raise PluginError(str(error)) from None
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    settings = state.settings
    if not settings.warn_in_build:
        return markdown
    where = display_path(os.path.dirname(config.config_file_path), config.docs_dir, page.file.src_uri)
    review = review_of(source_text(page.file), path=where, src_path=page.file.src_uri)
    # A missing or invalid date is the front-matter check's finding, not a stale one.
    if review is not None and review.reviewed is not None:
        today = build_date()
        stale = stale_reviews([review], today=today, after_days=settings.after_days)
        log_findings(log, [stale_finding(item, today=today, after_days=settings.after_days) for item in stale])
    return markdown
