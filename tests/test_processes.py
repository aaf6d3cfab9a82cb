"""The tests' own servers: a held port is theirs alone, and a child dies with the test process, however it dies."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from processes import held_port
from sitebuilder import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux holds ports and parents")


def test_a_held_port_takes_its_server_and_nothing_else() -> None:
    with held_port() as port:
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))
        server = http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                assert response.status == 200
        finally:
            server.shutdown()
            server.server_close()


# A test process that starts a server-like child, then is killed outright (no cleanup can run).
PARENT = """
import subprocess, sys, time
from processes import dies_with_parent
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], preexec_fn=dies_with_parent)
print(child.pid, flush=True)
time.sleep(120)
"""


def test_a_child_stops_when_the_test_process_is_killed() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, env=env)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    pytest.fail(f"the child {child} outlived its killed parent")


KILLED_TEST = """
import os, signal, time, pytest

@pytest.fixture
def server(tmp_path_factory):
    yield
    open(os.environ["STOPPED"], "w").close()

def test_killed(server):
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
"""


def test_a_terminated_test_run_tears_its_fixtures_down(tmp_path: Path) -> None:
    """SIGTERM to pytest runs every fixture's teardown, as Ctrl-C does; tests/conftest.py asks for it."""
    assert signal.getsignal(signal.SIGTERM).__module__ == "processes"  # type: ignore[union-attr]
    (tmp_path / "conftest.py").write_text(
        "from processes import stop_on_termination\n\n\ndef pytest_configure(config):\n    stop_on_termination()\n"
    )
    (tmp_path / "test_killed.py").write_text(KILLED_TEST)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests"), "STOPPED": str(tmp_path / "stopped")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:playwright", str(tmp_path)]
    subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False)
    assert (tmp_path / "stopped").is_file()
