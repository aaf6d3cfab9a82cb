"""Shared fixtures: tiny fixture sites, one strict build of the real site, one throwaway PostgreSQL server.

Tests of the real site (those that use `real_site` or `real_site_dir`, and those
marked ``content``) check what holds for any content; `make check` runs them
(``-m "content and not browser"``), with the site its own strict build made
(HELPCENTER_BUILT_SITE, see scripts/check.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgcluster import PostgresMissing, postgres_cluster
from processes import stop_on_termination
from required_tools import SKIP_PREFIX, missing, summary
from sitebuilder import ROOT, BuildResult, build

BUILT_SITE = "HELPCENTER_BUILT_SITE"  # a folder holding site/ and build.log of a strict build of this project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "real_site" in fixtures or "real_site_dir" in fixtures:
            item.add_marker(pytest.mark.content)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reasons = [
        str(report.longrepr[2]).removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    ]
    lines = summary([reason for reason in reasons if reason.startswith(SKIP_PREFIX)])
    if lines:
        terminalreporter.section("programs to install")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    stop_on_termination()  # a test run that is killed still stops every server it started


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built once per test run with ``--strict`` (or the strict build `make check` just made)."""
    built = os.environ.get(BUILT_SITE)
    if built:
        folder = Path(built)
        return BuildResult(0, (folder / "build.log").read_text(encoding="utf-8"), folder / "site")
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    result = build(ROOT / "mkdocs.yml", site_dir=site_dir)
    assert result.ok, f"the real site does not build strictly:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def real_site_dir(real_site: BuildResult) -> Path:
    return real_site.site_dir


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server for this test run (tests/pgcluster.py); missing binaries fail in CI."""
    try:
        with postgres_cluster() as url:
            yield url
    except PostgresMissing as error:
        missing("PostgreSQL", str(error).split(" -> ")[0])


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the service runs on (SQLAlchemy URL); the same tests run on both."""
    from feedback_kit import fresh_database

    postgres = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return fresh_database(request.param, tmp_path, postgres)
