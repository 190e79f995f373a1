"""Read meeting calendars from a CalDAV server, read-only, with incremental re-checks.

``fetch_calendars(url, credentials, window_start, window_end)`` finds the calendars at
``url`` (a calendar collection, a principal, or the server root: then every calendar in
the user's calendar home), asks the server for the objects that have an event in the
window (a CalDAV ``calendar-query`` with a ``time-range``, RFC 4791 §7.8) and returns the
raw iCalendar data of each object; recurrences are expanded later, by the ICS reader.
With ``state_path`` the sync token of every calendar and the objects read are kept in a
JSON file, and the next run asks only for what changed (``sync-collection``, RFC 6578),
falling back to a full fetch when the server refuses the token.

The connector never writes to the server: it sends PROPFIND and REPORT requests only.
Credentials come from ``resolve_credentials`` (environment, netrc, keyring); they never
appear in a message, a log line or a ``repr``, and a password inside the URL is refused.

Errors, split by what the caller can do about them::

    CalDAVError (MeetingRulesError)           any failure to read the calendars
    ├── CalDAVURLError (ValueError)           the URL is unusable: a password in it, not http(s)
    ├── ServerUnreachable (ConnectionError)   no connection: refused, DNS, TLS, server stopped
    │   └── ServerTimeout (TimeoutError)      the server did not answer within the timeout
    ├── CredentialsRefused (PermissionError)  401 or 403: wrong, missing or insufficient login
    ├── CalendarNotFound (LookupError)        404, or the URL is no calendar/principal/root
    ├── ServerError                           5xx, still failing after the retries
    └── NotCalDAVServer (ValueError)          the answer is not WebDAV/CalDAV

Each error has ``message_vi`` and ``message_en`` and ``message(lang)`` (Vietnamese by
default); ``str()`` is the English message. Errors of caldav, niquests/requests and lxml
never leak: they are wrapped with ``raise ... from exc``.
"""

from __future__ import annotations

import json
import logging
import netrc
import os
import re
import time
import warnings
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import attrs

from meetingrules.errors import MeetingRulesError, UsageError

__all__ = [
    "CalDAVError",
    "CalDAVURLError",
    "CalendarData",
    "CalendarNotFound",
    "Credentials",
    "CredentialsRefused",
    "FetchResult",
    "NotCalDAVServer",
    "ServerError",
    "ServerTimeout",
    "ServerUnreachable",
    "fetch_calendars",
    "resolve_credentials",
]

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "MEETINGRULES_CALDAV_PASSWORD"
TOKEN_VARIABLE = "MEETINGRULES_CALDAV_TOKEN"
KEYRING_SERVICE_PREFIX = "meetingrules-caldav:"
STATE_SCHEMA = 1

# Dates and floating times have no zone and a server compares them as UTC (RFC 4791 §9.9):
# the query asks for a day more on each side and the exact cut is made here.
_QUERY_MARGIN = timedelta(days=1)
_MAX_BACKOFF_SECONDS = 8.0
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}

# VTIMEZONEs have DTSTART and RRULE lines of their own: only the VEVENT's are looked at.
_VEVENT_BLOCK = re.compile(r"^BEGIN:VEVENT\s*$(.*?)^END:VEVENT", re.M | re.I | re.S)
_RECURRING = re.compile(r"^(RRULE|RDATE|EXDATE|RECURRENCE-ID)[;:]", re.M | re.I)
_DTSTART_DATE = re.compile(r"^DTSTART[^:\r\n]*:(\d{8})", re.M | re.I)

_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"


# --------------------------------------------------------------------------- errors


class CalDAVError(MeetingRulesError):
    """The calendars at a CalDAV URL could not be read."""

    def __init__(self, message_vi: str, message_en: str, *, url: str = "",
                 status: int | None = None):
        super().__init__(message_vi, message_en)
        self.url = url
        self.status = status


class CalDAVURLError(CalDAVError, ValueError):
    """The CalDAV URL cannot be used: it holds a password, or it is not http(s)."""


class ServerUnreachable(CalDAVError, ConnectionError):
    """No connection to the server could be made (refused, unknown host, TLS failure)."""


class ServerTimeout(ServerUnreachable, TimeoutError):
    """The server did not answer within the timeout."""


class CredentialsRefused(CalDAVError, PermissionError):
    """The server refused the login (401) or the access (403)."""


class CalendarNotFound(CalDAVError, LookupError):
    """There is no calendar, principal or server root at the URL."""


class ServerError(CalDAVError):
    """The server failed (5xx) on every attempt."""


class NotCalDAVServer(CalDAVError, ValueError):
    """The server's answers are not those of a CalDAV server."""


# --------------------------------------------------------------------------- credentials


@attrs.frozen(repr=False)
class Credentials:
    """A login for a CalDAV server. Its ``repr`` and ``str`` never show the secret."""

    username: str | None = None
    password: str | None = None
    token: str | None = None
    #: where the secret came from: environment, netrc, keyring, argument or none
    source: str = "none"

    def __repr__(self) -> str:
        secret = "token=***" if self.token else ("password=***" if self.password else "no secret")
        return f"Credentials(username={self.username!r}, {secret}, source={self.source!r})"

    __str__ = __repr__

    @property
    def has_secret(self) -> bool:
        """Whether a password or a token is known."""
        return bool(self.password or self.token)


def _check_url(url: str) -> tuple[str, str | None]:
    """The URL without user information, and the user name it carried; refuse passwords."""
    parts = urlsplit(url)
    if parts.password is not None:
        raise CalDAVURLError(
            "Địa chỉ CalDAV có chứa mật khẩu; không được ghi mật khẩu trong URL. Hãy dùng "
            f"biến môi trường {PASSWORD_VARIABLE}, tệp netrc hoặc keyring.",
            "The CalDAV URL contains a password; a password must never be written in the "
            f"URL. Use the environment variable {PASSWORD_VARIABLE}, a netrc entry or the "
            "keyring.",
            url=_without_userinfo(url),
        )
    clean = _without_userinfo(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CalDAVURLError(
            f"Địa chỉ CalDAV không hợp lệ: '{clean}' (cần bắt đầu bằng https:// hoặc http://).",
            f"Invalid CalDAV URL: '{clean}' (it must start with https:// or http://).",
            url=clean,
        )
    username = unquote(parts.username) if parts.username else None
    return clean, username


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def resolve_credentials(
    url: str,
    username: str | None = None,
    *,
    env: Mapping[str, str] = os.environ,
    netrc_path: str | os.PathLike | None = None,
    use_keyring: bool = True,
    token: str | None = None,
) -> Credentials:
    """Find the login for ``url``: a bearer token, else a password.

    The token is ``token`` or ``$MEETINGRULES_CALDAV_TOKEN``. The password is
    ``$MEETINGRULES_CALDAV_PASSWORD``, else the netrc entry for the host (``netrc_path``,
    else ``$NETRC``, else ``~/.netrc``), else the keyring entry of service
    ``meetingrules-caldav:HOST`` (only when ``keyring`` is installed). A user name in the
    URL (``https://user@host/``) is used when ``username`` is not given; a password in the
    URL raises :class:`CalDAVURLError`.
    """
    _, url_username = _check_url(url)
    username = username or url_username
    host = urlsplit(url).hostname or ""

    if token:
        return Credentials(username, token=token, source="argument")
    if env.get(TOKEN_VARIABLE):
        return Credentials(username, token=env[TOKEN_VARIABLE], source="environment")

    password = env.get(PASSWORD_VARIABLE)
    if password:
        return Credentials(username, password=password, source="environment")

    entry = _netrc_entry(host, username, env, netrc_path)
    if entry is not None:
        return Credentials(entry[0], password=entry[1], source="netrc")

    if use_keyring:
        entry = _keyring_entry(host, username)
        if entry is not None:
            return Credentials(entry[0], password=entry[1], source="keyring")

    return Credentials(username)


def _netrc_entry(host, username, env, netrc_path) -> tuple[str | None, str] | None:
    path = netrc_path or env.get("NETRC") or Path.home() / ".netrc"
    if not os.path.isfile(path):
        return None
    try:
        found = netrc.netrc(os.fspath(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token of the file, and so a password.
        log.warning("netrc file %s is unreadable (line %s); it is ignored", path, exc.lineno)
        return None
    except OSError:
        log.warning("netrc file %s cannot be opened; it is ignored", path)
        return None
    if not found:
        return None
    login, _account, password = found
    if username and login and login != username:
        return None
    if not password:
        return None
    return (username or login or None, password)


def _keyring_entry(host, username) -> tuple[str | None, str] | None:
    try:
        import keyring
    except ImportError:
        return None
    service = KEYRING_SERVICE_PREFIX + host
    try:
        credential = keyring.get_credential(service, username)
    except Exception:  # noqa: BLE001 - a keyring without a backend is the same as no entry
        log.debug("keyring has no usable backend; it is ignored")
        return None
    if credential is None or not credential.password:
        return None
    return (username or credential.username or None, credential.password)


# --------------------------------------------------------------------------- results


@attrs.frozen
class CalendarData:
    """The objects read from one calendar collection, raw iCalendar data by href."""

    name: str
    url: str
    objects: list[tuple[str, bytes]] = attrs.field(factory=list, repr=lambda o: f"<{len(o)}>")
    #: whether this calendar was read in full (not through a sync token)
    full_fetch: bool = True


@attrs.frozen
class FetchResult:
    """The calendars read and what it cost."""

    calendars: list[CalendarData]
    objects_transferred: int
    bytes_transferred: int
    full_fetch: bool
    requests: int = 0
    #: things the user should know, as (Vietnamese, English) pairs
    notes: list[tuple[str, str]] = attrs.field(factory=list)

    @property
    def objects(self) -> int:
        """How many objects the calendars hold in total."""
        return sum(len(calendar.objects) for calendar in self.calendars)


# --------------------------------------------------------------------------- connection

_T = TypeVar("_T")


class Connection:
    """A caldav client with retries, error translation and counting of what came back."""

    def __init__(self, url: str, credentials: Credentials, *, insecure: bool,
                 timeout: float, retries: int, backoff: float):
        import caldav
        from caldav.requests import HTTPBearerAuth

        self.url = url
        self.credentials = credentials
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.requests = 0
        self.bytes = 0
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
        self.client.session.hooks["response"].append(self._count)

    def _count(self, response, *args, **kwargs):
        self.requests += 1
        self.bytes += len(response.content or b"")
        return response

    def close(self) -> None:
        self.client.close()

    def call(self, url: str, operation: Callable[[], _T]) -> _T:
        """Run ``operation`` (one or a few requests), retrying what may pass on a retry."""
        attempt = 0
        while True:
            try:
                return operation()
            except (MeetingRulesError, _TokenRefused):  # already ours (CalDAVError, a refusal …)
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
                return _not_found(url), None
            if status is not None and status >= 500:
                if status in (501,):
                    return _not_caldav(url, f"HTTP {status}"), None
                return _server_error(url, status, attempts), 0.0
            if status in (405,):
                return _not_caldav(url, f"HTTP {status}"), None
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
            return _not_caldav(url, ("câu trả lời không phải XML của WebDAV",
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
            raise _not_found(url)
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
            raise _not_found(url)
        if status >= 500 and status != 501:
            raise caldav_error.DAVError(url, f"{method} {status}", status=status)
        if status in (401, 403):
            raise caldav_error.AuthorizationError(url, f"{method} {status}", status=status)
        if status == 207:
            raise _not_caldav(url, (f"{method} không trả về XML", f"{method} gave no XML"))
        raise _not_caldav(url, f"{method} → HTTP {status}")


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


def _not_found(url: str) -> CalendarNotFound:
    return CalendarNotFound(
        f"Không tìm thấy lịch tại {url} (HTTP 404).",
        f"There is no calendar at {url} (HTTP 404).",
        url=url, status=404)


def _not_caldav(url: str, detail: str | tuple[str, str]) -> NotCalDAVServer:
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


# --------------------------------------------------------------------------- discovery


@attrs.frozen
class _Calendar:
    url: str
    name: str
    sync_token: str | None


def _collection_props():
    from caldav.elements import cdav, dav

    return [dav.ResourceType(), dav.DisplayName(), dav.SyncToken(),
            cdav.SupportedCalendarComponentSet()]


def _calendar_from(url: str, properties: Mapping[str, Any]) -> _Calendar:
    name = properties.get(_DAV + "displayname")
    if not isinstance(name, str) or not name.strip():
        name = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2]) or url
    token = properties.get(_DAV + "sync-token")
    return _Calendar(url, name, token if isinstance(token, str) and token else None)


def _is_event_calendar(properties: Mapping[str, Any]) -> bool:
    types = _as_list(properties.get(_DAV + "resourcetype"))
    if _CALDAV + "calendar" not in types:
        return False
    components = properties.get(_CALDAV + "supported-calendar-component-set")
    if components is None or not isinstance(components, (str, list)):
        return True
    return "VEVENT" in [c.upper() for c in _as_list(components)]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _same_path(a: str, b: str) -> bool:
    return unquote(urlsplit(a).path).rstrip("/") == unquote(urlsplit(b).path).rstrip("/")


def _discover(connection: Connection, url: str) -> list[_Calendar]:
    """The event calendars at ``url``: the URL itself, or those of the user's home."""
    from caldav.elements import cdav, dav

    props = [*_collection_props(), dav.CurrentUserPrincipal(), cdav.CalendarHomeSet()]
    results = connection.propfind(url, props, depth=0)
    mine = next((r for r in results if _same_path(urljoin(url, r.href), url)),
                results[0] if results else None)
    if mine is None:
        raise _not_caldav(url, ("PROPFIND không trả về gì", "PROPFIND returned nothing"))
    properties = mine.properties
    types = _as_list(properties.get(_DAV + "resourcetype"))
    if _CALDAV + "calendar" in types:
        return [_calendar_from(url, properties)]

    homes = [urljoin(url, h) for h in _as_list(properties.get(_CALDAV + "calendar-home-set"))]
    principal = properties.get(_DAV + "current-user-principal")
    if not homes and isinstance(principal, str) and principal:
        principal_url = urljoin(url, principal)
        if not _same_path(principal_url, url):
            found = connection.propfind(principal_url, [cdav.CalendarHomeSet()], depth=0)
            for result in found:
                homes += [urljoin(principal_url, h)
                          for h in _as_list(result.properties.get(_CALDAV + "calendar-home-set"))]
    if not homes and _DAV + "collection" in types:
        homes = [url]
    if not homes:
        if _DAV + "collection" not in types and types:
            raise CalendarNotFound(
                f"{url} không phải là lịch, principal hay gốc của máy chủ CalDAV.",
                f"{url} is neither a calendar, a principal nor the root of a CalDAV server.",
                url=url)
        raise _not_caldav(url, ("không tìm thấy calendar-home-set",
                                "no calendar-home-set was found"))

    calendars: dict[str, _Calendar] = {}
    for home in dict.fromkeys(homes):
        for result in connection.propfind(home, _collection_props(), depth=1):
            member = urljoin(home, result.href)
            if result.status == 200 and _is_event_calendar(result.properties):
                calendars.setdefault(member, _calendar_from(member, result.properties))
    return sorted(calendars.values(), key=lambda c: c.url)


# --------------------------------------------------------------------------- reading


def _utc(moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _aware(moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _href_key(calendar_url: str, href: str) -> str:
    return unquote(urlsplit(urljoin(calendar_url, href)).path)


def _surely_inside(ics: str, start: datetime, end: datetime) -> bool:
    """A cheap yes for the common case: one plain event starting well inside the window.

    Two days from either edge, a start date is inside the window in every time zone.
    Anything recurring, multi-component or unusual is left to :func:`_in_window`.
    """
    events = _VEVENT_BLOCK.findall(ics)
    if len(events) != 1 or _RECURRING.search(events[0]):
        return False
    days = _DTSTART_DATE.findall(events[0])
    if len(days) != 1:
        return False
    day = days[0]
    try:
        first = datetime.strptime(day, "%Y%m%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return False
    return _utc(start) + timedelta(days=2) <= first <= _utc(end) - timedelta(days=2)


def _in_window(ics: str, start: datetime, end: datetime) -> bool:
    """Whether an object has an event occurrence in [start, end); unreadable data is kept."""
    if _surely_inside(ics, start, end):
        return True
    try:
        import icalendar
        import recurring_ical_events

        calendar = icalendar.Calendar.from_ical(ics)
        return bool(recurring_ical_events.of(calendar, components=["VEVENT"])
                    .between(start, end))
    except Exception:  # noqa: BLE001 - the ICS reader judges and counts broken data
        return True


def _query_window(connection: Connection, calendar: _Calendar, start, end
                  ) -> tuple[dict[str, dict], int]:
    """The objects with an event in the window (href → etag, ics), and how many came."""
    from caldav.elements import cdav, dav

    query = cdav.CalendarQuery() + [
        dav.Prop() + [dav.GetEtag(), cdav.CalendarData()],
        cdav.Filter() + (cdav.CompFilter("VCALENDAR") + (
            cdav.CompFilter("VEVENT") + cdav.TimeRange(_utc(start) - _QUERY_MARGIN,
                                                       _utc(end) + _QUERY_MARGIN))),
    ]
    results = connection.report(calendar.url, query, depth=1)
    objects = {}
    transferred = 0
    for result in results:
        if result.status != 200 or result.calendar_data is None:
            continue
        transferred += 1
        key = _href_key(calendar.url, result.href)
        if _same_path(key, calendar.url):
            continue
        if _in_window(result.calendar_data, _aware(start), _aware(end)):
            objects[key] = {"etag": result.etag, "ics": result.calendar_data}
    return objects, transferred


def _multiget(connection: Connection, calendar: _Calendar, hrefs: list[str]
              ) -> dict[str, dict]:
    from caldav.elements import cdav, dav

    query = cdav.CalendarMultiGet() + [
        dav.Prop() + [dav.GetEtag(), cdav.CalendarData()],
        *[dav.Href(value=quote(h, safe="/:@!$&'()*+,;=-._~")) for h in hrefs],
    ]
    # RFC 4791 §7.9: a client SHOULD NOT send Depth with calendar-multiget.
    results = connection.report(calendar.url, query, depth=None)
    return {
        _href_key(calendar.url, r.href): {"etag": r.etag, "ics": r.calendar_data}
        for r in results
        if r.status == 200 and r.calendar_data is not None
    }


class _TokenRefused(Exception):
    """The server does not accept the sync token any more."""


def _changes(connection: Connection, calendar: _Calendar, token: str):
    """Changed hrefs (→ etag), removed hrefs and the new token since ``token``."""
    import caldav
    from caldav.lib import error as caldav_error

    collection = caldav.Calendar(connection.client, url=calendar.url)

    def operation():
        try:
            return collection.get_objects_by_sync_token(
                sync_token=token, load_objects=False, disable_fallback=True)
        except caldav_error.DAVError as exc:
            # The login already worked for the discovery: a 403 here is about the token
            # (RFC 6578 §3.2 answers DAV:valid-sync-token with 403; Xandikos with 412).
            if exc.status == 401 or (exc.status or 0) >= 500:
                raise
            raise _TokenRefused(f"{type(exc).__name__} {exc.status}") from exc

    synced = connection.call(calendar.url, operation)
    if synced.truncated or not synced.sync_token:
        raise _TokenRefused("truncated")
    deleted = {_href_key(calendar.url, str(u)) for u in synced.deleted_urls}
    changed = {}
    for obj in synced:
        key = _href_key(calendar.url, str(obj.url))
        if key in deleted or _same_path(key, calendar.url):
            continue
        changed[key] = obj.props.get(_DAV + "getetag")
    return changed, deleted, synced.sync_token


# --------------------------------------------------------------------------- state


def _load_state(path: Path | None, url: str, username: str | None, window: list[str],
                notes: list) -> dict:
    if path is None or not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        notes.append((f"Tệp trạng thái {path} không đọc được; đọc lại toàn bộ lịch.",
                      f"The state file {path} is unreadable; every calendar is read in full."))
        return {}
    if not isinstance(state, dict) or state.get("schema") != STATE_SCHEMA:
        return {}
    if (state.get("url"), state.get("username"), state.get("window")) != (url, username, window):
        notes.append((
            "Tệp trạng thái là của địa chỉ, người dùng hoặc khoảng thời gian khác; đọc lại toàn "
            "bộ lịch.",
            "The state file belongs to another URL, user or window; every calendar is read in "
            "full."))
        return {}
    calendars = state.get("calendars")
    return calendars if isinstance(calendars, dict) else {}


def _save_state(path: Path, url, username, window, calendars: dict, notes: list) -> None:
    state = {"schema": STATE_SCHEMA, "url": url, "username": username, "window": window,
             "calendars": calendars}
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The state holds calendar contents: readable by the owner only.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError as exc:
        notes.append((f"Không ghi được tệp trạng thái {path} ({exc.strerror}).",
                      f"The state file {path} could not be written ({exc.strerror})."))


# --------------------------------------------------------------------------- fetch


def fetch_calendars(
    url: str,
    credentials: Credentials,
    window_start: date | datetime,
    window_end: date | datetime,
    *,
    insecure: bool = False,
    timeout: float = 30,
    retries: int = 3,
    state_path: str | os.PathLike | None = None,
    backoff: float = 0.5,
) -> FetchResult:
    """Read every event calendar at ``url`` for the window [``window_start``, ``window_end``).

    ``url`` is a calendar collection, a principal or the server root. Objects are chosen by
    the server (a time-range query, widened by a day for floating times and dates) and cut
    exactly here; a naive window is read as UTC, so pass times in the policy's zone.
    Connection failures and 5xx answers are retried ``retries`` times with exponential
    backoff (``backoff`` seconds, doubling). TLS certificates are verified unless
    ``insecure``. With ``state_path`` the next call transfers only what changed.
    Raises a :class:`CalDAVError`.
    """
    clean_url, url_username = _check_url(url)
    if not _aware(window_start) < _aware(window_end):
        raise UsageError("Khoảng thời gian kiểm tra phải có ngày bắt đầu trước ngày kết thúc.",
                         "The window must start before it ends.")
    if credentials.username is None and url_username:
        credentials = attrs.evolve(credentials, username=url_username)
    host = urlsplit(clean_url).hostname or ""
    if insecure:
        log.warning("TLS certificate verification is off for %s", clean_url)
    if credentials.has_secret and urlsplit(clean_url).scheme == "http" \
            and host not in _LOOPBACK_HOSTS:
        log.warning("credentials are sent to %s without TLS", clean_url)

    window = [_aware(window_start).isoformat(), _aware(window_end).isoformat()]
    path = Path(state_path) if state_path is not None else None
    notes: list[tuple[str, str]] = []
    previous = _load_state(path, clean_url, credentials.username, window, notes)

    connection = Connection(clean_url, credentials, insecure=insecure, timeout=timeout,
                             retries=retries, backoff=backoff)
    try:
        with warnings.catch_warnings():
            # The one warning about --insecure is ours, not one from urllib3 per request.
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
            calendars = _discover(connection, clean_url)
            read = [_read_calendar(connection, calendar, window_start, window_end,
                                   previous.get(calendar.url), notes)
                    for calendar in calendars]
    finally:
        connection.close()

    if path is not None:
        state = {r.calendar.url: {"name": r.calendar.name, "sync_token": r.sync_token,
                                  "objects": r.objects} for r in read}
        _save_state(path, clean_url, credentials.username, window, state, notes)
    return FetchResult(
        calendars=[r.data() for r in read],
        objects_transferred=sum(r.transferred for r in read),
        bytes_transferred=connection.bytes,
        full_fetch=any(r.full_fetch for r in read) or not read,
        requests=connection.requests,
        notes=notes,
    )


@attrs.frozen
class _Read:
    """What one calendar gave: its objects (href → etag, ics), token and the cost."""

    calendar: _Calendar
    objects: dict[str, dict]
    sync_token: str | None
    transferred: int
    full_fetch: bool

    def data(self) -> CalendarData:
        objects = [(href, obj["ics"].encode("utf-8")) for href, obj in sorted(self.objects.items())]
        return CalendarData(self.calendar.name, self.calendar.url, objects, self.full_fetch)


def _read_calendar(connection, calendar: _Calendar, start, end, before, notes) -> _Read:
    """Read one calendar: the changes since the stored token, else everything in the window."""
    token = before.get("sync_token") if isinstance(before, dict) else None
    if token and isinstance(before.get("objects"), dict):
        try:
            changed, deleted, new_token = _changes(connection, calendar, token)
        except _TokenRefused as exc:
            log.info("%s: sync token refused (%s); full fetch", calendar.url, exc)
            notes.append((
                f"Máy chủ không nhận sync token của lịch '{calendar.name}'; đọc lại toàn bộ.",
                f"The server refused the sync token of calendar '{calendar.name}'; it is read "
                "in full."))
        else:
            objects = dict(before["objects"])
            for href in deleted:
                objects.pop(href, None)
            wanted = [h for h, etag in changed.items()
                      if h not in objects or etag is None or objects[h].get("etag") != etag]
            fetched = _multiget(connection, calendar, wanted) if wanted else {}
            aware_start, aware_end = _aware(start), _aware(end)
            for href in wanted:
                obj = fetched.get(href)
                if obj is not None and _in_window(obj["ics"], aware_start, aware_end):
                    objects[href] = obj
                else:
                    objects.pop(href, None)
            return _Read(calendar, objects, new_token, len(fetched), False)
    # The token was read before the query, so a change made in between is seen next time.
    objects, count = _query_window(connection, calendar, start, end)
    return _Read(calendar, objects, calendar.sync_token, count, True)
