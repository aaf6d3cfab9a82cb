"""Browser test fixtures: Debian's Chromium through Playwright, the built site served on 127.0.0.1.

Every page a test opens is guarded: a request for any host but 127.0.0.1 is
aborted and fails the test, and so do dialogs (alert() and friends), console errors,
uncaught exceptions and
error responses the test did not ask for.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from chromium import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Error, Page, Response, Route
from siteserver import SiteServer, serve

from feedback_server import FeedbackServer, listening_socket
from required_tools import missing
from sitebuilder import ROOT, build, make_site, real_config

ARTIFACTS = ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the installed Chromium (no `playwright install`); in CI its absence is a failure, never a skip."""
    if not CHROMIUM.is_file():
        missing("Chromium", f"{CHROMIUM} was not found (HELPCENTER_CHROMIUM names another)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


# --- sites ------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(real_site_dir: Path) -> Iterator[str]:
    """The real site as built by the test run, served like a static host (404.html for missing pages)."""
    with serve(real_site_dir) as url:
        yield url


def announcement_day() -> tuple[dt.date, str]:
    """A build date on which the facts' announcement is showing, and the facts text to use (the real facts)."""
    text = (ROOT / "data" / "facts.yml").read_text(encoding="utf-8")
    facts = yaml.safe_load(text)
    notice = facts.get("announcement")
    if notice:
        return notice["expires"] - dt.timedelta(days=1), text
    # No announcement right now: give the variant one, so its behaviour stays tested.
    facts["announcement"] = {
        "kind": "Notice",
        "title": "Test announcement",
        "url": "https://example.com/",
        "cta": "Read more",
        "expires": dt.date(2030, 1, 1),
    }
    return dt.date(2029, 12, 31), yaml.safe_dump(facts, sort_keys=False)


@dataclass(frozen=True)
class Variant:
    site_dir: Path
    server: SiteServer  # holds the port the site was built for, so Material's instant navigation works there


@pytest.fixture(scope="session")
def feedback_socket() -> Iterator[socket.socket]:
    """Where the variant site's feedback service listens: held from the OS before the variant is built."""
    with listening_socket() as sock:
        yield sock


@pytest.fixture(scope="session")
def feedback_port(feedback_socket: socket.socket) -> int:
    return int(feedback_socket.getsockname()[1])


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory: pytest.TempPathFactory, feedback_port: int) -> Variant:
    """The real content with a feedback endpoint, built for its own 127.0.0.1 address on a date its announcement shows.

    Material's instant navigation only intercepts links to its sitemap's
    addresses (matching host and port), so this build's site_url is the
    address it is served at.
    """
    root = tmp_path_factory.mktemp("variant")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data")
    settings = real_config()
    extra = {**settings.get("extra", {}), "feedback": {"endpoint": f"http://127.0.0.1:{feedback_port}"}}
    server = SiteServer(root / "site")
    url = server.url
    day, facts = announcement_day()
    config = make_site(
        root,
        {},
        nav=settings.get("nav"),
        facts=facts,
        config={"site_url": url, "extra": extra, "exclude_docs": settings.get("exclude_docs", "")},
    )
    epoch = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())
    result = build(config, site_dir=root / "site", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.ok, f"the variant site does not build strictly:\n{result.output}"
    return Variant(result.site_dir, server)


@pytest.fixture(scope="session")
def variant_url(variant_site: Variant) -> Iterator[str]:
    with variant_site.server as url:
        yield url


@pytest.fixture(scope="session")
def feedback_service(
    variant_site: Variant, feedback_socket: socket.socket, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FeedbackServer]:
    """The real feedback service (uvicorn, SQLite) the variant site's widget posts to; tests may stop and restart it.

    It reads the page manifest the variant's build wrote, and allows the variant's origin (its site_url) only.
    """
    folder = tmp_path_factory.mktemp("feedback-service")
    env = {
        "HELPCENTER_FEEDBACK_DB": f"sqlite:///{folder / 'feedback.db'}",
        "HELPCENTER_FEEDBACK_PAGES": str(variant_site.site_dir / "feedback-pages.json"),
        # Every test's browser comes from 127.0.0.1, and many answer on the same article: no per-client limits.
        "HELPCENTER_FEEDBACK_RATE": "0",
        "HELPCENTER_FEEDBACK_PER_PAGE": "0",
        "HELPCENTER_FEEDBACK_PER_DAY": "0",
    }
    server = FeedbackServer(env, sock=feedback_socket, log=folder / "service.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def no_endpoint_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real content built with no feedback service configured at all."""
    root = tmp_path_factory.mktemp("no-endpoint")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data")
    settings = real_config()
    config = make_site(
        root,
        {},
        nav=settings.get("nav"),
        facts=(ROOT / "data" / "facts.yml").read_text(encoding="utf-8"),
        config={"extra": {**settings["extra"], "feedback": {}}, "exclude_docs": settings.get("exclude_docs", "")},
    )
    result = build(config, site_dir=root / "site")
    assert result.ok, result.output
    with serve(result.site_dir) as url:
        yield url


# --- guarded pages ----------------------------------------------------------


@dataclass
class Guard:
    """What went wrong while a test browsed; empty lists when all is well."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(), prompt(): script a page should not run
    requests: list[str] = field(default_factory=list)
    # Error responses a test causes on purpose (e.g. opening a missing page), by URL path.
    expected_status: dict[str, int] = field(default_factory=dict)
    # Console errors a test causes on purpose (e.g. going offline).
    expected_console: list[re.Pattern[str]] = field(default_factory=list)

    def expect_status(self, path: str, status: int) -> None:
        self.expected_status[path] = status

    def allow_console(self, pattern: str) -> None:
        self.expected_console.append(re.compile(pattern))

    def on_route(self, route: Route) -> None:
        self.requests.append(route.request.url)
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external_requests.append(f"{route.request.method} {route.request.url}")
            route.abort("blockedbyclient")

    def on_response(self, response: Response) -> None:
        path = urlsplit(response.url).path
        if response.status >= 400 and self.expected_status.get(path) != response.status:
            self.error_responses.append(f"{response.status} {response.request.method} {response.url}")

    def on_page_error(self, error: Error) -> None:
        self.page_errors.append(str(error))

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = f"{message.text} ({message.location.get('url', '')})"
        if any(pattern.search(message.text) for pattern in self.expected_console):
            return
        # Chromium logs every error response as a console error; expected ones are not errors.
        if re.match(r"Failed to load resource: the server responded with a status of (\d+)", message.text):
            path = urlsplit(message.location.get("url", "")).path
            if path in self.expected_status:
                return
        self.console_errors.append(text)

    def problems(self) -> list[str]:
        return (
            [f"request left 127.0.0.1: {item}" for item in self.external_requests]
            + [f"console error: {item}" for item in self.console_errors]
            + [f"uncaught exception: {item}" for item in self.page_errors]
            + [f"error response: {item}" for item in self.error_responses]
            + [f"dialog opened: {item}" for item in self.dialogs]
        )


@dataclass
class Browse:
    """Opens guarded pages in fresh browser contexts (own storage, scheme and viewport)."""

    new_context: Callable[..., BrowserContext]
    guards: list[Guard] = field(default_factory=list)

    def __call__(self, *, scheme: str = "light", viewport: dict[str, int] | None = None) -> tuple[Page, Guard]:
        context = self.new_context(color_scheme=scheme, viewport=viewport or DESKTOP)
        context.set_default_timeout(10_000)
        guard = Guard()
        context.route("**/*", guard.on_route)
        page = context.new_page()
        page.on("console", guard.on_console)
        page.on("pageerror", guard.on_page_error)
        page.on("response", guard.on_response)
        page.on("dialog", guard.on_dialog)
        self.guards.append(guard)
        return page, guard


@pytest.fixture
def browse(new_context: Callable[..., BrowserContext]) -> Iterator[Browse]:
    """``page, guard = browse(scheme="dark")``; after the test, every guard must be clean."""
    opener = Browse(new_context)
    yield opener
    problems = [problem for guard in opener.guards for problem in guard.problems()]
    assert not problems, "the browser saw problems:\n" + "\n".join(problems)


def request_paths(guard: Guard) -> list[str]:
    return [urlsplit(url).path for url in guard.requests]
