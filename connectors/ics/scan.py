"""One pass over the raw text of a calendar file: where each VEVENT and VTIMEZONE stands.

The scan finds every ``BEGIN:VEVENT`` line (its 1-based line number is the event's
``SourceRef.line``), keeps only the properties the reader needs (so icalendar parses less),
and collects each VCALENDAR's own properties and VTIMEZONE blocks. Parsing each VEVENT on
its own means one broken event never takes the rest of the file down.
"""

from __future__ import annotations

import attrs

# Properties of a VEVENT that the reader uses; every other line is left unparsed.
WANTED = frozenset(
    {
        "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
        "SEQUENCE", "STATUS", "SUMMARY", "DESCRIPTION", "LOCATION", "CATEGORIES", "ORGANIZER",
        "ATTENDEE", "RELATED-TO", "URL", "CONFERENCE",
    }
)
_PREFIX = "X-MEETINGRULES-"
_RECURRENCE = frozenset({"RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})
_CALENDAR_WANTED = frozenset({"X-WR-CALNAME", "X-WR-TIMEZONE"})


@attrs.define
class EventBlock:
    """The wanted lines of one VEVENT, its index in the file and the line it begins on."""

    index: int
    line: int
    calendar: int
    lines: list[str] = attrs.field(factory=list)
    raw_uid: str = ""
    closed: bool = False
    too_long: tuple[str, int] | None = None  # (property, characters) of a content line over the budget
    depth: int = 0  # how deep components nest inside it (VALARM: 1)
    recurring: bool = False  # has an RRULE, RDATE, EXDATE or RECURRENCE-ID line

    @property
    def text(self) -> str:
        """The block as iCalendar text."""
        return "\n".join(self.lines) + "\n"


@attrs.define
class CalendarHeader:
    """The properties of one VCALENDAR that matter to the reader (raw content lines)."""

    lines: list[str] = attrs.field(factory=list)


@attrs.define
class Scan:
    """What one pass over a file found."""

    events: list[EventBlock] = attrs.field(factory=list)
    calendars: list[CalendarHeader] = attrs.field(factory=list)
    timezones: dict[str, str] = attrs.field(factory=dict)  # TZID -> VTIMEZONE text
    saw_component: bool = False  # any BEGIN: line at all


def property_name(line: str) -> str:
    """The upper-case name of a content line (text before the first ``;`` or ``:``)."""
    return line.split(";", 1)[0].split(":", 1)[0].strip().upper()


def scan(text: str, extra_wanted: frozenset[str] = frozenset(), *, line_limit: int | None = None) -> Scan:
    """Scan ``text`` (line ends already ``\\n``) once; see the module docstring.

    ``line_limit``: a kept content line longer than this (unfolded) is not kept, and its
    event is marked (``too_long``) so that the reader rejects that event alone.
    """
    wanted = WANTED | extra_wanted
    length = 0  # characters of the kept content line so far (unfolded)
    start = 0  # where that line begins in its event's lines
    dropping = False  # the rest of that line is over the budget: counted, not kept
    result = Scan()
    event: EventBlock | None = None
    nested = 0  # depth of components inside the current VEVENT (VALARM…), which are skipped
    other = 0  # depth inside a component the reader skips (VTODO, VJOURNAL…)
    timezone: list[str] | None = None
    keep = False  # whether the current (possibly folded) property line is kept
    header: CalendarHeader | None = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        if line[0] in " \t":
            if keep:
                if event is not None:
                    length += len(line) - 1
                    if dropping:
                        continue
                    if line_limit is not None and length > line_limit:
                        # Over the budget: drop what was kept of this line; the event is rejected.
                        event.too_long = (property_name(event.lines[start]), line_limit)
                        del event.lines[start:]
                        dropping = True
                        continue
                    event.lines.append(line)
                elif header is not None:
                    header.lines.append(line)
            if timezone is not None:
                timezone.append(line)
            continue
        keep = dropping = False
        head = line[:6].upper()
        if head == "BEGIN:":
            result.saw_component = True
            name = line[6:].strip().upper()
            if name == "VEVENT":
                if event is not None and not event.closed:
                    _close(event, closed=False)
                calendar = len(result.calendars) - 1 if header is not None else -1
                event = EventBlock(len(result.events), number, calendar, [line])
                result.events.append(event)
                nested = 0
            elif event is not None:
                nested += 1
                event.depth = max(event.depth, nested)
            elif name == "VCALENDAR":
                header = CalendarHeader()
                result.calendars.append(header)
                other = 0
            elif name == "VTIMEZONE" and timezone is None:
                timezone = [line]
            elif timezone is not None:
                timezone.append(line)
            else:
                other += 1
            continue
        if head[:4] == "END:":
            name = line[4:].strip().upper()
            if event is not None:
                if nested:
                    nested -= 1
                    continue
                if name == "VEVENT":
                    event.lines.append(line)
                    _close(event, closed=True)
                    event = None
                    continue
                if name == "VCALENDAR":
                    _close(event, closed=False)
                    event = None
                    header = None
                continue
            if timezone is not None:
                timezone.append(line)
                if name == "VTIMEZONE":
                    _add_timezone(result, timezone)
                    timezone = None
                continue
            if name == "VCALENDAR":
                header = None
            elif other:
                other -= 1
            continue
        if event is not None:
            if nested:
                continue
            name = property_name(line)
            if name in wanted or name.startswith(_PREFIX):
                keep = True
                length, start, dropping = len(line), len(event.lines), False
                if line_limit is not None and length > line_limit:
                    event.too_long = (name, line_limit)
                    dropping = True
                    continue
                event.lines.append(line)
                if name == "UID" and not event.raw_uid:
                    event.raw_uid = line.partition(":")[2].strip()
                elif name in _RECURRENCE:
                    event.recurring = True
        elif timezone is not None:
            timezone.append(line)
        elif header is not None and not other and property_name(line) in _CALENDAR_WANTED:
            keep = True
            header.lines.append(line)
    if event is not None and not event.closed:
        _close(event, closed=False)
    return result


def _close(event: EventBlock, closed: bool) -> None:
    event.closed = closed


def _add_timezone(result: Scan, lines: list[str]) -> None:
    for line in lines[1:]:
        if property_name(line) == "TZID":
            tzid = line.partition(":")[2].strip()
            result.timezones.setdefault(tzid, "\n".join(lines) + "\n")
            return
