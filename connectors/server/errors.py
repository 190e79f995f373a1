"""Errors as the API answers them: ``{"error": {"code": …, "message": …}}``, never a traceback.

    ApiError (Exception)                  a request the server answers with a status
     ├── BadRequest          400          a body or parameter the server cannot use
     ├── Unauthorized        401          no token, or a token that is unknown or revoked
     ├── NotFound            404          no such rule, calendar or page
     ├── TooLarge            413          an upload above the limit
     └── Unreadable          422          nothing could be read from what was sent

Errors of the library (:class:`meetingrules.UsageError`, the CalDAV connector's errors) are
translated by :func:`install` into these answers; anything else is a 500 whose message says
only that it is an internal error. The message is in the request's language (``lang``).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from meetingrules import MeetingRulesError, UsageError


class ApiError(Exception):
    """A request answered with ``status`` and a bilingual message."""

    status = 400
    code = "bad_request"

    def __init__(self, message_vi: str, message_en: str, *, code: str | None = None):
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en
        if code:
            self.code = code

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang``."""
        return self.message_en if lang == "en" else self.message_vi


class BadRequest(ApiError, ValueError):
    """A body or parameter the server cannot use (400)."""


class Unauthorized(ApiError, PermissionError):
    """No token, or an unknown or revoked one (401)."""

    status, code = 401, "unauthorized"


class NotFound(ApiError, LookupError):
    """No such rule, calendar or page (404)."""

    status, code = 404, "not_found"


class TooLarge(ApiError, ValueError):
    """An upload above the server's limit (413)."""

    status, code = 413, "too_large"


class Unreadable(ApiError, ValueError):
    """Nothing could be read from what was sent (422)."""

    status, code = 422, "unreadable"


def request_lang(request: Request) -> str:
    """``en`` when the request asks for English (query ``lang``, else the server's language)."""
    lang = request.query_params.get("lang") or getattr(request.state, "lang", None)
    if lang not in ("vi", "en"):
        lang = getattr(request.app.state, "lang", "vi")
    return lang


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """The JSON error document."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def as_api_error(exc: BaseException) -> ApiError:
    """Any exception as the ApiError the API answers with."""
    from connectors.server.service import NothingRead, UnknownCalendar

    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, UnknownCalendar):
        return NotFound(exc.message("vi"), exc.message("en"), code="unknown_calendar")
    if isinstance(exc, NothingRead):
        return Unreadable(exc.message("vi"), exc.message("en"))
    if isinstance(exc, UsageError):
        return BadRequest(exc.message("vi"), exc.message("en"), code="bad_parameter")
    if isinstance(exc, MeetingRulesError) or hasattr(exc, "message_vi"):
        # A registered CalDAV calendar that cannot be read, a database that cannot be reached.
        error = ApiError(_text(exc, "vi"), _text(exc, "en"), code="unavailable")
        error.status = 503
        return error
    error = ApiError("Lỗi nội bộ của máy chủ; xin báo lỗi cho người quản trị.",
                     "Internal server error; please report it to the administrator.", code="internal")
    error.status = 500
    return error


def _text(exc, lang: str) -> str:
    message = getattr(exc, "message", None)
    if callable(message):
        return message(lang)
    return getattr(exc, "message_en" if lang == "en" else "message_vi", str(exc))


_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 413: "too_large", 415: "unsupported_media_type", 422: "invalid_parameter"}
_STATUS_WORDS = {
    404: ("Không có trang hoặc tài nguyên này.", "No such page or resource."),
    405: ("Phương thức không được hỗ trợ ở địa chỉ này.", "Method not allowed here."),
}


def install(app, page_error) -> None:
    """Answer every error of ``app`` as the JSON error document, or as ``page_error(request, error, status)``
    (an HTML page) for the page's routes and for a browser asking for an unknown page."""
    from fastapi.exceptions import RequestValidationError

    async def api_error(request: Request, exc: Exception):
        error = as_api_error(exc)
        if getattr(request.state, "page", False):
            return page_error(request, error)
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return error_response(error.status, error.code, error.message(request_lang(request)), headers)

    async def validation_error(request: Request, exc: RequestValidationError):
        lang = request_lang(request)
        parts = []
        for item in exc.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "body", "path"))
            parts.append(f"{where}: {item.get('msg', '')}" if where else str(item.get("msg", "")))
        detail = "; ".join(parts)
        message = (f"Tham số không hợp lệ: {detail}" if lang == "vi" else f"Invalid parameter: {detail}")
        if getattr(request.state, "page", False):
            return page_error(request, BadRequest(message, message, code="invalid_parameter"), status=422)
        return error_response(422, "invalid_parameter", message)

    async def http_error(request: Request, exc: StarletteHTTPException):
        lang = request_lang(request)
        vi, en = _STATUS_WORDS.get(exc.status_code, (str(exc.detail), str(exc.detail)))
        code = _STATUS_CODES.get(exc.status_code, "error")
        if not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", ""):
            return page_error(request, ApiError(vi, en, code=code), status=exc.status_code)
        return error_response(exc.status_code, code, en if lang == "en" else vi, getattr(exc, "headers", None))

    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, api_error)
    for kind in (ApiError, MeetingRulesError):
        app.add_exception_handler(kind, api_error)
