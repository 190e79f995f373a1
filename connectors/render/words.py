"""The fixed words of every output, in Vietnamese and English, in one table.

A renderer never writes a fixed word of its own: it asks :func:`word` (or these tables).
"""

from __future__ import annotations

from meetingrules import Severity
from meetingrules.i18n import pick

SEVERITY_WORDS = {
    Severity.ERROR: ("LỖI", "ERROR"),
    Severity.WARNING: ("CẢNH BÁO", "WARNING"),
    Severity.INFO: ("THÔNG TIN", "INFO"),
}
WAIVED = ("ĐÃ MIỄN TRỪ", "WAIVED")
UNIT_WORDS = {
    "hours": ("giờ", "h"),
    "sessions": ("buổi", "session(s)"),
    "minutes": ("phút", "min"),
    "count": ("", ""),
}

WORDS = {
    "title": ("Kiểm tra lịch họp theo Kế hoạch 160/KH-UBND", "Meeting schedule check against plan 160/KH-UBND"),
    "window": ("Khung thời gian", "Window"),
    "as_of": ("ngày kiểm tra", "checked on"),
    "policy": ("chính sách", "policy"),
    "meeting": ("Hội nghị / cuộc họp", "Conference / meeting"),
    "severity": ("Mức", "Severity"),
    "code": ("Mã", "Code"),
    "finding": ("Nội dung", "Finding"),
    "measured": ("Đo được / giới hạn", "Measured / limit"),
    "citation": ("Căn cứ", "Basis"),
    "calendar_wide": ("Toàn bộ lịch", "Whole calendar"),
    "none": ("Không có vi phạm nào.", "No findings."),
    "reasons": ("Phân loại", "Classified as"),
    "no_events": ("Không có sự kiện nào để kiểm tra.", "No events to check."),
    "unit": ("Đơn vị", "Unit"),
    "file": ("Tệp", "File"),
    "unit_file": ("Đơn vị / tệp", "Unit / file"),
    "findings_sheet": ("Vi phạm", "Findings"),
    "notes_sheet": ("Ghi chú thông tin", "Info notes"),
    "summary_sheet": ("Tổng hợp", "Summary"),
    "by_rule": ("Theo quy tắc", "By rule"),
    "by_unit": ("Theo đơn vị", "By unit"),
    "count": ("Số lượng", "Count"),
    "rule": ("Quy tắc", "Rule"),
    "start": ("Bắt đầu", "Start"),
    "end": ("Kết thúc", "End"),
    "uid": ("UID", "UID"),
    "line": ("Dòng", "Line"),
    "waived": ("Miễn trừ", "Waived"),
    "measured_value": ("Đo được", "Measured"),
    "limit": ("Giới hạn", "Limit"),
    "measure_unit": ("Đơn vị đo", "Measure"),
    "message": ("Nội dung", "Message"),
    "recurrence_id": ("Lần lặp", "Occurrence"),
    "errors": ("Lỗi", "Errors"),
    "warnings": ("Cảnh báo", "Warnings"),
    "infos": ("Thông tin", "Info"),
    "total": ("Tổng cộng", "Total"),
    "yes": ("có", "yes"),
}

#: severities as a line of text writes them (``[lỗi]``), lower case
SEVERITY_LOWER = {
    Severity.ERROR: ("lỗi", "error"),
    Severity.WARNING: ("cảnh báo", "warning"),
    Severity.INFO: ("thông tin", "info"),
}
WAIVED_LOWER = ("đã miễn trừ", "waived")


def word(key: str, lang: str) -> str:
    """A fixed word of the output in ``lang``."""
    return pick(WORDS[key], lang)

#: The answer of a validation, as the text output and the page say it.
DECISION_WORDS = {
    "allow": ("CHO PHÉP", "ALLOW"),
    "warn": ("CHO PHÉP, CÓ CẢNH BÁO", "ALLOW WITH WARNINGS"),
    "deny": ("TỪ CHỐI", "DENY"),
}
