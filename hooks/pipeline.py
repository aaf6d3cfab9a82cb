"""The help center's build, in the order it happens: the one MkDocs hook, and the only place that order is written.

    facts -> page sources -> checks of the sources -> macros (mkdocs-macros) -> Markdown
          -> one HTML tree per page -> checks of the HTML -> link graph -> report
          -> article ends (related, feedback, dates) -> theme -> output checks and policy

Each step is a job in hooks/jobs/ (a thin adapter), whose logic lives in plain
functions in hooks/helpcenter/. Every event below calls its jobs in the order
listed; the state of the build lives in one `Build` made at ``on_config`` and
passed to each job (MkDocs reads the configuration again for every rebuild of
``mkdocs serve``, so nothing survives from one build to the next).

mkdocs-macros renders page templates in its own ``on_page_markdown``; the
checks that need the page as written run before it (``BEFORE_MACROS``), and
those of what the templates wrote after it (``AFTER_MACROS``).
"""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from jobs import (
    content_security,
    docs_tree,
    fact_drift,
    facts,
    faq,
    feedback,
    front_matter,
    last_updated,
    links,
    macros,
    page_integrity,
    publishing,
    redirects,
    related,
    search,
    snippets,
    sources,
    stale,
    still_need_help,
    unfinished,
)
from jobs.context import attach, build_of, start_build

log = logging.getLogger("mkdocs.plugins.helpcenter")

# mkdocs-macros renders page templates in its on_page_markdown, at the default priority, 0.
BEFORE_MACROS = 50
AFTER_MACROS = -50
AFTER_THEME_PLUGINS = -50


class _Process:
    """The one fact MkDocs tells once per process rather than once per build: which command runs."""

    command = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    _Process.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build = start_build(config, serving=_Process.command == "serve", log=log)
    attach(config, build)
    docs_tree.check(build, config)  # before anything under docs/ is read or copied
    facts.configure(build, config)
    faq.configure(build)
    macros.configure(build, config)  # after every job that adds a macro
    front_matter.configure(build)
    fact_drift.configure(build)
    snippets.configure(build, config)
    links.configure(build)
    feedback.configure(build, config)
    search.configure(build, config)
    publishing.configure(build, config)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = build_of(config)
    sources.read(build, files)  # the one read of every Markdown file
    page_integrity.check_sources(build)
    redirects.check(build)
    fact_drift.check_sources(build)
    last_updated.read_history(build)
    search.weigh_pages(build, files)
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    build = build_of(config)
    page_integrity.know_sections(build, nav)
    links.index_site(build, nav, files, config)
    return nav


@event_priority(BEFORE_MACROS)
def _page_as_written(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    source = sources.of_page(build, page)
    if source is None:
        return markdown
    front_matter.check(build, source)
    stale.check(build, source)
    markdown = unfinished.check(build, source, markdown)
    markdown = page_integrity.check_nesting_as_written(build, source, markdown)
    return snippets.check(build, source, markdown)


@event_priority(AFTER_MACROS)
def _page_as_rendered(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    source = sources.of_page(build, page)
    return markdown if source is None else page_integrity.check_nesting_as_rendered(build, source, markdown)


on_page_markdown = CombinedEvent(_page_as_written, _page_as_rendered)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    tree = sources.parse_html(html)  # the one parse of the page's HTML
    source = sources.of_page(build, page)
    html = faq.fill_index(build, page, tree, html)
    macros.check_rendered(build, page, source, tree)
    page_integrity.check_html(build, page, source, tree, html)
    content_security.check_html(build, page, source, tree)
    return links.collect(build, page, tree, html)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page is rendered (titles are final) and no template is yet: judge the whole site.
    build = build_of(config)
    links.judge(build, config)
    page_integrity.check_titles(build, files)
    related.know_titles(build, files)
    facts.give_theme(build, env)
    search.give_theme(build, env)
    content_security.know_theme(build, env, config)
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    build = build_of(config)
    faq.give_template(build, page, context)
    related.give_template(build, page, context)
    last_updated.give_template(build, page, context)
    feedback.give_template(build, page, config, context)
    still_need_help.give_template(page, context)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    build = build_of(config)
    output = search.point_page(build, output)
    return content_security.secure_page(build, page, output)  # last: it checks the finished page


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page.
    if not template_name.endswith(".html"):
        return output_content
    build = build_of(config)
    output_content = search.point_page(build, output_content)
    return content_security.secure_template(build, template_name, output_content)


# After Material's search plugin has written its index (plugins run before hooks).
@event_priority(AFTER_THEME_PLUGINS)
def on_post_build(*, config: MkDocsConfig) -> None:
    build = build_of(config)
    search.rewrite(build, config)
    feedback.write_pages(build, config)
    redirects.secure_pages(build, config)  # after mkdocs-redirects wrote them
