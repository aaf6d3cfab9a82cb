"""MkDocs hook: load and validate data/facts.yml, then hand the facts to pages and templates.

Pages get them through mkdocs-macros (``{{ support.phone }}``); theme templates
get the announcement through ``config.extra``, because macros variables are not
visible there. A bad facts file stops the build with a located message.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.clock import build_date
from helpcenter.facts import FactsError, active_announcement, load_facts, not_migrated_markdown, template_variables
from helpcenter.still_need_help import still_need_help

log = logging.getLogger("mkdocs.plugins.facts")

DEFAULT_FACTS_FILE = "data/facts.yml"

# The current build's views, for theme templates (set in on_config: hooks outlive builds under `mkdocs serve`).
_theme_facts: dict[str, object] = {}


def facts_path(config: MkDocsConfig) -> tuple[Path, str]:
    """The facts file's real path and the project-relative name used in messages."""
    name = config.extra.get("helpcenter", {}).get("facts_file", DEFAULT_FACTS_FILE)
    return Path(config.config_file_path).parent / name, name


# Before mkdocs-macros builds its environment (priority 0), so the facts exist there.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path, name = facts_path(config)
    try:
        facts = load_facts(path, name)
    except FactsError as error:
        raise PluginError(f"{error}") from None
    macros = config.plugins.get("macros")
    if macros is None:
        raise PluginError("the 'macros' plugin is not enabled in mkdocs.yml -> add it under `plugins:`")
    variables = template_variables(facts)
    _theme_facts.clear()
    _theme_facts.update(variables)
    macros.register_variables(variables)
    macros.register_macros({"not_migrated": lambda: not_migrated_markdown(facts)})
    config.extra["announcement"] = active_announcement(facts, build_date())
    log.debug("facts loaded from %s", name)
    return config


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    # Theme templates read the same views as pages, e.g. {{ hc_facts.support.phone.tel }}.
    env.globals["hc_facts"] = dict(_theme_facts)
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    # "Still need help?" at the end of each article (overrides/main.html renders it from hc_facts).
    context["hc_help"] = still_need_help(page.file.src_uri, is_homepage=page.is_homepage, meta=page.meta)
    return context
