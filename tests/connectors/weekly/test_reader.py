"""The weekly-schedule reader: every date and time form of SPEC §9, sessions, ends, people, accounting."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from connectors.weekly import read_weekly_bytes
from meetingrules import Policy, Window, build_meeting, check

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = Policy.builtin()
YEAR = Window.year(2026, TZ)
HEADER = "UBND TỈNH HƯNG YÊN\nLỊCH CÔNG TÁC TUẦN\n(Tuần 23, từ ngày 01/6/2026 đến ngày 07/6/2026)\n"


def read(text: str, year: int | None = None, window: Window = YEAR):
    return read_weekly_bytes(text.encode("utf-8"), "lich.txt", POLICY, window, year=year)


def at(day: int, hour: int, minute: int = 0, month: int = 6, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def spans(result) -> list[tuple[dt.datetime, dt.datetime, bool]]:
    return [(e.start, e.end, e.properties.get("END-ESTIMATED") == "true") for e in result.events]


def balanced(result) -> bool:
    return result.balanced  # read == items handed over (components) + rejected + outside


# -- times ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, start, end, estimated",
    [
        ("- Họp Ban chỉ đạo chuyển đổi số (8h30)", at(1, 8, 30), at(1, 11, 30), True),
        ("- 8h Họp Ban chỉ đạo chuyển đổi số", at(1, 8), at(1, 11, 30), True),
        ("- 8h00: Họp Ban chỉ đạo chuyển đổi số", at(1, 8), at(1, 11, 30), True),
        ("- 8 giờ Họp Ban chỉ đạo chuyển đổi số", at(1, 8), at(1, 11, 30), True),
        ("- 7 giờ 30’ Họp Ban chỉ đạo chuyển đổi số", at(1, 7, 30), at(1, 11, 30), True),
        ("- 7g30 Họp Ban chỉ đạo chuyển đổi số", at(1, 7, 30), at(1, 11, 30), True),
        ("- 07:30 Họp Ban chỉ đạo chuyển đổi số", at(1, 7, 30), at(1, 11, 30), True),
        ("- 08:00–11:00 Họp Ban chỉ đạo chuyển đổi số", at(1, 8), at(1, 11), False),
        ("- 8h00 Họp Ban chỉ đạo chuyển đổi số (đến 11h)", at(1, 8), at(1, 11), False),
        ("- 14h00: Họp Ban chỉ đạo chuyển đổi số", at(1, 14), at(1, 17, 30), True),
        ("- 12h00: Họp Ban chỉ đạo chuyển đổi số", at(1, 12), at(1, 17, 30), True),
        ("Từ 8h00 đến 11h00: Họp Ban chỉ đạo chuyển đổi số", at(1, 8), at(1, 11), False),
        ("- Lúc 8h30’: Họp Ban chỉ đạo chuyển đổi số", at(1, 8, 30), at(1, 11, 30), True),
        ("- Họp Ban chỉ đạo chuyển đổi số, thời gian: 14 giờ 00", at(1, 14), at(1, 17, 30), True),
    ],
)
def test_every_time_form_gives_its_start_and_end(line, start, end, estimated):
    """Each time form of §9 starts the item; an unwritten end is the end of its session."""
    result = read(HEADER + "Thứ Hai 01/6\n" + line + "\n")
    assert spans(result) == [(start, end, estimated)]
    assert result.events[0].summary == "Họp Ban chỉ đạo chuyển đổi số"


@pytest.mark.parametrize(
    "lines, start, end",
    [
        ("Sáng:\n- Họp Ban chỉ đạo chuyển đổi số", at(1, 7, 30), at(1, 11, 30)),
        ("Chiều:\n- Họp Ban chỉ đạo chuyển đổi số", at(1, 13, 30), at(1, 17, 30)),
        ("Tối:\n- Họp Ban chỉ đạo chuyển đổi số", at(1, 19), at(1, 21)),
        ("Cả ngày: Họp Ban chỉ đạo chuyển đổi số", at(1, 7, 30), at(1, 17, 30)),
        ("Chiều:\n- 2h30: Họp Ban chỉ đạo chuyển đổi số", at(1, 14, 30), at(1, 17, 30)),
        ("Buổi sáng: 9h00 Họp Ban chỉ đạo chuyển đổi số", at(1, 9), at(1, 11, 30)),
    ],
)
def test_sessions_without_a_time_start_at_the_session_start(lines, start, end):
    """An item under Sáng, Chiều, Tối or Cả ngày starts at its session's start and fills it."""
    result = read(HEADER + "Thứ Hai 01/6\n" + lines + "\n")
    assert spans(result) == [(start, end, True)]


def test_policy_working_hours_move_the_sessions():
    """The sessions come from the policy: a summer policy starting at 07:00 moves 'Sáng'."""
    from meetingrules import load_policy

    summer = load_policy(
        '[[sessions]]\nname = "morning"\nstart = "07:00"\nend = "11:00"\n'
        '[[sessions]]\nname = "afternoon"\nstart = "13:30"\nend = "17:00"\n'
    )
    result = read_weekly_bytes((HEADER + "Thứ Hai 01/6\nSáng: Họp giao ban\n").encode(), "x.txt", summer, YEAR)
    assert spans(result) == [(at(1, 7), at(1, 11), True)]


def test_estimated_end_is_the_same_persons_next_item():
    """A leader's 8h item ends at his 9h30 item; another leader's item does not cut it."""
    result = read(
        HEADER + "Thứ Hai 01/6\nSáng:\n- 8h00: PCT Lê Văn Minh họp với Sở Xây dựng\n"
        "- 9h00: Phó Chủ tịch Phạm Thị Hoa họp với Sở Y tế\n- 9h30: PCT Lê Văn Minh làm việc với Sở Tài chính\n"
    )
    assert spans(result) == [
        (at(1, 8), at(1, 9, 30), True), (at(1, 9), at(1, 11, 30), True), (at(1, 9, 30), at(1, 11, 30), True),
    ]
    assert [e.attendees for e in result.events] == [("Lê Văn Minh",), ("Phạm Thị Hoa",), ("Lê Văn Minh",)]
    assert not [f for f in check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1)).findings
                if f.code == "MR401"]


def test_group_words_are_not_people_and_make_no_overlap():
    """'các Phó Chủ tịch' at the same time in two items is no one, so no MR401."""
    result = read(
        HEADER + "Thứ Hai 01/6\n- 14h00: Các Phó Chủ tịch liên quan dự họp thẩm định quy hoạch\n"
        "- 14h00: Lãnh đạo các sở dự họp về giá đất\n"
    )
    assert [e.attendees for e in result.events] == [(), ()]
    assert not [f for f in check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1)).findings
                if f.code == "MR401"]


def test_a_written_end_that_overlaps_gives_mr401():
    """A written end past the same leader's next item is an overlap (MR401)."""
    result = read(
        HEADER + "Thứ Năm 04/6\n- 8h00 đến 11h30: Chủ tịch UBND tỉnh Nguyễn Văn Hùng chủ trì phiên họp chuyên đề\n"
        "- 9h00: Chủ tịch UBND tỉnh họp Ban Chỉ đạo giải phóng mặt bằng\n"
    )
    assert [e.attendees for e in result.events] == [("Nguyễn Văn Hùng",), ("Nguyễn Văn Hùng",)]
    findings = check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1)).findings
    assert [f.code for f in findings if f.code == "MR401"] == ["MR401"]


def test_a_bare_role_is_the_one_holder_of_it_in_the_schedule():
    """'Chủ tịch UBND tỉnh' without a name is the Chủ tịch the schedule names elsewhere; alone, the role itself."""
    named = read(HEADER + "Thứ Hai 01/6\n- 7h30: Chủ tịch UBND tỉnh Nguyễn Văn Hùng chủ trì giao ban\n"
                 "- 9h00: Chủ tịch UBND tỉnh làm việc với Sở Xây dựng\n")
    assert [e.attendees for e in named.events] == [("Nguyễn Văn Hùng",), ("Nguyễn Văn Hùng",)]
    alone = read(HEADER + "Thứ Hai 01/6\n- 9h00: Chủ tịch UBND tỉnh làm việc với Sở Xây dựng\n")
    assert alone.events[0].attendees == ("Chủ tịch UBND tỉnh Hưng Yên",)


# -- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "heading, day",
    [
        ("Thứ Hai 01/6", dt.date(2026, 6, 1)),
        ("THỨ BA 02/6", dt.date(2026, 6, 2)),
        ("Thứ 4, ngày 03/6/2026", dt.date(2026, 6, 3)),
        ("Thứ Năm", dt.date(2026, 6, 4)),
        ("Chủ nhật", dt.date(2026, 6, 7)),
        ("THỨ SÁU, NGÀY 05 THÁNG 6 NĂM 2026", dt.date(2026, 6, 5)),
        ("T3 (02/6)", dt.date(2026, 6, 2)),
        ("CN 07/6", dt.date(2026, 6, 7)),
    ],
)
def test_day_heading_forms_date_their_items(heading, day):
    """Each day-heading form dates the items under it (a weekday alone by the week header)."""
    result = read(HEADER + heading + "\n- 8h00: Họp giao ban\n")
    assert [e.start.date() for e in result.events] == [day]
    assert not result.intake.findings


def test_the_year_comes_from_a_header_that_writes_it_once():
    """'từ ngày 9/6 đến ngày 13/6/2025' gives 2025 to every day heading."""
    text = "LỊCH CÔNG TÁC TUẦN\n(Từ ngày 9/6 đến ngày 13/6/2025)\nTHỨ BA 10/6\n- 8h: Họp giao ban\n"
    result = read(text, window=Window.year(2025, TZ))
    assert [e.start for e in result.events] == [at(10, 8, year=2025)]


def test_a_week_across_the_new_year_dates_january_in_the_next_year():
    """In the week 29/12/2025–04/01/2026, 'Thứ Sáu 02/01' is 2 January 2026."""
    text = "LỊCH CÔNG TÁC TUẦN\n(Từ ngày 29/12/2025 đến ngày 04/01/2026)\nThứ Hai 29/12\n- 8h: Họp A\nThứ Sáu 02/01\n- 8h: Họp B\n"
    result = read(text, window=Window(at(1, 0, month=12, year=2025), at(1, 0, month=2)))
    assert [e.start.date() for e in result.events] == [dt.date(2025, 12, 29), dt.date(2026, 1, 2)]


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("THỨ NĂM 04/6 – THỨ SÁU 05/6\n- Hội nghị tập huấn nghiệp vụ", 4, 5),
        ("Thứ Năm 04/6\n- Từ ngày 04-05/6: Hội nghị tập huấn nghiệp vụ", 4, 5),
        ("Thứ Tư 03/6\n- Hội nghị tập huấn nghiệp vụ (03 ngày)", 3, 5),
    ],
)
def test_spans_fill_every_day_of_them(text, first, last):
    """A span runs from the first session of its first day to the end of its last day, estimated."""
    result = read(HEADER + text + "\n")
    assert spans(result) == [(at(first, 7, 30), at(last, 17, 30), True)]


def test_a_two_day_technical_conference_breaks_mr102():
    """'Thứ Năm 04/6 – Thứ Sáu 05/6' tập huấn fills four sessions: MR102, said as estimated."""
    result = read(HEADER + "THỨ NĂM 04/6 – THỨ SÁU 05/6\n- Hội nghị tập huấn nghiệp vụ quản lý đầu tư công\n")
    findings = check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1)).findings
    (mr102,) = [f for f in findings if f.code == "MR102"]
    assert (mr102.measured, mr102.limit, mr102.measure_unit) == (4, 2, "sessions")
    assert "ước tính" in mr102.message_vi


def test_a_full_day_briefing_breaks_mr101():
    """A 'Cả ngày' quán triệt conference fills two sessions: MR101."""
    result = read(HEADER + "Thứ Ba 02/6\nCả ngày: Hội nghị quán triệt Kết luận 226-KL/TW\n")
    findings = check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1)).findings
    assert [(f.code, f.measured) for f in findings if f.code.startswith("MR1")] == [("MR101", 2)]


def test_a_morning_briefing_with_an_estimated_end_complies():
    """A quán triệt at 7h30 with no end fills one session and breaks nothing."""
    result = read(HEADER + "Thứ Ba 02/6\n- 7h30: Hội nghị quán triệt Kết luận 226-KL/TW\n")
    findings = check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1)).findings
    assert not [f for f in findings if f.code.startswith("MR1")]


# -- what an item is -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    [
        "Chủ tịch UBND tỉnh làm việc tại cơ quan",
        "PCT Lê Văn Minh tiếp công dân định kỳ",
        "Chủ tịch UBND tỉnh dự Lễ khánh thành cầu Hưng Hà",
        "Phó Chủ tịch Phạm Thị Hoa đi kiểm tra công tác phòng, chống lụt bão",
        "Trực lãnh đạo: PCT Lê Văn Minh",
    ],
)
def test_schedule_phrases_are_not_meetings(title):
    """The phrases of §9 ('làm việc tại cơ quan', 'tiếp công dân', 'dự lễ', 'đi kiểm tra', 'trực') are not meetings."""
    result = read(HEADER + "Thứ Hai 01/6\n- 8h00: " + title + "\n")
    assert build_meeting(result.events[0], POLICY).meeting_class == "not-a-meeting"


def test_an_attended_item_organised_elsewhere_is_kept_with_its_reason():
    """'dự Hội nghị … do Bộ … tổ chức' keeps its place, says who organises it, and is no own conference."""
    result = read(HEADER + "Thứ Tư 03/6\n- 8h00: PCT Lê Văn Minh dự Hội nghị trực tuyến toàn quốc về phòng, chống "
                  "thiên tai do Bộ Nông nghiệp và Môi trường tổ chức\n- 14h00: Phó Chủ tịch Phạm Thị Hoa dự Hội nghị "
                  "Ban Chấp hành Đảng bộ tỉnh của Tỉnh ủy\n")
    meetings = [build_meeting(e, POLICY) for e in result.events]
    assert [m.organised_by for m in meetings] == ["Bộ Nông nghiệp và Môi trường", "Ban Chấp hành Đảng bộ tỉnh"]
    assert all(m.is_conference for m in meetings)
    assert [r.describe("en") for r in meetings[0].reasons if r.attribute == "organised_by"] == [
        "organised by (the unit only attends; not counted as its own conference) = Bộ Nông nghiệp và Môi trường "
        "(property X-MEETINGRULES-ORGANISED-BY:Bộ Nông nghiệp và Môi trường)"
    ]


def test_an_own_conference_the_leader_attends_is_counted():
    """'dự Hội nghị … do UBND tỉnh tổ chức' on the UBND tỉnh schedule is the unit's own."""
    result = read(HEADER + "Thứ Tư 03/6\n- 8h00: PCT Lê Văn Minh dự Hội nghị sơ kết do UBND tỉnh tổ chức\n")
    assert "ORGANISED-BY" not in result.events[0].properties


def test_unit_and_level_come_from_the_header():
    """'UBND TỈNH HƯNG YÊN' gives unit and province level; 'ỦY BAN NHÂN DÂN XÃ TÂN HƯNG' a commune."""
    province = read(HEADER + "Thứ Hai 01/6\n- 8h: Họp giao ban\n").events[0].properties
    commune = read("ỦY BAN NHÂN DÂN\nXÃ TÂN HƯNG\nLỊCH CÔNG TÁC TUẦN\n(Từ ngày 01/6 đến ngày 07/6/2026)\n"
                   "Thứ Hai 01/6\n- 8h: Họp giao ban\n").events[0].properties
    assert (province["UNIT"], province["LEVEL"]) == ("UBND tỉnh Hưng Yên", "province")
    assert (commune["UNIT"], commune["LEVEL"]) == ("UBND xã Tân Hưng", "commune")


# -- accounting and bad input --------------------------------------------------------------------
def test_headers_signatures_and_recipients_are_not_items():
    """Only the three items are read: no header, 'Nơi nhận' or signature line counts."""
    text = (HEADER + "Thứ Hai 01/6\n- 8h00: Họp A\n- 9h00: Họp B\nThứ Ba 02/6\n- 8h00: Họp C\n"
            "Nơi nhận:\n- Thường trực Tỉnh ủy;\n- 8h00 Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNguyễn Hữu Thắng\n")
    result = read(text)
    assert (result.intake.read, result.intake.rejected, len(result.events)) == (3, 0, 3)


def test_an_item_before_any_day_heading_is_rejected_with_its_line():
    """A timed item above the first day heading cannot be dated: rejected (MR002) naming line 4."""
    result = read(HEADER + "- 8h00: Họp giao ban đầu tuần\nThứ Hai 01/6\n- 9h00: Họp B\n")
    assert (result.intake.read, result.intake.rejected, len(result.events)) == (2, 1, 1)
    (finding,) = result.intake.findings
    assert finding.code == "MR002" and "dòng 4" in finding.message_vi and "line 4" in finding.message_en
    assert balanced(result)


def test_a_schedule_without_a_year_is_rejected_unless_given_one():
    """No year in the header: the file is rejected (MR001, items counted as rejected); with year= it is read."""
    text = "LỊCH CÔNG TÁC TUẦN\nThứ Hai 01/6\n- 8h00: Họp A\n- 9h00: Họp B\n"
    result = read(text)
    assert (result.intake.read, result.intake.rejected, len(result.events)) == (2, 2, 0)
    (finding,) = result.intake.findings
    assert finding.code == "MR001" and "không ghi năm" in finding.message_vi and "--year" in finding.message_en
    given = read(text, year=2026)
    assert [e.start for e in given.events] == [at(1, 8), at(1, 9)]


def test_a_day_heading_that_does_not_match_its_date_is_warned_and_the_date_trusted():
    """'Thứ Hai 03/6' (a Wednesday): MR011 names the line, the item is on 3 June."""
    result = read(HEADER + "Thứ Hai 03/6\n- 8h00: Họp A\n")
    assert [e.start for e in result.events] == [at(3, 8)]
    (finding,) = result.intake.findings
    assert finding.code == "MR011" and finding.severity == "warning"
    assert "dòng 4" in finding.message_vi and "Wednesday" in finding.message_en


def test_items_outside_the_window_are_counted_as_excluded():
    """A week in 2026 read with a 2025 window: every item read, none handed over, all outside."""
    result = read(HEADER + "Thứ Hai 01/6\n- 8h00: Họp A\n", window=Window.year(2025, TZ))
    assert (result.intake.read, result.intake.outside_window, len(result.events)) == (1, 1, 0)


def test_uids_are_stable_and_ignore_accents_and_case():
    """The same item written again (other case, other spacing) has the same UID; a moved one another."""
    one = read(HEADER + "Thứ Hai 01/6\n- 8h00: Họp Ban chỉ đạo\n").events[0].uid
    again = read(HEADER + "THỨ HAI 01/6\n- 8h00:  HỌP BAN CHỈ ĐẠO\n").events[0].uid
    moved = read(HEADER + "Thứ Hai 01/6\n- 9h00: Họp Ban chỉ đạo\n").events[0].uid
    assert one == again != moved


def test_a_comrade_with_his_role_after_the_name_is_one_person():
    """'Đ/c Lê Văn Minh - PCT UBND tỉnh' names one person, who also holds the bare 'PCT' of the schedule."""
    result = read(HEADER + "Thứ Hai 01/6\n- 8h00: Đ/c Lê Văn Minh - PCT UBND tỉnh dự họp về giá đất\n"
                  "- 14h00: PCT UBND tỉnh làm việc với Sở Tài chính\n")
    assert [e.attendees for e in result.events] == [("Lê Văn Minh",), ("Lê Văn Minh",)]


def test_a_span_fills_only_its_working_days():
    """'Thứ Sáu 05/6 – Thứ Hai 08/6': Friday and Monday, one conference (one ID), four sessions: MR102."""
    result = read("UBND TỈNH HƯNG YÊN\nLỊCH CÔNG TÁC TUẦN\n(Từ ngày 01/6/2026 đến ngày 07/6/2026)\n"
                  "THỨ SÁU 05/6 – THỨ HAI 08/6\n- Hội nghị tập huấn nghiệp vụ đấu thầu\n")
    assert [(e.start, e.end) for e in result.events] == [(at(5, 7, 30), at(5, 17, 30)), (at(8, 7, 30), at(8, 17, 30))]
    assert result.intake.read == 1 and balanced(result)
    assert len({e.properties["ID"] for e in result.events}) == 1
    checked = check(result.events, POLICY, window=YEAR, as_of=dt.date(2026, 6, 1))
    (mr102,) = [f for f in checked.findings if f.code == "MR102"]
    assert (mr102.measured, mr102.limit) == (4, 2)
    assert (checked.summary.read, checked.summary.checked) == (1, 1)


def test_a_span_starting_on_a_saturday_starts_on_monday():
    """'(03 ngày)' from Saturday 06/6 fills Monday 08/6 only: one working day, two sessions."""
    result = read(HEADER + "Thứ Bảy 06/6\n- Hội nghị tập huấn nghiệp vụ đấu thầu (03 ngày)\n")
    assert [(e.start, e.end) for e in result.events] == [(at(8, 7, 30), at(8, 17, 30))]


def test_a_session_and_a_day_in_one_heading_date_and_place_their_items():
    """'SÁNG THỨ HAI (01/6/2026)' and 'Chiều thứ Hai 01/6: 14h00 …' set both the day and the session."""
    result = read(HEADER + "SÁNG THỨ HAI (01/6/2026)\n- 8h00: Họp giao ban\nChiều thứ Hai 01/6: Họp Ban chỉ đạo\n"
                  "Sáng thứ Ba, ngày 02/6:\n8h00 Làm việc với Sở Y tế\n")
    assert spans(result) == [
        (at(1, 8), at(1, 11, 30), True), (at(1, 13, 30), at(1, 17, 30), True), (at(2, 8), at(2, 11, 30), True),
    ]


@pytest.mark.parametrize(
    "title, body",
    [
        ("PCT Lê Văn Minh dự Hội nghị trực tuyến của Bộ Tài chính về quyết toán", "Bộ Tài chính"),
        ("Dự Hội nghị tổng kết của Bộ Nông nghiệp và Môi trường năm 2025", "Bộ Nông nghiệp và Môi trường"),
        ("Chủ tịch UBND tỉnh dự Kỳ họp thứ 12 HĐND tỉnh do Thường trực HĐND tỉnh tổ chức", "Thường trực HĐND tỉnh"),
        ("Phó Chủ tịch Phạm Thị Hoa dự Hội nghị trực tuyến toàn quốc về cải cách hành chính", "Trung ương (hội nghị toàn quốc)"),
        ("PCT Lê Văn Minh dự họp thẩm định quy hoạch", ""),
        ("Chủ tịch UBND tỉnh làm việc với Bộ Tài chính", ""),
    ],
)
def test_who_organises_what_the_leader_only_attends(title, body):
    """An attended item names the body that organises it; attending without another body, or working with one, is the unit's."""
    event = read(HEADER + "Thứ Tư 03/6\n- 8h00: " + title + "\n").events[0]
    assert event.properties.get("ORGANISED-BY", "") == body
