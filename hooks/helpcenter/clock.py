"""The build's notion of "today", reproducible when SOURCE_DATE_EPOCH is set."""

from __future__ import annotations

import datetime as dt
import os


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """SOURCE_DATE_EPOCH (seconds, UTC) if set, otherwise today's UTC date."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date()
