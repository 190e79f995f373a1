"""From classified occurrences to the schedule the rules judge.

Steps, each n log n: drop what counts nowhere (cancelled, not a meeting, tentative when
the policy says so) with a reason; find the same meeting entered twice (MR402); join the
events of one conference entered per session or per day into one :class:`Gathering`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable

import attrs

from meetingrules.measure import Measurement, measure
from meetingrules.model import Meeting, MeetingClass, Status
from meetingrules.policy import Policy
from meetingrules.text import fold

EXCLUDED_CANCELLED = "cancelled"
EXCLUDED_NOT_A_MEETING = "not-a-meeting"
EXCLUDED_TENTATIVE = "tentative"
EXCLUDED_OUTSIDE = "outside-window"


class Gathering:
    """One conference or meeting as the plan counts it: one or more calendar occurrences.

    The first (earliest) occurrence speaks for the gathering: its kind, scope, format,
    level, unit, title and UID; findings about the gathering point at it. Attributes are
    plain slots, read many times by the calendar rules.
    """

    __slots__ = (
        "meetings", "_measurement", "_policy", "first", "start", "end", "is_conference", "kind", "scope",
        "format", "level", "unit", "title", "uid", "topics", "order",
    )

    def __init__(
        self,
        meetings: tuple[Meeting, ...],
        measurement: Measurement | None,
        order: tuple | None = None,
        policy: Policy | None = None,
    ):
        self.meetings = meetings
        # ``None`` with a ``policy``: measured under it when first asked (see ``measurement``).
        self._measurement = measurement
        self._policy = policy
        first = self.first = meetings[0]
        self.start = first.start
        self.end = max(m.end for m in meetings) if len(meetings) > 1 else first.end
        self.is_conference = first.meeting_class is _CONFERENCE
        self.kind = first.kind
        self.scope = first.scope
        self.format = first.format
        self.level = first.level
        self.unit = first.unit
        self.title = first.title
        self.uid = first.uid
        self.topics = first.topics
        # The schedule's sort key: start, then where it was read (``order``: already known).
        self.order = _order(first) if order is None else order

    @property
    def measurement(self) -> Measurement:
        """Hours, sessions and days of the gathering (:func:`meetingrules.measure.measure`).

        Only the length rules read it, and only for conferences (a fifth of a province-year's
        gatherings): the others are measured when someone asks, with the same meetings and
        policy, so the answer is the one measuring at once gives.
        """
        measurement = self._measurement
        if measurement is None:
            # The policy stays (a shared reference): two threads asking at once both measure
            # the same answer.
            measurement = self._measurement = measure(self.meetings, self._policy)
        return measurement

    def __repr__(self) -> str:
        return f"Gathering({self.uid!r}, {self.title!r}, {len(self.meetings)} event(s), {self.measurement!r})"


_CONFERENCE = MeetingClass.CONFERENCE
# Enum members as module names: reading ``Status.CANCELLED`` costs a class lookup (130 ns in
# Python 3.11), and these tests run on every occurrence read. The same members: same answers.
_NOT_A_MEETING = MeetingClass.NOT_A_MEETING
_CANCELLED = Status.CANCELLED
_TENTATIVE = Status.TENTATIVE
_ORDER = operator.attrgetter("order")
_FIRST = operator.itemgetter(0)


@attrs.frozen
class Duplicate:
    """An occurrence that repeats one already in the schedule (MR402)."""

    meeting: Meeting
    original: Meeting


def organised_elsewhere(item: Gathering | Meeting) -> bool:
    """The unit only attends it: another body organises it (kept for MR401, not counted as
    the unit's own conference by MR301–MR304, MR403 or the report)."""
    return bool(getattr(item, "first", item).organised_by)


def exclusion_reason(meeting: Meeting, policy: Policy) -> str | None:
    """Why an occurrence counts nowhere, or ``None`` when it counts."""
    if meeting.status is _CANCELLED:
        return EXCLUDED_CANCELLED
    if meeting.meeting_class is _NOT_A_MEETING:
        return EXCLUDED_NOT_A_MEETING
    if meeting.status is _TENTATIVE and not policy.tentative_counts:
        return EXCLUDED_TENTATIVE
    return None


def _order(meeting: Meeting) -> tuple:
    source = meeting.source
    return (meeting.start, source.origin, source.line or 0, meeting.uid)


def _duplicate_order(meeting: Meeting) -> tuple:
    source = meeting.source
    return (meeting.start, not source.origin, source.origin, source.line or 0, meeting.uid)


def find_duplicates(meetings: list[Meeting]) -> tuple[list[Meeting], list[Duplicate]]:
    """Split occurrences into the kept ones and duplicates of a kept one.

    Two occurrences are the same meeting when they share UID and recurrence id (the same
    invitation in two calendars), or title, start, end and organiser.
    """
    kept: list[Meeting] = []
    duplicates: list[Duplicate] = []
    by_identity: dict[tuple, Meeting] = {}
    by_content: dict[tuple, Meeting] = {}
    folded: dict[str, str] = {}  # titles and organisers repeat: each folded once here
    # The copy read from a calendar is the original; one given through the API (a proposal,
    # no origin) repeats it.
    for meeting in sorted(meetings, key=_duplicate_order):
        identity = (meeting.uid, meeting.source.recurrence_id) if meeting.uid else None
        title, organizer = meeting.title, meeting.organizer or meeting.unit
        title_folded = folded.get(title)
        if title_folded is None:
            title_folded = folded[title] = fold(title)
        organizer_folded = folded.get(organizer)
        if organizer_folded is None:
            organizer_folded = folded[organizer] = fold(organizer)
        content = (title_folded, meeting.start, meeting.end, organizer_folded)
        same_content = by_content.get(content)  # the key hashed once: its datetimes are zone-aware
        original = (by_identity.get(identity) if identity else None) or same_content
        # Two occurrences of one series in one file are never duplicates of each other.
        if original is not None and not (
            original.source.origin == meeting.source.origin
            and original.source.component == meeting.source.component
            and original.source.component is not None
        ):
            duplicates.append(Duplicate(meeting, original))
            continue
        kept.append(meeting)
        if identity:
            by_identity.setdefault(identity, meeting)
        if same_content is None:
            by_content[content] = meeting
    return kept, duplicates


def _next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def group(meetings: Iterable[Meeting], policy: Policy) -> list[Gathering]:
    """Join the events of one conference into one gathering (SPEC §4).

    Explicit metadata first (``X-MEETINGRULES-ID``, ``RELATED-TO`` naming another
    event's UID), else same normalised title and organiser on the same or consecutive
    working days. Occurrences of a recurring series are never joined by title, and a
    gathering never holds two occurrences with the same UID.
    """
    tz = policy.timezone
    keyed = sorted([(_order(m), m) for m in meetings], key=_FIRST)
    orders = [order for order, _ in keyed]
    meetings = [m for _, m in keyed]
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.get(i, i) != i:
            parent[i] = parent.get(parent[i], parent[i])
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_id: dict[str, int] = {}
    by_uid: dict[str, int] = {}
    # Only conferences are joined: most occurrences are plain meetings.
    conferences = [(index, m) for index, m in enumerate(meetings) if m.meeting_class is _CONFERENCE]
    if any(meeting.related_to for _, meeting in conferences):
        for index, meeting in enumerate(meetings):
            if meeting.uid and not meeting.recurring:
                by_uid.setdefault(meeting.uid, index)
    for index, meeting in conferences:
        if meeting.conference_id:
            key = meeting.conference_id.strip().casefold()
            if key in by_id:
                union(by_id[key], index)
            else:
                by_id[key] = index
        if meeting.related_to and meeting.related_to in by_uid:
            other = by_uid[meeting.related_to]
            if meetings[other].is_conference:
                union(other, index)
    if policy.counting.group_consecutive_days:
        last_by_title: dict[tuple, tuple[int, dt.date]] = {}
        for index, meeting in conferences:
            if meeting.recurring or meeting.conference_id:
                continue
            key = (fold(meeting.title), fold(meeting.organizer), meeting.unit)
            first_day = meeting.start.astimezone(tz).date()
            last_day = (meeting.end.astimezone(tz) - dt.timedelta(microseconds=1)).date()
            previous = last_by_title.get(key)
            if (
                previous is not None
                and first_day <= _next_working_day(previous[1])
                and meetings[previous[0]].uid != meeting.uid
            ):
                union(previous[0], index)
                last_day = max(last_day, previous[1])
            last_by_title[key] = (index, max(last_day, first_day))
    # Most occurrences join nothing: only the sets that were joined are collected (a root is
    # the smallest index of its set and never a key of ``parent``); every other occurrence is
    # a gathering of its own, made where the loop meets it. Gatherings come out in the order
    # of their first index, as when every occurrence was collected.
    members: dict[int, list[Meeting]] = {}
    for index in sorted(parent):
        members.setdefault(find(index), []).append(meetings[index])
    gatherings = []
    split = False
    for index, meeting in enumerate(meetings):
        if index in parent:
            continue  # in its root's gathering
        joined = members.get(index)
        if joined is None:
            gatherings.append(Gathering((meeting,), None, orders[index], policy))
            continue
        parts = _without_repeated_uids([meeting] + joined)
        split = split or len(parts) > 1
        for part in parts:
            gatherings.append(Gathering(tuple(part), None, None, policy))
    # The occurrences are in order, so are the gatherings (each at its first occurrence's
    # place) unless a group was split: a later part may start before the next gathering.
    if split:
        gatherings.sort(key=_ORDER)
    return gatherings


def _without_repeated_uids(items: list[Meeting]) -> list[list[Meeting]]:
    """Split a group so that no part holds two occurrences of the same series."""
    if len(items) == 1:
        return [items]
    parts: list[list[Meeting]] = [[]]
    seen: list[set] = [set()]
    for meeting in items:
        key = (meeting.uid, meeting.recurring)
        for part, keys in zip(parts, seen):
            if not meeting.recurring or key not in keys:
                part.append(meeting)
                keys.add(key)
                break
        else:
            parts.append([meeting])
            seen.append({key})
    return parts
