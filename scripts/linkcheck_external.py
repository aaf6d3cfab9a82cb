"""Check the external URLs the build recorded (`make linkcheck-external`); never part of a build.

Reads the links hook's JSON report (``HELPCENTER_LINKS_REPORT``, written by the
build ``make linkcheck-external`` runs first), asks every external URL once,
prints ``docs/page.md:LINE:COL: code what -> fix`` for each place a failing URL
is written (and GitHub annotations when GITHUB_ACTIONS=true), and exits 1 if
any URL is broken or unreachable. Answers that were fine are cached in
``.cache/linkcheck-external.json`` for ``--max-age`` hours.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from helpcenter.findings import log_findings
from helpcenter.links.external import (
    ExternalChecker,
    findings_for,
    load_cache,
    read_report,
    save_cache,
)

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_REPORT = ROOT / ".cache" / "links" / "report.json"
DEFAULT_CACHE = ROOT / ".cache" / "linkcheck-external.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT_REPORT, help="the links hook's JSON report")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where answers are cached")
    parser.add_argument("--max-age", type=float, default=24.0, help="hours a good answer stays valid (0: no cache)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--retries", type=int, default=2, help="retries after a timeout, 429 or 5xx")
    parser.add_argument("--backoff", type=float, default=1.0, help="seconds before the first retry (doubles)")
    parser.add_argument("--per-host-interval", type=float, default=1.0, help="seconds between requests to a host")
    parser.add_argument("--workers", type=int, default=8, help="hosts asked at the same time")
    args = parser.parse_args(argv)

    try:
        links = read_report(args.report)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(
            f"{args.report}: cannot read the links report ({error}) -> run `make linkcheck-external`", file=sys.stderr
        )
        return 2
    cache = load_cache(args.cache, max_age=args.max_age * 3600) if args.max_age > 0 else {}
    checker = ExternalChecker(
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        per_host_interval=args.per_host_interval,
        workers=args.workers,
    )
    outcomes = checker.check_all([link.url for link in links], cache)
    save_cache(args.cache, {url: outcome for url, outcome in outcomes.items()})

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO, stream=sys.stdout)
    log = logging.getLogger("linkcheck-external")
    findings = findings_for(links, outcomes)
    log_findings(log, findings)
    cached = sum(1 for outcome in outcomes.values() if outcome.cached)
    failing = {finding.message for finding in findings if finding.severity == "error"}
    log.info(
        "external links: %d URLs (%d from the cache), %d broken or unreachable, %d redirected",
        len(outcomes),
        cached,
        sum(1 for outcome in outcomes.values() if outcome.verdict in ("broken", "unreachable")),
        sum(1 for outcome in outcomes.values() if outcome.verdict == "redirected"),
    )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
