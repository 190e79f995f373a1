"""The FastAPI application: the HTTP API under ``/api/v1`` and the clerk's page (SPEC §10).

Routes are thin: they turn a request into the CLI's options and uploads, call
:mod:`connectors.server.service` (the CLI's own steps and renderers) and return its document.
Every validation, from the API or the page, is written to the decision log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
from typing import Annotated, Literal

import attrs
from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles

from meetingrules import catalog

from connectors.server import errors, pages, service
from connectors.server.handling import (
    authorize,
    decide,
    decisions_page,
    find_rule,
    options_from,
    read_parts,
    rule_dict,
)
from connectors.server.security import DEFAULT_MAX_UPLOAD, Csrf, UploadLimit, is_loopback

API = "/api/v1"


@attrs.frozen
class Settings:
    """How the server was started (``meetingrules serve`` options)."""

    host: str = "127.0.0.1"
    port: int = 8000
    database: str | None = None
    calendars: tuple[str, ...] = ()  # NAME=PATH|URL
    policy: str | None = None
    lang: str = "vi"
    max_upload: int = DEFAULT_MAX_UPLOAD
    require_tokens: bool | None = None  # None: required when the host is not a loopback address
    warm: bool = True

    @property
    def tokens_required(self) -> bool:
        """Whether validate and decisions need a Bearer token."""
        return (not is_loopback(self.host)) if self.require_tokens is None else self.require_tokens


def open_database(url: str | None):
    """The decision log (SQLite file by default, PostgreSQL for a postgresql:// URL)."""
    from connectors.database import Database

    return Database(url)


def create_app(settings: Settings | None = None, *, database=None) -> FastAPI:
    """The application for ``settings`` (the database is opened here unless given)."""
    settings = settings or Settings()
    policy = service.load_policy_file(settings.policy)
    sources = [service.Source.parse(text) for text in settings.calendars]
    app = FastAPI(
        title="meetingrules",
        version="1",
        description="Kiểm tra lịch họp theo Kế hoạch 160/KH-UBND — the HTTP API of `meetingrules serve` (SPEC §10).",
        openapi_url=f"{API}/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN: the page serves nothing from the network
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.policy = policy
    app.state.lang = settings.lang
    app.state.calendars = service.Calendars(sources, policy)
    app.state.database = database if database is not None else open_database(settings.database)
    app.state.csrf = Csrf()
    errors.install(app, pages.error_page)
    app.add_middleware(UploadLimit, limit=settings.max_upload)
    from importlib.resources import files

    app.mount("/static", StaticFiles(directory=str(files("connectors.server") / "static")), name="static")
    _api_routes(app)
    app.include_router(pages.router)
    return app


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI):
    """At start, read and check the registered calendars in the background (the first proposal finds them warm)."""
    settings = app.state.settings
    if settings.warm and app.state.calendars.sources:
        threading.Thread(target=_warm, args=(app,), name="meetingrules-warm", daemon=True).start()
    yield


def _warm(app: FastAPI) -> None:
    try:
        app.state.calendars.warm()
    except Exception as exc:  # noqa: BLE001 - a calendar that cannot be read now is reported on use
        sys.stderr.write(f"meetingrules serve: {type(exc).__name__}: {getattr(exc, 'message_en', exc)}\n")


# -- the API ---------------------------------------------------------------------------------


def _json(text: str, status: int = 200) -> Response:
    return Response(text, status_code=status, media_type="application/json")


# The request bodies the API reads itself (so that the limit applies while they stream in).
def _body(*parts: str, text_calendar: bool = True) -> dict:
    props = {p: {"type": "array", "items": {"type": "string", "format": "binary"}} for p in parts}
    content = {"multipart/form-data": {"schema": {"type": "object", "properties": props}}}
    if text_calendar:
        content["text/calendar"] = {"schema": {"type": "string"}}
    return {"requestBody": {"required": True, "content": content}}


Lang = Literal["vi", "en"]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="the calendar year checked")]
From = Annotated[dt.date | None, Query(alias="from", description="first day (with to)")]
To = Annotated[dt.date | None, Query(description="last day (with from)")]
AsOf = Annotated[dt.date | None, Query(description="judge as on this date (default: today)")]
Language = Annotated[Lang | None, Query(description="vi (default) or en")]
Codes = Annotated[str | None, Query(description="code prefixes, e.g. MR1,MR301")]
Text = Annotated[str | None, Query()]


def _api_routes(app: FastAPI) -> None:
    # The query parameters in the signatures describe the API (OpenAPI) and are type-checked
    # by FastAPI; the routes read them through options_from, where form fields complete them.
    @app.get("/healthz", tags=["server"])
    def healthz(request: Request) -> dict:
        """Alive: the policy, the registered calendars and whether the database answers."""
        database = request.app.state.database
        ok = True
        try:
            database.count_decisions()
        except Exception:  # noqa: BLE001 - health says so instead of failing
            ok = False
        return {"status": "ok" if ok else "degraded", "policy": request.app.state.policy.name,
                "calendars": request.app.state.calendars.names(), "database": "ok" if ok else "unavailable"}

    @app.post(f"{API}/check", tags=["api"], openapi_extra=_body("file"))
    async def api_check(
        request: Request,
        year: Year = None,
        from_: From = None,
        to: To = None,
        lang: Language = None,
        select: Codes = None,
        ignore: Codes = None,
        as_of: AsOf = None,
    ) -> Response:
        """Check calendars: exactly the JSON of ``meetingrules check --format json``."""
        from starlette.concurrency import run_in_threadpool

        parts, fields = await read_parts(request, "file")
        options = options_from(request, fields)
        result = await run_in_threadpool(service.run_check, parts["file"], options, request.app.state.policy)
        return _json(service.check_json(result, options.lang))

    @app.post(f"{API}/report", tags=["api"], openapi_extra=_body("file"))
    async def api_report(
        request: Request,
        period: Annotated[str | None, Query(description="2026, 2026-H1 or 2026-H2")] = None,
        lang: Language = None,
        as_of: AsOf = None,
    ) -> Response:
        """The period report: the JSON of ``meetingrules report --format json``."""
        from starlette.concurrency import run_in_threadpool

        from connectors.render import render

        parts, fields = await read_parts(request, "file")
        options = options_from(request, fields)
        report = await run_in_threadpool(service.run_report, parts["file"], options, request.app.state.policy)
        return _json(render(report, "json", options.lang))

    @app.post(f"{API}/validate", tags=["api"], openapi_extra=_body("proposal", "calendar"),
              dependencies=[Depends(authorize)])
    async def api_validate(
        request: Request,
        calendar: Annotated[str | None, Query(description="a calendar the server was started with (--calendar NAME=…)")] = None,
        year: Year = None,
        from_: From = None,
        to: To = None,
        lang: Language = None,
        select: Codes = None,
        ignore: Codes = None,
        as_of: AsOf = None,
    ) -> Response:
        """Allow, warn or deny a proposed meeting: the JSON of ``meetingrules validate --format json``."""
        decision, options = await validate_request(request, door="api")
        return _json(service.validate_json(decision, options.lang))

    @app.get(f"{API}/rules", tags=["api"])
    def api_rules(lang: Language = None) -> JSONResponse:
        """The rule catalogue."""
        chosen = lang or app.state.lang
        return JSONResponse({"rules": [rule_dict(rule, chosen) for rule in catalog.RULES]})

    @app.get(f"{API}/rules/{{code}}", tags=["api"])
    def api_rule(code: str, lang: Language = None) -> JSONResponse:
        """One rule, with its citation, examples' words and hint."""
        chosen = lang or app.state.lang
        return JSONResponse(rule_dict(find_rule(code), chosen))

    @app.get(f"{API}/decisions", tags=["api"], dependencies=[Depends(authorize)])
    def api_decisions(
        request: Request,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        since: Annotated[dt.date | None, Query(description="from this day (inclusive)")] = None,
        until: Annotated[dt.date | None, Query(description="to this day (inclusive)")] = None,
        decision: Annotated[Literal["allow", "warn", "deny"] | None, Query()] = None,
        unit: Text = None,
        lang: Language = None,
    ) -> JSONResponse:
        """The decision log, newest first."""
        return JSONResponse(decisions_page(request.app, limit, offset, since, until, decision, unit))


async def validate_request(request: Request, door: str):
    """Read a validate request of the API and decide it (see :func:`decide`)."""
    parts, fields = await read_parts(request, "proposal", "calendar")
    return await decide(request, parts["proposal"], parts["calendar"], fields, door=door)
