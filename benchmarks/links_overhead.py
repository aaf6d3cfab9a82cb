"""What the link check costs a real build: the CPU time spent inside it, as a share of the build's.

Writes the synthetic help center of benchmarks/synthetic.py (N articles with six
anchored headings and about twelve cross-links each, the repository's real
mkdocs.yml and hooks) and builds it with ``mkdocs build --strict`` in a child
process whose link-check functions are wrapped in timers: reading each page's
ids and links, indexing the site, judging every link (which includes looking
for Markdown targets that name no file, and scanning the Markdown of the pages
that need it). CPU time of the (single-threaded) build process, so other work
on a shared machine does not inflate it. Figures only, no pass/fail:

    .venv/bin/python benchmarks/links_overhead.py              # 2,000 articles
    .venv/bin/python benchmarks/links_overhead.py --articles 200 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

from site_tools import run_build
from synthetic import write_site

MARK = "LINK-CHECK-SECONDS "
NESTED = ("look for unresolved targets", "scan a page's Markdown links")  # timed inside "judge every link"

# Runs `mkdocs build` with the link check's functions wrapped in timers, before MkDocs loads the hook.
RUNNER = f"""
import atexit, functools, json, sys, time

import helpcenter.links.content as content
import jobs.links as links
import jobs.sources as sources

spent = {{}}


def timed(name, function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
    return run


links.index_site = timed("index the site", links.index_site)
links.judge = timed("judge every link", links.judge)
sources.page_content = timed("read each page's ids and links", sources.page_content)
links.scan_links = timed("scan a page's Markdown links", links.scan_links)
links.may_be_unresolved = timed("look for unresolved targets", links.may_be_unresolved)
content.strip_silence_marks = timed("drop the silencing marks", content.strip_silence_marks)
atexit.register(lambda: print({MARK!r} + json.dumps(spent), file=sys.stderr, flush=True))
from mkdocs.__main__ import cli

cli()
"""


def total(spent: dict[str, float]) -> float:
    return sum(seconds for name, seconds in spent.items() if name not in NESTED)


def build(config: Path, site: Path) -> tuple[float, dict[str, float], str]:
    """One strict build in a child process: CPU seconds, seconds inside each part of the link check, log."""
    child = run_build([sys.executable, "-c", RUNNER, "build", "--strict", "-f", str(config), "-d", str(site)], config)
    marked = [line for line in child.output.splitlines() if line.startswith(MARK)]
    return child.cpu_seconds, json.loads(marked[-1][len(MARK) :]) if marked else {}, child.output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="builds to take the median of")
    parser.add_argument("--keep", type=Path, help="write the synthetic project here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="links-overhead-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        print(f"writing a synthetic help center of {args.articles:,} articles ...", flush=True)
        config = write_site(root, args.articles)["ours"]
        runs = []
        summary = ""
        for _ in range(args.repeat):
            cpu, spent, output = build(config, root / "site")
            runs.append((cpu, spent))
            print(f"  build: {cpu:6.2f} s CPU, {total(spent):5.2f} s of it in the link check", flush=True)
            found = re.search(r"links: checked .*", output)
            summary = found[0] if found else summary

    cpu = statistics.median(run[0] for run in runs)
    inside = statistics.median(total(run[1]) for run in runs)
    parts = {name: statistics.median(run[1].get(name, 0.0) for run in runs) for name in runs[0][1]}
    print(f"\n{args.articles:,} articles; the link check said: {summary}")
    print(f"CPU time of the build: {cpu:.2f} s; inside the link check: {inside:.2f} s ({inside / cpu:.1%})")
    for name, seconds in sorted(parts.items(), key=lambda item: -item[1]):
        print(f"  {name:<32} {seconds:6.3f} s{' (within judging)' if name in NESTED else ''}")


if __name__ == "__main__":
    main()
