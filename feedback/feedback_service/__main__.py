"""python -m feedback_service {serve,migrate,report,purge}: what the make targets run.

Settings come from the environment (feedback/README.md, "Settings"); each command
prints one plain line and exits 2 when a setting, an argument or the database is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from feedback_service.app import unusable
from feedback_service.lifecycle import die_with_parent
from feedback_service.pages import reason_labels
from feedback_service.report import build_report, neutralised, render_text, write_csv, write_json
from feedback_service.settings import LOG_LEVELS, Settings, SettingsError, from_env
from feedback_service.store import SchemaError, Store, describe, migrate, open_engine, require_current

REPORT_TIMEOUT = 30  # seconds, for a report fetched from a deployed service
MAX_REPORT_BYTES = 50_000_000


class CommandError(Exception):
    """A plain message for the person at the terminal; exit code 2."""


def _date(text: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date -> write YEAR-MONTH-DAY, e.g. 2026-01-31") from None


def _days(text: str) -> int:
    if not text.isdigit() or len(text) > 6:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days -> e.g. 30")
    return int(text)


def _existing_engine(settings: Settings) -> Engine | None:
    """An engine on a database that already holds feedback, else None (nothing is created by reading)."""
    url = make_url(settings.database)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return None
    engine = open_engine(settings.database)
    try:
        if not inspect(engine).has_table("votes"):
            return None
    except SQLAlchemyError as error:
        where = describe(settings.database)
        raise CommandError(f"the database {where} cannot be read ({type(error).__name__})") from None
    require_current(engine)
    return engine


def _empty_report(since: dt.datetime | None, labels: dict[str, str]) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return {
        "format": 2,
        "generated_at": now,
        "since": since and since.isoformat(),
        "reasons": labels,
        "articles": [],
        "searches": [],
    }


def fetch_report(base_url: str, token: str | None, since: dt.datetime | None) -> dict[str, Any]:
    if not token:
        raise CommandError("reading a deployed service needs its token -> set HELPCENTER_FEEDBACK_TOKEN")
    if urlsplit(base_url).scheme not in ("http", "https"):
        raise CommandError(f"{base_url!r} is not an http(s) address -> e.g. https://feedback.example.com")
    url = base_url.rstrip("/") + "/api/report" + (f"?since={since.date().isoformat()}" if since else "")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=REPORT_TIMEOUT) as response:
            data = json.loads(response.read(MAX_REPORT_BYTES))
    except urllib.error.HTTPError as error:
        try:
            reason = json.loads(error.read(10_000)).get("reason", "")
        except ValueError:
            reason = ""
        raise CommandError(f"{url} answered {error.code} {reason}".rstrip()) from None
    except (OSError, ValueError) as error:
        raise CommandError(f"{url} could not be read ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise CommandError(f"{url} did not answer with a feedback report")
    return data


def report(args: argparse.Namespace, settings: Settings) -> int:
    since = args.since or (dt.datetime.now(dt.UTC) - dt.timedelta(days=args.days) if args.days is not None else None)
    if args.url:
        data = fetch_report(args.url, settings.token, since)
        source = args.url
    else:
        labels = reason_labels(settings.pages)  # the widget's words, from the build's page manifest
        engine = _existing_engine(settings)
        data = build_report(engine, since=since, labels=labels) if engine is not None else _empty_report(since, labels)
        source = describe(settings.database)
        if engine is None:
            source += ", no answers yet: make serve and click Yes or No on an article"
    data = neutralised(data)  # also what a deployed service sent
    sys.stdout.write(render_text(data, source=source))
    folder = Path(args.out)
    written = [*write_csv(data, folder), write_json(data, folder / "report.json")]
    print("\nFor spreadsheets: " + ", ".join(str(path) for path in written))
    return 0


def purge(args: argparse.Namespace, settings: Settings) -> int:
    if args.containing is not None and not args.containing.strip():
        raise CommandError("the text to delete is empty -> e.g. make feedback-purge MATCH='Jane Doe'")
    engine = _existing_engine(settings)
    if engine is None:
        print(f"Nothing to delete: {describe(settings.database)} holds no feedback.")
        return 0
    days = settings.keep_days if args.days is None else args.days
    before = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    comments, queries = Store(engine).purge(before, containing=args.containing)
    which = f"containing {args.containing!r}" if args.containing is not None else f"older than {days} days"
    print(
        f"Deleted {comments} comment{'s' if comments != 1 else ''} and {queries} search quer"
        f"{'ies' if queries != 1 else 'y'} {which} from {describe(settings.database)}."
    )
    return 0


def _listening_socket(args: argparse.Namespace) -> socket.socket:
    """The socket to serve on: one a parent holds for us (--fd), or a new one (--port 0: any free port).

    uvicorn takes it by its descriptor and wraps it as a Unix socket, so asyncio never switches Nagle's
    algorithm off on the connections: set TCP_NODELAY here, which accepted connections inherit (without it,
    each answer waited some 40 ms for a delayed acknowledgement).
    """
    if args.fd is not None:
        try:
            sock = socket.socket(fileno=args.fd)
        except OSError as error:
            raise CommandError(f"--fd {args.fd} is not an open socket ({error.strerror})") from None
        if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 0:
            raise CommandError(f"--fd {args.fd} is not a listening socket")
    else:
        try:
            sock = socket.create_server((args.host, args.port), backlog=2048)
        except OSError as error:
            raise CommandError(
                f"cannot listen on {args.host}:{args.port} ({error.strerror}) -> choose another port, or --port 0"
            ) from None
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if args.parent_pid is not None:
        die_with_parent(args.parent_pid)
    level = args.log_level or settings.log_level
    # The service's own lines at the level asked for; workers read it from the environment they inherit.
    os.environ["HELPCENTER_FEEDBACK_LOG_LEVEL"] = level
    engine = open_engine(settings.database)
    try:
        migrate(engine)  # here, once, so that a problem is one line before any worker starts
    finally:
        engine.dispose()
    sock = _listening_socket(args)
    host, port = sock.getsockname()[:2]
    if level in ("debug", "info"):  # with --port 0 this is where the port is told
        print(f"feedback service: listening on http://{host}:{port}", flush=True)
    uvicorn.run(
        "feedback_service.app:app_from_env",
        factory=True,
        fd=sock.fileno(),
        workers=args.workers,
        access_log=False,  # an access log would store readers' IP addresses
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=level,
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m feedback_service", description=(__doc__ or "").splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run the service (uvicorn)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8001, help="0: any free port (the log says which)")
    run.add_argument("--fd", type=int, help="serve on this inherited listening socket instead of --host/--port")
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-For from the reverse proxy")
    run.add_argument("--forwarded-allow-ips", default="127.0.0.1", help="the reverse proxy's address")
    run.add_argument("--log-level", choices=LOG_LEVELS, help="uvicorn's and the service's (default: info)")
    run.add_argument("--parent-pid", type=int, help="stop when this process (the one starting the service) ends")
    commands.add_parser("migrate", help="create or update the database schema")
    show = commands.add_parser("report", help="the writers' report: stdout, CSV and JSON")
    show.add_argument("--since", type=_date, help="only answers from this date on (YEAR-MONTH-DAY)")
    show.add_argument("--days", type=_days, help="only answers of the last N days")
    show.add_argument("--out", default="feedback-report", help="folder for the CSV and JSON files")
    show.add_argument("--url", help="read a deployed service (needs HELPCENTER_FEEDBACK_TOKEN) instead of the database")
    remove = commands.add_parser("purge", help="delete comments and search queries now")
    remove.add_argument("--days", type=_days, help="older than N days (default: HELPCENTER_FEEDBACK_KEEP_DAYS)")
    remove.add_argument("--containing", help="instead: every comment or query containing this text, whatever its age")
    return parser


def _run(args: argparse.Namespace) -> int:
    settings = from_env(os.environ)
    if args.command == "serve":
        return serve(args, settings)
    if args.command == "migrate":
        engine = open_engine(settings.database)
        migrate(engine)
        engine.dispose()
        print(f"The database {describe(settings.database)} is up to date.")
        return 0
    if args.command == "report":
        return report(args, settings)
    return purge(args, settings)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return _run(args)
    except (SettingsError, CommandError, SchemaError) as error:
        print(f"feedback service: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        print(f"feedback service: {unusable(error)}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
