"""Property values as the reader needs them: text, people, dates, statuses, rule bounds."""

from __future__ import annotations

import datetime as dt
import re


from connectors.ics.scan import EventBlock
from meetingrules.model import Status


STATUS = {"CANCELLED": Status.CANCELLED, "TENTATIVE": Status.TENTATIVE}


def many(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def text(value) -> str:
    value = first(value)
    return "" if value is None else str(value).strip()


ESCAPE = re.compile(r"\\([\\;,nN])")


def unescape(raw: str) -> str:
    """RFC 5545 §3.3.11 TEXT escapes undone: ``\\,`` ``\\;`` ``\\\\`` ``\\n``."""
    return ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def x_text(value) -> str:
    """An X- property's value as text (icalendar keeps unknown properties escaped)."""
    return unescape(str(value)).strip()


def who(value) -> str:
    """A person as the calendar names them: CN if present, else the address without mailto:."""
    params = getattr(value, "params", None) or {}
    name = str(params.get("CN", "") or "").strip()
    if name:
        return name
    address = str(value).strip()
    return address[7:] if address.lower().startswith("mailto:") else address


# Days one step of a recurrence rule covers at most, by FREQ (sub-daily rules are capped by COUNT).
STEP_DAYS = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7, "DAILY": 1}


def dates(component, name: str) -> list:
    """The dates and date-times of a multi-valued property (RDATE, EXDATE); periods give their start."""
    out = []
    for prop in many(component.get(name)):
        for item in getattr(prop, "dts", None) or ():
            moment = item.dt
            moment = moment[0] if isinstance(moment, tuple) else moment
            if isinstance(moment, dt.date):
                out.append(moment)
    return out


def raw_value(block: EventBlock, name: str) -> str:
    """The value of property ``name`` as written in the block (for messages), or ``?``."""
    for line in block.lines:
        head, _, value = line.partition(":")
        if head.split(";", 1)[0].strip().upper() == name:
            return value.strip()[:80]
    return "?"


def unbounded(rule) -> bool:
    return hasattr(rule, "get") and rule.get("COUNT") is None and rule.get("UNTIL") is None


def with_zone(moment, zone):
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=zone)
    return moment
