"""The state of one build, in one object: made when the configuration is read, dropped with it.

Nothing here knows about MkDocs. hooks/pipeline.py makes a `Build` in
``on_config`` (MkDocs reads the configuration again for every rebuild of
``mkdocs serve``, so each rebuild starts from a new one) and hands it to every
job. Each job keeps what it learns in its own field; no job keeps state of its
own anywhere else.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpcenter.article_end.feedback import FeedbackSettings, ManifestPage
from helpcenter.article_end.related import PageRef
from helpcenter.facts.drift import DriftChecker
from helpcenter.facts.model import Facts, FactsDocument
from helpcenter.findings import Finding
from helpcenter.links.check import LinkGraph, PageContent, SiteIndex, SourceComplaint
from helpcenter.pages.publishing import Mode
from helpcenter.pages.source import PageSource
from helpcenter.rendering.snippets import SnippetSetup
from helpcenter.search.synonyms import SynonymGroup
from helpcenter.security.content import ScriptAllowlist
from helpcenter.settings import Settings


@dataclass(frozen=True)
class Project:
    """Where things are, and how a writer sees their paths."""

    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    config_name: str  # "mkdocs.yml", as written in messages

    @property
    def docs_prefix(self) -> str:
        return os.path.relpath(self.docs_dir, self.root).replace(os.sep, "/")

    def display(self, src_uri: str) -> str:
        """``docs/billing/x.md``: a page's path as the writer sees it from the project root."""
        prefix = self.docs_prefix
        return src_uri if prefix == "." else f"{prefix}/{src_uri}"

    def display_file(self, path: str | Path) -> str:
        """Any file's path relative to the project root."""
        return os.path.relpath(path, self.root).replace(os.sep, "/")


class Report:
    """Every finding of the build, logged once as it is found (``--strict`` counts them)."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._seen: set[Finding] = set()
        self.annotate = os.environ.get("GITHUB_ACTIONS") == "true"

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in sorted(set(findings) - self._seen):
            self._seen.add(finding)
            self._logger.log(logging.ERROR if finding.severity == "error" else logging.WARNING, finding.logged())
            if self.annotate:
                print(finding.github_annotation(), flush=True)

    def info(self, message: str, *args: object) -> None:
        self._logger.info(message, *args)

    def reported_at(self, path: str, line: int) -> bool:
        """Whether a finding was already reported on this line (a later check then adds nothing)."""
        return any(finding.path == path and finding.line == line for finding in self._seen)

    @property
    def errors(self) -> int:
        return sum(1 for finding in self._seen if finding.severity == "error")


@dataclass
class RenderedPage:
    """What the link check keeps of a rendered page until every page is rendered."""

    src_uri: str
    content: PageContent  # its ids and links
    markdown: str  # after macros: what Markdown converted
    linkcheck: Any  # the front-matter value


@dataclass
class Build:
    project: Project
    settings: Settings
    serving: bool  # `mkdocs serve`: a preview, not a publication
    mode: Mode  # "publish": the readers' site; "preview": the writers' (HELPCENTER_MODE)
    site_url: str | None
    report: Report
    today: dt.date
    facts: Facts | None = None
    facts_document: FactsDocument | None = None  # the facts with their placeholders and locations
    views: dict[str, object] = field(default_factory=dict)  # what pages and theme templates render
    macros: dict[str, Any] = field(default_factory=dict)  # project macros, by name
    block_macros: set[str] = field(default_factory=set)  # those that write a block (a list), not text
    tags: dict[str, str] = field(default_factory=dict)
    sources: dict[str, PageSource] = field(default_factory=dict)  # every Markdown file, read once
    page_paths: frozenset[str] = frozenset()  # documentation pages, relative to docs/
    nav_pages: frozenset[str] = frozenset()
    nav_sections: dict[str, list[str]] = field(default_factory=dict)  # section name -> its pages, in order
    site_index: SiteIndex | None = None
    rendered: dict[str, RenderedPage] = field(default_factory=dict)
    graph: LinkGraph = field(default_factory=LinkGraph)
    source_complaints: list[SourceComplaint] = field(default_factory=list)  # MkDocs' own link messages
    faq_jsonld: dict[str, str] = field(default_factory=dict)  # FAQ page -> its JSON-LD text
    git_dates: dict[str, dt.date] = field(default_factory=dict)
    feedback: FeedbackSettings | None = None
    feedback_pages: list[ManifestPage] = field(default_factory=list)  # articles that show the widget
    drift: DriftChecker | None = None
    snippets: SnippetSetup | None = None
    links_report: Path | None = None  # where the link check writes its JSON report, if anywhere
    page_refs: dict[str, PageRef] = field(default_factory=dict)
    scripts: ScriptAllowlist | None = None  # the scripts a finished page may carry
    synonyms: tuple[SynonymGroup, ...] = ()
    search_worker: str = ""  # our search engine's URL, versioned by its content
    search_weights: dict[str, float] = field(default_factory=dict)  # page URL -> its weight in the ranking
    nav_pages_in_order: list[str] = field(default_factory=list)
    config_text: str = ""  # mkdocs.yml as written, to locate what the theme printed from it
    facts_text: str = ""  # the facts file as written  # every page's title and URL, once titles are final

    def source(self, src_uri: str) -> PageSource | None:
        return self.sources.get(src_uri)
