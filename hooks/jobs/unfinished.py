"""Writers' leftovers: a note typed as {# #} (not a comment here), the scaffold's stand-in text."""

from __future__ import annotations

from helpcenter.pages.source import PageSource
from helpcenter.pages.unfinished import unfinished_findings, without_misused_comments
from jobs.build import Build


def check(build: Build, source: PageSource, markdown: str) -> str:
    """Report them; return the page without the misused comments, which must not reach even the preview."""
    build.report.add(unfinished_findings(source))
    return without_misused_comments(markdown)
