"""Run the feedback service as a real uvicorn process on 127.0.0.1, for tests and benchmarks.

The port comes from the OS: this process binds a listening socket on port 0 and
holds it; the service serves on that very socket (``serve --fd``), so no other
program can take the port between choosing and serving. Stopping the service
closes the socket (clients then get "connection refused", as from a stopped
service); starting it again binds the same port, because the site under test has
the address built in. The service runs in its own process group with a
`Lifeline`, and with ``--parent-pid`` it ends by itself when this process does.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from processes import Lifeline

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 30


def listening_socket(port: int = 0) -> socket.socket:
    """A socket listening on 127.0.0.1 (port 0: one the OS chooses), inheritable by a child.

    Taking a given port again waits while the stopped service's last workers are still exiting.
    """
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            sock = socket.create_server(("127.0.0.1", port), backlog=1024)
            break
        except OSError as error:
            if error.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    sock.set_inheritable(True)
    return sock


class FeedbackServer:
    """``python -m feedback_service serve`` with the given settings; start, kill -9 and start again."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        workers: int = 1,
        log: Path,
        sock: socket.socket | None = None,
        options: Sequence[str] = (),
    ) -> None:
        self.env = {
            **os.environ,
            "HELPCENTER_FEEDBACK_ORIGINS": "",
            **env,
        }
        self.socket: socket.socket | None = sock or listening_socket()
        self.port: int = self.socket.getsockname()[1]
        self.workers = workers
        self.options = tuple(options)  # more `serve` options, e.g. --proxy-headers
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self._lifeline: Lifeline | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FeedbackServer:
        assert self.process is None, "already running"
        if self.socket is None:
            self.socket = listening_socket(self.port)
        fd = self.socket.fileno()
        command = [sys.executable, "-m", "feedback_service", "serve", "--fd", str(fd), "--workers", str(self.workers)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, *self.options, "--parent-pid", str(os.getpid())],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=[fd],
                start_new_session=True,  # its own process group: a kill reaches uvicorn's workers too
                cwd=ROOT,
            )
        self._lifeline = Lifeline(self.process.pid)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self._reap()
                raise RuntimeError(f"the feedback service exited with {code}:\n{self.log_text()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(self.url + "/api/health", timeout=2) as answer:
                if json.load(answer).get("status") == "ok":
                    return self
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"the feedback service did not answer within {START_SECONDS} s:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-5000:]

    def _reap(self) -> None:
        if self.process is not None:
            self.process.wait(timeout=30)
        self.process = None
        if self._lifeline is not None:
            self._lifeline.release()
            self._lifeline = None
        if self.socket is not None:
            self.socket.close()  # now the port refuses connections, as a stopped service's does
            self.socket = None

    def kill(self) -> None:
        """kill -9, as a crash would: no shutdown code runs."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self._reap()

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._reap()

    def post(self, path: str, body: object, *, origin: str | None = None, timeout: float = 10) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json", **({"Origin": origin} if origin else {})}
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)


@contextlib.contextmanager
def running(env: Mapping[str, str], *, log: Path, workers: int = 1) -> Iterator[FeedbackServer]:
    server = FeedbackServer(env, log=log, workers=workers)
    try:
        yield server.start()
    finally:
        server.stop()
        if server.socket is not None:
            server.socket.close()
