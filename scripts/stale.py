"""List the articles whose `reviewed` date is older than the configured age, oldest first (`make stale`).

The age comes from mkdocs.yml (``extra.helpcenter.stale.after_days``); the
pages are the ones the build would publish. Ages count from today's date on
this computer (not SOURCE_DATE_EPOCH, which pins build output to a commit). Always exits 0: this is a
to-do list, not a check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from mkdocs.config import load_config  # noqa: E402 - after the path set-up above
from mkdocs.structure.files import get_files  # noqa: E402

from helpcenter.findings import display_path  # noqa: E402
from helpcenter.stale import review_of, stale_report, stale_settings  # noqa: E402


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
    try:
        settings = stale_settings(config.extra.get("helpcenter", {}).get("stale"))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    after_days = settings.after_days if args.days is None else args.days
    project_dir = os.path.dirname(config.config_file_path)
    reviews = []
    for file in get_files(config).documentation_pages():
        where = display_path(project_dir, config.docs_dir, file.src_uri)
        review = review_of(file.content_string, path=where, src_path=file.src_uri)
        if review is not None:
            reviews.append(review)
    print("\n".join(stale_report(reviews, today=args.today, after_days=after_days)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
