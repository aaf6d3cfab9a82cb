"""Shared fixtures: tiny fixture sites, one strict build of the real site, one throwaway PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pgcluster import PostgresMissing, postgres_cluster
from processes import stop_on_termination
from sitebuilder import ROOT, BuildResult, build


def pytest_configure(config: pytest.Config) -> None:
    stop_on_termination()  # a test run that is killed still stops every server it started


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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server for this test run (tests/pgcluster.py); missing binaries fail, never skip."""
    try:
        with postgres_cluster() as url:
            yield url
    except PostgresMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the service runs on (SQLAlchemy URL); the same tests run on both."""
    from feedback_kit import fresh_database

    postgres = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return fresh_database(request.param, tmp_path, postgres)
