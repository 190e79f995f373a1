"""Turning a request into the CLI's question, and deciding it: shared by the API and the page.

:func:`read_parts` reads a ``text/calendar`` body or the parts of a form (the limit of
:class:`connectors.server.security.UploadLimit` applies while they stream in);
:func:`options_from` maps the query string, completed by form fields, to the CLI's options;
:func:`decide` calls the one decision function and writes the decision log.
"""

from __future__ import annotations

import datetime as dt
import time

from fastapi import Request
from starlette.datastructures import UploadFile

from meetingrules import catalog

from connectors.server import errors, service
from connectors.server.errors import BadRequest, NotFound
from connectors.server.security import TOKEN_COOKIE, bearer, check_token

CALENDAR_TYPES = ("text/calendar", "application/octet-stream", "text/plain", "application/zip", "application/ics")
MAX_PARTS = 1000


async def read_parts(request: Request, *names: str) -> tuple[dict[str, list], dict[str, str]]:
    """The files of ``names`` (as Uploads) and the text fields of a request.

    A ``text/calendar`` body is one upload under the first name (the CLI's ``-``); a
    multipart body gives its parts. Files are read into memory and their spool files closed.
    """
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    found: dict[str, list] = {n: [] for n in names}
    fields: dict[str, str] = {}
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=MAX_PARTS, max_fields=MAX_PARTS)
        try:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    data = await value.read()
                    if key in found and (data or value.filename):
                        found[key].append(service.Upload.named(value.filename, data, key))
                elif key in found and key != "calendar" and value.strip():
                    found[key].append(service.Upload.named(None, value.encode("utf-8")))
                else:
                    fields.setdefault(key, value)
        finally:
            await form.close()
    elif ctype in CALENDAR_TYPES or (ctype == "" and request.headers.get("content-length", "0") != "0"):
        body = await request.body()
        if body:
            if not names:
                raise BadRequest("Cần biểu mẫu.", "A form is expected.")
            found[names[0]].append(service.Upload.named(None, body))
    elif ctype:
        raise BadRequest(
            f"Kiểu nội dung không dùng được: {ctype} (gửi text/calendar hoặc multipart/form-data).",
            f"Unsupported content type: {ctype} (send text/calendar or multipart/form-data).",
            code="unsupported_media_type",
        )
    return found, fields


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())


def _int(text: str | None, name: str) -> int | None:
    if text in (None, ""):
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise BadRequest(f"Tham số {name} không hợp lệ: '{text}'", f"Invalid parameter {name}: '{text}'",
                         code="invalid_parameter") from exc


def query_date(text: str | None, name: str) -> dt.date | None:
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise BadRequest(f"Tham số {name} không phải ngày YYYY-MM-DD: '{text}'",
                         f"Parameter {name} is not a YYYY-MM-DD date: '{text}'", code="invalid_parameter") from exc


def options_from(request: Request, fields: dict[str, str]) -> service.Options:
    """The CLI's options from the query string, completed by the form's fields."""
    def value(name: str) -> str | None:
        got = request.query_params.get(name)
        return got if got not in (None, "") else (fields.get(name) or None)

    lang = value("lang") or request.app.state.lang
    if lang not in ("vi", "en"):
        raise BadRequest(f"Ngôn ngữ không hợp lệ: '{lang}' (vi hoặc en).", f"Invalid language: '{lang}' (vi or en).",
                         code="invalid_parameter")
    request.state.lang = lang
    return service.Options(
        year=_int(value("year"), "year"),
        date_from=query_date(value("from"), "from"),
        date_to=query_date(value("to"), "to"),
        lang=lang,
        select=_codes(value("select")),
        ignore=_codes(value("ignore")),
        as_of=query_date(value("as_of"), "as_of"),
        period=value("period"),
    )

def client_name(request: Request) -> str:
    """Who asked: the token's name when a token was given, else the client's address."""
    return getattr(request.state, "token_name", None) or (request.client.host if request.client else "")


def authorize(request: Request) -> None:
    """Dependency: the Bearer token when the server needs one (beyond loopback)."""
    secret = bearer(request.headers.get("authorization"))
    if getattr(request.state, "page", False) and not secret:
        secret = request.cookies.get(TOKEN_COOKIE)
    database = request.app.state.database
    if secret and database is not None:
        name = database.verify_token(secret)
        if name:
            request.state.token_name = name
    if request.app.state.settings.tokens_required:
        check_token(database.verify_token, secret, errors.request_lang(request))


def log_decision(request: Request, decision, door: str, collection: str, started: float) -> None:
    """Write the decision to the log (one row per proposed UID), as every door does."""
    latency = round((time.perf_counter() - started) * 1000, 2)
    request.app.state.database.log(decision, door=door, client=client_name(request), collection=collection,
                                   latency_ms=latency)

async def decide(request: Request, proposal, calendar_files, fields: dict, door: str):
    """Decide a proposal with the one decision function (:class:`meetingrules.Validator`), and log it."""
    from starlette.concurrency import run_in_threadpool

    started = time.perf_counter()
    options = options_from(request, fields)
    name = request.query_params.get("calendar") or fields.get("calendar") or None
    decision = await run_in_threadpool(
        service.run_validate, proposal, options, request.app.state.policy, calendar=name,
        calendar_files=calendar_files, calendars=request.app.state.calendars,
    )
    collection = name or ",".join(u.name for u in calendar_files)
    await run_in_threadpool(log_decision, request, decision, door, collection, started)
    return decision, options

def decisions_page(app, limit, offset, since, until, decision, unit) -> dict:
    """A page of the decision log as JSON-ready data."""
    tz = app.state.policy.timezone
    start = dt.datetime.combine(since, dt.time(), tz) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tz) if until else None
    database = app.state.database
    rows = database.decisions(limit=limit, offset=offset, since=start, until=end, decision=decision, unit=unit or None)
    total = database.count_decisions(since=start, until=end, decision=decision, unit=unit or None)
    return {"total": total, "limit": limit, "offset": offset, "decisions": [r.to_dict() for r in rows]}

def find_rule(code: str):
    """The rule ``code`` (404 with the retired code's note when it was retired)."""
    key = code.strip().upper()
    if key not in catalog.BY_CODE:
        retired = catalog.RETIRED.get(key)
        note = f" ({retired})" if retired else ""
        raise NotFound(f"Không có quy tắc {key}.{note}", f"There is no rule {key}.{note}", code="unknown_rule")
    return catalog.rule(key)

def rule_dict(rule, lang: str) -> dict:
    """A rule as JSON-ready data."""
    data = {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "scope": rule.scope,
        "title": rule.title(lang),
        "citation": str(rule.citation) if rule.citation else "",
        "quote": rule.citation.quote if rule.citation else "",
        "hint": rule.hint(lang) if rule.hint else "",
        "params": list(rule.params),
    }
    examples = rule.examples
    for which in ("breaks", "complies"):
        example = getattr(examples, which) if examples else None
        # What the example shows, in words, and the calendar (or weekly schedule) that shows it.
        data[which] = example.says(lang) if example else ""
        data[f"{which}_example"] = (example.schedule or example.ics).strip("\n") if example else ""
    return data
