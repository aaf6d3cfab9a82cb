"""Shared fixtures: tiny fixture sites and one strict build of the real site."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder import ROOT, BuildResult, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built once per test run with ``--strict``."""
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    result = build(ROOT / "mkdocs.yml", site_dir=site_dir)
    assert result.ok, f"the real site does not build strictly:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def real_site_dir(real_site: BuildResult) -> Path:
    return real_site.site_dir
