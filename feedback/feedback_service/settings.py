"""The service's settings, all from environment variables (twelve-factor: one image, many deployments).

Every bad value stops the service at start-up with one plain sentence naming
the variable, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_DB = "sqlite:///.cache/feedback/feedback.db"
DEFAULT_PAGES = ".cache/feedback/pages.json"
# The local preview (`make serve`), under both of its names.
DEFAULT_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")
MIN_TOKEN_LENGTH = 16
LOG_LEVELS = ("debug", "info", "warning", "error")


class SettingsError(ValueError):
    """A setting is unusable; the message names the variable and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    database: str = DEFAULT_DB  # sqlite:///path or postgresql://user@host/db
    pages: str = DEFAULT_PAGES  # the build's page manifest: a file, or an http(s) URL of the published one
    origins: tuple[str, ...] = DEFAULT_ORIGINS  # allowed besides the site's own origin (from the manifest)
    token: str | None = None  # reading the data over HTTP (GET /api/report) needs it; None: switched off
    keep_days: int = 90  # comments and search queries older than this are deleted
    rate_per_minute: int = 30  # answers per client per minute (per worker, in memory); 0 switches the limit off
    repeat_seconds: int = 600  # an identical answer from the same client within this window is ignored
    per_page: int = 1  # answers per client, page (or search query) and day that count; 0: every answer counts
    per_day: int = 500  # answers per client and day, all pages together; 0: no limit
    log_level: str = "info"  # of the service's own lines (uvicorn's follow `serve --log-level`)


def _whole_number(environ: Mapping[str, str], name: str, default: int, *, minimum: int, example: str) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"\d{1,9}", raw) or int(raw) < minimum:
        raise SettingsError(f"{name}={raw!r} is not a whole number of at least {minimum} -> e.g. {name}={example}")
    return int(raw)


def parse_origin(value: str, name: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise SettingsError(
            f"{name}: {value!r} is not an origin -> write scheme, host and port only, e.g. https://help.example.com"
        )
    return f"{parts.scheme}://{parts.netloc}".lower()


def database_url(raw: str) -> str:
    """The SQLAlchemy URL: postgresql:// means psycopg 3 (SQLAlchemy's default driver would be psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    if raw.startswith(("sqlite:///", "postgresql+psycopg://")):
        return raw
    raise SettingsError(
        f"HELPCENTER_FEEDBACK_DB={raw.split('@')[-1]!r} is not a database this service uses"
        " -> sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname"
    )


def from_env(environ: Mapping[str, str]) -> Settings:
    database = database_url(environ.get("HELPCENTER_FEEDBACK_DB", "").strip() or DEFAULT_DB)
    pages = environ.get("HELPCENTER_FEEDBACK_PAGES", "").strip() or DEFAULT_PAGES
    raw_origins = environ.get("HELPCENTER_FEEDBACK_ORIGINS")
    origins = (
        DEFAULT_ORIGINS
        if raw_origins is None
        else tuple(
            parse_origin(item, "HELPCENTER_FEEDBACK_ORIGINS") for item in re.split(r"[\s,]+", raw_origins) if item
        )
    )
    token = environ.get("HELPCENTER_FEEDBACK_TOKEN", "") or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise SettingsError(
            f"HELPCENTER_FEEDBACK_TOKEN is {len(token)} characters long, too short to be a secret"
            f" -> use at least {MIN_TOKEN_LENGTH}, e.g. the output of:"
            " python3 -c 'import secrets; print(secrets.token_urlsafe())'"
        )
    return Settings(
        database=database,
        pages=pages,
        origins=origins,
        token=token,
        keep_days=_whole_number(environ, "HELPCENTER_FEEDBACK_KEEP_DAYS", 90, minimum=1, example="90"),
        rate_per_minute=_whole_number(environ, "HELPCENTER_FEEDBACK_RATE", 30, minimum=0, example="30"),
        repeat_seconds=_whole_number(environ, "HELPCENTER_FEEDBACK_REPEAT_SECONDS", 600, minimum=0, example="600"),
        per_page=_whole_number(environ, "HELPCENTER_FEEDBACK_PER_PAGE", 1, minimum=0, example="1"),
        per_day=_whole_number(environ, "HELPCENTER_FEEDBACK_PER_DAY", 500, minimum=0, example="500"),
        log_level=_log_level(environ),
    )


def _log_level(environ: Mapping[str, str]) -> str:
    raw = environ.get("HELPCENTER_FEEDBACK_LOG_LEVEL", "").strip().lower() or "info"
    if raw not in LOG_LEVELS:
        raise SettingsError(
            f"HELPCENTER_FEEDBACK_LOG_LEVEL={raw!r} is not a log level -> one of {', '.join(LOG_LEVELS)}"
        )
    return raw
