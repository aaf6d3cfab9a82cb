"""Snippet includes (``--8<-- "name.md"``): every include resolves, or a located message says why.

pymdownx.snippets reports a missing include as a traceback without a line. This
job finds every include of a page (and of the snippets it includes) first,
reports each problem at the page's line, and leaves failing includes out so the
rest of the page still builds. A page that its snippets would make larger than
a page may be stops at the include that goes over, before any is inserted. It
also resolves the extension's ``base_path`` from mkdocs.yml's folder, not the
working directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig

from helpcenter.findings import Finding
from helpcenter.pages.integrity import decode_page
from helpcenter.pages.source import PageSource
from helpcenter.rendering.snippets import Resolver, SnippetSetup, check_includes, find_includes
from jobs.build import Report, Setup, Sources

EXTENSION = "pymdownx.snippets"


def configure(setup: Setup, config: MkDocsConfig) -> SnippetSetup | None:
    if EXTENSION not in config.markdown_extensions:
        return None
    settings = config.mdx_configs.setdefault(EXTENSION, {})
    bases = settings.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases
    settings["base_path"] = [str((setup.project.root / base).resolve()) for base in bases]
    parser = Markdown(extensions=[EXTENSION], extension_configs={EXTENSION: dict(settings)})
    # pymdownx.snippets' SnippetPreprocessor, which has the two methods a Resolver names.
    resolver = cast(Resolver, parser.preprocessors["snippet"])
    return SnippetSetup(resolver, [Path(base) for base in settings["base_path"]])


def check(
    setup: Setup, snippets: SnippetSetup | None, sources: Sources, source: PageSource, markdown: str, report: Report
) -> str:
    """Report every include problem of the page; return its Markdown with the failing includes left out."""
    if snippets is None or "8<-" not in markdown:
        return markdown
    project = setup.project
    docs = project.docs_dir.resolve()

    def read(real_path: str) -> tuple[str, Finding | None]:
        # A snippet under docs/ was already read with the pages; others are read here.
        path = Path(real_path).resolve()
        if path.is_relative_to(docs):
            known = sources.of(path.relative_to(docs).as_posix())
            if known is not None:
                return known.text, next((found for found in known.problems if found.code == "not-utf8"), None)
        return decode_page(path.read_bytes(), project.display_file(path))

    problems = check_includes(
        source.text, source.path, snippets.resolver, bases=snippets.bases, display=project.display_file, read=read
    )
    if not problems:
        return markdown
    report.add((problem.finding for problem in problems), page=source.src_uri)
    # A leading ';' is pymdownx's own way to escape an include: the rest of the page still builds. From the
    # include that makes the page too large on, none is included (the scan stopped there).
    left_out = {problem.top_line for problem in problems}
    too_large = min((problem.top_line for problem in problems if problem.finding.code == "page-too-large"), default=0)
    if too_large:
        left_out.update(include.line for include in find_includes(source.text) if include.line >= too_large)
    lines = markdown.split("\n")
    for line in {top_line - source.body_offset - 1 for top_line in left_out}:
        if 0 <= line < len(lines):
            text = lines[line]
            indent = len(text) - len(text.lstrip())
            lines[line] = f"{text[:indent]};{text[indent:]}"
    return "\n".join(lines)
