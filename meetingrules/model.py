"""The domain model: meetings, their classification, agendas and where they came from.

Everything here is a small frozen value. Two ways in:

* ``Meeting`` — a fully classified meeting occurrence, built directly by a scheduling tool
  that already knows what the meeting is, or by :func:`meetingrules.build_meeting`;
* ``EventData`` — the plain strings and times of one event occurrence as a calendar holds
  it (title, description, properties …). :func:`meetingrules.build_meeting` classifies it,
  so the ICS reader, the CalDAV reader and a tool passing strings get the same answer.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs


class MeetingClass(enum.StrEnum):
    """What a calendar entry is for the plan: a conference, a meeting, or neither."""

    CONFERENCE = "conference"
    MEETING = "meeting"
    NOT_A_MEETING = "not-a-meeting"


_CONFERENCE = MeetingClass.CONFERENCE


class Kind(enum.StrEnum):
    """The kind of a conference (plan II.4.b), which decides its length cap."""

    BRIEFING = "briefing"
    TECHNICAL = "technical"
    IMPORTANT = "important"
    UNCLASSIFIED = "unclassified"


class Scope(enum.StrEnum):
    """Who a conference or meeting is held for."""

    PROVINCE_WIDE = "province-wide"
    SECTOR_WIDE = "sector-wide"
    COMMUNE_WIDE = "commune-wide"
    UNIT = "unit"


class Format(enum.StrEnum):
    """How attendees take part."""

    ONLINE = "online"
    IN_PERSON = "in-person"
    HYBRID = "hybrid"


class Level(enum.StrEnum):
    """The level of government of the organiser."""

    PROVINCE = "province"
    COMMUNE = "commune"


class Status(enum.StrEnum):
    """The event's STATUS (RFC 5545), as far as the regime cares."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class AgendaKind(enum.StrEnum):
    """What an agenda item is (plan II.4.b names openings, contributions and conclusions)."""

    OPENING = "opening"
    CONTRIBUTION = "contribution"
    REPORT = "report"
    DISCUSSION = "discussion"
    CONCLUSION = "conclusion"
    OTHER = "other"


class Severity(enum.StrEnum):
    """How serious a finding is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@attrs.frozen
class AgendaItem:
    """One item of a conference agenda: a speech, a report, a discussion slot.

    ``minutes`` is the planned length; when the agenda gives clock times it is derived
    from them. ``None`` means the length is unknown, which no speech rule reads as zero.
    """

    kind: AgendaKind
    title: str
    minutes: float | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    speaker: str | None = None
    line: str | None = None


@attrs.frozen
class Waiver:
    """An approved exception to a rule for one meeting; it makes the finding visible as waived."""

    code: str
    reason: str = ""
    by: str = ""
    source: str = "event"


@attrs.frozen
class SourceRef:
    """Where a meeting came from: file or URL, calendar name, UID, recurrence id, line."""

    origin: str = ""
    uid: str = ""
    recurrence_id: str | None = None
    line: int | None = None
    calendar: str = ""
    component: int | None = None  # index of the VEVENT component within ``origin``


@attrs.frozen
class Reason:
    """Why a meeting was given one of its attributes.

    ``source`` is one of ``property``, ``categories``, ``keyword``, ``online-signal``,
    ``calendar``, ``api``, ``default``; ``evidence`` is what was seen, e.g.
    ``SUMMARY: 'quán triệt'`` or ``X-MEETINGRULES-KIND:briefing``.
    """

    attribute: str
    value: str
    source: str
    evidence: str = ""

    def describe(self, lang: str = "vi") -> str:
        """The reason as a sentence in ``lang`` (``vi`` or ``en``)."""
        from meetingrules.i18n import describe_reason

        return describe_reason(self, lang)


@attrs.frozen
class Notice:
    """An input-quality note about one event (unknown property value, ignored agenda line…)."""

    code: str
    message_vi: str
    message_en: str
    severity: Severity = Severity.INFO

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang``."""
        return self.message_en if lang == "en" else self.message_vi


def _tuple(value) -> tuple:
    return tuple(value) if value is not None else ()


@attrs.frozen
class EventData:
    """One event occurrence as a calendar holds it, before classification.

    ``properties`` holds the ``X-MEETINGRULES-*`` properties (name upper-case, without
    the ``X-MEETINGRULES-`` prefix, e.g. ``{"KIND": "briefing"}``); ``online_signals``
    holds what a reader saw that marks an online meeting (``CONFERENCE:https://…``, a
    vendor property name, a meeting URL).
    """

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool = False
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    properties: dict[str, str] = attrs.field(factory=dict, hash=False)
    online_signals: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    organizer: str = ""
    attendees: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    status: Status = Status.CONFIRMED
    related_to: str = ""
    recurring: bool = False
    source: SourceRef = attrs.field(factory=SourceRef)
    notices: tuple[Notice, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Meeting:
    """One classified meeting occurrence: what the rules judge.

    ``start`` and ``end`` are time-zone aware. For an all-day event ``start`` is midnight
    of the first day and ``end`` midnight after the last (as in RFC 5545).
    """

    uid: str
    title: str
    start: dt.datetime
    end: dt.datetime
    meeting_class: MeetingClass = MeetingClass.MEETING
    kind: Kind | None = None
    scope: Scope | None = None
    format: Format | None = None
    level: Level | None = None
    unit: str = ""
    organizer: str = ""
    attendees: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    agenda: tuple[AgendaItem, ...] = attrs.field(default=(), converter=_tuple)
    status: Status = Status.CONFIRMED
    all_day: bool = False
    conference_id: str = ""
    related_to: str = ""
    recurring: bool = False
    topics: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_tuple)
    source: SourceRef = attrs.field(factory=SourceRef)
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_tuple)
    notices: tuple[Notice, ...] = attrs.field(default=(), converter=_tuple)
    #: The end was estimated (a weekly schedule wrote no end): length is judged on sessions.
    end_estimated: bool = False
    #: Another body organises it and the unit only attends: not the unit's own conference.
    organised_by: str = ""

    def __attrs_post_init__(self):
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Meeting start and end must be time-zone aware datetimes")
        if self.end < self.start:
            raise ValueError("Meeting ends before it starts")

    @property
    def is_conference(self) -> bool:
        """True for a conference (hội nghị) of any kind."""
        return self.meeting_class is _CONFERENCE

    @property
    def recurrence_id(self) -> str | None:
        """The occurrence's RECURRENCE-ID, for occurrences of a recurring series."""
        return self.source.recurrence_id

    def reasons_for(self, attribute: str) -> tuple[Reason, ...]:
        """The reasons recorded for one attribute (``kind``, ``format`` …)."""
        return tuple(r for r in self.reasons if r.attribute == attribute)


@attrs.frozen
class Window:
    """The analysis window: occurrences starting in ``[start, end)`` are judged.

    >>> import zoneinfo
    >>> w = Window.year(2026, zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    >>> w.start.isoformat(), w.end.isoformat()
    ('2026-01-01T00:00:00+07:00', '2027-01-01T00:00:00+07:00')
    """

    start: dt.datetime
    end: dt.datetime

    def __attrs_post_init__(self):
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Window bounds must be time-zone aware")
        if self.end <= self.start:
            raise ValueError("Window ends before it starts")

    @classmethod
    def year(cls, year: int, tz: dt.tzinfo) -> Window:
        """The calendar year ``year`` in zone ``tz``."""
        return cls(dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))

    @classmethod
    def dates(cls, first: dt.date, last: dt.date, tz: dt.tzinfo) -> Window:
        """From the start of ``first`` to the end of ``last`` (both included) in ``tz``."""
        return cls(
            dt.datetime.combine(first, dt.time(), tzinfo=tz),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz),
        )

    def contains(self, moment: dt.datetime) -> bool:
        """True when ``moment`` falls in ``[start, end)``."""
        return self.start <= moment < self.end


@attrs.frozen
class Intake:
    """What a reader saw besides the events it hands over, for the accounting of SPEC §7.

    ``read`` counts VEVENT components; ``rejected`` those rejected with a diagnostic;
    ``outside_window`` those that produced no occurrence in the window (excluded).
    The components of the events handed over are counted by the engine from their
    ``SourceRef`` (``origin`` and ``component``). ``findings`` are the reader's
    diagnostics (MR001, MR002, MR004, MR006, MR007), as :class:`~meetingrules.Finding`.
    """

    read: int = 0
    rejected: int = 0
    outside_window: int = 0
    findings: tuple = attrs.field(default=(), converter=_tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


def slot_writer(cls: type, names) -> object:
    """A function ``write(*values)`` making a new ``cls`` (an attrs class of slots) with the
    slots ``names`` set from ``values`` in that order, and nothing else run.

    attrs' ``__init__`` binds keyword arguments and looks each slot up by name; the hot
    paths of a check (a meeting per event, an agenda item per line, a finding per breach)
    make tens of thousands of values whose fields are already converted and checked. The
    code is generated once from the names given (every caller derives them from the class's
    own field list); callers decide when converters, validators and post-init checks may be
    left out, and keep those that matter.
    """
    scope = {"new": object.__new__, "cls": cls}
    lines = [f"def write({', '.join(names)}):", "    made = new(cls)"]
    for name in names:
        scope[f"set_{name}"] = getattr(cls, name).__set__
        lines.append(f"    set_{name}(made, {name})")
    lines.append("    return made")
    exec("\n".join(lines), scope)  # noqa: S102 - code built from the class's own field names
    return scope["write"]

