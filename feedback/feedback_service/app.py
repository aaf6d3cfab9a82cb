"""The HTTP API (Starlette on uvicorn). What each answer means is in feedback/README.md, "The API".

POST /api/votes      {url, title, vote, reason, comment, version}  -> 201 recorded | 201 not counted | 200 repeat
POST /api/searches   {query, url}                                  -> 201 recorded | 201 not counted | 200 repeat
GET  /api/report     Authorization: Bearer $HELPCENTER_FEEDBACK_TOKEN -> the writers' report as JSON
GET  /api/health     -> 200 when the database answers

Bad input always gets a 4xx with ``{"reason": ...}``; nothing a client sends can cause a 5xx.
No cookies are set and no address or user agent is stored or logged: the daily quotas are keyed by HMACs
of the address with a salt that is deleted the next day (`feedback_service.limits`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
import logging
import math
import multiprocessing
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import anyio
from sqlalchemy.exc import DataError, SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from feedback_service.answers import MAX_BODY_BYTES, Refusal, parse_json, parse_search, parse_vote
from feedback_service.lifecycle import die_with_parent
from feedback_service.limits import RateLimiter, RepeatFilter, quota_keys
from feedback_service.pages import ManifestSource, Rejected
from feedback_service.report import build_report, neutral
from feedback_service.settings import Settings, SettingsError, from_env
from feedback_service.store import (
    Limits,
    Outcome,
    Pending,
    Quota,
    SchemaError,
    SearchRow,
    Store,
    VoteRow,
    describe,
    migrate,
    open_engine,
)

log = logging.getLogger("feedback_service")

BODY_SECONDS = 10  # a client that takes longer to send 4 KB is not a reader's browser
PURGE_EVERY = 3600  # seconds
MAX_BATCH = 500  # answers in one transaction
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
LINES_PER_MINUTE = 20  # refusals logged per worker
_ANSWERS = {"/api/votes": "a vote", "/api/searches": "a search"}
_NOT_COUNTED = {
    "vote": "stored, but not counted: this address already answered about this page today",
    "search": "stored, but not counted: this address already reported this search today",
}
_OVER = {
    "vote": "too many answers about this page from this address today",
    "search": "this search was reported too many times from this address today",
}
_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={**_HEADERS, **(headers or {})})


class GroupCommit:
    """Answers that arrive while a transaction is being written wait and go together in the next one.

    Each answer's request gets its outcome only after the transaction holding it committed. Under load one
    commit (and one disk sync) carries many answers; alone, an answer is written at once. If a batch
    fails, its answers are tried one by one, so only an answer the database refuses is refused.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[tuple[Pending, asyncio.Future[Outcome]]] = []
        self.wake = asyncio.Event()

    async def write(self, answer: Pending) -> Outcome:
        done: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self.pending.append((answer, done))
        self.wake.set()
        return await done

    async def _commit(self, batch: list[tuple[Pending, asyncio.Future[Outcome]]]) -> None:
        try:
            outcomes = await run_in_threadpool(self.store.add_many, [answer for answer, _ in batch])
        except Exception as error:  # whatever it is, the waiting requests must hear of it
            if len(batch) > 1:
                for item in batch:
                    await self._commit([item])
                return
            if not batch[0][1].done():
                batch[0][1].set_exception(error)
            return
        for (_, done), outcome in zip(batch, outcomes, strict=True):
            if not done.done():  # else the client went away
                done.set_result(outcome)

    async def run(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
            if self.pending:
                self.wake.set()
            if batch:
                await self._commit(batch)


class RefusalLog:
    """One warning line per refused request, so that a preview's terminal says why an answer did not arrive.

    At most LINES_PER_MINUTE lines a minute per worker: a flood of bad requests must not flood the log.
    Nothing about the client but its Origin (a web page's address) is written.
    """

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._clock = monotonic
        self._window = float("-inf")
        self._lines = 0
        self._dropped = 0

    def note(self, request: Request, refusal: Refusal) -> None:
        now = self._clock()
        if now - self._window >= 60:
            if self._dropped:
                log.warning("%d more refused requests in the last minute were not logged", self._dropped)
            self._window, self._lines, self._dropped = now, 0, 0
        if self._lines >= LINES_PER_MINUTE:
            self._dropped += 1
            return
        self._lines += 1
        what = _ANSWERS.get(request.url.path, f"{request.method} {request.url.path}")
        origin = request.headers.get("origin")
        source = f"from {neutral(origin[:100])}" if origin else "without an Origin (not a web page)"
        hint = " -> add the address to HELPCENTER_FEEDBACK_ORIGINS" if refusal.status == 403 and origin else ""
        log.warning("refused %s %s: %d %s%s", what, source, refusal.status, neutral(refusal.reason), hint)


class FeedbackApi:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.clock = clock
        limits = Limits(counted=settings.per_page, daily=settings.per_day)
        self.store = Store(open_engine(settings.database), limits)
        self.writer = GroupCommit(self.store)
        self.pages = ManifestSource(settings.pages, monotonic)
        self.limiter = RateLimiter(settings.rate_per_minute, monotonic)
        self.repeats = RepeatFilter(settings.repeat_seconds, monotonic)
        self.refusals = RefusalLog(monotonic)

    # --- helpers -------------------------------------------------------------

    def origins(self) -> set[str]:
        manifest = self.pages.current()
        return set(self.settings.origins) | ({manifest.origin} if manifest else set())

    def allowed(self, request: Request) -> dict[str, str]:
        """CORS headers if the request comes from an allowed page, else none.

        Refusals carry them too: a page that cannot read the reason would take a 4xx for a network failure.
        """
        origin = request.headers.get("origin")
        if origin is None or origin.lower() not in self.origins():
            return {}
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def cors(self, request: Request) -> dict[str, str]:
        """CORS headers for an allowed Origin; a browser page elsewhere is refused before anything else."""
        origin = request.headers.get("origin")
        if origin is None:
            return {}  # not a browser page (curl, a test): CORS does not apply
        headers = self.allowed(request)
        if not headers:
            raise Refusal(403, f"requests from {origin[:100]} are not allowed: only the help center's own pages")
        return headers

    async def body(self, request: Request) -> dict[str, Any]:
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise Refusal(415, "send the body as JSON, with Content-Type: application/json")
        wait = self.limiter.wait(client_of(request))
        if wait:
            seconds = str(math.ceil(wait))
            raise Refusal(429, f"too many answers; try again in {seconds} seconds", headers={"Retry-After": seconds})
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise Refusal(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(BODY_SECONDS):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise Refusal(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
                    chunks.append(chunk)
        except TimeoutError:
            raise Refusal(408, f"the body took longer than {BODY_SECONDS} seconds to arrive") from None
        return parse_json(b"".join(chunks))

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC)

    async def quota(self, request: Request, kind: str, target: str, now: dt.datetime) -> Quota | None:
        """The answer's daily quota keys (None when no limit is set): the day's salt comes from the database."""
        if not (self.store.limits.counted or self.store.limits.daily):
            return None
        day = now.date()
        salt = self.store.known_salt(day)
        if salt is None:  # the first answer of the day in this process: one trip to the database
            salt = await run_in_threadpool(self.store.salt, day)
        return quota_keys(salt, day, client_of(request), kind, target)

    async def save(self, answer: Pending, repeat_key: list[str | None], kind: str) -> Response:
        if self.repeats.is_repeat(repeat_key):
            return _json(200, {"status": "repeat", "detail": "the same answer arrived moments ago; stored once"})
        try:
            outcome = await self.writer.write(answer)
        except DataError:  # the checks in `answers` should make this impossible: refuse it rather than fail
            self.repeats.forget(repeat_key)
            raise Refusal(422, "the answer cannot be stored as it is") from None
        except SQLAlchemyError as error:
            self.repeats.forget(repeat_key)
            log.error("could not store an answer: %s", type(error).__name__)
            return _json(503, {"reason": "the feedback database is not available; try again later"})
        if outcome is Outcome.COUNTED:
            return _json(201, {"status": "recorded"})
        if outcome is Outcome.CAPPED:
            return _json(201, {"status": "not counted", "detail": _NOT_COUNTED[kind]})
        self.repeats.forget(repeat_key)
        tomorrow = dt.datetime.combine(answer.row.created_at.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
        seconds = str(max(1, math.ceil((tomorrow - answer.row.created_at).total_seconds())))
        reason = _OVER[kind] if outcome is Outcome.OVER_TARGET else "too many answers from this address today"
        raise Refusal(429, f"{reason}; try again tomorrow", headers={"Retry-After": seconds})

    # --- endpoints -----------------------------------------------------------

    async def post_vote(self, request: Request) -> Response:
        cors = self.cors(request)
        data = await self.body(request)
        vote = parse_vote(data)
        manifest = self.pages.current()
        if manifest is None:
            return _json(503, {"reason": "the service does not know the site's pages yet; try again later"}, cors)
        try:
            page, title = manifest.page(vote.url, self.settings.origins)
        except Rejected as rejected:
            raise Refusal(422, str(rejected), "url") from None
        now = self.now()
        row = VoteRow(now, page, title, vote.vote, vote.reason, vote.comment, vote.version)
        quota = await self.quota(request, "vote", page, now)
        repeat: list[str | None] = [client_of(request), "vote", page, vote.vote, vote.reason, vote.comment]
        response = await self.save(Pending(row, quota), repeat, "vote")
        response.headers.update(cors)
        return response

    async def post_search(self, request: Request) -> Response:
        cors = self.cors(request)
        data = await self.body(request)
        search = parse_search(data)
        manifest = self.pages.current()
        if manifest is None:
            return _json(503, {"reason": "the service does not know the site's pages yet; try again later"}, cors)
        try:
            page = manifest.relative(search.url, self.settings.origins)
        except Rejected as rejected:
            raise Refusal(422, str(rejected), "url") from None
        now = self.now()
        quota = await self.quota(request, "search", search.query, now)
        repeat: list[str | None] = [client_of(request), "search", search.query]
        response = await self.save(Pending(SearchRow(now, search.query, page), quota), repeat, "search")
        response.headers.update(cors)
        return response

    async def preflight(self, request: Request) -> Response:
        cors = self.cors(request)
        if not cors:
            raise Refusal(400, "a preflight request needs an Origin header")
        if request.headers.get("access-control-request-method", "").upper() != "POST":
            raise Refusal(405, "only POST is allowed here")
        return Response(status_code=204, headers={**_HEADERS, **cors, **_PREFLIGHT_HEADERS})

    async def report(self, request: Request) -> Response:
        token = self.settings.token
        if token is None:
            raise Refusal(403, "reading the feedback over HTTP is switched off: set HELPCENTER_FEEDBACK_TOKEN")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # Constant time: the comparison must not tell an attacker how much of a guess was right.
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            return _json(
                401, {"reason": "send the token: Authorization: Bearer <token>"}, {"WWW-Authenticate": "Bearer"}
            )
        since_text = request.query_params.get("since")
        since = None
        if since_text:
            try:
                since = dt.datetime.combine(dt.date.fromisoformat(since_text), dt.time(), dt.UTC)
            except ValueError:
                raise Refusal(422, "since must be a date, YEAR-MONTH-DAY", "since") from None
        manifest = self.pages.current()
        labels = manifest.reasons if manifest else {}
        report = await run_in_threadpool(
            partial(build_report, self.store.engine, since=since, now=self.now(), labels=labels)
        )
        return _json(200, report)

    async def health(self, request: Request) -> Response:
        try:
            await run_in_threadpool(self.store.ping)
        except SQLAlchemyError:
            return _json(503, {"status": "database unavailable"})
        manifest = self.pages.current()
        return _json(200, {"status": "ok", "articles": len(manifest.pages) if manifest else None})

    # --- life cycle ------------------------------------------------------------

    def purge_old(self) -> None:
        now = self.now()
        before = now - dt.timedelta(days=self.settings.keep_days)
        comments, queries = self.store.purge(before)
        self.store.forget_clients(now.date())
        if comments or queries:
            log.info("deleted %d comments and %d search queries older than %s", comments, queries, before.date())

    async def purge_forever(self) -> None:
        while True:
            try:
                await run_in_threadpool(self.purge_old)
            except SQLAlchemyError as error:
                log.error("could not delete old comments: %s", type(error).__name__)
            await asyncio.sleep(PURGE_EVERY)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(migrate, self.store.engine)
        log.info("database ready: %s", describe(str(self.store.engine.url)))
        await run_in_threadpool(self.pages.load)
        tasks = [asyncio.create_task(self.purge_forever()), asyncio.create_task(self.writer.run())]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            self.store.engine.dispose()


def client_of(request: Request) -> str:
    """The client's address (the proxy's X-Forwarded-For when uvicorn runs with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


async def _refused(request: Request, error: Exception) -> Response:
    if not isinstance(error, Refusal):  # Starlette calls this for Refusal only
        raise error
    api: FeedbackApi = request.app.state.api
    api.refusals.note(request, error)
    return _json(error.status, error.body(), {**error.headers, **api.allowed(request)})


async def _http_error(request: Request, error: Exception) -> Response:
    if not isinstance(error, HTTPException):
        raise error
    reasons = {404: "there is nothing at this address", 405: "this method is not allowed here"}
    headers = {**(error.headers or {}), **request.app.state.api.allowed(request)}
    return _json(error.status_code, {"reason": reasons.get(error.status_code, str(error.detail))}, headers)


async def _crash(request: Request, error: Exception) -> Response:
    log.exception("unexpected error")
    return _json(500, {"reason": "the service failed; this is a bug"})


def create_app(settings: Settings, **options: Any) -> Starlette:
    api = FeedbackApi(settings, **options)
    app = Starlette(
        routes=[
            Route("/api/votes", api.post_vote, methods=["POST"]),
            Route("/api/votes", api.preflight, methods=["OPTIONS"]),
            Route("/api/searches", api.post_search, methods=["POST"]),
            Route("/api/searches", api.preflight, methods=["OPTIONS"]),
            Route("/api/report", api.report, methods=["GET"]),
            Route("/api/health", api.health, methods=["GET"]),
        ],
        exception_handlers={Refusal: _refused, HTTPException: _http_error, Exception: _crash},
        lifespan=api.lifespan,
    )
    app.state.api = api
    return app


def app_from_env() -> Starlette:
    """For uvicorn: ``uvicorn --factory feedback_service.app:app_from_env``.

    A bad setting or a database this version cannot use stops the worker with one plain line. A worker
    that uvicorn started for ``--workers N`` ends when its supervisor does.
    """
    logging.basicConfig(format="%(levelname)s: %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin set-up lines are noise in a service log
    if multiprocessing.parent_process() is not None:
        die_with_parent(os.getppid())
    try:
        settings = from_env(os.environ)
        log.setLevel(settings.log_level.upper())
        engine = open_engine(settings.database)
        try:
            migrate(engine)
        finally:
            engine.dispose()
    except (SettingsError, SchemaError) as error:
        print(f"feedback service: {error}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    except SQLAlchemyError as error:
        print(f"feedback service: {unusable(error)}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    return create_app(settings)


def unusable(error: SQLAlchemyError) -> str:
    """One line for a database that cannot be reached or used."""
    return f"the database cannot be used ({type(error).__name__}: {str(error.__cause__ or error).splitlines()[0]})"
