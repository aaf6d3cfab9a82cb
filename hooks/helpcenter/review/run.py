"""`make diff`: build a base commit and the working tree, compare them, write the reports.

Nothing here knows about MkDocs' internals (the builds run in child
processes, helpcenter/review/builds.py). scripts/site_diff.py is the command
line; tests call `review` and read the `SiteDiff` it returns.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from helpcenter.review.builds import (
    Built,
    ReviewError,
    build_commit,
    data_files,
    default_base,
    environment,
    file_at,
    git,
    resolve,
    run_build,
)
from helpcenter.review.readable import read_site
from helpcenter.review.report import html_report, markdown
from helpcenter.review.sitediff import Side, SiteDiff, compare
from helpcenter.review.usage import FactUsage, UsageError


@dataclass(frozen=True)
class Review:
    diff: SiteDiff
    markdown: Path  # the Markdown report (what CI puts in the job summary)
    html: Path  # the side-by-side report
    site: Path  # the working tree's built site, the HTML report's preview


def _usage(built: Built, name: str, notes: list[str]) -> FactUsage | None:
    if not built.usage.is_file():
        notes.append(f"the {name} build wrote no fact-usage map (its hooks are older): its fact reach is not known")
        return None
    try:
        return FactUsage.from_json(built.usage.read_text(encoding="utf-8"), str(built.usage))
    except UsageError as error:
        notes.append(str(error))
        return None


def _side(root: Path, commit: str | None, built: Built, name: str, notes: list[str]) -> Side:
    facts_file, synonyms_file = data_files(file_at(root, commit, "mkdocs.yml"))
    return Side(
        name=name,
        pages=read_site(built.site),
        facts_text=file_at(root, commit, facts_file),
        synonyms_text=file_at(root, commit, synonyms_file),
        usage=_usage(built, name, notes),
    )


def _checked(built: Built, name: str) -> Built:
    if not built.ok:
        tail = "\n".join(built.output.strip().splitlines()[-20:])
        raise ReviewError(f"the {name} did not build; its last lines:\n{tail}")
    return built


def review(root: Path, out: Path, base: str | None = None, preview_url: str | None = None) -> Review:
    """Compare ``base`` (default: the merge base with main) with the working tree of ``root``."""
    commit = resolve(root, base) if base else default_base(root)
    env = environment(root)
    base_name = f"{base or 'main'} ({commit[:10]})"
    head_name = f"working tree ({git(root, 'rev-parse', '--short=10', 'HEAD')})"
    old = _checked(build_commit(root, commit, out, env), f"base {base_name}")
    new = _checked(run_build(root, out / "head", env), "working tree")
    notes: list[str] = []
    diff = compare(_side(root, commit, old, base_name, notes), _side(root, None, new, head_name, notes))
    diff = dataclasses.replace(diff, notes=tuple(notes))

    def link(url: str) -> str:
        if preview_url:
            return preview_url.rstrip("/") + "/" + url
        target = new.site / url / "index.html" if url == "" or url.endswith("/") else new.site / url
        return os.path.relpath(target, out)

    report_md, report_html = out / "report.md", out / "report.html"
    report_md.write_text(markdown(diff), encoding="utf-8")
    report_html.write_text(html_report(diff, link), encoding="utf-8")
    return Review(diff, report_md, report_html, new.site)
