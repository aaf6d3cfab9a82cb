"""The page cache (hooks/jobs/page_cache.py): a cached build's site/ is byte for byte a clean build's, after each
kind of change, and it renders only the pages whose inputs changed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from gitrepo import commit_all, git
from sitebuilder import ROOT, BuildResult, build, make_site

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # one build date, so that two builds can be compared byte for byte
CLEAN = {**EPOCH, "HELPCENTER_PAGE_CACHE": "off"}


def article(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndescription: About {title.lower()}.\nreviewed: 2026-01-01\n---\n\n{body}\n"


PAGES = {
    "index.md": "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome to {{ product }}.\n",
    "billing/index.md": "---\ntitle: Billing\ndescription: Bills.\n---\n\nHow to bill.\n",
    "billing/first.md": article(
        "First steps", "## Before you start {#before}\n\nRead [the window](window.md#length) first.\n"
    ),
    "billing/window.md": article(
        "The window", "## How long {#length}\n\nYou have {{ review_window }} to check your data.\n"
    ),
    "billing/third.md": article("Third steps", "## Afterwards\n\nCall us when you are done.\n"),
    "billing/gone.md": article("Soon gone", "## Old things\n\nNothing to see here.\n"),
}
PAGE_COUNT = len(PAGES)


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def rendered(result: BuildResult) -> tuple[int, int]:
    """(pages rendered, pages templated), from the build's page-cache line."""
    found = re.search(r"page cache: (\d+) of \d+ pages rendered, (\d+) templated", result.output)
    assert found, result.output
    return int(found[1]), int(found[2])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_article(root: Path) -> None:
    edit(root / "docs/billing/third.md", "Call us when you are done.", "Call us once you are done.")


def change_fact(root: Path) -> None:
    edit(root / "data/facts.yml", "length: 4", "length: 5")


def change_theme_fact(root: Path) -> None:
    """The support phone, which only the theme's "Still need help?" prints here."""
    phone = re.search(r'number: "(\+\d+)"', (root / "data/facts.yml").read_text(encoding="utf-8"))
    assert phone
    edit(root / "data/facts.yml", phone[0], phone[0].replace(phone[1][-4:], "7777"))


def change_title(root: Path) -> None:
    edit(root / "docs/billing/third.md", "title: Third steps", "title: Last steps")


def change_template(root: Path) -> None:
    help_box = root / "overrides/partials/hc-help.html"
    help_box.write_text(help_box.read_text(encoding="utf-8") + "<p>Open every day.</p>\n", encoding="utf-8")


def delete_page(root: Path) -> None:
    (root / "docs/billing/gone.md").unlink()
    config = root / "mkdocs.yml"
    edit(config, "- billing/gone.md\n", "")


# Each change, and how many pages (rendered, templated) the cached build must do at most.
CHANGES: dict[str, tuple[Callable[[Path], None], int, int]] = {
    "article": (change_article, 1, 1),
    "fact": (change_fact, 1, 1),  # only the page whose Markdown prints the window
    "theme fact": (change_theme_fact, 0, PAGE_COUNT),  # every page templated again, no Markdown rendered
    "title": (change_title, 1, PAGE_COUNT),  # every page's nav shows the title
    "template": (change_template, PAGE_COUNT, PAGE_COUNT),
    # Links resolve against the site's files: a page added or deleted renders every page again.
    "deleted page": (delete_page, PAGE_COUNT - 1, PAGE_COUNT - 1),
}


def project(root: Path) -> Path:
    shutil.copytree(ROOT / "overrides", root / "overrides")
    config = make_site(root, PAGES)
    edit(config, f"custom_dir: {ROOT / 'overrides'}", f"custom_dir: {root / 'overrides'}")
    return config


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_cached_build_is_a_clean_build(tmp_path: Path, change: str) -> None:
    apply, most_rendered, most_templated = CHANGES[change]
    config = project(tmp_path)
    first = build(config, site_dir=tmp_path / "first", env=EPOCH)
    assert first.ok, first.output
    assert rendered(first) == (PAGE_COUNT, PAGE_COUNT)  # nothing cached yet

    apply(tmp_path)
    cached = build(config, site_dir=tmp_path / "cached", env=EPOCH)
    clean = build(config, site_dir=tmp_path / "clean", env=CLEAN)
    assert cached.ok, cached.output
    assert clean.ok, clean.output
    assert site_files(cached.site_dir) == site_files(clean.site_dir)
    pages, templated = rendered(cached)
    assert pages <= most_rendered, cached.output
    assert templated <= most_templated, cached.output
    assert site_files(cached.site_dir) != site_files(first.site_dir)  # the change shows

    again = build(config, site_dir=tmp_path / "again", env=EPOCH)
    assert rendered(again) == (0, 0)
    assert site_files(again.site_dir) == site_files(clean.site_dir)


def test_a_link_into_a_changed_page_is_judged_again(tmp_path: Path) -> None:
    """The page that links is not rendered again, but its link to an anchor that is gone is reported."""
    config = project(tmp_path)
    assert build(config, env=EPOCH).ok
    edit(tmp_path / "docs/billing/window.md", "## How long {#length}", "## How long {#duration}")
    result = build(config, env=EPOCH)
    assert not result.ok
    assert rendered(result)[0] == 1
    assert any(
        problem.startswith("docs/billing/first.md:9:6: anchor-not-found `window.md#length`")
        for problem in result.problems
    ), result.output


def test_a_cached_page_reports_its_findings_again(tmp_path: Path) -> None:
    config = project(tmp_path)
    edit(tmp_path / "docs/billing/third.md", "## Afterwards", "## Afterwards\n\n## Afterwards")
    first = build(config, env=EPOCH, strict=False)
    repeated = [problem for problem in first.problems if problem.startswith("docs/billing/third.md:")]
    assert repeated, first.output
    second = build(config, env=EPOCH, strict=False)
    assert rendered(second) == (0, 0)
    assert [problem for problem in second.problems if problem.startswith("docs/billing/third.md:")] == repeated


def test_the_next_day_renders_only_what_the_date_changes(tmp_path: Path) -> None:
    """A build the next day reuses every page (in CI, each commit has its own date); a page whose review went
    stale meanwhile is rendered again, with its finding."""
    config = project(tmp_path)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["extra"]["helpcenter"]["stale"] = {"warn_in_build": True, "after_days": 365}
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    edit(tmp_path / "docs/billing/third.md", "reviewed: 2026-01-01", "reviewed: 2024-06-01")
    day = int(EPOCH["SOURCE_DATE_EPOCH"])
    first = build(config, site_dir=tmp_path / "first", env={"SOURCE_DATE_EPOCH": str(day)}, strict=False)
    assert first.ok, first.output
    next_day = {"SOURCE_DATE_EPOCH": str(day + 86400)}
    cached = build(config, site_dir=tmp_path / "cached", env=next_day, strict=False)
    clean = build(config, site_dir=tmp_path / "clean", env={**next_day, "HELPCENTER_PAGE_CACHE": "off"}, strict=False)
    assert rendered(cached)[0] == 1  # the stale page: its finding counts one day more
    assert site_files(cached.site_dir) == site_files(clean.site_dir)
    assert [p for p in cached.problems if "third.md" in p] == [p for p in clean.problems if "third.md" in p] != []


def test_a_new_commit_templates_only_the_changed_page(tmp_path: Path) -> None:
    """Every article's feedback widget shows the commit; a page otherwise unchanged is not templated again."""
    config = project(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    first_commit = commit_all(tmp_path, "first", "2026-01-02T10:00:00+00:00")
    first = build(config, site_dir=tmp_path / "first", env=EPOCH)
    assert first.ok, first.output
    change_article(tmp_path)
    second_commit = commit_all(tmp_path, "second", "2026-01-03T10:00:00+00:00")
    cached = build(config, site_dir=tmp_path / "cached", env=EPOCH)
    clean = build(config, site_dir=tmp_path / "clean", env=CLEAN)
    assert cached.ok, cached.output
    assert site_files(cached.site_dir) == site_files(clean.site_dir)
    assert rendered(cached) == (1, 1)
    shown = (cached.site_dir / "billing/window/index.html").read_text(encoding="utf-8")
    assert second_commit[:12] in shown and first_commit[:12] not in shown
