"""Reading iCalendar (.ics) data into :class:`meetingrules.EventData` occurrences.

RFC 5545 §3.6.1: "A "VEVENT" calendar component is a grouping of component properties,
possibly including "VALARM" calendar components, that represents a scheduled amount of
time on a calendar." Each one is read on its own, so that a broken event is rejected with a
reason (MR002) while the others in the file are still read; recurring series are expanded
with recurring-ical-events inside the analysis window only. Nothing is classified here:
:func:`meetingrules.classify.build_meeting` does that with the strings read.

A single event whose lines are all plain is read without icalendar (:meth:`_FileReader._plain`,
:func:`connectors.ics.lines.timing`), with the very result icalendar's way would give; every
other event, and every event that icalendar's way would reject, note or repair, is parsed
by icalendar. ``PLAIN_PATH = False`` reads everything through icalendar (tests, benchmarks).

Every VEVENT component is accounted for (SPEC §7)::

    intake.read == components that produced an EventData + intake.rejected
                   + intake.outside_window

Public API: :func:`read_bytes` (files and folders: :mod:`connectors.ics.paths`).
No icalendar or recurring-ical-events error leaves this module: each becomes a diagnostic.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any
from urllib.parse import urlsplit

import attrs
import icalendar
import x_wr_timezone
from icalendar.parser import Contentline

from connectors.ics import expand, lines, parallel  # submodules, not the package namespace
from connectors.ics import values as props
from connectors.ics.decode import decode
from connectors.ics.scan import EventBlock, Scan, scan
from connectors.ics.zones import ZoneResolver
from meetingrules import catalog
from meetingrules.engine import quiet_gc
from meetingrules.findings import Finding
from meetingrules.model import EventData, Intake, Notice, Severity, SourceRef, Status, Window
from meetingrules.policy import Policy
from connectors.ics.result import ReadResult, diagnostic

STDIN_ORIGIN = "<stdin>"
#: The default of the policy budget limits.occurrences_per_series (MR004 beyond it).
OCCURRENCE_CAP = 5000
_X_PREFIX = "X-MEETINGRULES-"
# Properties without which the times of an event are unknown: broken ones reject it.
_TIMING = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})
_RECURRING = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
_ZONED = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")
_SINGLE = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
_SUB_DAILY = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600}
_FALSE = frozenset({"", "FALSE", "0", "NO"})
_BEGIN_VEVENT = re.compile(rb"(?im)^\s*BEGIN:VEVENT\s*$")
#: Whether a plain single event is read without icalendar (:meth:`_FileReader._plain`). Only
#: the tests and benchmarks turn it off, to show that both ways give the same result.
PLAIN_PATH = True



def read_bytes(
    data: bytes,
    origin: str,
    policy: Policy,
    window: Window,
    calendar: str = "",
    *,
    workers: int | None = None,
) -> ReadResult:
    """Read one iCalendar stream (a file, stdin, or one CalDAV calendar object).

    ``origin`` names it in diagnostics and in each event's ``SourceRef``; ``calendar``
    (a CalDAV collection, say) is the calendar name when given, else X-WR-CALNAME.
    ``workers`` is how many processes parse its VEVENTs: ``None`` (default) reads the
    environment variable ``MEETINGRULES_WORKERS``, else uses every core for a stream of
    2,000 VEVENTs or more; ``1`` reads in this process. The result is the same either way.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    budget = policy.limit("bytes_per_file")
    if len(data) > budget:
        finding = diagnostic("MR001", origin, (
            f"lớn hơn giới hạn {budget} byte (limits.bytes_per_file); không đọc",
            f"larger than the budget of {budget} bytes (limits.bytes_per_file); not read"), limit=budget)
        return ReadResult((), Intake(0, 0, 0, (finding,), (origin,)))
    try:
        with warnings.catch_warnings(), quiet_gc():
            # icalendar warns when it guesses a zone; the reader reports zones itself (MR007).
            # No collector passes over the many new values a large file makes (nor in workers).
            warnings.simplefilter("ignore")
            return _FileReader(origin, policy, window, calendar, workers).read(data)
    except Exception as exc:  # noqa: BLE001 - the last boundary: a bad file never stops the others
        blocks = len(_BEGIN_VEVENT.findall(data)) if isinstance(data, bytes) else 0
        finding = diagnostic("MR001", origin, f"{type(exc).__name__}: {exc}")
        return ReadResult((), Intake(blocks, blocks, 0, (finding,), (origin,)))


def _in_series(block: EventBlock) -> bool:
    return block.recurring


@attrs.define
class _Outcome:
    """What reading one VEVENT on its own gave: its fields, or why it was refused.

    Made the same way in this process or in a worker process (:mod:`connectors.ics.parallel`).
    A worker sends it back without ``component`` (icalendar objects stay where they were
    made): the main process parses again the few VEVENTs that recurrence expansion needs.
    """

    index: int
    line: int
    uid: str = ""
    zones: list[str] = attrs.field(factory=list)  # TZIDs that could not be resolved, as met
    failure: tuple[str, str] | None = None  # could not be parsed (vi, en): MR002, or MR001
    refused: tuple[str, str] | None = None  # parsed but rejected (vi, en): MR002
    fields: dict[str, Any] | None = None
    recurring: bool = False  # RRULE, RDATE, EXDATE or RECURRENCE-ID
    single: EventData | None = None  # a plain event starting inside the window
    single_error: Exception | None = None
    component: Any = None


@attrs.define
class _Prepared:
    """One VEVENT parsed and checked, with the strings every occurrence of it shares."""

    block: EventBlock
    component: Any
    uid: str
    fields: dict[str, Any]

    @property
    def index(self) -> int:
        return self.block.index

    @property
    def line(self) -> int:
        return self.block.line

    def has(self, *names: str) -> bool:
        return any(name in self.component for name in names)


class _Rejected(Exception):
    """An event that cannot be read; carries the MR002 detail (Vietnamese, English)."""

    def __init__(self, vi: str, en: str, parse_failure: bool = False):
        super().__init__(en)
        self.vi = vi
        self.en = en
        self.parse_failure = parse_failure


class _Skip(Exception):
    """A parsed VEVENT that is rejected: its UID and the MR002 detail."""

    def __init__(self, uid: str, why: _Rejected):
        super().__init__(why.en)
        self.uid = uid
        self.why = why


class _FileReader:
    """Reads one stream; holds its per-file state (zone cache, diagnostics, counts)."""

    def __init__(
        self, origin: str, policy: Policy, window: Window, calendar: str, workers: int | None = None
    ):
        self.workers = workers
        self.blocks: list[EventBlock] = []
        self.headers: list[tuple[str, dt.tzinfo | None]] = []
        self._met: list[str] | None = None  # unresolved TZIDs of the VEVENT being read
        self.origin = origin
        self.policy = policy
        self.tz = policy.timezone
        self.window = Window(window.start.astimezone(self.tz), window.end.astimezone(self.tz))
        self.calendar = calendar
        self.findings: list[Finding] = []
        self.events: list[EventData] = []
        self.rejected = 0
        self.outside = 0
        self.unknown_zones: set[str] = set()
        self.online_properties = tuple(p.upper() for p in policy.online_properties)
        self.url_hosts = tuple(h.lower() for h in policy.online_url_hosts)
        self.resolver: ZoneResolver | None = None
        self.seen_lines: dict = {}  # how each short content line was read (lines.split)
        # An online property the plain path reads itself would be looked up in the icalendar component.
        self.plain_path = PLAIN_PATH and not lines.PLAIN.intersection(self.online_properties)
        self.series_cap = policy.limit("occurrences_per_series")
        self.file_budget = policy.limit("occurrences_per_file")
        self.expanded = 0  # occurrences computed for this file (in the window or not)
        self.over_budget: list[_Prepared] = []  # series not expanded: the file's budget was spent

    # -- the file ------------------------------------------------------------------------
    def read(self, data: bytes) -> ReadResult:
        decoded = decode(data)
        found = scan(decoded.text, frozenset(self.online_properties),
                     line_limit=self.policy.limit("content_line_chars"))
        if not found.events:
            if not found.saw_component:
                self.findings.append(
                    diagnostic(
                        "MR001", self.origin,
                        ("không có dữ liệu iCalendar (không có dòng BEGIN:)",
                         "no iCalendar data (no BEGIN: line)"),
                    )
                )
            return self._result(0)
        if decoded.note:
            self.findings.append(diagnostic("MR006", self.origin, decoded.note))
        self.resolver = ZoneResolver(found.timezones)
        self.headers = [self._header(found, i) for i in range(len(found.calendars))]
        self.blocks = found.events
        workers = parallel.workers_for(len(found.events), self.workers)
        # Series are read here (their components are needed here) while workers read the rest.
        outcomes = parallel.map_blocks(self.read_block, found.events, workers, _in_series)
        if outcomes is None:
            outcomes = [self.read_block(block) for block in found.events]
        prepared: list[_Outcome] = []
        failures: list[tuple[EventBlock, _Rejected]] = []
        skipped = 0
        for block, outcome in zip(found.events, outcomes):
            for tzid in outcome.zones:
                self._unknown_zone(tzid, outcome.uid, block.line)
            if outcome.failure is not None:
                failures.append((block, _Rejected(*outcome.failure)))
            elif outcome.refused is not None:
                self._reject(block, outcome.uid, _Rejected(*outcome.refused))
                skipped += 1
            else:
                prepared.append(outcome)
        if failures and not prepared and not skipped:
            block, why = failures[0]
            self.findings.append(
                diagnostic("MR001", self.origin, (f"dòng {block.line}: {why.vi}", f"line {block.line}: {why.en}"))
            )
            self.rejected += len(failures)
        else:
            for block, why in failures:
                self._reject(block, block.raw_uid, why)
        self._occurrences(prepared)
        if self.over_budget:
            self._reject_over_budget()
        return self._result(len(found.events))

    def _reject_over_budget(self) -> None:
        """Series left unexpanded once the file's budget was spent: rejected, said once."""
        budget = self.file_budget
        components = {p.index: p for p in self.over_budget}
        self.rejected += len(components)
        first = self.over_budget[0]
        self.findings.append(diagnostic(
            "MR002", self.origin,
            (f"{len(components)} chuỗi lặp (từ dòng {first.line}, UID {first.uid}) không được tính: "
             f"đã hết giới hạn {budget} lần lặp của tệp (limits.occurrences_per_file)",
             f"{len(components)} recurring series (from line {first.line}, UID {first.uid}) were not expanded: "
             f"the file's budget of {budget} occurrences is spent (limits.occurrences_per_file)"),
            first.uid, first.line, limit=budget))

    def _result(self, read: int) -> ReadResult:
        intake = Intake(read, self.rejected, self.outside, tuple(self.findings), (self.origin,))
        return ReadResult(tuple(self.events), intake)

    def _reject(self, block: EventBlock, uid: str, why: _Rejected) -> None:
        self.rejected += 1
        where_vi = f"{self.origin}, dòng {block.line}" + (f", UID {uid}" if uid else "")
        where_en = f"{self.origin}, line {block.line}" + (f", UID {uid}" if uid else "")
        self.findings.append(
            diagnostic("MR002", self.origin, (f"{where_vi}: {why.vi}", f"{where_en}: {why.en}"), uid, block.line)
        )

    def _header(self, found: Scan, index: int) -> tuple[str, dt.tzinfo | None]:
        """The calendar name and X-WR-TIMEZONE zone of the ``index``-th VCALENDAR."""
        name, zone = "", None
        for line in lines.unfold(found.calendars[index].lines):
            try:
                prop, _params, value = Contentline(line).parts()
                text = props.unescape(value).strip()
            except Exception:  # noqa: BLE001 - a broken calendar property is ignored
                continue
            if prop.upper() == "X-WR-CALNAME" and not name:
                name = text
            elif prop.upper() == "X-WR-TIMEZONE" and zone is None and text:
                zone = self._zone(text, "", None)
        return name, zone

    # -- one VEVENT ----------------------------------------------------------------------
    def read_block(self, block: EventBlock) -> _Outcome:
        """Read one VEVENT on its own; touches no per-file state but the zone cache."""
        outcome = _Outcome(block.index, block.line)
        self._met = outcome.zones
        try:
            component, outcome.uid, outcome.fields, times = self._prepare(block, self.plain_path)
        except _Rejected as why:
            outcome.failure = (why.vi, why.en)
            return outcome
        except _Skip as skip:
            outcome.uid = skip.uid
            outcome.refused = (skip.why.vi, skip.why.en)
            return outcome
        finally:
            self._met = None
        outcome.component = component
        outcome.recurring = component is not None and any(name in component for name in _RECURRING)
        if not outcome.recurring:
            try:
                start, end, all_day = self._single_span(*(times or self._times(component)))
                if self.window.contains(start):
                    outcome.single = self._event(outcome, start, end, all_day, None, False)
            except Exception as exc:  # noqa: BLE001 - raised again where the serial reader met it
                outcome.single_error = exc
        return outcome

    def _prepare(self, block: EventBlock, plain: bool = False) -> tuple[Any, str, dict[str, Any], tuple | None]:
        """``(component, uid, fields, times)`` of one VEVENT, or :class:`_Rejected` / :class:`_Skip`.

        With ``plain``, a single event that :meth:`_plain` can read comes back without an
        icalendar component (``None``) and with its ``times`` (DTSTART, DTEND, DURATION values);
        every other event is parsed by icalendar (``times`` is then ``None``).
        """
        if not block.closed:
            raise _Rejected("VEVENT không có dòng END:VEVENT", "VEVENT has no END:VEVENT line", True)
        if block.too_long is not None:
            name, budget = block.too_long
            raise _Rejected(
                f"dòng {name} dài hơn giới hạn {budget} ký tự (limits.content_line_chars)",
                f"the {name} line is longer than the budget of {budget} characters (limits.content_line_chars)")
        depth = self.policy.limit("nesting_depth")
        if block.depth > depth:
            raise _Rejected(
                f"các thành phần lồng nhau {block.depth} mức, quá giới hạn {depth} (limits.nesting_depth)",
                f"components are nested {block.depth} deep, over the budget of {depth} (limits.nesting_depth)")
        calname, wr_zone = self.headers[block.calendar] if block.calendar >= 0 else ("", None)
        try:
            kept, fast, order = lines.split(block.lines, self.seen_lines)
        except Exception as exc:  # noqa: BLE001 - icalendar errors never leak
            raise _Rejected(f"không đọc được ({exc})", f"could not be parsed ({exc})", True) from exc
        if plain and wr_zone is None:
            read = self._plain(block, kept, fast, order)
            if read is not None:
                uid, fields, times = read
                fields["calendar"] = self.calendar or calname
                return None, uid, fields, times
        try:
            component = icalendar.Event.from_ical("\n".join(kept) + "\n")
        except Exception as exc:  # noqa: BLE001 - icalendar errors never leak
            raise _Rejected(f"không đọc được ({exc})", f"could not be parsed ({exc})", True) from exc
        uid = props.text(component.get("UID")) or block.raw_uid
        try:
            notices = self._errors(component)
            self._check_single_valued(component)
            if "DTSTART" not in component:
                raise _Rejected("không có DTSTART", "no DTSTART")
            self._fix_zones(component, uid, block.line)
            if wr_zone is not None:
                component = x_wr_timezone.UTCChangingWalker(wr_zone).walk_event(component)
            self._check_times(component)

            def get(name: str) -> list:
                return fast[name] if name in fast else props.many(component.get(name))

            keys = dict.fromkeys(order)
            keys.update(dict.fromkeys(key.upper() for key in component.keys()))
            fields = self._fields(get, keys, uid, notices)
        except _Rejected as why:
            raise _Skip(uid, why) from None
        except Exception as exc:  # noqa: BLE001 - icalendar errors never leak
            raise _Skip(uid, _Rejected(f"dữ liệu hỏng ({exc})", f"broken data ({exc})")) from None
        fields["calendar"] = self.calendar or calname
        return component, uid, fields, None

    def _plain(
        self, block: EventBlock, kept: list[str], fast: dict[str, list], order: list[str]
    ) -> tuple[str, dict[str, Any], tuple] | None:
        """A single event read without icalendar, or ``None`` to let icalendar read it.

        Only when the result is certainly the icalendar path's: every line plain
        (:func:`connectors.ics.lines.timing`), no recurrence, DTSTART and DTEND (or DURATION)
        a DATE, a UTC or floating DATE-TIME, or a DATE-TIME with a TZID this file's resolver
        knows, of one type, the end not before the start. Anything else — an unknown zone
        (MR007), a refusal, a notice, a repair — is the icalendar path's to say.
        """
        found = lines.timing(kept)
        if found is None or "DTSTART" not in found or ("DTEND" in found and "DURATION" in found):
            return None
        if "SEQUENCE" in found and not lines.sequence(found["SEQUENCE"][2]):
            return None
        start = self._plain_moment(*found["DTSTART"])
        if start is None:
            return None
        end = duration = None
        if "DTEND" in found:
            end = self._plain_moment(*found["DTEND"])
            if end is None or isinstance(end[0], dt.datetime) != isinstance(start[0], dt.datetime):
                return None
        elif "DURATION" in found:
            duration = lines.duration(found["DURATION"][2])
            if duration is None:
                return None
        # Zones last: a TZID is looked up (and a file's VTIMEZONE built) only where the
        # icalendar path would look it up too, so that both leave icalendar in the same state.
        start = self._zoned(*start)
        if start is None:
            return None
        if end is not None:
            end = self._zoned(*end)
            if end is None:
                return None
            if isinstance(start, dt.datetime) and start.tzinfo is not None and end.tzinfo is None:
                end = end.replace(tzinfo=start.tzinfo)  # as _check_times: read in the start's zone
            try:
                if self._aware(end) < self._aware(start):
                    return None
            except Exception:  # noqa: BLE001 - whatever it is, the icalendar path says it
                return None
        uid = (lines.text(found["UID"][2]).strip() if "UID" in found else "") or block.raw_uid
        read: dict[str, list] = {}  # what icalendar would have read of these lines
        if "STATUS" in found:
            read["STATUS"] = [lines.text(found["STATUS"][2])]
        if "CATEGORIES" in found:
            read["CATEGORIES"] = lines.categories(found["CATEGORIES"][2])

        def get(name: str) -> list:
            return fast[name] if name in fast else read.get(name, [])

        return uid, self._fields(get, order, uid, []), (start, end, duration)

    @staticmethod
    def _plain_moment(tzid: str | None, value_type: str | None, raw: str) -> tuple[dt.date, str | None] | None:
        """A DTSTART or DTEND value of the plain path (:meth:`_plain`) and its TZID, or ``None``."""
        moment = lines.moment(raw, value_type)
        if moment is None:
            return None
        if tzid is not None and (type(moment) is not dt.datetime or moment.tzinfo is not None or not tzid.isprintable()):
            return None  # a DATE or a UTC time with a TZID: the icalendar path
        return moment, tzid

    def _zoned(self, moment: dt.date, tzid: str | None) -> dt.date | None:
        """``moment`` in the zone its TZID names, or ``None`` if this file's resolver does not know it."""
        if tzid is None:
            return moment
        zone = self.resolver.resolve(tzid) if self.resolver is not None else None
        return None if zone is None else moment.replace(tzinfo=zone)

    def _prepared(self, outcome: _Outcome) -> _Prepared:
        """The outcome with its icalendar component (parsed again if a worker read it)."""
        block = self.blocks[outcome.index]
        component = outcome.component
        if component is None:
            self._met = []  # its zones were reported when the worker's outcome was
            try:
                component = self._prepare(block)[0]  # icalendar: the series needs the component
            finally:
                self._met = None
        return _Prepared(block, component, outcome.uid, outcome.fields)

    def _errors(self, component) -> list[Notice]:
        notices = []
        for name, message in component.errors:
            if name is None or name.upper() in _TIMING:
                raise _Rejected(
                    f"{name or 'một dòng'} không đọc được ({message})",
                    f"{name or 'a line'} cannot be parsed ({message})",
                )
            if name.upper() in ("SUMMARY", "DESCRIPTION", "LOCATION"):
                note = ("đã dùng nguyên văn", "its raw text was used")
            else:
                component.pop(name, None)
                note = ("đã bỏ qua", "it was ignored")
            notices.append(
                catalog.rule("MR010").notice(
                    f"Thuộc tính {name} không đọc được ({message}); {note[0]}.",
                    f"Property {name} cannot be parsed ({message}); {note[1]}.",
                )
            )
        return notices

    @staticmethod
    def _check_single_valued(component) -> None:
        for name in _SINGLE:
            if isinstance(component.get(name), list):
                raise _Rejected(f"{name} xuất hiện nhiều lần", f"{name} appears more than once")

    def _zone(self, tzid: str, uid: str, line: int | None) -> dt.tzinfo:
        zone = self.resolver.resolve(tzid) if self.resolver else None
        if zone is None:
            if self._met is None:
                self._unknown_zone(tzid, uid, line)
            elif tzid not in self._met:
                self._met.append(tzid)
            return self.tz
        return zone

    def _unknown_zone(self, tzid: str, uid: str, line: int | None) -> None:
        """MR007, once per file and TZID."""
        if tzid not in self.unknown_zones:
            self.unknown_zones.add(tzid)
            self.findings.append(diagnostic("MR007", self.origin, tzid, uid, line, limit=self.tz.key))

    def _fix_zones(self, component, uid: str, line: int) -> None:
        """Give every TZID'd time the zone this file means (policy zone + MR007 if unknown)."""
        for name in _ZONED:
            value = component.get(name)
            if value is None:
                continue
            for prop in value if isinstance(value, list) else (value,):
                outer = prop.params.get("TZID") if hasattr(prop, "params") else None
                for item in getattr(prop, "dts", None) or (prop,):
                    tzid = item.params.get("TZID") or outer
                    if not tzid:
                        continue
                    moment = item.dt
                    if isinstance(moment, tuple):
                        zone = self._zone(tzid, uid, line)
                        item.dt = tuple(props.with_zone(m, zone) for m in moment)
                    elif isinstance(moment, dt.datetime):
                        zone = self._zone(tzid, uid, line)
                        if moment.tzinfo is not zone:
                            item.dt = moment.replace(tzinfo=zone)

    def _check_times(self, component) -> None:
        start = component["DTSTART"].dt
        if not isinstance(start, dt.date):
            raise _Rejected("DTSTART không phải ngày giờ", "DTSTART is not a date or date-time")
        if "DTEND" in component:
            end = component["DTEND"].dt
            if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
                if start.tzinfo is not None and end.tzinfo is None:
                    # A floating DTEND after a zoned DTSTART is read in the start's zone.
                    end = component["DTEND"].dt = end.replace(tzinfo=start.tzinfo)
            if not isinstance(end, dt.date) or isinstance(end, dt.datetime) != isinstance(start, dt.datetime):
                raise _Rejected(
                    "DTSTART và DTEND khác kiểu (ngày / ngày giờ)",
                    "DTSTART and DTEND are of different types (date / date-time)",
                )
            if self._aware(end) < self._aware(start):
                raise _Rejected(
                    f"DTEND ({end.isoformat()}) trước DTSTART ({start.isoformat()})",
                    f"DTEND ({end.isoformat()}) is before DTSTART ({start.isoformat()})",
                )
        elif "DURATION" in component:
            duration = component["DURATION"].dt
            if not isinstance(duration, dt.timedelta) or duration < dt.timedelta(0):
                raise _Rejected("DURATION âm hoặc không hợp lệ", "DURATION is negative or invalid")

    def _fields(self, many, keys, uid: str, notices: list[Notice]) -> dict[str, Any]:
        """The strings of an event; ``many(NAME)`` lists a property's values (read by
        :mod:`connectors.ics.lines` or icalendar), ``keys`` are its property names in order."""
        properties: dict[str, str] = {}
        online: list[str] = []
        for upper in keys:
            if upper.startswith(_X_PREFIX):
                values = many(upper)
                if values:
                    properties[upper[len(_X_PREFIX):]] = "\n".join(props.x_text(v) for v in values)
        for name in self.online_properties:
            for value in many(name):
                text = props.x_text(value) if name.startswith("X-") else str(value).strip()
                if text.upper() not in _FALSE:
                    online.append(f"{name}:{text}")
        for value in many("URL"):
            url = str(value).strip()
            host = (urlsplit(url).hostname or "").lower()
            if host and any(host == h or host.endswith("." + h) or h in host for h in self.url_hosts):
                online.append(f"URL:{url}")
        categories = [
            text
            for value in many("CATEGORIES")
            for item in (getattr(value, "cats", None) or [value])
            if (text := str(item).strip())
        ]
        status = props.text(many("STATUS")).upper()
        return {
            "uid": uid,
            "summary": props.text(many("SUMMARY")),
            "description": props.text(many("DESCRIPTION")),
            "location": props.text(many("LOCATION")),
            "categories": tuple(categories),
            "properties": properties,
            "online_signals": tuple(dict.fromkeys(online)),
            "organizer": next((w for w in map(props.who, many("ORGANIZER")) if w), ""),
            "attendees": tuple(w for w in map(props.who, many("ATTENDEE")) if w),
            "status": props.STATUS.get(status, Status.CONFIRMED),
            "related_to": props.text(many("RELATED-TO")),
            "notices": tuple(notices),
        }

    # -- times ---------------------------------------------------------------------------
    def _aware(self, value: dt.date) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=self.tz) if value.tzinfo is None else value
        return dt.datetime(value.year, value.month, value.day, tzinfo=self.tz)

    def _span(self, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime, bool]:
        """Start, end (in the policy zone) and all-day flag of an occurrence."""
        if isinstance(start, dt.datetime):
            first = self._aware(start).astimezone(self.tz)
            last = self._aware(end).astimezone(self.tz) if isinstance(end, dt.datetime) else first
            return first, max(first, last), False
        first = self._aware(start)
        last = self._aware(end) if isinstance(end, dt.date) else first
        if last <= first:  # DTEND equal to DTSTART on a DATE event: one day (as RFC 5545 §3.6.1)
            last = first + dt.timedelta(days=1)
        return first, last, True

    @staticmethod
    def _times(component) -> tuple:
        """DTSTART, DTEND and DURATION values of a single event's component (``None`` if absent)."""
        end = component["DTEND"].dt if "DTEND" in component else None
        duration = component["DURATION"].dt if "DURATION" in component else None
        return component["DTSTART"].dt, end, duration

    def _single_span(self, start, end, duration) -> tuple[dt.datetime, dt.datetime, bool]:
        if end is None and duration is not None:
            timed = isinstance(start, dt.datetime) or not duration.seconds
            end = (start if timed else self._aware(start)) + duration
        elif end is None:
            end = start if isinstance(start, dt.datetime) else start + dt.timedelta(days=1)
        return self._span(start, end)

    def _iso(self, value: dt.date) -> str:
        if isinstance(value, dt.datetime):
            return self._aware(value).astimezone(self.tz).isoformat()
        return value.isoformat()

    # -- occurrences ---------------------------------------------------------------------
    def _occurrences(self, prepared: list[_Outcome]) -> None:
        recurring_uids = {p.uid for p in prepared if p.uid and p.recurring}
        groups: dict[str, list[_Outcome]] = {}
        for p in prepared:
            if p.uid in recurring_uids:
                groups.setdefault(p.uid, []).append(p)
        done: set[str] = set()
        for p in prepared:
            if p.uid in recurring_uids:
                if p.uid not in done:
                    done.add(p.uid)
                    self._series([self._prepared(q) for q in groups[p.uid]])
            elif p.recurring:
                self._series([self._prepared(p)])  # a series without UID
            else:
                self._single(p)

    def _single(self, p: _Outcome) -> None:
        if p.single_error is not None:
            # A time that cannot be represented (year 9999 in local time, year 1 …) rejects this event only.
            block = self.blocks[p.index]
            value = props.raw_value(block, "DTSTART")
            error = f"{type(p.single_error).__name__}: {p.single_error}"
            self._reject(block, p.uid, _Rejected(
                f"thời gian DTSTART {value} không biểu diễn được ({error})",
                f"the time DTSTART {value} cannot be represented ({error})",
            ))
            return
        if p.single is None:
            self.outside += 1
            return
        self.events.append(p.single)

    def _event(self, p, start, end, all_day, recurrence_id, recurring) -> EventData:
        fields = dict(p.fields)
        calendar = fields.pop("calendar")
        fields["properties"] = dict(fields["properties"])
        source = SourceRef(self.origin, p.uid, recurrence_id, p.line, calendar, p.index)
        return EventData(
            start=start, end=end, all_day=all_day, recurring=recurring, source=source, **fields
        )

    def _series(self, group: list[_Prepared]) -> None:
        if self.expanded >= self.file_budget:
            self.over_budget.extend(group)
            return
        masters = [p for p in group if "RECURRENCE-ID" not in p.component]
        unbounded = [p for p in masters if any(props.unbounded(r) for r in props.many(p.component.get("RRULE")))]
        capped = [p for p in masters if self._guard(p)]
        recurring = any(p.has("RRULE", "RDATE", "RECURRENCE-ID") for p in group)
        span_start = self.window.start
        for p in capped:
            span_start = min(span_start, self._aware(p.component["DTSTART"].dt))
        horizon = self._horizon(group, masters) if not capped else self.window.end
        kept: list[EventData] = []
        last_seen: dt.datetime | None = None
        cut = bool(capped)
        spent = False  # the file's occurrence budget ran out inside this series
        try:
            series = expand.PreparedSeries([expand.Adapter(p) for p in group])
            for occurrence in series.between(span_start, horizon):
                self.expanded += 1
                if self.expanded > self.file_budget:
                    spent = True
                    break
                start, end, all_day = self._span(occurrence.start, occurrence.end)
                last_seen = start if last_seen is None else max(last_seen, start)
                if not self.window.contains(start):
                    continue
                if len(kept) >= self.series_cap:
                    cut = True
                    break
                prepared = occurrence.adapter.prepared
                recurrence = prepared.component.get("RECURRENCE-ID")
                rid = self._iso(recurrence.dt if recurrence is not None else occurrence.start)
                kept.append(self._event(prepared, start, end, all_day, rid, recurring))
        except Exception as exc:  # noqa: BLE001 - recurring-ical-events/dateutil errors never leak
            value = props.raw_value(group[0].block, "DTSTART")
            why = _Rejected(
                f"không tính được chuỗi lặp từ DTSTART {value} ({type(exc).__name__}: {exc})",
                f"the recurrence from DTSTART {value} cannot be computed ({type(exc).__name__}: {exc})",
            )
            for p in group:
                self._reject(p.block, p.uid, why)
            return
        kept.sort(key=lambda e: (e.start, e.source.component))
        self.events.extend(kept)
        produced = {e.source.component for e in kept}
        self.outside += sum(1 for p in group if p.index not in produced)
        first = (masters or group)[0]
        if spent:
            upto = max(e.start for e in kept) if kept else last_seen
            upto_text = (upto or self.window.start).isoformat()
            budget = self.file_budget
            self.findings.append(attrs.evolve(
                diagnostic(
                    "MR004", self.origin,
                    (f"{upto_text} (hết giới hạn {budget} lần lặp của cả tệp, limits.occurrences_per_file)",
                     f"{upto_text} (the file's budget of {budget} occurrences is spent, limits.occurrences_per_file)"),
                    first.uid, first.block.line, limit=budget,
                ), severity=Severity.WARNING))
        elif cut:
            upto = max(e.start for e in kept) if kept else last_seen
            upto_text = (upto or self.window.start).isoformat()
            cap = self.series_cap
            self.findings.append(
                diagnostic(
                    "MR004", self.origin,
                    (f"{upto_text} (giới hạn {cap} lần, limits.occurrences_per_series)",
                     f"{upto_text} (a cap of {cap} occurrences, limits.occurrences_per_series)"),
                    first.uid, first.block.line, limit=cap,
                )
            )
        elif unbounded and self._aware(unbounded[0].component["DTSTART"].dt) < horizon:
            self.findings.append(
                diagnostic(
                    "MR004", self.origin, horizon.isoformat(), first.uid, first.block.line
                )
            )

    def _horizon(self, group: list[_Prepared], masters: list[_Prepared]) -> dt.datetime:
        """How far to expand: the window's end, or sooner where the series cap is surely met.

        recurring-ical-events lists every occurrence up to the end asked for, so an unbounded
        daily rule over a window of centuries would cost millions of steps before the cap
        is applied. A rule yields at least one occurrence per period in practice, so twice
        ``cap`` periods after the later of DTSTART and the window's start is enough (COUNT
        and UNTIL shorten it); RDATEs and moved occurrences are always reached.
        """
        end = self.window.start
        try:
            for p in group:
                for moment in props.dates(p.component, "RDATE") + [p.component["DTSTART"].dt]:
                    end = max(end, self._aware(moment) + dt.timedelta(days=1))
            for p in masters:
                start = max(self.window.start, self._aware(p.component["DTSTART"].dt))
                for rule in props.many(p.component.get("RRULE")):
                    days = props.STEP_DAYS.get(str(props.first(rule.get("FREQ")) or "").upper())
                    if days is None:
                        return self.window.end
                    interval = max(int(props.first(rule.get("INTERVAL")) or 1), 1)
                    count = props.first(rule.get("COUNT"))
                    steps = min(int(count), self.series_cap) if count is not None else self.series_cap
                    reach = start + dt.timedelta(days=days * interval * (steps + 1) * 2)
                    until = props.first(rule.get("UNTIL"))
                    if isinstance(until, dt.date):
                        reach = min(reach, self._aware(until) + dt.timedelta(days=1))
                    end = max(end, reach)
        except (OverflowError, ValueError, TypeError):
            return self.window.end
        return min(end, self.window.end)

    def _guard(self, p: _Prepared) -> bool:
        """Bound a sub-daily RRULE that would produce more than the cap (COUNT=cap)."""
        capped = False
        start = self._aware(p.component["DTSTART"].dt)
        for rule in props.many(p.component.get("RRULE")):
            unit = _SUB_DAILY.get(str(props.first(rule.get("FREQ")) or "").upper())
            if unit is None:
                continue
            interval = max(int(props.first(rule.get("INTERVAL")) or 1), 1)
            horizon = self.window.end
            until = props.first(rule.get("UNTIL"))
            if isinstance(until, dt.date):
                horizon = min(horizon, self._aware(until))
            estimate = (horizon - start).total_seconds() / (unit * interval)
            count = props.first(rule.get("COUNT"))
            if count is not None:
                estimate = min(estimate, int(count))
            if estimate > self.series_cap:
                rule["COUNT"] = [self.series_cap]
                rule.pop("UNTIL", None)
                capped = True
        return capped
