"""What the server does for a request, in the CLI's own steps (one renderer, two doors).

Every answer is built by the functions the command line uses: the readers
(:func:`connectors.sources.read_upload`), the shared steps (:mod:`connectors.checking`), the engine (:func:`meetingrules.check`,
:class:`meetingrules.Validator`, :func:`meetingrules.report.build_report`) and the renderers
(:func:`connectors.render.json_doc.to_json`, :func:`connectors.render.json_doc.decision_json`,
:func:`connectors.render.render`). This module only maps a request's parameters to
the arguments the CLI would have parsed, so ``POST /api/v1/check`` answers exactly what
``meetingrules check --format json`` prints for the same files.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import SimpleNamespace

import attrs

from meetingrules import CheckResult, Policy, UsageError, Validator, Window, check
from meetingrules.engine import hold_frozen
from meetingrules.report import Period, Report, build_report

from connectors import ics
from connectors.checking import (
    nothing_read,
    reading_window,
    report_reading_window,
    resolve_policy,
    resolve_window,
    validation_windows,
)
from connectors.render.json_doc import decision_json, to_json
from connectors.sources import read_caldav, read_upload
from meetingrules.validate import proposal_window
from meetingrules.validate import reading_window as proposal_reading

#: How long a CalDAV calendar, once read, answers validations before it is read again.
CALDAV_FRESH_SECONDS = 60.0


class NothingRead(UsageError):
    """No event at all could be read from what was sent (the CLI's exit code 2)."""


@attrs.frozen
class Upload:
    """One file sent to the server: the name the client gave (no folders) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def named(cls, name: str | None, data: bytes, fallback: str = ics.STDIN_ORIGIN) -> Upload:
        """An upload under its base name only: a client's folders are not the server's business."""
        base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
        return cls(base or fallback, data)


@attrs.frozen
class Options:
    """The CLI's options of ``check``/``validate``/``report`` as a request gives them."""

    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    lang: str = "vi"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    as_of: dt.date | None = None
    period: str | None = None

    def args(self) -> SimpleNamespace:
        """The namespace the CLI's shared steps read (``year``, ``date_from``, ``date_to``)."""
        return SimpleNamespace(year=self.year, date_from=self.date_from, date_to=self.date_to)


def read_uploads(uploads: Sequence[Upload], policy: Policy, window: Window, year: int | None = None) -> ics.ReadResult:
    """Read every upload as ``check`` reads its PATHs (in order, merged): calendars, Google
    Takeout zips and weekly schedules alike (:func:`connectors.sources.read_upload`)."""
    return ics.ReadResult.merge(read_upload(u.data, u.name, policy, window, year=year) for u in uploads)


def _as_of(options: Options, policy: Policy) -> dt.date:
    return options.as_of or dt.datetime.now(policy.timezone).date()


def _nothing(read: ics.ReadResult, lang: str) -> None:
    if nothing_read(read.intake):
        detail = " ".join(f.message(lang) for f in read.intake.findings)
        raise NothingRead(f"Không đọc được sự kiện nào. {detail}".strip(), f"Nothing could be read at all. {detail}".strip())


def run_check(uploads: Sequence[Upload], options: Options, policy: Policy) -> CheckResult:
    """``meetingrules check`` on ``uploads``: the CheckResult its JSON is rendered from."""
    if not uploads:
        raise UsageError("Cần ít nhất một tệp lịch (trường 'file').", "Send at least one calendar file (field 'file').")
    as_of = _as_of(options, policy)
    window = resolve_window(options.args(), policy, as_of)
    read = read_uploads(uploads, policy, reading_window(window, policy), options.year)
    _nothing(read, options.lang)
    return check(read.events, policy, window=window, as_of=as_of, intake=read.intake, select=options.select,
                 ignore=options.ignore)


def check_json(result: CheckResult, lang: str) -> str:
    """The JSON text of ``check --format json`` (the CLI's renderer)."""
    return to_json(result, lang)


def run_report(uploads: Sequence[Upload], options: Options, policy: Policy) -> Report:
    """``meetingrules report --period P`` on ``uploads``."""
    if not uploads:
        raise UsageError("Cần ít nhất một tệp lịch (trường 'file').", "Send at least one calendar file (field 'file').")
    if not options.period:
        raise UsageError("Cần kỳ báo cáo (period: 2026, 2026-H1 hoặc 2026-H2).",
                         "Give the report period (period: 2026, 2026-H1 or 2026-H2).")
    period = Period.parse(options.period, policy.period_mode)
    as_of = _as_of(options, policy)
    read = read_uploads(uploads, policy, report_reading_window(period, policy.timezone))
    _nothing(read, options.lang)
    return build_report(read.events, policy, period, as_of=as_of, intake=read.intake)


def read_proposal(uploads: Sequence[Upload], policy: Policy, as_of: dt.date, lang: str) -> list:
    """The proposed meeting's events, read as ``validate`` reads PROPOSED.ics."""
    if not uploads:
        raise UsageError("Cần cuộc họp đề xuất (trường 'proposal').", "Send the proposed meeting (field 'proposal').")
    read = read_uploads(uploads, policy, proposal_window(policy))
    if nothing_read(read.intake) or not read.events:
        raise NothingRead("Không đọc được cuộc họp đề xuất.", "No proposed meeting could be read.")
    return list(read.events)


# -- registered calendars (--calendar NAME=PATH|URL), each with warm validators -----------------


@attrs.frozen
class Source:
    """A registered calendar: a file or folder of .ics files, or a CalDAV URL."""

    name: str
    location: str

    @classmethod
    def parse(cls, text: str) -> Source:
        """``NAME=PATH`` or ``NAME=URL``."""
        name, sep, location = text.partition("=")
        name, location = name.strip(), location.strip()
        if not sep or not name or not location:
            raise UsageError(f"--calendar cần dạng TÊN=ĐƯỜNG_DẪN hoặc TÊN=URL: '{text}'",
                             f"--calendar takes NAME=PATH or NAME=URL: '{text}'")
        if not all(c.isalnum() or c in "-_." for c in name):
            raise UsageError(f"Tên lịch chỉ gồm chữ, số, '-', '_', '.': '{name}'",
                             f"A calendar name holds letters, digits, '-', '_', '.' only: '{name}'")
        return cls(name, location)

    @property
    def is_caldav(self) -> bool:
        """Whether the calendar is read from a CalDAV server."""
        return self.location.startswith(("http://", "https://"))

    def files(self) -> list[Path]:
        """The .ics files of a file or folder calendar, in the reader's order."""
        path = Path(self.location)
        if path.is_dir():
            return sorted((p for p in path.rglob("*.ics")), key=lambda p: p.relative_to(path).parts)
        return [path]

    def stamp(self) -> tuple:
        """What changes when the calendar's files change (size and modification time)."""
        stamp = []
        for file in self.files():
            try:
                st = file.stat()
                stamp.append((str(file), st.st_size, st.st_mtime_ns))
            except OSError:
                stamp.append((str(file), None, None))
        return tuple(stamp)

    def read(self, policy: Policy, window: Window, lang: str) -> ics.ReadResult:
        """Read the calendar over ``window``; files are named relative to the registered folder.

        The server's own paths never appear in an answer: a file is named as the CLI names it
        when run from the folder that holds the registered path.
        """
        if self.is_caldav:
            args = SimpleNamespace(caldav=self.location, username=None, insecure=False, timeout=30.0, state=None)
            read, _ = read_caldav(args, policy, window, lang)
            return read
        path = Path(self.location)
        base = path.parent
        results = []
        for file in self.files():
            try:
                data = file.read_bytes()
            except OSError:
                results.append(ics.read_bytes(b"", file.name, policy, window))
                continue
            results.append(ics.read_bytes(data, file.relative_to(base).as_posix(), policy, window))
        return ics.ReadResult.merge(results)


class Calendars:
    """The registered calendars and, for each, validators kept warm between requests.

    A validator holds the calendar read and checked once for one window and one set of
    options; it is reused until the files change (or, for CalDAV, for a minute).
    """

    def __init__(self, sources: Iterable[Source], policy: Policy):
        self.sources = {s.name: s for s in sources}
        self.policy = policy
        self._lock = threading.Lock()
        self._warm: dict[tuple, tuple[tuple, float, Validator, threading.Lock]] = {}
        self._building: dict[tuple, threading.Lock] = {}

    def names(self) -> list[str]:
        """The registered names, sorted."""
        return sorted(self.sources)

    def source(self, name: str) -> Source:
        """The calendar registered as ``name`` (a LookupError names the known ones)."""
        if name not in self.sources:
            raise UnknownCalendar(
                f"Không có lịch '{name}' trên máy chủ (có: {', '.join(self.names()) or 'không có'}).",
                f"No calendar '{name}' on this server (known: {', '.join(self.names()) or 'none'}).",
            )
        return self.sources[name]

    def validator(self, name: str, window: Window | None, reading: Window, as_of: dt.date,
                  options: Options) -> tuple[Validator, threading.Lock]:
        """A warm validator of calendar ``name`` read over ``reading`` and judging ``window``
        (``None``: every year a proposal touches), read and checked on first use."""
        source = self.source(name)
        key = (name, window, reading, as_of, options.select, options.ignore)
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        # One reader per calendar and window: a request arriving while the start-up warming
        # (or another request) reads the calendar waits for it instead of reading it again.
        with building:
            stamp = () if source.is_caldav else source.stamp()
            with self._lock:
                entry = self._warm.get(key)
            fresh = not source.is_caldav or (entry and time.monotonic() - entry[1] < CALDAV_FRESH_SECONDS)
            if entry and entry[0] == stamp and fresh:
                return entry[2], entry[3]
            existing = source.read(self.policy, reading, options.lang)
            validator = Validator(existing.events, self.policy, window=window, as_of=as_of, select=options.select,
                                  ignore=options.ignore, intake=existing.intake)
            # Check the calendar now, once, not in the first proposal's time.
            validator.baseline(window or Window(Window.year(reading.end.year - 1, self.policy.timezone).start, reading.end))
            # The warm calendar lives as long as the server: keep the garbage collector from
            # walking its hundreds of thousands of objects again in every later request.
            gc.collect()
            hold_frozen()
            lock = threading.Lock()
            with self._lock:
                for stale in [k for k in self._warm if k[0] == name and k[2] != as_of]:  # yesterday's checks
                    del self._warm[stale]
                    self._building.pop(stale, None)
                self._warm[key] = (stamp, time.monotonic(), validator, lock)
            return validator, lock

    def warm(self, as_of: dt.date | None = None) -> None:
        """Read and check every file calendar for this year now, before the first proposal."""
        as_of = as_of or dt.datetime.now(self.policy.timezone).date()
        reading = proposal_reading([Window.year(as_of.year, self.policy.timezone)], self.policy)
        for name, source in self.sources.items():
            if not source.is_caldav:
                self.validator(name, None, reading, as_of, Options())


class UnknownCalendar(UsageError, LookupError):
    """A ``calendar=NAME`` that the server was not started with."""


def run_validate(
    proposal: Sequence[Upload],
    options: Options,
    policy: Policy,
    *,
    calendar: str | None = None,
    calendar_files: Sequence[Upload] = (),
    calendars: Calendars | None = None,
):
    """``meetingrules validate``: the Decision for ``proposal`` against a registered calendar or uploaded ones."""
    as_of = _as_of(options, policy)
    events = read_proposal(proposal, policy, as_of, options.lang)
    window, reading = validation_windows(options.args(), policy, as_of, events)
    if calendar and calendar_files:
        raise UsageError("Dùng calendar=TÊN hoặc gửi tệp lịch, không dùng cả hai.",
                         "Use calendar=NAME or send calendar files, not both.")
    if calendar:
        if calendars is None:
            raise UnknownCalendar(f"Không có lịch '{calendar}' trên máy chủ.", f"No calendar '{calendar}' on this server.")
        validator, lock = calendars.validator(calendar, window, reading, as_of, options)
        with lock:
            return validator.validate(events)
    if not calendar_files:
        raise UsageError("Cần lịch hiện có: calendar=TÊN hoặc các phần 'calendar'.",
                         "Give the existing calendar: calendar=NAME or 'calendar' parts.")
    existing = read_uploads(calendar_files, policy, reading)
    validator = Validator(existing.events, policy, window=window, as_of=as_of, select=options.select,
                          ignore=options.ignore, intake=existing.intake)
    return validator.validate(events)


def validate_json(decision, lang: str) -> str:
    """The JSON text of ``validate --format json`` (the CLI's renderer)."""
    return json.dumps(decision_json(decision, lang), ensure_ascii=False, indent=2)


def load_policy_file(path: str | None) -> Policy:
    """The policy the server judges with (``--policy FILE`` over the built-in one)."""
    return resolve_policy(path)
