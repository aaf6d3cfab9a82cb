"""The files the build reads: no symlink out of their folder, no file name that hides anything.

MkDocs follows symlinks when it lists docs/ and copies their targets into the
site, so this runs first of all, in ``on_config`` (before MkDocs lists or
copies a file): every problem is reported located, then one ``PluginError``
stops the build. Besides docs/ it checks the other folders writers' files are
read from: the theme's custom_dir (MkDocs publishes its non-template files),
the snippet folders, and the folders of the facts and tags files.

Then, once MkDocs has listed the files and before it copies one, each file it
would publish besides pages is judged by its type (`check_files`): only types
that run no script on the site's origin.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from helpcenter.findings import Finding
from helpcenter.security.docs_tree import check_trees
from helpcenter.security.static_files import judge_file, own_assets
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
    _stop_on(report, check_trees(_roots(setup, config), project=setup.project.root), "above cannot be published safely")


def _read_once(file: File) -> bytes:
    data = file.content_bytes
    file.content_bytes = data  # MkDocs writes these bytes: a file under docs/ is opened once
    return data


def _stop_on(report: Report, findings: list[Finding], what: str) -> None:
    if findings:
        report.add(findings)
        count = len({finding.path for finding in findings})
        raise PluginError(f"{count} {'file' if count == 1 else 'files'} {what}; nothing was built")


def check_files(setup: Setup, files: Files, config: MkDocsConfig, report: Report) -> None:
    """Every file MkDocs will publish besides pages, before it copies any: a type that runs no script."""
    own = own_assets([*map(str, config.extra_css), *map(str, config.extra_javascript)])
    docs = str(setup.project.docs_dir)
    findings = []
    for file in files:
        # The theme's own files (Material's, overrides/) are code, reviewed as code; only docs/ is content.
        if file.src_dir != docs or file.is_documentation_page() or file.inclusion is InclusionLevel.EXCLUDED:
            continue
        read = functools.partial(_read_once, file)
        findings.extend(judge_file(file.src_uri, setup.project.display(file.src_uri), own, read))
    _stop_on(report, findings, "above cannot be published safely")
