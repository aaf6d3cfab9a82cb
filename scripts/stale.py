"""List the articles whose `reviewed` date is older than the configured age, oldest first (`make stale`).

The age comes from mkdocs.yml (``extra.helpcenter.stale.after_days``); the
pages are the ones the build would publish. Ages count from today's date on
this computer (not SOURCE_DATE_EPOCH, which pins build output to a commit). Always exits 0: this is a
to-do list, not a check.

Readers' votes come from the feedback service's database (HELPCENTER_FEEDBACK_DB,
by default the project's .cache/feedback/feedback.db that `make serve` fills):
articles readers find unhelpful are flagged, and listed even when their date is recent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from helpcenter.pages.source import read_page
from helpcenter.pages.stale import Helpfulness, review_of, stale_report
from helpcenter.settings import SettingsError, parse_settings

ROOT = Path(__file__).resolve().parents[1]


def reader_votes(
    project_dir: str, environ: dict[str, str] | os._Environ[str]
) -> tuple[dict[str, Helpfulness] | None, str | None]:
    """(yes, no) per page address from the feedback database, or None (and why) when there is none."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from feedback_service.report import helpfulness
    from feedback_service.settings import SettingsError as DatabaseSettingsError
    from feedback_service.settings import database_url
    from feedback_service.store import open_engine

    default = f"sqlite:///{os.path.join(project_dir, '.cache', 'feedback', 'feedback.db')}"
    try:
        url = database_url(environ.get("HELPCENTER_FEEDBACK_DB", "").strip() or default)
    except DatabaseSettingsError as error:
        return None, str(error)
    parsed = make_url(url)
    where = parsed.database if parsed.get_backend_name() == "sqlite" else parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite" and not os.path.isfile(parsed.database or ""):
        return None, f"none yet ({os.path.relpath(where or '', project_dir)} does not exist)"
    engine = open_engine(url)
    try:
        if not inspect(engine).has_table("votes"):
            return None, f"none yet ({where} has none)"
        counts = helpfulness(engine)
    except SQLAlchemyError as error:
        return None, f"not read from {where} ({type(error).__name__})"
    finally:
        engine.dispose()
    return {page: Helpfulness(yes, no) for page, (yes, no) in counts.items()}, where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--days", type=int, help="override extra.helpcenter.stale.after_days")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=dt.date.today(), help="count ages from this date (YYYY-MM-DD)"
    )
    args = parser.parse_args(argv)

    # Loading the configuration imports the hooks; their log lines are not this report.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(args.config_file)
    config_file = Path(config.config_file_path)
    try:
        settings = parse_settings(
            config.extra, config_text=config_file.read_text(encoding="utf-8"), config_name=config_file.name
        )
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    stale = settings.helpcenter.stale
    after_days = stale.after_days if args.days is None else args.days
    docs = os.path.relpath(config.docs_dir, config_file.parent).replace(os.sep, "/")
    by_address, note = reader_votes(str(config_file.parent), os.environ)
    reviews = []
    votes: dict[str, Helpfulness] | None = None if by_address is None else {}
    for file in get_files(config).documentation_pages():
        if file.abs_src_path is None:
            continue
        source = read_page(Path(file.abs_src_path).read_bytes(), src_uri=file.src_uri, path=f"{docs}/{file.src_uri}")
        review = review_of(source)
        if review is not None:
            reviews.append(review)
            if votes is not None and by_address is not None and file.url in by_address:
                votes[source.path] = by_address[file.url]
    lines = stale_report(
        reviews,
        today=args.today,
        after_days=after_days,
        helpfulness=votes,
        min_votes=stale.unhelpful_min_votes,
        below_percent=stale.unhelpful_below_percent,
    )
    if votes is None:
        lines.append(f"Readers' votes: {note}; `make serve` and the feedback service collect them.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
