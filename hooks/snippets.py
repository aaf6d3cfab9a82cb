"""MkDocs hook: every snippet include (``--8<-- "name.md"``) resolves, or a located message says why.

pymdownx.snippets reports a missing include as a traceback without a line.
This hook takes over that check (it sets the extension's ``check_paths`` to
false) and reports each problem at the page's line and column instead. It also
resolves the extension's ``base_path`` from mkdocs.yml's folder, not the
working directory. The logic is in helpcenter/snippets.py.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.findings import body_line_offset, display_path, log_findings
from helpcenter.snippets import Resolver, check_includes
from helpcenter.sources import source_text

log = logging.getLogger("mkdocs.plugins.snippets")

EXTENSION = "pymdownx.snippets"


@dataclass
class _Build:
    resolver: Resolver | None = None
    bases: list[Path] = field(default_factory=list)


_build = _Build()  # reset in on_config: hooks outlive builds under `mkdocs serve`


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _build.resolver, _build.bases = None, []
    if EXTENSION not in config.markdown_extensions:
        return config
    settings = config.mdx_configs.setdefault(EXTENSION, {})
    project = Path(config.config_file_path).parent
    bases = settings.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases
    settings["base_path"] = [str((project / base).resolve()) for base in bases]
    # This hook reports missing includes, with their line; the extension would raise.
    settings["check_paths"] = False
    parser = Markdown(extensions=[EXTENSION], extension_configs={EXTENSION: dict(settings)})
    _build.resolver = parser.preprocessors["snippet"]
    _build.bases = [Path(base) for base in settings["base_path"]]
    return config


# Before mkdocs-macros renders the page (priority 0), while body lines are still the file's lines.
@event_priority(50)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "8<-" not in markdown or _build.resolver is None:
        return markdown
    project = os.path.dirname(config.config_file_path)

    def display(real_path: str) -> str:
        return os.path.relpath(real_path, project).replace(os.sep, "/")

    source = source_text(page.file)
    path = display_path(project, config.docs_dir, page.file.src_path)
    problems = check_includes(source, path, _build.resolver, bases=_build.bases, display=display)
    if not problems:
        return markdown
    log_findings(log, [problem.finding for problem in problems])
    # Leave out the includes that failed, so the rest of the page still builds (and
    # `mkdocs serve` shows it): a leading ';' is pymdownx's own way to escape one.
    lines = markdown.split("\n")
    offset = body_line_offset(source)
    for line in {problem.top_line - offset - 1 for problem in problems}:
        if 0 <= line < len(lines):
            text = lines[line]
            indent = len(text) - len(text.lstrip())
            lines[line] = f"{text[:indent]};{text[indent:]}"
    return "\n".join(lines)
