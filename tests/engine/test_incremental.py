"""Incremental changes at the door: every answer equals a full re-check (issue 15)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingrules import Format, Kind, Level, Meeting, MeetingClass, Policy, Scope, SourceRef, Window, check
from meetingrules.engine import apply_change
from meetingrules.validate import Validator
from tests.helpers import TZ

AS_OF = dt.date(2026, 11, 27)
POLICY = Policy.builtin()
WINDOW = Window.year(2026, POLICY.timezone)
UNITS = ("Sở Y tế", "Sở Tài chính", "Xã An Bình", "")
PEOPLE = ("Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Chánh văn phòng")
TITLES = ("Hội nghị quán triệt", "Hội nghị chuyên đề", "Họp giao ban", "Hội nghị tổng kết")


@st.composite
def events(draw, uid: str, years=(2025, 2026, 2026, 2026)) -> list[Meeting]:
    """The occurrences of one event: a single meeting or conference, or a short weekly series."""
    year = draw(st.sampled_from(years))
    month = draw(st.integers(1, 3))
    day = draw(st.integers(1, 12))
    hour = draw(st.sampled_from((7, 8, 9, 13, 14)))
    length = draw(st.sampled_from((60, 90, 150, 240, 420)))
    conference = draw(st.booleans())
    repeats = draw(st.sampled_from((1, 1, 1, 3)))
    fields = dict(
        title=draw(st.sampled_from(TITLES)),
        meeting_class=MeetingClass.CONFERENCE if conference else MeetingClass.MEETING,
        kind=draw(st.sampled_from((Kind.BRIEFING, Kind.TECHNICAL, Kind.UNCLASSIFIED))) if conference else None,
        scope=draw(st.sampled_from((Scope.PROVINCE_WIDE, Scope.SECTOR_WIDE, Scope.COMMUNE_WIDE, None))),
        format=draw(st.sampled_from((Format.ONLINE, Format.IN_PERSON, Format.HYBRID))),
        level=draw(st.sampled_from((Level.PROVINCE, Level.COMMUNE, None))),
        unit=draw(st.sampled_from(UNITS)),
        organizer=draw(st.sampled_from(PEOPLE)),
        attendees=tuple(draw(st.sets(st.sampled_from(PEOPLE), max_size=2))),
        conference_id=draw(st.sampled_from(("", "", "", "hn-1"))) if conference else "",
        topics=draw(st.sampled_from(((), ("226-kl/tw",)))),
    )
    first = dt.datetime(year, month, day, hour, tzinfo=TZ)
    out = []
    for n in range(repeats):
        start = first + dt.timedelta(days=7 * n)
        rid = start.strftime("%Y%m%dT%H%M%S") if repeats > 1 else None
        out.append(Meeting(uid=uid, start=start, end=start + dt.timedelta(minutes=length), recurring=repeats > 1,
                           source=SourceRef(origin=f"{uid}.ics", uid=uid, recurrence_id=rid, component=0),
                           **fields))
    return out


@st.composite
def histories(draw):
    """A starting calendar (this year and last) and a sequence of changes this year: add, edit or delete."""
    calendar = {f"e{i}": draw(events(f"e{i}")) for i in range(draw(st.integers(3, 12)))}
    steps = []
    names = list(calendar)
    for n in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(("add", "edit", "edit", "delete")))
        if action == "add" or not names:
            uid = f"n{n}"
            names.append(uid)
            steps.append(("put", uid, draw(events(uid, (2026,)))))
        elif action == "edit":
            uid = draw(st.sampled_from(names))
            steps.append(("put", uid, draw(events(uid, (2026,)))))
        else:
            uid = draw(st.sampled_from(names))
            names.remove(uid)
            steps.append(("delete", uid, []))
    return calendar, steps


def decision_key(decision):
    """What two decisions must share to be the same answer."""
    # A pair finding (MR401, MR402) may land on either meeting of the pair: compare the pair.
    return decision.decision, sorted(
        (f.code, f.severity.value, f.waived, f.unit, tuple(sorted({f.uid, *f.related}))) for f in decision.findings
    )


def schedule_of(result):
    """A check's schedule as comparable values (gatherings, last year's, units, duplicates)."""
    def gatherings(items):
        if items is None:
            return None
        return sorted((tuple(sorted((m.uid, m.start) for m in g.meetings)), g.measurement) for g in items)

    return (
        gatherings(result.gatherings),
        gatherings(result.previous),
        sorted(result.previous_units),
        sorted((d.meeting.uid, d.meeting.start) for d in result.duplicates),
    )


def play(validator, calendar, steps, *, full_window=WINDOW, restart=None):
    """Run ``steps`` on ``validator`` and ``calendar``: before each change the decision on it, after
    it the held schedule, must equal a full re-check's (``restart`` makes a new validator first)."""
    for action, uid, occurrences in steps:
        if restart is not None:
            validator = restart(validator)
            _assert_held(validator, calendar)
        existing = [m for ms in calendar.values() for m in ms]
        if occurrences:
            fast = validator.validate(occurrences)
            full = Validator(existing, POLICY, window=full_window, as_of=AS_OF).validate(occurrences, incremental=False)
            assert decision_key(fast) == decision_key(full)
        if action == "delete":
            validator.remove(uid)
            calendar.pop(uid)
        else:
            validator.replace(uid, occurrences)
            calendar[uid] = occurrences
        _assert_held(validator, calendar)


def _assert_held(validator, calendar) -> None:
    existing = [m for ms in calendar.values() for m in ms]
    held, full = validator.baseline(WINDOW), check(existing, POLICY, window=WINDOW, as_of=AS_OF)
    assert schedule_of(held) == schedule_of(full)
    assert held.summary == full.summary  # the accounting (read, checked, excluded) follows the changes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_incremental_changes_equal_a_full_recheck(history):
    """After every add, edit or delete, the incremental decision and schedule equal a full re-check."""
    calendar, steps = history
    validator = Validator([m for ms in calendar.values() for m in ms], POLICY, window=WINDOW, as_of=AS_OF)
    play(validator, calendar, steps)


def test_a_deleted_conference_session_leaves_its_gathering():
    """Deleting one day of a two-day conference leaves a one-day gathering measured alone."""
    day1 = Meeting("d1", "Hội nghị", dt.datetime(2026, 3, 2, 8, tzinfo=TZ), dt.datetime(2026, 3, 2, 11, tzinfo=TZ),
                   meeting_class=MeetingClass.CONFERENCE, kind=Kind.BRIEFING, conference_id="hn")
    day2 = Meeting("d2", "Hội nghị", dt.datetime(2026, 3, 3, 8, tzinfo=TZ), dt.datetime(2026, 3, 3, 11, tzinfo=TZ),
                   meeting_class=MeetingClass.CONFERENCE, kind=Kind.BRIEFING, conference_id="hn")
    base = check([day1, day2], POLICY, window=WINDOW, as_of=AS_OF)
    assert [len(g.meetings) for g in base.gatherings] == [2]
    after = apply_change(base, {"d2"})
    assert [(g.uid, g.measurement.days) for g in after.gatherings] == [("d1", 1)]


def test_a_check_given_up_to_a_change_still_decides_as_before():
    """A held check whose indexes moved to the changed one (reuse) builds them again and judges a proposal as before."""
    from meetingrules.engine import check_addition

    day1 = Meeting("d1", "Hội nghị", dt.datetime(2026, 3, 2, 8, tzinfo=TZ), dt.datetime(2026, 3, 2, 11, tzinfo=TZ),
                   meeting_class=MeetingClass.CONFERENCE, kind=Kind.BRIEFING, conference_id="hn", organizer="Chủ tịch")
    day2 = Meeting("d2", "Hội nghị", dt.datetime(2026, 3, 3, 8, tzinfo=TZ), dt.datetime(2026, 3, 3, 11, tzinfo=TZ),
                   meeting_class=MeetingClass.CONFERENCE, kind=Kind.BRIEFING, conference_id="hn", organizer="Chủ tịch")
    other = Meeting("o", "Họp giao ban", dt.datetime(2026, 3, 2, 9, tzinfo=TZ), dt.datetime(2026, 3, 2, 10, tzinfo=TZ),
                    organizer="Chủ tịch")
    day3 = Meeting("d3", "Hội nghị", dt.datetime(2026, 3, 4, 8, tzinfo=TZ), dt.datetime(2026, 3, 4, 12, tzinfo=TZ),
                   meeting_class=MeetingClass.CONFERENCE, kind=Kind.BRIEFING, conference_id="hn", organizer="Chủ tịch")
    base = check([day1, day2, other], POLICY, window=WINDOW, as_of=AS_OF)

    def answer(result):
        return sorted((f.code, f.uid, f.severity.value) for f in check_addition(result, [day3]).findings)

    before = answer(base)
    assert "MR401" in [code for code, _uid, _sev in before]
    changed = apply_change(base, {"o"}, reuse=True)
    assert answer(base) == before
    assert "MR401" not in [code for code, _uid, _sev in answer(changed)]
    assert [len(g.meetings) for g in check_addition(changed, [day3]).gatherings] == [3]
