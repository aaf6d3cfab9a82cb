"""The preview never lies: `mkdocs serve` shows what `make build` makes, and follows every file the build reads.

A fixture site is served by a real `mkdocs serve` (as `make serve` runs it) on a
free 127.0.0.1 port. A changed fact shows in the page at once; a deleted one
fails where it is used, in the same process (no state survives a rebuild); after
any save the nav and article lists of every page are the ones a full build makes.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from processes import dies_with_parent, held_port
from sitebuilder import ROOT, build, make_site

PHONE = '"+18005552546"'
NEW_PHONE = '"+18005550199"'


def page(title: str, body: str, *, article: bool = True, extra: str = "") -> str:
    reviewed = "reviewed: 2026-01-01\n" if article else ""
    return f"---\ntitle: {title}\ndescription: A page for a test.\n{reviewed}{extra}---\n\n{body}\n"


PAGES = {
    "index.md": page("Home", "Call {{ support.phone }}.\n\n[Billing](billing/index.md)", article=False),
    "billing/index.md": page("Invoices and refunds", "- [Bill](bill.md)\n- [Bank](bank.md)", article=False),
    "billing/bill.md": page(
        "Sending the bills", "Program: {{ training.program }}.", extra="related:\n  - billing/bank.md\n"
    ),
    "billing/bank.md": page("Creating trust ledgers", "See [the bill](bill.md)."),
}
NAV = [{"Home": "index.md"}, {"Invoices and refunds": ["billing/index.md", "billing/bill.md", "billing/bank.md"]}]


class Preview:
    """`mkdocs serve` as `make serve` runs it, with its log lines as they arrive."""

    def __init__(self, config: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/"
        command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-f", str(config), "-a", f"127.0.0.1:{port}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            command,
            cwd=config.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=dies_with_parent,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip())

    def wait_for(self, pattern: str, timeout: float = 60) -> list[str]:
        """The log lines up to the next one containing ``pattern``."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            self.log.append(line)
            if pattern in line:
                return seen
        pytest.fail(f"no {pattern!r} from mkdocs serve within {timeout} s:\n" + "\n".join(self.log), pytrace=False)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    config = make_site(tmp_path, PAGES, nav=NAV)
    with held_port() as port:
        server = Preview(config, port)
        try:
            server.wait_for("Serving on")
            yield server, tmp_path
        finally:
            server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.2)  # a save a moment after the last, as a writer's
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_fact_change_shows_in_the_open_page_at_once(preview: tuple[Preview, Path]) -> None:
    server, root = preview
    assert "1-800-555-2546" in server.get("")
    edit(root / "data" / "facts.yml", PHONE, NEW_PHONE)
    saved = time.monotonic()
    while "1-800-555-0199" not in server.get(""):
        assert time.monotonic() - saved < 10, "the preview still shows the old phone number"
        time.sleep(0.1)
    # benchmarks/README.md, "Live preview", gives the figure `benchmarks/serve_rebuild.py` measures on a quiet machine.
    assert time.monotonic() - saved < 5


def test_a_deleted_fact_fails_where_it_is_used_then_recovers(preview: tuple[Preview, Path]) -> None:
    server, root = preview
    facts = root / "data" / "facts.yml"
    original = facts.read_text(encoding="utf-8")
    training = re.search(r"^training:\n(?:[ #].*\n|\n)*", original, re.MULTILINE)
    assert training is not None
    edit(facts, training[0], "")
    lines = server.wait_for("fact 'training': is missing")
    assert any(line.startswith("ERROR") and "data/facts.yml:" in line for line in lines), lines
    # Nothing of the previous build's facts survives in the process: put it back, and the page renders again.
    facts.write_text(original, encoding="utf-8")
    server.wait_for("Reloading browsers")
    assert "Program: FirstSteps Training Program." in server.get("billing/bill/")


def _without_live_reload(html: str) -> str:
    return re.sub(r"<script>[^<]*livereload[^<]*</script>", "", html)


def _chrome(html: str) -> list[str]:
    """What a save could break elsewhere: the nav, the breadcrumbs and the article-end lists."""
    parts = re.findall(r'<nav class="md-(?:nav|path)[^"]*".*?</nav>|<nav class="hc-pagelist".*?</nav>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", part).split()) for part in parts]


def test_after_a_save_every_page_is_what_a_full_build_makes(preview: tuple[Preview, Path]) -> None:
    server, root = preview
    edit(root / "docs" / "billing" / "bank.md", "See [the bill]", "Read [the bill]")
    server.wait_for("Reloading browsers")
    built = build(root / "mkdocs.yml", site_dir=root / "built", strict=False)
    for path in ("", "billing/", "billing/bill/", "billing/bank/"):
        served = _chrome(_without_live_reload(server.get(path)))
        expected = _chrome((built.site_dir / path / "index.html").read_text(encoding="utf-8"))
        assert served == expected, path
        assert not any("None" in part or ".md" in part for part in served), served


def test_the_preview_watches_the_data_folder() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^watch:\n  - data\n", text, re.MULTILINE)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--dirty" not in re.search(r"^SERVE_FLAGS \?=.*$", makefile, re.MULTILINE)[0]


def test_the_preview_lets_its_live_reload_run_and_a_build_does_not(preview: tuple[Preview, Path]) -> None:
    """`mkdocs serve` injects a script no policy can know in advance: its pages carry none; a build's do."""
    server, root = preview
    policy = 'http-equiv="Content-Security-Policy"'
    assert policy not in server.get("billing/bill/")
    built = build(root / "mkdocs.yml", site_dir=root / "built", strict=False)
    assert policy in (built.site_dir / "billing" / "bill" / "index.html").read_text(encoding="utf-8")
