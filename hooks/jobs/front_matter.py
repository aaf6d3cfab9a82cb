"""Front matter: every page's keys against the one schema, tags from data/tags.yml, `related` pages that exist."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from helpcenter.pages.front_matter import TagsError, check_front_matter, load_tags
from helpcenter.pages.source import PageSource
from jobs.build import Build


def configure(build: Build) -> None:
    name = build.settings.helpcenter.tags_file
    try:
        build.tags = load_tags(build.project.root / name, name)
    except TagsError as error:
        raise PluginError(str(error)) from None


def check(build: Build, source: PageSource) -> None:
    """Runs before macros: a broken front matter is reported even if the page fails to render."""
    if source.front_matter_error is not None:
        build.report.add([source.front_matter_error.finding(source.path)])
        return
    if source.front_matter is None:
        return
    build.report.add(
        check_front_matter(
            source.front_matter,
            path=source.path,
            src_path=source.src_uri,
            tags=build.tags,
            pages=build.page_paths,
            tags_file=build.settings.helpcenter.tags_file,
        )
    )
