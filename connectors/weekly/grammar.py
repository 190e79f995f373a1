"""The words of a weekly schedule: week headers, day headings, sessions, times, spans.

Everything is matched on the folded text (``meetingrules.text`` folding, one character for
one character, so a match slices the original text back): accents and case never matter.
The forms read are those of SPEC §9, e.g. ::

    Tuần 23, từ ngày 01/6/2026 đến ngày 07/6/2026      week header (year 2026)
    Thứ Hai 01/6 · THỨ BA 10/6 · Thứ 4, ngày 11/6/2025 · Chủ nhật     day headings
    Thứ Năm 04/6 – Thứ Sáu 05/6 · từ ngày 04-05/6 · (03 ngày)          spans
    (8h30) · 8h · 8h00: · 8 giờ · 7 giờ 30’ · 7g30 · 07:30 · 08:00–11:00 · đến 11h
    Sáng · Chiều · Tối · Cả ngày                                        sessions
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

import attrs

from meetingrules.text import fold

MORNING, AFTERNOON, EVENING, WHOLE_DAY = "morning", "afternoon", "evening", "day"
SESSION_WORDS = {"sang": MORNING, "chieu": AFTERNOON, "toi": EVENING, "ca ngay": WHOLE_DAY}
SESSION_NAMES = {MORNING: ("Sáng", "morning"), AFTERNOON: ("Chiều", "afternoon"),
                 EVENING: ("Tối", "evening"), WHOLE_DAY: ("Cả ngày", "whole day")}
WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3, "sau": 4, "6": 4,
            "bay": 5, "7": 5}
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _OneForOne(dict):
    """``str.translate`` table folding each character to exactly one (filled on first sight)."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = fold(char) if not char.isspace() else " "
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else "?"
        self[codepoint] = folded
        return folded


_ONE_FOR_ONE = _OneForOne()


@functools.lru_cache(maxsize=65536)
def flat(text: str) -> tuple[str, str]:
    """``(text, folded)`` of equal length: NFC, white space squeezed, each character folded alone.

    >>> flat("  THỨ  Hai ")
    ('THỨ Hai', 'thu hai')
    """
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    return text, text.translate(_ONE_FOR_ONE)


# -- times ---------------------------------------------------------------------------------
_T = (
    r"(?:(?P<{p}h>\d{{1,2}})\s*(?:[hg]\s*(?:(?P<{p}m>[0-5]\d)(?:\s*(?:'|’|phut))?)?|\s*gio(?:\s*(?P<{p}gm>[0-5]?\d)(?:\s*(?:'|’|phut))?)?)"
    r"|(?P<{p}ch>\d{{1,2}}):(?P<{p}cm>[0-5]\d))"
)
_GUARD_BEFORE = r"(?<![\d/.,:a-z])"
_GUARD_AFTER = r"(?![a-z\d/])"
TIME = re.compile(_GUARD_BEFORE + _T.format(p="a") + _GUARD_AFTER)
RANGE = re.compile(
    _GUARD_BEFORE + _T.format(p="a") + r"\s*(?:-|–|—|den|toi|\.\.)\s*(?:ngay\s*)?" + _T.format(p="b") + _GUARD_AFTER
)
UNTIL = re.compile(r"(?<![a-z])(?:den|toi|ket thuc(?: luc)?)\s*" + _T.format(p="b") + _GUARD_AFTER)


def _clock(match: re.Match, p: str) -> dt.time | None:
    hour = match.group(f"{p}h") or match.group(f"{p}ch")
    minute = match.group(f"{p}m") or match.group(f"{p}gm") or match.group(f"{p}cm") or "0"
    if hour is None:
        return None
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        return None
    return dt.time(h, m)


@attrs.frozen
class Clock:
    """Times found in an item: start, written end, and the text with them taken out."""

    start: dt.time | None
    end: dt.time | None
    rest: str


def clock(text: str) -> Clock:
    """The start and written end of an item's text (its first time form), and the text without it.

    >>> clock("- 8h00–11h00: Hội nghị").start, clock("8h00–11h00: Hội nghị").end
    (datetime.time(8, 0), datetime.time(11, 0))
    >>> c = clock("Họp Ban chỉ đạo (7 giờ 30’, đến 10h)"); (c.start, c.end, c.rest)
    (datetime.time(7, 30), datetime.time(10, 0), 'Họp Ban chỉ đạo')
    """
    original, folded = flat(text)
    found = RANGE.search(folded)
    start = end = None
    cut: list[tuple[int, int]] = []
    if found and _clock(found, "a") and _clock(found, "b"):
        start, end = _clock(found, "a"), _clock(found, "b")
        cut.append(found.span())
    else:
        single = TIME.search(folded)
        if single and _clock(single, "a"):
            start = _clock(single, "a")
            cut.append(single.span())
            until = UNTIL.search(folded, single.end())
            if until and _clock(until, "b"):
                end = _clock(until, "b")
                cut.append(until.span())
    rest = original
    for a, b in sorted(cut, reverse=True):
        lead = _LEAD.search(folded[:a])  # "từ 8h00", "lúc 8h00", "thời gian: 14h00"
        if lead:
            a = lead.start()
        rest = rest[:a] + " " + rest[b:]
    return Clock(start, end, tidy(rest))


_LEAD = re.compile(
    r"(?<![a-z])(?:(?:bat dau\s+)?(?:tu|vao)\s+luc|bat dau(?:\s+tu)?|tu|luc|vao|khoang|thoi gian\s*:?|gio\s*:)\s*[(]?\s*$"
)


_EMPTY_PARENS = re.compile(r"\(\s*[,;:.\-–]*\s*\)")


_OPEN_COMMA = re.compile(r"\(\s*[,;]\s*")
_COMMA_CLOSE = re.compile(r"\s*[,;]\s*\)")


def tidy(text: str) -> str:
    """Leftover punctuation of a cut-out time removed: ``'(, )'``, a leading ``':'`` or ``'-'``."""
    if "(" in text:
        text = _EMPTY_PARENS.sub(" ", text)
        text = _OPEN_COMMA.sub("(", " ".join(text.split()))
        text = _COMMA_CLOSE.sub(")", text)
        text = _EMPTY_PARENS.sub(" ", text)
    return " ".join(text.split()).strip(" :-–—,;.").strip()


def starts_with_time(text: str) -> bool:
    """Whether an item line begins with a time (``8h00: …``, ``(8h30) …``, ``07:30 - …``)."""
    _, folded = flat(strip_bullet(text)[0])
    folded = _LEADING_WORD.sub("", folded)
    found = TIME.search(folded)
    return bool(found) and found.start() <= 1


_LEADING_WORD = re.compile(r"^(?:bat dau tu|vao luc|tu luc|tu|luc|khoang)\s+")


# -- bullets, sessions, fields ---------------------------------------------------------------
_BULLET = re.compile(r"^\s*(?:[-+•*–—·▪►●○◦]|\d{1,2}[.)](?!\d))\s*")


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without its list bullet, and whether it had one."""
    found = _BULLET.match(text)
    if found and found.end() < len(text):
        return text[found.end():].strip(), True
    return text.strip(), False


_SESSION = re.compile(r"^(?:buoi\s+)?(sang|chieu|toi|ca ngay)(?![a-z])(?!\s+(?:tao|tac|kien|lap|nay|mai|qua)\b)")


def session_word(text: str) -> tuple[str, str] | None:
    """``(session, rest)`` when a line starts with Sáng/Chiều/Tối/Cả ngày (or "Buổi sáng")."""
    original, folded = flat(text)
    found = _SESSION.match(folded)
    if not found:
        return None
    rest = original[found.end():].strip()
    rest = re.sub(r"^[\s:.\-–—)]+", "", rest)
    return SESSION_WORDS[found.group(1)], rest


FIELDS = {
    "dia diem": "location", "tai": "location",
    "chu tri": "chair", "lanh dao chu tri": "chair", "nguoi chu tri": "chair", "lanh dao du": "chair",
    "thanh phan": "participants", "thanh phan tham du": "participants", "thanh phan du": "participants",
    "moi": "participants", "khach moi": "participants",
    "chuan bi": "prepare", "don vi chuan bi": "prepare", "co quan chuan bi": "prepare",
    "ghi chu": "notes", "luu y": "notes",
    "noi dung": "content", "thoi gian": "time",
}
_FIELD = re.compile(
    r"(?<![a-z])(" + "|".join(sorted((re.escape(k) for k in FIELDS if k != "tai"), key=len, reverse=True))
    + r")\s*:\s*"
)


def split_fields(text: str) -> tuple[str, dict[str, str]]:
    """The item text before its first ``Field:`` label, and the labelled fields.

    >>> split_fields("Họp về giá đất. Địa điểm: Phòng họp số 2; Thành phần: Sở Tài chính")
    ('Họp về giá đất.', {'location': 'Phòng họp số 2', 'participants': 'Sở Tài chính'})
    """
    original, folded = flat(text)
    marks = list(_FIELD.finditer(folded))
    if not marks:
        return original, {}
    fields: dict[str, str] = {}
    head = original[: marks[0].start()].strip(" ;,")
    for index, mark in enumerate(marks):
        stop = marks[index + 1].start() if index + 1 < len(marks) else len(original)
        value = original[mark.end(): stop].strip(" ;,.")
        name = FIELDS[mark.group(1)]
        fields[name] = f"{fields[name]}; {value}" if name in fields else value
    return head.strip(), fields


# -- dates ---------------------------------------------------------------------------------
_DATE = r"(?<![\d/])(?P<{p}d>\d{{1,2}})\s*[/.\-]\s*(?P<{p}mo>\d{{1,2}})(?:\s*[/.\-]\s*(?P<{p}y>\d{{4}}))?(?![\d]|\s*[/.\-]\s*\d)"
_WORDY = r"ngay\s*(?P<{p}wd>\d{{1,2}})\s*thang\s*(?P<{p}wm>\d{{1,2}})(?:\s*(?:nam|,)\s*(?P<{p}wy>\d{{4}}))?"
DATE = re.compile(_DATE.format(p="a"))
WORDY_DATE = re.compile(_WORDY.format(p="a"))
DAY_SPAN = re.compile(
    r"(?<![\d/])(?P<d1>\d{1,2})\s*(?:-|–|—|den)\s*(?:ngay\s*)?(?P<d2>\d{1,2})\s*/\s*(?P<mo>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?(?![\d])"
)
DAYS_COUNT = re.compile(r"\(\s*(?:trong\s*)?(\d{1,2})\s*ngay\s*\)|(?<![a-z])trong\s*(\d{1,2})\s*ngay(?![a-z])")


@attrs.frozen
class DayMonth:
    """A date as written: day, month, and the year when written."""

    day: int
    month: int
    year: int | None = None

    def resolve(self, year: int) -> dt.date | None:
        """The date in ``year`` (``None`` when day/month are impossible)."""
        try:
            return dt.date(self.year or year, self.month, self.day)
        except ValueError:
            return None


def _daymonth(day: str, month: str, year: str | None) -> DayMonth | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    y = int(year) if year else None
    if y is not None and not 1900 <= y <= 2200:
        return None
    return DayMonth(d, m, y)


def dates_in(folded: str) -> list[tuple[int, DayMonth]]:
    """Every date (``01/6``, ``11/6/2025``, ``ngày 11 tháng 6 năm 2025``) in folded text, with position."""
    found = []
    for match in DATE.finditer(folded):
        value = _daymonth(match.group("ad"), match.group("amo"), match.group("ay"))
        if value:
            found.append((match.start(), value))
    for match in WORDY_DATE.finditer(folded):
        value = _daymonth(match.group("awd"), match.group("awm"), match.group("awy"))
        if value:
            found.append((match.start(), value))
    return sorted(found, key=lambda pair: pair[0])


_WEEKDAY = (
    r"(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|(chu\s*nhat|cn)|t([2-7])(?=\s*[,(:\-–]?\s*(?:ngay\s*)?\d))(?![a-z0-9])"
)
_HEADING = re.compile(r"^" + _WEEKDAY)
_ANY_WEEKDAY = re.compile(r"(?<![a-z])" + _WEEKDAY)


@attrs.frozen
class DayHeading:
    """A day heading: the weekday and date it names, a span's last date, and what follows it."""

    weekday: int | None
    date: DayMonth | None
    last: DayMonth | None = None
    last_weekday: int | None = None
    rest: str = ""


def _weekday(match: re.Match) -> int:
    """0 for Monday … 6 for Sunday ("Thứ Hai", "Thứ 2", "T2 (01/6)", "Chủ nhật", "CN")."""
    if match.group(2):
        return 6
    return WEEKDAYS[match.group(1) or match.group(3)]


def day_heading(text: str, anywhere: bool = False) -> DayHeading | None:
    """The day heading a line starts with (or, for a table's day cell, holds anywhere).

    >>> h = day_heading("THỨ HAI, NGÀY 01/6/2026: Làm việc tại cơ quan"); (h.weekday, h.date, h.rest)
    (0, DayMonth(day=1, month=6, year=2026), 'Làm việc tại cơ quan')
    >>> h = day_heading("Thứ Năm 04/6 – Thứ Sáu 05/6"); (h.date.day, h.last.day, h.last_weekday)
    (4, 5, 4)
    """
    original, folded = flat(text)
    match = (_ANY_WEEKDAY.search(folded) if anywhere else _HEADING.match(folded))
    if anywhere and match is None:
        dates = dates_in(folded)
        if dates and len(folded) <= 40:
            return DayHeading(None, dates[0][1], dates[1][1] if len(dates) > 1 else None)
        return None
    if match is None:
        return None
    weekday = _weekday(match)
    position = match.end()
    tail = folded[position:]
    head = re.match(r"[\s,:(\-–]*", tail)
    position += head.end()
    date = None
    found = WORDY_DATE.match(folded, position)
    if not found:
        position += re.match(r"(?:ngay\s*)?", folded[position:]).end()
        found = DATE.match(folded, position)
    if anywhere and not found:
        dates = dates_in(folded)
        if dates:
            return DayHeading(weekday, dates[0][1], rest="")
    if found:
        if found.re is DATE:
            date = _daymonth(found.group("ad"), found.group("amo"), found.group("ay"))
        else:
            date = _daymonth(found.group("awd"), found.group("awm"), found.group("awy"))
        position = found.end()
    last = last_weekday = None
    span = re.compile(r"\)?\s*(?:-|–|—|den)\s*").match(folded, position)
    if span:
        after = span.end()
        other = _HEADING.match(folded[after:])
        cursor = after
        other_weekday = None
        if other:
            other_weekday = _weekday(other)
            cursor = after + other.end()
            cursor += re.match(r"[\s,:(\-–]*(?:ngay\s*)?", folded[cursor:]).end()
        second = DATE.match(folded, cursor)
        if second:
            last = _daymonth(second.group("ad"), second.group("amo"), second.group("ay"))
            last_weekday = other_weekday
            position = second.end()
        elif other:
            last_weekday = other_weekday
            position = cursor
    rest = original[position:]
    rest = re.sub(r"^[\s)\]:.,\-–—]+", "", rest).strip()
    if anywhere:
        rest = ""
    return DayHeading(weekday, date, last, last_weekday, rest)


# -- the week header -----------------------------------------------------------------------
_WEEK = re.compile(r"(?<![a-z])tuan(?:\s*(?:thu|so))?\s*(\d{1,2})(?:\s*(?:nam|/|-)\s*(\d{4}))?")
_FROM_TO = re.compile(r"(?<![a-z])tu(?:\s*ngay)?\s*")


@attrs.frozen
class WeekHeader:
    """What the week header says: its first and last dates (year of the last one when written)."""

    first: DayMonth | None
    last: DayMonth | None
    number: int | None = None
    year: int | None = None


def week_header(text: str) -> WeekHeader | None:
    """The week a header line names, if it names one.

    >>> week_header("Tuần 23, từ ngày 01/6/2026 đến ngày 07/6/2026").year
    2026
    >>> week_header("(Từ ngày 9/6 đến ngày 13/6/2025)").first
    DayMonth(day=9, month=6, year=None)
    """
    _, folded = flat(text)
    week = _WEEK.search(folded)
    has_from = "tu ngay" in folded or "den ngay" in folded
    if not week and not has_from and "lich" not in folded:
        return None
    dates = [d for _, d in dates_in(folded)]
    number = int(week.group(1)) if week else None
    year = int(week.group(2)) if week and week.group(2) else None
    if len(dates) >= 2 and (week or has_from or "lich" in folded):
        first, last = dates[0], dates[1]
        year = last.year or first.year or year
        return WeekHeader(first, last, number, year)
    if week and year and number and 1 <= number <= 53:
        try:
            monday = dt.date.fromisocalendar(year, number, 1)
        except ValueError:
            return None
        sunday = monday + dt.timedelta(days=6)
        return WeekHeader(DayMonth(monday.day, monday.month, monday.year),
                          DayMonth(sunday.day, sunday.month, sunday.year), number, year)
    if week and (dates or year):
        return WeekHeader(dates[0] if dates else None, None, number, year or (dates[0].year if dates else None))
    return None


_REVISION = re.compile(r"(?<![a-z])(?:dieu chinh|bo sung|sua doi)(?:\s*,?\s*(?:bo sung|dieu chinh))?(?:\s*lan\s*(?:thu\s*)?(\d{1,2}))?")


def revision(text: str) -> int | None:
    """The revision a header names: "Điều chỉnh lần 2" → 2, "(điều chỉnh)" → 1, none → ``None``."""
    _, folded = flat(text)
    found = _REVISION.search(folded)
    if not found:
        return None
    return int(found.group(1)) if found.group(1) else 1


_ISSUED = re.compile(r",\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def issue_date(text: str) -> dt.date | None:
    """The date of issue of "Hưng Yên, ngày 29 tháng 5 năm 2026"."""
    _, folded = flat(text)
    found = _ISSUED.search(folded)
    if not found:
        return None
    try:
        return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None


def day_span(text: str) -> tuple[DayMonth, DayMonth] | None:
    """A span written inside an item ("từ ngày 04-05/6"), first and last date."""
    _, folded = flat(text)
    found = DAY_SPAN.search(folded)
    if not found:
        return None
    first = _daymonth(found.group("d1"), found.group("mo"), found.group("y"))
    last = _daymonth(found.group("d2"), found.group("mo"), found.group("y"))
    if first and last and (last.day > first.day):
        return first, last
    return None


def days_count(text: str) -> int | None:
    """A length in days written in an item: "(03 ngày)", "trong 02 ngày"."""
    _, folded = flat(text)
    found = DAYS_COUNT.search(folded)
    if not found:
        return None
    number = int(found.group(1) or found.group(2))
    return number if 1 <= number <= 31 else None
