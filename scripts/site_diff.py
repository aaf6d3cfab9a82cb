"""What a reader would see differently: build a base commit and the working tree, compare the rendered text.

    python scripts/site_diff.py [--base REF] [--out DIR] [--preview-url URL]   # `make diff [BASE=REF]`

BASE defaults to where this branch left main (the merge base). Prints a summary
and writes DIR/report.md (Markdown; also appended to $GITHUB_STEP_SUMMARY when
that is set, as in CI) and DIR/report.html (side by side, linking into the
built preview at DIR/head/site, or under --preview-url). The logic lives in
hooks/helpcenter/review/. Exit status 2 when a side does not build.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from helpcenter.review.builds import ReviewError
from helpcenter.review.report import terminal
from helpcenter.review.run import review

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="the commit to compare with (default: the merge base with main)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this repository)")
    parser.add_argument("--out", type=Path, help="where the builds and reports go (default: .cache/diff)")
    parser.add_argument("--preview-url", help="where the new site is published, for the HTML report's links")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / ".cache" / "diff").resolve()
    try:
        done = review(root, out, args.base or None, args.preview_url)
    except ReviewError as error:
        print(f"make diff: {error}", file=sys.stderr)
        return 2
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(done.markdown.read_text(encoding="utf-8"))
    print(terminal(done.diff, report_path=os.path.relpath(done.html, Path.cwd())), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
