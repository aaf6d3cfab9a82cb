"""`make serve`: the live preview, with the feedback service running next to it on SQLite.

    PORT=8123 python scripts/serve_with_feedback.py

Everything comes from the environment (the Makefile passes its variables that
way, never through a shell line): PORT (default 8000) or SERVE_ADDR
(HOST:PORT) for the preview, FEEDBACK_PORT for the service (default: any free
port), SERVE_FLAGS for more `mkdocs serve` options. Starts the service (database
.cache/feedback/feedback.db unless HELPCENTER_FEEDBACK_DB says otherwise) on a
socket this script holds, allowing the preview's own address, waits until it
answers, then runs `mkdocs serve` with HELPCENTER_FEEDBACK_ENDPOINT pointing at
it, so a "No" clicked in the preview lands in the local database and in
`make feedback-report`. Ctrl-C stops both; if either stops, so does the other,
and neither outlives this script. MkDocs loads the hooks' code once per process,
so a change under hooks/ restarts the preview (MkDocs itself rebuilds on every
other change).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from feedback_service.lifecycle import death_signal

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 30
STOP_SECONDS = 10
DEFAULT_PORT = 8000
_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")
_LOOPBACK = {"127.0.0.1", "localhost", "0.0.0.0", "[::1]", "[::]"}


class UsageError(ValueError):
    """A variable the writer set is unusable; the message says which and how to fix it."""


@dataclass(frozen=True)
class Plan:
    host: str
    port: int
    feedback_port: int  # 0: any free port
    flags: tuple[str, ...]

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def origins(self) -> list[str]:
        """The preview's own addresses, which its feedback service must accept votes from."""
        hosts = ["127.0.0.1", "localhost"] if self.host in _LOOPBACK else [self.host]
        return [f"http://{host}:{self.port}" for host in hosts]


def _port(name: str, raw: str, *, allow_zero: bool = False) -> int:
    if not re.fullmatch(r"\d{1,5}", raw.strip()) or not (0 if allow_zero else 1) <= int(raw) <= 65535:
        raise UsageError(f"{name}={raw!r} is not a port number -> e.g. make serve {name}=8123")
    return int(raw)


def plan_from(environ: Mapping[str, str]) -> Plan:
    """What to start, from PORT, SERVE_ADDR, FEEDBACK_PORT and SERVE_FLAGS."""
    host, port = "127.0.0.1", DEFAULT_PORT
    address = environ.get("SERVE_ADDR", "").strip()
    if address:
        given_host, _, given_port = address.rpartition(":")
        if not _HOST.fullmatch(given_host):
            raise UsageError(f"SERVE_ADDR={address!r} is not HOST:PORT -> e.g. make serve SERVE_ADDR=127.0.0.1:8123")
        host, port = given_host, _port("SERVE_ADDR", given_port)
    if environ.get("PORT", "").strip():
        port = _port("PORT", environ["PORT"])
    raw_feedback = environ.get("FEEDBACK_PORT", "").strip()
    feedback_port = _port("FEEDBACK_PORT", raw_feedback, allow_zero=True) if raw_feedback else 0
    try:
        flags = tuple(shlex.split(environ.get("SERVE_FLAGS", "")))
    except ValueError as error:
        raise UsageError(f"SERVE_FLAGS cannot be read ({error}) -> e.g. make serve SERVE_FLAGS=--dirty") from None
    return Plan(host, port, feedback_port, flags)


def _healthy(url: str) -> bool:
    with contextlib.suppress(OSError, ValueError), urllib.request.urlopen(url + "/api/health", timeout=2) as response:
        return bool(json.load(response).get("status") == "ok")
    return False


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGINT) -> int:
    """Ask politely, then insist: never leave a child behind."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)
        try:
            return process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def _hooks_state() -> dict[str, int]:
    """Each hook source file and when it last changed."""
    return {str(path): path.stat().st_mtime_ns for path in sorted((ROOT / "hooks").rglob("*.py"))}


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _start_service(plan: Plan, sock: socket.socket) -> subprocess.Popen[bytes]:
    given = os.environ.get("HELPCENTER_FEEDBACK_ORIGINS", "")
    env = {
        **os.environ,
        "HELPCENTER_FEEDBACK_ORIGINS": " ".join([*plan.origins(), given]).strip(),
    }
    fd = sock.fileno()
    command = [sys.executable, "-m", "feedback_service", "serve", "--fd", str(fd), "--log-level", "warning"]
    return subprocess.Popen([*command, "--parent-pid", str(os.getpid())], env=env, cwd=ROOT, pass_fds=[fd])


def _preview(plan: Plan, endpoint: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--livereload", *plan.flags]
    return subprocess.Popen(
        [*command, "--dev-addr", plan.address],
        env={**os.environ, "HELPCENTER_FEEDBACK_ENDPOINT": endpoint},
        cwd=ROOT,
        preexec_fn=death_signal(signal.SIGTERM),  # the preview never outlives this script
    )


def _run(plan: Plan, sock: socket.socket, service: subprocess.Popen[bytes]) -> int:
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    deadline = time.monotonic() + START_SECONDS
    while not _healthy(url):
        if service.poll() is not None or time.monotonic() > deadline:
            print(f"serve: the feedback service did not start on {url} (see its message above)", file=sys.stderr)
            return 1
        time.sleep(0.1)
    database = os.environ.get("HELPCENTER_FEEDBACK_DB") or ".cache/feedback/feedback.db"
    print(
        f"Feedback service: {url}, accepting votes from {' and '.join(plan.origins())}"
        f" (answers go to {database}; see them with: make feedback-report)",
        flush=True,
    )
    preview = _preview(plan, url)
    try:
        hooks = _hooks_state()
        while True:
            for name, process in (("the preview", preview), ("the feedback service", service)):
                code = process.poll()
                if code is not None:
                    if code:
                        print(f"serve: {name} stopped (exit code {code}); stopping the rest", file=sys.stderr)
                    return code
            time.sleep(0.2)
            if _hooks_state() != hooks:
                hooks = _hooks_state()
                print("serve: hooks/ changed: restarting the preview to load the new code", flush=True)
                _stop(preview)
                preview = _preview(plan, url)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        _stop(preview)


def main() -> int:
    try:
        plan = plan_from(os.environ)
    except UsageError as error:
        print(f"serve: {error}", file=sys.stderr)
        return 2
    try:
        sock = socket.create_server(("127.0.0.1", plan.feedback_port))
    except OSError as error:
        print(
            f"serve: port {plan.feedback_port} is taken ({error.strerror}) -> leave FEEDBACK_PORT unset for any"
            " free port",
            file=sys.stderr,
        )
        return 1
    sock.set_inheritable(True)
    # SIGTERM (from a CI runner or a process manager) stops both, like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    service = _start_service(plan, sock)
    try:
        return _run(plan, sock, service)
    except KeyboardInterrupt:
        return 0  # Ctrl-C reached every process of the terminal's group; the finally blocks wait for them
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _stop(service)
        sock.close()


if __name__ == "__main__":
    raise SystemExit(main())
