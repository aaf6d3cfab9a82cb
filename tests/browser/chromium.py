"""Chromium as every browser test and benchmark launches it (no Playwright download, no network).

Debian's /usr/bin/chromium in CI; on a laptop, HELPCENTER_CHROMIUM, or the
Chromium that Homebrew (`brew install --cask chromium`) or the system installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = (
    Path("/usr/bin/chromium"),
    Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
)


def find_chromium() -> Path | None:
    override = os.environ.get("HELPCENTER_CHROMIUM")
    if override:
        return Path(override) if Path(override).is_file() else None
    found = next((path for path in CANDIDATES if path.is_file()), None)
    if found is None:
        which = shutil.which("chromium") or shutil.which("chromium-browser")
        found = Path(which) if which else None
    return found


CHROMIUM = find_chromium() or Path(os.environ.get("HELPCENTER_CHROMIUM") or CANDIDATES[0])
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
