"""How the build scales with the number of articles: stock Material against ours, in one run.

For each N it writes a synthetic help center (benchmarks/synthetic.py) and builds
it up to four ways, each in its own ``mkdocs build --strict`` process:

- ``stock``:   plain Material and its search plugin, nothing else;
- ``prune``:   stock plus Material's navigation.prune (the usual first fix), for comparison;
- ``ours``:    the repository's real mkdocs.yml (read now), hooks and all;
- ``nohooks``: ours without the project's hooks (the same facts and macros via a module).

It prints wall time, peak memory (max RSS of the build process), output size, the
search index (every file under search/, raw and gzipped; ours is fetched in
part), ours as a share of stock, the hooks' overhead and the growth ratio
time(N) / time(previous N). Figures only, no pass/fail:

    .venv/bin/python benchmarks/scale.py --sizes 200 1000 2000 5000
    .venv/bin/python benchmarks/scale.py --sizes 2000 --profile
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from site_tools import gzipped_size, run_build, tree_size
from synthetic import write_site

VARIANTS = ("stock", "prune", "ours", "nohooks")
DEFAULT_VARIANTS = ("stock", "ours", "nohooks")


@dataclass
class Run:
    variant: str
    articles: int
    seconds: float
    cpu_seconds: float
    peak_mib: float
    output_mib: float
    index_kib: float
    index_gz_kib: float


def build(
    config: Path, site: Path, *, profile: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Build once in a child process; return (wall seconds, CPU seconds, peak RSS in MiB)."""
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]
    # Every build renders every page: the page cache (hooks/jobs/page_cache.py) would make repeats free.
    child = run_build(command, config, {"HELPCENTER_PAGE_CACHE": "off", **(env or {})})
    return child.seconds, child.cpu_seconds, child.peak_mib


def measure(variant: str, articles: int, config: Path, repeat: int, *, keep: bool) -> Run:
    site = config.parent / f"site-{variant}"
    samples = [build(config, site) for _ in range(repeat)]
    seconds = min(s for s, _, _ in samples)
    cpu_seconds = min(c for _, c, _ in samples)
    peak = max(p for _, _, p in samples)
    # All of search/: Material's one index for stock, our manifest and shards (fetched in part) for ours.
    index = [path for path in (site / "search").rglob("*") if path.is_file()]
    run = Run(
        variant,
        articles,
        seconds,
        cpu_seconds,
        peak,
        tree_size(site) / 2**20,
        sum(path.stat().st_size for path in index) / 1024,
        sum(gzipped_size(path) for path in index) / 1024,
    )
    if not keep:
        shutil.rmtree(site)  # a stock site of 5,000 articles takes some 10 GB: every page carries the whole nav
    return run


def print_table(runs: list[Run]) -> None:
    by_key = {(r.variant, r.articles): r for r in runs}
    sizes = sorted({r.articles for r in runs})
    variants = [v for v in VARIANTS if any(r.variant == v for r in runs)]
    print()
    header = ("N", "variant", "wall s", "cpu s", "growth", "(cpu)", "peak MiB", "site MiB", "index KiB", "gz KiB")
    print("{:>6} {:<8} {:>8} {:>8} {:>7} {:>6} {:>9} {:>9} {:>10} {:>7}".format(*header))
    for n in sizes:
        for variant in variants:
            run = by_key.get((variant, n))
            if run is None:
                continue
            previous = [m for m in sizes if m < n and (variant, m) in by_key]
            before = by_key[(variant, previous[-1])] if previous else None
            growth = f"{run.seconds / before.seconds:.2f}" if before else ""
            cpu_growth = f"{run.cpu_seconds / before.cpu_seconds:.2f}" if before else ""
            print(
                f"{n:>6} {variant:<8} {run.seconds:>8.2f} {run.cpu_seconds:>8.2f} {growth:>7} {cpu_growth:>6}"
                f" {run.peak_mib:>9.0f}"
                f" {run.output_mib:>9.1f} {run.index_kib:>10.0f} {run.index_gz_kib:>7.0f}"
            )
    print("growth = time(N) / time(previous N), wall and (cpu); linear growth equals the ratio of the Ns.")
    print()
    for n in sizes:
        stock, prune, ours, bare = (by_key.get((v, n)) for v in VARIANTS)
        parts = [f"N={n}:"]
        if prune and stock:
            parts.append(f"prune/stock {prune.seconds / stock.seconds:.1%} wall")
        if ours and stock:
            parts.append(
                f"ours/stock {ours.seconds / stock.seconds:.1%} wall, {ours.cpu_seconds / stock.cpu_seconds:.1%} cpu"
            )
        if ours and bare:
            wall, cpu = ours.seconds / bare.seconds - 1, ours.cpu_seconds / bare.cpu_seconds - 1
            parts.append(f"hooks add {wall:+.1%} wall, {cpu:+.1%} cpu")
        if ours:
            parts.append(f"ours {1000 * ours.seconds / n:.1f} ms per article")
        print("  ".join(parts))


# --- profile ---------------------------------------------------------------------------

PHASES = [
    ("load config + plugins' on_config", "mkdocs/config/base.py", "load_config"),
    ("read pages, macros, Markdown (all pages)", "mkdocs/commands/build.py", "_populate_page"),
    ("  Markdown -> HTML", "mkdocs/structure/pages.py", "render"),
    ("render templates, write pages (all pages)", "mkdocs/commands/build.py", "_build_page"),
    ("  page templates (Jinja)", "jinja2/environment.py", "render"),
    ("sitemap, 404", "mkdocs/commands/build.py", "_build_theme_template"),
    ("anchor validation", "mkdocs/structure/pages.py", "validate_anchor_links"),
    ("copy static files", "mkdocs/structure/files.py", "copy_static_files"),
]


def print_phases(config: Path, variant: str) -> None:
    """Build once more with benchmarks/phase_timer.py added, and print its phases."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["hooks"] = [*settings.get("hooks", []), str(Path(__file__).with_name("phase_timer.py"))]
    timed = config.with_name(f"phases-{config.name}")
    timed.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    times_file = config.with_name(f"phases-{variant}.json")
    wall, _, _ = build(timed, config.parent / f"site-phases-{variant}", env={"PHASE_TIMES": str(times_file)})
    phases = json.loads(times_file.read_text(encoding="utf-8"))
    total = phases.pop("total from on_config")
    print(f"\nphases of '{variant}' ({wall:.2f} s wall in all, {total:.2f} s from on_config to the end):")
    for phase, seconds in phases.items():
        print(f"  {phase:<46} {seconds:>7.2f} s {seconds / total:>6.1%}")
    other = total - sum(phases.values())
    print(f"  {'other (theme templates, static files, checks)':<46} {other:>7.2f} s {other / total:>6.1%}")


def print_profile(stats_file: Path, top: int) -> None:
    stats = pstats.Stats(str(stats_file))
    table = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in table.values())
    print(f"\nprofile of one build of 'ours' (under cProfile: {total:.1f} s; slower than a plain run)")
    print("\nphases (cumulative time):")
    for label, file_end, function in PHASES:
        seconds = sum(v[3] for (f, _, name), v in table.items() if f.endswith(file_end) and name == function)
        print(f"  {label:<44} {seconds:>7.2f} s {seconds / total:>6.1%}")
    print("\nevent handlers of plugins and project hooks (cumulative time, all pages):")
    handlers = []
    for (filename, line, name), (_, calls, _, cumulative, _) in table.items():
        if not name.startswith("on_"):
            continue
        if "/hooks/" in filename or "/material/plugins/" in filename or "mkdocs_macros" in filename:
            where = filename.split("/hooks/")[-1] if "/hooks/" in filename else filename.split("site-packages/")[-1]
            handlers.append((cumulative, f"{where}:{line} {name}", calls))
    for cumulative, where, calls in sorted(handlers, reverse=True)[:top]:
        if cumulative >= 0.005:
            print(f"  {cumulative:>7.2f} s {cumulative / total:>6.1%}  {calls:>6} calls  {where}")
    print(f"\ntop {top} functions by own time:")
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000, 5000], help="article counts")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(DEFAULT_VARIANTS))
    parser.add_argument("--repeat", type=int, default=1, help="builds per variant and size; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="also profile one build of 'ours' at the largest size")
    parser.add_argument("--phases", action="store_true", help="also time the build phases at the largest size")
    parser.add_argument("--top", type=int, default=25, help="entries to print from the profile")
    parser.add_argument("--keep", type=Path, help="write the synthetic projects here and keep them")
    options = parser.parse_args()

    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="helpcenter-bench-") as scratch:
        base = options.keep or Path(scratch)
        for n in sorted(options.sizes):
            root = base / f"n{n}"
            started = time.perf_counter()
            configs = write_site(root, n)
            print(f"N={n}: synthetic site written in {time.perf_counter() - started:.1f} s ({root.name})", flush=True)
            for variant in options.variants:
                run = measure(variant, n, configs[variant], options.repeat, keep=options.keep is not None)
                runs.append(run)
                print(
                    f"  {variant:<8} {run.seconds:7.2f} s wall {run.cpu_seconds:7.2f} s cpu {run.peak_mib:5.0f} MiB",
                    flush=True,
                )
        print_table(runs)
        if options.phases:
            root = base / f"n{max(options.sizes)}"
            # Stock's phases (and prune's) are mostly its nav: only ours and nohooks are worth splitting.
            for variant in [v for v in options.variants if v in ("ours", "nohooks")]:
                print_phases(root / ("mkdocs.yml" if variant == "ours" else f"mkdocs-{variant}.yml"), variant)
        if options.profile:
            n = max(options.sizes)
            stats_file = base / f"ours-{n}.prof"
            root = base / f"n{n}"
            config = root / "mkdocs.yml" if root.exists() else write_site(root, n)["ours"]
            build(config, root / "site-profile", profile=stats_file)
            print_profile(stats_file, options.top)
    if runs:
        print(f"\nmachine: {os.cpu_count()} CPUs; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
