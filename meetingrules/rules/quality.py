"""MR0xx: the quality of the input. No event is dropped silently (SPEC §7).

Most of these are said where the input is read: by the readers in ``connectors/``
(MR001, MR002, MR004, MR006, MR007, MR010, MR011), by the classifier (MR005) and by the agenda
parser (MR009), each through ``rule(code).finding`` or ``rule(code).notice``. The two
judged here (MR003, MR008) look at a conference once per recurring series.
"""

from __future__ import annotations

from collections.abc import Iterable

from meetingrules.findings import Finding
from meetingrules.i18n import Text
from meetingrules.model import Kind, Severity
from meetingrules.rules.base import Context, Rule
from meetingrules.schedule import Gathering

MR001 = Rule(
    code="MR001",
    name="unreadable-file",
    severity=Severity.WARNING,
    scope="input",
    title=Text("Không đọc được tệp lịch", "Calendar file could not be read"),
    message=Text("Không đọc được {origin}: {detail}", "Could not read {origin}: {detail}"),
    hint=Text(
        "Xuất lại lịch từ phần mềm gốc ở định dạng iCalendar (.ics).",
        "Export the calendar again from its application as iCalendar (.ics).",
    ),
)  # said by the readers (connectors/ics)

MR002 = Rule(
    code="MR002",
    name="rejected-event",
    severity=Severity.WARNING,
    scope="input",
    title=Text("Sự kiện bị loại vì dữ liệu hỏng", "Event rejected: broken data"),
    message=Text("Sự kiện bị loại: {detail}", "Event rejected: {detail}"),
    hint=Text(
        "Sửa sự kiện trong phần mềm lịch (thời gian bắt đầu, kết thúc, quy tắc lặp).",
        "Fix the event in the calendar application (start, end, recurrence rule).",
    ),
)  # said by the readers, and by the engine when a reader's counts do not add up

MR003 = Rule(
    code="MR003",
    name="unclassified-conference",
    severity=Severity.INFO,
    scope="input",
    title=Text("Hội nghị chưa rõ loại", "Conference of unknown kind"),
    message=Text(
        "Không xác định được loại hội nghị (quán triệt, chuyên môn, quan trọng); chỉ áp dụng giới hạn chung {limit} ngày.",
        "The kind of conference (briefing, technical, important) is unknown; only the general {limit}-day ceiling applies.",
    ),
    hint=Text(
        "Thêm X-MEETINGRULES-KIND hoặc ghi rõ loại hội nghị trong tiêu đề.",
        "Add X-MEETINGRULES-KIND or name the kind of conference in the title.",
    ),
    params=("caps.ceiling",),
)


@MR003.judge
def unclassified_conference(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A conference whose kind is unknown gets only the general ceiling: say so."""
    if g.is_conference and (g.kind is None or g.kind is Kind.UNCLASSIFIED):
        yield MR003.on(g.first, values={"limit": MR003.param(ctx.policy, "caps.ceiling").days})


MR004 = Rule(
    code="MR004",
    name="recurrence-cut",
    severity=Severity.INFO,
    scope="input",
    title=Text("Chuỗi lặp bị cắt tại khung thời gian phân tích", "Recurrence cut at the analysis window"),
    message=Text(
        "Chuỗi lặp không giới hạn chỉ được mở rộng đến {detail}.",
        "An unbounded recurrence was expanded only up to {detail}.",
    ),
)  # said by the readers

MR011 = Rule(
    code="MR011",
    name="weekday-date-mismatch",
    severity=Severity.WARNING,
    scope="input",
    title=Text("Thứ không khớp với ngày trong lịch công tác tuần", "Weekday does not match the date in a weekly schedule"),
    message=Text("{origin}, {detail}", "{origin}, {detail}"),
    hint=Text(
        "Sửa thứ hoặc ngày của đề mục ngày trong lịch công tác tuần.",
        "Correct the weekday or the date of the day heading in the weekly schedule.",
    ),
)  # said by the weekly-schedule reader (connectors.weekly): the date is trusted

MR005 = Rule(
    code="MR005",
    name="unknown-property-value",
    severity=Severity.WARNING,
    scope="input",
    title=Text("Giá trị thuộc tính X-MEETINGRULES không hợp lệ", "Unknown X-MEETINGRULES value"),
    message=Text("{detail}", "{detail}"),
    hint=Text(
        "Dùng một trong các giá trị được liệt kê trong docs/classification.md.",
        "Use one of the values listed in docs/classification.md.",
    ),
)  # said by the classifier (meetingrules.classify)

MR006 = Rule(
    code="MR006",
    name="not-utf8",
    severity=Severity.WARNING,
    scope="input",
    title=Text("Tệp không mã hóa UTF-8", "File is not UTF-8"),
    message=Text(
        "{origin} không phải UTF-8; đã đọc theo bảng mã {detail}. Hãy kiểm tra chữ tiếng Việt.",
        "{origin} is not UTF-8; it was read as {detail}. Check the Vietnamese text.",
    ),
    hint=Text("Lưu lại tệp ở mã UTF-8.", "Save the file again as UTF-8."),
)  # said by the readers

MR007 = Rule(
    code="MR007",
    name="unknown-timezone",
    severity=Severity.WARNING,
    scope="input",
    title=Text("Múi giờ không xác định", "Unknown time zone"),
    message=Text(
        "Không nhận ra múi giờ '{detail}'; đã dùng múi giờ {limit} của chính sách.",
        "Time zone '{detail}' is not known; the policy zone {limit} was used.",
    ),
)  # said by the readers

MR008 = Rule(
    code="MR008",
    name="agenda-missing",
    severity=Severity.INFO,
    scope="input",
    title=Text("Chưa có chương trình hội nghị", "No agenda"),
    message=Text(
        "Hội nghị không có chương trình; chưa kiểm tra được thời lượng phát biểu (MR201–MR205).",
        "The conference has no agenda; speech lengths (MR201–MR205) could not be checked.",
    ),
    hint=Text(
        "Ghi chương trình vào phần mô tả, ví dụ '08:00-08:10 Phát biểu khai mạc'.",
        "Put the agenda in the description, e.g. '08:00-08:10 Phát biểu khai mạc'.",
    ),
)


@MR008.judge
def agenda_missing(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A conference without an agenda cannot have its speeches checked: say so."""
    if g.is_conference and not any(m.agenda for m in g.meetings):
        yield MR008.on(g.first)


MR009 = Rule(
    code="MR009",
    name="agenda-line-ignored",
    severity=Severity.INFO,
    scope="input",
    title=Text("Dòng chương trình không đọc được", "Agenda line not understood"),
    message=Text(
        "Dòng '{detail}' trông như một mục chương trình nhưng không đọc được; đã bỏ qua.",
        "The line '{detail}' looks like an agenda item but could not be read; it was ignored.",
    ),
)  # said by the agenda parser (meetingrules.agenda)

MR010 = Rule(
    code="MR010",
    name="property-ignored",
    severity=Severity.INFO,
    scope="input",
    title=Text("Thuộc tính không đọc được, sự kiện vẫn được kiểm tra", "Property could not be read; the event is kept"),
    message=Text("{detail}", "{detail}"),
    hint=Text("Sửa thuộc tính trong phần mềm lịch.", "Fix the property in the calendar application."),
)  # said by the readers
