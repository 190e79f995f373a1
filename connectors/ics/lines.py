"""Reading the plain text properties of a VEVENT without icalendar, where that is safe.

icalendar parses every content line with a character-by-character loop and builds a
``Parameters`` dictionary for it; on a province-year file that is most of the reading time,
and most of it is spent on lines the reader only needs as text (SUMMARY, DESCRIPTION,
LOCATION, ORGANIZER, ATTENDEE, URL, X-…). :func:`split` takes those lines when their syntax is
plain enough that the result is certainly what icalendar would give — a name, simple
parameters (no ``VALUE``, no backslash, caret or percent escapes, no blank next to a
delimiter), a colon — and leaves every other line, and every line of a property that has
one such other line, to icalendar. Values are unescaped with icalendar's own function, as
icalendar does for TEXT, URI and CAL-ADDRESS values; X- values are kept raw, as icalendar
keeps unknown properties. Timing properties (DTSTART, RRULE …) go to icalendar, except in
the plain case that :func:`timing` reads: a single event whose every remaining line is a
plain UID, DTSTART, DTEND, DURATION, SEQUENCE, STATUS or CATEGORIES line (at most once each),
with values in the forms icalendar reads the same way (:func:`moment`, :func:`duration`).
"""

from __future__ import annotations

import datetime as dt
import re

from icalendar.timezone import tzp

try:
    from icalendar.parser.property import unescape_backslash
except ImportError:  # pragma: no cover - another icalendar layout
    _BACKSLASH = re.compile(r"\\([\\,;:nN])")

    def unescape_backslash(val: str) -> str:
        return _BACKSLASH.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), val)


TEXT = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "RELATED-TO"})
URI = frozenset({"URL"})
ADDRESS = frozenset({"ORGANIZER", "ATTENDEE"})
_HEAD = re.compile(r"([A-Za-z0-9-]+)([;:])")
# One parameter: a quoted value, or an unquoted one without blanks at its ends.
_KEY = r"[A-Za-z0-9-]+"
_VALUE = r'"[^"\\^%\x00-\x1f\x7f]*"|[^\s";:,=\\^%\x7f]+(?: +[^\s";:,=\\^%\x7f]+)*'
_PARAM = re.compile(rf";({_KEY})=({_VALUE})")
# The head of a line :func:`parse` reads — name, plain parameters, colon — in one match; its
# parameters are then listed with _PARAM, which cuts them the same way.
_PLAIN_HEAD = re.compile(rf"({_KEY})((?:;{_KEY}=(?:{_VALUE}))*):")


#: What :func:`timing` reads besides the text properties: the times and simple values of a single event.
PLAIN = frozenset({"UID", "DTSTART", "DTEND", "DURATION", "SEQUENCE", "STATUS", "CATEGORIES"})
_TIMES = frozenset({"DTSTART", "DTEND"})
_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})\Z")
_DATE_TIME = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})(Z?)\Z")
# icalendar's DURATION_REGEX without the minus sign (a negative duration is refused: icalendar path)
_DURATION = re.compile(r"\+?P(?:([0-9]+)W)?(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?\Z")
_SEQUENCE = re.compile(r"[0-9]{1,9}\Z")
_BEGIN = "BEGIN:VEVENT"
_END = "END:VEVENT"


class Address(str):
    """An ORGANIZER or ATTENDEE value with its CN, as icalendar's ``vCalAddress`` offers them."""

    def __new__(cls, value: str, cn: str | None = None):
        self = super().__new__(cls, value)
        self.params = {} if cn is None else {"CN": cn}
        return self


def _eligible(name: str) -> bool:
    return name in TEXT or name in ADDRESS or name in URI or name.startswith("X-")


def parse(line: str) -> tuple[str, str | None, str] | None:
    """``(NAME, CN, value)`` of a plain content line, or ``None`` to leave it to icalendar.

    ``value`` is as icalendar's ``str(component[NAME])`` gives it; ``CN`` is the CN
    parameter (ORGANIZER, ATTENDEE) or ``None``.
    """
    head = _PLAIN_HEAD.match(line)
    if head is None:
        return None
    name = head.group(1).upper()
    if not _eligible(name):
        return None
    cn = None
    if head.group(2):
        seen = set()
        for key, text in _PARAM.findall(head.group(2)):
            key = key.upper()
            if key == "VALUE" or key in seen:
                return None
            seen.add(key)
            if key == "CN":
                cn = text[1:-1] if text[:1] == '"' else text
    raw = line[head.end():]
    if name.startswith("X-"):
        return name, cn, raw
    value = unescape_backslash(raw) if "\\" in raw else raw
    if name not in TEXT and ("\n" in value or "\r" in value):
        return None  # icalendar refuses a URI or CAL-ADDRESS with a line break: let it say so
    return name, cn, value


#: Lines up to this long are read once per file (:func:`split`'s ``seen``); longer ones, mostly
#: unique descriptions, each time.
SEEN_CHARS = 256
_SLOW = object()  # a line left to icalendar


def _item(line: str) -> tuple[str, object] | None:
    """``(NAME, value)`` of a line :func:`parse` reads, ``(NAME, _SLOW)`` of another, ``None`` without a name."""
    parsed = parse(line)
    if parsed is not None:
        name, cn, value = parsed
        return name, (Address(value, cn) if name in ADDRESS else value)
    head = _HEAD.match(line)
    return None if head is None else (head.group(1).upper(), _SLOW)


def split(
    lines: list[str], seen: dict[str, tuple[str, object] | None] | None = None
) -> tuple[list[str], dict[str, list], list[str]]:
    """Split the physical lines of one VEVENT block.

    Returns the logical lines icalendar still has to parse (BEGIN/END, timing properties and
    any line :func:`parse` leaves), the properties read here (``NAME`` → list of values, in file
    order; ORGANIZER/ATTENDEE values are :class:`Address`) and the property names in the
    order they first appear (icalendar's order of ``component.items()``).

    ``seen`` (one dictionary per file) remembers how each short line was read: organisers,
    attendees, locations and links recur from event to event, and are read once.
    """
    logical = unfold(lines)
    items = []
    slow_names: set[str] = set()
    order: dict[str, None] = {}
    for line in logical:
        if seen is not None and len(line) <= SEEN_CHARS:
            try:
                item = seen[line]
            except KeyError:
                item = seen[line] = _item(line)
        else:
            item = _item(line)
        if item is None:  # icalendar may still read a name here: let it read everything
            return logical, {}, []
        items.append(item)
        order.setdefault(item[0], None)
        if item[1] is _SLOW:
            slow_names.add(item[0])
    kept: list[str] = []
    fast: dict[str, list] = {}
    for line, (name, value) in zip(logical, items):
        if value is _SLOW or name in slow_names:
            kept.append(line)
        else:
            fast.setdefault(name, []).append(value)
    return kept, fast, list(order)


def timing(kept: list[str]) -> dict[str, tuple[str | None, str | None, str]] | None:
    """The lines :func:`split` left, read here when they are all plain; else ``None``.

    Plain: ``BEGIN:VEVENT`` first, ``END:VEVENT`` last, and between them only :data:`PLAIN`
    properties, each at most once; DTSTART and DTEND may have a TZID and a VALUE parameter
    (simple values, no escapes), the others none. Returns ``NAME`` → ``(TZID, VALUE, raw value)``
    (``None`` for an absent parameter). Whether the values are in a plain form is for the
    caller (:func:`moment`, :func:`duration`).
    """
    if len(kept) < 2 or kept[0] != _BEGIN or kept[-1] != _END:
        return None
    found: dict[str, tuple[str | None, str | None, str]] = {}
    for index in range(1, len(kept) - 1):
        line = kept[index]
        head = _PLAIN_HEAD.match(line)
        if head is None:
            return None
        name = head.group(1).upper()
        if name not in PLAIN or name in found:
            return None
        tzid = value_type = None
        if head.group(2):
            if name not in _TIMES:
                return None
            for key, text in _PARAM.findall(head.group(2)):
                key = key.upper()
                text = text[1:-1] if text[:1] == '"' else text
                if key == "TZID" and tzid is None:
                    tzid = text
                elif key == "VALUE" and value_type is None:
                    value_type = text
                else:
                    return None
        raw = line[head.end():]
        if "\\" in raw and name != "UID" and name != "STATUS":
            return None
        found[name] = (tzid, value_type, raw)
    return found


def moment(raw: str, value_type: str | None) -> dt.date | dt.datetime | None:
    """A DATE (``YYYYMMDD``) or DATE-TIME (``YYYYMMDDTHHMMSS``, naive; a trailing ``Z`` gives
    UTC as icalendar's ``tzp.localize_utc``) value; ``None`` for any other form, or a ``VALUE``
    parameter that does not say the value's own type."""
    match = _DATE_TIME.match(raw)
    if match is not None:
        if value_type not in (None, "DATE-TIME"):
            return None
        try:
            value = dt.datetime(*map(int, match.groups()[:6]))
        except ValueError:
            return None
        return tzp.localize_utc(value) if match.group(7) else value
    match = _DATE.match(raw)
    if match is not None and value_type in (None, "DATE"):
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def duration(raw: str) -> dt.timedelta | None:
    """A DURATION value as icalendar reads it (weeks, days, hours, minutes, seconds), or ``None``."""
    match = _DURATION.match(raw)
    if match is None:
        return None
    weeks, days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    try:
        return dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        return None


def sequence(raw: str) -> bool:
    """Whether a SEQUENCE value is a plain number (anything else: icalendar says whether it reads)."""
    return _SEQUENCE.match(raw) is not None


def text(raw: str) -> str:
    """A TEXT value (UID, STATUS) unescaped as icalendar unescapes it."""
    return unescape_backslash(raw) if "\\" in raw else raw


def categories(raw: str) -> list[str]:
    """The categories of a CATEGORIES value without backslashes (icalendar splits on commas)."""
    return raw.split(",")


def unfold(lines: list[str]) -> list[str]:
    """Content lines with their folded continuations joined (RFC 5545 §3.1)."""
    logical: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical
