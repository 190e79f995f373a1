"""Guarded CalDAV save: validate a meeting against its calendar, then store it with ETags.

``save_meeting(calendar_url, ics_bytes, credentials, policy=...)`` reads the calendar
(:func:`connectors.caldav.fetch_calendars`, a time-range query over the proposal's year and
the year before it), judges the proposal with :class:`meetingrules.validate.Validator`
and, unless the decision is ``deny``, stores it with a conditional PUT:

* a new event with ``If-None-Match: *`` — it never replaces an object that appeared since;
* an update with ``If-Match: <etag>`` — the ETag the caller read the event with, so a
  change made by someone else in between is never overwritten (the server answers 412,
  nothing is written, :class:`SaveConflict` is raised).

A denied meeting raises :class:`MeetingRefused` carrying the decision. With ``force=True``
and a reason and an approver, the save goes through and the waiver is written on the
stored event (``X-MEETINGRULES-WAIVE:MR301;reason=…;by=…``), where every later check and
the server hook (connectors.radicale_hook) see it.

Errors, by what the caller can do::

    MeetingRulesError
    ├── MeetingRefused (PermissionError)   the policy denies the meeting: change it or force
    ├── CalDAVError                        from connectors.caldav: unreachable, credentials …
    │   ├── SaveConflict                   412/409: the event changed or exists; read it again
    │   └── SaveFailed                     the server refused the PUT for another reason
    └── UsageError                         the proposal or the arguments are unusable
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
import warnings
from urllib.parse import quote, urljoin

import attrs
import icalendar

from connectors import ics
from connectors.caldav import (
    CalDAVError,
    Credentials,
    ServerError,
    Connection,
    fetch_calendars,
)
from meetingrules.errors import MeetingRulesError, UsageError
from meetingrules.model import Waiver, Window
from meetingrules.policy import Policy
from meetingrules.validate import DENY, Decision, Validator

__all__ = [
    "MeetingRefused",
    "SaveConflict",
    "SaveFailed",
    "SaveResult",
    "save_meeting",
    "with_waiver",
]

_NAMESPACE = "urn:meetingrules:1"
_MESSAGE = re.compile(
    r'<(?:\w+:)?message[^>]*xml:lang="(vi|en)"[^>]*>(.*?)</(?:\w+:)?message>', re.S)


class MeetingRefused(MeetingRulesError, PermissionError):
    """The policy denies the meeting (locally, or the server's hook did); nothing was stored."""

    def __init__(self, message_vi: str, message_en: str, decision: Decision | None = None,
                 *, by_server: bool = False):
        super().__init__(message_vi, message_en)
        self.decision = decision
        self.by_server = by_server

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the rules that decided the refusal."""
        return tuple(f.code for f in self.decision.deciding) if self.decision else ()


class SaveConflict(CalDAVError):
    """The event changed on the server since it was read (stale ETag) or already exists."""


class SaveFailed(CalDAVError):
    """The server refused to store the event."""


@attrs.frozen
class SaveResult:
    """What was stored: where, its new ETag, the decision and the waiver written (if any)."""

    url: str
    etag: str | None
    created: bool
    decision: Decision = attrs.field(repr=lambda d: d.decision)
    waiver: Waiver | None = None


def save_meeting(
    calendar_url: str,
    ics_bytes: bytes | str,
    credentials: Credentials,
    *,
    policy: Policy | None = None,
    force: bool = False,
    waiver_reason: str | None = None,
    waiver_by: str | None = None,
    etag: str | None = None,
    href: str | None = None,
    as_of: dt.date | None = None,
    insecure: bool = False,
    timeout: float = 30,
    database=None,
) -> SaveResult:
    """Validate the meeting in ``ics_bytes`` against the calendar at ``calendar_url``, then store it.

    ``calendar_url`` is one calendar collection. ``etag`` is the ETag the event was read
    with when it is an update (required then); ``href`` the object's name in the
    collection (default: the existing object with the same UID, else ``<UID>.ics``).
    Raises :class:`MeetingRefused` when the policy denies it and ``force`` is not set,
    :class:`SaveConflict` when the event changed or exists, another
    :class:`~connectors.caldav.CalDAVError` when the server cannot be used.
    ``database`` (a URL or a :class:`connectors.database.Database`) logs the decision there,
    before the PUT or the refusal; it is opened first, so an unusable one stores nothing.
    """
    policy = policy or Policy.builtin()
    as_of = as_of or dt.datetime.now(policy.timezone).date()
    data = ics_bytes.encode("utf-8") if isinstance(ics_bytes, str) else bytes(ics_bytes)
    if force and not (waiver_reason and waiver_by):
        raise UsageError("Lưu bắt buộc cần lý do (waiver_reason) và người chấp thuận (waiver_by).",
                         "A forced save needs a reason (waiver_reason) and an approver (waiver_by).")
    proposal = _read_proposal(data, policy, as_of)
    log = _decision_log(database)
    uid = proposal[0].uid
    year = min(e.start for e in proposal).astimezone(policy.timezone).year
    window = Window.year(year, policy.timezone)
    reading = Window(Window.year(year - 1, policy.timezone).start, window.end)

    fetched = fetch_calendars(calendar_url, credentials, reading.start, reading.end,
                              insecure=insecure, timeout=timeout)
    if len(fetched.calendars) != 1:
        raise UsageError(
            f"{calendar_url} không phải là một lịch (tìm thấy {len(fetched.calendars)} lịch); "
            "hãy cho địa chỉ của đúng một lịch.",
            f"{calendar_url} is not one calendar ({len(fetched.calendars)} found); give the URL "
            "of exactly one calendar.")
    calendar = fetched.calendars[0]
    existing = []
    existing_href = None
    for object_href, body in calendar.objects:
        read = ics.read_bytes(body, object_href, policy, reading, calendar.name)
        if any(e.uid == uid for e in read.events):
            existing_href = object_href
        existing.extend(read.events)

    target = _target_url(calendar.url, href, existing_href, uid)
    if existing_href is not None and etag is None and href in (None, existing_href.rsplit("/", 1)[-1]):
        raise SaveConflict(
            f"Lịch đã có sự kiện UID {uid}; hãy đọc lại sự kiện và gửi kèm ETag để cập nhật.",
            f"The calendar already holds the event UID {uid}; read it again and pass its ETag "
            "to update it.", url=target, status=412)

    started = time.perf_counter()
    validator = Validator(existing, policy, window=window, as_of=as_of)
    decision = validator.validate(proposal)
    waiver = None
    if decision.decision == DENY:
        if not force:
            from connectors.radicale_hook import refusal_messages

            log(decision, credentials, calendar.url, started)
            raise MeetingRefused(*refusal_messages(decision), decision)
        codes = sorted({f.code for f in decision.deciding})
        waiver = Waiver(",".join(codes), waiver_reason, waiver_by, "event")
        data = with_waiver(data, codes, waiver_reason, waiver_by)
        decision = validator.validate(_read_proposal(data, policy, as_of))
        log(decision, credentials, calendar.url, started, f"forced; approved by {_clean(waiver_by)}")
    else:
        log(decision, credentials, calendar.url, started)

    new_etag, created = _put(target, data, credentials, etag, insecure=insecure, timeout=timeout)
    return SaveResult(target, new_etag, created, decision, waiver)


def _decision_log(database):
    """A function logging a decision in ``database`` (a URL or a Database), or one doing nothing."""
    if database is None:
        return lambda *args: None
    from connectors.database import Database

    db = database if isinstance(database, Database) else Database(database)

    def log(decision: Decision, credentials: Credentials, url: str, started: float, note: str = "") -> None:
        try:
            db.log(decision, door="guarded-save", client=credentials.username or "", collection=url,
                   latency_ms=(time.perf_counter() - started) * 1000, note=note)
        finally:
            if db is not database:
                db.close()

    return log


def _read_proposal(data: bytes, policy: Policy, as_of: dt.date) -> list:
    wide = Window.dates(dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year + 5, 12, 31),
                        policy.timezone)
    read = ics.read_bytes(data, "proposal", policy, wide)
    events = list(read.events)
    if not events:
        raise UsageError("Không đọc được cuộc họp nào trong dữ liệu đề xuất.",
                         "No meeting could be read from the proposed iCalendar data.")
    if len({e.uid for e in events}) != 1:
        raise UsageError("Một đối tượng lịch chỉ chứa một UID; dữ liệu đề xuất có nhiều UID.",
                         "A calendar object holds one UID; the proposal holds several.")
    return events


def _target_url(calendar_url: str, href: str | None, existing: str | None, uid: str) -> str:
    base = calendar_url if calendar_url.endswith("/") else calendar_url + "/"
    if href:
        return urljoin(base, quote(href, safe="@:+-._~"))
    if existing:
        return urljoin(base, quote(existing, safe="/@:+-._~"))
    name = re.sub(r"[^A-Za-z0-9@._-]", "-", uid) or str(uuid.uuid4())
    return urljoin(base, quote(name + ".ics", safe="@-._~"))


def with_waiver(data: bytes, codes: list[str], reason: str, by: str) -> bytes:
    """``data`` with ``X-MEETINGRULES-WAIVE:<codes>;reason=…;by=…`` on every VEVENT.

    An existing waiver value is kept; the new one is added as another line of it.
    """
    calendar = icalendar.Calendar.from_ical(data)
    line = f"{','.join(codes)};reason={_clean(reason)};by={_clean(by)}"
    for event in calendar.walk("VEVENT"):
        before = event.get("X-MEETINGRULES-WAIVE")
        value = f"{before}\n{line}" if before else line
        event.pop("X-MEETINGRULES-WAIVE", None)
        event.add("X-MEETINGRULES-WAIVE", icalendar.vText(value))
    return calendar.to_ical()


def _clean(text: str) -> str:
    # ';' separates the waiver's fields and a newline separates waivers.
    return " ".join(str(text).replace(";", ",").split())


def _put(url: str, data: bytes, credentials: Credentials, etag: str | None, *,
         insecure: bool, timeout: float) -> tuple[str | None, bool]:
    """One conditional PUT; the new ETag and whether the object was created.

    Sent through the CalDAV connector's connection, so TLS, timeouts and failures are
    handled as they are for reading; a write is never retried.
    """
    from caldav.lib import error as caldav_error

    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    if etag:
        headers["If-Match"] = etag if etag.startswith(("\"", "W/")) else f'"{etag}"'
    else:
        headers["If-None-Match"] = "*"

    def operation():
        try:
            return connection.client.put(url, data, headers)
        except caldav_error.AuthorizationError as exc:
            body = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else (exc.body or "")
            if exc.status == 403 and _NAMESPACE in body:
                messages = dict(_MESSAGE.findall(body))
                raise MeetingRefused(_unescape(messages.get("vi", "")), _unescape(messages.get("en", "")),
                                     by_server=True) from exc
            raise
        except caldav_error.DAVError as exc:
            if exc.status in (409, 412):
                raise _status_error(url, exc.status) from exc
            raise

    connection = Connection(url, credentials, insecure=insecure, timeout=timeout, retries=0, backoff=0)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
            response = connection.call(url, operation)
    finally:
        connection.close()
    if response.status in (200, 201, 204):
        return response.headers.get("ETag"), response.status == 201
    raise _status_error(url, response.status)


def _status_error(url: str, status: int) -> CalDAVError:
    if status in (409, 412):
        return SaveConflict(
            f"Sự kiện tại {url} đã thay đổi hoặc đã tồn tại trên máy chủ (HTTP {status}); không có gì "
            "được ghi. Hãy đọc lại sự kiện rồi lưu lại.",
            f"The event at {url} changed or already exists on the server (HTTP {status}); nothing "
            "was written. Read it again and save again.", url=url, status=status)
    if status >= 500:
        return ServerError(f"Máy chủ lỗi khi ghi {url} (HTTP {status}).",
                           f"The server failed to store {url} (HTTP {status}).", url=url, status=status)
    return SaveFailed(f"Máy chủ không nhận sự kiện tại {url} (HTTP {status}).",
                      f"The server did not accept the event at {url} (HTTP {status}).",
                      url=url, status=status)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
