"""The feedback service's API: every accepted and every refused input, with its exact status and reason.

Each test runs twice: on SQLite (the default) and on a real PostgreSQL server
started for the test run (tests/pgcluster.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from feedback_kit import ARTICLE, LABELS, PAGES, SITE, Clock, api_client, dump, rows, write_manifest
from feedback_service.settings import Settings

URL = SITE + ARTICLE
NO = {
    "url": URL,
    "title": "A first article",
    "vote": "no",
    "reason": "confusing-or-wrong",
    "comment": "Step 3 is unclear",
    "version": "abc123",
}
REASONS = '"confusing-or-wrong", "not-what-i-was-looking-for", "dislike-functionality"'


@pytest.fixture
def settings(database: str, tmp_path: Path) -> Settings:
    return Settings(
        database=database,
        pages=str(write_manifest(tmp_path / "pages.json")),
        origins=("http://127.0.0.1:8000",),
        token="a-token-of-twenty-chars",
        rate_per_minute=0,  # every request here comes from one client; tests/test_feedback_limits.py has limits on
        per_page=0,
        per_day=0,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


def post(client: Any, path: str, body: object, **headers: str) -> tuple[int, dict[str, Any]]:
    response = client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json", **headers})
    return response.status_code, response.json()


def when(clock: Clock) -> dt.datetime:
    return dt.datetime.fromtimestamp(clock.now, dt.UTC)


def stored(database: str, table: str = "votes") -> list[dict[str, Any]]:
    found = rows(database, table)
    for row in found:  # SQLite hands back naive datetimes (the service always writes UTC)
        if row["created_at"].tzinfo is None:
            row["created_at"] = row["created_at"].replace(tzinfo=dt.UTC)
    return found


# --- votes that are stored ----------------------------------------------------


def test_a_no_with_reason_and_comment_is_stored(settings: Settings, clock: Clock) -> None:
    with api_client(settings, clock) as client:
        assert post(client, "/api/votes", {**NO, "comment": "  Step 3 is unclear \n"}) == (201, {"status": "recorded"})
    assert stored(settings.database) == [
        {
            "created_at": when(clock),
            "page": ARTICLE,
            "title": "A first article",  # from the build's manifest, not from the request
            "vote": "no",
            "reason": "confusing-or-wrong",
            "comment": "Step 3 is unclear",
            "version": "abc123",
            "counted": True,
        }
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"url": URL, "vote": "yes"}, ("yes", None, None, None)),
        ({**NO, "reason": None, "comment": None, "version": None}, ("no", None, None, None)),
        ({**NO, "comment": "   "}, ("no", "confusing-or-wrong", None, "abc123")),
        (
            {**NO, "reason": "not-what-i-was-looking-for"},
            ("no", "not-what-i-was-looking-for", "Step 3 is unclear", "abc123"),
        ),
        ({**NO, "reason": "dislike-functionality"}, ("no", "dislike-functionality", "Step 3 is unclear", "abc123")),
        ({**NO, "comment": "x" * 1000}, ("no", "confusing-or-wrong", "x" * 1000, "abc123")),
        ({**NO, "comment": "Line one\n\tLine two\r\n"}, ("no", "confusing-or-wrong", "Line one\n\tLine two", "abc123")),
        (
            {**NO, "comment": "Müller\u2019s bill 💸 ≠ 請求書"},
            ("no", "confusing-or-wrong", "Müller\u2019s bill 💸 ≠ 請求書", "abc123"),
        ),
        ({"url": URL, "vote": "yes", "comment": "Clear, thanks"}, ("yes", None, "Clear, thanks", None)),
        ({**NO, "title": "x" * 300, "version": "v" * 64}, ("no", "confusing-or-wrong", "Step 3 is unclear", "v" * 64)),
    ],
)
def test_accepted_votes(settings: Settings, body: dict[str, Any], expected: tuple[Any, ...]) -> None:
    with api_client(settings) as client:
        assert post(client, "/api/votes", body) == (201, {"status": "recorded"})
    (row,) = stored(settings.database)
    assert (row["vote"], row["reason"], row["comment"], row["version"]) == expected
    assert row["page"] == ARTICLE


@pytest.mark.parametrize(
    "url",
    [
        URL + "?q=bill#step-3",  # the query and fragment are not part of the page
        URL + "index.html",
        "HTTPS://HELP.EXAMPLE.COM/" + ARTICLE,  # scheme and host are case-insensitive
        "http://127.0.0.1:8000/" + ARTICLE,  # the local preview, an allowed origin
    ],
)
def test_urls_of_the_same_article(settings: Settings, url: str) -> None:
    with api_client(settings) as client:
        assert post(client, "/api/votes", {"url": url, "vote": "yes"}) == (201, {"status": "recorded"})
    assert [row["page"] for row in stored(settings.database)] == [ARTICLE]


def test_a_repeated_answer_is_stored_once(settings: Settings, clock: Clock) -> None:
    repeat = (200, {"status": "repeat", "detail": "the same answer arrived moments ago; stored once"})
    with api_client(settings, clock) as client:
        assert post(client, "/api/votes", NO) == (201, {"status": "recorded"})
        assert post(client, "/api/votes", NO) == repeat
        clock.advance(599)
        assert post(client, "/api/votes", {**NO, "title": "another title, same answer"}) == repeat
        # A different answer on the same page is someone else (colleagues share an office's address).
        assert post(client, "/api/votes", {**NO, "comment": "Step 4 too"}) == (201, {"status": "recorded"})
        clock.advance(2)  # the first answer's window (600 s) is over
        assert post(client, "/api/votes", NO) == (201, {"status": "recorded"})
    assert [row["comment"] for row in stored(settings.database)] == [
        "Step 3 is unclear",
        "Step 4 too",
        "Step 3 is unclear",
    ]


def test_the_manifest_is_reloaded_when_the_build_rewrites_it(settings: Settings, clock: Clock) -> None:
    new_page = SITE + "guides/new-article/"
    with api_client(settings, clock) as client:
        assert post(client, "/api/votes", {"url": new_page, "vote": "yes"})[0] == 422
        write_manifest(Path(settings.pages), pages={**PAGES, "guides/new-article/": "A new article"})
        clock.advance(1)
        assert post(client, "/api/votes", {"url": new_page, "vote": "yes"}) == (201, {"status": "recorded"})
    assert [(row["page"], row["title"]) for row in stored(settings.database)] == [
        ("guides/new-article/", "A new article")
    ]


def test_json_with_a_charset_is_json(settings: Settings) -> None:
    with api_client(settings) as client:
        response = client.post(
            "/api/votes",
            content=json.dumps({"url": URL, "vote": "yes"}).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
    assert (response.status_code, response.json()) == (201, {"status": "recorded"})


# --- votes that are refused ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "reason", "field"),
    [
        ({"vote": "yes"}, 422, "url is missing", "url"),
        ({"url": URL}, 422, "vote is missing", "vote"),
        ({**NO, "vote": "maybe"}, 422, 'vote must be "yes" or "no"', "vote"),
        ({**NO, "vote": "YES"}, 422, 'vote must be "yes" or "no"', "vote"),
        ({**NO, "vote": True}, 422, 'vote must be "yes" or "no"', "vote"),
        ({**NO, "vote": None}, 422, 'vote must be "yes" or "no"', "vote"),
        ({**NO, "reason": "too-long"}, 422, f"reason must be one of {REASONS}, or null", "reason"),
        ({**NO, "reason": 1}, 422, f"reason must be one of {REASONS}, or null", "reason"),
        ({"url": URL, "vote": "yes", "reason": "confusing-or-wrong"}, 422, 'reason is only for a "no" vote', "reason"),
        ({**NO, "comment": "x" * 1001}, 422, "comment is longer than 1000 characters", "comment"),
        ({**NO, "comment": ["a"]}, 422, "comment must be a string or null", "comment"),
        ({**NO, "comment": "a\x00b"}, 422, "comment contains characters that are not allowed", "comment"),
        ({**NO, "comment": "a\x1b[31mred"}, 422, "comment contains characters that are not allowed", "comment"),
        ({**NO, "title": "x" * 301}, 422, "title is longer than 300 characters", "title"),
        ({**NO, "title": 5}, 422, "title must be a string or null", "title"),
        ({**NO, "title": "a\nb"}, 422, "title contains characters that are not allowed", "title"),
        ({**NO, "version": "v" * 65}, 422, "version is longer than 64 characters", "version"),
        ({**NO, "version": 3}, 422, "version must be a string or null", "version"),
        ({**NO, "url": 5}, 422, "url must be a string", "url"),
        ({**NO, "url": None}, 422, "url must be a string", "url"),
        ({**NO, "url": URL + "x" * 2048}, 422, "url is longer than 2048 characters", "url"),
        ({**NO, "url": "/" + ARTICLE}, 422, "url must be an http or https address", "url"),
        ({**NO, "url": "javascript:alert(1)"}, 422, "url must be an http or https address", "url"),
        (
            {**NO, "url": "https://evil.example.com/" + ARTICLE},
            422,
            f"url is not an address of this help center ({SITE})",
            "url",
        ),
        ({**NO, "url": SITE + "guides/no-such-page/"}, 422, "url is not an article of this help center", "url"),
        ({**NO, "url": SITE}, 422, "url is not an article of this help center", "url"),
        ({**NO, "url": URL + "\x07"}, 422, "url contains characters that are not allowed", "url"),
        (
            {**NO, "email": "a@b.c"},
            422,
            "unknown field 'email': a vote has only url, title, vote, reason, comment and version",
            "email",
        ),
    ],
)
def test_refused_votes(settings: Settings, body: dict[str, Any], status: int, reason: str, field: str) -> None:
    with api_client(settings) as client:
        assert post(client, "/api/votes", body) == (status, {"reason": reason, "field": field})
    assert stored(settings.database) == []


def test_a_lone_surrogate_is_refused(settings: Settings) -> None:
    # Valid JSON ("\ud800"), but no database can store half a character.
    body = json.dumps({**NO, "comment": "a\ud800b"}).encode()
    with api_client(settings) as client:
        response = client.post("/api/votes", content=body, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (
        422,
        {"reason": "comment contains characters that are not allowed", "field": "comment"},
    )


@pytest.mark.parametrize(
    ("content", "status", "reason"),
    [
        (b"", 400, "the body is not valid JSON"),
        (b"{'vote': 'yes'}", 400, "the body is not valid JSON"),
        (b'{"vote": "yes"', 400, "the body is not valid JSON"),
        (b'{"comment": "\xff"}', 400, "the body is not valid JSON"),
        (b"[" * 2000 + b"]" * 2000, 400, "the body is not valid JSON"),  # nested too deeply
        (b"[]", 400, "the body must be a JSON object"),
        (b'"yes"', 400, "the body must be a JSON object"),
        (b"null", 400, "the body must be a JSON object"),
        (json.dumps({**NO, "comment": "x" * 4000}).encode(), 413, "the body is larger than 4096 bytes"),
    ],
)
def test_refused_bodies(settings: Settings, content: bytes, status: int, reason: str) -> None:
    with api_client(settings) as client:
        response = client.post("/api/votes", content=content, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (status, {"reason": reason})


def test_a_body_larger_than_declared_is_refused(settings: Settings) -> None:
    def chunks():  # streamed without a Content-Length: the service counts as it reads
        yield b'{"comment": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    with api_client(settings) as client:
        response = client.post("/api/votes", content=chunks(), headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (413, {"reason": "the body is larger than 4096 bytes"})


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_only_json_is_accepted(settings: Settings, content_type: str | None) -> None:
    # A form or text/plain body could be sent cross-site without a preflight: refusing them keeps CORS meaningful.
    headers = {"Content-Type": content_type} if content_type else {}
    with api_client(settings) as client:
        response = client.post("/api/votes", content=json.dumps(NO), headers=headers)
    assert (response.status_code, response.json()) == (
        415,
        {"reason": "send the body as JSON, with Content-Type: application/json"},
    )


# --- searches that found nothing -------------------------------------------------


def test_a_search_is_stored_normalised_without_the_page_query(settings: Settings, clock: Clock) -> None:
    body = {"query": "  Trust   ACCOUNTS ", "url": SITE + "guides/?q=trust+accounts#results"}
    with api_client(settings, clock) as client:
        assert post(client, "/api/searches", body) == (201, {"status": "recorded"})
        assert post(client, "/api/searches", {**body, "query": "trust accounts"}) == (
            200,
            {"status": "repeat", "detail": "the same answer arrived moments ago; stored once"},
        )
        assert post(client, "/api/searches", {"query": "x" * 200, "url": SITE + "no/such/page/"}) == (
            201,
            {"status": "recorded"},  # a search on the 404 page is still a search on the site
        )
    assert stored(settings.database, "searches") == [
        {"created_at": when(clock), "query": "trust accounts", "page": "guides/", "counted": True},
        {"created_at": when(clock), "query": "x" * 200, "page": "no/such/page/", "counted": True},
    ]


@pytest.mark.parametrize(
    ("body", "reason", "field"),
    [
        ({"url": SITE}, "query is missing", "query"),
        ({"query": "bill"}, "url is missing", "url"),
        ({"query": "   ", "url": SITE}, "query is empty", "query"),
        ({"query": 3, "url": SITE}, "query must be a string", "query"),
        ({"query": "x" * 201, "url": SITE}, "query is longer than 200 characters", "query"),
        ({"query": "a\x00", "url": SITE}, "query contains characters that are not allowed", "query"),
        (
            {"query": "bill", "url": "https://evil.example.com/"},
            f"url is not an address of this help center ({SITE})",
            "url",
        ),
        ({"query": "bill", "url": "ftp://help.example.com/"}, "url must be an http or https address", "url"),
        ({"query": "bill", "url": SITE, "user": "x"}, "unknown field 'user': a search has only query and url", "user"),
    ],
)
def test_refused_searches(settings: Settings, body: dict[str, Any], reason: str, field: str) -> None:
    with api_client(settings) as client:
        assert post(client, "/api/searches", body) == (422, {"reason": reason, "field": field})
    assert stored(settings.database, "searches") == []


# --- CORS, methods, addresses ------------------------------------------------------


def test_cors_allows_the_site_and_the_preview_only(settings: Settings) -> None:
    with api_client(settings) as client:
        for origin in ("https://help.example.com", "http://127.0.0.1:8000"):
            preflight = client.options(
                "/api/votes",
                headers={
                    "Origin": origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "content-type",
                },
            )
            assert preflight.status_code == 204
            assert preflight.headers["access-control-allow-origin"] == origin
            assert preflight.headers["access-control-allow-methods"] == "POST"
            assert preflight.headers["access-control-allow-headers"] == "Content-Type"
            assert "access-control-allow-credentials" not in preflight.headers
            response = client.post(
                "/api/votes", json={"url": URL, "vote": "yes", "comment": origin}, headers={"Origin": origin}
            )
            assert response.status_code == 201
            assert response.headers["access-control-allow-origin"] == origin
            assert response.headers["vary"] == "Origin"
            assert "set-cookie" not in response.headers
            # A refusal is readable by the page too: without the header the widget would see a network failure.
            bad = client.post("/api/votes", json={"url": URL, "vote": "maybe"}, headers={"Origin": origin})
            assert (bad.status_code, bad.headers["access-control-allow-origin"]) == (422, origin)
        refused = {"reason": "requests from https://evil.example.com are not allowed: only the help center's own pages"}
        preflight = client.options(
            "/api/votes", headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"}
        )
        assert (preflight.status_code, preflight.json()) == (403, refused)
        assert "access-control-allow-origin" not in preflight.headers
        assert post(client, "/api/votes", NO, Origin="https://evil.example.com") == (403, refused)
        assert post(client, "/api/searches", {"query": "x", "url": SITE}, Origin="null") == (
            403,
            {"reason": "requests from null are not allowed: only the help center's own pages"},
        )
        wrong_method = client.options(
            "/api/votes", headers={"Origin": "https://help.example.com", "Access-Control-Request-Method": "DELETE"}
        )
        assert (wrong_method.status_code, wrong_method.json()) == (405, {"reason": "only POST is allowed here"})
        no_origin = client.options("/api/votes", headers={"Access-Control-Request-Method": "POST"})
        assert (no_origin.status_code, no_origin.json()) == (
            400,
            {"reason": "a preflight request needs an Origin header"},
        )
    assert len(stored(settings.database)) == 2


@pytest.mark.parametrize(
    ("method", "path", "status", "reason"),
    [
        ("GET", "/api/votes", 405, "this method is not allowed here"),
        ("PUT", "/api/searches", 405, "this method is not allowed here"),
        ("DELETE", "/api/votes", 405, "this method is not allowed here"),
        ("POST", "/api/report", 405, "this method is not allowed here"),
        ("GET", "/", 404, "there is nothing at this address"),
        ("POST", "/api/vote", 404, "there is nothing at this address"),
    ],
)
def test_other_methods_and_addresses(settings: Settings, method: str, path: str, status: int, reason: str) -> None:
    with api_client(settings) as client:
        response = client.request(method, path, content=b"{}", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (status, {"reason": reason})


# --- limits ---------------------------------------------------------------------------


def test_rate_limit_per_client(settings: Settings, clock: Clock) -> None:
    limited = Settings(**{**settings.__dict__, "rate_per_minute": 30})
    with api_client(limited, clock) as client:
        for number in range(30):
            assert post(client, "/api/votes", {"url": URL, "vote": "yes", "comment": f"#{number}"})[0] == 201
        response = client.post("/api/votes", json={"url": URL, "vote": "yes", "comment": "#30"})
        assert (response.status_code, response.json()) == (429, {"reason": "too many answers; try again in 2 seconds"})
        assert response.headers["retry-after"] == "2"
        assert post(client, "/api/searches", {"query": "x", "url": SITE})[0] == 429  # searches count too
        clock.advance(2)  # one answer's worth of the 30 a minute
        assert post(client, "/api/votes", {"url": URL, "vote": "yes", "comment": "#30"})[0] == 201
        assert post(client, "/api/votes", {"url": URL, "vote": "yes", "comment": "#31"})[0] == 429
    with api_client(limited, clock) as other:  # another client (a new process: its own memory)
        assert post(other, "/api/votes", {"url": URL, "vote": "yes", "comment": "other"})[0] == 201
    assert len(stored(settings.database)) == 32


def test_no_manifest_means_try_again_later(settings: Settings, tmp_path: Path) -> None:
    missing = Settings(**{**settings.__dict__, "pages": str(tmp_path / "not-built-yet.json")})
    with api_client(missing) as client:
        assert post(client, "/api/votes", NO) == (
            503,
            {"reason": "the service does not know the site's pages yet; try again later"},
        )
        write_manifest(tmp_path / "not-built-yet.json")
    with api_client(missing) as client:
        assert post(client, "/api/votes", NO) == (201, {"status": "recorded"})


# --- reading the data -----------------------------------------------------------------


def test_the_report_needs_the_token(settings: Settings, clock: Clock) -> None:
    with api_client(settings, clock) as client:
        post(client, "/api/votes", NO)
        post(client, "/api/searches", {"query": "trust", "url": SITE})
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic a-token-of-twenty-chars"}):
            response = client.get("/api/report", headers=headers)
            assert (response.status_code, response.json()) == (
                401,
                {"reason": "send the token: Authorization: Bearer <token>"},
            )
            assert response.headers["www-authenticate"] == "Bearer"
        response = client.get("/api/report", headers={"Authorization": "Bearer a-token-of-twenty-chars"})
        assert response.status_code == 200
        report = response.json()
        bad_date = client.get(
            "/api/report?since=yesterday", headers={"Authorization": "Bearer a-token-of-twenty-chars"}
        )
        assert (bad_date.status_code, bad_date.json()) == (
            422,
            {"reason": "since must be a date, YEAR-MONTH-DAY", "field": "since"},
        )
    stamp = when(clock).isoformat().replace("+00:00", "Z")
    label = LABELS["confusing-or-wrong"]  # the widget's words, from the build's manifest
    assert report == {
        "format": 2,
        "generated_at": stamp,
        "since": None,
        "reasons": LABELS,
        "articles": [
            {
                "page": ARTICLE,
                "title": "A first article",
                "yes": 0,
                "no": 1,
                "helpful_percent": 0,
                "not_counted": 0,
                "bursts": [],
                "reasons": [{"reason": "confusing-or-wrong", "label": label, "count": 1}],
                "comments": [
                    {
                        "at": stamp,
                        "vote": "no",
                        "reason": "confusing-or-wrong",
                        "label": label,
                        "counted": True,
                        "comment": "Step 3 is unclear",
                    }
                ],
            }
        ],
        "searches": [{"query": "trust", "count": 1, "not_counted": 0, "last": stamp}],
    }


def test_without_a_token_reading_is_switched_off(settings: Settings) -> None:
    with api_client(Settings(**{**settings.__dict__, "token": None})) as client:
        response = client.get("/api/report", headers={"Authorization": "Bearer "})
    assert (response.status_code, response.json()) == (
        403,
        {"reason": "reading the feedback over HTTP is switched off: set HELPCENTER_FEEDBACK_TOKEN"},
    )


def test_health(settings: Settings) -> None:
    with api_client(settings) as client:
        response = client.get("/api/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "articles": 3})
    assert response.headers["cache-control"] == "no-store"


# --- privacy ---------------------------------------------------------------------------


def test_old_comments_and_searches_are_deleted_votes_kept(settings: Settings, clock: Clock) -> None:
    with api_client(settings, clock) as client:
        post(client, "/api/votes", NO)
        post(client, "/api/searches", {"query": "old search", "url": SITE})
        clock.advance(89 * 86400)
        post(client, "/api/votes", {**NO, "comment": "newer"})
        post(client, "/api/searches", {"query": "new search", "url": SITE})
        clock.advance(86400 + 1)  # the first answers are now older than keep_days (90)
        client.app.state.api.purge_old()
    assert [row["comment"] for row in stored(settings.database)] == [None, "newer"]
    assert [row["reason"] for row in stored(settings.database)] == ["confusing-or-wrong"] * 2
    assert [row["query"] for row in stored(settings.database, "searches")] == ["new search"]


def test_nothing_about_the_reader_is_stored(settings: Settings) -> None:
    limited = Settings(**{**settings.__dict__, "per_page": 1, "per_day": 500})  # the quotas are written too
    address = "198.51.100.23"
    headers = {"User-Agent": "Reader-Browser/1.0", "Origin": "https://help.example.com"}
    with api_client(limited, client=(address, 50123)) as client:
        response = client.post("/api/votes", json=NO, headers=headers)
        assert client.post("/api/searches", json={"query": "trust", "url": SITE}, headers=headers).status_code == 201
    assert response.status_code == 201
    assert "set-cookie" not in response.headers
    (row,) = stored(settings.database)
    assert set(row) == {"created_at", "page", "title", "vote", "reason", "comment", "version", "counted"}
    everything = json.dumps(dump(settings.database), default=str)
    assert "Reader-Browser" not in everything
    assert address not in everything and address.replace(".", "") not in everything
    assert hashlib.sha256(address.encode()).hexdigest() not in everything  # an unsalted hash would be guessable


def test_a_database_failure_is_a_503_and_the_answer_can_be_sent_again(settings: Settings) -> None:
    with api_client(settings) as client:
        assert post(client, "/api/votes", NO) == (201, {"status": "recorded"})
        engine = create_engine(settings.database)
        with engine.begin() as connection:  # the database loses the table under the running service
            connection.execute(text("ALTER TABLE votes RENAME TO votes_away"))
        unavailable = (503, {"reason": "the feedback database is not available; try again later"})
        answer = {**NO, "comment": "while the database was away"}
        assert post(client, "/api/votes", answer) == unavailable
        assert post(client, "/api/votes", answer) == unavailable  # not taken for a repeat: it was never stored
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE votes_away RENAME TO votes"))
        engine.dispose()
        assert post(client, "/api/votes", answer) == (201, {"status": "recorded"})
    assert [row["comment"] for row in stored(settings.database)] == ["Step 3 is unclear", "while the database was away"]


def test_a_refused_answer_is_one_line_in_the_log(
    settings: Settings, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="feedback_service")
    with api_client(settings, clock) as client:
        post(client, "/api/votes", NO, Origin="http://127.0.0.1:8123")
        post(client, "/api/votes", {**NO, "vote": "maybe"})
        # A right-to-left override, as raw bytes (Starlette reads header bytes as Latin-1: "â\x80®").
        origin = b"https://evil.example.com" + "\u202e".encode()
        client.post("/api/searches", json={"query": "x", "url": SITE}, headers={"Origin": origin})
    assert [record.getMessage() for record in caplog.records] == [
        "refused a vote from http://127.0.0.1:8123: 403 requests from http://127.0.0.1:8123 are not allowed: only"
        " the help center's own pages -> add the address to HELPCENTER_FEEDBACK_ORIGINS",
        'refused a vote without an Origin (not a web page): 422 vote must be "yes" or "no"',
        "refused a search from https://evil.example.comâ\ufffd®: 403 requests from https://evil.example.comâ\ufffd® are"
        " not allowed: only the help center's own pages -> add the address to HELPCENTER_FEEDBACK_ORIGINS",
    ]


def test_a_flood_of_refusals_does_not_flood_the_log(
    settings: Settings, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="feedback_service")
    with api_client(settings, clock) as client:
        for _ in range(50):
            post(client, "/api/votes", {**NO, "vote": "maybe"})
        clock.advance(60)
        post(client, "/api/votes", {**NO, "vote": "maybe"})
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 20 + 1 + 1
    assert messages[20] == "30 more refused requests in the last minute were not logged"
