"""The writers' report (`make feedback-report`), purging on request, and the service's settings."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from feedback_kit import LABELS, command, write_manifest
from feedback_service.answers import REASONS
from feedback_service.report import spreadsheet_cell
from feedback_service.settings import DEFAULT_ORIGINS, Settings, SettingsError, from_env
from feedback_service.store import SearchRow, Store, VoteRow, migrate, open_engine
from helpcenter.article_end.feedback import REASONS as WIDGET_REASONS

DAY = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def fill(database: str) -> None:
    engine = open_engine(database)
    migrate(engine)
    store = Store(engine)
    bill, bank = ("guides/first-article/", "A first article"), ("guides/second-article/", "Second article")
    faq = ("faq/common-questions/", "Common questions")
    answers = [
        (0, bill, "no", "confusing-or-wrong", "Step 3 is unclear"),
        (1, bill, "no", "confusing-or-wrong", '=HYPERLINK("http://evil.example","click")'),
        (2, bill, "no", "not-what-i-was-looking-for", None),
        (3, bill, "yes", None, None),
        (4, bill, "no", None, "Where are \x1b[31mtrust\x1b[0m bills?\nSecond line \u202eevil\u202c\x85"),
        (5, bill, "no", "confusing-or-wrong", "The newest comment"),
        (0, bank, "yes", None, None),
        (6, bank, "yes", None, "Clear"),
        (2, bank, "no", "dislike-functionality", None),
    ]
    for hours, (page, title), vote, reason, comment in answers:
        store.add_vote(VoteRow(DAY + dt.timedelta(hours=hours), page, title, vote, reason, comment, "abc"))
    # A reader who had already answered about the page that day: kept, not counted.
    again = VoteRow(DAY + dt.timedelta(hours=7), *bill, "no", "confusing-or-wrong", "Me again", "abc", counted=False)
    store.add_vote(again)
    # Twelve votes on one page within an hour (many addresses: each counted), then one more a day later.
    for minute in range(12):
        store.add_vote(VoteRow(DAY + dt.timedelta(hours=2, minutes=minute), *faq, "no", None, None, "abc"))
    store.add_vote(VoteRow(DAY + dt.timedelta(days=1), *faq, "yes", None, None, "abc"))
    for hours, query, counted in [
        (0, "trust account", True),
        (1, "retainer", True),
        (2, "trust account", True),
        (3, "-2+3", True),
        (4, "trust account", True),
        (4, "trust account", False),
    ]:
        store.add_search(SearchRow(DAY + dt.timedelta(hours=hours), query, "", counted))
    engine.dispose()


def run(*args: str, database: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as `make` runs it, with the build's page manifest (the reasons' labels) beside it."""
    return command(*args, database=database, cwd=cwd, pages=write_manifest(cwd / "feedback-pages.json"))


WRONG, MISSED, DISLIKE = (LABELS[code] for code in REASONS)
RTL_OVERRIDE = "\u202e"


def test_the_report_least_helpful_first_then_failed_searches(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    fill(database)
    completed = run("report", "--out", "out", database=database, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    pad = " " * 23
    assert completed.stdout.splitlines() == [
        f"Readers' feedback: 22 votes on 3 articles ({tmp_path / 'feedback.db'}), least helpful first",
        "",
        "helpful   yes    no  article",
        "     8%     1    12  Common questions (faq/common-questions/)",
        f"{pad}burst: 12 votes in the hour from 2026-11-20 11:00 UTC (usually 0.54 an hour)",
        "    17%     1     5  A first article (guides/first-article/)",
        f"{pad}not counted: 1 answer from readers who had already answered about it that day",
        f"{pad}why not: {WRONG} (3); {MISSED} (1)",  # the words readers chose from, not the codes
        f'{pad}2026-11-20 16:30 no ({WRONG}), not counted: "Me again"',
        f'{pad}2026-11-20 14:30 no ({WRONG}): "The newest comment"',
        # No escape sequence, C1 control or bidirectional override reaches the terminal.
        f'{pad}2026-11-20 13:30 no: "Where are \ufffd[31mtrust\ufffd[0m bills? Second line \ufffdevil\ufffd\ufffd"',
        f"{pad}... and 2 older comments (see the CSV)",
        "    67%     2     1  Second article (guides/second-article/)",
        f"{pad}why not: {DISLIKE} (1)",
        f'{pad}2026-11-20 15:30 yes: "Clear"',
        "",
        "Searches that found nothing: 3 different queries, most frequent first",
        "",
        " times  last        query",
        "     3  2026-11-20  trust account  (and 1 not counted)",
        "     1  2026-11-20  -2+3",
        "     1  2026-11-20  retainer",
        "",
        "For spreadsheets: out/articles.csv, out/comments.csv, out/searches.csv, out/report.json",
    ]
    out = tmp_path / "out"
    assert all(code not in completed.stdout for code in REASONS)  # codes only in the CSV and JSON
    with (out / "comments.csv").open(encoding="utf-8-sig", newline="") as handle:
        comments = list(csv.reader(handle))
    assert comments[0] == ["at", "page", "title", "vote", "reason", "reason_as_readers_saw", "counted", "comment"]
    assert [(row[0], row[4], row[5], row[6], row[7]) for row in comments[1:]] == [  # newest first
        ("2026-11-20T16:30:00Z", "confusing-or-wrong", WRONG, "no", "Me again"),
        ("2026-11-20T15:30:00Z", "", "", "yes", "Clear"),
        ("2026-11-20T14:30:00Z", "confusing-or-wrong", WRONG, "yes", "The newest comment"),
        # Line breaks stay; escapes, C1 controls and bidirectional overrides do not.
        (
            "2026-11-20T13:30:00Z",
            "",
            "",
            "yes",
            "Where are \ufffd[31mtrust\ufffd[0m bills?\nSecond line \ufffdevil\ufffd\ufffd",
        ),
        ("2026-11-20T10:30:00Z", "confusing-or-wrong", WRONG, "yes", '\'=HYPERLINK("http://evil.example","click")'),
        ("2026-11-20T09:30:00Z", "confusing-or-wrong", WRONG, "yes", "Step 3 is unclear"),
    ]
    with (out / "searches.csv").open(encoding="utf-8-sig", newline="") as handle:
        searches = list(csv.reader(handle))
    assert searches == [
        ["query", "times", "not_counted", "last"],
        ["trust account", "3", "1", "2026-11-20T13:30:00Z"],
        ["'-2+3", "1", "0", "2026-11-20T12:30:00Z"],
        ["retainer", "1", "0", "2026-11-20T10:30:00Z"],
    ]
    with (out / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
        articles = list(csv.reader(handle))
    assert articles == [
        ["page", "title", "yes", "no", "helpful_percent", "not_counted", "bursts", "reasons", "reasons_as_readers_saw"],
        ["faq/common-questions/", "Common questions", "1", "12", "8", "0", "2026-11-20T11:00:00Z (12)", "", ""],
        [
            "guides/first-article/",
            "A first article",
            "1",
            "5",
            "17",
            "1",
            "",
            "confusing-or-wrong (3); not-what-i-was-looking-for (1)",
            f"{WRONG} (3); {MISSED} (1)",
        ],
        [
            "guides/second-article/",
            "Second article",
            "2",
            "1",
            "67",
            "0",
            "",
            "dislike-functionality (1)",
            f"{DISLIKE} (1)",
        ],
    ]
    text = (out / "report.json").read_text(encoding="utf-8")
    assert RTL_OVERRIDE not in text and "\x1b" not in text and "\x85" not in text
    assert "\\u202e" not in text and "\\u001b" not in text and "\\u0085" not in text  # nor escaped
    report = json.loads(text)
    assert report["reasons"] == LABELS
    assert [(item["page"], item["yes"], item["no"], item["not_counted"]) for item in report["articles"]] == [
        ("faq/common-questions/", 1, 12, 0),
        ("guides/first-article/", 1, 5, 1),
        ("guides/second-article/", 2, 1, 0),
    ]
    assert report["articles"][0]["bursts"] == [{"hour": "2026-11-20T11:00:00Z", "votes": 12, "usual_per_hour": 0.54}]
    bill = report["articles"][1]
    assert bill["reasons"][0] == {"reason": "confusing-or-wrong", "label": WRONG, "count": 3}
    assert bill["comments"][0] == {
        "at": "2026-11-20T16:30:00Z",
        "vote": "no",
        "reason": "confusing-or-wrong",
        "label": WRONG,
        "counted": False,
        "comment": "Me again",
    }


def test_without_the_manifest_the_report_shows_the_codes(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    fill(database)
    completed = command("report", "--out", "out", database=database, cwd=tmp_path)  # no manifest
    assert completed.returncode == 0, completed.stderr
    assert "why not: confusing-or-wrong (3); not-what-i-was-looking-for (1)" in completed.stdout


def test_the_report_since_a_date(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    fill(database)
    completed = run("report", "--since", "2026-11-21", "--out", "out", database=database, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[0] == (
        f"Readers' feedback since 2026-11-21: 1 vote on 1 article ({tmp_path / 'feedback.db'}), least helpful first"
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
        f"Deleted 1 comment and 4 search queries containing 'TRUST' from {tmp_path / 'feedback.db'}.\n",
    )
    completed = run("purge", "--containing", "100%_sure", database=database, cwd=tmp_path)
    assert completed.stdout.startswith("Deleted 0 comments and 0 search queries containing '100%_sure'")
    completed = run("purge", "--days", "0", database=database, cwd=tmp_path)  # everything older than now
    assert (
        completed.stdout
        == f"Deleted 5 comments and 2 search queries older than 0 days from {tmp_path / 'feedback.db'}.\n"
    )
    report = run("report", "--out", "out", database=database, cwd=tmp_path)
    assert "Searches that found nothing: 0 different queries, most frequent first" in report.stdout
    assert '"' not in report.stdout  # no comment left; the votes themselves stay
    assert "    17%     1     5  A first article (guides/first-article/)" in report.stdout


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
            "HELPCENTER_FEEDBACK_PER_PAGE": "2",
            "HELPCENTER_FEEDBACK_PER_DAY": "0",
            "HELPCENTER_FEEDBACK_LOG_LEVEL": "WARNING",
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
        per_page=2,
        per_day=0,
        log_level="warning",
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
            {"HELPCENTER_FEEDBACK_PER_PAGE": "one"},
            "HELPCENTER_FEEDBACK_PER_PAGE='one' is not a whole number of at least 0"
            " -> e.g. HELPCENTER_FEEDBACK_PER_PAGE=1",
        ),
        (
            {"HELPCENTER_FEEDBACK_LOG_LEVEL": "loud"},
            "HELPCENTER_FEEDBACK_LOG_LEVEL='loud' is not a log level -> one of debug, info, warning, error",
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
    database = f"sqlite:///{tmp_path / 'feedback.db'}"
    completed = command("serve", "--port", "9", database=database, cwd=tmp_path, HELPCENTER_FEEDBACK_RATE="-1")
    assert (completed.returncode, completed.stderr) == (
        2,
        "feedback service: HELPCENTER_FEEDBACK_RATE='-1' is not a whole number of at least 0"
        " -> e.g. HELPCENTER_FEEDBACK_RATE=30\n",
    )


def test_the_service_takes_the_reasons_the_widget_offers() -> None:
    # One contract: the codes the widget sends (the build's REASONS) are the ones the service accepts.
    assert tuple(reason.value for reason in WIDGET_REASONS) == REASONS
