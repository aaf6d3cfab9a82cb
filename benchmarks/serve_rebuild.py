"""Live preview: how long `mkdocs serve` takes to rebuild after a writer edits an article, or a fact.

Copies the project (mkdocs.yml, docs/, data/, overrides/, hooks/) into a
temporary folder, so the checkout is never touched, starts ``mkdocs serve`` there
as `make serve` does (every save rebuilds the site; the page cache renders again
only what changed) on a free 127.0.0.1 port, then a few times appends a sentence
to one article, and changes the support phone in data/facts.yml, and reads the
server's log: the rebuild time MkDocs reports ("Documentation built in ..."), the
time from saving the file to "Reloading browsers", and the CPU time the server
used for it (about what the wait is on an idle machine).

With ``--sizes``, on synthetic help centers (benchmarks/synthetic.py) of N
articles each: first `mkdocs build --strict` as CI runs it, a full build (no page
cache) against cached builds after one article changed and after the support
phone changed, which here only the theme prints (one run each: the ratios are
the figures); then the preview, with
a third kind of edit: a fact that the Markdown of 20 articles uses and no theme
template prints. Figures only (`make bench` runs it at 200 and 2,000 articles):

    .venv/bin/python benchmarks/serve_rebuild.py
    .venv/bin/python benchmarks/serve_rebuild.py --edits 5 docs/section/some-article.md
    .venv/bin/python benchmarks/serve_rebuild.py --sizes 200 2000

Without a file, it edits the first article of the nav (none is named here, so a move never breaks it).
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from site_tools import ROOT, run_build
from synthetic import write_site

from helpcenter.articles import is_article

COPIED = ("mkdocs.yml", "docs", "data", "overrides", "hooks")
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def first_article(config: Path) -> str:
    """docs/<the first page of the nav that is an article>."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    nav = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader).get("nav") or []
    pending = list(nav)
    while pending:
        item = pending.pop(0)
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pending[:0] = value
        elif isinstance(value, str) and value.endswith(".md") and is_article(value):
            return f"docs/{value}"
    raise SystemExit("the nav lists no article: name the file to edit")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_project(target: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target / "mkdocs.yml"


class Server:
    """`mkdocs serve` in a child process, its log lines timestamped as they arrive."""

    def __init__(self, config: Path) -> None:
        address = f"127.0.0.1:{free_port()}"
        command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-f", str(config), "-a", address]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.process = subprocess.Popen(
            command, cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: str, timeout: float = 300) -> tuple[float, list[str]]:
        """The time of the next log line containing ``pattern``, and the lines up to it."""
        deadline = time.perf_counter() + timeout
        seen: list[str] = []
        while True:
            try:
                stamp, line = self.lines.get(timeout=1.0)
            except queue.Empty:
                if self.process.poll() is None and time.perf_counter() < deadline:
                    continue
                raise SystemExit(f"no {pattern!r} from mkdocs serve:\n" + "\n".join(seen)) from None
            seen.append(line)
            if pattern in line:
                return stamp, seen

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass
class Rebuilds:
    reported: list[float] = field(default_factory=list)  # MkDocs' "Documentation built in"
    to_reload: list[float] = field(default_factory=list)  # file saved -> "Reloading browsers"
    cpu: list[float] = field(default_factory=list)  # server CPU time in between
    problems: list[str] = field(default_factory=list)


Edit = Callable[[Path, int], None]  # (the copied project, the edit's number) -> changes one file


def append_sentence(article: Path) -> Edit:
    def edit(project: Path, number: int) -> None:
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\nA sentence added while measuring the preview ({number + 1}).\n")

    return edit


def change_phone(project: Path, number: int) -> None:
    facts = project / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(re.sub(r'number: "\+1\d{10}"', f'number: "+1800555{number % 10:04d}"', text), encoding="utf-8")


# A fact that no theme template prints, written into the Markdown of FEW_PAGES synthetic articles: its change
# must render those pages again and no other.
FEW_PAGES = 20
FEW_FACT_LINE = re.compile(r"(onboarding_specialist:\n\s+name: )[^\n]*")
FEW_FACT_NAMES = ("onboarding lead", "onboarding coach", "onboarding guide", "onboarding partner")


def theme_only_phone(articles: list[Path]) -> None:
    """Synthetic articles print the support phone too; here only the theme's "Still need help?" does."""
    for article in articles:
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace(" at {{ support.phone }}", ""), encoding="utf-8")


def use_fact_on_few_pages(articles: list[Path]) -> None:
    for article in articles[:FEW_PAGES]:
        with article.open("a", encoding="utf-8") as handle:
            handle.write("\nYour {{ roles.onboarding_specialist }} checks this page with you.\n")


def change_few_fact(project: Path, number: int) -> None:
    facts = project / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    changed = FEW_FACT_LINE.sub(lambda m: m[1] + FEW_FACT_NAMES[number % len(FEW_FACT_NAMES)], text, count=1)
    assert changed != text, "data/facts.yml has no roles.onboarding_specialist.name"
    facts.write_text(changed, encoding="utf-8")


def measure(config: Path, edits: list[tuple[str, Edit]], *, times: int) -> dict[str, Rebuilds]:
    """One `mkdocs serve`: each kind of edit ``times`` times, in turn."""
    server = Server(config)
    results = {kind: Rebuilds() for kind, _ in edits}
    try:
        _, startup = server.wait_for("Serving on")
        for kind, edit in edits:
            result = results[kind]
            result.problems.extend(line for line in startup if line.startswith(("WARNING", "ERROR")))
            for number in range(times):
                time.sleep(1.0)  # let the watcher settle, as between a writer's saves
                edit(config.parent, number)
                saved, cpu_before = time.perf_counter(), server.cpu_seconds()
                reloaded, lines = server.wait_for("Reloading browsers")
                result.to_reload.append(reloaded - saved)
                result.cpu.append(server.cpu_seconds() - cpu_before)
                result.reported.extend([float(m[1]) for line in lines if (m := BUILT.search(line))][-1:])
                result.problems.extend(line for line in lines if line.startswith(("WARNING", "ERROR")))
        return results
    finally:
        server.stop()


def print_rebuilds(label: str, result: Rebuilds, times: int) -> None:
    reported = f"{statistics.median(result.reported):.2f} s" if result.reported else "n/a"
    runs = ", ".join(f"{r:.2f}" for r in result.to_reload)
    print(
        f"  {label:<34} rebuild {reported:>7} (MkDocs' figure)   save -> reload"
        f" {statistics.median(result.to_reload):.2f} s (runs {runs})"
        f"   CPU {statistics.median(result.cpu):.2f} s   median of {times}",
        flush=True,
    )
    for line in dict.fromkeys(result.problems):
        print(f"      {line}")


def strict_build(config: Path, site: Path, env: dict[str, str] | None = None) -> float:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]
    return run_build(command, config, env).seconds


def cached_builds(config: Path, article: Path) -> None:
    """`mkdocs build` as CI runs it with the page cache restored, against a full build, one run each."""
    project = config.parent
    full = strict_build(config, project / "site-full", {"HELPCENTER_PAGE_CACHE": "off"})
    first = strict_build(config, project / "site-first")  # renders everything and fills the cache
    append_sentence(article)(project, 99)
    one = strict_build(config, project / "site-article")
    change_phone(project, 7)
    phone = strict_build(config, project / "site-phone")
    print(f"  full build (no cache) {full:.1f} s; first build filling the cache {first:.1f} s ({first / full:.2f})")
    print(f"  cached build after one article changed  {one:.1f} s = {one / full:.2f} of a full build")
    print(f"  cached build after the support phone changed (every page templated) {phone:.1f} s = {phone / full:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", default="", help="the file to edit (default: the nav's first article)")
    parser.add_argument("--edits", type=int, default=3, help="edits per kind; the median counts")
    parser.add_argument(
        "--synthetic", type=int, metavar="N", help="serve a synthetic help center of N articles instead"
    )
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N", help="synthetic help centers of N articles each")
    options = parser.parse_args()
    sizes = options.sizes or ([options.synthetic] if options.synthetic else [])
    if not sizes:
        with tempfile.TemporaryDirectory(prefix="helpcenter-serve-") as scratch:
            config = copy_project(Path(scratch))
            article = Path(scratch) / (options.article or first_article(config))
            edits = [("one article", append_sentence(article)), ("the support phone", change_phone)]
            print("the real site, copied", flush=True)
            for kind, result in measure(config, edits, times=options.edits).items():
                print_rebuilds(f"edit {kind}", result, options.edits)
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="helpcenter-serve-") as scratch:
            config = write_site(Path(scratch), n, git=False)["ours"]
            articles = sorted(path for path in (Path(scratch) / "docs").glob("*/*/*.md") if path.name != "index.md")
            theme_only_phone(articles)
            use_fact_on_few_pages(articles)
            print(f"N={n} synthetic articles; load average {os.getloadavg()[0]:.1f}", flush=True)
            cached_builds(config, articles[-1])
            edits = [
                ("one article", append_sentence(articles[FEW_PAGES])),
                (f"a fact {FEW_PAGES} pages' Markdown uses", change_few_fact),
                ("the support phone (every page)", change_phone),
            ]
            for kind, result in measure(config, edits, times=options.edits).items():
                print_rebuilds(f"edit {kind}", result, options.edits)
    print(f"machine: {os.cpu_count()} CPUs; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
