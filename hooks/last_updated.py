"""MkDocs hook: "Last updated" on each article, from git history.

One ``git log`` per build (in on_files) dates every file under docs/; each
article's template gets ``hc_updated`` (None where history cannot tell, see
helpcenter/last_updated.py). Never fails the build: without git, outside a
repository or in a shallow clone, dates are left out.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.last_updated import Updated, git_dates
from helpcenter.pages import is_article

log = logging.getLogger("mkdocs.plugins.last_updated")

_dates: dict[str, dt.date] = {}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _dates.clear()
    _dates.update(git_dates(Path(config.docs_dir)))
    if not _dates:
        log.debug("no git history for %s: pages carry no 'last updated' date", config.docs_dir)
    return files


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    day = _dates.get(page.file.src_uri)
    context["hc_updated"] = Updated.of(day) if day and is_article(page.file.src_uri) else None
    return context
