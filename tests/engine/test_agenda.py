"""Reading agendas from DESCRIPTION text and from X-MEETINGRULES-AGENDA."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingrules.agenda import AgendaParse, parse_agenda, parse_agenda_property
from meetingrules.model import AgendaItem, AgendaKind, Notice, Severity
from meetingrules.policy import Policy
from meetingrules.text import fold


def only_item(text: str) -> AgendaItem:
    parsed = parse_agenda(text)
    assert parsed.notices == ()
    assert len(parsed.items) == 1, parsed
    return parsed.items[0]


def test_clock_range_with_dash_speaker():
    """A clock range gives the minutes, and the text after " - " is the speaker."""
    line = "08:00-08:10 Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh"
    assert only_item(line) == AgendaItem(
        AgendaKind.OPENING, "Phát biểu khai mạc", 10.0, dt.time(8, 0), dt.time(8, 10), "Đ/c Chủ tịch UBND tỉnh", line
    )


def test_hour_letter_clock_range():
    """'8h00 - 8h10: Khai mạc' is a ten-minute opening."""
    line = "8h00 - 8h10: Khai mạc"
    assert only_item(line) == AgendaItem(AgendaKind.OPENING, "Khai mạc", 10.0, dt.time(8, 0), dt.time(8, 10), None, line)


def test_contribution_with_colon_speaker_and_minutes_in_brackets():
    """'Tham luận: Sở Y tế (10 phút)' is a ten-minute contribution by Sở Y tế."""
    line = "Tham luận: Sở Y tế (10 phút)"
    assert only_item(line) == AgendaItem(AgendaKind.CONTRIBUTION, "Tham luận", 10.0, None, None, "Sở Y tế", line)


def test_bulleted_contribution_with_trailing_minutes():
    """'- Tham luận của Sở Tài chính: 15 phút' is a 15-minute contribution by Sở Tài chính."""
    line = "- Tham luận của Sở Tài chính: 15 phút"
    assert only_item(line) == AgendaItem(
        AgendaKind.CONTRIBUTION, "Tham luận của Sở Tài chính", 15.0, None, None, "Sở Tài chính", line
    )


def test_conclusion_from_clock_range_with_speaker_after_cua():
    """'10:30-11:15 Kết luận của đồng chí Chủ tịch' is 45 minutes of concluding remarks."""
    line = "10:30-11:15 Kết luận của đồng chí Chủ tịch"
    assert only_item(line) == AgendaItem(
        AgendaKind.CONCLUSION,
        "Kết luận của đồng chí Chủ tịch",
        45.0,
        dt.time(10, 30),
        dt.time(11, 15),
        "đồng chí Chủ tịch",
        line,
    )


def test_conclusion_with_apostrophe_minutes():
    """"(45')" gives 45 minutes of concluding remarks."""
    line = "Phát biểu kết luận của đồng chí Chủ tịch (45')"
    assert only_item(line) == AgendaItem(
        AgendaKind.CONCLUSION, "Phát biểu kết luận của đồng chí Chủ tịch", 45.0, None, None, "đồng chí Chủ tịch", line
    )


def test_discussion_range_with_colon():
    """'09:00 - 10:30: Thảo luận' is 90 minutes of discussion."""
    line = "09:00 - 10:30: Thảo luận"
    assert only_item(line) == AgendaItem(AgendaKind.DISCUSSION, "Thảo luận", 90.0, dt.time(9, 0), dt.time(10, 30), None, line)


@pytest.mark.parametrize(
    "line",
    ["Đọc báo cáo tình hình thực hiện nhiệm vụ 6 tháng đầu năm", "Trình bày báo cáo", "Doc bao cao tom tat"],
)
def test_report_reading_without_duration(line):
    """A line starting with 'đọc/trình bày báo cáo' is a report item of unknown length."""
    assert only_item(line) == AgendaItem(AgendaKind.REPORT, line, None, None, None, None, line)


@pytest.mark.parametrize(
    ("line", "kind", "minutes"),
    [
        ("Trao đổi, thảo luận (60 phút)", AgendaKind.DISCUSSION, 60.0),
        ("Các đại biểu phát biểu ý kiến: 30 phút", AgendaKind.DISCUSSION, 30.0),
        ("Phát biểu ý kiến chỉ đạo (30 phút)", AgendaKind.CONCLUSION, 30.0),
        ("Thảo luận và kết luận (1h30)", AgendaKind.DISCUSSION, 90.0),
        ("Thảo luận (1 giờ)", AgendaKind.DISCUSSION, 60.0),
        ("Tham luận Sở Nội vụ 10 minutes", AgendaKind.CONTRIBUTION, 10.0),
        ("Tham luận Sở Xây dựng (12p)", AgendaKind.CONTRIBUTION, 12.0),
        ("PHÁT BIỂU KHAI MẠC (5 PHÚT)", AgendaKind.OPENING, 5.0),
        ("phat bieu khai mac (5 phut)", AgendaKind.OPENING, 5.0),
    ],
)
def test_duration_forms_and_kinds(line, kind, minutes):
    """Durations in brackets, after a colon, in hours or in English give exact minutes."""
    item = only_item(line)
    assert (item.kind, item.minutes) == (kind, minutes)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("08.00 - 08.10 Khai mạc", dt.time(8, 0), dt.time(8, 10)),
        ("8h - 8h10 Khai mạc", dt.time(8, 0), dt.time(8, 10)),
        ("Từ 8h00 đến 8h10: Khai mạc", dt.time(8, 0), dt.time(8, 10)),
        ("08:00–08:10 Khai mạc", dt.time(8, 0), dt.time(8, 10)),
        ("1. 08:00-08:10 Khai mạc", dt.time(8, 0), dt.time(8, 10)),
    ],
)
def test_clock_range_forms(line, start, end):
    """Dots, 'h', 'Từ … đến …', en dashes and numbering are all read as a clock range."""
    item = only_item(line)
    assert (item.kind, item.start, item.end, item.minutes) == (AgendaKind.OPENING, start, end, 10.0)


def test_single_start_time_gives_no_minutes():
    """A single clock time gives the start only: the length is unknown, not guessed."""
    line = "14h00 Khai mạc"
    assert only_item(line) == AgendaItem(AgendaKind.OPENING, "Khai mạc", None, dt.time(14, 0), None, None, line)


def test_timed_line_without_kind_is_other():
    """A timed line naming no speech kind is an 'other' item."""
    line = "09:30-09:45 Giải lao"
    assert only_item(line) == AgendaItem(AgendaKind.OTHER, "Giải lao", 15.0, dt.time(9, 30), dt.time(9, 45), None, line)


@pytest.mark.parametrize(
    "line",
    [
        "Kính mời các đồng chí dự họp đúng giờ.",
        "Đề nghị các đơn vị chuẩn bị tham luận gửi về Sở Nội vụ.",
        "Quán triệt Kết luận 226-KL/TW của Bộ Chính trị",
        "Kết luận số 226-KL/TW ngày 10/4/2026",
        "8h00 ngày 15/5/2026 tại Hội trường tầng 3",
        "15.05.2026 Họp",
        "Thành phần: Lãnh đạo các sở, ngành",
        "",
    ],
)
def test_non_agenda_lines_are_ignored(line):
    """A line that is not an agenda item gives neither an item nor a notice."""
    assert parse_agenda(line) == AgendaParse((), ())


def mr009(line: str) -> Notice:
    return Notice(
        "MR009",
        f"Dòng '{line}' trông như một mục chương trình nhưng không đọc được; đã bỏ qua.",
        f"The line '{line}' looks like an agenda item but could not be read; it was ignored.",
        Severity.INFO,
    )


@pytest.mark.parametrize(
    "line",
    ["08:70-09:00 Khai mạc", "10:00-09:00 Thảo luận", "25:00 Khai mạc", "08:00-08:00 Khai mạc", "08:00-08:10"],
)
def test_unreadable_agenda_line_gives_mr009(line):
    """A line that looks like an item but cannot be read gives an MR009 notice quoting it."""
    assert parse_agenda(line) == AgendaParse((), (mr009(line),))


def test_whole_description_keeps_items_in_order_and_skips_prose():
    """A full description yields its items in order, skipping headings and prose."""
    text = (
        "Kính mời đồng chí dự Hội nghị quán triệt Kết luận 226-KL/TW.\n"
        "CHƯƠNG TRÌNH:\n"
        "08:00-08:10 Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh\n"
        "08:10-08:40 Quán triệt nội dung Kết luận - Đ/c Trưởng ban Tuyên giáo\n"
        "  + Tham luận: Sở Y tế (10 phút)\n"
        "09:00 - 10:30: Thảo luận\n"
        "10:30-11:15 Kết luận của đồng chí Chủ tịch\n"
        "08:70-09:00 Khai mạc\n"
    )
    parsed = parse_agenda(text)
    assert [(i.kind, i.minutes) for i in parsed.items] == [
        (AgendaKind.OPENING, 10.0),
        (AgendaKind.OTHER, 30.0),
        (AgendaKind.CONTRIBUTION, 10.0),
        (AgendaKind.DISCUSSION, 90.0),
        (AgendaKind.CONCLUSION, 45.0),
    ]
    assert parsed.notices == (mr009("08:70-09:00 Khai mạc"),)


def test_escaped_newlines_split_lines():
    """Literal '\\n' sequences, as some ICS writers leave them, separate agenda lines."""
    parsed = parse_agenda("08:00-08:10 Khai mạc\\n08:10-08:20 Tham luận")
    assert [(i.kind, i.minutes) for i in parsed.items] == [(AgendaKind.OPENING, 10.0), (AgendaKind.CONTRIBUTION, 10.0)]


def test_policy_report_reading_table_is_used():
    """The policy's report_reading table decides which lines are report readings."""
    policy = Policy.builtin().with_overrides({"keywords": {"report_reading": ["thông qua báo cáo"]}})
    line = "Thông qua báo cáo kết quả"
    assert parse_agenda(line, policy).items == (AgendaItem(AgendaKind.REPORT, line, None, None, None, None, line),)
    assert parse_agenda("Đọc báo cáo kết quả", policy).items == ()


def test_property_agenda():
    """X-MEETINGRULES-AGENDA items read kind=minutes[=title] separated by ';'."""
    parsed = parse_agenda_property("opening=10;contribution=12=Sở Y tế;conclusion=45")
    assert parsed == AgendaParse(
        (
            AgendaItem(AgendaKind.OPENING, "Phát biểu khai mạc", 10.0, line="opening=10"),
            AgendaItem(AgendaKind.CONTRIBUTION, "Sở Y tế", 12.0, line="contribution=12=Sở Y tế"),
            AgendaItem(AgendaKind.CONCLUSION, "Kết luận", 45.0, line="conclusion=45"),
        ),
        (),
    )


def test_property_agenda_colon_form_newlines_and_escapes():
    """'kind:minutes' items, new lines and ICS-escaped ';' are read alike."""
    parsed = parse_agenda_property("Discussion:60\nreport:5\\;OPENING = 10")
    assert [(i.kind, i.minutes) for i in parsed.items] == [
        (AgendaKind.DISCUSSION, 60.0),
        (AgendaKind.REPORT, 5.0),
        (AgendaKind.OPENING, 10.0),
    ]
    assert parsed.notices == ()


def test_property_agenda_unknown_kind_gives_mr005():
    """An unknown kind in X-MEETINGRULES-AGENDA gives an MR005 warning and keeps the rest."""
    parsed = parse_agenda_property("speech=10;opening=10")
    allowed = "opening, contribution, report, discussion, conclusion, other"
    assert parsed == AgendaParse(
        (AgendaItem(AgendaKind.OPENING, "Phát biểu khai mạc", 10.0, line="opening=10"),),
        (
            Notice(
                "MR005",
                "X-MEETINGRULES-AGENDA: mục 'speech=10' có loại không xác định 'speech'; "
                f"dạng đúng là loại=phút[=tiêu đề], loại là một trong {allowed}.",
                "X-MEETINGRULES-AGENDA: item 'speech=10' has an unknown kind 'speech'; "
                f"the form is kind=minutes[=title], kind being one of {allowed}.",
                Severity.WARNING,
            ),
        ),
    )


@pytest.mark.parametrize("value", ["opening", "opening=ten", "opening=10=x=y=z;=5"])
def test_property_agenda_bad_minutes_never_raise(value):
    """Unreadable items in X-MEETINGRULES-AGENDA become MR005 notices, not exceptions."""
    parsed = parse_agenda_property(value)
    assert all(n.code == "MR005" for n in parsed.notices)
    assert len(parsed.notices) >= 1


@given(st.text())
def test_parse_agenda_never_raises(text):
    """Any text at all parses to items and notices without an exception."""
    parsed = parse_agenda(text)
    assert all(n.code == "MR009" for n in parsed.notices)
    assert all(i.minutes is None or i.minutes >= 0 for i in parsed.items)


@given(st.text())
def test_parse_agenda_property_never_raises(text):
    """Any property value parses to items and MR005 notices without an exception."""
    parsed = parse_agenda_property(text)
    assert all(n.code == "MR005" for n in parsed.notices)


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_marks(text):
    """Folding twice gives what folding once gives, with no combining marks or upper case left."""
    import unicodedata

    once = fold(text)
    assert fold(once) == once
    assert not any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", once))
    assert once == once.casefold()


@given(st.lists(st.text(alphabet=st.sampled_from("aĐđô \u0301\u0323\n\u00a0\u2028Σß İK"), max_size=12), min_size=20))
def test_fold_of_a_long_text_word_by_word_equals_folding_it_whole(parts):
    """Long texts are folded word by word from remembered words; the result is the
    definition's (NFC, casefold, strip marks, squeeze white space), lone marks included."""
    import unicodedata

    extra = {"đ": "d", "Đ": "d", "ð": "d", "ơ": "o", "ư": "u"}

    def plain(char: str) -> str:
        marks_off = "".join(c for c in unicodedata.normalize("NFD", extra.get(char, char)) if unicodedata.category(c) != "Mn")
        return "".join(extra.get(c, c) for c in marks_off)

    text = " ".join(parts) + " " + "x" * 170  # past the short-text cache
    expected = " ".join("".join(map(plain, unicodedata.normalize("NFC", text).casefold())).split())
    assert fold(text) == expected
    assert fold(text) == expected  # the second time from remembered words


def test_fold_of_vietnamese_letters():
    """Every Vietnamese vowel with any tone folds to its plain letter; đ folds to d."""
    assert fold("àáảãạăằắẳẵặâầấẩẫậ ÈÉẺẼẸÊỀẾỂỄỆ ìíỉĩị òóỏõọôồốổỗộơờớởỡợ ùúủũụưừứửữự ỳýỷỹỵ Đđ") == (
        "aaaaaaaaaaaaaaaaa eeeeeeeeeee iiiii ooooooooooooooooo uuuuuuuuuuu yyyyy dd"
    )
