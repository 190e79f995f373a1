"""The gateway: an ASGI reverse proxy in front of a CalDAV server that judges every PUT.

Everything passes through unchanged and streamed, except a ``PUT`` of a calendar object
that breaks an error rule: that is refused with ``403`` and the reasons, and never
forwarded (SPEC §11). The decision is :class:`meetingrules.validate.Validator`'s, against the
target collection as the upstream holds it, read with the requesting user's credentials
(see :mod:`.cache` and :mod:`.upstream`).

Answers of the gateway itself::

    403  the PUT breaks a rule (enforce mode): the refusal body of connectors.refusal
    413  the PUT's body is larger than --max-body
    502  the upstream could not be reached while forwarding
    503  the PUT could not be judged (failure policy "closed"): nothing was forwarded
    504  the upstream did not answer in time while forwarding
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator
from urllib.parse import unquote

import attrs
import httpx
from starlette.requests import Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from connectors.gateway.cache import Judgement, ViewCache, view_key
from connectors.gateway.proxy import Mapping, pass_headers
from connectors.gateway.upstream import NotReadable, UpstreamError, current_token, read_changes
from connectors.refusal import CONTENT_TYPE, refusal_body
from meetingrules.policy import Policy
from meetingrules.validate import DENY

__all__ = ["FINDINGS_HEADER", "Gateway", "GatewayConfig"]

log = logging.getLogger("meetingrules.gateway")

#: The response header listing the deciding rule codes of a judged PUT (warn mode, or allowed with warnings).
FINDINGS_HEADER = "X-MeetingRules-Findings"
#: The response header saying what the gateway decided on a PUT.
DECISION_HEADER = "X-MeetingRules-Decision"
#: The gateway's own time on a judged PUT, in milliseconds (the upstream's time left out).
TIMING_HEADER = "Server-Timing"

ENFORCE, WARN_MODE = "enforce", "warn"
CLOSED, OPEN = "closed", "open"


@attrs.frozen
class GatewayConfig:
    """The gateway's settings (the command-line options)."""

    upstream: str
    policy: Policy = attrs.field(factory=Policy.builtin)
    mode: str = ENFORCE
    failure_policy: str = CLOSED
    timeout: float = 30.0
    verify: bool = True
    max_body: int = 10 * 1024 * 1024
    prefix: str | None = None
    as_of: dt.date | None = None
    #: A decision database (connectors.database.Database) for the decision log and the lock
    #: shared by several gateway processes; None: a lock in this process only.
    database: object | None = None
    #: A folder for the views' warm snapshots (``--warm-dir``): a restarted gateway judges its
    #: first PUT without reading the whole collection again; None: no warm start.
    warm_dir: str | None = None


def _user(authorization: str) -> str:
    """The user name of Basic credentials (the only part of them ever logged)."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(value.strip()).decode("utf-8", "replace").partition(":")[0]
    except (binascii.Error, ValueError):
        return ""


def _message(status: int, vi: str, en: str, headers: dict | None = None) -> Response:
    return Response(f"{vi}\n{en}\n", status, headers=headers, media_type="text/plain; charset=utf-8")


class _TooLarge(Exception):
    """The request body is larger than the limit."""


async def _read_limited(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class Gateway:
    """The ASGI application (see the module)."""

    def __init__(self, config: GatewayConfig):
        self.config = config
        self.mapping = Mapping.of(config.upstream, config.prefix)
        self.cache = ViewCache(config.policy, as_of=config.as_of, warm_dir=config.warm_dir)
        self._client: httpx.AsyncClient | None = None
        self._locks: dict[str, asyncio.Lock] = {}

    # -- ASGI --------------------------------------------------------------------------------

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await self.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except Exception:  # noqa: BLE001 - the boundary: a client never sees a traceback
            log.exception("gateway: internal error on %s %s", request.method, scope.get("path"))
            response = _message(500, "Lỗi nội bộ của cổng kiểm tra lịch.", "Internal error in the calendar gateway.")
        await response(scope, receive, send)

    @property
    def client(self) -> httpx.AsyncClient:
        """The connection pool to the upstream (never follows a redirect)."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                verify=self.config.verify, follow_redirects=False, trust_env=False,
                timeout=httpx.Timeout(self.config.timeout),
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            )
        return self._client

    async def aclose(self) -> None:
        """Close the connections to the upstream."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- routing -----------------------------------------------------------------------------

    def _upstream_request(self, request: Request) -> tuple[str, list[tuple[str, str]], str]:
        scope = request.scope
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        path = self.mapping.upstream_path(raw_path)
        query = scope.get("query_string", b"").decode("latin-1")
        url = self.mapping.origin + path + (f"?{query}" if query else "")
        gateway_origin = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
        headers = []
        # Expect: 100-continue was answered by our own server; the upstream gets the whole body.
        for name, value in pass_headers(request.headers.items(), drop=("host", "expect")):
            if name.lower() == "destination":
                value = self.mapping.upstream_url(value, gateway_origin)
            headers.append((name, value))
        if self.mapping.rewrites:
            headers = [(n, v) for n, v in headers if n.lower() != "accept-encoding"]
            headers.append(("Accept-Encoding", "identity"))
        return url, headers, path

    def _judged(self, request: Request, path: str) -> bool:
        if request.method != "PUT" or not request.headers.get("authorization"):
            return False
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        return media == "text/calendar" or unquote(path).lower().endswith(".ics")

    async def handle(self, request: Request) -> Response:
        """Answer one request: pass it through, or judge a PUT first."""
        url, headers, path = self._upstream_request(request)
        if request.method == "PUT":
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > self.config.max_body:
                return self._too_large()
            if self._judged(request, path):
                try:
                    body = await _read_limited(request, self.config.max_body)
                except _TooLarge:
                    return self._too_large()
                return await self.put(request, url, headers, path, body)
        return await self.forward(request, url, headers)

    def _too_large(self) -> Response:
        limit = self.config.max_body
        return _message(413, f"Nội dung gửi lên lớn hơn giới hạn {limit} byte.",
                        f"The request body is larger than the limit of {limit} bytes.")

    # -- passing through ---------------------------------------------------------------------

    async def _send(self, method: str, url: str, headers, content) -> httpx.Response | Response:
        try:
            # Header bytes as the client sent them (Latin-1 round-trips every byte).
            raw = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers]
            upstream = self.client.build_request(method, url, headers=raw, content=content)
            return await self.client.send(upstream, stream=True)
        except httpx.TimeoutException:
            return _message(504, "Máy chủ lịch không trả lời kịp.", "The calendar server did not answer in time.")
        except httpx.HTTPError as exc:
            return _message(502, f"Không kết nối được máy chủ lịch ({type(exc).__name__}).",
                            f"Cannot reach the calendar server ({type(exc).__name__}).")

    async def forward(self, request: Request, url: str, headers) -> Response:
        """Send the request upstream as it came, and its answer back, both streamed."""
        content = None
        has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
        if has_body:
            if self.mapping.rewrites and "xml" in request.headers.get("content-type", ""):
                content = self.mapping.hrefs(await request.body(), to_client=False)
                headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            else:
                content = request.stream()
        answer = await self._send(request.method, url, headers, content)
        if isinstance(answer, Response):
            return answer
        response = await self._relay(request, answer)
        if request.method == "DELETE" and answer.status_code in (200, 204):
            # Never refused; once answered, taken out of every view of its collection.
            raw = url[len(self.mapping.origin):].split("?")[0]
            response.background = BackgroundTask(self._forget, self.mapping.origin + raw.rsplit("/", 1)[0] + "/",
                                                 unquote(raw))
        return response

    async def _forget(self, collection: str, path: str) -> None:
        """A deleted object leaves the views of its collection (under its lock: a judgement may be running)."""
        async with self._locks.setdefault(collection, asyncio.Lock()):
            self.cache.forget_everywhere(collection, path)

    async def _relay(self, request: Request, answer: httpx.Response, extra: dict | None = None,
                     body: bytes | None = None) -> Response:
        gateway_origin = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
        headers = []
        # Latin-1 both ways: header bytes go back exactly as the upstream sent them.
        raw = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in answer.headers.raw]
        for name, value in pass_headers(raw):
            if name.lower() == "location":
                value = self.mapping.client_url(value, gateway_origin)
            headers.append((name, value))
        rewrite = self.mapping.rewrites and "xml" in answer.headers.get("content-type", "")
        if body is None and rewrite:
            body = await answer.aread()
            await answer.aclose()
        if rewrite and body is not None:
            body = self.mapping.hrefs(body, to_client=True)
            headers = [(n, v) for n, v in headers if n.lower() not in ("content-length", "content-encoding")]
            headers.append(("content-length", str(len(body))))
        headers += list((extra or {}).items())
        if body is not None:
            response = Response(body, answer.status_code)
        else:
            response = StreamingResponse(self._stream(answer), answer.status_code)
        response.raw_headers = [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers]
        return response

    async def _stream(self, answer: httpx.Response) -> AsyncIterator[bytes]:
        try:
            async for chunk in answer.aiter_raw():
                yield chunk
        except httpx.HTTPError:
            log.warning("gateway: the upstream broke off an answer")
        finally:
            await answer.aclose()

    # -- judging a PUT -----------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _collection_lock(self, collection: str):
        """Decisions on one collection, with the forwarding of the PUT, one at a time.

        An asyncio lock in this process; with a database, its lock as well, shared by every
        gateway process using that database.
        """
        lock = self._locks.setdefault(collection, asyncio.Lock())
        async with lock:
            database = self.config.database
            if database is None:
                yield
                return
            from connectors.database.records import collection_path

            # Keyed like every door's lock and log rows: the collection's path.
            shared = database.collection_lock(collection_path(collection), timeout=self.config.timeout)
            try:
                await shared.__aenter__()
            except Exception as exc:  # noqa: BLE001 - LockTimeout, or the database is gone
                raise _CannotLock(exc) from exc
            try:
                yield
            finally:
                await shared.__aexit__(None, None, None)

    async def put(self, request: Request, url: str, headers, path: str, body: bytes) -> Response:
        """Judge a calendar object's PUT, then refuse it or forward it (see the module)."""
        started = time.perf_counter()
        authorization = request.headers["authorization"]
        put = _Put(request, url, headers, path, body, _user(authorization), authorization, started)
        try:
            async with self._collection_lock(put.collection(self.mapping)):
                put.mark("lock")
                return await self._judge_and_forward(put)
        except _CannotLock as exc:
            return await self._cannot_judge(put, exc.__cause__ or exc)

    async def _judge_and_forward(self, put: _Put) -> Response:
        collection = put.collection(self.mapping)
        key = view_key(collection, put.user, put.authorization)
        judgement = None
        try:
            view = self.cache.view(key)
            if not view.loaded and self.config.warm_dir:
                try:
                    await asyncio.to_thread(self.cache.restore, key, view)  # a warm start, or nothing
                except Exception:  # noqa: BLE001 - a snapshot that cannot be taken in: a cold read
                    log.warning("gateway: warm snapshot of %s ignored", put.collection_path, exc_info=True)
                    self.cache.drop(key)
                    view = self.cache.view(key)
                put.mark("warm-restore")
            # Nothing changed since the last read (a cheap PROPFIND): no sync-collection needed.
            unchanged = view.loaded and view.token is not None and (
                await current_token(self.client, collection, put.authorization) == view.token)
            if not unchanged:
                changes = await read_changes(self.client, collection, put.authorization,
                                             view.token if view.loaded else None)
                await asyncio.to_thread(self.cache.apply_changes, view, changes)
            put.mark("upstream-sync")
            if view.calendar:
                events = await asyncio.to_thread(self.cache.read_proposal, put.body, put.target)
                judgement = await asyncio.to_thread(self.cache.judge, view, put.target, events, whole=put.whole)
            put.mark("decide")
        except NotReadable as exc:
            # Not ours to answer: the upstream says what it says to this user.
            self.cache.drop(key)
            log.info("gateway: %s cannot read %s (%s); forwarded unjudged", put.user, put.collection_path, exc.status)
        except Exception as exc:  # noqa: BLE001 - any failure to judge follows the failure policy
            self.cache.drop(key)
            if not isinstance(exc, UpstreamError):
                log.exception("gateway: internal error while judging %s", put.target)
            return await self._cannot_judge(put, exc)
        elapsed = put.elapsed_ms()
        extra = {}
        if judgement is not None:
            codes = judgement.codes
            log.info("gateway: %s %s %s uid=%s [%s] %.1f ms", put.user, judgement.decision, put.target,
                     ",".join(judgement.uids), ",".join(codes), elapsed)
            if judgement.decision == DENY and self.config.mode == ENFORCE:
                await self._record(judgement, put, elapsed, "refused")
                refused = Response(refusal_body(judgement.refusing), 403, media_type=CONTENT_TYPE,
                                   headers={DECISION_HEADER: DENY, FINDINGS_HEADER: ",".join(codes),
                                            TIMING_HEADER: put.server_timing()})
                if self.cache.should_save(view):
                    refused.background = BackgroundTask(self._save_warm, put, key)
                return refused
            extra[DECISION_HEADER] = judgement.decision
            if codes:
                extra[FINDINGS_HEADER] = ",".join(codes)
        answer = await self._send("PUT", put.url, put.headers, put.body)
        if isinstance(answer, Response):
            self.cache.drop(key)
            return answer
        try:
            content = b"".join([chunk async for chunk in answer.aiter_raw()])
        except httpx.HTTPError:
            content = b""
        finally:
            await answer.aclose()
        if judgement is not None:
            put.mark("upstream-put")
            if answer.status_code in (200, 201, 204):
                if put.whole:
                    self.cache.drop(key)
                else:
                    await asyncio.to_thread(self.cache.stored, view, put.target, answer.headers.get("etag"),
                                            put.body, judgement)
            put.mark("take-in")
            extra[TIMING_HEADER] = put.server_timing()
            await self._record(judgement, put, put.own_ms(), f"forwarded; upstream {answer.status_code}")
        response = await self._relay(put.request, answer, extra, body=content)
        if judgement is not None and answer.status_code in (200, 201, 204) and not put.whole:
            # After the answer is sent, still within this request: catch up with the upstream's
            # new sync token, so that the next PUT finds the view current.
            response.background = BackgroundTask(self._after_store, put, key)
        elif self.config.warm_dir and judgement is not None:
            response.background = BackgroundTask(self._save_warm, put, key)
        return response

    async def _catch_up(self, put: _Put, key: tuple[str, str, str]) -> None:
        """Bring the view up to the upstream after a stored PUT (errors: the next judgement reads again)."""
        collection = put.collection(self.mapping)
        try:
            async with self._collection_lock(collection):
                view = self.cache.view(key)
                if not view.loaded or view.token is None:
                    return
                if await current_token(self.client, collection, put.authorization) == view.token:
                    return
                changes = await read_changes(self.client, collection, put.authorization, view.token)
                await asyncio.to_thread(self.cache.apply_changes, view, changes)
        except Exception:  # noqa: BLE001 - a catch-up is an optimisation
            log.debug("gateway: catching up with %s failed", put.collection_path, exc_info=True)

    async def _after_store(self, put: _Put, key: tuple[str, str, str]) -> None:
        """After a stored PUT's answer: catch up with the upstream, then the warm snapshot when due."""
        await self._catch_up(put, key)
        if self.config.warm_dir:
            await self._save_warm(put, key)

    async def _save_warm(self, put: _Put, key: tuple[str, str, str]) -> None:
        """Write the view's warm snapshot when due (after the answer: it never delays one)."""
        try:
            view = self.cache.peek(key)
            if view is None or not self.cache.should_save(view):
                return
            async with self._collection_lock(put.collection(self.mapping)):
                if self.cache.peek(key) is view and self.cache.should_save(view):
                    await asyncio.to_thread(self.cache.save, key, view)
        except Exception:  # noqa: BLE001 - a snapshot is an optimisation: it costs the warm start only
            log.warning("gateway: warm snapshot of %s not written", put.collection_path, exc_info=True)

    async def _cannot_judge(self, put: _Put, failure: BaseException) -> Response:
        """The failure policy: closed answers 503 and forwards nothing; open forwards unjudged."""
        if hasattr(failure, "message_vi"):
            vi, en = failure.message("vi"), failure.message("en")
        else:
            vi = en = type(failure).__name__
        if self.config.failure_policy == CLOSED:
            log.warning("gateway: could not judge %s for %s (%s); not forwarded (failure policy closed)",
                        put.target, put.user, en)
            await self._record(None, put, put.elapsed_ms(), f"could not judge, refused: {en}")
            return _message(503, f"Cổng kiểm tra chưa xét được cuộc họp nên chưa lưu: {vi}",
                            f"The gateway could not judge the meeting, so it was not saved: {en}",
                            headers={"Retry-After": "30", DECISION_HEADER: "unjudged"})
        log.warning("gateway: could not judge %s for %s (%s); forwarded (failure policy open)", put.target, put.user, en)
        await self._record(None, put, put.elapsed_ms(), f"could not judge, forwarded: {en}")
        answer = await self._send("PUT", put.url, put.headers, put.body)
        if isinstance(answer, Response):
            return answer
        return await self._relay(put.request, answer, {DECISION_HEADER: "unjudged"})

    async def _record(self, judgement: Judgement | None, put: _Put, latency_ms: float, note: str) -> None:
        """The decision log (with a database): a row per UID judged; never changes the answer."""
        database = self.config.database
        if database is None:
            return
        from connectors.database import DecisionRecord

        def write() -> None:
            if judgement is None:
                database.record(DecisionRecord(
                    at=dt.datetime.now(dt.timezone.utc), door="gateway", client=put.user,
                    collection=put.collection_path, decision="unjudged", latency_ms=round(latency_ms, 2),
                    note=f"{note} ({put.target})"))
                return
            for decision in judgement.decisions:  # every door's one call
                database.log(decision, door="gateway", client=put.user, collection=put.collection_path,
                             latency_ms=round(latency_ms, 2), note=note)

        try:
            await asyncio.to_thread(write)
        except Exception:  # noqa: BLE001 - the log is a record, not a gate
            log.warning("gateway: could not write the decision log", exc_info=True)


class _CannotLock(Exception):
    """The shared lock could not be taken (timeout, or the database is unreachable)."""


@attrs.define
class _Put:
    """One PUT being judged."""

    request: Request
    url: str
    headers: list
    path: str  # the upstream path (raw)
    body: bytes
    user: str
    authorization: str = attrs.field(repr=False)
    started: float

    @property
    def whole(self) -> bool:
        """A PUT on the collection itself: a whole calendar."""
        return self.path.endswith("/")

    @property
    def collection_path(self) -> str:
        """The upstream path of the target collection."""
        return self.path if self.whole else self.path.rsplit("/", 1)[0] + "/"

    def collection(self, mapping: Mapping) -> str:
        """The target collection's upstream URL."""
        return mapping.origin + self.collection_path

    @property
    def target(self) -> str:
        """The decoded path of the object (the cache's key for it)."""
        return unquote(self.path)

    steps: dict[str, float] = attrs.field(factory=dict)
    _last: float | None = None

    def elapsed_ms(self) -> float:
        """Milliseconds since the request came in."""
        return (time.perf_counter() - self.started) * 1000

    def mark(self, step: str) -> None:
        """The time since the previous mark is ``step``'s."""
        now = time.perf_counter()
        self.steps[step] = self.steps.get(step, 0.0) + (now - (self._last or self.started)) * 1000
        self._last = now

    def own_ms(self) -> float:
        """The gateway's own time: everything but the upstream's answer to the PUT."""
        return sum(ms for step, ms in self.steps.items() if step != "upstream-put")

    def server_timing(self) -> str:
        """A ``Server-Timing`` value: each step, and ``meetingrules`` for the gateway's own time."""
        return ", ".join([f"{step};dur={ms:.1f}" for step, ms in self.steps.items()]
                         + [f"meetingrules;dur={self.own_ms():.1f}"])
