"""Load on the feedback service: answers per second and latency, SQLite and PostgreSQL (a benchmark, not a test).

    .venv/bin/python benchmarks/feedback_load.py [--seconds 10] [--workers 1] [--backends sqlite postgresql]

The real service (uvicorn, as `make serve` and the README's deployment run it)
on 127.0.0.1 only, driven by a lean asyncio HTTP/1.1 client over keep-alive
connections, each answer a distinct "No" with a reason and a comment:

- **max**: closed loop, ``--concurrency`` clients back to back: the most it takes.
- **paced**: open loop at ``--rate`` answers a second (the issue's target, 300/s):
  latency counts from when each answer was due, so a stall is not hidden by
  the client waiting for it (no coordinated omission).

``--in-process`` measures instead the CPU one answer costs without the network:
answers go through the ASGI app in this process, 16 at a time, on SQLite.

Bounded: each phase stops after ``--seconds`` or ``--max-answers``, whichever
comes first. Each answer comes from a reader of its own: the service runs behind
a pretend proxy (``--proxy-headers``) and every answer carries its own
X-Forwarded-For address, so each one is counted against its reader's daily
quotas in the database (two upserts) like a real reader's. The per-minute
guard is off; the repeat filter stays on. PostgreSQL is a throwaway server with
its default (durable) settings, started like the tests do. Afterwards every
acknowledged answer is counted in the database. The client shares the machine's
two cores with the service: the CPU each used is printed next to the figures,
with the load average, because other work on the machine moves them.

`make bench-feedback` puts tests/ (the service launcher), feedback/ and hooks/ on the import path.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feedback_kit import ARTICLE, SITE, rows, write_manifest
from feedback_server import FeedbackServer
from feedback_service.settings import database_url
from pgcluster import postgres_cluster

WARM_UP = 300  # answers before each measured phase
CONNECT_LIMIT = 256  # connections the paced phase may open when answers pile up


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


class Connection:
    """One keep-alive HTTP/1.1 connection; the bare minimum of the protocol the service speaks."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def post(self, answer: tuple[bytes, bytes]) -> int:
        body, client = answer
        head = (
            b"POST /api/votes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"X-Forwarded-For: %s\r\nContent-Length: %d\r\n\r\n" % (client, len(body))
        )
        self.writer.write(head + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


class Answers:
    """Distinct answers from distinct readers: none is a repeat or over a quota, so each is a real insert."""

    def __init__(self, tag: str) -> None:
        self.tag, self.count = tag, 0

    def next(self) -> tuple[bytes, bytes]:
        """The body, and the reader's address (10.x.y.z, one per answer)."""
        self.count += 1
        client = b"10.%d.%d.%d" % (self.count >> 16 & 255, self.count >> 8 & 255, self.count & 255)
        body = json.dumps(
            {
                "url": SITE + ARTICLE,
                "title": "A first article",
                "vote": "no",
                "reason": "confusing-or-wrong",
                "comment": f"load {self.tag} {self.count}: step 3 does not match what I see on screen",
                "version": "bench",
            }
        ).encode()
        return body, client


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its finished children (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def server_cpu(server: FeedbackServer) -> float:
    """The service's processes: uvicorn, and its workers when there are several."""
    assert server.process is not None
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if os.getpgid(int(entry.name)) == server.process.pid:
                    total += cpu_seconds(int(entry.name))
    return total


async def closed_loop(port: int, answers: Answers, phase: Phase, clients: int, seconds: float, limit: int) -> None:
    deadline = time.perf_counter() + seconds
    sent = 0

    async def client() -> None:
        nonlocal sent
        connection = await Connection.open(port)
        try:
            while time.perf_counter() < deadline and sent < limit:
                sent += 1
                started = time.perf_counter()
                status = await connection.post(answers.next())
                if status == 201:
                    phase.latencies.append(time.perf_counter() - started)
                else:
                    phase.errors += 1
        finally:
            connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))


async def paced(port: int, answers: Answers, phase: Phase, rate: float, seconds: float, limit: int) -> None:
    idle: list[Connection] = []
    opened = 0
    tasks: set[asyncio.Task[None]] = set()
    start = time.perf_counter()
    total = min(limit, int(rate * seconds))

    async def one(due: float) -> None:
        nonlocal opened
        if idle:
            connection = idle.pop()
        else:
            opened += 1
            connection = await Connection.open(port)
        status = await connection.post(answers.next())
        if status == 201:
            phase.latencies.append(time.perf_counter() - due)  # from when it was due, not when it left
        else:
            phase.errors += 1
        idle.append(connection)

    for number in range(total):
        due = start + number / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if opened >= CONNECT_LIMIT and not idle:
            phase.errors += 1  # the service fell too far behind: count it as a failure, do not wait
            continue
        task = asyncio.create_task(one(due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)
    for connection in idle:
        connection.close()


def measure(server: FeedbackServer, name: str, run) -> Phase:  # type: ignore[no-untyped-def]
    phase = Phase(name)
    server_before, client_before = server_cpu(server), time.process_time()
    started = time.perf_counter()
    asyncio.run(run(phase))
    phase.seconds = time.perf_counter() - started
    phase.server_cpu = server_cpu(server) - server_before
    phase.client_cpu = time.process_time() - client_before
    return phase


@contextlib.contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'feedback.db'}"
        return
    with postgres_cluster() as url:
        yield database_url(url)


def run_backend(backend: str, args: argparse.Namespace) -> list[Phase]:
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as temporary, database(backend, Path(temporary)) as url:
        folder = Path(temporary)
        env = {
            "HELPCENTER_FEEDBACK_DB": url,
            "HELPCENTER_FEEDBACK_PAGES": str(write_manifest(folder / "pages.json")),
            "HELPCENTER_FEEDBACK_RATE": "0",
        }
        server = FeedbackServer(env, workers=args.workers, log=folder / "service.log", options=["--proxy-headers"])
        server.start()
        answers = Answers(backend)
        try:
            asyncio.run(closed_loop(server.port, answers, Phase("warm-up"), 4, 30, WARM_UP))
            phases = [
                measure(
                    server,
                    f"max, {args.concurrency} clients",
                    lambda phase: closed_loop(
                        server.port, answers, phase, args.concurrency, args.seconds, args.max_answers
                    ),
                ),
                measure(
                    server,
                    f"paced at {args.rate:g}/s",
                    lambda phase: paced(server.port, answers, phase, args.rate, args.seconds, args.max_answers),
                ),
            ]
        finally:
            server.stop()
        stored = len(rows(url, "votes"))
        acknowledged = WARM_UP + sum(len(phase.latencies) for phase in phases)
        print(f"  {backend}: {stored} answers stored, {acknowledged} acknowledged", flush=True)
        return phases


async def _asgi_post(app: Any, answer: tuple[bytes, bytes]) -> int:
    body, client = answer
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/votes",
        "raw_path": b"/api/votes",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": (client.decode(), 40000),
        "server": ("127.0.0.1", 80),
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client never hangs up
        return {}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


def in_process(answers_total: int) -> None:
    """CPU per answer through the app itself (SQLite): the service's own cost, without sockets or a client."""
    from feedback_service.app import create_app
    from feedback_service.settings import Settings

    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as temporary:
        folder = Path(temporary)
        settings = Settings(
            database=f"sqlite:///{folder / 'feedback.db'}",
            pages=str(write_manifest(folder / "pages.json")),
            rate_per_minute=0,
        )
        app = create_app(settings)
        answers = Answers("in-process")

        async def run() -> float:
            async with app.router.lifespan_context(app):
                for _ in range(WARM_UP):
                    await _asgi_post(app, answers.next())
                started = time.process_time()  # every thread of this process: the database work too
                for _ in range(0, answers_total, 16):
                    codes = await asyncio.gather(*(_asgi_post(app, answers.next()) for _ in range(16)))
                    assert set(codes) == {201}, codes
                return time.process_time() - started

        cpu = asyncio.run(run())
        count = answers_total // 16 * 16
        print(f"in process, SQLite: {count} answers, {1000 * cpu / count:.2f} ms of CPU per answer", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured phase (at most 60)")
    parser.add_argument("--max-answers", type=int, default=20_000, help="cap on answers per phase")
    parser.add_argument("--concurrency", type=int, default=16, help="clients in the closed-loop phase")
    parser.add_argument("--rate", type=float, default=300.0, help="answers per second in the paced phase")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--in-process", action="store_true", help="CPU per answer through the app, no network")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 60.0)

    print(f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f}", flush=True)
    if args.in_process:
        in_process(min(args.max_answers, 3000))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return 0
    results = [(backend, run_backend(backend, args)) for backend in args.backends]
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(
        "| database | workers | phase | answers | answers/s | p50 ms | p99 ms | max ms | errors"
        " | service CPU | service CPU per answer | client CPU |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for backend, phases in results:
        for phase in phases:
            print(
                f"| {backend} | {args.workers} | {phase.name} | {len(phase.latencies)} | {phase.rate:.0f}"
                f" | {phase.percentile(0.50):.1f} | {phase.percentile(0.99):.1f}"
                f" | {max(phase.latencies, default=0) * 1000:.1f} | {phase.errors}"
                f" | {phase.server_cpu / phase.seconds:.0%}"
                f" | {1000 * phase.server_cpu / max(1, len(phase.latencies)):.2f} ms"
                f" | {phase.client_cpu / phase.seconds:.0%} |"
            )
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
