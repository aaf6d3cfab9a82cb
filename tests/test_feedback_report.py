"""The writers' report (`make feedback-report`), purging on request, and the service's settings."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from feedback_service.report import spreadsheet_cell
from feedback_service.settings import DEFAULT_ORIGINS, Settings, SettingsError, from_env
from feedback_service.store import SearchRow, Store, VoteRow, migrate, open_engine

DAY = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def fill(database: str) -> None:
    engine = open_engine(database)
    migrate(engine)
    store = Store(engine)
    bill, bank = ("billing/generate-a-bill/", "Generating a bill"), ("billing/create-bank-accounts/", "Bank accounts")
    answers = [
        (0, bill, "no", "confusing-or-wrong", "Step 3 is unclear"),
        (1, bill, "no", "confusing-or-wrong", '=HYPERLINK("http://evil.example","click")'),
        (2, bill, "no", "not-what-i-was-looking-for", None),
        (3, bill, "yes", None, None),
        (4, bill, "no", None, "Where are \x1b[31mtrust\x1b[0m bills?\nSecond line"),
        (5, bill, "no", "confusing-or-wrong", "The newest comment"),
        (0, bank, "yes", None, None),
        (6, bank, "yes", None, "Clear"),
        (2, bank, "no", "dislike-functionality", None),
    ]
    for hours, (page, title), vote, reason, comment in answers:
        store.add_vote(VoteRow(DAY + dt.timedelta(hours=hours), page, title, vote, reason, comment, "abc"))
    for hours, query in [
        (0, "trust account"),
        (1, "retainer"),
        (2, "trust account"),
        (3, "-2+3"),
        (4, "trust account"),
    ]:
        store.add_search(SearchRow(DAY + dt.timedelta(hours=hours), query, ""))
    engine.dispose()


def run(*args: str, database: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HELPCENTER_FEEDBACK_DB": database}
    return subprocess.run(
        [sys.executable, "-m", "feedback_service", *args], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )


def test_the_report_least_helpful_first_then_failed_searches(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    fill(database)
    completed = run("report", "--out", "out", database=database, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        f"Readers' feedback: 9 votes on 2 articles ({tmp_path / 'feedback.db'}), least helpful first",
        "",
        "helpful   yes    no  article",
        "    17%     1     5  Generating a bill (billing/generate-a-bill/)",
        "                       why not: confusing-or-wrong (3), not-what-i-was-looking-for (1)",
        '                       2026-11-20 14:30 no, confusing-or-wrong: "The newest comment"',
        '                       2026-11-20 13:30 no: "Where are [31mtrust [0m bills? Second line"',
        '                       2026-11-20 10:30 no, confusing-or-wrong: "=HYPERLINK("http://evil.example","click")"',
        "                       ... and 1 older comment (see the CSV)",
        "    67%     2     1  Bank accounts (billing/create-bank-accounts/)",
        "                       why not: dislike-functionality (1)",
        '                       2026-11-20 15:30 yes: "Clear"',
        "",
        "Searches that found nothing: 3 different queries, most frequent first",
        "",
        " times  last        query",
        "     3  2026-11-20  trust account",
        "     1  2026-11-20  -2+3",
        "     1  2026-11-20  retainer",
        "",
        "For spreadsheets: out/articles.csv, out/comments.csv, out/searches.csv, out/report.json",
    ]
    with (tmp_path / "out" / "comments.csv").open(encoding="utf-8-sig", newline="") as handle:
        comments = list(csv.reader(handle))
    assert comments[0] == ["at", "page", "title", "vote", "reason", "comment"]
    assert [(row[0], row[5]) for row in comments[1:]] == [  # newest first
        ("2026-11-20T15:30:00Z", "Clear"),
        ("2026-11-20T14:30:00Z", "The newest comment"),
        ("2026-11-20T13:30:00Z", "Where are \x1b[31mtrust\x1b[0m bills?\nSecond line"),  # CSV keeps the text
        ("2026-11-20T10:30:00Z", '\'=HYPERLINK("http://evil.example","click")'),  # never a formula
        ("2026-11-20T09:30:00Z", "Step 3 is unclear"),
    ]
    with (tmp_path / "out" / "searches.csv").open(encoding="utf-8-sig", newline="") as handle:
        searches = list(csv.reader(handle))
    assert searches == [
        ["query", "times", "last"],
        ["trust account", "3", "2026-11-20T13:30:00Z"],
        ["'-2+3", "1", "2026-11-20T12:30:00Z"],
        ["retainer", "1", "2026-11-20T10:30:00Z"],
    ]
    with (tmp_path / "out" / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
        articles = list(csv.reader(handle))
    assert articles == [
        ["page", "title", "yes", "no", "helpful_percent", "reasons"],
        [
            "billing/generate-a-bill/",
            "Generating a bill",
            "1",
            "5",
            "17",
            "confusing-or-wrong (3); not-what-i-was-looking-for (1)",
        ],
        ["billing/create-bank-accounts/", "Bank accounts", "2", "1", "67", "dislike-functionality (1)"],
    ]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [(item["page"], item["yes"], item["no"]) for item in report["articles"]] == [
        ("billing/generate-a-bill/", 1, 5),
        ("billing/create-bank-accounts/", 2, 1),
    ]
    assert report["articles"][0]["comments"][1]["comment"] == "Where are \x1b[31mtrust\x1b[0m bills?\nSecond line"


def test_the_report_since_a_date(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    fill(database)
    completed = run("report", "--since", "2026-11-21", "--out", "out", database=database, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[0] == (
        f"Readers' feedback since 2026-11-21: 0 votes on 0 articles ({tmp_path / 'feedback.db'}), least helpful first"
    )
    bad = run("report", "--since", "last week", database=database, cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[-1] == (
        "python -m feedback_service report: error: argument --since: 'last week' is not a date"
        " -> write YEAR-MONTH-DAY, e.g. 2026-01-31"
    )


def test_the_report_before_any_answer_creates_nothing(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'never.db'}"
    completed = run("report", "--out", "out", database=database, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[0] == (
        f"Readers' feedback: 0 votes on 0 articles ({tmp_path / 'never.db'}, no answers yet: make serve and click"
        " Yes or No on an article), least helpful first"
    )
    assert not (tmp_path / "never.db").exists()


def test_the_report_of_a_deployed_service_needs_the_token(tmp_path: Path) -> None:
    completed = run("report", "--url", "http://127.0.0.1:9", database="sqlite:///x.db", cwd=tmp_path)
    assert (completed.returncode, completed.stderr) == (
        2,
        "feedback service: reading a deployed service needs its token -> set HELPCENTER_FEEDBACK_TOKEN\n",
    )


def test_purge_on_request(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    fill(database)
    completed = run("purge", "--containing", "TRUST", database=database, cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (
        0,
        f"Deleted 1 comment and 3 search queries containing 'TRUST' from {tmp_path / 'feedback.db'}.\n",
    )
    completed = run("purge", "--containing", "100%_sure", database=database, cwd=tmp_path)
    assert completed.stdout.startswith("Deleted 0 comments and 0 search queries containing '100%_sure'")
    completed = run("purge", "--days", "0", database=database, cwd=tmp_path)  # everything older than now
    assert (
        completed.stdout
        == f"Deleted 4 comments and 2 search queries older than 0 days from {tmp_path / 'feedback.db'}.\n"
    )
    report = run("report", "--out", "out", database=database, cwd=tmp_path)
    assert "Searches that found nothing: 0 different queries, most frequent first" in report.stdout
    assert '"' not in report.stdout  # no comment left; the votes themselves stay
    assert "    17%     1     5  Generating a bill (billing/generate-a-bill/)" in report.stdout


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("a=1", "a=1"),
        ("Plain text", "Plain text"),
        (17, 17),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(value: object, cell: object) -> None:
    assert spreadsheet_cell(value) == cell


def test_settings_from_the_environment() -> None:
    assert from_env({}) == Settings()
    assert from_env({}).origins == DEFAULT_ORIGINS
    settings = from_env(
        {
            "HELPCENTER_FEEDBACK_DB": "postgresql://u:p@db:5432/feedback",
            "HELPCENTER_FEEDBACK_PAGES": "https://help.example.com/feedback-pages.json",
            "HELPCENTER_FEEDBACK_ORIGINS": "https://Staging.example.com, http://127.0.0.1:8000",
            "HELPCENTER_FEEDBACK_TOKEN": "0123456789abcdef",
            "HELPCENTER_FEEDBACK_KEEP_DAYS": "30",
            "HELPCENTER_FEEDBACK_RATE": "0",
            "HELPCENTER_FEEDBACK_REPEAT_SECONDS": "60",
        }
    )
    assert settings == Settings(
        database="postgresql+psycopg://u:p@db:5432/feedback",
        pages="https://help.example.com/feedback-pages.json",
        origins=("https://staging.example.com", "http://127.0.0.1:8000"),
        token="0123456789abcdef",
        keep_days=30,
        rate_per_minute=0,
        repeat_seconds=60,
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"HELPCENTER_FEEDBACK_DB": "mysql://u:secret@db/x"},
            "HELPCENTER_FEEDBACK_DB='db/x' is not a database this service uses"
            " -> sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname",
        ),
        (
            {"HELPCENTER_FEEDBACK_KEEP_DAYS": "0"},
            "HELPCENTER_FEEDBACK_KEEP_DAYS='0' is not a whole number of at least 1"
            " -> e.g. HELPCENTER_FEEDBACK_KEEP_DAYS=90",
        ),
        (
            {"HELPCENTER_FEEDBACK_RATE": "thirty"},
            "HELPCENTER_FEEDBACK_RATE='thirty' is not a whole number of at least 0 -> e.g. HELPCENTER_FEEDBACK_RATE=30",
        ),
        (
            {"HELPCENTER_FEEDBACK_ORIGINS": "https://help.example.com/help/"},
            "HELPCENTER_FEEDBACK_ORIGINS: 'https://help.example.com/help/' is not an origin"
            " -> write scheme, host and port only, e.g. https://help.example.com",
        ),
        (
            {"HELPCENTER_FEEDBACK_TOKEN": "secret"},
            "HELPCENTER_FEEDBACK_TOKEN is 6 characters long, too short to be a secret -> use at least 16, e.g. the"
            " output of: python3 -c 'import secrets; print(secrets.token_urlsafe())'",
        ),
    ],
)
def test_bad_settings_are_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        from_env(environ)
    assert str(raised.value) == message


def test_a_bad_setting_stops_the_service_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "HELPCENTER_FEEDBACK_RATE": "-1"}
    completed = subprocess.run(
        [sys.executable, "-m", "feedback_service", "serve", "--port", "9"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )
    assert (completed.returncode, completed.stderr) == (
        2,
        "feedback service: HELPCENTER_FEEDBACK_RATE='-1' is not a whole number of at least 0"
        " -> e.g. HELPCENTER_FEEDBACK_RATE=30\n",
    )
