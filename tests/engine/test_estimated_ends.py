"""Estimated ends and attended-only items (SPEC §9): what the engine does with them."""

from __future__ import annotations

import datetime as dt

from meetingrules import EventData, Policy, Window, build_meeting, check
from tests.helpers import TZ, Format, Kind, Level, Scope, at, conference

POLICY = Policy.builtin()
YEAR = Window.year(2026, TZ)
MID_YEAR = dt.date(2026, 6, 1)


def run(*items):
    return check(items, POLICY, window=YEAR, as_of=MID_YEAR)


def test_build_meeting_reads_end_estimated_and_organised_by():
    """The two weekly properties become Meeting fields, each with its reason."""
    event = EventData(
        "w1", "Dự Hội nghị toàn quốc do Bộ Nội vụ tổ chức", at(2026, 6, 2, 8), at(2026, 6, 2, 11, 30),
        properties={"END-ESTIMATED": "true", "ORGANISED-BY": "Bộ Nội vụ"},
    )
    meeting = build_meeting(event, POLICY)
    assert (meeting.end_estimated, meeting.organised_by) == (True, "Bộ Nội vụ")
    assert [(r.attribute, r.value) for r in meeting.reasons if r.attribute in ("end", "organised_by")] == [
        ("end", "estimated"), ("organised_by", "Bộ Nội vụ"),
    ]
    assert not any(n.code == "MR005" for n in meeting.notices)


def test_estimated_end_is_judged_on_sessions_only():
    """A briefing 07:30–12:00 breaks MR101 on hours, but with an estimated end it complies (one session)."""
    written = conference("a", at(2026, 6, 2, 7, 30), at(2026, 6, 2, 12), Kind.BRIEFING)
    estimated = conference("b", at(2026, 6, 3, 7, 30), at(2026, 6, 3, 12), Kind.BRIEFING, end_estimated=True)
    assert [f.uid for f in run(written, estimated).findings if f.code == "MR101"] == ["a"]


def test_estimated_full_day_briefing_breaks_mr101_saying_estimated():
    """A briefing filling both sessions of a day breaks MR101 and the message says the end is estimated."""
    full = conference("c", at(2026, 6, 2, 7, 30), at(2026, 6, 2, 17, 30), Kind.BRIEFING, end_estimated=True)
    (finding,) = [f for f in run(full).findings if f.code == "MR101"]
    assert "ước tính" in finding.message_vi and "estimated" in finding.message_en
    assert (finding.measured, finding.limit, finding.measure_unit) == (2, 1, "sessions")


def test_attended_only_conferences_are_not_counted_by_mr301():
    """Three province-wide conferences, one organised elsewhere: no third-over-the-cap MR301."""
    own = [
        conference(f"p{i}", at(2026, 3, i, 8), at(2026, 3, i, 11), scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE)
        for i in (2, 3)
    ]
    other = conference(
        "p3", at(2026, 3, 4, 8), at(2026, 3, 4, 11), scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE,
        organised_by="Tỉnh ủy",
    )
    assert not [f for f in run(*own, other).findings if f.code == "MR301"]
    again = conference("p4", at(2026, 3, 5, 8), at(2026, 3, 5, 11), scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE)
    assert [f.uid for f in run(*own, other, again).findings if f.code == "MR301"] == ["p4"]


def test_attended_only_meetings_still_overlap_for_mr401():
    """An attended-only conference overlapping the same person's meeting still gives MR401."""
    other = conference(
        "x", at(2026, 3, 2, 8), at(2026, 3, 2, 11), attendees=("Lê Văn Minh",), organised_by="Bộ Nội vụ",
    )
    own = conference("y", at(2026, 3, 2, 9), at(2026, 3, 2, 10), attendees=("Lê Văn Minh",))
    assert [f.code for f in run(other, own).findings if f.code == "MR401"] == ["MR401"]


def test_attending_the_provinces_conference_is_not_re_holding_it():
    """A commune attending the province's online briefing it organised elsewhere gets no MR403; re-holding it does."""
    province = conference(
        "p", at(2026, 5, 20, 8), at(2026, 5, 20, 11), Kind.BRIEFING, scope=Scope.PROVINCE_WIDE,
        level=Level.PROVINCE, format=Format.ONLINE, topics=("226-kl/tw",),
    )
    attended = conference(
        "a", at(2026, 6, 2, 8), at(2026, 6, 2, 11), Kind.BRIEFING, level=Level.COMMUNE, topics=("226-kl/tw",),
        organised_by="UBND tỉnh",
    )
    held = conference("h", at(2026, 6, 5, 8), at(2026, 6, 5, 11), Kind.BRIEFING, level=Level.COMMUNE, topics=("226-kl/tw",))
    assert [f.uid for f in run(province, attended, held).findings if f.code == "MR403"] == ["h"]
