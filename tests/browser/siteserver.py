"""Serve a built site on 127.0.0.1 the way a static host does, for the browser tests."""

from __future__ import annotations

import functools
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Files from the site folder; a missing address gets the site's 404.html with status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output readable

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        # A browser that navigates away mid-download closes the connection; that is not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A static host for ``site_dir`` on 127.0.0.1, on a port the OS gives it and it holds from the start.

    Its address is known before the site is built (a site can be built for it), and no other process can
    take the port in between. Serving runs in a daemon thread of the test process, so it ends with it.
    """

    def __init__(self, site_dir: Path) -> None:
        self._server = QuietServer(("127.0.0.1", 0), functools.partial(StaticSiteHandler, directory=str(site_dir)))
        self.url = f"http://127.0.0.1:{self._server.server_port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return self.url

    def __exit__(self, *exception: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1; yields the base URL (ending in "/")."""
    with SiteServer(site_dir) as url:
        yield url
