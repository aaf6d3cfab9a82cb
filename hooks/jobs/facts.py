"""Facts: load and validate data/facts.yml once per build, then give it to pages (macros) and theme templates."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.facts.drift import DriftChecker
from helpcenter.facts.model import (
    FactsError,
    active_announcement,
    load_facts_document,
    not_migrated_markdown,
    template_variables,
)
from helpcenter.rendering.sandbox import block
from jobs.build import LoadedFacts, Setup
from jobs.macros import ProjectMacro


def load(setup: Setup, config: MkDocsConfig) -> LoadedFacts:
    name = setup.settings.helpcenter.facts_file
    try:
        document = load_facts_document(setup.project.root / name, name)
    except FactsError as error:
        raise PluginError(str(error)) from None
    # Theme templates read the announcement bar from config.extra (overrides/main.html).
    config.extra["announcement"] = active_announcement(document.facts, setup.today)
    return LoadedFacts(document, template_variables(document.facts), DriftChecker.from_facts(document.facts))


def macros(loaded: LoadedFacts) -> dict[str, ProjectMacro]:
    facts = loaded.document.facts
    return {"not_migrated": ProjectMacro(lambda: block("not_migrated", not_migrated_markdown(facts)), block=True)}


def give_theme(loaded: LoadedFacts, env: Environment) -> None:
    # Theme templates read the same views as pages, e.g. {{ hc_facts.support.phone.tel }}.
    env.globals["hc_facts"] = dict(loaded.views)
