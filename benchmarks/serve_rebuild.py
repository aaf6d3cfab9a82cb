"""Live preview: how long `mkdocs serve` takes to rebuild after a writer edits an article, or a fact.

Copies the project (mkdocs.yml, docs/, data/, overrides/, hooks/) into a
temporary folder, so the checkout is never touched, starts ``mkdocs serve`` there
as `make serve` does (every save rebuilds the whole site) on a free 127.0.0.1
port, then a few times appends a sentence to one article, and changes the support
phone in data/facts.yml, and reads the server's log: the rebuild time MkDocs
reports ("Documentation built in ..."), the time from saving the file to
"Reloading browsers", and the CPU time the server used for it (about what the
wait is on an idle machine). Figures only:

    .venv/bin/python benchmarks/serve_rebuild.py
    .venv/bin/python benchmarks/serve_rebuild.py --edits 5 docs/section/some-article.md

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
from site_tools import ROOT
from synthetic import write_site

sys.path.insert(0, str(ROOT / "hooks"))

from helpcenter.articles import is_article  # after the path set-up above

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


def measure(config: Path, edit: Edit, *, edits: int) -> Rebuilds:
    server = Server(config)
    result = Rebuilds()
    try:
        _, startup = server.wait_for("Serving on")
        result.problems.extend(line for line in startup if line.startswith(("WARNING", "ERROR")))
        for number in range(edits):
            time.sleep(1.0)  # let the watcher settle, as between a writer's saves
            edit(config.parent, number)
            saved, cpu_before = time.perf_counter(), server.cpu_seconds()
            reloaded, lines = server.wait_for("Reloading browsers")
            result.to_reload.append(reloaded - saved)
            result.cpu.append(server.cpu_seconds() - cpu_before)
            result.reported.extend([float(m[1]) for line in lines if (m := BUILT.search(line))][-1:])
            result.problems.extend(line for line in lines if line.startswith(("WARNING", "ERROR")))
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", default="", help="the file to edit (default: the nav's first article)")
    parser.add_argument("--edits", type=int, default=3, help="edits per kind; the median counts")
    parser.add_argument(
        "--synthetic", type=int, metavar="N", help="serve a synthetic help center of N articles instead"
    )
    options = parser.parse_args()
    for kind in ("article", "fact"):
        with tempfile.TemporaryDirectory(prefix="helpcenter-serve-") as scratch:
            if options.synthetic:
                config = write_site(Path(scratch), options.synthetic, git=False)["ours"]
                article = next((Path(scratch) / "docs").glob("*/*/*.md"))
            else:
                config = copy_project(Path(scratch))
                article = Path(scratch) / (options.article or first_article(config))
            edit = append_sentence(article) if kind == "article" else change_phone
            result = measure(config, edit, edits=options.edits)
        reported = f"{statistics.median(result.reported):.2f} s" if result.reported else "n/a"
        runs = ", ".join(f"{r:.2f}" for r in result.to_reload)
        print(
            f"edit one {kind:<8} rebuild {reported:>7} (MkDocs' figure)   save -> reload"
            f" {statistics.median(result.to_reload):.2f} s (runs {runs})"
            f"   CPU {statistics.median(result.cpu):.2f} s   median of {options.edits} edits"
        )
        for line in dict.fromkeys(result.problems):
            print(f"    {line}")


if __name__ == "__main__":
    main()
