"""`make serve`: the live preview, with the feedback service running next to it on SQLite.

    python scripts/serve_with_feedback.py [--feedback-port 8001] -- mkdocs serve ...

Starts the service (database .cache/feedback/feedback.db unless
HELPCENTER_FEEDBACK_DB says otherwise), waits until it answers, then runs the
preview command given after ``--`` with HELPCENTER_FEEDBACK_ENDPOINT pointing at
it, so a "No" clicked in the preview lands in the local database and in
`make feedback-report`. Ctrl-C stops both; if either stops, so does the other.
MkDocs loads the hooks' code once per process, so a change under hooks/ restarts
the preview (MkDocs itself rebuilds on every other change).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 30
STOP_SECONDS = 10


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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv:
        print("usage: serve_with_feedback.py [--feedback-port PORT] -- PREVIEW COMMAND...", file=sys.stderr)
        return 2
    split = argv.index("--")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feedback-port", type=int, default=8001)
    args = parser.parse_args(argv[:split])
    preview_command = argv[split + 1 :]

    url = f"http://127.0.0.1:{args.feedback_port}"
    if _healthy(url):
        print(
            f"serve: something already answers on {url} -> stop it, or: make serve FEEDBACK_PORT=8002", file=sys.stderr
        )
        return 1
    service_env = dict(os.environ)
    service = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "feedback_service",
            "serve",
            "--port",
            str(args.feedback_port),
            "--log-level",
            "warning",
        ],
        env=service_env,
        cwd=ROOT,
    )
    # SIGTERM (from a CI runner or a process manager) stops both, like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    preview: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _healthy(url):
            if service.poll() is not None or time.monotonic() > deadline:
                print(
                    f"serve: the feedback service did not start on {url} (is the port taken?)"
                    " -> make serve FEEDBACK_PORT=8002",
                    file=sys.stderr,
                )
                return 1
            time.sleep(0.1)
        database = os.environ.get("HELPCENTER_FEEDBACK_DB") or ".cache/feedback/feedback.db"
        print(f"Feedback service: {url} (answers go to {database}; see them with: make feedback-report)", flush=True)
        preview_env = {**os.environ, "HELPCENTER_FEEDBACK_ENDPOINT": url}
        preview = subprocess.Popen(preview_command, env=preview_env, cwd=ROOT)
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
                preview = subprocess.Popen(preview_command, env=preview_env, cwd=ROOT)
    except KeyboardInterrupt:
        return 0  # Ctrl-C reached every process of the terminal's group; the finally block waits for them
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        if preview is not None:
            _stop(preview)
        _stop(service)


if __name__ == "__main__":
    raise SystemExit(main())
