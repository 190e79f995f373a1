"""What the engine does after classification gives the answers of its plain definition.

The overlap sweep (MR401) runs once over every meeting instead of once per person, waivers
are looked up only when some meeting carries one, and a gathering is measured when first
asked: each test holds a case where a shortcut that is not exact would answer otherwise.
"""

from __future__ import annotations

from meetingrules import Policy, SourceRef, Waiver, Window, check, load_policy
from meetingrules.measure import measure
from tests.helpers import TZ, at, conference, meeting

POLICY = Policy.builtin()
YEAR = Window.year(2026, TZ)


def _overlaps(*items):
    result = check(items, POLICY, window=YEAR, as_of=at(2026, 6, 1).date())
    return [(f.uid, f.related, f.message_en) for f in result.findings if f.code == "MR401"]


def test_the_first_person_in_name_order_names_the_sessions_of_a_clash():
    """Two conferences of two sessions each, clashing for two people, are named by the sessions of the person first in name order, not of the earlier clash."""
    # "Bình" meets the clash first (08:30), "An" later (10:00): the words follow "An".
    a1 = conference("a1", at(2026, 4, 1, 8), at(2026, 4, 1, 9), conference_id="A", attendees=["Bình"])
    a2 = conference("a2", at(2026, 4, 1, 9), at(2026, 4, 1, 12), conference_id="A", attendees=["An"])
    b1 = conference("b1", at(2026, 4, 1, 8, 30), at(2026, 4, 1, 9, 30), conference_id="B", attendees=["Bình"])
    b2 = conference("b2", at(2026, 4, 1, 10), at(2026, 4, 1, 11), conference_id="B", attendees=["An"])
    assert _overlaps(b2, a1, b1, a2) == [
        ("b2", ("a2",), "Overlaps 'Hội nghị a2' (2026-04-01 09:00) for the same attendee."),
    ]


def test_clashes_of_one_meeting_come_in_the_order_of_the_people_who_share_them():
    """A meeting clashing with two others through two people gets its findings in the order of those people's names."""
    o1 = meeting("o1", at(2026, 4, 1, 8), at(2026, 4, 1, 12), attendees=["Bình"])
    o2 = meeting("o2", at(2026, 4, 1, 8, 30), at(2026, 4, 1, 12), attendees=["An"])
    m = meeting("m", at(2026, 4, 1, 9), at(2026, 4, 1, 10), attendees=["Bình", "An"])
    assert [(uid, related) for uid, related, _ in _overlaps(m, o1, o2)] == [("m", ("o2",)), ("m", ("o1",))]


def test_a_waiver_on_a_repeat_counts_when_no_kept_meeting_carries_one():
    """A duplicate's own waiver waives its MR402 even when no meeting of the schedule carries a waiver."""
    kept = meeting("same", at(2026, 4, 1, 8), at(2026, 4, 1, 9), source=SourceRef(origin="a.ics", uid="same", component=0))
    repeat = meeting(
        "same", at(2026, 4, 1, 8), at(2026, 4, 1, 9), waivers=[Waiver("MR402", reason="đã duyệt")],
        source=SourceRef(origin="b.ics", uid="same", component=0),
    )
    result = check([kept, repeat], POLICY, window=YEAR, as_of=at(2026, 6, 1).date())
    [finding] = [f for f in result.findings if f.code == "MR402"]
    assert finding.waived and finding.waiver.reason == "đã duyệt"


def test_a_gathering_measured_on_demand_is_measured_under_the_checks_policy():
    """A meeting's measurement, taken when first asked, is the one of the policy the check ran under."""
    policy = load_policy(
        '[[sessions]]\nname="morning"\nstart="07:00"\nend="11:00"\n'
        '[[sessions]]\nname="afternoon"\nstart="13:00"\nend="17:00"\n'
    )
    item = meeting("m", at(2026, 4, 1, 10, 30), at(2026, 4, 1, 13, 30))
    [gathering] = check([item], policy, window=YEAR, as_of=at(2026, 6, 1).date()).gatherings
    assert gathering.measurement == measure(item, policy)
    assert gathering.measurement != measure(item, POLICY)


def test_a_finding_written_slot_by_slot_equals_the_one_attrs_builds():
    """A finding written from values in any field order equals Finding built from the same keywords, field by field."""
    import attrs

    from meetingrules.findings import Citation, Finding, finding_writer
    from meetingrules.model import Severity

    names = tuple(reversed([field.name for field in attrs.fields(Finding)]))
    values = {name: f"value of {name}" for name in names}
    values.update(severity=Severity.ERROR, citation=Citation("II.4.a"), line=7, measured=1.5, reasons=(),
                  related=("x",), waiver=None, projection=True)
    written = finding_writer(names)(*[values[name] for name in names])
    built = Finding(**values)
    assert written == built
    assert [getattr(written, n) for n in names] == [getattr(built, n) for n in names]


def test_a_finding_writer_missing_a_field_fails_when_made():
    """A writer not naming every field of Finding (a field added to Finding but not to the call) is refused at once."""
    import attrs
    import pytest

    from meetingrules.findings import Finding, finding_writer

    names = tuple(field.name for field in attrs.fields(Finding))
    with pytest.raises(TypeError):
        finding_writer(names[:-1])
    with pytest.raises(TypeError):
        finding_writer(names + ("code",))


def test_a_repeat_in_the_hour_a_clock_goes_back_twice_is_still_a_repeat():
    """Two entries at 02:30 on the night a DST clock goes back, one of each fold, are the same meeting, as their datetimes are equal."""
    import datetime as dt
    import zoneinfo

    from meetingrules.schedule import find_duplicates

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=berlin)
    second = first.replace(fold=1)  # an hour later as an instant, equal as a datetime of one zone
    one = meeting("one", first, first + dt.timedelta(hours=3), organizer="Sở A")
    two = meeting("two", second, second + dt.timedelta(hours=3), organizer="Sở A", title=one.title)
    kept, duplicates = find_duplicates([one, two])
    assert [m.uid for m in kept] == ["one"] and [(d.meeting.uid, d.original.uid) for d in duplicates] == [("two", "one")]


def test_the_same_instant_in_two_zones_is_a_repeat_across_summer_time():
    """A meeting entered at 10:00 summer time in Berlin and again at 08:00 UTC is found as one meeting, although a distance from a winter moment in Berlin would differ by the hour of summer time."""
    import datetime as dt
    import zoneinfo

    from meetingrules.schedule import find_duplicates

    berlin, utc = zoneinfo.ZoneInfo("Europe/Berlin"), dt.timezone.utc
    winter = meeting("winter", dt.datetime(2026, 1, 5, 9, tzinfo=berlin), dt.datetime(2026, 1, 5, 10, tzinfo=berlin))
    summer = meeting("summer", dt.datetime(2026, 7, 1, 10, tzinfo=berlin), dt.datetime(2026, 7, 1, 11, tzinfo=berlin),
                     organizer="Sở A")
    again = meeting("again", dt.datetime(2026, 7, 1, 8, tzinfo=utc), dt.datetime(2026, 7, 1, 9, tzinfo=utc),
                    organizer="Sở A", title=summer.title)
    kept, duplicates = find_duplicates([winter, again, summer])
    assert [(d.meeting.uid, d.original.uid) for d in duplicates] in ([("again", "summer")], [("summer", "again")])
    assert len(kept) == 2
