"""Every rule of the catalogue: examples that break it and examples that comply."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingrules import (
    AgendaKind,
    Format,
    Kind,
    Level,
    Policy,
    Scope,
    Severity,
    SourceRef,
    Status,
    Waiver,
    Window,
    check,
    load_policy,
)
from meetingrules.findings import Citation
from tests.helpers import TZ, at, conference, item, meeting

POLICY = Policy.builtin()
YEAR = Window.year(2026, TZ)
MID_YEAR = dt.date(2026, 6, 1)


def run(*items, policy=POLICY, as_of=MID_YEAR, window=YEAR, **kw):
    return check(items, policy, window=window, as_of=as_of, **kw)


def codes(result, *prefixes):
    return [f.code for f in result.findings if not prefixes or f.code.startswith(prefixes)]


# -- MR101–MR104 -------------------------------------------------------------------------


def test_briefing_of_exactly_four_hours_complies():
    """A briefing of exactly 4 hours in one session complies with MR101."""
    r = run(conference("b", at(2026, 3, 2, 13, 30), at(2026, 3, 2, 17, 30), Kind.BRIEFING))
    assert codes(r, "MR1") == []


def test_briefing_of_four_hours_one_minute_breaks_mr101():
    """A briefing of 4 h 01 min breaks MR101, and the finding is complete."""
    r = run(conference("b", at(2026, 3, 2, 13, 29), at(2026, 3, 2, 17, 30), Kind.BRIEFING, title="Hội nghị quán triệt"))
    [f] = [f for f in r.findings if f.code == "MR101"]
    assert f.severity is Severity.ERROR
    assert f.uid == "b" and f.meeting_title == "Hội nghị quán triệt" and f.start == at(2026, 3, 2, 13, 29)
    assert (f.measured, f.limit, f.measure_unit) == (round(241 / 60, 4), 4.0, "hours")
    assert f.message_vi == "Hội nghị quán triệt kéo dài 4,02 giờ, 1 buổi; giới hạn 4 giờ, 1 buổi (0,5 ngày)."
    assert f.message_en == (
        "Briefing conference lasts 4.02 h in 1 session(s); the limit is 4 h, 1 session(s) (0.5 day)."
    )
    assert f.citation == Citation(
        "II.4.b",
        "Hội nghị quán triệt không quá 1/2 ngày; hội nghị chuyên môn không quá 01 ngày; "
        "các hội nghị quan trọng cần thảo luận không quá 1,5 ngày",
    )
    assert codes(r, "MR10") == ["MR101"]


def test_briefing_covering_the_break_breaks_on_sessions():
    """A briefing 10:00–14:30 is only 2.5 hours but takes 2 sessions, so it breaks MR101."""
    r = run(conference("b", at(2026, 3, 2, 10), at(2026, 3, 2, 14, 30), Kind.BRIEFING))
    [f] = [f for f in r.findings if f.code == "MR101"]
    assert (f.measured, f.limit, f.measure_unit) == (2, 1.0, "sessions")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2026, 3, 2, 13, 30), at(2026, 3, 2, 17, 30), {"briefing": [], "technical": [], "important": []}),
        (at(2026, 3, 2, 7, 30), at(2026, 3, 2, 12, 0), {"briefing": ["MR101"], "technical": [], "important": []}),
        (at(2026, 3, 2, 10, 0), at(2026, 3, 2, 14, 30), {"briefing": ["MR101"], "technical": [], "important": []}),
        (at(2026, 3, 2, 7, 30), at(2026, 3, 2, 17, 30), {"briefing": ["MR101"], "technical": [], "important": []}),
        (at(2026, 3, 2, 7, 0), at(2026, 3, 2, 18, 0), {"briefing": ["MR101"], "technical": ["MR102"], "important": []}),
        (at(2026, 3, 2, 8, 0), at(2026, 3, 3, 11, 30), {"briefing": ["MR101"], "technical": ["MR102"], "important": []}),
    ],
)
def test_worked_example_verdicts(start, end, expected):
    """The SPEC §4 worked examples give the stated verdict for each kind."""
    for kind_name, verdict in expected.items():
        r = run(conference("c", start, end, Kind(kind_name)))
        assert codes(r, "MR10") == verdict, kind_name


def test_two_all_day_dates_break_every_kind():
    """Two all-day dates break MR101, MR102 and MR103 for their kinds."""
    for kind, code in ((Kind.BRIEFING, "MR101"), (Kind.TECHNICAL, "MR102"), (Kind.IMPORTANT, "MR103")):
        r = run(conference("c", at(2026, 3, 2), at(2026, 3, 4), kind, all_day=True))
        assert codes(r, "MR10") == [code]


def test_unclassified_conference_over_the_ceiling_breaks_mr104():
    """An unclassified conference of two full days breaks MR104 and gets MR003."""
    r = run(conference("c", at(2026, 3, 2), at(2026, 3, 4), Kind.UNCLASSIFIED, all_day=True))
    assert codes(r, "MR10") == ["MR104"]
    assert "MR003" in codes(r)


def test_unclassified_conference_within_the_ceiling_complies():
    """An unclassified conference of 1.5 days complies with MR104."""
    r = run(conference("c", at(2026, 3, 2, 7, 30), at(2026, 3, 3, 11, 30), Kind.UNCLASSIFIED))
    assert codes(r, "MR10") == []


def test_mr104_backs_up_a_deselected_kind_rule():
    """With MR103 ignored, an over-long important conference is still caught by MR104."""
    r = run(conference("c", at(2026, 3, 2), at(2026, 3, 4), Kind.IMPORTANT, all_day=True), ignore=["MR103"])
    assert codes(r, "MR10") == ["MR104"]


def test_meetings_are_not_capped():
    """A meeting (cuộc họp) of a whole day breaks no length rule."""
    r = run(meeting("m", at(2026, 3, 2, 7), at(2026, 3, 2, 18)))
    assert codes(r, "MR1") == []


def test_conference_entered_per_day_is_one_conference():
    """A briefing entered as two same-titled day events is one conference over half a day."""
    a = conference("d1", at(2026, 3, 5, 7, 30), at(2026, 3, 5, 11, 30), Kind.BRIEFING, title="Quán triệt NQ", organizer="VP")
    b = conference("d2", at(2026, 3, 6, 7, 30), at(2026, 3, 6, 11, 30), Kind.BRIEFING, title="Quán triệt NQ", organizer="VP")
    r = run(a, b)
    assert len(r.gatherings) == 1
    [f] = [f for f in r.findings if f.code == "MR101"]
    assert (f.uid, f.measured) == ("d1", 8.0)


def test_friday_and_monday_are_consecutive_working_days():
    """Same-titled conference events on Friday and Monday are joined into one."""
    fri = conference("f", at(2026, 3, 6, 7, 30), at(2026, 3, 6, 17, 30), Kind.IMPORTANT, title="HN", organizer="VP")
    mon = conference("m", at(2026, 3, 9, 7, 30), at(2026, 3, 9, 17, 30), Kind.IMPORTANT, title="HN", organizer="VP")
    r = run(fri, mon)
    assert len(r.gatherings) == 1
    assert codes(r, "MR10") == ["MR103"]


def test_conference_id_joins_events():
    """Events sharing X-MEETINGRULES-ID are one conference even with different titles."""
    a = conference("a", at(2026, 3, 2, 7, 30), at(2026, 3, 2, 11, 30), Kind.TECHNICAL, conference_id="HN-1", title="Phiên 1")
    b = conference("b", at(2026, 3, 2, 13, 30), at(2026, 3, 2, 18, 30), Kind.TECHNICAL, conference_id="HN-1", title="Phiên 2")
    r = run(a, b)
    assert len(r.gatherings) == 1
    assert codes(r, "MR10") == ["MR102"]


def test_occurrences_of_a_series_are_never_merged():
    """Daily occurrences of one recurring conference are separate conferences."""
    occurrences = [
        conference("s", at(2026, 3, d, 7, 30), at(2026, 3, d, 11, 30), Kind.BRIEFING, recurring=True,
                   source=SourceRef(origin="f.ics", uid="s", recurrence_id=f"2026-03-0{d}", component=0))
        for d in (2, 3, 4)
    ]
    r = run(*occurrences)
    assert len(r.gatherings) == 3
    assert codes(r, "MR10") == []


# -- MR201–MR205 -------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "expected"), [(10, []), (11, ["MR201"])])
def test_opening_speech_boundary(minutes, expected):
    """An opening speech of 10 minutes complies; 11 minutes breaks MR201."""
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL,
                   agenda=[item(AgendaKind.OPENING, minutes, "Khai mạc"), item(AgendaKind.DISCUSSION, 150)])
    assert codes(run(c), "MR2") == expected


@pytest.mark.parametrize(("minutes", "expected"), [(10, []), (11, ["MR202"])])
def test_contributed_speech_boundary(minutes, expected):
    """A contributed speech of 10 minutes complies; 11 minutes breaks MR202."""
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL,
                   agenda=[item(AgendaKind.CONTRIBUTION, minutes, "Sở Y tế"), item(AgendaKind.DISCUSSION, 150)])
    assert codes(run(c), "MR2") == expected


@pytest.mark.parametrize(("parts", "expected"), [((30, 20), []), ((30, 21), ["MR203"]), ((51,), ["MR203"])])
def test_concluding_remarks_total(parts, expected):
    """Concluding remarks totalling 50 minutes comply; 51 minutes in total break MR203."""
    agenda = [item(AgendaKind.CONCLUSION, p, "Kết luận") for p in parts] + [item(AgendaKind.DISCUSSION, 200)]
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 17), Kind.TECHNICAL, agenda=agenda)
    r = run(c)
    assert codes(r, "MR2") == expected
    if expected:
        assert r.findings[[f.code for f in r.findings].index("MR203")].measured == sum(parts)


def test_speech_of_unknown_length_is_not_judged():
    """An opening speech with no known length breaks nothing (unknown is not zero)."""
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL, agenda=[item(AgendaKind.OPENING, None)])
    assert codes(run(c), "MR20") == []


def test_missing_agenda_is_an_info_note():
    """A conference with no agenda gets the MR008 note, not a pass that hides the gap."""
    r = run(conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL))
    [f] = [f for f in r.findings if f.code == "MR008"]
    assert f.severity is Severity.INFO and f.uid == "c"


def test_report_reading_breaks_mr204():
    """An agenda item that reads a report out gets MR204."""
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL,
                   agenda=[item(AgendaKind.REPORT, 30, "Đọc báo cáo tình hình"), item(AgendaKind.DISCUSSION, 150)])
    r = run(c)
    [f] = [f for f in r.findings if f.code == "MR204"]
    assert f.message_vi.startswith("Mục 'Đọc báo cáo tình hình' là đọc/trình bày lại báo cáo")


@pytest.mark.parametrize(("discussion", "expected"), [(90, []), (89, ["MR205"])])
def test_discussion_share_boundary(discussion, expected):
    """Discussion of exactly half the agenda complies; less breaks MR205."""
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL,
                   agenda=[item(AgendaKind.OTHER, 180 - discussion, "Báo cáo đề dẫn"), item(AgendaKind.DISCUSSION, discussion)])
    assert codes(run(c), "MR205") == expected


# -- MR301–MR304 -------------------------------------------------------------------------


def _province_wide(uid, month, **kw):
    return conference(uid, at(2026, month, 10, 8), at(2026, month, 10, 11), Kind.TECHNICAL,
                      scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE, **kw)


def test_third_province_wide_conference_is_flagged_on_the_third():
    """The third province-wide conference of the year gets MR301; the first two do not."""
    r = run(_province_wide("p3", 9), _province_wide("p1", 2), _province_wide("p2", 5))
    found = [f for f in r.findings if f.code == "MR301"]
    assert [(f.uid, f.measured, f.limit) for f in found] == [("p3", 3, 2)]
    assert found[0].message_vi == "Đây là hội nghị quy mô toàn tỉnh thứ 3 của cấp tỉnh năm 2026; tối đa 2 hội nghị mỗi năm."
    assert found[0].related == ("p1", "p2")


def test_fourth_province_wide_conference_is_flagged_too():
    """The third and fourth province-wide conferences are both flagged."""
    r = run(*[_province_wide(f"p{m}", m) for m in (1, 2, 3, 4)])
    assert [f.uid for f in r.findings if f.code == "MR301"] == ["p3", "p4"]


def test_two_province_wide_conferences_comply():
    """Two province-wide conferences in a year comply with MR301."""
    assert codes(run(_province_wide("a", 1), _province_wide("b", 2)), "MR301") == []


def test_cancelled_conference_does_not_count():
    """A cancelled province-wide conference counts nowhere."""
    r = run(_province_wide("a", 1), _province_wide("b", 2), _province_wide("c", 3, status=Status.CANCELLED))
    assert codes(r, "MR301") == []
    assert r.summary.excluded == 1 and r.summary.checked == 2


def test_waiver_turns_finding_into_a_visible_waived_entry():
    """A waiver for MR301 keeps the finding, marked waived, and it no longer counts as an error."""
    waived = _province_wide("c", 3, waivers=[Waiver("MR301", "Chỉ đạo của Thủ tướng", "Chủ tịch UBND tỉnh")])
    r = run(_province_wide("a", 1), _province_wide("b", 2), waived)
    [f] = [f for f in r.findings if f.code == "MR301"]
    assert f.waiver == Waiver("MR301", "Chỉ đạo của Thủ tướng", "Chủ tịch UBND tỉnh")
    assert r.at_least(Severity.ERROR) == ()


def test_commune_wide_cap():
    """The fourth commune-wide conference of a commune gets MR304 (cap 3)."""
    items = [
        conference(f"x{m}", at(2026, m, 3, 8), at(2026, m, 3, 10), Kind.TECHNICAL,
                   scope=Scope.COMMUNE_WIDE, level=Level.COMMUNE, unit="UBND xã Tân Hưng")
        for m in (1, 2, 3, 4)
    ]
    r = run(*items)
    found = [f for f in r.findings if f.code == "MR304"]
    assert [(f.uid, f.severity) for f in found] == [("x4", Severity.WARNING)]
    assert found[0].message_en == "This is commune-wide conference no. 4 of UBND xã Tân Hưng in 2026; the policy sets 3."


def _conferences(online: int, in_person: int, unit="Sở Y tế"):
    out = []
    for i in range(online + in_person):
        fmt = Format.ONLINE if i < online else Format.IN_PERSON
        out.append(conference(f"c{i}", at(2026, 1 + i % 12, 5 + i // 12, 8), at(2026, 1 + i % 12, 5 + i // 12, 10),
                              Kind.TECHNICAL, format=fmt, unit=unit, title=f"HN {i}"))
    return out


def test_online_share_at_risk_mid_year_is_a_warning_with_the_budget():
    """Mid-year, 2 online of 5 conferences is a warning naming how many must be online next."""
    r = run(*_conferences(2, 3))
    [f] = [f for f in r.findings if f.code == "MR302"]
    assert (f.severity, f.projection, f.measured, f.limit) == (Severity.WARNING, True, 0.4, 0.6)
    assert f.message_vi == (
        "Sở Y tế: 2/5 hội nghị trực tuyến (40%); chỉ tiêu 60%. "
        "Có nguy cơ không đạt: 3 hội nghị tiếp theo cần tổ chức trực tuyến."
    )


def test_online_share_on_track_reports_the_in_person_budget():
    """Mid-year, 6 online of 8 conferences is on track with 2 more in-person conferences possible."""
    r = run(*_conferences(6, 2))
    [f] = [f for f in r.findings if f.code == "MR302"]
    assert f.severity is Severity.INFO
    assert f.message_en.endswith("On track: 2 more in-person conference(s) can be held this year.")


def test_online_share_becomes_an_error_when_the_year_has_ended():
    """After the year, 2 online of 5 conferences is an MR302 error."""
    r = run(*_conferences(2, 3), as_of=dt.date(2027, 1, 5))
    assert [(f.code, f.severity, f.projection) for f in r.findings if f.code == "MR302"] == [
        ("MR302", Severity.ERROR, False)
    ]


def test_online_share_met_at_year_end_says_nothing():
    """After the year, 3 online of 5 conferences (60%) gives no MR302 finding."""
    assert codes(run(*_conferences(3, 2), as_of=dt.date(2027, 1, 5)), "MR302") == []


def test_hybrid_counts_as_online_by_policy_switch():
    """Hybrid conferences count as online by default and not when the policy says so."""
    items = [conference(f"h{i}", at(2026, 2, 2 + i, 8), at(2026, 2, 2 + i, 9), Kind.TECHNICAL, format=Format.HYBRID,
                        title=f"H{i}") for i in range(3)]
    assert [f.severity for f in run(*items, as_of=dt.date(2027, 1, 2)).findings if f.code == "MR302"] == []
    strict = load_policy("[counting]\nhybrid_counts_as_online = false\n")
    assert [f.severity for f in run(*items, policy=strict, as_of=dt.date(2027, 1, 2)).findings if f.code == "MR302"] == [
        Severity.ERROR
    ]


def _wide(uid, year, month, day=10):
    return meeting(uid, dt.datetime(year, month, day, 8, tzinfo=TZ), dt.datetime(year, month, day, 10, tzinfo=TZ),
                   scope=Scope.SECTOR_WIDE, title=f"Giao ban toàn ngành {uid}")


def test_reduction_without_baseline_says_no_baseline():
    """Without last year's data or a policy baseline, MR303 says 'no baseline' and never guesses."""
    r = run(_wide("a", 2026, 2), _wide("b", 2026, 3))
    [f] = [f for f in r.findings if f.code == "MR303"]
    assert f.severity is Severity.INFO
    assert f.message_en == (
        "(whole calendar): 2 province-/sector-wide conferences and meetings in 2026; "
        "no baseline for 2025, so the 10% reduction cannot be judged."
    )


def test_reduction_against_last_years_data():
    """10 wide gatherings in 2025 and 10 in 2026 miss the 10% cut: an error once 2026 has ended."""
    last = [_wide(f"o{i}", 2025, 1 + i) for i in range(10)]
    now = [_wide(f"n{i}", 2026, 1 + i) for i in range(10)]
    r = run(*last, *now, as_of=dt.date(2027, 1, 3))
    [f] = [f for f in r.findings if f.code == "MR303"]
    assert (f.severity, f.measured, f.limit) == (Severity.ERROR, 10, 9)
    assert r.summary.checked == 10 and r.summary.excluded == 10


def test_reduction_met_against_policy_baseline():
    """9 wide gatherings against a policy baseline of 10 meet the target mid-year, with 0 left."""
    policy = load_policy("[[baselines]]\nyear = 2025\nwide_gatherings = 10\n")
    r = run(*[_wide(f"n{i}", 2026, 1 + i) for i in range(9)], policy=policy)
    [f] = [f for f in r.findings if f.code == "MR303"]
    assert (f.severity, f.measured, f.limit) == (Severity.INFO, 9, 9)
    assert f.message_en.endswith("On track: 0 more can be held this year.")


# -- MR401–MR403 -------------------------------------------------------------------------


def test_overlap_for_the_same_chair():
    """Two meetings chaired by the same person at overlapping times give MR401 on the later one."""
    a = meeting("a", at(2026, 4, 1, 8), at(2026, 4, 1, 10), organizer="Nguyễn Văn A")
    b = meeting("b", at(2026, 4, 1, 9), at(2026, 4, 1, 11), organizer="Nguyen Van A")
    r = run(a, b)
    [f] = [f for f in r.findings if f.code == "MR401"]
    assert (f.uid, f.related) == ("b", ("a",))
    assert f.message_en == "Overlaps 'Họp a' (2026-04-01 08:00) for the same chair."


def test_mr401_names_the_chair_whatever_the_hash_seed():
    """Two meetings sharing their chair and an attendee are said to clash for the chair, under every hash seed."""
    import subprocess
    import sys

    from tests.paths import ROOT

    code = (
        "from tests.rules.test_rules import run, meeting, at\n"
        "a = meeting('a', at(2026, 4, 1, 8), at(2026, 4, 1, 10), organizer='Chủ tịch', attendees=['Giám đốc Sở'])\n"
        "b = meeting('b', at(2026, 4, 1, 9), at(2026, 4, 1, 11), organizer='Chủ tịch', attendees=['Giám đốc Sở'])\n"
        "print([f.message_en for f in run(a, b).findings if f.code == 'MR401'])\n"
    )
    said = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        ).stdout.strip()
        for seed in range(5)
    }
    assert said == {"[\"Overlaps 'Họp a' (2026-04-01 08:00) for the same chair.\"]"}


def test_back_to_back_meetings_do_not_overlap():
    """A meeting ending at 10:00 and one starting at 10:00 do not overlap."""
    a = meeting("a", at(2026, 4, 1, 8), at(2026, 4, 1, 10), attendees=["Trần B"])
    b = meeting("b", at(2026, 4, 1, 10), at(2026, 4, 1, 11), attendees=["Trần B"])
    assert codes(run(a, b), "MR401") == []


def test_overlap_sweep_finds_a_long_meeting_spanning_many():
    """A long meeting overlapping three short ones gives three findings, once each."""
    long = meeting("long", at(2026, 4, 1, 7), at(2026, 4, 1, 17), attendees=["X"])
    short = [meeting(f"s{h}", at(2026, 4, 1, h), at(2026, 4, 1, h, 30), attendees=["X"]) for h in (8, 10, 14)]
    r = run(long, *short)
    assert sorted(f.uid for f in r.findings if f.code == "MR401") == ["s10", "s14", "s8"]


def test_duplicate_is_flagged_and_counted_once():
    """The same meeting in two files gets MR402 and is counted once."""
    a = _province_wide("same", 2, source=SourceRef(origin="a.ics", uid="same", component=0))
    b = _province_wide("same", 2, source=SourceRef(origin="b.ics", uid="same", component=0))
    r = run(a, b, _province_wide("p2", 3))
    assert codes(r, "MR402") == ["MR402"]
    assert codes(r, "MR301") == []
    assert len(r.gatherings) == 2


def test_commune_rebriefing_a_topic_delivered_online():
    """A commune briefing on KL 226 after the province's online briefing gets MR403."""
    province = conference("p", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.BRIEFING, scope=Scope.PROVINCE_WIDE,
                          level=Level.PROVINCE, format=Format.ONLINE, topics=["226-kl/tw"], title="Quán triệt KL 226")
    commune = conference("x", at(2026, 3, 9, 8), at(2026, 3, 9, 10), Kind.BRIEFING, level=Level.COMMUNE,
                         topics=["226-kl/tw"], title="Xã quán triệt KL 226")
    other = conference("y", at(2026, 3, 9, 14), at(2026, 3, 9, 16), Kind.BRIEFING, level=Level.COMMUNE,
                       topics=["18-nq/tw"], title="Xã quán triệt NQ 18")
    r = run(province, commune, other)
    [f] = [f for f in r.findings if f.code == "MR403"]
    assert (f.uid, f.related) == ("x", ("p",))
    assert f.message_vi == (
        "Nội dung 226-KL/TW đã được triển khai trực tuyến tới cấp xã tại 'Quán triệt KL 226' (08:00 02/03/2026)."
    )


def test_in_person_province_briefing_does_not_trigger_mr403():
    """A topic the province briefed in person only may be re-briefed by a commune."""
    province = conference("p", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.BRIEFING, scope=Scope.PROVINCE_WIDE,
                          level=Level.PROVINCE, format=Format.IN_PERSON, topics=["226-kl/tw"])
    commune = conference("x", at(2026, 3, 9, 8), at(2026, 3, 9, 10), Kind.BRIEFING, level=Level.COMMUNE, topics=["226-kl/tw"])
    assert codes(run(province, commune), "MR403") == []


# -- selection and severity --------------------------------------------------------------


def test_select_and_ignore_by_prefix():
    """--select MR1 --ignore MR104 keeps MR101–MR103 only."""
    c = conference("c", at(2026, 3, 2), at(2026, 3, 4), Kind.UNCLASSIFIED, all_day=True)
    b = conference("b", at(2026, 3, 10, 7), at(2026, 3, 10, 12), Kind.BRIEFING)
    r = run(c, b, select=["MR1"], ignore=["MR104"])
    assert codes(r) == ["MR101"]


def test_severity_override_from_policy():
    """A policy can raise MR205 to an error."""
    policy = load_policy('[rules.severity]\nMR205 = "error"\n')
    c = conference("c", at(2026, 3, 2, 8), at(2026, 3, 2, 11), Kind.TECHNICAL,
                   agenda=[item(AgendaKind.OTHER, 150), item(AgendaKind.DISCUSSION, 30)])
    [f] = [f for f in run(c, policy=policy).findings if f.code == "MR205"]
    assert f.severity is Severity.ERROR


def test_tentative_meetings_count_by_policy_switch():
    """A tentative meeting counts by default and is excluded when the policy says so."""
    t = meeting("t", at(2026, 3, 2, 8), at(2026, 3, 2, 9), status=Status.TENTATIVE)
    assert run(t).summary.checked == 1
    assert run(t, policy=load_policy("[counting]\ntentative_counts = false\n")).summary.excluded == 1


def test_accounting_identity_holds():
    """read = checked + excluded + rejected for meetings given through the API."""
    r = run(_province_wide("a", 1), meeting("o", at(2025, 3, 1, 8), at(2025, 3, 1, 9)),
            meeting("c", at(2026, 3, 1, 8), at(2026, 3, 1, 9), status=Status.CANCELLED))
    s = r.summary
    assert (s.read, s.checked, s.excluded, s.rejected) == (3, 1, 2, 0)


def test_missing_baseline_of_one_unit_is_not_read_as_zero():
    """Last year's data of one unit is no baseline for another unit with no data that year."""
    a_last = [_wide(f"a-old{i}", 2025, 1 + i) for i in range(3)]
    a_now = [_wide(f"a-new{i}", 2026, 1 + i) for i in range(3)]
    b_now = [meeting("b1", at(2026, 5, 5, 8), at(2026, 5, 5, 9), scope=Scope.SECTOR_WIDE, unit="Sở Tài chính", title="GB")]
    a_last = [attrs_evolve(m, unit="Văn phòng") for m in a_last]
    a_now = [attrs_evolve(m, unit="Văn phòng") for m in a_now]
    r = run(*a_last, *a_now, *b_now)
    found = {f.unit: (f.severity, f.limit) for f in r.findings if f.code == "MR303"}
    assert found == {"Văn phòng": (Severity.WARNING, 2), "Sở Tài chính": (Severity.INFO, None)}


def attrs_evolve(meeting, **changes):
    import attrs

    return attrs.evolve(meeting, **changes)


def test_targets_are_judged_over_a_given_period():
    """With a cut-off year (15/12/2025–14/12/2026) as target period, a December 2025 conference counts for 2026."""
    from meetingrules.rules import TargetPeriod

    december = conference("d", at(2025, 12, 20, 8), at(2025, 12, 20, 11), Kind.TECHNICAL,
                          scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE)
    items = [december, _province_wide("p1", 3), _province_wide("p2", 9)]
    cutoff = Window.dates(dt.date(2025, 12, 15), dt.date(2026, 12, 14), TZ)
    period = TargetPeriod(cutoff, False, Window.dates(dt.date(2024, 12, 15), dt.date(2025, 12, 14), TZ),
                          "năm 2026 (15/12/2025–14/12/2026)", "2026 (15/12/2025–14/12/2026)", "năm 2025", "2025", 2025)
    r = check(items, POLICY, window=cutoff, as_of=MID_YEAR, targets=[period])
    [f] = [f for f in r.findings if f.code == "MR301"]
    assert f.uid == "p2"
    assert f.message_vi == (
        "Đây là hội nghị quy mô toàn tỉnh thứ 3 của cấp tỉnh năm 2026 (15/12/2025–14/12/2026); tối đa 2 hội nghị mỗi năm."
    )
    assert codes(run(*items), "MR301") == []  # by calendar year 2026 there are only two


def test_office_mailbox_organiser_can_be_left_out_of_overlaps():
    """With organizer_overlaps = false, two parallel meetings of one office mailbox are not an overlap."""
    a = meeting("a", at(2026, 4, 1, 8), at(2026, 4, 1, 10), organizer="Văn phòng UBND tỉnh", attendees=["Chủ tịch"])
    b = meeting("b", at(2026, 4, 1, 9), at(2026, 4, 1, 11), organizer="Văn phòng UBND tỉnh", attendees=["Phó Chủ tịch"])
    assert codes(run(a, b), "MR401") == ["MR401"]
    policy = load_policy("[counting]\norganizer_overlaps = false\n")
    assert codes(run(a, b, policy=policy), "MR401") == []
    c = meeting("c", at(2026, 4, 1, 9), at(2026, 4, 1, 11), organizer="Văn phòng UBND tỉnh", attendees=["Chủ tịch"])
    assert codes(run(a, c, policy=policy), "MR401") == ["MR401"]  # the same chair still overlaps


def test_a_tools_own_note_outside_the_catalogue_becomes_a_finding():
    """A Notice with a code the catalogue does not know is reported with its own words and no rule title."""
    from meetingrules import Notice

    note = Notice("X-TOOL-1", "Chưa có phòng họp", "No room booked", Severity.WARNING)
    m = meeting("n", at(2026, 4, 1, 8), at(2026, 4, 1, 9), notices=[note])
    [f] = [f for f in run(m).findings if f.code == "X-TOOL-1"]
    assert (f.severity, f.message_vi, f.message_en, f.title("en"), f.hint("en"), f.uid) == (
        Severity.WARNING, "Chưa có phòng họp", "No room booked", "", "", "n")


# -- which gatherings a rule sees ----------------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.BRIEFING, Kind.TECHNICAL, Kind.IMPORTANT, Kind.UNCLASSIFIED])
def test_rules_for_conferences_only_say_nothing_about_a_plain_meeting(kind):
    """A rule declared for conferences only finds nothing in a plain meeting that would break it as a conference."""
    from meetingrules.rules import MEETING_RULES, rule
    from meetingrules.rules.base import Context
    from meetingrules.schedule import group

    agenda = (
        item(AgendaKind.OPENING, 30), item(AgendaKind.CONTRIBUTION, 30), item(AgendaKind.CONCLUSION, 90),
        item(AgendaKind.REPORT, 30, "Đọc báo cáo"),
    )
    start, end = at(2026, 3, 2, 7, 30), at(2026, 3, 4, 17, 30)
    as_conference = conference("c", start, end, kind, agenda=agenda)
    as_meeting = meeting("m", start, end, agenda=agenda)
    context = Context(policy=POLICY, window=YEAR, as_of=MID_YEAR, gatherings=(), previous=None)
    [g_conference], [g_meeting] = group([as_conference], POLICY), group([as_meeting], POLICY)
    only_conferences = [code for code in MEETING_RULES if rule(code).conferences]
    assert only_conferences
    found = {code: list(MEETING_RULES[code](g_conference, context)) for code in only_conferences}
    assert all(found[code] for code in ("MR104", "MR201", "MR202", "MR203", "MR204", "MR205"))
    assert [f for code in only_conferences for f in MEETING_RULES[code](g_meeting, context)] == []
