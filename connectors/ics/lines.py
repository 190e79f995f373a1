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
keeps unknown properties. Timing properties (DTSTART, RRULE …) always go to icalendar.
"""

from __future__ import annotations

import re

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
_PARAM = re.compile(
    r';([A-Za-z0-9-]+)=("[^"\\^%\x00-\x1f\x7f]*"|[^\s";:,=\\^%\x7f]+(?: +[^\s";:,=\\^%\x7f]+)*)'
)


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
    head = _HEAD.match(line)
    if head is None:
        return None
    name = head.group(1).upper()
    if not _eligible(name):
        return None
    at = head.end()
    cn = None
    if head.group(2) == ";":
        seen = set()
        at -= 1
        while True:
            param = _PARAM.match(line, at)
            if param is None:
                return None
            key = param.group(1).upper()
            if key == "VALUE" or key in seen:
                return None
            seen.add(key)
            if key == "CN":
                cn = param.group(2)
                if cn[:1] == '"':
                    cn = cn[1:-1]
            at = param.end()
            if line[at:at + 1] == ":":
                at += 1
                break
    raw = line[at:]
    if name.startswith("X-"):
        return name, cn, raw
    value = unescape_backslash(raw) if "\\" in raw else raw
    if name not in TEXT and ("\n" in value or "\r" in value):
        return None  # icalendar refuses a URI or CAL-ADDRESS with a line break: let it say so
    return name, cn, value


def split(lines: list[str], wanted: frozenset[str] | None = None) -> tuple[str, dict[str, list], list[str]]:
    """Split the physical lines of one VEVENT block.

    Returns the text icalendar still has to parse (BEGIN/END, timing properties and any
    line :func:`parse` leaves), the properties read here (``NAME`` → list of values, in file
    order; ORGANIZER/ATTENDEE values are :class:`Address`) and the property names in the
    order they first appear (icalendar's order of ``component.items()``).
    """
    logical = unfold(lines)
    fast: dict[str, list] = {}
    slow_names: set[str] = set()
    parsed: list[tuple[str, str | None, str] | None] = []
    order: dict[str, None] = {}
    for line in logical:
        item = parse(line)
        parsed.append(item)
        if item is None:
            head = _HEAD.match(line)
            if head is None:  # icalendar may still read a name here: let it read everything
                return "\n".join(logical) + "\n", {}, []
            name = head.group(1).upper()
            slow_names.add(name)
            order.setdefault(name, None)
            continue
        order.setdefault(item[0], None)
    kept: list[str] = []
    for line, item in zip(logical, parsed):
        if item is None or item[0] in slow_names:
            kept.append(line)
            continue
        name, cn, value = item
        fast.setdefault(name, []).append(Address(value, cn) if name in ADDRESS else value)
    return "\n".join(kept) + "\n", fast, list(order)


def unfold(lines: list[str]) -> list[str]:
    """Content lines with their folded continuations joined (RFC 5545 §3.1)."""
    logical: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical
