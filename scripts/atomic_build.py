"""Build the site strictly into a temporary folder next to site/, and swap it in only if the build succeeded.

A failed build (a strict warning, an error, Ctrl-C, a SIGTERM from CI) leaves
the previous site/ exactly as it was, so a half-written or broken site is never
published or served. Used by `make build`:

    python scripts/atomic_build.py [-f mkdocs.yml] [-d site] [--wait SECONDS]

One build of a site at a time: each holds a lock (``.site.lock`` next to
site/, released by the system even if the build is killed). A second build
waits for the first (``--wait``, 0 to stop at once), so it never removes the
staging folder of a build that is still running, and neither publishes a
half-written site.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import IO

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
    return bool(result == 0)


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


BUSY = 75  # EX_TEMPFAIL: try again later


def _holder(lock: IO[str]) -> str:
    lock.seek(0)
    pid = lock.read().strip()
    return f" (process {pid})" if pid.isdigit() else ""


def acquire(lock_path: Path, site: str, *, wait: float) -> IO[str] | None:
    """Hold the site's build lock, waiting up to ``wait`` seconds for another build; None if it is still busy."""
    lock = lock_path.open("a+", encoding="utf-8")
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                print(
                    f"atomic_build: another build of {site}/ is still running{_holder(lock)}; {site}/ is unchanged"
                    " -> run make build again when it has finished",
                    file=sys.stderr,
                )
                lock.close()
                return None
            if not told:
                print(
                    f"atomic_build: another build of {site}/ is running{_holder(lock)}; waiting for it to finish",
                    file=sys.stderr,
                )
                told = True
            time.sleep(0.1)
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def _complete(staging: Path) -> bool:
    # Belt and braces: what MkDocs reported as built must still be there (a home page at least).
    return staging.is_dir() and (staging / "index.html").is_file()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="default: site/ next to the config file")
    parser.add_argument(
        "--wait", type=float, default=900, help="seconds to wait for another build of the same site (default 900)"
    )
    args = parser.parse_args(argv)
    config = args.config_file.resolve()
    target = (args.site_dir or config.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        lock = acquire(target.parent / f".{target.name}.lock", target.name, wait=args.wait)
    except (KeyboardInterrupt, Interrupted) as reason:
        print(
            f"atomic_build: interrupted ({reason or 'SIGINT'}) while waiting; {target.name}/ is unchanged",
            file=sys.stderr,
        )
        return 130
    if lock is None:
        return BUSY
    try:
        return _build(config, target, lock)
    finally:
        lock.close()  # releases the lock


def _build(config: Path, target: Path, lock: IO[str]) -> int:
    prefix = f"{PREFIX}{target.name}-"
    # Leftovers of a build of this site that was killed outright (SIGKILL, power loss): any build of
    # it still running would hold the lock this process holds now.
    for stale in target.parent.glob(prefix + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a web server must read the site
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(staging)]
    # MkDocs inherits the lock: killed outright, this process leaves a build that still writes to its
    # staging folder, and that folder must not look stale to the next build.
    process = subprocess.Popen(command, cwd=config.parent, pass_fds=(lock.fileno(),))
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
    if not _complete(staging):
        shutil.rmtree(staging, ignore_errors=True)
        print(f"atomic_build: the build left no complete site; {target.name}/ is unchanged", file=sys.stderr)
        return 1
    swap_in(staging, target)
    print(f"atomic_build: {target.name}/ updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
