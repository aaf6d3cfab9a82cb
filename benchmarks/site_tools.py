"""Shared by the benchmark scripts: build the real site, measure files, serve a site like a static host."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]

# What static hosts (GitHub Pages, Netlify, nginx with gzip on) compress on the fly.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ico", ".map"}
# gzip level 6: the usual default of static hosts and of web servers that compress on the fly.
GZIP_LEVEL = 6


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def gzipped_size(path: Path) -> int:
    return len(gzipped(path.read_bytes()))


def transfer_size(path: Path) -> int:
    """Bytes a static host sends for this file: gzipped if it is a text type, as is otherwise."""
    return gzipped_size(path) if path.suffix in COMPRESSIBLE else path.stat().st_size


def tree_size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())


@dataclass(frozen=True)
class ChildBuild:
    seconds: float  # wall
    cpu_seconds: float  # user + system: suffers less than wall time when other jobs share the machine
    peak_mib: float  # the child's maximum resident memory
    output: str


def run_build(command: list[str], config: Path, env: dict[str, str] | None = None) -> ChildBuild:
    """Run one strict build command in a child process next to ``config``; stop with its log if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    env.pop("GITHUB_ACTIONS", None)  # no workflow annotations in benchmark logs
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    # wait4 reports this child's own resource usage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{config}: the strict build failed; every site measured must pass every check:\n{output}")
    return ChildBuild(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def build_real_site(site_dir: Path) -> Path:
    """`mkdocs build --strict` of the repository's own site into ``site_dir``."""
    config = ROOT / "mkdocs.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site_dir)]
    run_build(command, config)
    return site_dir


class _StaticHandler(http.server.BaseHTTPRequestHandler):
    """Serves a built site like a static host: index.html for folders, 404.html, gzip for text."""

    site_dir: Path

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.site_dir / path.lstrip("/")).resolve()
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            target = target / "index.html"
        status = 200
        if not target.is_file() or self.site_dir not in target.parents:
            status, target = 404, self.site_dir / "404.html"
        body = target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        if target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzipped(body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        # Material's assets carry a content hash in their names; pages revalidate.
        immutable = "/assets/" in path and target.suffix in {".css", ".js"} and target.stem.count(".") >= 2
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on a free 127.0.0.1 port; yield its base URL."""
    handler = type("Handler", (_StaticHandler,), {"site_dir": site_dir.resolve()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
