"""Build tiny help-center sites in a temporary folder, the way CI builds the real one.

A fixture site uses the project's real ``mkdocs.yml`` (same plugins, hooks,
extensions and strictness) with its own pages, nav and, if given, facts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
# The facts, tags and synonyms of fixture sites and of the tests of their handling: frozen copies, so that a
# change to the real data/ never fails a test. Tests of the real content use the real files.
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_FACTS = FIXTURES / "facts.yml"


REFERENCE_SUFFIX = re.compile(r" \(see WRITING-REFERENCE\.md#[a-z0-9-]+\)$")


def real_config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return config


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def problems(self) -> list[str]:
        """The WARNING and ERROR messages, without their level prefix and without the trailing
        ``(see WRITING-REFERENCE.md#code)`` of findings (tests/test_reference.py checks that)."""
        found = []
        for line in self.output.splitlines():
            for level in ("WARNING", "ERROR"):
                if line.startswith(level):
                    found.append(REFERENCE_SUFFIX.sub("", line.split("-", 1)[1].strip()))
        return found


def without_missing_pages(settings: dict[str, Any], docs: Path) -> dict[str, Any]:
    """The settings less the real ones that name pages this site does not have (a fixture site has its own
    pages): the redirects of moved pages and the articles an empty search offers. A site built from the real
    docs/ (the browser tests' variant) keeps them, and so does a value a test set itself."""
    real = real_config()
    real_helpcenter = (real.get("extra") or {}).get("helpcenter") or {}

    def exists(page: object) -> bool:
        return isinstance(page, str) and (docs / page.split("#", 1)[0]).is_file()

    real_maps = next(
        (
            plugin["redirects"].get("redirect_maps") or {}
            for plugin in real.get("plugins", [])
            if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict)
        ),
        {},
    )
    for plugin in settings.get("plugins", []):
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            maps = plugin["redirects"].get("redirect_maps") or {}
            kept = {old: new for old, new in maps.items() if real_maps.get(old) != new or exists(new)}
            plugin["redirects"] = {"redirect_maps": kept}
    extra = settings.get("extra") or {}
    helpcenter = dict(extra.get("helpcenter") or {})
    search = dict(helpcenter.get("search") or {})
    popular = search.get("popular")
    real_popular = (real_helpcenter.get("search") or {}).get("popular")
    if popular and popular == real_popular and not all(exists(page) for page in popular):
        del search["popular"]
        helpcenter["search"] = search
    if extra:
        settings["extra"] = {**extra, "helpcenter": helpcenter}
    return settings


def make_site(
    root: Path,
    pages: Mapping[str, str],
    *,
    nav: list[Any] | None = None,
    facts: str | None = None,
    config: Mapping[str, Any] | None = None,
    extra_files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write a project into ``root`` and return the path of its mkdocs.yml.

    ``pages`` maps paths under docs/ to Markdown (dedented). Without ``nav`` the
    nav lists every page, so orphan checks stay quiet unless a test wants them.
    """
    settings = real_config()
    settings["hooks"] = [str(ROOT / hook) for hook in settings.get("hooks", [])]
    settings["theme"]["custom_dir"] = str(ROOT / "overrides")
    settings["nav"] = nav if nav is not None else sorted(page for page in pages if page.endswith(".md"))
    settings.pop("exclude_docs", None)
    for key, value in (config or {}).items():
        settings[key] = value
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "_snippets").mkdir(exist_ok=True)
    for name, text in pages.items():
        target = root / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    for name, content in (extra_files or {}).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (root / "data").mkdir(exist_ok=True)
    if facts is None:
        shutil.copy(FIXTURE_FACTS, root / "data" / "facts.yml")
    else:
        (root / "data" / "facts.yml").write_text(dedent(facts).lstrip("\n"), encoding="utf-8")
    for name in ("tags.yml", "synonyms.yml"):
        if not (root / "data" / name).exists():
            shutil.copy(FIXTURES / name, root / "data" / name)
    settings = without_missing_pages(settings, root / "docs")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config_file


def project_assets() -> dict[str, bytes]:
    """The project's own files under docs/assets (styles, scripts, images), for fixture sites a browser opens."""
    folder = ROOT / "docs" / "assets"
    return {
        f"docs/assets/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def real_fact_views() -> dict[str, Any]:
    """What pages render for each name with the real data/facts.yml, for tests of the real content: they take
    the values they expect from here, never from a copy."""
    from helpcenter.facts.model import load_facts, template_variables

    return template_variables(load_facts(ROOT / "data" / "facts.yml", "data/facts.yml"))


def build(
    config_file: Path, *, site_dir: Path | None = None, env: Mapping[str, str] | None = None, strict: bool = True
) -> BuildResult:
    """Run ``mkdocs build --strict`` as CI does (or, with ``strict=False``, as the preview does), in a separate
    process."""
    site = site_dir or config_file.parent / "site"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in (env or {}) else None
    mode = "--strict" if strict else "--no-strict"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", mode, "-f", str(config_file), "-d", str(site)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=config_file.parent,
        check=False,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site)


def build_site(root: Path, pages: Mapping[str, str], **options: Any) -> BuildResult:
    env = options.pop("env", None)
    return build(make_site(root, pages, **options), env=env)
