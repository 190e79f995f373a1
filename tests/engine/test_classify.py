"""Classifying events into meetings (SPEC §5): explicit metadata, categories, keywords, signals."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingrules.classify import build_meeting, build_meetings, organizer_name, parse_waivers
from meetingrules.model import (
    AgendaItem,
    AgendaKind,
    EventData,
    Format,
    Kind,
    Level,
    MeetingClass,
    Notice,
    Reason,
    Scope,
    Severity,
    SourceRef,
    Status,
    Waiver,
)
from meetingrules.policy import Policy, load_policy
from tests.helpers import at

POLICY = Policy.builtin()


def event(summary: str = "", **kw) -> EventData:
    kw.setdefault("uid", "ev-1")
    kw.setdefault("start", at(2026, 5, 15, 8))
    kw.setdefault("end", at(2026, 5, 15, 11, 30))
    return EventData(summary=summary, **kw)


def classify(summary: str = "", policy: Policy = POLICY, **kw):
    return build_meeting(event(summary, **kw), policy)


def test_quan_triet_summary_is_briefing_conference():
    """A summary with 'Quán triệt' is a briefing conference, with the keyword as its reason."""
    meeting = classify("Hội nghị quán triệt Kết luận 226-KL/TW")
    assert (meeting.meeting_class, meeting.kind) == (MeetingClass.CONFERENCE, Kind.BRIEFING)
    assert meeting.reasons == (
        Reason("class", "conference", "keyword", "SUMMARY: 'quán triệt'"),
        Reason("kind", "briefing", "keyword", "SUMMARY: 'quán triệt'"),
        Reason("format", "in-person", "default", ""),
    )
    assert meeting.topics == ("226-kl/tw",)
    assert meeting.notices == ()


def test_accent_and_case_insensitive_keywords():
    """'HOI NGHI quan triet' without accents classifies as 'Hội nghị quán triệt' does."""
    plain, accented = classify("HOI NGHI quan triet"), classify("Hội nghị quán triệt")
    assert (plain.meeting_class, plain.kind, plain.reasons) == (accented.meeting_class, accented.kind, accented.reasons)


def test_explicit_kind_beats_keywords():
    """X-MEETINGRULES-KIND decides the kind even when the summary names another."""
    meeting = classify("Hội nghị tổng kết công tác năm", properties={"KIND": "Briefing"})
    assert (meeting.meeting_class, meeting.kind) == (MeetingClass.CONFERENCE, Kind.BRIEFING)
    assert meeting.reasons_for("class") == (Reason("class", "conference", "property", "X-MEETINGRULES-KIND:Briefing"),)
    assert meeting.reasons_for("kind") == (Reason("kind", "briefing", "property", "X-MEETINGRULES-KIND:Briefing"),)


@pytest.mark.parametrize(
    ("value", "meeting_class", "kind"),
    [
        ("technical", MeetingClass.CONFERENCE, Kind.TECHNICAL),
        ("IMPORTANT", MeetingClass.CONFERENCE, Kind.IMPORTANT),
        ("conference", MeetingClass.CONFERENCE, Kind.UNCLASSIFIED),
        ("meeting", MeetingClass.MEETING, None),
        ("not-a-meeting", MeetingClass.NOT_A_MEETING, None),
        ("Not a meeting", MeetingClass.NOT_A_MEETING, None),
    ],
)
def test_explicit_kind_values(value, meeting_class, kind):
    """Every X-MEETINGRULES-KIND value maps to its class and kind, case-insensitively."""
    meeting = classify("Hội nghị quán triệt", properties={"KIND": value})
    assert (meeting.meeting_class, meeting.kind) == (meeting_class, kind)


def test_explicit_not_a_meeting_beats_conference_words():
    """X-MEETINGRULES-KIND:not-a-meeting excludes an event titled as a conference."""
    meeting = classify("Hội nghị toàn tỉnh", properties={"KIND": "not-a-meeting"})
    assert meeting.reasons_for("class") == (
        Reason("class", "not-a-meeting", "property", "X-MEETINGRULES-KIND:not-a-meeting"),
    )


def test_unknown_kind_value_gives_mr005_and_falls_back():
    """An unknown X-MEETINGRULES-KIND value is an MR005 warning, and keywords decide instead."""
    meeting = classify("Hội nghị quán triệt", properties={"KIND": "seminar"})
    allowed = "briefing, technical, important, conference, meeting, not-a-meeting"
    assert meeting.notices == (
        Notice(
            "MR005",
            f"X-MEETINGRULES-KIND có giá trị không hợp lệ 'seminar'; các giá trị hợp lệ: {allowed}. "
            "Đã bỏ qua thuộc tính này.",
            f"X-MEETINGRULES-KIND has an unknown value 'seminar'; allowed values: {allowed}. "
            "The property was ignored.",
            Severity.WARNING,
        ),
    )
    assert (meeting.meeting_class, meeting.kind) == (MeetingClass.CONFERENCE, Kind.BRIEFING)


@pytest.mark.parametrize(("name", "value"), [("SCOPE", "national"), ("FORMAT", "remote"), ("LEVEL", "district")])
def test_unknown_values_of_other_properties_give_mr005(name, value):
    """Unknown SCOPE, FORMAT and LEVEL values are MR005 warnings naming the property."""
    meeting = classify("Họp", properties={name: value})
    assert [n.code for n in meeting.notices] == ["MR005"]
    assert meeting.notices[0].message_en.startswith(f"X-MEETINGRULES-{name} has an unknown value '{value}'")


def test_unknown_property_name_gives_mr005():
    """A misspelt X-MEETINGRULES property is reported, not silently dropped."""
    meeting = classify("Họp", properties={"X-MEETINGRULES-KINDS": "briefing"})
    assert [n.code for n in meeting.notices] == ["MR005"]
    assert meeting.notices[0].message_en.startswith("X-MEETINGRULES-KINDS is not a known property")
    assert meeting.meeting_class is MeetingClass.MEETING


def test_event_notices_are_kept():
    """Notices a reader attached to the event come first in the meeting's notices."""
    reader = Notice("MR007", "vi", "en", Severity.WARNING)
    meeting = classify("Họp", properties={"FORMAT": "x"}, notices=[reader])
    assert [n.code for n in meeting.notices] == ["MR007", "MR005"]


def test_categories_map_kind():
    """A CATEGORIES value mapped in the policy gives class and kind, with the label as reason."""
    meeting = classify("Lịch làm việc", categories=["Hội nghị chuyên môn"])
    assert (meeting.meeting_class, meeting.kind) == (MeetingClass.CONFERENCE, Kind.TECHNICAL)
    assert meeting.reasons_for("class") + meeting.reasons_for("kind") == (
        Reason("class", "conference", "categories", "Hội nghị chuyên môn"),
        Reason("kind", "technical", "categories", "Hội nghị chuyên môn"),
    )


def test_categories_beat_keywords_and_property_beats_categories():
    """CATEGORIES beat summary keywords; X-MEETINGRULES-KIND beats CATEGORIES."""
    by_category = classify("Hội nghị quán triệt", categories=["Tiếp công dân"])
    assert by_category.meeting_class is MeetingClass.NOT_A_MEETING
    by_property = classify("Hội nghị quán triệt", categories=["Tiếp công dân"], properties={"KIND": "important"})
    assert (by_property.meeting_class, by_property.kind) == (MeetingClass.CONFERENCE, Kind.IMPORTANT)


def test_category_conference_kind_is_refined_by_keywords():
    """A 'Hội nghị' category gives the class; the summary's keyword still gives the kind."""
    meeting = classify("Tập huấn nghiệp vụ", categories=["hoi nghi"])
    assert meeting.reasons_for("class") + meeting.reasons_for("kind") == (
        Reason("class", "conference", "categories", "hoi nghi"),
        Reason("kind", "technical", "keyword", "SUMMARY: 'tập huấn'"),
    )


def test_comma_joined_categories_and_format_category():
    """A comma-joined CATEGORIES value is read label by label."""
    meeting = classify("Lịch", categories=["Hội nghị quan trọng,Trực tuyến"])
    assert (meeting.kind, meeting.format) == (Kind.IMPORTANT, Format.ONLINE)
    assert meeting.reasons_for("format") == (Reason("format", "online", "categories", "Trực tuyến"),)


def test_policy_categories_are_used():
    """Categories added in a policy file map as the built-in ones do."""
    policy = Policy.builtin().with_overrides({"categories": {"Toàn tỉnh": "scope:province-wide"}})
    meeting = classify("Họp", policy=policy, categories=["TOÀN TỈNH"])
    assert meeting.scope is Scope.PROVINCE_WIDE
    assert meeting.reasons_for("scope") == (Reason("scope", "province-wide", "categories", "TOÀN TỈNH"),)


@pytest.mark.parametrize(
    ("summary", "meeting_class", "kind", "evidence"),
    [
        ("Đi công tác Hà Nội", MeetingClass.NOT_A_MEETING, None, "SUMMARY: 'đi công tác'"),
        ("Tiếp công dân định kỳ", MeetingClass.NOT_A_MEETING, None, "SUMMARY: 'tiếp công dân'"),
        ("Hội nghị chuyên môn ngành Y tế", MeetingClass.CONFERENCE, Kind.TECHNICAL, "SUMMARY: 'hội nghị chuyên môn'"),
        ("Hội nghị cho ý kiến dự thảo Quy hoạch", MeetingClass.CONFERENCE, Kind.IMPORTANT, "SUMMARY: 'cho ý kiến dự thảo'"),
        ("Họp giao ban tuần", MeetingClass.MEETING, None, "SUMMARY: 'họp'"),
        ("Weekly review meeting", MeetingClass.MEETING, None, "SUMMARY: 'review'"),
    ],
)
def test_keyword_tables_in_order(summary, meeting_class, kind, evidence):
    """not_a_meeting, then kinds, then conference, then meeting decide; evidence is the leftmost keyword."""
    meeting = classify(summary)
    assert (meeting.meeting_class, meeting.kind) == (meeting_class, kind)
    assert meeting.reasons_for("class")[0] == Reason("class", meeting_class.value, "keyword", evidence)


def test_conference_without_kind_is_unclassified():
    """'Hội nghị' with no kind keyword is a conference of unknown kind, by default."""
    meeting = classify("Hội nghị triển khai nhiệm vụ năm 2026")
    assert (meeting.meeting_class, meeting.kind) == (MeetingClass.CONFERENCE, Kind.UNCLASSIFIED)
    assert meeting.reasons_for("kind") == (Reason("kind", "unclassified", "default", ""),)


def test_summary_decides_before_description():
    """The summary's keyword decides the class before the description's."""
    meeting = classify("Họp giao ban", description="Quán triệt Kết luận 226-KL/TW")
    assert meeting.meeting_class is MeetingClass.MEETING


def test_description_gives_kind_of_a_summary_conference():
    """A conference named in the summary takes its kind from the description."""
    meeting = classify("Hội nghị", description="Nội dung: quán triệt Nghị quyết 18-NQ/TW")
    assert meeting.reasons_for("kind") == (Reason("kind", "briefing", "keyword", "DESCRIPTION: 'quán triệt'"),)
    assert meeting.topics == ("18-nq/tw",)


def test_location_is_read_last():
    """With nothing in summary or description, the location's keywords decide."""
    meeting = classify("Lịch tuần", location="Phòng họp số 2")
    assert meeting.reasons_for("class") == (Reason("class", "meeting", "keyword", "LOCATION: 'họp'"),)


def test_whole_words_only():
    """A keyword inside a longer word does not match ('hop' in 'hopdong')."""
    meeting = classify("Ky hopdong")
    assert meeting.reasons_for("class") == (Reason("class", "meeting", "default", ""),)


def test_nothing_matches_gives_default_meeting_in_person():
    """An event with no signal is a meeting held in person, both by default."""
    meeting = classify("Lịch cá nhân")
    assert (meeting.meeting_class, meeting.kind, meeting.scope, meeting.format, meeting.level, meeting.unit) == (
        MeetingClass.MEETING, None, None, Format.IN_PERSON, None, "",
    )
    assert meeting.reasons == (
        Reason("class", "meeting", "default", ""),
        Reason("format", "in-person", "default", ""),
    )


@pytest.mark.parametrize(
    ("summary", "scope", "evidence"),
    [
        ("Hội nghị toàn tỉnh", Scope.PROVINCE_WIDE, "SUMMARY: 'toàn tỉnh'"),
        ("Hội nghị toàn ngành Giáo dục", Scope.SECTOR_WIDE, "SUMMARY: 'toàn ngành'"),
        ("Hội nghị toàn xã", Scope.COMMUNE_WIDE, "SUMMARY: 'toàn xã'"),
        ("Họp nội bộ", Scope.UNIT, "SUMMARY: 'nội bộ'"),
    ],
)
def test_scope_keywords(summary, scope, evidence):
    """Scope keywords give the scope, with the keyword as reason."""
    assert classify(summary).reasons_for("scope") == (Reason("scope", scope.value, "keyword", evidence),)


def test_explicit_scope_beats_keywords():
    """X-MEETINGRULES-SCOPE beats a scope keyword."""
    meeting = classify("Hội nghị toàn tỉnh", properties={"SCOPE": "Sector-Wide"})
    assert meeting.scope is Scope.SECTOR_WIDE
    assert meeting.reasons_for("scope") == (Reason("scope", "sector-wide", "property", "X-MEETINGRULES-SCOPE:Sector-Wide"),)


def test_no_scope_is_none():
    """Without a scope signal the scope is None and has no reason."""
    meeting = classify("Hội nghị")
    assert (meeting.scope, meeting.reasons_for("scope")) == (None, ())


def test_online_signal_gives_online():
    """A reader's online signal (CONFERENCE property) makes the meeting online."""
    meeting = classify("Hội nghị", online_signals=["CONFERENCE:https://meet.google.com/abc-defg-hij"])
    assert meeting.reasons_for("format") == (
        Reason("format", "online", "online-signal", "CONFERENCE:https://meet.google.com/abc-defg-hij"),
    )


def test_online_signal_with_in_person_word_gives_hybrid():
    """An online signal plus an in-person word is hybrid, with both reasons."""
    meeting = classify(
        "Họp", description="Họp trực tiếp tại hội trường", online_signals=["X-MICROSOFT-SKYPETEAMSMEETINGURL"]
    )
    assert meeting.format is Format.HYBRID
    assert meeting.reasons_for("format") == (
        Reason("format", "hybrid", "online-signal", "X-MICROSOFT-SKYPETEAMSMEETINGURL"),
        Reason("format", "hybrid", "keyword", "DESCRIPTION: 'trực tiếp'"),
    )


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("description", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x"),
        ("location", "https://us02web.zoom.us/j/123456789?pwd=abc"),
        ("description", "meet.google.com/abc-defg-hij"),
    ],
)
def test_meeting_urls_give_online(field, url):
    """A meeting URL of a known host in DESCRIPTION or LOCATION makes the meeting online."""
    meeting = classify("Hội nghị", **{field: f"Tham gia: {url}."})
    assert meeting.reasons_for("format") == (Reason("format", "online", "online-signal", f"{field.upper()}: {url}"),)


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://MEET.GOOGLE.COM/abc-defg-hij",
        "https://zoom.u\u017f/j/1",  # long s: "s" to a case-insensitive pattern
        "https://meet.j\u0131t.si/room",  # dotless i: "i" to a case-insensitive pattern
        "https://teams.m\u0130crosoft.com/l/x",  # dotted capital I: "i" as well
    ],
)
def test_meeting_urls_match_as_case_insensitive_patterns_do(url):
    """A host written in capitals or with letters a case-insensitive pattern equates with ASCII ones is still found."""
    meeting = classify("Hội nghị", description=f"Tham gia: {url}.")
    assert meeting.reasons_for("format") == (Reason("format", "online", "online-signal", f"DESCRIPTION: {url}"),)


def test_unknown_url_host_is_not_online():
    """A URL of another host is no online signal."""
    meeting = classify("Hội nghị", description="Tài liệu: https://hungyen.gov.vn/tai-lieu")
    assert meeting.format is Format.IN_PERSON


@pytest.mark.parametrize(
    ("summary", "meeting_format", "evidence"),
    [
        ("Hội nghị trực tuyến toàn tỉnh", Format.ONLINE, "SUMMARY: 'trực tuyến'"),
        ("Hoi nghi truc tiep ket hop truc tuyen", Format.HYBRID, "SUMMARY: 'trực tiếp kết hợp trực tuyến'"),
        ("Hội nghị trực tiếp", Format.IN_PERSON, "SUMMARY: 'trực tiếp'"),
        ("Hội nghị qua điểm cầu", Format.ONLINE, "SUMMARY: 'điểm cầu'"),
    ],
)
def test_format_keywords(summary, meeting_format, evidence):
    """Format keywords: hybrid first, then online, then in person."""
    assert classify(summary).reasons_for("format") == (Reason("format", meeting_format.value, "keyword", evidence),)


def test_explicit_format_beats_signals():
    """X-MEETINGRULES-FORMAT beats an online signal."""
    meeting = classify("Họp", properties={"FORMAT": "in person"}, online_signals=["CONFERENCE:https://zoom.us/j/1"])
    assert meeting.reasons_for("format") == (Reason("format", "in-person", "property", "X-MEETINGRULES-FORMAT:in person"),)


def calendar_policy() -> Policy:
    return Policy.builtin().with_overrides(
        {"calendars": [{"match": "so-y-te", "unit": "Sở Y tế", "level": "province"}]}
    )


def test_calendar_mapping_gives_unit_and_level():
    """A calendar mapped in the policy gives the unit and level, with the mapping as reason."""
    meeting = classify("Họp", policy=calendar_policy(), source=SourceRef(origin="/lich/Sở-Y-tế/2026.ics"))
    assert (meeting.unit, meeting.level) == ("Sở Y tế", Level.PROVINCE)
    assert meeting.reasons_for("level") + meeting.reasons_for("unit") == (
        Reason("level", "province", "calendar", "so-y-te"),
        Reason("unit", "Sở Y tế", "calendar", "so-y-te"),
    )


def test_calendar_name_is_matched_too():
    """The calendar name (not only the file path) is matched against the mappings, without accents."""
    policy = Policy.builtin().with_overrides({"calendars": [{"match": "Sở Y tế", "unit": "Sở Y tế"}]})
    meeting = classify("Họp", policy=policy, source=SourceRef(origin="a.ics", calendar="Lich so y te"))
    assert (meeting.unit, meeting.level) == ("Sở Y tế", None)
    assert meeting.reasons_for("unit") == (Reason("unit", "Sở Y tế", "calendar", "Sở Y tế"),)


def test_explicit_unit_and_level_beat_calendar():
    """X-MEETINGRULES-UNIT and -LEVEL beat the calendar mapping."""
    meeting = classify(
        "Họp",
        policy=calendar_policy(),
        source=SourceRef(origin="so-y-te.ics"),
        properties={"UNIT": "UBND xã Tân Hưng", "LEVEL": "Commune"},
    )
    assert (meeting.unit, meeting.level) == ("UBND xã Tân Hưng", Level.COMMUNE)
    assert meeting.reasons_for("level") + meeting.reasons_for("unit") == (
        Reason("level", "commune", "property", "X-MEETINGRULES-LEVEL:Commune"),
        Reason("unit", "UBND xã Tân Hưng", "property", "X-MEETINGRULES-UNIT:UBND xã Tân Hưng"),
    )


def test_level_and_unit_from_organizer():
    """Without settings, the organiser's name gives the unit and its level keyword the level."""
    meeting = classify("Họp", organizer="CN=Văn phòng UBND tỉnh:mailto:vp@hungyen.gov.vn")
    assert (meeting.unit, meeting.level) == ("Văn phòng UBND tỉnh", Level.PROVINCE)
    assert meeting.reasons_for("level") + meeting.reasons_for("unit") == (
        Reason("level", "province", "keyword", "ORGANIZER: 'văn phòng ubnd tỉnh'"),
        Reason("unit", "Văn phòng UBND tỉnh", "property", "ORGANIZER: Văn phòng UBND tỉnh"),
    )


def test_level_from_summary_keyword():
    """A commune-level keyword in the summary gives the commune level."""
    meeting = classify("Hội nghị toàn xã của Đảng ủy xã Tân Hưng")
    assert meeting.reasons_for("level") == (Reason("level", "commune", "keyword", "SUMMARY: 'đảng ủy xã'"),)


@pytest.mark.parametrize(
    ("organizer", "name"),
    [
        ("CN=Sở Y tế:mailto:syt@hungyen.gov.vn", "Sở Y tế"),
        ('CN="Sở Tài chính";ROLE=CHAIR:mailto:stc@hungyen.gov.vn', "Sở Tài chính"),
        ('"Văn phòng UBND tỉnh" <vp@hungyen.gov.vn>', "Văn phòng UBND tỉnh"),
        ("mailto:vp@hungyen.gov.vn", ""),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("", ""),
    ],
)
def test_organizer_name(organizer, name):
    """The organiser's CN or display name is read; a bare address gives no name."""
    assert organizer_name(organizer) == name


def test_event_waiver_with_several_codes():
    """X-MEETINGRULES-WAIVE with 'MR101,MR103;reason=…;by=…' waives both codes."""
    meeting = classify(
        "Hội nghị quán triệt",
        properties={"WAIVE": "MR101,MR103;reason=Hội nghị đặc biệt;by=Chủ tịch UBND tỉnh"},
    )
    assert meeting.waivers == (
        Waiver("MR101", "Hội nghị đặc biệt", "Chủ tịch UBND tỉnh", "event"),
        Waiver("MR103", "Hội nghị đặc biệt", "Chủ tịch UBND tỉnh", "event"),
    )
    assert meeting.notices == ()


def test_waivers_on_several_lines():
    """Several waivers joined by new lines are each read, with their own reason."""
    waivers, notices = parse_waivers("MR103;reason=Đặc biệt;by=Chủ tịch\nmr205;reason=Không cần thảo luận")
    assert waivers == (
        Waiver("MR103", "Đặc biệt", "Chủ tịch", "event"),
        Waiver("MR205", "Không cần thảo luận", "", "event"),
    )
    assert notices == ()


def test_bad_waiver_code_gives_mr005():
    """A waiver line that names no rule code is an MR005 warning."""
    waivers, notices = parse_waivers("all;reason=x")
    assert waivers == ()
    assert [n.code for n in notices] == ["MR005"]
    assert notices[0].severity is Severity.WARNING


def test_policy_waivers_match_uid_and_occurrence():
    """Policy waivers apply to the event with their UID (and RECURRENCE-ID, when given)."""
    policy = Policy.builtin().with_overrides(
        {
            "waivers": [
                {"code": "MR103", "uid": "ev-1", "reason": "Phê duyệt", "by": "UBND tỉnh"},
                {"code": "MR101", "uid": "ev-1", "recurrence_id": "20260515T080000"},
                {"code": "MR102", "uid": "ev-1", "recurrence_id": "20260601T080000"},
                {"code": "MR104", "uid": "other"},
            ]
        }
    )
    meeting = classify(
        "Hội nghị",
        policy=policy,
        properties={"WAIVE": "MR201"},
        source=SourceRef(uid="ev-1", recurrence_id="2026-05-15T08:00:00+07:00"),
    )
    assert meeting.waivers == (
        Waiver("MR201", "", "", "event"),
        Waiver("MR103", "Phê duyệt", "UBND tỉnh", "policy"),
        Waiver("MR101", "", "", "policy"),
    )


def test_property_agenda_wins_over_description():
    """X-MEETINGRULES-AGENDA is the agenda even when the description has one."""
    meeting = classify(
        "Hội nghị",
        description="08:00-08:30 Khai mạc",
        properties={"AGENDA": "opening=10;conclusion=45"},
    )
    assert meeting.agenda == (
        AgendaItem(AgendaKind.OPENING, "Phát biểu khai mạc", 10.0, line="opening=10"),
        AgendaItem(AgendaKind.CONCLUSION, "Kết luận", 45.0, line="conclusion=45"),
    )


def test_description_agenda_and_its_notices():
    """A description agenda is parsed; its unreadable lines become the meeting's MR009 notices."""
    meeting = classify("Hội nghị", description="08:00-08:10 Khai mạc\n08:70-09:00 Tham luận")
    assert meeting.agenda == (
        AgendaItem(AgendaKind.OPENING, "Khai mạc", 10.0, dt.time(8, 0), dt.time(8, 10), None, "08:00-08:10 Khai mạc"),
    )
    assert [n.code for n in meeting.notices] == ["MR009"]


def test_fields_are_copied():
    """Identity, times, people, status and grouping fields are copied from the event."""
    source = SourceRef(origin="a.ics", uid="ev-1", component=3)
    data = event(
        "Hội nghị",
        organizer="mailto:vp@hungyen.gov.vn",
        attendees=["mailto:a@x", "mailto:b@x"],
        status=Status.TENTATIVE,
        related_to="parent-1",
        recurring=True,
        all_day=True,
        properties={"ID": " hn-2026-05 "},
        source=source,
    )
    meeting = build_meeting(data, POLICY)
    assert (
        meeting.uid, meeting.title, meeting.start, meeting.end, meeting.all_day, meeting.organizer,
        meeting.attendees, meeting.status, meeting.related_to, meeting.recurring, meeting.conference_id,
        meeting.source,
    ) == (
        "ev-1", "Hội nghị", data.start, data.end, True, "mailto:vp@hungyen.gov.vn",
        ("mailto:a@x", "mailto:b@x"), Status.TENTATIVE, "parent-1", True, "hn-2026-05", source,
    )


def test_build_meetings_keeps_order_and_uses_default_policy():
    """build_meetings classifies each event in order, with the built-in policy by default."""
    events = [event("Họp giao ban", uid="a"), event("Hội nghị quán triệt", uid="b")]
    meetings = build_meetings(events)
    assert [(m.uid, m.meeting_class, m.kind) for m in meetings] == [
        ("a", MeetingClass.MEETING, None),
        ("b", MeetingClass.CONFERENCE, Kind.BRIEFING),
    ]


def test_policy_keyword_override_changes_classification():
    """Keyword tables are policy data: a policy that extends a table changes the result."""
    policy = Policy.builtin().with_overrides({"keywords": {"extend_briefing": ["học tập chuyên đề"]}})
    meeting = classify("Học tập chuyên đề Bác Hồ", policy=policy)
    assert meeting.reasons_for("kind") == (Reason("kind", "briefing", "keyword", "SUMMARY: 'học tập chuyên đề'"),)


def test_title_head_decides_a_preparatory_meeting():
    """'Họp chuẩn bị Hội nghị quán triệt …' is a meeting, because the title starts with 'Họp'."""
    from meetingrules import EventData, MeetingClass, build_meeting
    from tests.helpers import at

    m = build_meeting(EventData("u", "Họp chuẩn bị Hội nghị quán triệt Kết luận 226-KL/TW", at(2026, 3, 2, 8), at(2026, 3, 2, 9)))
    assert (m.meeting_class, m.kind) == (MeetingClass.MEETING, None)
    assert [r.describe("en") for r in m.reasons_for("class")] == ["class = meeting (SUMMARY: 'họp')"]
    c = build_meeting(EventData("c", "Hội nghị quán triệt Kết luận 226-KL/TW", at(2026, 3, 2, 8), at(2026, 3, 2, 9)))
    assert (c.meeting_class, c.kind.value) == (MeetingClass.CONFERENCE, "briefing")


def test_video_conference_words_mark_online():
    """'Hội nghị truyền hình' (a video conference) is online by the policy's Vietnamese words."""
    from meetingrules import EventData, Format, build_meeting
    from tests.helpers import at

    m = build_meeting(EventData("u", "Hội nghị truyền hình về phòng chống thiên tai", at(2026, 3, 2, 8), at(2026, 3, 2, 9)))
    assert m.format is Format.ONLINE
    assert [r.describe("vi") for r in m.reasons_for("format")] == ["hình thức = trực tuyến (SUMMARY: 'hội nghị truyền hình')"]


def _leftmost_keywords(tables: dict[str, tuple[str, ...]], folded: str) -> dict[str, str]:
    """Per table, its keyword (as written) found leftmost in ``folded`` as whole words, the longest at one place."""
    import re

    from meetingrules.text import fold

    found = {}
    for table, words in tables.items():
        hits = []
        for word in words:
            key = fold(word)
            match = re.search(r"(?<![0-9a-z])" + re.escape(key) + r"(?![0-9a-z])", folded) if key else None
            if match:
                hits.append((match.start(), -len(key), word))
        if hits:
            found[table] = min(hits)[2]
    return found


_TABLES = {name: POLICY.keywords(name) for name in ("not_a_meeting", "important", "technical", "briefing",
                                                      "conference", "meeting", "online", "hybrid", "in_person")}
_PIECES = sorted({w for words in _TABLES.values() for w in words} | {"hội", "nghị", "họp", "x", "trực", "2026"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "-", ", ", "", "\n", "/"])), max_size=8))
def test_keyword_scan_finds_each_tables_leftmost_keyword(parts):
    """One pass over a text finds, for every table, the keyword a search per keyword finds leftmost (then longest)."""
    import meetingrules.classify as classify_module
    from meetingrules.text import fold

    folded = fold("".join(word + sep for word, sep in parts))
    scanner = classify_module._Scanner(_TABLES)
    assert scanner.scan(folded) == _leftmost_keywords(_TABLES, folded)


_FEW = ["", "Hội nghị", "Họp giao ban", "Hội nghị quán triệt", "trực tuyến https://zoom.us/j/1", "Hội trường tỉnh",
        "Tập huấn chuyên môn trực tiếp", "UBND xã", "UBND tỉnh", "Sở Y tế", "Họp trực tuyến", "trực tuyến",
        "Họp hội nghị", "Hội nghị họp"]
_EVENTS = st.builds(
    lambda summary, description, location, organizer, props: event(
        summary, description=description, location=location, organizer=organizer, properties=props
    ),
    st.sampled_from(_FEW), st.sampled_from(_FEW), st.sampled_from(_FEW), st.sampled_from(_FEW),
    st.sampled_from([{}, {"UNIT": "Sở Y tế"}, {"KIND": "briefing"}, {"FORMAT": "online"}, {"ID": "x"}]),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_EVENTS, min_size=1, max_size=30))
def test_remembered_decisions_equal_fresh_ones(events):
    """Events classified one after the other under one policy get what each gets alone under a fresh policy."""
    shared = load_policy("")
    for ev in events:
        assert build_meeting(ev, shared) == build_meeting(ev, load_policy(""))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (event("Họp hội nghị"), event("Hội nghị họp")),  # same keywords, a meeting word leads only one title
        (event("Hội nghị", description="trực tuyến"), event("Hội nghị", description="trực tuyến https://zoom.us/j/1")),
        (event("Hội nghị", organizer="UBND xã"), event("Hội nghị", organizer="UBND tỉnh")),
    ],
)
def test_events_reading_alike_keep_their_own_decisions(first, second):
    """Two events whose words differ only in what one attribute reads are each classified as if alone."""
    shared = load_policy("")
    assert build_meeting(first, shared) == build_meeting(first, load_policy(""))
    assert build_meeting(second, shared) == build_meeting(second, load_policy(""))
