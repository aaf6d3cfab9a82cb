"""Build the site strictly into a temporary folder next to site/, and swap it in only if the build succeeded.

A failed build (a strict warning, an error, Ctrl-C, a SIGTERM from CI) leaves
the previous site/ exactly as it was, so a half-written or broken site is never
published or served. Used by `make build`:

    python scripts/atomic_build.py [-f mkdocs.yml] [-d site]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
PREFIX = ".site-build-"  # gitignored (/.site-*/)
RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd = -100  # AT_FDCWD
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), RENAME_EXCHANGE)
    return result == 0


def swap_in(new: Path, target: Path) -> None:
    """Make ``new`` the site at ``target``; the old site, if any, is removed afterwards."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # now holds the old site
        return
    # Elsewhere: two renames; readers may see no site for the moment in between, never a partial one.
    old = Path(tempfile.mkdtemp(prefix=PREFIX + "old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old)


class Interrupted(Exception):
    pass


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="default: site/ next to the config file")
    args = parser.parse_args(argv)
    config = args.config_file.resolve()
    target = (args.site_dir or config.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Leftovers of a build that was killed outright (SIGKILL, power loss).
    for stale in target.parent.glob(PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=PREFIX, dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a web server must read the site
    signal.signal(signal.SIGTERM, _interrupt)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(staging)]
    process = subprocess.Popen(command, cwd=config.parent)
    try:
        code = process.wait()
    except (KeyboardInterrupt, Interrupted) as reason:
        process.terminate()
        process.wait()
        shutil.rmtree(staging, ignore_errors=True)
        print(f"atomic_build: interrupted ({reason or 'SIGINT'}); {target.name}/ is unchanged", file=sys.stderr)
        return 130
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"atomic_build: the build failed; {target.name}/ is unchanged", file=sys.stderr)
        return code
    swap_in(staging, target)
    print(f"atomic_build: {target.name}/ updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
