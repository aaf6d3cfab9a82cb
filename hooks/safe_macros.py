"""MkDocs hook: render page macros in a sandbox, keep code verbatim, locate every template error.

mkdocs-macros renders pages with a plain Jinja environment that exposes the
whole configuration and Python internals. After it has set itself up, this hook
swaps in a sandboxed environment whose only globals are the project's macros,
and trims the page variables to the facts. Template errors become one located
line (``docs/page.md:LINE:COL: ...``) instead of a traceback or an exit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.findings import Finding, body_line_offset, display_path, log_findings
from helpcenter.macro_guards import key_line, reserved_front_matter, unrendered_findings
from helpcenter.rendering import explain_template_error, protect_code, sandboxed_copy

log = logging.getLogger("mkdocs.plugins.safe_macros")


@dataclass(frozen=True)
class PageInfo:
    """What a page template may know about its own page."""

    title: str | None
    url: str
    meta: Mapping[str, Any] = field(default_factory=dict)


def on_pre_build(config: MkDocsConfig) -> None:
    # on_pre_build runs after every on_config, so the macros environment exists now.
    macros = config.plugins.get("macros")
    if macros is None:
        raise PluginError("the 'macros' plugin is not enabled in mkdocs.yml -> add it under `plugins:`")
    # Names registered by the project's hooks (facts, FAQ index, ...) and nothing else.
    allowed_variables = set(macros._add_variables)
    project_macros = {name: macros.macros[name] for name in macros._add_macros if name in macros.macros}
    safe_env = sandboxed_copy(macros.env, project_macros)
    project_dir = os.path.dirname(config.config_file_path)
    reserved = allowed_variables | set(project_macros)

    def report(error: BaseException, source: str, variables: Mapping[str, object]) -> str:
        page = macros.page
        problem = explain_template_error(error, source, variables)
        try:
            # content_string, not the file on disk: another hook may have replaced the source.
            raw = page.file.content_string
        except (OSError, UnicodeDecodeError):
            raw = ""
        line, column = problem.line + body_line_offset(raw), problem.column
        if source == page.meta.get("title"):  # mkdocs-macros renders a title with braces on its own
            line = key_line(raw, "title")
            start = raw.split("\n")[line - 1].find(source)
            column += max(start, 0)
        finding = Finding(
            display_path(project_dir, config.docs_dir, page.file.src_path),
            line,
            column,
            "template-error",
            problem.message,
        )
        log_findings(log, [finding])
        # Shown only by `mkdocs serve` (a strict build stops): the writer sees the problem in place.
        return f'!!! failure "This page could not be rendered"\n\n    `{finding}`\n'

    safe_env.report = report

    def prepare_page(env: Any) -> None:
        for name in list(env.variables):
            if name not in allowed_variables:
                del env.variables[name]
        page = env.page
        meta = dict(page.meta)
        problems = reserved_front_matter(meta, reserved)
        if problems:
            source = page.file.content_string
            path = display_path(project_dir, config.docs_dir, page.file.src_path)
            findings = []
            for key, message in problems.items():
                findings.append(Finding(path, key_line(source, key), 1, "front-matter-reserved", message))
                del meta[key]
            log_findings(log, findings)
        env.variables["page"] = PageInfo(title=page.title, url=page.url, meta=meta)
        env.markdown = protect_code(env.markdown, safe_env)

    macros._env = safe_env
    macros.pre_macro_functions.append(prepare_page)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The last guard: template syntax that reached the HTML (render_macros: false, a
    # macro's output) would show readers raw braces instead of a fact.
    if "{{" not in html and "{%" not in html:
        return html
    source = page.file.content_string
    path = display_path(os.path.dirname(config.config_file_path), config.docs_dir, page.file.src_path)
    log_findings(log, unrendered_findings(html, source, path))
    return html
