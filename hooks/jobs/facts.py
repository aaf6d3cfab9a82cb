"""Facts: load and validate data/facts.yml once per build, then give it to pages (macros) and theme templates."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.facts.model import (
    FactsError,
    active_announcement,
    load_facts_document,
    not_migrated_markdown,
    template_variables,
)
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
    build.macros["not_migrated"] = lambda: not_migrated_markdown(facts)
    build.block_macros.add("not_migrated")
    # Theme templates read the announcement bar from config.extra (overrides/main.html).
    config.extra["announcement"] = active_announcement(facts, build.today)


def give_theme(build: Build, env: Environment) -> None:
    # Theme templates read the same views as pages, e.g. {{ hc_facts.support.phone.tel }}.
    env.globals["hc_facts"] = dict(build.views)
