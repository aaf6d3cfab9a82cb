"""The help center's build, in the order it happens: the one MkDocs hook, and the only place that order is written.

    configuration, facts -> page sources -> checks of the sources -> macros (mkdocs-macros) -> Markdown
        -> one HTML tree per page -> checks of the HTML -> link graph -> article ends -> theme -> output checks

Each event makes one phase's result (hooks/jobs/build.py) from the results
before it, which it passes to the jobs as arguments; only the report grows.
Jobs (hooks/jobs/) are thin adapters between MkDocs and the plain functions of
hooks/helpcenter/, which this file also calls directly where no adapting is
needed. MkDocs reads the configuration again for every rebuild of ``mkdocs
serve``, and the `Build` rides on it, so nothing survives from one build to
the next in memory; what is kept is on disk, in the page cache
(hooks/jobs/page_cache.py): pages whose inputs did not change are not rendered
again.

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

from helpcenter.article_end.last_updated import git_dates, updated
from helpcenter.articles import is_article
from helpcenter.links.content import strip_silence_marks
from helpcenter.pages.stale import stale_findings
from helpcenter.pages.unfinished import unfinished_findings, without_misused_comments
from helpcenter.security.theme_text import config_text_problems
from jobs import (
    content_security,
    docs_tree,
    fact_usage,
    facts,
    faq,
    feedback,
    front_matter,
    links,
    macros,
    page_budget,
    page_cache,
    page_integrity,
    publishing,
    redirects,
    related,
    search,
    snippets,
    sources,
)
from jobs.build import Build, Report, Resources
from jobs.setup import attach, build_of, read_setup

log = logging.getLogger("mkdocs.plugins.helpcenter")

# mkdocs-macros renders page templates in its on_page_markdown, at the default priority, 0.
BEFORE_MACROS = 50
AFTER_MACROS = -50
AFTER_THEME_PLUGINS = -50


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    report = Report(log)
    setup = read_setup(config)
    report.add(config_text_problems(setup.config_text, setup.project.config_name))
    docs_tree.check(setup, config, report)  # before anything under docs/ is read or copied
    loaded = facts.load(setup, config)
    resources = Resources(
        tags=front_matter.load_tags(setup),
        synonyms=search.load_synonyms(setup),
        search_worker=search.worker_url(config),
        feedback=feedback.configure(setup, config),
        snippets=snippets.configure(setup, config),
        links_report=links.report_path(setup),
    )
    timing = page_budget.configure(setup)
    build = Build(setup, loaded, resources, report, fact_usage.collector(setup, loaded, config), timing)
    macros.configure(build, config, {**facts.macros(loaded), **faq.macros()})
    publishing.configure(setup, loaded, config, report)
    attach(config, build)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = build_of(config)
    docs_tree.check_files(build.setup, files, config, build.report)  # before MkDocs copies a file
    build.theme_names = content_security.know_theme_names(build.setup, config, files)
    build.sources = sources.read(build.setup, files, git_dates(build.setup.project.docs_dir))  # the one read
    for src_uri in sorted(build.sources.documentation):
        # Bytes that are not UTF-8 and control characters: the build goes on with the readable text.
        build.report.add(build.sources.pages[src_uri].problems if src_uri in build.sources.pages else ())
        # Headings repeated in their section and tab characters: they render without an error.
        build.report.add(page_integrity.check_layout(build.sources.of(src_uri)))
    build.report.add(redirects.check(build.setup, build.sources))  # mkdocs-redirects' map, at its lines
    build.page_cache = page_cache.open_cache(build.setup, build.facts, build.resources, config, files, build.sources)
    for source in build.sources.pages.values():  # excluded ones too: snippets are pasted into pages
        build.report.add(build.facts.drift.check(source.text, source.path))
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    build = build_of(config)
    build.site = links.index_site(nav, files, config)
    return nav


@event_priority(BEFORE_MACROS)
def _page_as_written(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    source = build.sources.of(page.file.src_uri)
    if source is None:
        return markdown
    if page_cache.lookup(build.page_cache, build.setup, source) is not None:
        # Its inputs did not change: on_page_content puts its render back.
        page_cache.without_extensions(build.page_cache, config)
        return page_cache.PLACEHOLDER
    page_budget.start(build.page_timing, source)  # until on_page_content: macros, Markdown, the checks
    report, src_uri = build.report, page.file.src_uri
    report.add(front_matter.check(build.setup, build.resources.tags, build.sources, source), page=src_uri)
    report.add(stale_findings(source, build.setup.settings.helpcenter.stale, today=build.setup.today), page=src_uri)
    report.add(unfinished_findings(source), page=src_uri)
    markdown = without_misused_comments(markdown)  # a writer's note must not reach even the preview
    markdown = page_integrity.check_nesting_as_written(source, markdown, report)
    return snippets.check(build.setup, build.resources.snippets, build.sources, source, markdown, report)


@event_priority(AFTER_MACROS)
def _page_as_rendered(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    if page_cache.hit(build.page_cache, page.file.src_uri) is not None:
        return markdown
    source = build.sources.of(page.file.src_uri)
    markdown = markdown if source is None else page_integrity.check_nesting_as_rendered(source, markdown, build.report)
    page_budget.phase(build.page_timing, "markdown")
    return markdown


on_page_markdown = CombinedEvent(_page_as_written, _page_as_rendered)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = build_of(config)
    cached = page_cache.hit(build.page_cache, page.file.src_uri)
    if cached is not None:  # as if it had rendered: its findings reported again, its fact reads recorded
        build.report.add(cached.rendered.findings, page=page.file.src_uri)
        fact_usage.page_rendered(build, page, cached.renders)
        build.rendering[page.file.src_uri] = cached.rendered
        return page_cache.restore(build.page_cache, cached, page, config)
    page_budget.phase(build.page_timing, "checks")
    tree = sources.parse_html(html)  # the one parse of the page's HTML
    source = build.sources.of(page.file.src_uri)
    report, src_uri = build.report, page.file.src_uri
    html, jsonld, found = faq.fill_index(build.setup, page, source, tree, html)
    report.add(found, page=src_uri)
    report.add(macros.check_rendered(source, tree), page=src_uri)
    report.add(page_integrity.check_html(build.setup, page, source, tree, html), page=src_uri)
    report.add(content_security.check_html(build.setup, build.theme_names, page, source, tree), page=src_uri)
    rendered = build.rendering[src_uri] = sources.rendered_page(page, tree, jsonld, report.of_page(src_uri))
    page_budget.stop(build.page_timing)
    html = strip_silence_marks(html)
    if source is not None:
        page_cache.keep(build.page_cache, build.setup, source, page, html, rendered)
    return html


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page is rendered (titles are final) and no template is yet: judge the whole site.
    build = build_of(config)
    build.pages = dict(build.rendering)
    build.links = links.judge(build.setup, build.resources, build.sources, build.site, build.pages, build.report)
    build.report.add(page_integrity.check_titles(build.setup, build.sources, build.site, build.pages))
    facts.give_theme(build.facts, env)
    search.give_theme(build.setup, build.site, build.links, env, build.report)
    build.scripts = content_security.know_theme(env, config)
    page_cache.know_site(build.page_cache, files, build.site, env, config)  # last: what every template reads
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    build = build_of(config)
    rendered = build.pages.get(page.file.src_uri)
    if rendered is not None:
        context["hc_article"] = is_article(rendered.src_uri) and not rendered.is_homepage  # "Still need help?"
        context["hc_jsonld"] = rendered.faq_jsonld
        context["hc_updated"] = updated(build.sources.git_dates, rendered.src_uri)
        related.give_template(build.links, rendered, context)
        context["hc_feedback"] = feedback.widget(build.resources.feedback, page, rendered, config)
    page_cache.find_finished(build.page_cache, page, context, build.report.added)
    fact_usage.theme_starts(build)  # last: what the theme reads for this page, until on_post_page
    return context


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    fact_usage.theme_starts(build_of(config))  # what a theme page (404.html) reads, until on_post_template
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    build = build_of(config)
    done = page_cache.finished(build.page_cache, page)
    if done is not None:  # its templating read nothing that changed: the page as it was finished
        fact_usage.theme_ends(build, page, replayed=done.theme_reads)
        content_security.know_page_depth(build, page)
        return done.output
    theme_reads = fact_usage.theme_ends(build, page)
    output = search.point_page(build.resources.search_worker, output)
    output = content_security.secure_page(build, page, output)  # last: it checks the finished page
    page_cache.keep_finished(build.page_cache, page, output, theme_reads, build.report.added)
    return output


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page.
    build = build_of(config)
    fact_usage.theme_ends(build, None, template_name)
    if not template_name.endswith(".html"):
        return output_content
    output_content = search.point_page(build.resources.search_worker, output_content)
    return content_security.secure_template(build, template_name, output_content)


# After Material's search plugin has written its index (plugins run before hooks).
@event_priority(AFTER_THEME_PLUGINS)
def on_post_build(*, config: MkDocsConfig) -> None:
    build = build_of(config)
    search.rewrite(build.resources.synonyms, build.pages.values(), config)
    feedback.write_pages(build.setup, build.pages.values(), config)
    fact_usage.write(build)
    redirects.secure_pages(build, config)  # after mkdocs-redirects wrote them
    page_cache.finish(build.page_cache, len(build.pages))
    content_security.write_headers(build, config)
