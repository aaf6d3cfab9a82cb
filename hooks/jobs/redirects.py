"""Redirects from moved pages' old addresses (mkdocs-redirects): each entry checked, each redirect page secured.

The plugin reads ``redirect_maps`` and writes the redirect pages after the
build; this job reports entries that cannot work at their line of mkdocs.yml
(instead of the plugin's unlocated warning) and makes every redirect page one
of the site's: its script as the site's own file, and the policy pages of its
depth get (hooks/helpcenter/pages/redirects.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from helpcenter.findings import Finding
from helpcenter.pages.redirects import check_redirects, read_redirects, secure_redirect_page
from jobs.build import Build, Setup, Sources
from jobs.content_security import page_policy

PLUGIN_LOGGER = "mkdocs.plugin.redirects"


class _Located(logging.Filter):
    """Drops the plugin's warning about a missing target: `check` already reported it at its line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Redirect target")


def check(setup: Setup, sources: Sources) -> list[Finding]:
    """Once the pages are known (on_files)."""
    logger = logging.getLogger(PLUGIN_LOGGER)
    if not any(isinstance(existing, _Located) for existing in logger.filters):
        logger.addFilter(_Located())
    redirects = read_redirects(setup.config_text)
    return check_redirects(redirects, sources.documentation, setup.project.config_name)


def secure_pages(build: Build, config: MkDocsConfig) -> None:
    """After the plugin wrote the redirect pages (on_post_build): the policy pages of the same depth get."""
    if build.setup.serving:
        return  # `mkdocs serve` injects a live-reload script no policy can know in advance
    for redirect in read_redirects(build.setup.config_text):
        if redirect.old in build.sources.documentation:
            continue
        dest = File(redirect.old, "", "", config.use_directory_urls).dest_path.replace(os.sep, "/")
        written = Path(config.site_dir) / dest
        if not written.is_file():
            continue
        base_url = get_relative_url(".", dest)
        text = secure_redirect_page(
            written.read_text(encoding="utf-8"), base_url=base_url, policy=page_policy(build, base_url)
        )
        written.write_text(text, encoding="utf-8")
