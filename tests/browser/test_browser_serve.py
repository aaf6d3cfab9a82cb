"""The README's promise, end to end: `make serve`, click "No" in the preview, see it in `make feedback-report`.

`make serve PORT=N` starts the feedback service (on a port it holds) and the live preview together; the
service accepts votes from the preview's address by itself. Ctrl-C (SIGINT to the terminal's process group)
stops both.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import Browse
from helpcenter.article_end.feedback import REASONS
from processes import dies_with_parent, held_port
from realpages import an_article, front_matter, url_of
from sitebuilder import ROOT

pytestmark = pytest.mark.browser

START_SECONDS = 120  # the first full build of the preview


def answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def feedback_port(log: Path) -> int:
    found = re.search(r"^Feedback service: http://127\.0\.0\.1:(\d+),", log.read_text(errors="replace"), re.MULTILINE)
    assert found, log.read_text(errors="replace")
    return int(found[1])


@pytest.fixture
def preview_port() -> Iterator[int]:
    with held_port() as port:
        yield port


@pytest.fixture
def make_serve(tmp_path: Path, preview_port: int) -> Iterator[tuple[str, dict[str, str], subprocess.Popen[bytes]]]:
    port = preview_port
    env = {**os.environ, "HELPCENTER_FEEDBACK_DB": f"sqlite:///{tmp_path / 'feedback.db'}"}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # like a terminal: Ctrl-C goes to the whole group
        preexec_fn=dies_with_parent,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_SECONDS
        while not answering(url + url_of(an_article())):
            assert process.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "make serve did not come up:\n" + (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        service_port = feedback_port(tmp_path / "serve.log")
        assert port_open(service_port), "the feedback service is not running next to the preview"
        yield url, {**env, "FEEDBACK_PORT": str(service_port)}, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        log.close()


def test_make_serve_click_no_then_make_feedback_report(
    browse: Browse, make_serve: tuple[str, dict[str, str], subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, env, process = make_serve
    page, _ = browse()
    article = an_article()
    page.goto(url + url_of(article))
    # Letters only: the service masks runs of seven digits, which a hexadecimal tag can be.
    tag = uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))
    comment = f"Which bank account is the trust account? [{tag}]"
    box = page.locator("[data-hc-feedback]")
    box.get_by_role("button", name="No").click()
    box.get_by_role("radio", name=REASONS[0].label).check()
    box.get_by_role("textbox", name="Tell us more (optional)").fill(comment)
    box.get_by_role("button", name="Send feedback").click()
    expect(box.get_by_role("status")).to_have_text("Thank you. Your feedback helps us improve this article.")

    report = subprocess.run(
        ["make", "--no-print-directory", "-s", "feedback-report", f"FEEDBACK_REPORT_DIR={tmp_path / 'report'}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    title, address = front_matter(article)["title"], url_of(article)
    assert re.search(rf"^ +0% +0 +1 +{re.escape(title)} \({re.escape(address)}\)$", report.stdout, re.MULTILINE), (
        report.stdout
    )
    assert f'no ({REASONS[0].label}): "{comment}"' in report.stdout  # the words the reader chose from
    # The service said nothing: no warning on its first start, no refused vote.
    service_lines = (tmp_path / "serve.log").read_text(errors="replace").splitlines()
    assert [line for line in service_lines if line.startswith(("WARNING:", "ERROR:"))] == []

    # Ctrl-C in the terminal stops the preview and the service.
    os.killpg(process.pid, signal.SIGINT)
    # make re-raises the interrupt (-SIGINT); what matters is that nothing keeps running.
    assert process.wait(timeout=30) in (0, 130, -signal.SIGINT), (tmp_path / "serve.log").read_text()
    deadline = time.monotonic() + 10
    while port_open(int(env["FEEDBACK_PORT"])) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not port_open(int(env["FEEDBACK_PORT"])), "the feedback service outlived Ctrl-C"
    assert not answering(url), "the preview outlived Ctrl-C"
