"""User-facing words in Vietnamese (default) and English."""

from __future__ import annotations

import attrs

@attrs.frozen
class Text:
    """A word or sentence in Vietnamese and English; Vietnamese is the default.

    >>> title = Text("Lịch họp trùng nhau", "Overlapping meetings")
    >>> title(), title("en"), title.get("vi")
    ('Lịch họp trùng nhau', 'Overlapping meetings', 'Lịch họp trùng nhau')
    >>> Text("{n} buổi", "{n} session(s)").format(n=2)("en")
    '2 session(s)'
    >>> Text.same("MR101").en
    'MR101'
    """

    vi: str
    en: str

    @classmethod
    def same(cls, text: str) -> Text:
        """A text that reads the same in both languages (a code, a file name, a number)."""
        return cls(text, text)

    def get(self, lang: str = "vi") -> str:
        """The text in ``lang`` (``en``; anything else is Vietnamese)."""
        return self.en if lang == "en" else self.vi

    __call__ = get

    def format(self, **values) -> Text:
        """Both templates filled with the same ``values``."""
        return Text(self.vi.format(**values), self.en.format(**values))

    def __bool__(self) -> bool:
        return bool(self.vi or self.en)

ATTRIBUTE_NAMES = {
    "class": Text("loại sự kiện", "class"),
    "kind": Text("loại hội nghị", "kind"),
    "scope": Text("quy mô", "scope"),
    "format": Text("hình thức", "format"),
    "level": Text("cấp tổ chức", "level"),
    "unit": Text("đơn vị", "unit"),
    "end": Text("giờ kết thúc", "end"),
    "organised_by": Text(
        "đơn vị tổ chức (đơn vị chỉ dự, không tính là hội nghị của đơn vị)",
        "organised by (the unit only attends; not counted as its own conference)",
    ),
}

VALUE_NAMES = {
    "estimated": Text("ước tính (lịch không ghi giờ kết thúc)", "estimated (the schedule wrote no end)"),
    "conference": Text("hội nghị", "conference"),
    "meeting": Text("cuộc họp", "meeting"),
    "not-a-meeting": Text("không phải cuộc họp", "not a meeting"),
    "briefing": Text("hội nghị quán triệt", "briefing conference"),
    "technical": Text("hội nghị chuyên môn", "technical conference"),
    "important": Text("hội nghị quan trọng cần thảo luận", "important conference"),
    "unclassified": Text("hội nghị (không rõ loại)", "conference of unknown kind"),
    "province-wide": Text("quy mô toàn tỉnh", "province-wide"),
    "sector-wide": Text("quy mô toàn ngành", "sector-wide"),
    "commune-wide": Text("quy mô toàn xã", "commune-wide"),
    "unit": Text("nội bộ đơn vị", "unit-internal"),
    "online": Text("trực tuyến", "online"),
    "in-person": Text("trực tiếp", "in person"),
    "hybrid": Text("kết hợp", "hybrid"),
    "province": Text("cấp tỉnh", "province level"),
    "commune": Text("cấp xã", "commune level"),
}

DEFAULT = Text("mặc định", "default")

_SOURCES = {
    "property": Text("thuộc tính {evidence}", "property {evidence}"),
    "categories": Text("CATEGORIES có '{evidence}'", "CATEGORIES has '{evidence}'"),
    "keyword": Text("{evidence}", "{evidence}"),
    "online-signal": Text("dấu hiệu trực tuyến: {evidence}", "online signal: {evidence}"),
    "calendar": Text("cấu hình lịch: {evidence}", "calendar setting: {evidence}"),
    "api": Text("do chương trình gọi cung cấp", "given by the calling program"),
    "default": Text("mặc định: {evidence}", "default: {evidence}"),
}


def pick(pair: Text | tuple[str, str], lang: str) -> str:
    """The English or Vietnamese member of a :class:`Text` or a (vi, en) pair."""
    if isinstance(pair, Text):
        return pair.get(lang)
    return pair[1] if lang == "en" else pair[0]


def value_name(value, lang: str = "vi") -> str:
    """A classification value in words."""
    key = getattr(value, "value", value)
    words = VALUE_NAMES.get(str(key))
    return words.get(lang) if words else str(key)


_DESCRIBED: dict = {}  # (reason, lang) -> sentence; reasons are shared values, so few distinct
_DESCRIBED_MAX = 1 << 16


def describe_reason(reason, lang: str = "vi") -> str:
    """``kind = briefing conference (SUMMARY contains 'quán triệt')`` in ``lang``.

    Remembered per reason and language (a province-year's 66,000 reasons are a few thousand
    values); the memory is emptied when it holds 65,536 sentences.
    """
    key = (reason, lang)
    found = _DESCRIBED.get(key)
    if found is None:
        if len(_DESCRIBED) >= _DESCRIBED_MAX:
            _DESCRIBED.clear()
        found = _DESCRIBED[key] = _describe_reason(reason, lang)
    return found


def _describe_reason(reason, lang: str) -> str:
    names = ATTRIBUTE_NAMES.get(reason.attribute)
    attribute = names.get(lang) if names is not None else reason.attribute
    if not reason.evidence and reason.source == "default":
        return f"{attribute} = {value_name(reason.value, lang)} ({DEFAULT.get(lang)})"
    sources = _SOURCES.get(reason.source)
    template = sources.get(lang) if sources is not None else "{evidence}"
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
    if moment.year < 1000:  # strftime's own way with short years
        if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
            return moment.strftime("%d/%m/%Y") if lang == "vi" else moment.strftime("%Y-%m-%d")
        return moment.strftime("%H:%M %d/%m/%Y") if lang == "vi" else moment.strftime("%Y-%m-%d %H:%M")
    # What strftime writes, as f-strings: findings name thousands of moments, strftime is slow.
    if lang == "vi":
        date = f"{moment.day:02d}/{moment.month:02d}/{moment.year}"
    else:
        date = f"{moment.year}-{moment.month:02d}-{moment.day:02d}"
    if moment.hour == 0 and moment.minute == 0 and moment.second == 0:
        return date
    return f"{moment.hour:02d}:{moment.minute:02d} {date}" if lang == "vi" else f"{date} {moment.hour:02d}:{moment.minute:02d}"


def unit_label(unit: str, lang: str = "vi") -> str:
    """The unit's name, or a placeholder for an unknown unit."""
    if unit:
        return unit
    return "(toàn bộ lịch)" if lang == "vi" else "(whole calendar)"
