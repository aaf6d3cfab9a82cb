"""The pages readers may vote on: the manifest the site's build writes (hooks/helpcenter/article_end/feedback.py).

``{"format": 1, "site_url": "https://help.example.com/", "pages": [{"url": "billing/generate-a-bill/",
"title": "Generating a bill", "src": "billing/generate-a-bill.md"}, ...], "reasons": [{"value":
"confusing-or-wrong", "label": "It is unclear, or something in it is wrong"}, ...]}``: the articles that
carry the widget, with addresses relative to ``site_url``, and the reasons the widget offers after a "No"
in the words readers see (the report shows those). The service reads it from a file (reloaded when the
file changes, so `make serve` picks up new pages) or from the published site (refetched periodically).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import urlsplit

MANIFEST_FORMAT = 1
MAX_MANIFEST_BYTES = 20_000_000  # about 100,000 pages
FETCH_TIMEOUT = 10  # seconds
REFETCH_SECONDS = 300
RECHECK_SECONDS = 1.0  # a file's modification time is looked at most once a second

log = logging.getLogger("feedback_service")


class ManifestError(ValueError):
    """The manifest cannot be used; the message says why."""


class Rejected(ValueError):
    """A URL the service does not accept; the message is the reader-facing reason."""


@dataclass(frozen=True)
class Manifest:
    site_url: str  # ends with "/"
    pages: dict[str, str]  # address relative to site_url -> title
    sources: dict[str, str] = field(default_factory=dict)  # address -> source file under docs/
    reasons: dict[str, str] = field(default_factory=dict)  # reason code -> the widget's label for it

    @property
    def origin(self) -> str:
        parts = urlsplit(self.site_url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    @property
    def base_path(self) -> str:
        return urlsplit(self.site_url).path or "/"

    def relative(self, url: str, origins: Iterable[str], field_name: str = "url") -> str:
        """The address of ``url`` relative to the site, if it is on the site or an allowed origin.

        The query and fragment are dropped: they are not part of the page (and may hold a search).
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Rejected(f"{field_name} must be an http or https address")
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin != self.origin and origin not in origins:
            raise Rejected(f"{field_name} is not an address of this help center ({self.site_url})")
        path = parts.path or "/"
        if not path.startswith(self.base_path):
            raise Rejected(f"{field_name} is not an address of this help center ({self.site_url})")
        return path[len(self.base_path) :]

    def page(self, url: str, origins: Iterable[str]) -> tuple[str, str]:
        """(address, title) of the article at ``url``; Rejected if it is not one of the site's articles."""
        address = self.relative(url, origins)
        if address.endswith("/index.html"):
            address = address.removesuffix("index.html")
        title = self.pages.get(address)
        if title is None:
            raise Rejected("url is not an article of this help center")
        return address, title


def parse_manifest(data: bytes, source: str) -> Manifest:
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        raise ManifestError(f"{source} is not valid JSON -> rebuild the site (make build) to write it again") from None
    if not isinstance(raw, dict) or raw.get("format") != MANIFEST_FORMAT:
        raise ManifestError(
            f"{source} is not a page manifest of format {MANIFEST_FORMAT}"
            " -> point HELPCENTER_FEEDBACK_PAGES at the feedback-pages.json of a site built by this project"
        )
    site_url = raw.get("site_url")
    if not isinstance(site_url, str) or urlsplit(site_url).scheme not in ("http", "https"):
        raise ManifestError(f"{source}: site_url is missing -> set site_url in mkdocs.yml and rebuild the site")
    if not site_url.endswith("/"):
        site_url += "/"
    pages: dict[str, str] = {}
    sources: dict[str, str] = {}
    for entry in raw.get("pages") or []:
        if not (isinstance(entry, dict) and isinstance(entry.get("url"), str) and isinstance(entry.get("title"), str)):
            raise ManifestError(f"{source}: a page entry has no url or title -> rebuild the site")
        pages[entry["url"]] = entry["title"][:300]
        if isinstance(entry.get("src"), str):
            sources[entry["url"]] = entry["src"]
    reasons = {
        entry["value"]: entry["label"]
        for entry in raw.get("reasons") or []
        if isinstance(entry, dict) and isinstance(entry.get("value"), str) and isinstance(entry.get("label"), str)
    }
    return Manifest(site_url, pages, sources, reasons)


def _read_limited(stream: BinaryIO, source: str) -> bytes:
    data = stream.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"{source} is larger than {MAX_MANIFEST_BYTES} bytes -> is it really a page manifest?")
    return data


def fetch(url: str) -> Manifest:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return parse_manifest(_read_limited(response, url), url)
    except OSError as error:
        raise ManifestError(f"{url} could not be fetched ({error}) -> is the site published there?") from None


def read_file(path: str) -> Manifest:
    try:
        with open(path, "rb") as stream:
            return parse_manifest(_read_limited(stream, path), path)
    except OSError as error:
        raise ManifestError(
            f"{path} cannot be read ({error.strerror}) -> build the site (make build or make serve) first"
        ) from None


class ManifestSource:
    """The current manifest, kept fresh; ``current()`` is cheap enough to call on every request."""

    def __init__(self, location: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.location = location
        self.is_url = urlsplit(location).scheme in ("http", "https")
        self._clock = clock
        self._manifest: Manifest | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self.problem: str | None = None  # why there is no manifest, for the 503 answer

    def load(self) -> Manifest | None:
        """Load now; a failure is logged and leaves the previous manifest in place."""
        self._checked = self._clock()
        try:
            if self.is_url:
                manifest = fetch(self.location)
            else:
                stat = os.stat(self.location)
                manifest = read_file(self.location)
                self._stamp = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            # Normal before the first build (`make serve` starts the service first): said once, not a warning.
            if self.problem is None:
                log.info("page manifest: waiting for the site's build to write %s", self.location)
            self.problem = f"{self.location} does not exist yet -> build the site (make build or make serve) first"
            return self._manifest
        except (ManifestError, OSError) as error:
            self.problem = str(error) if isinstance(error, ManifestError) else f"{self.location}: {error}"
            log.warning("page manifest: %s", self.problem)
            return self._manifest
        if manifest != self._manifest:
            log.info("page manifest: %d articles of %s from %s", len(manifest.pages), manifest.site_url, self.location)
        self._manifest, self.problem = manifest, None
        return manifest

    def current(self) -> Manifest | None:
        now = self._clock()
        if now - self._checked < (REFETCH_SECONDS if self.is_url else RECHECK_SECONDS):
            return self._manifest
        with self._lock:
            if now - self._checked < (REFETCH_SECONDS if self.is_url else RECHECK_SECONDS):
                return self._manifest
            self._checked = now
            if self.is_url:
                # Refetch in the background: a slow site must not hold up a reader's answer.
                threading.Thread(target=self.load, name="manifest-fetch", daemon=True).start()
                return self._manifest
            try:
                stat = os.stat(self.location)
                changed = (stat.st_mtime_ns, stat.st_size) != self._stamp
            except OSError:
                changed = self._manifest is None
            if changed:
                self.load()
            return self._manifest


def reason_labels(location: str) -> dict[str, str]:
    """The widget's labels for each reason, from the manifest at ``location``; none when it cannot be read."""
    try:
        manifest = fetch(location) if urlsplit(location).scheme in ("http", "https") else read_file(location)
    except ManifestError:
        return {}
    return manifest.reasons
