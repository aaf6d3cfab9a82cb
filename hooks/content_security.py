"""MkDocs hook: pages carry no code, external links do not leak, and every page ships a Content-Security-Policy.

- Page content: a located error for ``<script>``, ``on*=`` handlers,
  ``javascript:``/``data:`` links, plugins, and frames from hosts not listed in
  ``extra.helpcenter.iframe_hosts``; a warning for plain ``http://``.
- Output: ``rel="noopener noreferrer"`` on links to other hosts, and a
  ``<meta http-equiv="Content-Security-Policy">`` whose script-src allows the
  site's own files and, by hash, exactly the inline scripts the theme emitted.

The logic is in helpcenter/content_security.py.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.content_security import (
    add_rel_noopener,
    content_security_policy,
    insert_policy,
    locate,
    origin,
    scan_content,
)
from helpcenter.findings import display_path, log_findings

log = logging.getLogger("mkdocs.plugins.content_security")


@dataclass
class _Settings:
    serving: bool = False  # `mkdocs serve` injects a live-reload script no policy can know in advance
    site_host: str = ""
    iframe_hosts: list[str] = field(default_factory=list)
    connect_origins: list[str] = field(default_factory=list)


_settings = _Settings()  # set in on_config: hooks outlive builds under `mkdocs serve`


def on_startup(*, command: str, dirty: bool) -> None:
    _settings.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    hosts = config.extra.get("helpcenter", {}).get("iframe_hosts") or []
    if not isinstance(hosts, list) or not all(isinstance(host, str) and host and "/" not in host for host in hosts):
        raise PluginError(
            "mkdocs.yml: extra.helpcenter.iframe_hosts must be a list of host names, e.g. [www.youtube-nocookie.com]"
        )
    # The feedback widget POSTs to its endpoint, so the policy must let it connect there.
    endpoint = (config.extra.get("feedback") or {}).get("endpoint")
    _settings.site_host = (urlsplit(config.site_url or "").hostname or "").lower()
    _settings.iframe_hosts = [host.lower() for host in hosts]
    _settings.connect_origins = [found for found in [origin(endpoint)] if found] if isinstance(endpoint, str) else []
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    problems = scan_content(html, iframe_hosts=_settings.iframe_hosts, site_host=_settings.site_host)
    if problems:
        path = display_path(os.path.dirname(config.config_file_path), config.docs_dir, page.file.src_path)
        log_findings(log, locate(problems, page.file.content_string, path))
    return html


def _secure(output: str) -> str:
    output = add_rel_noopener(output, _settings.site_host)
    if _settings.serving:
        return output
    policy = content_security_policy(
        output, frame_hosts=_settings.iframe_hosts, connect_origins=_settings.connect_origins
    )
    return insert_policy(output, policy)


# Last, after every other hook has changed the page: the hashes must match the final scripts.
@event_priority(-100)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _secure(output)


@event_priority(-100)
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page.
    return _secure(output_content) if template_name.endswith(".html") else output_content
