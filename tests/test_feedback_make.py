"""The feedback make targets take the values writers give as arguments, never as shell or make code.

The red team's reproduction, `make feedback-report SINCE='…" ; echo INJECTED; echo "'`, ran the injected
command. Here every variable of the feedback, serve and purge targets gets a value that would run
``touch PROOF`` if it reached a shell line (or make's own $(shell ...)); the file must never appear, and
each command answers about the value as typed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from sitebuilder import ROOT


def make(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "HELPCENTER_FEEDBACK_DB": f"sqlite:///{tmp_path / 'feedback.db'}", **env}
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        check=False,
        timeout=300,
    )


def payloads(proof: Path) -> list[str]:
    return [
        f'…" ; touch {proof}; echo "',  # the red team's, closing the recipe's quotes
        f"'; touch {proof}; '",
        f"$(touch {proof})",
        f"`touch {proof}`",
        f"$(shell touch {proof})",  # make's own function
        f"x$$(touch {proof})",
    ]


@pytest.mark.parametrize("index", range(6))
def test_since_is_an_argument(tmp_path: Path, index: int) -> None:
    proof = tmp_path / "PROOF"
    value = payloads(proof)[index]
    completed = make("feedback-report", f"SINCE={value}", f"FEEDBACK_REPORT_DIR={tmp_path / 'out'}", tmp_path=tmp_path)
    assert not proof.exists(), "the value ran as code"
    assert completed.returncode == 2
    assert completed.stderr.splitlines()[-2] == (
        f"python -m feedback_service report: error: argument --since: {value!r} is not a date"
        " -> write YEAR-MONTH-DAY, e.g. 2026-01-31"
    )


def test_every_feedback_variable_is_an_argument(tmp_path: Path) -> None:
    proof = tmp_path / "PROOF"
    value = payloads(proof)[0]
    days = make("feedback-purge", f"DAYS={value}", tmp_path=tmp_path)
    assert f"argument --days: {value!r} is not a whole number of days -> e.g. 30" in days.stderr
    match = make("feedback-purge", f"MATCH={value}", tmp_path=tmp_path)
    assert (match.returncode, match.stdout) == (
        0,
        f"Nothing to delete: {tmp_path / 'feedback.db'} holds no feedback.\n",
    )
    url = make("feedback-report", f"FEEDBACK_URL={value}", tmp_path=tmp_path, HELPCENTER_FEEDBACK_TOKEN="t" * 20)
    assert url.stderr.splitlines()[0] == (
        f"feedback service: {value!r} is not an http(s) address -> e.g. https://feedback.example.com"
    )
    folder = tmp_path / f"out {value}"
    written = make("feedback-report", f"FEEDBACK_REPORT_DIR={folder}", tmp_path=tmp_path)
    assert written.returncode == 0, written.stderr
    assert sorted(path.name for path in folder.iterdir()) == [
        "articles.csv",
        "comments.csv",
        "report.json",
        "searches.csv",
    ]
    for name in ("PORT", "FEEDBACK_PORT", "SERVE_ADDR"):
        serve = make("serve", f"{name}={value}", tmp_path=tmp_path)
        assert serve.returncode != 0
        assert f"serve: {name}={value!r} is not" in serve.stderr
    # SERVE_FLAGS are options, split like a shell would split them, and never run.
    flags = make("serve", f"SERVE_FLAGS=--dirty {payloads(proof)[1]}", tmp_path=tmp_path)
    assert f"Got unexpected extra argument (; touch {proof}; )" in flags.stderr
    unbalanced = make("serve", f'SERVE_FLAGS=--dirty "; touch {proof}', tmp_path=tmp_path)
    assert (
        unbalanced.stderr.splitlines()[0]
        == "serve: SERVE_FLAGS cannot be read (No closing quotation) -> e.g. make serve SERVE_FLAGS=--dirty"
    )
    assert not proof.exists(), "a value ran as code"


def test_a_match_with_quotes_deletes_that_text(tmp_path: Path) -> None:
    """The value a writer copies from a reader's e-mail, quotes and all, is what is looked for."""
    import datetime as dt

    from feedback_service.store import Store, VoteRow, migrate, open_engine

    engine = open_engine(f"sqlite:///{tmp_path / 'feedback.db'}")
    migrate(engine)
    store = Store(engine)
    for comment in ["I'm \"Zoë\" O'Brien; $(id)", "someone else"]:
        store.add_vote(VoteRow(dt.datetime.now(dt.UTC), "a/", "A", "no", None, comment, None))
    engine.dispose()
    completed = make("feedback-purge", "MATCH=ZOË\" O'BRIEN; $(id)", tmp_path=tmp_path)
    assert completed.stdout.startswith("Deleted 1 comment and 0 search queries containing ")
