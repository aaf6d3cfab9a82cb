"""The writers' report: which articles fail readers, why, and what readers searched for in vain.

`build_report` reads the database; the same JSON comes from ``GET /api/report``
(with the token), so `make feedback-report` works on the local database and on
a deployed service alike. `render_text`, `write_csv` and `write_json` turn it
into what writers read.

Only counted answers make the figures: an answer from a client that already
answered about the page that day is listed as "not counted" (its comment is
kept). A page that got many votes in one hour, far above its usual rate, is
flagged as a burst, whoever sent them. Reasons are shown in the words readers
chose from (the labels the build puts in the page manifest); the CSV and JSON
also carry the codes. Every text is neutralised before it is shown or written:
no control character or bidirectional override reaches a terminal or a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, case, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from feedback_service.tables import searches, votes

REPORT_FORMAT = 2
COMMENTS_PER_ARTICLE = 3  # in the printed table; the CSV and JSON have every comment kept
SEARCHES_PRINTED = 50
MAX_COMMENTS = 10_000  # newest first; comments older than the retention period are gone anyway
MAX_SEARCHES = 5_000
BURST_VOTES = 10  # votes in one hour on one page, at least...
BURST_FACTOR = 5  # ...and this many times the page's usual hourly rate
MIN_SPAN_HOURS = 24  # the usual rate is taken over at least a day


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:  # SQLite hands back naive datetimes; the service always writes UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def helpful_percent(yes: int, no: int) -> int | None:
    return round(100 * yes / (yes + no)) if yes + no else None


@dataclass(frozen=True)
class PageCounts:
    yes: int
    no: int
    not_counted: int


def _since(column: Any, since: dt.datetime | None) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = column >= since if since else true()
    return condition


def page_counts(engine: Engine, since: dt.datetime | None = None) -> dict[str, PageCounts]:
    """Counted yes and no votes, and answers not counted, per article address."""
    counted = votes.c.counted.is_(True)
    query = (
        select(
            votes.c.page,
            func.sum(case((and_(counted, votes.c.vote == "yes"), 1), else_=0)),
            func.sum(case((and_(counted, votes.c.vote == "no"), 1), else_=0)),
            func.sum(case((counted, 0), else_=1)),
        )
        .where(_since(votes.c.created_at, since))
        .group_by(votes.c.page)
    )
    with engine.connect() as connection:
        return {page: PageCounts(int(yes), int(no), int(other)) for page, yes, no, other in connection.execute(query)}


def helpfulness(engine: Engine, since: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
    """(yes, no) counted votes per article address: what `make stale` judges by."""
    counts = page_counts(engine, since)
    return {page: (item.yes, item.no) for page, item in counts.items() if item.yes + item.no}


def _hour(engine: Engine, column: Any) -> Any:
    """The UTC hour a timestamp falls in, as text "YYYY-MM-DD HH:00" (each database has its own function)."""
    if engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00", column)
    return func.to_char(func.date_trunc("hour", func.timezone("UTC", column)), "YYYY-MM-DD HH24:00")


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite hands back naive datetimes


def bursts(engine: Engine, totals: Mapping[str, int], *, since: dt.datetime | None) -> dict[str, list[dict[str, Any]]]:
    """Hours in which a page got at least BURST_VOTES votes and BURST_FACTOR times its usual hourly rate.

    The usual rate is the page's votes over the report's span: from ``since`` (or the first vote) to the last
    vote, and at least MIN_SPAN_HOURS.
    """
    hour = _hour(engine, votes.c.created_at)
    period = _since(votes.c.created_at, since)
    with engine.connect() as connection:
        first, last = connection.execute(
            select(func.min(votes.c.created_at), func.max(votes.c.created_at)).where(period)
        ).one()
        rows = connection.execute(
            select(votes.c.page, hour, func.count())
            .where(period)
            .group_by(votes.c.page, hour)
            .having(func.count() >= BURST_VOTES)
        ).all()
    if first is None or last is None:
        return {}
    span = (_utc(last) - (since or _utc(first))) / dt.timedelta(hours=1)
    hours = max(span, MIN_SPAN_HOURS)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page, bucket, count in sorted(rows, key=lambda row: (row[0], row[1])):
        usual = totals.get(page, 0) / hours
        if count >= BURST_FACTOR * usual:
            at = dt.datetime.strptime(bucket, "%Y-%m-%d %H:00").replace(tzinfo=dt.UTC)
            found[page].append({"hour": _iso(at), "votes": int(count), "usual_per_hour": round(usual, 2)})
    return found


def _reasons(connection: Any, since: dt.datetime | None, labels: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = connection.execute(
        select(votes.c.page, votes.c.reason, func.count())
        .where(
            and_(
                _since(votes.c.created_at, since),
                votes.c.vote == "no",
                votes.c.reason.is_not(None),
                votes.c.counted.is_(True),
            )
        )
        .group_by(votes.c.page, votes.c.reason)
    ).all()
    for page, reason, count in sorted(rows, key=lambda row: (row[0], -row[2], row[1])):
        found[page].append({"reason": reason, "label": labels.get(reason), "count": int(count)})
    return found


def _comments(connection: Any, since: dt.datetime | None, labels: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = connection.execute(
        select(votes.c.page, votes.c.created_at, votes.c.vote, votes.c.reason, votes.c.counted, votes.c.comment)
        .where(and_(_since(votes.c.created_at, since), votes.c.comment.is_not(None)))
        .order_by(votes.c.created_at.desc(), votes.c.id.desc())
        .limit(MAX_COMMENTS)
    ).all()
    for page, created, vote, reason, counted, comment in rows:
        found[page].append(
            {
                "at": _iso(created),
                "vote": vote,
                "reason": reason,
                "label": labels.get(reason) if reason else None,
                "counted": bool(counted),
                "comment": comment,
            }
        )
    return found


def _searches(connection: Any, since: dt.datetime | None) -> list[dict[str, Any]]:
    counted = func.sum(case((searches.c.counted.is_(True), 1), else_=0))
    rows = connection.execute(
        select(searches.c.query, counted, func.count(), func.max(searches.c.created_at))
        .where(_since(searches.c.created_at, since))
        .group_by(searches.c.query)
        .order_by(counted.desc(), searches.c.query)
        .limit(MAX_SEARCHES)
    ).all()
    return [
        {"query": query, "count": int(times), "not_counted": int(total) - int(times), "last": _iso(last)}
        for query, times, total, last in rows
    ]


def _order(item: Mapping[str, Any]) -> tuple[int, int, int, str]:
    percent = item["helpful_percent"]
    return (percent is None, percent or 0, -item["no"], item["page"])


def build_report(
    engine: Engine,
    *,
    since: dt.datetime | None = None,
    now: dt.datetime | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready data: articles least helpful first, searches most frequent first.

    ``labels`` maps reason codes to the words the widget showed readers (the page manifest's ``reasons``).
    """
    labels = labels or {}
    now = now or dt.datetime.now(dt.UTC)
    counts = page_counts(engine, since)
    totals = {page: item.yes + item.no + item.not_counted for page, item in counts.items()}
    spikes = bursts(engine, totals, since=since)
    with engine.connect() as connection:
        latest = (
            select(func.max(votes.c.id))
            .where(_since(votes.c.created_at, since))
            .group_by(votes.c.page)
            .scalar_subquery()
        )
        titles = dict(connection.execute(select(votes.c.page, votes.c.title).where(votes.c.id.in_(latest))).all())
        reasons = _reasons(connection, since, labels)
        comments = _comments(connection, since, labels)
        found = _searches(connection, since)
    articles = [
        {
            "page": page,
            "title": titles.get(page, page),
            "yes": item.yes,
            "no": item.no,
            "helpful_percent": helpful_percent(item.yes, item.no),
            "not_counted": item.not_counted,
            "bursts": spikes.get(page, []),
            "reasons": reasons.get(page, []),
            "comments": comments.get(page, []),
        }
        for page, item in counts.items()
    ]
    articles.sort(key=_order)
    report: dict[str, Any] = neutralised(
        {
            "format": REPORT_FORMAT,
            "generated_at": _iso(now),
            "since": _iso(since) if since else None,
            "reasons": dict(labels),
            "articles": articles,
            "searches": found,
        }
    )
    return report


# --- output ------------------------------------------------------------------

# Control characters (ANSI escapes included) would let a comment rewrite the writer's terminal, and
# bidirectional overrides reorder what a terminal, spreadsheet or editor shows. Tab and line breaks stay in
# the files (the printed table puts every text on one line anyway).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def neutral(text: str) -> str:
    return _UNSAFE.sub(REPLACEMENT, text)


def neutralised(value: Any) -> Any:
    """``value`` with every string in it made `neutral` (keys too): for data from the database or another service."""
    if isinstance(value, str):
        return neutral(value)
    if isinstance(value, Mapping):
        return {neutral(str(key)): neutralised(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [neutralised(item) for item in value]
    return value


def _one_line(text: str, limit: int) -> str:
    text = " ".join(neutral(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _words(reason: Mapping[str, Any]) -> str:
    """A reason as readers saw it; its code when the report has no label for it."""
    return str(reason.get("label") or reason["reason"])


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _article_lines(item: Mapping[str, Any]) -> list[str]:
    pad = " " * 23
    percent = f"{item['helpful_percent']:>6}%" if item["helpful_percent"] is not None else "      -"
    lines = [f"{percent}  {item['yes']:>4}  {item['no']:>4}  {_one_line(item['title'], 70)} ({item['page'] or '/'})"]
    if item.get("not_counted"):
        lines.append(
            f"{pad}not counted: {_plural(item['not_counted'], 'answer', 'answers')} from readers who had already"
            " answered about it that day"
        )
    for burst in item.get("bursts", []):
        lines.append(
            f"{pad}burst: {burst['votes']} votes in the hour from {burst['hour'][:16].replace('T', ' ')} UTC"
            f" (usually {burst['usual_per_hour']:g} an hour)"
        )
    if item["reasons"]:
        lines.append(
            pad + "why not: " + "; ".join(f"{_one_line(_words(r), 80)} ({r['count']})" for r in item["reasons"])
        )
    for comment in item["comments"][:COMMENTS_PER_ARTICLE]:
        reason = f" ({_one_line(_words(comment), 80)})" if comment["reason"] else ""
        counted = "" if comment.get("counted", True) else ", not counted"
        lines.append(
            f"{pad}{comment['at'][:16].replace('T', ' ')} {comment['vote']}{reason}{counted}: "
            f'"{_one_line(comment["comment"], 100)}"'
        )
    more = len(item["comments"]) - COMMENTS_PER_ARTICLE
    if more > 0:
        lines.append(f"{pad}... and {_plural(more, 'older comment', 'older comments')} (see the CSV)")
    return lines


def _search_lines(found: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = [f"{'times':>6}  {'last':<10}  query"]
    for item in found[:SEARCHES_PRINTED]:
        extra = f"  (and {item['not_counted']} not counted)" if item.get("not_counted") else ""
        lines.append(f"{item['count']:>6}  {item['last'][:10]}  {_one_line(item['query'], 100)}{extra}")
    if len(found) > SEARCHES_PRINTED:
        lines.append(f"... and {len(found) - SEARCHES_PRINTED} more (see the CSV)")
    return lines


def render_text(report: Mapping[str, Any], *, source: str) -> str:
    report = neutralised(report)
    articles: Sequence[Mapping[str, Any]] = report["articles"]
    since = f" since {report['since'][:10]}" if report.get("since") else ""
    total = sum(item["yes"] + item["no"] for item in articles)
    lines = [
        f"Readers' feedback{since}: {_plural(total, 'vote', 'votes')}"
        f" on {_plural(len(articles), 'article', 'articles')} ({_one_line(source, 200)}), least helpful first"
    ]
    if articles:
        lines += ["", f"{'helpful':>7}  {'yes':>4}  {'no':>4}  article"]
        for item in articles:
            lines += _article_lines(item)
    found = report["searches"]
    lines += [
        "",
        f"Searches that found nothing{since}: {len(found)} different quer{'ies' if len(found) != 1 else 'y'},"
        " most frequent first",
    ]
    if found:
        lines += ["", *_search_lines(found)]
    return "\n".join(lines) + "\n"


ARTICLE_COLUMNS = (
    *("page", "title", "yes", "no", "helpful_percent", "not_counted", "bursts"),
    *("reasons", "reasons_as_readers_saw"),  # codes, and the words the widget showed
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _private_folder(folder: Path) -> None:
    """The report holds readers' comments: a folder it creates is its owner's only (0700), its files 0600."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)


def _private_open(path: Path, encoding: str, newline: str | None = None) -> Any:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return open(descriptor, "w", encoding=encoding, newline=newline)


def _write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with _private_open(path, "utf-8-sig", newline="") as handle:  # the BOM tells Excel it is UTF-8
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_cell(neutral(value) if isinstance(value, str) else value) for value in row])


def _reason_cell(reasons: Iterable[Mapping[str, Any]], key: str) -> str:
    return "; ".join(f"{reason[key] or reason['reason']} ({reason['count']})" for reason in reasons)


def write_csv(report: Mapping[str, Any], folder: Path) -> list[Path]:
    """articles.csv, comments.csv and searches.csv in ``folder``."""
    _private_folder(folder)
    articles = report["articles"]
    written = [folder / "articles.csv", folder / "comments.csv", folder / "searches.csv"]
    _write_rows(
        written[0],
        ARTICLE_COLUMNS,
        (
            [
                item["page"],
                item["title"],
                item["yes"],
                item["no"],
                item["helpful_percent"],
                item.get("not_counted", 0),
                "; ".join(f"{burst['hour']} ({burst['votes']})" for burst in item.get("bursts", [])),
                _reason_cell(item["reasons"], "reason"),
                _reason_cell(item["reasons"], "label"),
            ]
            for item in articles
        ),
    )
    _write_rows(
        written[1],
        ["at", "page", "title", "vote", "reason", "reason_as_readers_saw", "counted", "comment"],
        sorted(
            (
                [
                    comment["at"],
                    item["page"],
                    item["title"],
                    comment["vote"],
                    comment["reason"] or "",
                    (comment.get("label") or comment["reason"] or "") if comment["reason"] else "",
                    "yes" if comment.get("counted", True) else "no",
                    comment["comment"],
                ]
                for item in articles
                for comment in item["comments"]
            ),
            key=lambda row: str(row[0]),
            reverse=True,
        ),
    )
    _write_rows(
        written[2],
        ["query", "times", "not_counted", "last"],
        ([item["query"], item["count"], item.get("not_counted", 0), item["last"]] for item in report["searches"]),
    )
    return written


def write_json(report: Mapping[str, Any], path: Path) -> Path:
    _private_folder(path.parent)
    with _private_open(path, "utf-8") as handle:
        handle.write(json.dumps(neutralised(report), indent=2, ensure_ascii=False) + "\n")
    return path
