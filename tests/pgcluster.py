"""A throwaway PostgreSQL server for tests and benchmarks: Debian's binaries, a temporary folder, no TCP port.

Never a system service: `initdb` writes a new cluster into a temporary folder
and `postgres` runs in the foreground, in a process group of its own, listening
on a Unix socket in that folder only (no port to find, so none to lose to
another program). It is stopped and deleted afterwards; if the test run dies
first, its `Lifeline` stops it. Missing binaries raise `PostgresMissing`
(tests/conftest.py fails in CI and skips, with how to install it, elsewhere). PostgreSQL refuses to run as
root, so under root the server runs as the `postgres` user that Debian's package
creates.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from processes import Lifeline

INSTALL_HINT = "Debian: apt-get install postgresql; macOS: brew install postgresql@17 (.ci/run installs it in CI)"
START_SECONDS = 60


class PostgresMissing(RuntimeError):
    pass


def bindir() -> Path:
    """The newest installed PostgreSQL's bin folder (HELPCENTER_PG_BINDIR, when set, is the only place looked at)."""
    override = os.environ.get("HELPCENTER_PG_BINDIR")
    candidates = [Path(override)] if override else []
    if not override:
        candidates += (
            sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name), reverse=True)
            if Path("/usr/lib/postgresql").is_dir()
            else []
        )
        found = shutil.which("initdb")
        if found:
            candidates.append(Path(found).parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "postgres").is_file():
            return candidate
    raise PostgresMissing(f"PostgreSQL's initdb and postgres were not found -> {INSTALL_HINT}")


def _server_user() -> dict[str, Any]:
    """Popen arguments that run the server as `postgres` when this process is root."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresMissing(
            f"running as root needs the 'postgres' user to start PostgreSQL -> {INSTALL_HINT}"
        ) from None
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _ready(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


@contextlib.contextmanager
def postgres_cluster(*settings: str) -> Iterator[str]:
    """Yield the URL (postgresql://helpcenter@/feedback?host=FOLDER) of a new, empty server.

    ``settings`` are extra ``name=value`` server settings.
    """
    bin_path = bindir()
    as_server = _server_user()
    root = Path(tempfile.mkdtemp(prefix="hc-pg-"))
    if as_server:
        os.chown(root, as_server["user"], as_server["group"])
    server: subprocess.Popen[bytes] | None = None
    lifeline: Lifeline | None = None
    try:
        create = ["-D", str(root / "data"), "-U", "helpcenter", "--auth=trust", "-E", "UTF8", "--locale=C"]
        initdb = subprocess.run(
            [str(bin_path / "initdb"), *create, "--no-sync"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd="/",
            **as_server,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed ({initdb.returncode}):\n{initdb.stdout}\n{initdb.stderr}")
        options = ["-c", "listen_addresses=", "-k", str(root), *(part for item in settings for part in ("-c", item))]
        with (root / "server.log").open("wb") as log:
            server = subprocess.Popen(
                [str(bin_path / "postgres"), "-D", str(root / "data"), *options],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd="/",
                start_new_session=True,
                **as_server,
            )
        lifeline = Lifeline(server.pid, signal.SIGQUIT)  # SIGQUIT: PostgreSQL's immediate shutdown
        admin = f"postgresql://helpcenter@/postgres?host={root}"
        deadline = time.monotonic() + START_SECONDS
        while not _ready(admin):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start:\n{(root / 'server.log').read_text(errors='replace')}")
            time.sleep(0.1)
        import psycopg

        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE feedback")
        yield f"postgresql://helpcenter@/feedback?host={root}"
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # fast shutdown: ends the sessions still open
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if lifeline is not None:
            lifeline.release()
        shutil.rmtree(root, ignore_errors=True)
