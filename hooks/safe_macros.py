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

from helpcenter.findings import Finding, body_line_offset, display_path, log_findings
from helpcenter.rendering import explain_template_error, protect_code, sandboxed_copy
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

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

    def report(error: BaseException, source: str, variables: Mapping[str, object]) -> str:
        page = macros.page
        problem = explain_template_error(error, source, variables)
        try:
            with open(page.file.abs_src_path, encoding="utf-8") as handle:
                offset = body_line_offset(handle.read())
        except (OSError, UnicodeDecodeError):
            offset = 0
        finding = Finding(
            display_path(project_dir, config.docs_dir, page.file.src_path),
            problem.line + offset,
            problem.column,
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
        env.variables["page"] = PageInfo(title=page.title, url=page.url, meta=dict(page.meta))
        env.markdown = protect_code(env.markdown, safe_env)

    macros._env = safe_env
    macros.pre_macro_functions.append(prepare_page)
