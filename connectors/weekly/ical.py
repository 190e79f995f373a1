"""Writing weekly-schedule items out as iCalendar (SPEC §9 "Import").

"What was inferred (class, kind, scope, format, estimated end, unit) is written as the
``X-MEETINGRULES-*`` properties of §5, so a checked import gives the same verdicts as the
file." Each item is classified once by :func:`meetingrules.build_meeting` (the one
classifier of every door) and its classification written out explicitly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar

from meetingrules.classify import build_meeting
from meetingrules.model import EventData, MeetingClass
from meetingrules.policy import Policy
from meetingrules.text import fold

PRODID = "-//meetingrules//weekly import//VI"


def _kind(meeting) -> str:
    if meeting.meeting_class is MeetingClass.CONFERENCE:
        return "conference" if meeting.kind is None or meeting.kind == "unclassified" else str(meeting.kind)
    return str(meeting.meeting_class)


def _person_uri(name: str) -> str:
    return "urn:x-meetingrules:person:" + "-".join(fold(name).split())


def to_calendar(events: Iterable[EventData], policy: Policy, name: str = "", stamp: dt.datetime | None = None) -> bytes:
    """One VCALENDAR holding ``events``, each with its classification as X-MEETINGRULES-*."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", policy.timezone.key)
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for event in events:
        meeting = build_meeting(event, policy)
        item = icalendar.Event()
        rid = event.source.recurrence_id  # a part of a span across a weekend: its own UID, the span's ID
        item.add("uid", f"{event.uid}-{rid}" if rid else event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start)
        item.add("dtend", event.end)
        item.add("summary", event.summary)
        if event.description:
            item.add("description", event.description)
        if event.location:
            item.add("location", event.location)
        for person in event.attendees:
            attendee = icalendar.vCalAddress(_person_uri(person))
            attendee.params["CN"] = person
            attendee.params["CUTYPE"] = "INDIVIDUAL"
            item.add("attendee", attendee, encode=0)
        properties = {"KIND": _kind(meeting)}
        if meeting.scope is not None:
            properties["SCOPE"] = str(meeting.scope)
        if meeting.format is not None:
            properties["FORMAT"] = str(meeting.format)
        if meeting.level is not None:
            properties["LEVEL"] = str(meeting.level)
        if meeting.unit:
            properties["UNIT"] = meeting.unit
        for key in ("END-ESTIMATED", "ORGANISED-BY", "ID"):
            if event.properties.get(key):
                properties[key] = event.properties[key]
        for key, value in properties.items():
            item.add(f"x-meetingrules-{key.lower()}", value)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
