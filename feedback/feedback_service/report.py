"""The writers' report: which articles fail readers, why, and what readers searched for in vain.

`build_report` reads the database; the same JSON comes from ``GET /api/report``
(with the token), so `make feedback-report` works on the local database and on
a deployed service alike. `render_text`, `write_csv` and `write_json` turn it
into what writers read.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, case, func, select

from feedback_service.store import searches, votes

REPORT_FORMAT = 1
COMMENTS_PER_ARTICLE = 3  # in the printed table; the CSV and JSON have every comment kept
SEARCHES_PRINTED = 50
MAX_COMMENTS = 10_000  # newest first; comments older than the retention period are gone anyway
MAX_SEARCHES = 5_000


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:  # SQLite hands back naive datetimes; the service always writes UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def helpful_percent(yes: int, no: int) -> int | None:
    return round(100 * yes / (yes + no)) if yes + no else None


def helpfulness(engine: Engine, since: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
    """(yes, no) per article address."""
    condition = votes.c.created_at >= since if since else True
    query = (
        select(
            votes.c.page,
            func.sum(case((votes.c.vote == "yes", 1), else_=0)),
            func.sum(case((votes.c.vote == "no", 1), else_=0)),
        )
        .where(condition)
        .group_by(votes.c.page)
    )
    with engine.connect() as connection:
        return {page: (int(yes), int(no)) for page, yes, no in connection.execute(query)}


def build_report(engine: Engine, *, since: dt.datetime | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready data: articles least helpful first, searches most frequent first."""
    vote_since = votes.c.created_at >= since if since else True
    search_since = searches.c.created_at >= since if since else True
    counts = helpfulness(engine, since)
    with engine.connect() as connection:
        latest = select(func.max(votes.c.id)).where(vote_since).group_by(votes.c.page).scalar_subquery()
        titles = dict(connection.execute(select(votes.c.page, votes.c.title).where(votes.c.id.in_(latest))).all())
        reasons: dict[str, list[dict[str, Any]]] = defaultdict(list)
        reason_rows = connection.execute(
            select(votes.c.page, votes.c.reason, func.count())
            .where(and_(vote_since, votes.c.vote == "no", votes.c.reason.is_not(None)))
            .group_by(votes.c.page, votes.c.reason)
        ).all()
        for page, reason, count in sorted(reason_rows, key=lambda row: (row[0], -row[2], row[1])):
            reasons[page].append({"reason": reason, "count": int(count)})
        comments: dict[str, list[dict[str, Any]]] = defaultdict(list)
        comment_rows = connection.execute(
            select(votes.c.page, votes.c.created_at, votes.c.vote, votes.c.reason, votes.c.comment)
            .where(and_(vote_since, votes.c.comment.is_not(None)))
            .order_by(votes.c.created_at.desc(), votes.c.id.desc())
            .limit(MAX_COMMENTS)
        ).all()
        for page, created, vote, reason, comment in comment_rows:
            comments[page].append({"at": _iso(created), "vote": vote, "reason": reason, "comment": comment})
        search_rows = connection.execute(
            select(searches.c.query, func.count(), func.max(searches.c.created_at))
            .where(search_since)
            .group_by(searches.c.query)
            .order_by(func.count().desc(), searches.c.query)
            .limit(MAX_SEARCHES)
        ).all()
    articles = [
        {
            "page": page,
            "title": titles.get(page, page),
            "yes": yes,
            "no": no,
            "helpful_percent": helpful_percent(yes, no),
            "reasons": reasons.get(page, []),
            "comments": comments.get(page, []),
        }
        for page, (yes, no) in counts.items()
    ]
    articles.sort(key=lambda item: (item["helpful_percent"], -item["no"], item["page"]))
    return {
        "format": REPORT_FORMAT,
        "generated_at": _iso(now or dt.datetime.now(dt.UTC)),
        "since": _iso(since) if since else None,
        "articles": articles,
        "searches": [{"query": query, "count": int(count), "last": _iso(last)} for query, count, last in search_rows],
    }


# --- output ------------------------------------------------------------------

# Control characters (ANSI escapes included) would let a comment rewrite the writer's terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(" ", text)


def _one_line(text: str, limit: int) -> str:
    text = " ".join(_printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_text(report: Mapping[str, Any], *, source: str) -> str:
    lines: list[str] = []
    articles: Sequence[Mapping[str, Any]] = report["articles"]
    since = f" since {report['since'][:10]}" if report.get("since") else ""
    total = sum(item["yes"] + item["no"] for item in articles)
    lines.append(
        f"Readers' feedback{since}: {total} vote{'s' if total != 1 else ''} on {len(articles)}"
        f" article{'s' if len(articles) != 1 else ''} ({source}), least helpful first"
    )
    if articles:
        lines.append("")
        lines.append(f"{'helpful':>7}  {'yes':>4}  {'no':>4}  article")
        pad = " " * 23
        for item in articles:
            title = _one_line(item["title"], 70)
            lines.append(
                f"{item['helpful_percent']:>6}%  {item['yes']:>4}  {item['no']:>4}  {title} ({item['page'] or '/'})"
            )
            if item["reasons"]:
                lines.append(pad + "why not: " + ", ".join(f"{r['reason']} ({r['count']})" for r in item["reasons"]))
            for comment in item["comments"][:COMMENTS_PER_ARTICLE]:
                reason = f", {comment['reason']}" if comment["reason"] else ""
                lines.append(
                    f"{pad}{comment['at'][:16].replace('T', ' ')} {comment['vote']}{reason}: "
                    f'"{_one_line(comment["comment"], 100)}"'
                )
            more = len(item["comments"]) - COMMENTS_PER_ARTICLE
            if more > 0:
                lines.append(f"{pad}... and {more} older comment{'s' if more != 1 else ''} (see the CSV)")
    found = report["searches"]
    lines.append("")
    lines.append(
        f"Searches that found nothing{since}: {len(found)} different quer{'ies' if len(found) != 1 else 'y'},"
        " most frequent first"
    )
    if found:
        lines.append("")
        lines.append(f"{'times':>6}  {'last':<10}  query")
        for item in found[:SEARCHES_PRINTED]:
            lines.append(f"{item['count']:>6}  {item['last'][:10]}  {_one_line(item['query'], 100)}")
        if len(found) > SEARCHES_PRINTED:
            lines.append(f"... and {len(found) - SEARCHES_PRINTED} more (see the CSV)")
    return "\n".join(lines) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # the BOM tells Excel it is UTF-8
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_cell(value) for value in row])


def write_csv(report: Mapping[str, Any], folder: Path) -> list[Path]:
    """articles.csv, comments.csv and searches.csv in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = report["articles"]
    written = [folder / "articles.csv", folder / "comments.csv", folder / "searches.csv"]
    _write_rows(
        written[0],
        ["page", "title", "yes", "no", "helpful_percent", "reasons"],
        (
            [
                item["page"],
                item["title"],
                item["yes"],
                item["no"],
                item["helpful_percent"],
                "; ".join(f"{r['reason']} ({r['count']})" for r in item["reasons"]),
            ]
            for item in articles
        ),
    )
    _write_rows(
        written[1],
        ["at", "page", "title", "vote", "reason", "comment"],
        sorted(
            (
                [
                    comment["at"],
                    item["page"],
                    item["title"],
                    comment["vote"],
                    comment["reason"] or "",
                    comment["comment"],
                ]
                for item in articles
                for comment in item["comments"]
            ),
            key=lambda row: row[0],
            reverse=True,
        ),
    )
    _write_rows(
        written[2],
        ["query", "times", "last"],
        ([item["query"], item["count"], item["last"]] for item in report["searches"]),
    )
    return written


def write_json(report: Mapping[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
