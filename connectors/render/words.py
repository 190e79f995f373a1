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
}


def word(key: str, lang: str) -> str:
    """A fixed word of the output in ``lang``."""
    return pick(WORDS[key], lang)
