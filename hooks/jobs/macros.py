"""Page templates: mkdocs-macros renders every page in this project's sandbox, with only the facts and project macros.

mkdocs-macros has no public way to swap its Jinja environment or to choose the
variables a page sees, so this module is the one place that reaches into it:
`CONTRACT` names what it uses, and tests/test_pipeline.py fails with a clear
message when a new version of mkdocs-macros changes any of it.
Variables are set afresh for every page from this build's facts (mkdocs-macros
keeps the variables other plugins register in a class attribute that outlives
builds, so a fact deleted under `mkdocs serve` would stay defined).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.findings import Finding
from helpcenter.htmltree import HtmlTree
from helpcenter.pages.source import PageSource
from helpcenter.rendering.macro_guards import reserved_front_matter, unrendered_findings
from helpcenter.rendering.sandbox import explain_template_error, indent_block_calls, protect_code, sandboxed_copy
from jobs import fact_usage
from jobs.build import Build

# What this module uses of mkdocs-macros' MacrosPlugin, beyond the documented
# `env.markdown` / `env.variables` of pre-macro functions.
CONTRACT = (
    "_env",
    "_add_macros",
    "env",
    "macros",
    "page",
    "pre_macro_functions",
    "post_macro_functions",
    "variables",
    "markdown",
)

# mkdocs-macros announces its configuration at INFO on every build: noise in a writer's log.
logging.getLogger("mkdocs.plugins.mkdocs_macros.util").setLevel(logging.WARNING)


@dataclass(frozen=True)
class ProjectMacro:
    """A macro of this project: what pages call, and whether it writes a block (a list) rather than text."""

    function: Callable[[], str]
    block: bool = False


@dataclass(frozen=True)
class PageInfo:
    """What a page template may know about its own page."""

    title: str | None
    url: str
    meta: Mapping[str, Any] = field(default_factory=dict)


def contract_problems(plugin: object) -> list[str]:
    """What mkdocs-macros no longer offers that this module needs (empty when all is there)."""
    return [name for name in CONTRACT if not hasattr(type(plugin), name) and not hasattr(plugin, name)]


def _macros_plugin(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("macros")
    if plugin is None:
        raise PluginError("the 'macros' plugin is not enabled in mkdocs.yml -> add it under `plugins:`")
    missing = contract_problems(plugin)
    if missing:
        raise PluginError(
            f"this version of mkdocs-macros-plugin has no {', '.join(missing)}, which hooks/jobs/macros.py uses"
            " -> install the version pinned in requirements.txt, or update hooks/jobs/macros.py"
        )
    return plugin


def configure(build: Build, config: MkDocsConfig, project_macros: Mapping[str, ProjectMacro]) -> None:
    plugin = _macros_plugin(config)
    # Macros other plugins registered through mkdocs-macros' register_macros(), and the project's own;
    # never mkdocs-macros' built-in ones (macros_info, context, ...), which expose the configuration.
    registered = {name: plugin.macros[name] for name in plugin._add_macros if name in plugin.macros}
    macros = {**registered, **{name: macro.function for name, macro in project_macros.items()}}
    block_macros = frozenset(name for name, macro in project_macros.items() if macro.block)
    safe_env = sandboxed_copy(plugin.env, macros)
    recorder = build.facts.recorder
    views = recorder.views
    reserved = set(views) | set(macros)
    project = build.setup.project

    def report(error: BaseException, text: str, variables: Mapping[str, object]) -> str:
        page = plugin.page
        source = build.sources.of(page.file.src_uri)
        problem = explain_template_error(error, text, variables)
        offset = source.body_offset if source is not None else 0
        line, column = problem.line + offset, problem.column
        if source is not None and text == page.meta.get("title"):  # mkdocs-macros renders a title with braces
            line = source.key_line("title")
            start = source.text.split("\n")[line - 1].find(text)
            column += max(start, 0)
        finding = Finding(project.display(page.file.src_uri), line, column, "template-error", problem.message)
        build.report.add([finding], page=page.file.src_uri)
        # Shown only by `mkdocs serve` (a strict build stops): the writer sees the problem in place.
        return f'!!! failure "This page could not be rendered"\n\n    `{finding}`\n'

    safe_env.report = report
    safe_env.recorder = recorder

    def prepare_page(env: Any) -> None:
        page = env.page
        meta = dict(page.meta)
        src_uri = page.file.src_uri
        source = build.sources.of(src_uri)
        problems = reserved_front_matter(meta, reserved)
        if problems:
            path = project.display(src_uri)
            findings = []
            for key, message in problems.items():
                line = source.key_line(key) if source is not None else 1
                findings.append(Finding(path, line, 1, "front-matter-reserved", message))
                del meta[key]
            build.report.add(findings, page=src_uri)
        env.variables.clear()
        env.variables.update(views)
        env.variables["page"] = PageInfo(title=page.title, url=page.url, meta=meta)
        markdown, inline = indent_block_calls(env.markdown, block_macros, safe_env)
        if inline:
            offset = source.body_offset if source is not None else 0
            message = "writes a list, which cannot sit inside a sentence -> put it on a line of its own"
            build.report.add(
                (
                    Finding(
                        project.display(src_uri),
                        call.line + offset,
                        call.column,
                        "block-macro-inline",
                        f"{{{{ {call.name}() }}}} {message}",
                    )
                    for call in inline
                ),
                page=src_uri,
            )
        env.markdown = protect_code(markdown, safe_env)

    def collect_reads(env: Any) -> None:
        fact_usage.page_rendered(build, env.page, recorder.take_renders())

    plugin._env = safe_env
    plugin.pre_macro_functions.append(prepare_page)
    plugin.post_macro_functions.append(collect_reads)


def check_rendered(source: PageSource | None, tree: HtmlTree) -> list[Finding]:
    """The last guard: template syntax that reached the HTML (render_macros: false, a snippet) would show
    readers raw braces instead of a fact."""
    return unrendered_findings(tree, source.text, source.path) if source is not None else []
