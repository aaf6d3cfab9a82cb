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

from helpcenter.settings import SettingsError, parse_settings  # noqa: E402
from helpcenter.source import read_page  # noqa: E402
from helpcenter.stale import review_of, stale_report  # noqa: E402


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
    after_days = settings.helpcenter.stale.after_days if args.days is None else args.days
    docs = os.path.relpath(config.docs_dir, config_file.parent).replace(os.sep, "/")
    reviews = []
    for file in get_files(config).documentation_pages():
        if file.abs_src_path is None:
            continue
        source = read_page(Path(file.abs_src_path).read_bytes(), src_uri=file.src_uri, path=f"{docs}/{file.src_uri}")
        review = review_of(source)
        if review is not None:
            reviews.append(review)
    print("\n".join(stale_report(reviews, today=args.today, after_days=after_days)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
