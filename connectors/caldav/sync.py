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
import os
import re
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import attrs

from meetingrules.errors import UsageError

from connectors.caldav.connection import MAX_RESPONSE_BYTES, Connection, TokenRefused
from connectors.caldav.credentials import LOOPBACK_HOSTS, Credentials, check_url
from connectors.caldav.discovery import CalendarInfo, discover, same_path

log = logging.getLogger(__name__)

STATE_SCHEMA = 1
_QUERY_MARGIN = timedelta(days=1)
_VEVENT_BLOCK = re.compile(r"^BEGIN:VEVENT\s*$(.*?)^END:VEVENT", re.M | re.I | re.S)
_RECURRING = re.compile(r"^(RRULE|RDATE|EXDATE|RECURRENCE-ID)[;:]", re.M | re.I)
_DTSTART_DATE = re.compile(r"^DTSTART[^:\r\n]*:(\d{8})", re.M | re.I)
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"


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


def _query_window(connection: Connection, calendar: CalendarInfo, start, end
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
        if same_path(key, calendar.url):
            continue
        if _in_window(result.calendar_data, _aware(start), _aware(end)):
            objects[key] = {"etag": result.etag, "ics": result.calendar_data}
    return objects, transferred


def _multiget(connection: Connection, calendar: CalendarInfo, hrefs: list[str]
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


def _changes(connection: Connection, calendar: CalendarInfo, token: str):
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
            raise TokenRefused(f"{type(exc).__name__} {exc.status}") from exc

    synced = connection.call(calendar.url, operation)
    if synced.truncated or not synced.sync_token:
        raise TokenRefused("truncated")
    deleted = {_href_key(calendar.url, str(u)) for u in synced.deleted_urls}
    changed = {}
    for obj in synced:
        key = _href_key(calendar.url, str(obj.url))
        if key in deleted or same_path(key, calendar.url):
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
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> FetchResult:
    """Read every event calendar at ``url`` for the window [``window_start``, ``window_end``).

    ``url`` is a calendar collection, a principal or the server root. Objects are chosen by
    the server (a time-range query, widened by a day for floating times and dates) and cut
    exactly here; a naive window is read as UTC, so pass times in the policy's zone.
    Connection failures and 5xx answers are retried ``retries`` times with exponential
    backoff (``backoff`` seconds, doubling). TLS certificates are verified unless
    ``insecure``. With ``state_path`` the next call transfers only what changed. Each
    request, its whole answer included, ends within ``timeout`` seconds (a server that
    drips its answer gets :class:`ServerTimeout`) and reads at most ``max_bytes`` bytes
    (:class:`ResponseTooLarge` beyond; the policy's ``limits.response_bytes``).
    Raises a :class:`CalDAVError`.
    """
    clean_url, url_username = check_url(url)
    if not _aware(window_start) < _aware(window_end):
        raise UsageError("Khoảng thời gian kiểm tra phải có ngày bắt đầu trước ngày kết thúc.",
                         "The window must start before it ends.")
    if credentials.username is None and url_username:
        credentials = attrs.evolve(credentials, username=url_username)
    host = urlsplit(clean_url).hostname or ""
    if insecure:
        log.warning("TLS certificate verification is off for %s", clean_url)
    if credentials.has_secret and urlsplit(clean_url).scheme == "http" \
            and host not in LOOPBACK_HOSTS:
        log.warning("credentials are sent to %s without TLS", clean_url)

    window = [_aware(window_start).isoformat(), _aware(window_end).isoformat()]
    path = Path(state_path) if state_path is not None else None
    notes: list[tuple[str, str]] = []
    previous = _load_state(path, clean_url, credentials.username, window, notes)

    connection = Connection(clean_url, credentials, insecure=insecure, timeout=timeout,
                             retries=retries, backoff=backoff, max_bytes=max_bytes)
    try:
        with warnings.catch_warnings():
            # The one warning about --insecure is ours, not one from urllib3 per request.
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
            calendars = discover(connection, clean_url)
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

    calendar: CalendarInfo
    objects: dict[str, dict]
    sync_token: str | None
    transferred: int
    full_fetch: bool

    def data(self) -> CalendarData:
        objects = [(href, obj["ics"].encode("utf-8")) for href, obj in sorted(self.objects.items())]
        return CalendarData(self.calendar.name, self.calendar.url, objects, self.full_fetch)


def _read_calendar(connection, calendar: CalendarInfo, start, end, before, notes) -> _Read:
    """Read one calendar: the changes since the stored token, else everything in the window."""
    token = before.get("sync_token") if isinstance(before, dict) else None
    if token and isinstance(before.get("objects"), dict):
        try:
            changed, deleted, new_token = _changes(connection, calendar, token)
        except TokenRefused as exc:
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

