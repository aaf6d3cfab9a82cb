"""The files the build reads: no symlink out of their folder, no file name that hides anything.

MkDocs follows symlinks when it lists docs/ and copies their targets into the
site, so this runs first of all, in ``on_config`` (before MkDocs lists or
copies a file): every problem is reported located, then one ``PluginError``
stops the build. Besides docs/ it checks the other folders writers' files are
read from: the theme's custom_dir (MkDocs publishes its non-template files),
the snippet folders, and the folders of the facts and tags files.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.security.docs_tree import check_trees
from jobs.build import Report, Setup


def _roots(setup: Setup, config: MkDocsConfig) -> list[tuple[Path, str]]:
    project = setup.project.root
    roots = [setup.project.docs_dir]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    bases = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
    for base in [bases] if isinstance(bases, str) else bases:
        path = project / base
        # "." is pymdownx's default: the whole project, which is not published; its docs/ is checked anyway.
        if path.resolve() != project.resolve():
            roots.append(path if path.is_dir() else path.parent)
    for name in (setup.settings.helpcenter.facts_file, setup.settings.helpcenter.tags_file):
        roots.append((project / name).parent)

    def shown(path: Path) -> str:
        relative = os.path.relpath(path.resolve(), project.resolve())
        return str(path.resolve()) if relative.startswith("..") else relative.replace(os.sep, "/")

    return [(root, shown(root)) for root in roots]


def check(setup: Setup, config: MkDocsConfig, report: Report) -> None:
    findings = check_trees(_roots(setup, config), project=setup.project.root)
    if findings:
        report.add(findings)
        count = len(findings)
        raise PluginError(
            f"{count} {'file' if count == 1 else 'files'} above cannot be published safely; nothing was built"
        )
