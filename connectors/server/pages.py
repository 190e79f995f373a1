"""The clerk's page: server-rendered Jinja2, works without JavaScript (SPEC §10).

Its forms carry the API's parameter names (``file``, ``year``, ``period``, ``lang``,
``proposal``, ``calendar``) and go through the same steps as the API
(:mod:`connectors.server.service`). A check's results are kept in memory for a while (the
findings, never the uploaded files) so that filters and downloads need no second upload.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from urllib.parse import urlencode

import attrs
import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from meetingrules import CheckResult, Severity, catalog
from meetingrules.i18n import pick, when
from meetingrules.report import Period, Report

from connectors import render as renderers
from connectors.render import describe, words
from connectors.render.csv_doc import to_csv
from connectors.database import with_refused
from connectors.server import service
from connectors.server.errors import ApiError, BadRequest, NotFound, as_api_error
from connectors.server.handling import decide, decisions_page, options_from, query_date, read_parts, rule_dict
from connectors.server.security import CSRF_COOKIE, CSRF_FIELD, TOKEN_COOKIE, check_token
from connectors.render.words import DECISION_WORDS

RESULTS_KEPT = 64
RESULTS_SECONDS = 2 * 3600

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("connectors.server", "templates"),
    autoescape=jinja2.select_autoescape(("html",)),
    trim_blocks=True,
    lstrip_blocks=True,
)


def mark_page(request: Request) -> None:
    """Dependency: this request is the page's (errors answer as HTML)."""
    request.state.page = True


router = APIRouter(include_in_schema=False, dependencies=[Depends(mark_page)])


def page_lang(request: Request, fields: dict | None = None) -> str:
    """The page's language: ``lang`` of the query or form, else the server's."""
    lang = request.query_params.get("lang") or (fields or {}).get("lang") or request.app.state.lang
    return lang if lang in ("vi", "en") else "vi"


def render(request: Request, template: str, lang: str, status: int = 200, **context) -> HTMLResponse:
    """A page in ``lang`` with a CSRF token (the cookie is set when it is missing)."""
    csrf = request.app.state.csrf
    nonce = request.cookies.get(CSRF_COOKIE) or csrf.new_nonce()
    other = "en" if lang == "vi" else "vi"
    query = dict(request.query_params)
    query["lang"] = other
    switch_path = request.url.path if request.method == "GET" else "/"
    html = _ENV.get_template(template).render(
        lang=lang,
        w=lambda vi, en: en if lang == "en" else vi,
        switch_url=f"{switch_path}?{urlencode(query)}",
        policy_name=request.app.state.policy.name,
        csrf=csrf.sign(nonce),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != nonce:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")
    response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def error_page(request: Request, error: ApiError, status: int | None = None) -> HTMLResponse:
    """An error as a page, in the page's language."""
    lang = getattr(request.state, "lang", None) or page_lang(request)
    return render(request, "error.html", lang, status=status or error.status, message=error.message(lang))


def _verify_csrf(request: Request, fields: dict) -> None:
    request.app.state.csrf.verify(request.cookies.get(CSRF_COOKIE), fields.get(CSRF_FIELD))


# -- results kept for filters and downloads ---------------------------------------------------


@attrs.frozen
class Kept:
    """A check done on the page: its result, the period report, the files' names."""

    result: CheckResult
    report: Report | None
    names: tuple[str, ...]
    period: str
    created: float


class Results:
    """Recent checks by a random id (at most ``RESULTS_KEPT``, for ``RESULTS_SECONDS``)."""

    def __init__(self):
        self._items: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, kept: Kept) -> str:
        """Keep ``kept``; its id."""
        rid = secrets.token_urlsafe(16)
        with self._lock:
            self._items[rid] = kept
            while len(self._items) > RESULTS_KEPT:
                self._items.popitem(last=False)
        return rid

    def get(self, rid: str) -> Kept:
        """The check ``rid`` (404 once forgotten)."""
        with self._lock:
            kept = self._items.get(rid)
            if kept and time.monotonic() - kept.created > RESULTS_SECONDS:
                del self._items[rid]
                kept = None
        if kept is None:
            raise NotFound("Kết quả này không còn được lưu; hãy kiểm tra lại tệp.",
                           "This result is no longer kept; check the files again.", code="unknown_result")
        return kept


_RESULTS = Results()


# -- the pages --------------------------------------------------------------------------------

SESSIONS = (("morning", "Buổi sáng", "Morning"), ("afternoon", "Buổi chiều", "Afternoon"), ("day", "Cả ngày", "All day"),
            ("", "Theo giờ bên cạnh", "Times beside"))
KINDS = (("", "Tự nhận theo tên", "From the title"), ("briefing", "Hội nghị quán triệt", "Briefing conference"),
         ("technical", "Hội nghị chuyên môn", "Technical conference"),
         ("important", "Hội nghị quan trọng cần thảo luận", "Important conference"),
         ("conference", "Hội nghị (khác)", "Conference (other)"), ("meeting", "Cuộc họp", "Meeting"))
SCOPES = (("", "Tự nhận theo tên", "From the title"), ("province-wide", "Toàn tỉnh", "Province-wide"),
          ("sector-wide", "Toàn ngành", "Sector-wide"), ("commune-wide", "Toàn xã", "Commune-wide"),
          ("unit", "Nội bộ đơn vị", "Unit-internal"))
FORMATS = (("", "Tự nhận theo nội dung", "From the text"), ("online", "Trực tuyến", "Online"),
           ("in-person", "Trực tiếp", "In person"), ("hybrid", "Kết hợp", "Hybrid"))
FORM_FIELDS = ("calendar", "title", "date", "session", "start", "end", "kind", "scope", "format", "unit")


def _index_context(request: Request, form: dict | None = None) -> dict:
    app = request.app
    policy = app.state.policy
    year = dt.datetime.now(policy.timezone).year
    periods = []
    for y in (year, year - 1):
        for label, vi, en in ((f"{y}-H1", f"6 tháng đầu năm {y}", f"first half of {y}"),
                              (f"{y}-H2", f"6 tháng cuối năm {y}", f"second half of {y}"),
                              (f"{y}", f"Cả năm {y}", f"year {y}")):
            periods.append({"value": label, "label": f"{label} — {vi} / {en}"})
    limit = app.state.settings.max_upload
    return {
        "year": year,
        "periods": periods,
        "limit": f"{limit / 1024 / 1024:g} MB",
        "calendars": app.state.calendars.names(),
        "sessions": SESSIONS,
        "kinds": KINDS,
        "scopes": SCOPES,
        "formats": FORMATS,
        "units": sorted({m.unit for m in policy.calendars if m.unit}),
        "tokens_required": app.state.settings.tokens_required,
        "form": {k: "" for k in FORM_FIELDS} | {"session": "morning"} | (form or {}),
        "decision": None,
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The start page: the check form and the "Kiểm tra trước khi lên lịch" form."""
    lang = page_lang(request)
    return render(request, "index.html", lang, **_index_context(request))


@router.post("/check")
async def page_check(request: Request) -> Response:
    """Check the uploaded files; the results are shown at ``/results/{id}`` (post, redirect, get)."""
    from starlette.concurrency import run_in_threadpool

    parts, fields = await read_parts(request, "file")
    request.state.lang = page_lang(request, fields)
    _verify_csrf(request, fields)
    options = options_from(request, fields)
    policy = request.app.state.policy
    if options.period and not (options.date_from or options.date_to):
        # A report period, when chosen, is the check's window too (check --from/--to), over the year field.
        period = Period.parse(options.period, policy.period_mode)
        options = attrs.evolve(options, year=None, date_from=period.first, date_to=period.last)
    uploads = parts["file"]
    result = await run_in_threadpool(service.run_check, uploads, options, policy)
    label = options.period or str(options.year or result.window.start.year)
    report_options = attrs.evolve(options, period=label)
    try:
        report = await run_in_threadpool(service.run_report, uploads, report_options, policy)
        # The server's own decision log: the proposals it refused in the period, per unit.
        report = with_refused(report, request.app.state.database)
    except Exception:  # noqa: BLE001 - the findings stand even when no report can be built
        report = None
    rid = _RESULTS.put(Kept(result, report, tuple(u.name for u in uploads), label, time.monotonic()))
    return RedirectResponse(f"/results/{rid}?lang={options.lang}", status_code=303)


def _css(f) -> str:
    return "waived" if f.waived else f.severity.value


def finding_row(f, lang: str) -> dict:
    """What the page shows of a finding: the plan's words and the hint beside the message."""
    return {
        "subject": describe.subject(f, lang),
        "unit": f.unit,
        "severity_label": describe.severity_label(f, lang),
        "css": _css(f),
        "code": f.code,
        "rule": f.title(lang),
        "message": f.message(lang),
        "quote": f.citation.quote if f.citation else "",
        "citation": str(f.citation) if f.citation else "",
        "hint": f.hint(lang),
        "measured": describe.measured_text(f, lang),
        "waiver": f"{f.waiver.reason} ({f.waiver.by})" if f.waived and f.waiver else "",
    }


@router.get("/results/{rid}", response_class=HTMLResponse)
def results(request: Request, rid: str, severity: str = "", rule: str = "", unit: str = "") -> HTMLResponse:
    """The findings of a check, filtered by severity, rule and unit."""
    lang = page_lang(request)
    kept = _RESULTS.get(rid)
    result = kept.result
    findings = list(result.findings)
    shown = [
        f for f in findings
        if (not severity or _css(f) == severity)
        and (not rule or f.code == rule)
        and (not unit or f.unit == unit)
    ]
    codes = sorted({f.code for f in findings})
    severities = [(s.value, pick(words.SEVERITY_WORDS[s], lang)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    severities.append(("waived", pick(words.WAIVED, lang)))
    return render(
        request, "results.html", lang,
        rid=rid,
        names=kept.names,
        window=f"{result.window.start.date().strftime('%d/%m/%Y')} – {describe.last_day(result).strftime('%d/%m/%Y')}",
        as_of=result.as_of.strftime("%d/%m/%Y"),
        summary_line=describe.summary_line(result, lang),
        has_report=kept.report is not None,
        period=kept.period,
        severities=severities,
        rules=[(c, catalog.rule(c).title(lang) if c in catalog.BY_CODE else "") for c in codes],
        units=sorted({f.unit for f in findings if f.unit}),
        filters={"severity": severity, "rule": rule, "unit": unit},
        rows=[finding_row(f, lang) for f in shown],
        total=len(findings),
    )


_DOWNLOADS = {
    "findings.csv": "text/csv; charset=utf-8",
    "findings.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "report.html": "text/html; charset=utf-8",
    "report.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "report.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/results/{rid}/{name}")
def download(request: Request, rid: str, name: str) -> Response:
    """A download of a check: findings as CSV or XLSX, the period report as HTML or XLSX."""
    lang = page_lang(request)
    if name not in _DOWNLOADS:
        raise NotFound("Không có tệp tải về này.", "No such download.")
    kept = _RESULTS.get(rid)
    if name == "findings.csv":
        # For Excel as a Vietnamese office opens it (BOM, ';', headers in the language).
        body: str | bytes = to_csv(kept.result, lang)
    elif name == "findings.xlsx":
        body = renderers.render(kept.result, "xlsx", lang)
    else:
        if kept.report is None:
            raise NotFound("Không lập được báo cáo cho các tệp này.", "No report could be built from these files.")
        body = renderers.render(kept.report, name.rsplit(".", 1)[1], lang)
    stem = "vi-pham" if lang == "vi" else "findings"
    if name.startswith("report"):
        stem = f"bao-cao-{kept.period}" if lang == "vi" else f"report-{kept.period}"
    filename = f"{stem}.{name.rsplit('.', 1)[1]}"
    return Response(body, media_type=_DOWNLOADS[name],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# -- "Kiểm tra trước khi lên lịch" -----------------------------------------------------------------


def proposal_ics(fields: dict, policy, lang: str) -> bytes:
    """The proposed meeting of the form's fields as one VEVENT (times in UTC).

    The kind, scope, format and unit chosen go in X-MEETINGRULES-* properties, which the
    reader takes before any keyword of the title.
    """
    title = (fields.get("title") or "").strip()
    if not title:
        raise BadRequest("Cần tên hội nghị, cuộc họp.", "Give the title of the conference or meeting.",
                         code="invalid_parameter")
    try:
        day = dt.date.fromisoformat(fields.get("date") or "")
    except ValueError as exc:
        raise BadRequest("Cần ngày họp (YYYY-MM-DD).", "Give the date of the meeting (YYYY-MM-DD).",
                         code="invalid_parameter") from exc
    sessions = {s["name"]: (s["start"], s["end"]) for s in policy.data.get("sessions", [])}
    start_text, end_text = (fields.get("start") or "").strip(), (fields.get("end") or "").strip()
    session = fields.get("session") or ""
    if start_text or end_text or session == "":
        if not (start_text and end_text):
            raise BadRequest("Cần cả giờ bắt đầu và giờ kết thúc (hoặc chọn buổi).",
                             "Give both the start and the end time (or choose a session).", code="invalid_parameter")
    elif session == "day":
        start_text, end_text = sessions.get("morning", ("07:30", ""))[0], sessions.get("afternoon", ("", "17:30"))[1]
    else:
        start_text, end_text = sessions.get(session, ("07:30", "11:30"))
    try:
        start = dt.datetime.combine(day, dt.time.fromisoformat(start_text), policy.timezone)
        end = dt.datetime.combine(day, dt.time.fromisoformat(end_text), policy.timezone)
    except ValueError as exc:
        raise BadRequest("Giờ không hợp lệ (HH:MM).", "Not a valid time (HH:MM).", code="invalid_parameter") from exc
    if end <= start:
        raise BadRequest("Giờ kết thúc phải sau giờ bắt đầu.", "The end must be after the start.", code="invalid_parameter")

    def stamp(moment: dt.datetime) -> str:
        return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    def text(value: str) -> str:
        value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")
        return value

    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//meetingrules//serve//EN", "BEGIN:VEVENT",
        f"UID:page-{uuid.uuid4()}@meetingrules", f"DTSTAMP:{stamp(dt.datetime.now(dt.timezone.utc))}",
        f"DTSTART:{stamp(start)}", f"DTEND:{stamp(end)}", f"SUMMARY:{text(title)}",
    ]
    for field, prop, allowed in (("kind", "KIND", KINDS), ("scope", "SCOPE", SCOPES), ("format", "FORMAT", FORMATS)):
        value = (fields.get(field) or "").strip()
        if value:
            if value not in {v for v, _, _ in allowed}:
                raise BadRequest(f"Giá trị không hợp lệ cho {field}: '{value}'", f"Invalid value for {field}: '{value}'",
                                 code="invalid_parameter")
            lines.append(f"X-MEETINGRULES-{prop}:{value}")
    unit = (fields.get("unit") or "").strip()
    if unit:
        lines.append(f"X-MEETINGRULES-UNIT:{text(unit)}")
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode("utf-8")


def decision_rows(decision, lang: str) -> list[dict]:
    """The findings that explain a decision (per-meeting info notes left out, as the CLI does)."""
    return [finding_row(f, lang) for f in decision.findings if not (f.severity is Severity.INFO and f.uid)]


@router.post("/validate", response_class=HTMLResponse)
async def page_validate(request: Request) -> HTMLResponse:
    """Allow, warn or deny the proposal of the form against a registered calendar; logged as ``page``."""
    parts, fields = await read_parts(request, "proposal", "calendar")
    lang = page_lang(request, fields)
    request.state.lang = lang
    _verify_csrf(request, fields)
    settings = request.app.state.settings
    secret = (fields.get("token") or "").strip() or request.cookies.get(TOKEN_COOKIE)
    database = request.app.state.database
    if settings.tokens_required:
        request.state.token_name = check_token(database.verify_token, secret, lang)
    form = {k: fields.get(k, "") for k in FORM_FIELDS}
    context = _index_context(request, form)
    try:
        proposal = parts["proposal"] or [service.Upload("proposal.ics", proposal_ics(fields, request.app.state.policy, lang))]
        decision, _options = await decide(request, proposal, parts["calendar"], fields, door="page")
    except Exception as exc:  # noqa: BLE001 - shown on the form, beside what the clerk typed
        error = as_api_error(exc)
        if error.status >= 500:
            raise
        return render(request, "index.html", lang, status=error.status, error=error.message(lang), **context)
    calendar = decision.calendar or decision.result
    context.update(
        decision=decision,
        decision_word=pick(DECISION_WORDS[decision.decision], lang),
        decision_rows=decision_rows(decision, lang),
        calendar_line=(("Lịch hiện có — " if lang == "vi" else "Existing calendar — ")
                       + describe.accounting_line(calendar.summary, lang)),
    )
    return render(request, "index.html", lang, **context)


# -- the decision log -------------------------------------------------------------------------


def _page_token_name(request: Request) -> str | None:
    secret = request.cookies.get(TOKEN_COOKIE)
    return request.app.state.database.verify_token(secret) if secret else None


@router.get("/decisions", response_class=HTMLResponse)
def decisions(request: Request, since: str = "", until: str = "", decision: str = "", unit: str = "",
              offset: int = 0) -> HTMLResponse:
    """The decision log, newest first, 50 a page."""
    lang = page_lang(request)
    request.state.lang = lang
    if request.app.state.settings.tokens_required and not _page_token_name(request):
        return render(request, "decisions.html", lang, need_token=True, error="")
    if decision not in ("", "allow", "warn", "deny"):
        raise BadRequest("Quyết định không hợp lệ.", "Invalid decision.", code="invalid_parameter")
    limit = 50
    offset = max(0, offset)
    since_day, until_day = query_date(since, "since"), query_date(until, "until")
    page = decisions_page(request.app, limit, offset, since_day, until_day, decision or None, unit)
    tz = request.app.state.policy.timezone
    rows = []
    for d in page["decisions"]:
        at = dt.datetime.fromisoformat(d["at"].replace("Z", "+00:00")).astimezone(tz)
        start = dt.datetime.fromisoformat(d["start"].replace("Z", "+00:00")).astimezone(tz) if d["start"] else None
        rows.append(d | {"at": at.strftime("%d/%m/%Y %H:%M:%S"), "start": when(start, lang) if start else "",
                         "word": pick(DECISION_WORDS[d["decision"]], lang), "codes": ", ".join(d["codes"])})
    base = {"lang": lang, "since": since, "until": until, "decision": decision, "unit": unit}
    prev_url = f"/decisions?{urlencode(base | {'offset': max(0, offset - limit)})}" if offset else ""
    next_url = f"/decisions?{urlencode(base | {'offset': offset + limit})}" if offset + limit < page["total"] else ""
    return render(
        request, "decisions.html", lang, need_token=False, error="", rows=rows, total=page["total"],
        filters={"since": since, "until": until, "decision": decision, "unit": unit},
        decision_words=[(k, pick(v, lang)) for k, v in DECISION_WORDS.items()],
        prev_url=prev_url, next_url=next_url,
    )


@router.post("/login")
async def login(request: Request) -> Response:
    """Open the decision log with a token: kept in an HttpOnly, same-site cookie."""
    _parts, fields = await read_parts(request)
    lang = page_lang(request, fields)
    request.state.lang = lang
    _verify_csrf(request, fields)
    secret = (fields.get("token") or "").strip()
    if not (secret and request.app.state.database.verify_token(secret)):
        return render(request, "decisions.html", lang, status=401, need_token=True,
                      error="Mã truy cập không đúng hoặc đã bị thu hồi." if lang == "vi"
                      else "The token is unknown or has been revoked.")
    response = RedirectResponse(f"/decisions?lang={lang}", status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(TOKEN_COOKIE, secret, httponly=True, samesite="strict", secure=secure, path="/")
    return response


@router.get("/rules", response_class=HTMLResponse)
def rules(request: Request) -> HTMLResponse:
    """The rule catalogue."""
    lang = page_lang(request)
    return render(request, "rules.html", lang, rules=[rule_dict(r, lang) for r in catalog.RULES])
