"""`make build` publishes atomically: a failed or interrupted build leaves the previous site/ untouched."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitebuilder import ROOT, make_site, real_config

SCRIPT = ROOT / "scripts" / "atomic_build.py"
HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nRead [the billing guide](billing.md).\n"
BILLING = "---\ntitle: Billing\ndescription: How billing works.\nreviewed: 2026-01-01\n---\n\nBills, {version}.\n"


def tree(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def atomic_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, str(SCRIPT), "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".site-"))


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": HOME, "billing.md": BILLING.format(version="first version")})
    site = tmp_path / "site"
    first = atomic_build(config, site)
    assert first.returncode == 0, first.stderr
    assert "atomic_build: site/ updated" in first.stderr
    published = tree(site)
    assert "first version" in (site / "billing" / "index.html").read_text(encoding="utf-8")

    # Break a link: the strict build fails, and nothing of it reaches site/.
    (tmp_path / "docs" / "index.md").write_text(HOME.replace("billing.md", "biling.md"), encoding="utf-8")
    (tmp_path / "docs" / "billing.md").write_text(BILLING.format(version="second version"), encoding="utf-8")
    failed = atomic_build(config, site)
    assert failed.returncode == 1
    assert "docs/index.md:6:6: page-not-found" in failed.stderr
    assert "atomic_build: the build failed; site/ is unchanged" in failed.stderr
    assert tree(site) == published
    assert leftovers(tmp_path) == []

    # Fix it: the new site replaces the old one whole.
    (tmp_path / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    fixed = atomic_build(config, site)
    assert fixed.returncode == 0, fixed.stderr
    assert "second version" in (site / "billing" / "index.html").read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


SLOW_HOOK = """
import os, time


def on_post_build(config):
    open(os.environ["BUILD_MARKER"], "w").close()
    time.sleep(60)
"""


def test_an_interrupted_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": HOME, "billing.md": BILLING.format(version="first version")})
    site = tmp_path / "site"
    assert atomic_build(config, site).returncode == 0
    published = tree(site)

    hooks = [str(ROOT / hook) for hook in real_config()["hooks"]] + [str(tmp_path / "slow.py")]
    config = make_site(
        tmp_path,
        {"index.md": HOME, "billing.md": BILLING.format(version="second version")},
        config={"hooks": hooks},
        extra_files={"slow.py": SLOW_HOOK},
    )
    marker = tmp_path / "marker"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_MARKER": str(marker)}
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "-f", str(config), "-d", str(site)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():  # the new site is fully written to the staging folder now
        assert process.poll() is None and time.monotonic() < deadline, "the build never reached on_post_build"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "atomic_build: interrupted (SIGTERM); site/ is unchanged" in stderr
    assert tree(site) == published
    assert leftovers(tmp_path) == []


# --- one build at a time ----------------------------------------------------------------------

GATE_HOOK = """
import os, time

from mkdocs.plugins import event_priority


@event_priority(-100)  # after every other post-build step, so the site is whole
def on_post_build(config):
    # Builds started with BUILD_GATE stop here, their site fully written, until the test opens the gate.
    gate = os.environ.get("BUILD_GATE")
    if not gate:
        return
    open(gate + ".reached", "w").close()
    deadline = time.monotonic() + 120
    while not os.path.exists(gate + ".open") and time.monotonic() < deadline:
        time.sleep(0.05)
"""


def _gated_site(tmp_path: Path) -> Path:
    hooks = [str(ROOT / hook) for hook in real_config()["hooks"]] + [str(tmp_path / "gate.py")]
    return make_site(
        tmp_path,
        {"index.md": HOME, "billing.md": BILLING.format(version="gated version")},
        config={"hooks": hooks},
        extra_files={"gate.py": GATE_HOOK},
    )


def _start(config: Path, site: Path, log: Path, *options: str, gate: Path | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    if gate is not None:
        env["BUILD_GATE"] = str(gate)
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, str(SCRIPT), "-f", str(config), "-d", str(site), *options],
            stdout=subprocess.DEVNULL,
            stderr=output,
            env=env,
        )


def _wait_for(condition: object, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _reference(tmp_path: Path, config: Path) -> dict[str, str]:
    reference = tmp_path / "reference"
    assert atomic_build(config, reference).returncode == 0
    return tree(reference)


def test_a_second_build_waits_for_the_first_and_both_publish_whole_sites(tmp_path: Path) -> None:
    config = _gated_site(tmp_path)
    expected = _reference(tmp_path, config)
    site, gate = tmp_path / "site", tmp_path / "gate"
    first = _start(config, site, tmp_path / "first.log", gate=gate)
    _wait_for(Path(f"{gate}.reached").exists, "the first build to write its site")
    staging = leftovers(tmp_path)
    assert len(staging) == 1

    second = _start(config, site, tmp_path / "second.log")
    _wait_for(lambda: "waiting for it to finish" in (tmp_path / "second.log").read_text(), "the second to wait")
    assert (
        (tmp_path / "second.log")
        .read_text()
        .startswith(
            f"atomic_build: another build of site/ is running (process {first.pid}); waiting for it to finish\n"
        )
    )
    time.sleep(1)  # the second keeps waiting, and leaves the first's staging folder alone
    assert second.poll() is None
    assert leftovers(tmp_path) == staging and tree(tmp_path / staging[0]) == expected

    Path(f"{gate}.open").touch()
    assert first.wait(timeout=120) == 0, (tmp_path / "first.log").read_text()
    assert second.wait(timeout=120) == 0, (tmp_path / "second.log").read_text()
    assert "atomic_build: site/ updated" in (tmp_path / "first.log").read_text()
    assert "atomic_build: site/ updated" in (tmp_path / "second.log").read_text()
    assert tree(site) == expected
    assert leftovers(tmp_path) == []


def test_a_build_that_must_not_wait_stops_with_a_clear_message(tmp_path: Path) -> None:
    config = _gated_site(tmp_path)
    expected = _reference(tmp_path, config)
    site, gate = tmp_path / "site", tmp_path / "gate"
    first = _start(config, site, tmp_path / "first.log", gate=gate)
    _wait_for(Path(f"{gate}.reached").exists, "the first build to write its site")

    second = _start(config, site, tmp_path / "second.log", "--wait", "0")
    assert second.wait(timeout=60) == 75
    assert (tmp_path / "second.log").read_text() == (
        f"atomic_build: another build of site/ is still running (process {first.pid}); site/ is unchanged"
        " -> run make build again when it has finished\n"
    )
    assert not site.exists()

    Path(f"{gate}.open").touch()
    assert first.wait(timeout=120) == 0
    assert tree(site) == expected


def test_a_killed_build_whose_mkdocs_still_runs_keeps_its_staging_folder(tmp_path: Path) -> None:
    config = _gated_site(tmp_path)
    expected = _reference(tmp_path, config)
    site, gate = tmp_path / "site", tmp_path / "gate"
    first = _start(config, site, tmp_path / "first.log", gate=gate)
    _wait_for(Path(f"{gate}.reached").exists, "the first build to write its site")
    first.kill()  # SIGKILL: no clean-up; its MkDocs goes on and still holds the lock
    first.wait()
    staging = leftovers(tmp_path)

    busy = _start(config, site, tmp_path / "busy.log", "--wait", "0")
    assert busy.wait(timeout=60) == 75
    assert leftovers(tmp_path) == staging

    Path(f"{gate}.open").touch()  # the orphaned MkDocs finishes; nobody publishes its staging folder
    second = _start(config, site, tmp_path / "second.log")
    assert second.wait(timeout=120) == 0, (tmp_path / "second.log").read_text()
    assert tree(site) == expected
    assert leftovers(tmp_path) == []
