"""Facts: load and validate data/facts.yml once per build, then give it to pages (macros) and theme templates."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.facts.model import (
    ANNOUNCEMENT_DERIVED,
    FactsError,
    NotMigratedItem,
    active_announcement,
    load_facts_document,
    not_migrated_list,
    template_variables,
)
from helpcenter.facts.reads import FactRecorder
from jobs.build import Build


def configure(build: Build, config: MkDocsConfig) -> None:
    name = build.settings.helpcenter.facts_file
    try:
        document = load_facts_document(build.project.root / name, name)
    except FactsError as error:
        raise PluginError(str(error)) from None
    facts = build.facts = document.facts
    build.facts_document = document
    build.facts_text = document.text
    build.views = template_variables(facts)
    # Pages, macros and the theme read the facts through one recorder: each page's reads make the
    # fact-usage map (jobs/fact_usage.py).
    recorder = build.fact_reads = FactRecorder(build.views)

    def not_migrated() -> str:
        items: list[NotMigratedItem] = recorder.fact("migration.not_migrated")
        return not_migrated_list(items)

    build.macros["not_migrated"] = not_migrated
    build.block_macros.add("not_migrated")
    # Theme templates read the announcement bar from config.extra (overrides/main.html).
    notice = active_announcement(facts, build.today)
    config.extra["announcement"] = recorder.mapping(notice, "announcement", ANNOUNCEMENT_DERIVED) if notice else None


def give_theme(build: Build, env: Environment) -> None:
    # Theme templates read the same views as pages, e.g. {{ hc_facts.support.phone.tel }}.
    env.globals["hc_facts"] = build.fact_reads.views if build.fact_reads is not None else dict(build.views)
