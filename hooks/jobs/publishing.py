"""The readers' site (HELPCENTER_MODE=publish): no writers' chrome, and no placeholder shipped.

The writers' preview (`make serve`, a plain `make build`) keeps the edit pencil
and the repository link; the publishing build drops both, and stops, located,
while mkdocs.yml or the facts file still hold a placeholder.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from helpcenter.pages.publishing import publish_problems
from jobs.build import LoadedFacts, Report, Setup


def configure(setup: Setup, facts: LoadedFacts, config: MkDocsConfig, report: Report) -> None:
    if setup.mode != "publish":
        return
    settings = {
        ("site_url",): config.site_url,
        ("repo_url",): config.repo_url,
        ("extra", "feedback", "endpoint"): setup.settings.feedback.endpoint,
    }
    report.add(
        publish_problems(
            settings,
            config_text=setup.config_text,
            config_name=setup.project.config_name,
            facts=facts.document,
            facts_name=setup.settings.helpcenter.facts_file,
        )
    )
    # Readers get neither the "Edit this page" pencil nor the repository link: both are for writers.
    config.repo_url = None
    config.repo_name = None
    config.edit_uri = None
