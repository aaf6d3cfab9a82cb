"""MkDocs hook: refuse symlinks out of docs/ (and bad file names) before MkDocs reads or copies anything.

MkDocs follows symlinks when it lists docs/ and copies their targets into the
site, so this runs first of all, in ``on_config`` (MkDocs' first build event,
before it lists or copies a file): every problem is logged located, then one
``PluginError`` stops the build. Besides docs/ it checks the other folders the
build reads writers' files from: the theme's custom_dir (MkDocs publishes its
non-template files), the snippet folders, and the folders of the facts and tags
files (their text reaches pages and error messages). The logic is in
helpcenter/docs_tree.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from helpcenter.docs_tree import check_trees
from helpcenter.findings import log_findings

log = logging.getLogger("mkdocs.plugins.docs_tree")


def _roots(config: MkDocsConfig, project: Path) -> list[tuple[Path, str]]:
    roots = [Path(config.docs_dir)]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    bases = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
    for base in [bases] if isinstance(bases, str) else bases:
        path = project / base
        # "." is pymdownx's default: the whole project, which is not published; its docs/ is checked anyway.
        if path.resolve() != project.resolve():
            roots.append(path if path.is_dir() else path.parent)
    helpcenter = config.extra.get("helpcenter") or {}
    for key in ("facts_file", "tags_file"):
        if isinstance(helpcenter.get(key), str):
            roots.append((project / helpcenter[key]).parent)

    def shown(path: Path) -> str:
        relative = os.path.relpath(path.resolve(), project.resolve())
        return str(path.resolve()) if relative.startswith("..") else relative.replace(os.sep, "/")

    return [(root, shown(root)) for root in roots]


# First of every hook: nothing may read a file under docs/ before its links are checked.
@event_priority(200)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Path(config.config_file_path).parent
    findings = check_trees(_roots(config, project), project=project)
    if findings:
        count = log_findings(log, findings)
        raise PluginError(
            f"{count} {'file' if count == 1 else 'files'} above cannot be published safely; nothing was built"
        )
    return config
