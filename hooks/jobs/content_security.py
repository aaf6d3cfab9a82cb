"""Content security: pages carry no code, external links do not leak, and every page ships a Content-Security-Policy.

- Page content: a located error for ``<script>``, ``on*=`` handlers,
  ``javascript:``/``data:`` links, plugins, and frames from hosts not listed in
  ``extra.helpcenter.iframe_hosts``; a warning for plain ``http://``.
- Output: ``rel="noopener noreferrer"`` on links to other hosts, and a
  ``<meta http-equiv="Content-Security-Policy">`` whose script-src allows the
  site's own files and, by hash, exactly the inline scripts the theme emitted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.structure.pages import Page

from helpcenter.build import Build
from helpcenter.content_security import (
    add_rel_noopener,
    content_security_policy,
    insert_policy,
    locate,
    origin,
    scan_content,
)
from helpcenter.htmltree import HtmlTree
from helpcenter.source import PageSource


def _site_host(build: Build) -> str:
    return (urlsplit(build.site_url or "").hostname or "").lower()


def check_html(build: Build, page: Page, source: PageSource | None, tree: HtmlTree) -> None:
    problems = scan_content(tree, iframe_hosts=build.settings.helpcenter.iframe_hosts, site_host=_site_host(build))
    if problems:
        path = build.project.display(page.file.src_uri)
        build.report.add(locate(problems, source.text if source else "", path))


def secure_output(build: Build, output: str) -> str:
    output = add_rel_noopener(output, _site_host(build))
    if build.serving:
        return output  # `mkdocs serve` injects a live-reload script no policy can know in advance
    endpoint = build.settings.feedback.endpoint
    # The feedback widget POSTs to its endpoint, so the policy must let it connect there.
    connect = [found for found in [origin(endpoint)] if found] if endpoint else []
    policy = content_security_policy(
        output, frame_hosts=build.settings.helpcenter.iframe_hosts, connect_origins=connect
    )
    return insert_policy(output, policy)
