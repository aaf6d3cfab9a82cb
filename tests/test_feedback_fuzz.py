"""Whatever a client sends, the feedback service answers 2xx or 4xx, never 5xx (SQLite and PostgreSQL).

Bodies are any JSON value, objects shaped like a vote or a search with any
values (surrogates and NUL included: valid JSON that databases refuse), and
arbitrary bytes. A 5xx here is a bug: either bad input crashed the service or
it reached the database unchecked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback_kit import ARTICLE, SITE, api_client, write_manifest
from feedback_service.settings import Settings

# Every code point, lone surrogates too: JSON can carry them, UTF-8 and PostgreSQL cannot.
NASTY = st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfff", "\x7f", "\U0010ffff", "\u2028", "\x1b[2J", "=1+1"])
TEXT = NASTY | st.text(st.characters(codec=None, categories=None, exclude_categories=()), max_size=60)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12
)
URLS = st.sampled_from([SITE + ARTICLE, "http://127.0.0.1:8000/" + ARTICLE, SITE + ARTICLE + "?q=1#a"])
REASONS = st.sampled_from(["confusing-or-wrong", "not-what-i-was-looking-for", "dislike-functionality", None])
SAFE = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60)
# Valid bodies...
VALID = {
    "/api/votes": st.fixed_dictionaries(
        {
            "url": URLS,
            "vote": st.just("no"),
            "title": SAFE,
            "reason": REASONS,
            "comment": SAFE | st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=990, max_size=1000),
            "version": st.text("0123456789abcdef", max_size=12),
        }
    ),
    "/api/searches": st.fixed_dictionaries({"query": SAFE.filter(str.strip), "url": URLS}),
}
# ...with up to two fields replaced by anything, or removed, or one added: every field's checks get exercised
# while the rest of the body is fine, so bad values reach the database if a check is missing.
ANYTHING = JSON | TEXT


@st.composite
def bodies(draw: st.DrawFn, path: str) -> bytes:
    kind = draw(st.sampled_from(["json", "shaped", "shaped", "spoiled", "spoiled", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=5000))
    if kind == "json":
        value = draw(JSON)
    elif kind == "spoiled":  # one field of a valid body carries a character no check may let through
        value = draw(VALID[path])
        key = draw(st.sampled_from(sorted(value)))
        value[key] = str(value[key] or "") + draw(NASTY)
    else:
        value = draw(VALID[path])
        for key in draw(st.sets(st.sampled_from([*value, "extra"]), max_size=2)):
            change = draw(st.sampled_from(["replace", "remove", "spoil"]))
            if change == "replace":
                value[key] = draw(ANYTHING)
            elif change == "remove":
                value.pop(key, None)
            else:  # a character no check may let through, in an otherwise fine value
                value[key] = str(value.get(key) or "") + draw(NASTY)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("path", ["/api/votes", "/api/searches"])
def test_never_a_server_error(database: str, tmp_path: Path, path: str) -> None:
    service = Settings(
        database=database,
        pages=str(write_manifest(tmp_path / "pages.json")),
        origins=("http://127.0.0.1:8000",),
        rate_per_minute=0,
    )
    seen: set[int] = set()
    with api_client(service) as client:

        @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
        @given(
            body=bodies(path),
            content_type=st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain"]),
        )
        def check(body: bytes, content_type: str) -> None:
            response = client.post(path, content=body, headers={"Content-Type": content_type})
            assert 200 <= response.status_code < 500, (response.status_code, response.text, body)
            assert isinstance(response.json().get("reason" if response.status_code >= 400 else "status"), str)
            seen.add(response.status_code)

        check()
    # The generator reaches both sides of the line, so the test can fail.
    assert any(code < 300 for code in seen) and any(code >= 400 for code in seen), seen
