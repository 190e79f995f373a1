"""MR4xx: the schedule as a whole (plan II.8.b, II.4.a): overlapping meetings of one
person, meetings entered twice, topics already delivered online. Each sees every
gathering of the window, sorts and sweeps (n log n)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable

from meetingrules.findings import Citation, Finding
from meetingrules.i18n import Text, when
from meetingrules.model import Level, Meeting, Scope, Severity
from meetingrules.policy import Policy
from meetingrules.rules.base import PLAN_II4A, Context, Rule
from meetingrules.rules.targets import is_online
from meetingrules.schedule import Gathering, organised_elsewhere
from meetingrules.text import fold

SCHEDULE_CITATION = Citation("II.8.b", "xây dựng lịch họp khoa học, hợp lý, tránh trùng lặp")
CHAIR = Text("người chủ trì", "chair")
ATTENDEE = Text("người dự", "attendee")


def people_of(meeting: Meeting, policy: Policy) -> set[str]:
    """The organiser (unless the policy says organisers are offices) and attendees, folded."""
    return _people(meeting, policy.counting.organizer_overlaps)


def _people(meeting: Meeting, with_organizer: bool = True) -> set[str]:
    return set(_folded_people(meeting.organizer if with_organizer else "", meeting.attendees))


@functools.lru_cache(maxsize=65536)
def _folded_people(organizer: str, attendees: tuple[str, ...]) -> frozenset[str]:
    # Calendars repeat the same organiser and attendee list on thousands of events.
    people = {fold(organizer)} if organizer else set()
    people.update(fold(a) for a in attendees if a)
    people.discard("")
    return frozenset(people)



MR401 = Rule(
    code="MR401",
    name="overlap",
    severity=Severity.WARNING,
    scope="calendar",
    title=Text("Lịch họp trùng nhau", "Overlapping meetings"),
    message=Text(
        "Trùng giờ với '{other_title}' ({other_start}) của cùng {who}.",
        "Overlaps '{other_title}' ({other_start}) for the same {who}.",
    ),
    citation=SCHEDULE_CITATION,
    hint=Text("Dời một trong hai cuộc họp, hoặc cử người khác dự.", "Move one of the meetings, or send someone else."),
    params=("counting.organizer_overlaps",),
)


@MR401.judge
def overlaps(ctx: Context) -> Iterable[Finding]:
    """Meetings of the same chair or attendee do not overlap (sweep per person, n log n)."""
    wanted = ctx.focus.people if ctx.focus is not None else None
    with_organizer = MR401.param(ctx.policy, "counting.organizer_overlaps")
    # (start, end, place read, gathering index, meeting, people): the place read makes the
    # tuples' own order that of a stable sort by (start, end), without a key per entry.
    entries: list[tuple[dt.datetime, dt.datetime, int, int, Meeting, frozenset[str]]] = []
    for index, g in enumerate(ctx.gatherings):
        for meeting in g.meetings:
            people = _folded_people(meeting.organizer if with_organizer else "", meeting.attendees)
            if wanted is not None:
                people &= wanted
            if people:
                entries.append((meeting.start, meeting.end, len(entries), index, meeting, people))
    # One sort of the meetings, one sweep: each person's meetings are met in the order a sort
    # of that person's own list gives (a stable sort of all of them, restricted to one
    # person's, is that person's sorted list), with that person's own "entry reaching
    # furthest so far". Cheaper than a list and a sort per person (100,000 entries for
    # 29,000 meetings on a province-year).
    entries.sort()
    furthest: dict[str, tuple] = {}
    hits: list[tuple[str, int, tuple, tuple]] = []  # (person, place in the sweep, earlier, later)
    for rank, entry in enumerate(entries):
        start, end, _, index, _, people = entry
        for person in people:
            latest = furthest.get(person)
            if latest is None:
                furthest[person] = entry
                continue
            if start < latest[1] and latest[3] != index:
                hits.append((person, rank, latest, entry))
            if end > latest[1]:
                furthest[person] = entry
    # Pair of gatherings -> (the later meeting, the one it overlaps, a shared person chairs it).
    # The overlaps are taken person by person, in order, each person's in the sweep's order
    # (as a sweep per person gives them), and a chair wins over an attendee: the first
    # person who finds a pair names its meetings (a gathering may have several), so the
    # words and their order do not depend on the order of a set (the hash seed) nor on the
    # order the sweep met the people in.
    hits.sort(key=_PERSON_RANK)
    pairs: dict[tuple[int, int], tuple[Meeting, Meeting, bool]] = {}
    for person, _, latest, entry in hits:
        meeting = entry[4]
        pair = (latest[3], entry[3])
        chair = person == fold(meeting.organizer)
        known = pairs.get(pair)
        if known is None or (chair and not known[2]):
            pairs[pair] = (meeting, latest[4], chair)
    # A meeting clashes with several others: its start is written once, in both languages
    # (the words Rule.on writes for the moment itself).
    starts: dict[int, Text] = {}
    findings = []
    for meeting, other, chair in pairs.values():
        other_start = starts.get(id(other))
        if other_start is None:
            other_start = starts[id(other)] = Text(when(other.start, "vi"), when(other.start, "en"))
        findings.append(MR401.on(
            meeting,
            values={"other_title": other.title, "other_start": other_start, "who": CHAIR if chair else ATTENDEE},
            related=[other.uid],
        ))
    return findings


_PERSON_RANK = operator.itemgetter(0, 1)


MR402 = Rule(
    code="MR402",
    name="duplicate",
    severity=Severity.WARNING,
    scope="calendar",
    title=Text("Cuộc họp bị nhập hai lần", "The same meeting entered twice"),
    message=Text(
        "Cuộc họp này trùng với '{other_title}' đã có ({other_origin}); chỉ tính một lần.",
        "This meeting duplicates '{other_title}' ({other_origin}); it is counted once.",
    ),
    citation=SCHEDULE_CITATION,
    hint=Text("Xóa bản trùng.", "Delete the duplicate."),
)


@MR402.judge
def duplicates(ctx: Context) -> Iterable[Finding]:
    """The same meeting is not entered twice."""
    for duplicate in ctx.duplicates:
        yield MR402.on(
            duplicate.meeting,
            values={
                "other_title": duplicate.original.title,
                "other_origin": duplicate.original.source.origin or duplicate.original.uid,
            },
            related=[duplicate.original.uid],
        )


MR403 = Rule(
    code="MR403",
    name="topic-already-delivered",
    severity=Severity.WARNING,
    scope="calendar",
    title=Text("Tổ chức lại nội dung cấp trên đã triển khai trực tuyến", "Re-holds a topic already delivered online"),
    message=Text(
        "Nội dung {topics} đã được triển khai trực tuyến tới cấp xã tại '{other_title}' ({other_start}).",
        "Topic {topics} was already delivered online to the commune level at '{other_title}' ({other_start}).",
    ),
    citation=Citation(
        PLAN_II4A,
        "không tổ chức các hội nghị không cần thiết, nhất là đối với những nội dung đã được hướng dẫn đầy đủ bằng văn bản",
    ),
    hint=Text(
        "Không tổ chức lại; triển khai bằng văn bản hoặc lồng ghép.",
        "Do not hold it again; follow up in writing or within another meeting.",
    ),
    params=("counting.hybrid_counts_as_online",),
)


# Enum members as module names (a class lookup each, 130 ns in Python 3.11, per conference).
_PROVINCE = Level.PROVINCE
_COMMUNE = Level.COMMUNE
_PROVINCE_WIDE = Scope.PROVINCE_WIDE


@MR403.judge
def topic_already_delivered(ctx: Context) -> Iterable[Finding]:
    """A commune does not re-hold a topic the province already delivered online to communes."""
    delivered: dict[str, Gathering] = {}
    for g in ctx.gatherings:  # already in start order
        if not g.is_conference or organised_elsewhere(g):  # attending is not holding nor delivering
            continue
        if g.level is _PROVINCE and g.scope is _PROVINCE_WIDE and is_online(g, ctx.policy):
            for topic in g.topics:
                delivered.setdefault(topic, g)
        elif g.level is _COMMUNE:
            matches = [delivered[t] for t in g.topics if t in delivered and delivered[t].end <= g.start]
            if matches:
                first = min(matches, key=lambda o: o.start)
                shared = [t.upper() for t in g.topics if t in delivered]
                yield MR403.on(
                    g.first,
                    values={"topics": ", ".join(shared), "other_title": first.title, "other_start": first.start},
                    related=[first.uid],
                )
