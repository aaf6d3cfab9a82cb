"""Checking external URLs, outside the build: concurrent, polite, retried and cached.

The build never fetches anything (CI and writers may be offline); the links
hook records every external URL with its locations in its JSON report, and
``make linkcheck-external`` hands them to `ExternalChecker`. Requests run in a
thread pool across hosts, one at a time per host with a minimum interval
between them, with a timeout each, and retries with back-off for timeouts,
429 and 5xx answers. Results that were fine are cached for a while, so a
rerun only asks again about what failed or is old.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from helpcenter.findings import Finding, Location, Severity

Verdict = Literal["ok", "redirected", "broken", "unreachable"]
USER_AGENT = "help-center-linkcheck/1 (+make linkcheck-external)"
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# Servers that refuse HEAD (or answer it wrongly) get a GET.
_HEAD_REFUSED = frozenset({403, 404, 405, 501})


@dataclass(frozen=True)
class ExternalLink:
    url: str
    locations: tuple[Location, ...]


@dataclass(frozen=True)
class Outcome:
    url: str
    verdict: Verdict
    status: int | None  # the final HTTP status, None when no answer came
    detail: str  # "404 Not Found", "timed out after 10 s", ...
    final_url: str | None = None  # where a permanent redirect leads
    checked_at: float = 0.0
    attempts: int = 1
    cached: bool = False


def read_report(path: Path) -> list[ExternalLink]:
    """The external URLs of a links-hook JSON report."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        ExternalLink(entry["url"], tuple(Location(**place) for place in entry.get("locations", ())))
        for entry in data.get("external", ())
    ]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects by hand, to tell a permanent move from a temporary one."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HostPacer:
    """At most one request at a time per host, and at least ``interval`` seconds between two starts."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait_turn(self, host: str) -> None:
        """Call with ``lock(host)`` held: sleeps until the host may be asked again."""
        last = self._last.get(host)
        if last is not None:
            delay = last + self.interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last[host] = self._clock()


@dataclass
class ExternalChecker:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    per_host_interval: float = 1.0
    workers: int = 8
    max_redirects: int = 5
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        self._pacer = HostPacer(self.per_host_interval)
        self._opener = urllib.request.build_opener(_NoRedirect)

    def check_all(self, urls: Iterable[str], cache: Mapping[str, Outcome] | None = None) -> dict[str, Outcome]:
        """Check each URL once (cached answers are reused), concurrently across hosts."""
        unique = list(dict.fromkeys(urls))
        results: dict[str, Outcome] = {}
        todo = []
        for url in unique:
            if cache is not None and url in cache:
                results[url] = cache[url]
            else:
                todo.append(url)
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            for outcome in pool.map(self.check, todo):
                results[outcome.url] = outcome
        return {url: results[url] for url in unique}

    def check(self, url: str) -> Outcome:
        attempts = 0
        delay = self.backoff
        while True:
            attempts += 1
            outcome, retry_after = self._once(url)
            retryable = outcome.verdict == "unreachable" or (
                outcome.verdict == "broken" and outcome.status in _RETRY_STATUSES
            )
            if not retryable or attempts > self.retries:
                return Outcome(**{**asdict(outcome), "attempts": attempts, "checked_at": time.time()})
            time.sleep(min(retry_after if retry_after is not None else delay, 30.0))
            delay *= 2

    def _once(self, url: str) -> tuple[Outcome, float | None]:
        current = url
        permanent = True
        for _ in range(self.max_redirects + 1):
            status, reason, headers, error = self._request(current, "HEAD")
            if status in _HEAD_REFUSED:
                status, reason, headers, error = self._request(current, "GET")
            if status is None:
                return Outcome(url, "unreachable", None, error or "no answer"), None
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                permanent = permanent and status in (301, 308)
                current = urljoin(current, headers["Location"])
                continue
            if 200 <= status < 300:
                if current != url and permanent:
                    return Outcome(url, "redirected", status, "moved permanently", final_url=current), None
                return Outcome(url, "ok", status, f"{status} {reason}".strip()), None
            return Outcome(url, "broken", status, f"{status} {reason}".strip()), _retry_after(headers)
        return Outcome(url, "broken", None, f"more than {self.max_redirects} redirects"), None

    def _request(self, url: str, method: str) -> tuple[int | None, str, Mapping[str, str], str | None]:
        host = urlsplit(url).netloc.lower()
        request = urllib.request.Request(url, method=method, headers={"User-Agent": self.user_agent})
        if method == "GET":
            request.add_header("Range", "bytes=0-1023")  # the answer is enough, not the page
        with self._pacer.lock(host):
            self._pacer.wait_turn(host)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.status, response.reason, dict(response.headers), None
            except urllib.error.HTTPError as error:
                return error.code, str(error.reason), dict(error.headers or {}), None
            except TimeoutError:
                return None, "", {}, f"timed out after {self.timeout:g} s"
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, TimeoutError):
                    return None, "", {}, f"timed out after {self.timeout:g} s"
                return None, "", {}, f"cannot connect: {reason}"
            except (OSError, ValueError) as error:  # reset connections, malformed URLs
                return None, "", {}, f"cannot connect: {error}"


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    moment = email.utils.parsedate_to_datetime(value) if value else None
    return max(0.0, moment.timestamp() - time.time()) if moment else None


# --- the cache ---------------------------------------------------------------------------


def load_cache(path: Path, *, max_age: float, now: float | None = None) -> dict[str, Outcome]:
    """Answers that were fine and are younger than ``max_age`` seconds; failures are always asked again."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    now = time.time() if now is None else now
    fresh = {}
    for url, entry in data.items() if isinstance(data, dict) else ():
        try:
            outcome = Outcome(**{**entry, "cached": True})
        except TypeError:
            continue
        if outcome.verdict in ("ok", "redirected") and now - outcome.checked_at <= max_age:
            fresh[url] = outcome
    return fresh


def save_cache(path: Path, outcomes: Mapping[str, Outcome]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {url: {**asdict(outcome), "cached": False} for url, outcome in sorted(outcomes.items())}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


# --- findings ------------------------------------------------------------------------------


def findings_for(links: Iterable[ExternalLink], outcomes: Mapping[str, Outcome]) -> list[Finding]:
    """One finding per place a failing URL is written."""
    found = []
    for link in links:
        outcome = outcomes.get(link.url)
        if outcome is None or outcome.verdict == "ok":
            continue
        severity: Severity
        if outcome.verdict == "redirected":
            code, severity = "external-redirect", "warning"
            message = f"`{link.url}` moved permanently to `{outcome.final_url}` -> link to the new address"
        elif outcome.verdict == "broken":
            code, severity = "external-broken", "error"
            message = f"`{link.url}` answered {outcome.detail} -> fix the address, or remove the link"
        else:
            code, severity = "external-unreachable", "error"
            message = f"`{link.url}`: {outcome.detail} -> check the address; if the site is down, try again later"
        for place in link.locations or (Location("(unknown)", 1, 1),):
            found.append(Finding(place.path, place.line, place.column, code, message, severity))
    return sorted(found)
