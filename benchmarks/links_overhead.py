"""What the link check costs a real build: the same synthetic help center built with and without it, in one run.

Writes the synthetic help center of benchmarks/synthetic.py (N articles with six
anchored headings and about twelve cross-links each, the repository's real
mkdocs.yml, every other hook included) and builds it with ``mkdocs build
--strict`` in child processes: once as configured, once with hooks/links.py
replaced by a stub that only provides an empty link graph (so hooks that read
it, like the backlinks, still run). Order alternates when repeated. It prints wall and CPU
time of each build, the overhead ratio, and the CPU time spent inside the link
check's own event handlers (measured in the same build, so it does not depend
on the noise between two builds on a shared machine). Figures only, no pass/fail:

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

import yaml
from site_tools import run_build
from synthetic import write_site

LINKS_HOOK = "hooks/links.py"
MARK = "LINKS-HOOK-SECONDS "

# Runs `mkdocs build` with the link check's event handlers wrapped in timers.
RUNNER = f"""
import atexit, functools, json, sys, time
from mkdocs.config import config_options

spent = {{}}
load = config_options.Hooks._load_hook.__wrapped__


def timed(name, handler):
    # CPU time of this (single-threaded) process: other jobs on the machine do not inflate it.
    @functools.wraps(handler)
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
    return run


def load_and_time(self, name, path):
    module = load(self, name, path)
    if str(path).replace("\\\\", "/").endswith({LINKS_HOOK!r}):
        for attribute in [a for a in dir(module) if a.startswith("on_")]:
            setattr(module, attribute, timed(attribute, getattr(module, attribute)))
    return module


config_options.Hooks._load_hook = functools.lru_cache(maxsize=None)(load_and_time)
atexit.register(lambda: print({MARK!r} + json.dumps(spent), file=sys.stderr, flush=True))
from mkdocs.__main__ import cli

cli()
"""


# Stands in for hooks/links.py in the "without" build: an empty link graph, complete from on_env.
STUB = """
import sys

sys.path.insert(0, {hooks!r})
from helpcenter.links.check import start_graph

graph = None


def on_config(config):
    global graph
    graph = start_graph()
    return config


def on_env(env, *, config, files):
    graph.complete = True
    return env
"""


def build(config: Path, site: Path) -> tuple[float, float, dict[str, float], str]:
    """One strict build in a child process: wall seconds, CPU seconds, seconds inside the link check, log."""
    command = [sys.executable, "-c", RUNNER, "build", "--strict", "-f", str(config), "-d", str(site)]
    child = run_build(command, config)
    marked = [line for line in child.output.splitlines() if line.startswith(MARK)]
    spent = json.loads(marked[-1][len(MARK) :]) if marked else {}
    return child.seconds, child.cpu_seconds, spent, child.output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="builds per variant (order alternates)")
    parser.add_argument("--keep", type=Path, help="write the synthetic project here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="links-overhead-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        print(f"writing a synthetic help center of {args.articles:,} articles ...", flush=True)
        with_hook = write_site(root, args.articles)["ours"]
        settings = yaml.safe_load(with_hook.read_text(encoding="utf-8"))
        hooks = settings.get("hooks", [])
        if not any(str(hook).endswith(LINKS_HOOK) for hook in hooks):
            sys.exit(f"{LINKS_HOOK} is not in mkdocs.yml's hooks: nothing to measure")
        # Hooks that read the link graph (backlinks) still find one: empty, and free.
        stub = root / "links_stub.py"
        stub.write_text(STUB.format(hooks=str(Path(__file__).resolve().parents[1] / "hooks")), encoding="utf-8")
        settings["hooks"] = [str(stub) if str(hook).endswith(LINKS_HOOK) else hook for hook in hooks]
        without_hook = root / "mkdocs-without-links.yml"
        without_hook.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")

        runs: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
        inside: list[dict[str, float]] = []
        summary = ""
        for round_ in range(args.repeat):
            order = ["without", "with"] if round_ % 2 == 0 else ["with", "without"]
            for variant in order:
                config = with_hook if variant == "with" else without_hook
                wall, cpu, spent, output = build(config, root / f"site-{variant}")
                runs[variant].append((wall, cpu))
                print(f"  {variant:>7} the link check: {wall:6.2f} s wall, {cpu:6.2f} s CPU", flush=True)
                if variant == "with":
                    inside.append(spent)
                    found = re.search(r"links: checked .*", output)
                    summary = found[0] if found else summary

    wall = {variant: statistics.median(run[0] for run in results) for variant, results in runs.items()}
    cpu = {variant: statistics.median(run[1] for run in results) for variant, results in runs.items()}
    hook_seconds = statistics.median(sum(spent.values()) for spent in inside)
    events = {name: statistics.median(spent.get(name, 0.0) for spent in inside) for name in inside[0]}
    print(f"\n{args.articles:,} articles; the link check said: {summary}")
    print(f"{'':>28} {'wall s':>8} {'CPU s':>8}")
    print(f"{'without hooks/links.py':>28} {wall['without']:>8.2f} {cpu['without']:>8.2f}")
    print(f"{'with hooks/links.py':>28} {wall['with']:>8.2f} {cpu['with']:>8.2f}")
    print(
        f"{'overhead (with / without)':>28} {wall['with'] / wall['without']:>8.3f} {cpu['with'] / cpu['without']:>8.3f}"
    )
    print(
        f"\nCPU time inside the link check's handlers: {hook_seconds:.2f} s,"
        f" {hook_seconds / cpu['with']:.1%} of the CPU time of the build it ran in"
    )
    for name, seconds in sorted(events.items(), key=lambda item: -item[1]):
        print(f"  {name:<18} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
