"""Facts: load and validate data/facts.yml once per build, then give it to pages (macros) and theme templates."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.facts.drift import DriftChecker
from helpcenter.facts.history import previous_text
from helpcenter.facts.model import (
    ANNOUNCEMENT_DERIVED,
    Facts,
    FactsError,
    NotMigratedItem,
    active_announcement,
    load_facts_document,
    not_migrated_list,
    parse_facts,
    template_variables,
)
from helpcenter.facts.reads import FactRecorder
from helpcenter.rendering.sandbox import block
from jobs.build import LoadedFacts, Setup
from jobs.macros import ProjectMacro


def load(setup: Setup, config: MkDocsConfig) -> LoadedFacts:
    name = setup.settings.helpcenter.facts_file
    try:
        document = load_facts_document(setup.project.root / name, name)
    except FactsError as error:
        raise PluginError(str(error)) from None
    # Pages, macros and the theme read the facts through one recorder: each page's reads make the
    # fact-usage map (jobs/fact_usage.py).
    recorder = FactRecorder(template_variables(document.facts))
    # Theme templates read the announcement bar from config.extra (overrides/main.html).
    notice = active_announcement(document.facts, setup.today)
    config.extra["announcement"] = recorder.mapping(notice, "announcement", ANNOUNCEMENT_DERIVED) if notice else None
    drift = DriftChecker.from_facts(document.facts, _previous_facts(setup, document.text))
    return LoadedFacts(document, recorder, drift)


def _previous_facts(setup: Setup, text: str) -> Facts | None:
    """The facts before their last change, if git has them and they are valid today (a schema change ends it)."""
    name = setup.settings.helpcenter.facts_file
    previous = previous_text(setup.project.root, name, text)
    if previous is None:
        return None
    try:
        return parse_facts(previous, name)
    except FactsError:
        return None


def macros(loaded: LoadedFacts) -> dict[str, ProjectMacro]:
    recorder = loaded.recorder

    def not_migrated() -> str:
        items: list[NotMigratedItem] = recorder.fact("migration.not_migrated")
        return block("not_migrated", not_migrated_list(items))

    return {"not_migrated": ProjectMacro(not_migrated, block=True)}


def give_theme(loaded: LoadedFacts, env: Environment) -> None:
    # Theme templates read the same views as pages, e.g. {{ hc_facts.support.phone.tel }}.
    env.globals["hc_facts"] = loaded.recorder.views
