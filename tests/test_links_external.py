"""`make linkcheck-external`, against a local web server on 127.0.0.1 only (never the internet)."""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpcenter.links.external import (
    ExternalChecker,
    ExternalLink,
    HostPacer,
    Location,
    Outcome,
    findings_for,
    load_cache,
    save_cache,
)
from sitebuilder import ROOT


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[tuple[str, str]] = Counter()  # (method, path) -> requests
        self.starts: defaultdict[str, list[float]] = defaultdict(list)  # path -> when each request arrived

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.route("HEAD")

    def do_GET(self) -> None:
        self.route("GET")

    def route(self, method: str) -> None:
        path = self.path
        self.server.hits[(method, path)] += 1
        self.server.starts[path].append(time.monotonic())
        calls = sum(count for (_, seen), count in self.server.hits.items() if seen == path)
        if path.startswith("/ok"):
            self.answer(200)
        elif path == "/missing":
            self.answer(404)
        elif path == "/moved":
            self.answer(301, {"Location": "/ok-new"})
        elif path == "/elsewhere-for-now":
            self.answer(302, {"Location": "/ok"})
        elif path == "/flaky":
            self.answer(503 if calls == 1 else 200)
        elif path == "/busy":
            if calls == 1:
                self.answer(429, {"Retry-After": "0"})
            else:
                self.answer(200)
        elif path == "/no-head":
            self.answer(405 if method == "HEAD" else 200)
        elif path == "/slow":
            time.sleep(0.6)
            self.answer(200)
        elif path == "/down":
            self.answer(500)
        else:
            self.answer(404)


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def checker(**options: float) -> ExternalChecker:
    settings = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "per_host_interval": 0.0, "workers": 4}
    return ExternalChecker(**{**settings, **options})  # type: ignore[arg-type]


def test_each_kind_of_answer(server: Server) -> None:
    base = server.base
    outcomes = checker().check_all(
        [f"{base}/ok", f"{base}/missing", f"{base}/moved", f"{base}/elsewhere-for-now", f"{base}/no-head"]
    )
    assert {url.removeprefix(base): (o.verdict, o.status) for url, o in outcomes.items()} == {
        "/ok": ("ok", 200),
        "/missing": ("broken", 404),
        "/moved": ("redirected", 200),
        "/elsewhere-for-now": ("ok", 200),  # a temporary redirect is not worth a warning
        "/no-head": ("ok", 200),
    }
    assert outcomes[f"{base}/moved"].final_url == f"{base}/ok-new"
    # HEAD first; GET only where HEAD was refused or said "not found".
    assert server.hits[("GET", "/ok")] == 0
    assert server.hits[("HEAD", "/no-head")] == 1 and server.hits[("GET", "/no-head")] == 1


def test_transient_failures_are_retried_and_permanent_ones_are_not(server: Server) -> None:
    base = server.base
    outcomes = checker().check_all([f"{base}/flaky", f"{base}/busy", f"{base}/down", f"{base}/missing"])
    assert (outcomes[f"{base}/flaky"].verdict, outcomes[f"{base}/flaky"].attempts) == ("ok", 2)
    assert (outcomes[f"{base}/busy"].verdict, outcomes[f"{base}/busy"].attempts) == ("ok", 2)
    assert (outcomes[f"{base}/down"].verdict, outcomes[f"{base}/down"].attempts) == ("broken", 3)
    assert outcomes[f"{base}/missing"].attempts == 1


def test_timeouts_and_closed_ports_are_unreachable(server: Server) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    outcomes = checker(timeout=0.2, retries=1).check_all([f"{server.base}/slow", f"http://127.0.0.1:{closed}/"])
    slow, refused = outcomes.values()
    assert (slow.verdict, slow.detail, slow.attempts) == ("unreachable", "timed out after 0.2 s", 2)
    assert refused.verdict == "unreachable" and refused.detail.startswith("cannot connect")


def test_one_host_is_asked_one_request_at_a_time_with_an_interval(server: Server) -> None:
    urls = [f"{server.base}/ok-{number}" for number in range(4)]
    checker(per_host_interval=0.15, workers=4).check_all(urls)
    starts = sorted(moment for number in range(4) for moment in server.starts[f"/ok-{number}"])
    assert len(starts) == 4
    assert min(later - earlier for earlier, later in itertools.pairwise(starts)) >= 0.14


def test_the_pacer_spaces_requests_to_a_host_and_not_across_hosts() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = HostPacer(1.0, clock=lambda: now[0], sleep=sleep)
    pacer.wait_turn("a.example")
    now[0] += 0.25
    pacer.wait_turn("b.example")  # another host: no wait
    pacer.wait_turn("a.example")  # 0.25 s after the last request to a.example
    assert slept == [0.75]
    now[0] += 5
    pacer.wait_turn("a.example")
    assert slept == [0.75]


def test_good_answers_are_cached_and_failures_asked_again(server: Server, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    urls = [f"{server.base}/ok", f"{server.base}/missing"]
    save_cache(cache_file, checker().check_all(urls))
    asked = {path: server.hits[("HEAD", path)] for path in ("/ok", "/missing")}
    cache = load_cache(cache_file, max_age=3600)
    assert set(cache) == {f"{server.base}/ok"}
    outcomes = checker().check_all(urls, cache)
    assert outcomes[f"{server.base}/ok"].cached and not outcomes[f"{server.base}/missing"].cached
    assert server.hits[("HEAD", "/ok")] == asked["/ok"]
    assert server.hits[("HEAD", "/missing")] == asked["/missing"] + 1
    # Old answers expire.
    assert load_cache(cache_file, max_age=3600, now=time.time() + 7200) == {}


def test_findings_name_every_place_the_url_is_written() -> None:
    outcome = Outcome("https://x.test/a", "broken", 404, "404 Not Found")
    links = [ExternalLink("https://x.test/a", (Location("docs/b.md", 9, 5), Location("docs/a.md", 3, 1)))]
    assert [str(finding) for finding in findings_for(links, {"https://x.test/a": outcome})] == [
        "docs/a.md:3:1: external-broken `https://x.test/a` answered 404 Not Found -> fix the address, or remove"
        " the link",
        "docs/b.md:9:5: external-broken `https://x.test/a` answered 404 Not Found -> fix the address, or remove"
        " the link",
    ]


def test_the_command_reads_the_build_report_and_fails_on_broken_links(server: Server, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps(
            {
                "version": 1,
                "external": [
                    {"url": f"{server.base}/ok", "locations": [{"path": "docs/a.md", "line": 3, "column": 5}]},
                    {"url": f"{server.base}/missing", "locations": [{"path": "docs/b.md", "line": 7, "column": 12}]},
                    {"url": f"{server.base}/moved", "locations": [{"path": "mkdocs.yml", "line": 40, "column": 9}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    command = [sys.executable, str(ROOT / "scripts" / "linkcheck_external.py"), str(report)]
    command += ["--cache", str(tmp_path / "cache.json"), "--per-host-interval", "0", "--backoff", "0"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert (
        f"ERROR   -  docs/b.md:7:12: external-broken `{server.base}/missing` answered 404 Not Found -> fix the"
        " address, or remove the link (see WRITING-REFERENCE.md#external-broken)"
    ) in lines
    assert (
        f"WARNING -  mkdocs.yml:40:9: external-redirect `{server.base}/moved` moved permanently to"
        f" `{server.base}/ok-new` -> link to the new address (see WRITING-REFERENCE.md#external-redirect)"
    ) in lines
    assert any(line.startswith("::error file=docs/b.md,line=7,col=12,title=external-broken::") for line in lines)
    assert lines[-1] == "INFO    -  external links: 3 URLs (0 from the cache), 1 broken or unreachable, 1 redirected"
