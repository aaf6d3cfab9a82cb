"""Where each fact of data/facts.yml is used: every file:line that reads it, and the pages it reaches.

    python scripts/fact_usage.py [--fact support.phone]   # `make fact-usage [FACT=support.phone]`

The site is built (not strictly, into .cache/fact-usage/) and the map comes from
what the build read while rendering each page and its theme templates, not from
a text search (hooks/helpcenter/facts/reads.py). Facts no page reads are flagged,
so writers can delete them. Exit status 2 when FACT names no fact.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpcenter.review.builds import ReviewError, data_files, environment, file_at, run_build
from helpcenter.review.sitediff import flatten_facts
from helpcenter.review.usage import FactUsage, UsageError, describe, related
from helpcenter.text import did_you_mean, suggest

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fact", help="one fact (or a group, e.g. support) as pages write it: support.phone")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this repository)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = root / ".cache" / "fact-usage"
    fact = args.fact.strip() if args.fact else None
    facts_file, _ = data_files(file_at(root, None, "mkdocs.yml"))
    if fact is not None:
        # Named facts are checked against the file before anything is built: a typo is answered at once.
        names = [*flatten_facts(file_at(root, None, facts_file))]
        names += sorted({name.rsplit(".", 1)[0] for name in names if "." in name})
        if not any(related(fact, name) for name in names):
            print(
                f"{facts_file}: no fact '{fact}' -> write a fact's dotted path as pages do, e.g. support.phone"
                f"{did_you_mean(suggest(fact, names))}",
                file=sys.stderr,
            )
            return 2
    try:
        built = run_build(root, out, environment(root))
        if not built.ok or not built.usage.is_file():
            tail = "\n".join(built.output.strip().splitlines()[-20:])
            raise ReviewError(f"the site did not build; its last lines:\n{tail}")
        usage = FactUsage.from_json(built.usage.read_text(encoding="utf-8"), str(built.usage))
    except (ReviewError, UsageError) as error:
        print(f"make fact-usage: {error}", file=sys.stderr)
        return 2
    print(describe(usage, usage.entries(fact), every_page=fact is not None), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
