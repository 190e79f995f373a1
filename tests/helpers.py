"""Small builders for tests: meetings in the policy's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from meetingrules import AgendaItem, AgendaKind, Format, Kind, Level, Meeting, MeetingClass, Scope

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware datetime in Asia/Ho_Chi_Minh."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def conference(uid: str, start: dt.datetime, end: dt.datetime, kind: Kind | None = Kind.UNCLASSIFIED, **kw) -> Meeting:
    """A conference of ``kind``."""
    kw.setdefault("title", f"Hội nghị {uid}")
    return Meeting(uid=uid, start=start, end=end, meeting_class=MeetingClass.CONFERENCE, kind=kind, **kw)


def meeting(uid: str, start: dt.datetime, end: dt.datetime, **kw) -> Meeting:
    """A meeting (cuộc họp)."""
    kw.setdefault("title", f"Họp {uid}")
    return Meeting(uid=uid, start=start, end=end, meeting_class=MeetingClass.MEETING, **kw)


def item(kind: AgendaKind, minutes: float | None, title: str = "") -> AgendaItem:
    """An agenda item."""
    return AgendaItem(kind=kind, title=title or kind.value, minutes=minutes)


__all__ = ["TZ", "at", "conference", "meeting", "item", "Format", "Kind", "Level", "Scope"]
