"""The service as a process: quiet on its first start, its port from the OS, gone when its parent is gone."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from feedback_server import ROOT, FeedbackServer

WAIT_SECONDS = 30


def service_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "HELPCENTER_FEEDBACK_DB": f"sqlite:///{tmp_path / 'feedback.db'}",
        "HELPCENTER_FEEDBACK_PAGES": str(tmp_path / "not-built-yet.json"),  # as on a fresh clone
        **extra,
    }


def test_the_first_start_says_nothing_before_the_site_is_built(tmp_path: Path) -> None:
    """`make serve` starts the service before the preview's first build has written the page list."""
    server = FeedbackServer(service_env(tmp_path, HELPCENTER_FEEDBACK_LOG_LEVEL="warning"), log=tmp_path / "log")
    server.start()
    server.stop()
    assert server.log_text() == ""


def test_port_zero_takes_a_free_port_and_says_which(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "feedback_service", "serve", "--port", "0", "--parent-pid", str(os.getpid())],
        env=service_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.fullmatch(r"feedback service: listening on http://127\.0\.0\.1:(\d+)\n", line)
        assert found, line
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{found[1]}/api/health", timeout=2) as answer:
                    assert json.load(answer)["status"] == "ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "the service did not answer on the port it named"
                time.sleep(0.1)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


LAUNCHER = """
import os, subprocess, sys, time
from feedback_server import listening_socket
sock = listening_socket()
service = subprocess.Popen(
    [sys.executable, "-m", "feedback_service", "serve", "--fd", str(sock.fileno()), "--workers", "2",
     "--parent-pid", str(os.getpid())],
    pass_fds=[sock.fileno()], start_new_session=True,
)
print(service.pid, flush=True)
time.sleep(600)
"""


def test_the_service_and_its_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """However the process that started it ends (here kill -9, which runs no clean-up), the service ends too."""
    env = service_env(tmp_path, PYTHONPATH=str(ROOT / "tests"))
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], env=env, stdout=subprocess.PIPE, text=True)
    assert launcher.stdout is not None
    service = int(launcher.stdout.readline())
    deadline = time.monotonic() + WAIT_SECONDS
    workers: list[str] = []
    while len(workers) < 2:
        assert time.monotonic() < deadline, "uvicorn did not start its two workers"
        time.sleep(0.1)
        children = Path(f"/proc/{service}/task/{service}/children").read_text().split()
        workers = [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    launcher.kill()
    launcher.wait()
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while any(alive(pid) for pid in [service, *map(int, workers)]):
            assert time.monotonic() < deadline, "the service outlived the process that started it"
            time.sleep(0.1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(service, signal.SIGKILL)  # only if the test failed: nothing of it may stay behind
