"""'Last updated' dates come from git history, once per build, and are left out where history cannot tell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from gitrepo import commit_all, git, init
from helpcenter.article_end.last_updated import Updated, git_dates, parse_log
from sitebuilder import build, make_site

# --- pure functions ---------------------------------------------------------


def record(commit: str, parents: str, day: str, *names: str) -> str:
    return f"\x1e{commit}\x1f{parents}\x1f{day}\0\n" + "".join(f"{name}\0" for name in names)


def test_parse_log_keeps_the_newest_date_per_file() -> None:
    output = record("c3", "c2", "2025-03-01", "b.md") + record("c2", "c1", "2025-02-01", "a.md", "b.md")
    output += record("c1", "", "2025-01-01", "a.md", "b.md", "c.md")
    assert parse_log(output) == {
        "b.md": dt.date(2025, 3, 1),
        "a.md": dt.date(2025, 2, 1),
        "c.md": dt.date(2025, 1, 1),
    }


def test_parse_log_does_not_date_files_by_a_shallow_boundary() -> None:
    output = record("c3", "c2", "2025-03-01", "b.md") + record("c2", "", "2025-02-01", "a.md", "b.md")
    assert parse_log(output, frozenset({"c2"})) == {"b.md": dt.date(2025, 3, 1)}


def test_parse_log_ignores_noise() -> None:
    assert parse_log("") == {}
    assert parse_log("warning: something\n") == {}
    assert parse_log(record("c1", "", "not-a-date", "a.md")) == {}


def test_updated_reads_as_a_date() -> None:
    assert Updated.of(dt.date(2026, 11, 5)) == Updated("2026-11-05", "November 5, 2026")


# --- real git repositories ----------------------------------------------------


def test_git_dates_from_a_repository(tmp_path: Path) -> None:
    repo = init(tmp_path / "repo")
    docs = repo / "docs"
    (docs / "billing").mkdir(parents=True)
    (repo / "README.md").write_text("outside docs\n")
    (docs / "a.md").write_text("a\n")
    (docs / "billing" / "b.md").write_text("b\n")
    commit_all(repo, "first", "2025-01-02T10:00:00+00:00")
    (docs / "billing" / "b.md").write_text("b, revised\n")
    commit_all(repo, "second", "2025-03-04T23:30:00+00:00")
    (docs / "draft.md").write_text("never committed\n")
    (docs / "a.md").write_text("edited, not committed\n")
    assert git_dates(docs) == {"a.md": dt.date(2025, 1, 2), "billing/b.md": dt.date(2025, 3, 4)}


def test_git_dates_in_a_shallow_clone(tmp_path: Path) -> None:
    origin = init(tmp_path / "origin")
    docs = origin / "docs"
    docs.mkdir()
    for name in ("old.md", "middle.md", "new.md"):
        (docs / name).write_text(f"{name}\n")
    commit_all(origin, "one", "2025-01-01T12:00:00+00:00")
    (docs / "middle.md").write_text("changed\n")
    commit_all(origin, "two", "2025-02-01T12:00:00+00:00")
    (docs / "new.md").write_text("changed\n")
    commit_all(origin, "three", "2025-03-01T12:00:00+00:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin}", str(clone))
    # Commit "two" is the cut-off: it seems to add every file, so it dates none.
    assert git_dates(clone / "docs") == {"new.md": dt.date(2025, 3, 1)}


def test_git_dates_outside_git(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a\n")
    assert git_dates(tmp_path) == {}
    assert git_dates(tmp_path / "missing") == {}


def test_git_dates_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git executable here
    assert git_dates(tmp_path) == {}


# --- fixture sites ------------------------------------------------------------

PAGES = {
    "index.md": "---\ntitle: Home\ndescription: Home page.\n---\n\nWelcome.\n",
    "guide.md": "---\ntitle: Guide\ndescription: A guide.\nreviewed: 2025-01-01\n---\n\nText.\n",
}


def updated(site_dir: Path, page: str) -> tuple[str, str] | None:
    found = lxml.html.parse(str(site_dir / page)).getroot().xpath('//p[@class="hc-updated"]/time')
    return (found[0].get("datetime"), found[0].text_content()) if found else None


def test_article_shows_its_last_commit_date(tmp_path: Path) -> None:
    repo = init(tmp_path / "project")
    config = make_site(repo, PAGES)
    commit_all(repo, "pages", "2025-06-07T08:00:00+00:00")
    result = build(config, site_dir=tmp_path / "site")
    assert result.ok, result.output
    assert updated(result.site_dir, "guide/index.html") == ("2025-06-07", "June 7, 2025")
    assert updated(result.site_dir, "index.html") is None  # the home page is not an article


def test_build_outside_git_has_no_dates_and_does_not_fail(tmp_path: Path) -> None:
    config = make_site(tmp_path / "project", PAGES)
    result = build(config, site_dir=tmp_path / "site")
    assert result.ok, result.output
    assert updated(result.site_dir, "guide/index.html") is None
