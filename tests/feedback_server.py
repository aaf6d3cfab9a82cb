"""Run the feedback service as a real uvicorn process on 127.0.0.1, for tests and benchmarks."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pgcluster import free_port

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 30


class FeedbackServer:
    """``python -m feedback_service serve`` with the given settings; start, kill -9 and start again."""

    def __init__(self, env: Mapping[str, str], *, port: int | None = None, workers: int = 1, log: Path) -> None:
        self.env = {
            **os.environ,
            "HELPCENTER_FEEDBACK_ORIGINS": "",
            **env,
        }
        self.port = port or free_port()
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FeedbackServer:
        assert self.process is None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "feedback_service",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a kill reaches uvicorn's workers too
                cwd=ROOT,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the feedback service exited with {self.process.returncode}:\n{self.log_text()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(self.url + "/api/health", timeout=2) as answer:
                if json.load(answer).get("status") == "ok":
                    return self
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"the feedback service did not answer within {START_SECONDS} s:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-5000:]

    def kill(self) -> None:
        """kill -9, as a crash would: no shutdown code runs."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def post(
        self, path: str, body: object, *, origin: str | None = None, timeout: float = 10
    ) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **({"Origin": origin} if origin else {})},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)


@contextlib.contextmanager
def running(env: Mapping[str, str], **options: object) -> Iterator[FeedbackServer]:
    server = FeedbackServer(env, **options)  # type: ignore[arg-type]
    try:
        yield server.start()
    finally:
        server.stop()
