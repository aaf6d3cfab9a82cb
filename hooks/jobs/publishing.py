"""The readers' site (HELPCENTER_MODE=publish): no writers' chrome, and no placeholder shipped.

The writers' preview (`make serve`, a plain `make build`) keeps the edit pencil
and the repository link; the publishing build drops both, and stops, located,
while mkdocs.yml or the facts file still hold a placeholder.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from helpcenter.pages.publishing import publish_problems
from jobs.build import Build


def configure(build: Build, config: MkDocsConfig) -> None:
    if build.mode != "publish":
        return
    settings = {
        ("site_url",): config.site_url,
        ("repo_url",): config.repo_url,
        ("extra", "feedback", "endpoint"): build.settings.feedback.endpoint,
    }
    build.report.add(
        publish_problems(
            settings,
            config_text=build.config_text,
            config_name=build.project.config_name,
            facts=build.facts_document,
            facts_name=build.settings.helpcenter.facts_file,
        )
    )
    # Readers get neither the "Edit this page" pencil nor the repository link: both are for writers.
    config.repo_url = None
    config.repo_name = None
    config.edit_uri = None
