"""User-facing words in Vietnamese (default) and English."""

from __future__ import annotations

LANGS = ("vi", "en")

ATTRIBUTE_NAMES = {
    "class": ("loại sự kiện", "class"),
    "kind": ("loại hội nghị", "kind"),
    "scope": ("quy mô", "scope"),
    "format": ("hình thức", "format"),
    "level": ("cấp tổ chức", "level"),
    "unit": ("đơn vị", "unit"),
    "end": ("giờ kết thúc", "end"),
    "organised_by": ("đơn vị tổ chức (đơn vị chỉ dự, không tính là hội nghị của đơn vị)",
                     "organised by (the unit only attends; not counted as its own conference)"),
}

VALUE_NAMES = {
    "conference": ("hội nghị", "conference"),
    "meeting": ("cuộc họp", "meeting"),
    "not-a-meeting": ("không phải cuộc họp", "not a meeting"),
    "briefing": ("hội nghị quán triệt", "briefing conference"),
    "technical": ("hội nghị chuyên môn", "technical conference"),
    "important": ("hội nghị quan trọng cần thảo luận", "important conference"),
    "unclassified": ("hội nghị (không rõ loại)", "conference of unknown kind"),
    "province-wide": ("quy mô toàn tỉnh", "province-wide"),
    "sector-wide": ("quy mô toàn ngành", "sector-wide"),
    "commune-wide": ("quy mô toàn xã", "commune-wide"),
    "unit": ("nội bộ đơn vị", "unit-internal"),
    "online": ("trực tuyến", "online"),
    "in-person": ("trực tiếp", "in person"),
    "hybrid": ("kết hợp", "hybrid"),
    "province": ("cấp tỉnh", "province level"),
    "commune": ("cấp xã", "commune level"),
    "estimated": ("ước tính (lịch không ghi giờ kết thúc)", "estimated (the schedule wrote no end)"),
}

_SOURCES = {
    "property": ("thuộc tính {evidence}", "property {evidence}"),
    "categories": ("CATEGORIES có '{evidence}'", "CATEGORIES has '{evidence}'"),
    "keyword": ("{evidence}", "{evidence}"),
    "online-signal": ("dấu hiệu trực tuyến: {evidence}", "online signal: {evidence}"),
    "calendar": ("cấu hình lịch: {evidence}", "calendar setting: {evidence}"),
    "api": ("do chương trình gọi cung cấp", "given by the calling program"),
    "default": ("mặc định: {evidence}", "default: {evidence}"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    """The English or Vietnamese member of a (vi, en) pair."""
    return pair[1] if lang == "en" else pair[0]


def value_name(value, lang: str = "vi") -> str:
    """A classification value in words."""
    key = getattr(value, "value", value)
    pair = VALUE_NAMES.get(str(key))
    return pick(pair, lang) if pair else str(key)


def describe_reason(reason, lang: str = "vi") -> str:
    """``kind = briefing conference (SUMMARY contains 'quán triệt')`` in ``lang``."""
    attribute = pick(ATTRIBUTE_NAMES.get(reason.attribute, (reason.attribute, reason.attribute)), lang)
    if not reason.evidence and reason.source == "default":
        return f"{attribute} = {value_name(reason.value, lang)} ({pick(('mặc định', 'default'), lang)})"
    template = pick(_SOURCES.get(reason.source, ("{evidence}", "{evidence}")), lang)
    return f"{attribute} = {value_name(reason.value, lang)} ({template.format(evidence=reason.evidence)})"


def number(value, lang: str = "vi") -> str:
    """A number as people write it: ``4,5`` in Vietnamese, ``4.5`` in English, no ``.0``.

    >>> number(4.5), number(4.5, "en"), number(8.0), number(2/3, "en")
    ('4,5', '4.5', '8', '0.67')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def percent(share: float, lang: str = "vi") -> str:
    """A share 0–1 as a percentage: ``66,7%`` / ``66.7%``.

    >>> percent(0.6), percent(2/3, "en")
    ('60%', '66.7%')
    """
    value = round(share * 100, 1)
    text = str(int(value)) if value.is_integer() else f"{value:.1f}"
    return (text.replace(".", ",") if lang == "vi" else text) + "%"


def when(moment, lang: str = "vi") -> str:
    """A date and time as an official writes it: ``08:00 02/03/2026``; midnight (an all-day
    event) as the date alone.

    >>> import datetime as dt
    >>> when(dt.datetime(2026, 3, 2, 8, 0)), when(dt.datetime(2026, 3, 2), "en")
    ('08:00 02/03/2026', '2026-03-02')
    """
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%d/%m/%Y") if lang == "vi" else moment.strftime("%Y-%m-%d")
    return moment.strftime("%H:%M %d/%m/%Y") if lang == "vi" else moment.strftime("%Y-%m-%d %H:%M")


def unit_label(unit: str, lang: str = "vi") -> str:
    """The unit's name, or a placeholder for an unknown unit."""
    if unit:
        return unit
    return "(toàn bộ lịch)" if lang == "vi" else "(whole calendar)"
