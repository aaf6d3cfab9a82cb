"""The state of one build: one read-only result per phase, and the two collectors that grow: findings, fact reads.

Nothing here knows about MkDocs. hooks/pipeline.py makes a `Build` in
``on_config`` (MkDocs reads the configuration again for every rebuild of
``mkdocs serve``, so each rebuild starts from a new one) and sets each phase's
result once, when MkDocs reaches its event:

    on_config   Setup                what mkdocs.yml and the environment say
                LoadedFacts          the facts file, read and validated once
                Resources            what each feature prepared from its settings
    on_files    Sources              every Markdown file, read once
                ThemeNames           the ids and names the theme's templates and scripts use
                PageCache            the pages rendered before (jobs/page_cache.py), and this build's hits
    on_nav      Site                 the site index and the nav
    per page    RenderedPage         what a page's render produced (kept in `rendering` until the last page)
    on_env      pages, Links         every rendered page; the link graph and every page's title
    on_env      ScriptAllowlist      the scripts a finished page may carry

Two collectors grow as pages render: the `Report` (every finding) and the fact
usage (which facts each page read; jobs/fact_usage.py).
A job receives the results it needs as arguments, so a job cannot run before
its input exists. Every value of a phase result is plain data (a rendered page
holds text, tuples and frozen records), so a page's result can be kept between
builds.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from helpcenter.article_end.feedback import FeedbackSettings
from helpcenter.article_end.related import PageRef
from helpcenter.facts.drift import DriftChecker
from helpcenter.facts.model import FactsDocument
from helpcenter.facts.reads import FactRecorder
from helpcenter.findings import Finding, log_findings
from helpcenter.links.content import PageContent
from helpcenter.links.graph import LinkGraph
from helpcenter.links.site import SiteIndex
from helpcenter.pages.publishing import Mode
from helpcenter.pages.source import PageSource
from helpcenter.rendering.page_budget import PageTiming
from helpcenter.rendering.page_cache import PageCache
from helpcenter.rendering.snippets import SnippetSetup
from helpcenter.review.usage import UsageCollector
from helpcenter.search.synonyms import SynonymGroup
from helpcenter.security.content import ScriptAllowlist
from helpcenter.security.theme_names import ThemeNames
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


@dataclass(frozen=True)
class Setup:
    """What mkdocs.yml and the environment say, read once in ``on_config``."""

    project: Project
    settings: Settings
    mode: Mode  # "publish": the readers' site; "preview": the writers' (HELPCENTER_MODE)
    serving: bool  # `mkdocs serve`: a preview, not a publication
    site_url: str | None
    today: dt.date
    config_text: str  # mkdocs.yml as written, to locate what the theme printed from it


@dataclass(frozen=True)
class Resources:
    """What each feature prepared from its settings in ``on_config``, before any page is read."""

    tags: Mapping[str, str]  # data/tags.yml: the tags a page may use
    synonyms: tuple[SynonymGroup, ...]  # data/synonyms.yml
    search_worker: str  # our search engine's URL, versioned by its content
    feedback: FeedbackSettings
    snippets: SnippetSetup | None  # None without pymdownx.snippets
    links_report: Path | None  # where the link check writes its JSON report, if anywhere


@dataclass(frozen=True)
class LoadedFacts:
    """The facts file, read and validated once; pages and theme templates render its views."""

    document: FactsDocument  # the facts, their placeholders and locations, and the file as written
    recorder: FactRecorder  # its views, e.g. support.phone, which record each fact a render reads
    drift: DriftChecker  # finds the facts typed by hand into a page (their previous values too)


@dataclass(frozen=True)
class Sources:
    """Every Markdown file under docs/ (snippets and excluded pages too: checks read them), read once."""

    pages: Mapping[str, PageSource]  # by source path under docs/
    documentation: frozenset[str]  # the documentation pages among them
    git_dates: Mapping[str, dt.date]  # when each file last changed, from one `git log`

    def of(self, src_uri: str) -> PageSource | None:
        return self.pages.get(src_uri)


@dataclass(frozen=True)
class Site:
    """Every file of the site, indexed once, and the nav."""

    index: SiteIndex
    nav_config: Any  # the nav of mkdocs.yml, as MkDocs validated it
    nav: tuple[str, ...]  # the nav's pages, in order
    sections: Mapping[str, tuple[str, ...]]  # a nav section's name -> its pages, in order


@dataclass(frozen=True)
class RenderedPage:
    """What rendering one page produced, and all that later phases read of it."""

    src_uri: str
    url: str  # as MkDocs' page.url: "billing/generate-a-bill/", "" for the home page
    title: str | None  # final: MkDocs has read the page's first heading
    is_homepage: bool
    markdown: str  # after macros: what Markdown converted
    content: PageContent  # its ids and links, from its HTML
    linkcheck: Any  # the `linkcheck` front matter, as YAML gave it
    related: Any  # the `related` front matter, as YAML gave it
    hidden: tuple[str, ...]  # the `hide` front matter: parts of the page left out
    faq_jsonld: str | None  # a FAQ page's FAQPage structured data
    findings: tuple[Finding, ...]  # what the checks of this page found while it rendered


@dataclass(frozen=True)
class Links:
    """Every link judged: the link graph, and every rendered page's title and URL."""

    graph: LinkGraph
    refs: Mapping[str, PageRef]


class Report:
    """Every finding of the build, logged once as it is found (``--strict`` counts them), and by page."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._seen: set[Finding] = set()
        self._by_page: dict[str, list[Finding]] = {}
        self.added = 0  # how many findings were added so far, repeats included

    def add(self, findings: Iterable[Finding], *, page: str | None = None) -> None:
        """Log the findings not logged yet; ``page``: the page whose rendering found them."""
        found = list(findings)
        self.added += len(found)
        if page is not None:
            self._by_page.setdefault(page, []).extend(found)
        new = set(found) - self._seen
        self._seen |= new
        log_findings(self._logger, new)

    def of_page(self, page: str) -> tuple[Finding, ...]:
        return tuple(self._by_page.get(page, ()))

    def info(self, message: str, *args: object) -> None:
        self._logger.info(message, *args)

    def reported_at(self, path: str, line: int) -> bool:
        """Whether a finding was already reported on this line (a later check then adds nothing)."""
        return any(finding.path == path and finding.line == line for finding in self._seen)


T = TypeVar("T")


class _Phase(Generic[T]):
    """A phase's result on the `Build`: set once, when MkDocs reaches the phase's event."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name, self._slot = name, f"_{name}"

    @overload
    def __get__(self, build: None, owner: type) -> _Phase[T]: ...
    @overload
    def __get__(self, build: Build, owner: type) -> T: ...
    def __get__(self, build: Build | None, owner: type) -> _Phase[T] | T:
        if build is None:
            return self
        try:
            value: T = getattr(build, self._slot)
        except AttributeError:
            raise RuntimeError(f"the build's {self._name} are read before MkDocs made them") from None
        return value

    def __set__(self, build: Build, value: T) -> None:
        if hasattr(build, self._slot):
            raise RuntimeError(f"the build's {self._name} are made twice")
        setattr(build, self._slot, value)


class Build:
    """One build: each phase's result as MkDocs reaches it, the pages rendered so far, and the report."""

    sources = _Phase[Sources]()
    site = _Phase[Site]()
    pages = _Phase[Mapping[str, RenderedPage]]()  # every rendered page, once the last one is rendered
    links = _Phase[Links]()
    scripts = _Phase[ScriptAllowlist]()
    theme_names = _Phase[ThemeNames]()  # the ids and names the theme finds its elements by (on_files)
    page_cache = _Phase[PageCache]()  # the pages rendered before whose inputs did not change (on_files)

    def __init__(
        self,
        setup: Setup,
        facts: LoadedFacts,
        resources: Resources,
        report: Report,
        usage: UsageCollector,
        timing: PageTiming,
    ) -> None:
        self.setup = setup
        self.facts = facts
        self.resources = resources
        self.report = report
        self.fact_usage = usage  # which facts each page read, as it rendered (jobs/fact_usage.py)
        self.page_timing = timing  # the page being rendered and its watchdog (jobs/page_budget.py)
        self.rendering: dict[str, RenderedPage] = {}  # the pages rendered so far; `pages` once all are
