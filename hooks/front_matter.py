"""MkDocs hook: check every page's front matter against the one schema, with located findings.

The rules (required keys, the controlled tag list in data/tags.yml, `related`
pages that exist, `reviewed` on articles, no unknown keys) live in
helpcenter/front_matter.py. This adapter loads the tag list, remembers the
site's pages, and reports each problem at ``docs/page.md:LINE:COL``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.findings import display_path, log_findings
from helpcenter.front_matter import FrontMatterError, TagsError, check_front_matter, load_tags, parse_front_matter
from helpcenter.sources import source_text

log = logging.getLogger("mkdocs.plugins.front_matter")

DEFAULT_TAGS_FILE = "data/tags.yml"


@dataclass
class _State:
    tags: dict[str, str] = field(default_factory=dict)
    tags_file: str = DEFAULT_TAGS_FILE
    pages: frozenset[str] = frozenset()


state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    name = config.extra.get("helpcenter", {}).get("tags_file", DEFAULT_TAGS_FILE)
    try:
        state.tags = load_tags(Path(config.config_file_path).parent / name, name)
    except TagsError as error:
        raise PluginError(str(error)) from None
    state.tags_file = name
    state.pages = frozenset()
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # Once per build, so checking `related` costs a set lookup per entry.
    state.pages = frozenset(file.src_uri for file in files.documentation_pages())
    return files


# Before mkdocs-macros (priority 0): a broken front matter is reported even if the page fails to render.
@event_priority(60)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = display_path(os.path.dirname(config.config_file_path), config.docs_dir, page.file.src_uri)
    try:
        parsed = parse_front_matter(source_text(page.file))
    except FrontMatterError as error:
        log_findings(log, [error.finding(where)])
        # MkDocs read the same YAML with aliases expanded; nothing after this (mkdocs-macros prints
        # page.meta, the theme prints titles) may walk what was refused.
        page.meta = {}
        return markdown
    except (OSError, UnicodeDecodeError):
        return markdown  # MkDocs itself reports an unreadable page.
    findings = check_front_matter(
        parsed, path=where, src_path=page.file.src_uri, tags=state.tags, pages=state.pages, tags_file=state.tags_file
    )
    log_findings(log, findings)
    return markdown
