"""One HTTP(S) conversation with a CalDAV server: TLS, timeouts, retries, and its failures
translated into :mod:`connectors.errors`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar


from meetingrules.errors import MeetingRulesError

from connectors.errors import (
    CalDAVError,
    CalendarNotFound,
    CredentialsRefused,
    NotCalDAVServer,
    ResponseTooLarge,
    ServerError,
    ServerTimeout,
    ServerUnreachable,
)
from connectors.caldav.credentials import PASSWORD_VARIABLE, Credentials

log = logging.getLogger(__name__)

_MAX_BACKOFF_SECONDS = 8.0
#: The default of ``limits.response_bytes``: the largest answer read from a CalDAV server.
MAX_RESPONSE_BYTES = 200_000_000

_T = TypeVar("_T")


class TokenRefused(Exception):
    """The server does not accept the sync token any more (the caller reads in full)."""


class Connection:
    """A caldav client with retries, error translation and counting of what came back."""

    def __init__(self, url: str, credentials: Credentials, *, insecure: bool,
                 timeout: float, retries: int, backoff: float, max_bytes: int = MAX_RESPONSE_BYTES):
        import caldav
        from caldav.requests import HTTPBearerAuth

        self.url = url
        self.credentials = credentials
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.requests = 0
        self.bytes = 0
        self.max_bytes = max_bytes
        auth = HTTPBearerAuth(credentials.token) if credentials.token else None
        self.client = caldav.DAVClient(
            url=url,
            username=None if auth else credentials.username,
            password=None if auth else credentials.password,
            auth=auth,
            timeout=timeout,
            ssl_verify_cert=not insecure,
            enable_rfc6764=False,
        )
        self._send = self.client.session.request
        self.client.session.request = self._bounded

    def _bounded(self, method: str, url: str, **kwargs):
        """One request, answer included, within ``timeout`` seconds and ``max_bytes`` bytes.

        The socket timeout alone bounds each read, not the whole answer: a server that drips
        a byte every few seconds would be read forever. The request runs in a worker thread
        that streams the body with a size cap; past the deadline it is abandoned (its
        connections closed) and the caller gets a timeout.
        """
        from caldav.lib.http_sync import requests as http

        kwargs["stream"] = True
        outcome: dict = {}
        finished = threading.Event()
        abandoned = threading.Event()

        def work():
            try:
                outcome["response"] = self._read(method, url, kwargs, abandoned)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = exc
            finally:
                finished.set()

        threading.Thread(target=work, name="caldav-request", daemon=True).start()
        if not finished.wait(self.timeout):
            abandoned.set()
            with contextlib.suppress(Exception):
                self.client.session.close()  # ends the stuck read where the library allows
            raise http.exceptions.Timeout(f"{method} {url}: no whole answer within {self.timeout:g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["response"]

    def _read(self, method: str, url: str, kwargs: dict, abandoned: threading.Event):
        response = self._send(method, url, **kwargs)
        self.requests += 1
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise self._too_large(url)
        body = bytearray()
        for chunk in response.iter_content(65536):
            if abandoned.is_set():
                response.close()
                break
            body += chunk
            self.bytes += len(chunk)
            if len(body) > self.max_bytes:
                response.close()
                raise self._too_large(url)
        response._content = bytes(body)
        response._content_consumed = True
        return response

    def _too_large(self, url: str) -> ResponseTooLarge:
        return ResponseTooLarge(
            f"Câu trả lời của máy chủ CalDAV {url} lớn hơn giới hạn {self.max_bytes} byte "
            "(limits.response_bytes); không dùng câu trả lời này.",
            f"The answer of the CalDAV server {url} is larger than the budget of {self.max_bytes} "
            "bytes (limits.response_bytes); it was not used.", url=url)

    def close(self) -> None:
        self.client.close()

    def call(self, url: str, operation: Callable[[], _T]) -> _T:
        """Run ``operation`` (one or a few requests), retrying what may pass on a retry."""
        attempt = 0
        while True:
            try:
                return operation()
            except (MeetingRulesError, TokenRefused):  # already ours (CalDAVError, a refusal …)
                raise
            except Exception as exc:  # noqa: BLE001 - every library error is translated
                error, retry_after = self._translate(exc, url, attempt + 1)
                if retry_after is None or attempt >= self.retries:
                    raise error from exc
                delay = min(retry_after or self.backoff * 2**attempt, _MAX_BACKOFF_SECONDS)
                log.info("%s: %s; retrying in %.1f s", url, type(exc).__name__, delay)
                time.sleep(delay)
                attempt += 1

    def _translate(self, exc: Exception, url: str, attempts: int
                   ) -> tuple[CalDAVError, float | None]:
        """The error to raise for ``exc``, and a delay if a retry may help (else None)."""
        from caldav.lib import error as caldav_error
        from caldav.lib.http_sync import requests as http
        from lxml import etree

        user = self.credentials.username or ""
        if isinstance(exc, caldav_error.RateLimitError):
            return _server_error(url, exc.status or 503, attempts), (
                exc.retry_after_seconds or 0.0)
        if isinstance(exc, caldav_error.AuthorizationError):
            return _credentials_refused(url, exc.status or 401, user,
                                        self.credentials.has_secret), None
        if isinstance(exc, caldav_error.DAVError):
            status = exc.status
            if status == 404 or isinstance(exc, caldav_error.NotFoundError):
                return not_found(url), None
            if status is not None and status >= 500:
                if status in (501,):
                    return not_caldav(url, f"HTTP {status}"), None
                return _server_error(url, status, attempts), 0.0
            if status in (405,):
                return not_caldav(url, f"HTTP {status}"), None
            return _refused_request(url, status), None
        if isinstance(exc, http.exceptions.SSLError):
            return ServerUnreachable(
                f"Không xác minh được kết nối TLS tới máy chủ CalDAV {url} (chứng chỉ không "
                "hợp lệ hoặc không tin cậy). Hãy sửa chứng chỉ; chỉ tắt kiểm tra bằng "
                "--insecure khi biết chắc máy chủ.",
                f"The TLS connection to the CalDAV server {url} could not be verified (the "
                "certificate is invalid or not trusted). Fix the certificate; turn the check "
                "off with --insecure only when you are sure of the server.",
                url=url), None
        if isinstance(exc, http.exceptions.Timeout):
            return ServerTimeout(
                f"Máy chủ CalDAV {url} không trả lời trong {self.timeout:g} giây.",
                f"The CalDAV server {url} did not answer within {self.timeout:g} seconds.",
                url=url), None
        if isinstance(exc, (http.exceptions.ConnectionError, OSError)):
            return _unreachable(url, attempts), 0.0
        if isinstance(exc, (etree.XMLSyntaxError, http.exceptions.RequestException)):
            return not_caldav(url, ("câu trả lời không phải XML của WebDAV",
                                     "the answer is not WebDAV XML")), None
        return CalDAVError(
            f"Lỗi không mong đợi khi đọc lịch CalDAV {url}: {type(exc).__name__}.",
            f"Unexpected failure reading the CalDAV calendars at {url}: {type(exc).__name__}.",
            url=url), None

    # -- the requests the connector makes: PROPFIND and REPORT, nothing that writes

    def propfind(self, url: str, props: list, depth: int):
        """PROPFIND ``url``; a 207 answer's results, or the matching error."""
        from caldav.elements import dav
        from lxml import etree

        body = etree.tostring((dav.Propfind() + (dav.Prop() + props)).xmlelement(),
                              encoding="utf-8", xml_declaration=True).decode("utf-8")

        def operation():
            response = self.client.propfind(url, props=body, depth=depth)
            return self._multistatus(url, response, "PROPFIND")

        response = self.call(url, operation)
        if response.all_responses_not_found():
            raise not_found(url)
        return response.parse_propfind()

    def report(self, url: str, body, depth: int | None):
        """A REPORT on ``url``; its parsed calendar-query/multiget results."""
        from lxml import etree

        text = etree.tostring(body.xmlelement(), encoding="utf-8",
                              xml_declaration=True).decode("utf-8")

        def operation():
            response = self.client.report(url, text, depth=depth)
            return self._multistatus(url, response, "REPORT")

        return self.call(url, operation).parse_calendar_query()

    def _multistatus(self, url: str, response, method: str):
        from caldav.lib import error as caldav_error

        status = response.status
        if status == 207 and response.tree is not None:
            return response
        if status == 404:
            raise not_found(url)
        if status >= 500 and status != 501:
            raise caldav_error.DAVError(url, f"{method} {status}", status=status)
        if status in (401, 403):
            raise caldav_error.AuthorizationError(url, f"{method} {status}", status=status)
        if status == 207:
            raise not_caldav(url, (f"{method} không trả về XML", f"{method} gave no XML"))
        raise not_caldav(url, f"{method} → HTTP {status}")


def _unreachable(url: str, attempts: int) -> ServerUnreachable:
    return ServerUnreachable(
        f"Không kết nối được tới máy chủ CalDAV {url} (đã thử {attempts} lần). Kiểm tra địa "
        "chỉ, mạng và máy chủ có đang chạy không.",
        f"Cannot connect to the CalDAV server {url} ({attempts} attempts). Check the address, "
        "the network and that the server is running.",
        url=url)


def _server_error(url: str, status: int, attempts: int) -> ServerError:
    return ServerError(
        f"Máy chủ CalDAV {url} gặp lỗi (HTTP {status}), đã thử {attempts} lần.",
        f"The CalDAV server {url} failed (HTTP {status}) on {attempts} attempts.",
        url=url, status=status)


def _credentials_refused(url: str, status: int, user: str, has_secret: bool
                         ) -> CredentialsRefused:
    who_vi = f"người dùng '{user}'" if user else "người dùng ẩn danh"
    who_en = f"user '{user}'" if user else "an anonymous user"
    if status == 403:
        vi = f"Máy chủ CalDAV không cho {who_vi} đọc {url} (HTTP 403)."
        en = f"The CalDAV server does not let {who_en} read {url} (HTTP 403)."
    else:
        vi = f"Máy chủ CalDAV {url} từ chối thông tin đăng nhập của {who_vi} (HTTP {status})."
        en = f"The CalDAV server {url} refused the login of {who_en} (HTTP {status})."
    if not has_secret:
        vi += (f" Chưa tìm thấy mật khẩu: đặt biến {PASSWORD_VARIABLE}, thêm một mục netrc "
               "hoặc lưu mật khẩu vào keyring.")
        en += (f" No password was found: set {PASSWORD_VARIABLE}, add a netrc entry or store "
               "the password in the keyring.")
    return CredentialsRefused(vi, en, url=url, status=status)


def not_found(url: str) -> CalendarNotFound:
    return CalendarNotFound(
        f"Không tìm thấy lịch tại {url} (HTTP 404).",
        f"There is no calendar at {url} (HTTP 404).",
        url=url, status=404)


def not_caldav(url: str, detail: str | tuple[str, str]) -> NotCalDAVServer:
    vi, en = (detail, detail) if isinstance(detail, str) else detail
    return NotCalDAVServer(
        f"{url} không phải là máy chủ CalDAV ({vi}).",
        f"{url} is not a CalDAV server ({en}).",
        url=url)


def _refused_request(url: str, status: int | None) -> CalDAVError:
    return CalDAVError(
        f"Máy chủ CalDAV {url} từ chối yêu cầu đọc lịch (HTTP {status}).",
        f"The CalDAV server {url} refused the request to read calendars (HTTP {status}).",
        url=url, status=status)


