"""Abuse limits: the quotas that decide what counts live in the database; two cheap guards live in memory.

`quota_keys` derives the keys of an answer's daily quotas (`feedback_service.store`
counts them in the database, shared by every worker and kept across restarts).
They are HMACs of the client's address with the day's random salt: the address
itself is never written down, and once the salt is deleted (the day after) no
key can be linked to an address again.

`RateLimiter` and `RepeatFilter` are per process and bounded in size. They only
spare the database a flood and a double click; behind several workers each
counts for itself, which is why nothing that must hold is decided by them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Callable, Iterable

from feedback_service.store import Quota

MAX_TRACKED = 100_000  # clients (rate limit) or answers (repeats) remembered at once


def quota_keys(salt: bytes, day: dt.date, client: str, kind: str, target: str) -> Quota:
    """The quota keys for ``client``'s answer of ``kind`` ("vote", "search") about ``target`` (a page, a query)."""

    def key(*parts: str) -> str:
        message = "\x00".join(parts).encode("utf-8", "surrogatepass")
        return hmac.new(salt, message, hashlib.sha256).hexdigest()

    return Quota(day=day, target=key(client, kind, target), total=key(client))


class RateLimiter:
    """A token bucket per client: ``per_minute`` answers a minute, in bursts of at most ``per_minute``."""

    def __init__(self, per_minute: int, clock: Callable[[], float], max_clients: int = MAX_TRACKED) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._max = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, when)

    def wait(self, client: str) -> float:
        """0 if the client may send an answer now (and count it), else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        rate = self.per_minute / 60.0
        tokens, when = self._buckets.pop(client, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - when) * rate)
        if tokens >= 1.0:
            tokens -= 1.0
            wait = 0.0
        else:
            wait = (1.0 - tokens) / rate
        self._buckets[client] = (tokens, now)  # most recent last: the oldest is evicted first
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
        return wait


class RepeatFilter:
    """Remembers a digest of each answer for ``seconds``, so a double click or a retry is stored once."""

    def __init__(self, seconds: int, clock: Callable[[], float], max_answers: int = MAX_TRACKED) -> None:
        self.seconds = seconds
        self._clock = clock
        self._max = max_answers
        self._seen: OrderedDict[bytes, float] = OrderedDict()  # digest -> expiry, oldest first

    @staticmethod
    def digest(parts: Iterable[str | None]) -> bytes:
        hasher = hashlib.blake2b(digest_size=16)
        for part in parts:
            hasher.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8", "surrogatepass") + b"\x00")
        return hasher.digest()

    def is_repeat(self, parts: Iterable[str | None]) -> bool:
        """True if the same answer was seen within the window; otherwise remember it and return False."""
        if self.seconds <= 0:
            return False
        now = self._clock()
        while self._seen:
            oldest, expiry = next(iter(self._seen.items()))
            if expiry > now and len(self._seen) < self._max:
                break
            del self._seen[oldest]
        key = self.digest(parts)
        if key in self._seen:
            return True
        self._seen[key] = now + self.seconds
        return False

    def forget(self, parts: Iterable[str | None]) -> None:
        """Drop an answer that was not stored after all, so that sending it again is not taken for a repeat."""
        self._seen.pop(self.digest(parts), None)
