"""Front matter: every page's keys against the one schema, tags from data/tags.yml, `related` pages that exist."""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.exceptions import PluginError

from helpcenter.findings import Finding
from helpcenter.pages.front_matter import TagsError, check_front_matter
from helpcenter.pages.front_matter import load_tags as _load_tags
from helpcenter.pages.source import PageSource
from jobs.build import Setup, Sources


def load_tags(setup: Setup) -> dict[str, str]:
    name = setup.settings.helpcenter.tags_file
    try:
        return _load_tags(setup.project.root / name, name)
    except TagsError as error:
        raise PluginError(str(error)) from None


def check(setup: Setup, tags: Mapping[str, str], sources: Sources, source: PageSource) -> list[Finding]:
    """Runs before macros: a broken front matter is reported even if the page fails to render."""
    if source.front_matter_error is not None:
        return [source.front_matter_error.finding(source.path)]
    if source.front_matter is None:
        return []
    return check_front_matter(
        source.front_matter,
        path=source.path,
        src_path=source.src_uri,
        tags=tags,
        pages=sources.documentation,
        tags_file=setup.settings.helpcenter.tags_file,
    )
