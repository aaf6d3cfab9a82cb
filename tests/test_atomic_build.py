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
