"""A throwaway PostgreSQL server for tests and benchmarks: Debian's binaries, a temporary folder, a free port.

Never a system service: `initdb` writes a new cluster into a temporary folder,
`pg_ctl` starts it on 127.0.0.1 only, and it is stopped and deleted afterwards.
Missing binaries raise `PostgresMissing` (tests/conftest.py fails in CI and skips,
with how to install it, elsewhere). PostgreSQL refuses to run as root, so under root the server
runs as the `postgres` user that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

INSTALL_HINT = "Debian: apt-get install postgresql; macOS: brew install postgresql@17 (.ci/run installs it in CI)"


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
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise PostgresMissing(f"PostgreSQL's initdb and pg_ctl were not found -> {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresMissing(
            f"running as root needs the 'postgres' user to start PostgreSQL -> {INSTALL_HINT}"
        ) from None
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str], what: str) -> None:
    completed = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, timeout=120, check=False, cwd="/"
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{what} failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")


@contextlib.contextmanager
def postgres_cluster(*settings: str) -> Iterator[str]:
    """Yield the URL (postgresql://helpcenter@127.0.0.1:PORT/feedback) of a new, empty server.

    ``settings`` are extra ``-c name=value`` server settings.
    """
    bin_path = bindir()
    root = Path(tempfile.mkdtemp(prefix="hc-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
    port = free_port()
    started = False
    try:
        _run(
            [
                str(bin_path / "initdb"),
                "-D",
                str(data),
                "-U",
                "helpcenter",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        options = " ".join(
            ["-c listen_addresses=127.0.0.1", f"-p {port}", f"-k {root}", *(f"-c {item}" for item in settings)]
        )
        _run(
            [
                str(bin_path / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ],
            "pg_ctl start",
        )
        started = True
        import psycopg

        with psycopg.connect(f"postgresql://helpcenter@127.0.0.1:{port}/postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE feedback")
        yield f"postgresql://helpcenter@127.0.0.1:{port}/feedback"
    finally:
        if started:
            _run([str(bin_path / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "60", "stop"], "pg_ctl stop")
        shutil.rmtree(root, ignore_errors=True)
