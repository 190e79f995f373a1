"""Reading a weekly schedule (lịch công tác tuần) into :class:`meetingrules.EventData` (SPEC §9).

Each item of the schedule is one event read, accounted for like a VEVENT (SPEC §7)::

    intake.read == items handed over + intake.rejected + intake.outside_window

Nothing is classified here beyond what only the schedule's layout can say, written as
``X-MEETINGRULES-*`` properties for :func:`meetingrules.classify.build_meeting`:

* ``UNIT`` and ``LEVEL`` — the unit in the header ("UBND TỈNH HƯNG YÊN" → province);
* ``END-ESTIMATED`` — "true" when no end was written. "Ends are rarely written. An item
  ends at its written end; else at the earlier of the next item of the same person that
  day and the end of its session; "Cả ngày" fills both sessions; a span fills every
  working day of it." (SPEC §9);
* ``ORGANISED-BY`` — the other body, when the leader only attends ("dự … do Bộ … tổ chức");
* ``KIND`` = ``not-a-meeting`` for the phrases of these schedules ("làm việc tại cơ quan",
  "tiếp công dân", "dự lễ", "đi kiểm tra", "trực").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import attrs

from connectors.ics import ReadResult, diagnostic
from connectors.weekly import extract, grammar as g
from connectors.weekly.parse import Parsed, RawItem, parse
from connectors.weekly.people import Roster, mentions
from connectors.weekly.sniff import Format, detect
from meetingrules.model import EventData, Intake, SourceRef, Window
from meetingrules.policy import Policy
from meetingrules.text import fold

#: What to do about a weekly schedule that cannot be read (MR001's own hint speaks of .ics exports).
HINT = (
    "Dùng tệp lịch công tác tuần gốc: Word (.docx), trang HTML, Excel (.xlsx), PDF có lớp chữ hoặc văn bản; "
    "ghi năm trong tiêu đề tuần (docs/weekly.md).",
    "Use the weekly schedule's original file: Word (.docx), the HTML page, Excel (.xlsx), a PDF with a text "
    "layer or plain text; write the year in the week header (docs/weekly.md).",
)
#: "Tối" has no working hours in the policy: an evening item without an end runs to 21:00.
EVENING = (dt.time(19, 0), dt.time(21, 0))

_NOT_A_MEETING = re.compile(
    r"(?<![a-z])(?:lam viec tai (?:co quan|tru so|van phong|phong lam viec)|giai quyet cong viec"
    r"|xu ly cong viec|tiep cong dan|tiep dan|du le|tham du le|di kiem tra|kiem tra thuc te|di co so"
    r"|truc (?:lanh dao|co quan|ban|tet|le)|^truc$|^kiem tra(?![a-z]))"
)
_ATTENDS = re.compile(
    r"(?<![a-z])(?:tham du|du)\s+(?:(?:va\s+)?(?:chi dao|phat bieu|chu tri)\s+)?"
    r"(?:hoi nghi|hoi thao|hop|phien|ky hop|dien dan|dai hoi|chuong trinh|buoi|cuoc|tong ket|so ket|tap huan"
    r"|toa dam|giao ban|le)(?![a-z])"
)
_ORGANISED_BY = re.compile(r"(?<![a-z])do\s+(.{3,90}?)\s+(?:to chuc|chu tri|trieu tap)(?![a-z])")
_OTHER_BODIES = re.compile(
    r"(?<![a-z])(ban thuong vu tinh uy|ban chap hanh dang bo tinh|tinh uy|hdnd tinh|hoi dong nhan dan tinh"
    r"|chinh phu|thu tuong chinh phu|quoc hoi|trung uong|toan quoc|dang uy xa|hdnd xa|mttq|mat tran to quoc)"
    r"(?![a-z])"
)
_MINISTRY = re.compile(r"(?<![a-z])(?:cua|tai)\s+(bo)\s+[a-z]")  # "… của Bộ Tài chính"
_NAME_STOP = frozenset("ve nam tai do theo voi cho tu luc nhan dip va".split())
_UNIT = re.compile(r"(?<![a-z])(?:uy ban nhan dan|ubnd)[\s|]+(tinh|xa|phuong|thanh pho|huyen)\s*")
_SECTION = re.compile(r"(?<![a-z])(so|van phong)\s+")


@attrs.frozen
class Schedule:
    """What a weekly schedule says about itself: its unit, its week (Monday) and its revision."""

    unit: str = ""
    level: str = ""
    monday: dt.date | None = None
    revision: int = 0


def read_weekly_bytes(
    data: bytes, origin: str, policy: Policy, window: Window, *, year: int | None = None
) -> ReadResult:
    """Read one weekly schedule (docx, HTML, xlsx, PDF with text, plain text) into events.

    ``year`` is the year for a schedule whose header writes none (``--year``); a schedule
    with neither is rejected whole with that reason, never guessed.
    """
    return read_schedule(data, origin, policy, window, year=year)[0]


def read_schedule(
    data: bytes, origin: str, policy: Policy, window: Window, *, year: int | None = None
) -> tuple[ReadResult, Schedule]:
    """:func:`read_weekly_bytes`, and what the schedule says about itself (for the import)."""
    reader = _Weekly(origin, policy, window, year)
    try:
        return reader.read(data), reader.info
    except Exception as exc:  # noqa: BLE001 - the last boundary: a bad file never stops the others
        finding = diagnostic("MR001", origin, f"{type(exc).__name__}: {exc}")
        return ReadResult((), Intake(0, 0, 0, (finding,), (origin,))), Schedule()


@attrs.define
class _Timed:
    raw: RawItem
    first: dt.date
    last: dt.date
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    estimated: bool = False
    session: str | None = None
    people: tuple[str, ...] = ()
    group: bool = False


class _Weekly:
    def __init__(self, origin: str, policy: Policy, window: Window, year: int | None):
        self.origin = origin
        self.policy = policy
        self.tz = policy.timezone
        self.window = window
        self.year = year
        self.findings = []
        self.info = Schedule()
        sessions = policy.sessions
        self.morning = (sessions[0].start, sessions[0].end)
        self.afternoon = (sessions[-1].start, sessions[-1].end)
        self.working = [(s.start, s.end) for s in sessions]

    def fail(self, vi: str, en: str, read: int = 0) -> ReadResult:
        finding = attrs.evolve(diagnostic("MR001", self.origin, (vi, en)), hint_vi=HINT[0], hint_en=HINT[1])
        return ReadResult((), Intake(read, read, 0, (finding, *self.findings), (self.origin,)))

    # -- the file ------------------------------------------------------------------------
    def read(self, data: bytes) -> ReadResult:
        found = detect(data, self.origin)
        try:
            if found is Format.DOCX:
                blocks = extract.docx_blocks(data)
            elif found is Format.XLSX:
                blocks = extract.xlsx_blocks(data)
            elif found is Format.HTML:
                blocks = extract.html_blocks(data)
            elif found is Format.PDF:
                blocks = extract.pdf_blocks(data)
            elif found is Format.TEXT:
                text, note = extract.decode_text(data)
                if note:
                    self.findings.append(diagnostic("MR006", self.origin, note))
                blocks = extract.text_blocks(text)
            elif found is Format.ENCRYPTED:
                return self.fail(
                    "tệp Word/Excel được bảo vệ bằng mật khẩu (mã hóa): mở tệp, bỏ mật khẩu "
                    "(Tệp › Thông tin › Bảo vệ tài liệu) rồi lưu lại",
                    "the Word/Excel file is password-protected (encrypted): open it, remove the password "
                    "(File › Info › Protect Document) and save it again",
                )
            elif found is Format.BINARY_DOC:
                return self.fail(
                    "tệp Word/Excel 97–2003 (.doc/.xls nhị phân) không đọc được: lưu lại dưới dạng .docx, .xlsx hoặc HTML",
                    "a Word/Excel 97–2003 binary file (.doc/.xls) cannot be read: save it as .docx, .xlsx or HTML",
                )
            else:
                return self.fail("không nhận ra định dạng của tệp", "the file's format is not recognised")
        except extract.ExtractError as exc:
            return self.fail(exc.vi, exc.en)
        parsed = parse(blocks)
        return self.schedule(parsed, found)

    def schedule(self, parsed: Parsed, found: Format) -> ReadResult:
        bad_rows = sum(rows for _, _, rows in parsed.bad_tables)
        read = len(parsed.items) + len(parsed.undated) + bad_rows
        if not parsed.items and not parsed.undated and not parsed.bad_tables:
            what = ("trang HTML", "the HTML page") if found is Format.HTML else ("tệp", "the file")
            return self.fail(
                f"{what[0]} không có lịch công tác tuần (không thấy đề mục ngày như 'Thứ Hai 01/6' hay bảng lịch)",
                f"{what[1]} holds no weekly schedule (no day heading such as 'Thứ Hai 01/6' and no schedule table)",
            )
        year = self._year(parsed)
        if year is None:
            return self.fail(
                "lịch không ghi năm (tiêu đề tuần không có năm): ghi năm vào tiêu đề, ví dụ 'từ ngày 01/6/2026 "
                "đến ngày 07/6/2026', hoặc dùng --year",
                "the schedule gives no year (its week header has none): write it in the header, e.g. "
                "'từ ngày 01/6/2026 đến ngày 07/6/2026', or pass --year",
                read,
            )
        rejected = 0
        for place, headings, rows in parsed.bad_tables:
            rejected += rows
            self.findings.append(attrs.evolve(diagnostic(
                "MR002", self.origin,
                (f"{self.origin}, {place.describe('vi')}: không nhận ra các cột của bảng ({headings}); cần các cột "
                 f"như 'Thứ/ngày', 'Thời gian', 'Nội dung', 'Chủ trì'; {rows} hàng bị loại",
                 f"{self.origin}, {place.describe('en')}: the table's columns are not recognised ({headings}); "
                 f"columns such as 'Thứ/ngày', 'Thời gian', 'Nội dung', 'Chủ trì' are needed; {rows} row(s) rejected"),
                limit=rows,
            ), hint_vi="Đặt tên cột theo mẫu: 'Thứ/ngày', 'Buổi', 'Thời gian', 'Nội dung', 'Chủ trì', 'Địa điểm'.",
               hint_en="Head the columns as usual: 'Thứ/ngày', 'Buổi', 'Thời gian', 'Nội dung', 'Chủ trì', 'Địa điểm'."))
        for item in parsed.undated:
            rejected += 1
            self._undatable(item, ("mục này không nằm dưới đề mục ngày nào", "the item is under no day heading"))
        unit, level = _unit(parsed)
        monday = self._monday(parsed, year)
        self.info = Schedule(unit, level, monday, parsed.revision or 0)
        self._check_headings(parsed, year, monday)
        timed: list[_Timed] = []
        for item in parsed.items:
            dates = self._dates(item, year, monday, parsed)
            if dates is None:
                rejected += 1
                self._undatable(item, ("không xác định được ngày của mục này", "the item's date cannot be told"))
                continue
            timed.append(_Timed(item, *dates))
        self._people(timed, unit, parsed)
        for t in timed:
            self._times(t)
        self._estimate(timed)
        events: list[EventData] = []
        outside = 0
        uids: set[str] = set()
        for index, t in enumerate(timed):
            inside = [e for e in self._events(t, index, unit, level, uids) if self.window.contains(e.start)]
            events.extend(inside)
            outside += not inside
        intake = Intake(read, rejected, outside, tuple(self.findings), (self.origin,))
        return ReadResult(tuple(events), intake)

    def _undatable(self, item: RawItem, why: tuple[str, str]) -> None:
        title = item.text[:80]
        self.findings.append(attrs.evolve(diagnostic(
            "MR002", self.origin,
            (f"{self.origin}, {item.place.describe('vi')}: '{title}': {why[0]}",
             f"{self.origin}, {item.place.describe('en')}: '{title}': {why[1]}"),
            line=item.place.line,
        ), hint_vi="Đặt mục dưới một đề mục ngày (ví dụ 'Thứ Hai 01/6') hoặc ghi ngày vào mục.",
           hint_en="Put the item under a day heading (e.g. 'Thứ Hai 01/6') or write its date in it."))

    # -- dates ---------------------------------------------------------------------------
    def _year(self, parsed: Parsed) -> int | None:
        week = parsed.week
        if week is not None:
            for value in (week.year, week.last and week.last.year, week.first and week.first.year):
                if value:
                    return value
        for heading, _ in parsed.headings:
            if heading.date and heading.date.year:
                return heading.date.year
        if parsed.issued is not None:
            return parsed.issued.year
        return self.year

    def _resolve(self, value: g.DayMonth, year: int, monday: dt.date | None) -> dt.date | None:
        if value.year:
            return value.resolve(value.year)
        if monday is not None:
            # The week header's year, moved by one when the week crosses the new year.
            candidates = [d for y in (monday.year - 1, monday.year, monday.year + 1) if (d := value.resolve(y))]
            if candidates:
                return min(candidates, key=lambda d: abs((d - monday).days))
        return value.resolve(year)

    def _monday(self, parsed: Parsed, year: int) -> dt.date | None:
        week = parsed.week
        if week is not None:
            anchor = None
            if week.first is not None:
                anchor = week.first.resolve(week.first.year or year)
                if week.last is not None and week.last.year and anchor and week.first.month > week.last.month:
                    anchor = week.first.resolve(week.last.year - 1)
            elif week.last is not None:
                anchor = week.last.resolve(week.last.year or year)
            if anchor is not None:
                return anchor - dt.timedelta(days=anchor.weekday())
        for heading, _ in parsed.headings:
            if heading.date:
                day = heading.date.resolve(heading.date.year or year)
                if day:
                    return day - dt.timedelta(days=day.weekday())
        return None

    def _day(self, heading: g.DayHeading, year: int, monday: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
        first = self._resolve(heading.date, year, monday) if heading.date else None
        if first is None and heading.weekday is not None and monday is not None:
            first = monday + dt.timedelta(days=heading.weekday)
        last = self._resolve(heading.last, year, monday) if heading.last else None
        if last is None and heading.last_weekday is not None and first is not None:
            last = first + dt.timedelta(days=(heading.last_weekday - first.weekday()) % 7)
        return first, last

    def _check_headings(self, parsed: Parsed, year: int, monday: dt.date | None) -> None:
        seen: set[tuple] = set()
        for heading, place in parsed.headings:
            if heading.weekday is None or heading.date is None:
                continue
            day = self._resolve(heading.date, year, monday)
            key = (heading.weekday, day)
            if day is None or day.weekday() == heading.weekday or key in seen:
                continue
            seen.add(key)
            when = f"{day.day:02d}/{day.month:02d}/{day.year}"
            self.findings.append(diagnostic(
                "MR011", self.origin,
                (f"{place.describe('vi')}: '{g.WEEKDAY_NAMES[heading.weekday]} {heading.date.day:02d}/"
                 f"{heading.date.month:02d}' nhưng ngày {when} là {g.WEEKDAY_NAMES[day.weekday()]}; đã lấy theo ngày",
                 f"{place.describe('en')}: '{g.WEEKDAY_NAMES[heading.weekday]} {heading.date.day:02d}/"
                 f"{heading.date.month:02d}' but {when} is a {g.WEEKDAY_EN[day.weekday()]}; the date was used"),
                line=place.line,
            ))

    def _dates(self, item: RawItem, year: int, monday, parsed: Parsed) -> tuple[dt.date, dt.date] | None:
        first = last = None
        if item.day is not None:
            first, last = self._day(item.day, year, monday)
        span = g.day_span(item.text)
        if span is not None:
            a = self._resolve(span[0], year, monday)
            b = self._resolve(span[1], year, monday)
            if a and b and b >= a:
                first, last = a, b
        if first is None:
            return None
        count = g.days_count(item.text)
        if count is not None and (last is None or last == first):
            last = first + dt.timedelta(days=count - 1)
        if last is None or last < first:
            last = first
        return first, last

    # -- people --------------------------------------------------------------------------
    def _people(self, timed: list[_Timed], unit: str, parsed: Parsed) -> None:
        place_words = frozenset(fold(w) for w in re.findall(r"\w+", unit) if w[:1].isupper())
        roster = Roster(unit)
        found = []
        for t in timed:
            text = " ; ".join([t.raw.text] + [t.raw.fields.get(k, "") for k in ("chair", "participants")])
            ms, group = mentions(text, place_words)
            roster.learn(ms)
            found.append((ms, group))
        for t, (ms, group) in zip(timed, found):
            people = [p for m in ms if (p := roster.identity(m))]
            t.people = tuple(dict.fromkeys(people))
            t.group = group

    # -- times ---------------------------------------------------------------------------
    def _session_of(self, clock: dt.time) -> tuple[str, dt.time]:
        """The session a start falls in (or the next one), and that session's end."""
        for index, (_, end) in enumerate(self.working):
            if clock < end:
                return (g.MORNING if index == 0 else g.AFTERNOON), end
        if clock < EVENING[1]:
            return g.EVENING, EVENING[1]
        later = (dt.datetime.combine(dt.date(2000, 1, 1), clock) + dt.timedelta(hours=1)).time()
        return g.EVENING, later if later > clock else dt.time(23, 59)  # a late item: one hour, before midnight

    def _bounds(self, session: str) -> tuple[dt.time, dt.time]:
        if session == g.MORNING:
            return self.morning
        if session == g.AFTERNOON:
            return self.afternoon
        if session == g.EVENING:
            return EVENING
        return self.morning[0], self.afternoon[1]

    def _at(self, day: dt.date, clock: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, clock, tzinfo=self.tz)

    def _times(self, t: _Timed) -> None:
        raw = t.raw
        session = raw.session
        start_clock = raw.start
        if start_clock is not None and session in (g.AFTERNOON, g.EVENING) and start_clock.hour < 12:
            if start_clock.hour + 12 <= 23:
                start_clock = start_clock.replace(hour=start_clock.hour + 12)
        end_clock = raw.end
        if end_clock is not None and start_clock is not None and end_clock <= start_clock and end_clock.hour < 12:
            end_clock = end_clock.replace(hour=end_clock.hour + 12)
        whole = session == g.WHOLE_DAY or (session is None and start_clock is None) or t.last > t.first
        if start_clock is None:
            start_clock = self._bounds(session or g.WHOLE_DAY)[0]
        if whole and raw.start is None:
            session = g.WHOLE_DAY
        elif raw.start is not None:
            session = self._session_of(start_clock)[0]
        t.session = session
        t.start = self._at(t.first, start_clock)
        if end_clock is not None and self._at(t.last, end_clock) > t.start:
            t.end = self._at(t.last, end_clock)
            return
        t.estimated = True
        if whole:
            t.end = self._at(t.last, self.afternoon[1])
        elif raw.last_session is not None:
            t.end = self._at(t.last, self._bounds(raw.last_session)[1])
        else:
            t.end = self._at(t.last, self._session_of(start_clock)[1])

    def _estimate(self, timed: list[_Timed]) -> None:
        """An estimated end is cut at the same person's next item that day (SPEC §9)."""
        by_person: dict[tuple[str, dt.date], list[_Timed]] = {}
        for t in timed:
            for person in t.people:
                by_person.setdefault((fold(person), t.first), []).append(t)
        for items in by_person.values():
            items.sort(key=lambda x: x.start)
            for t in items:
                if not t.estimated or t.last > t.first or t.session == g.WHOLE_DAY:
                    continue
                later = [o.start for o in items if o.start > t.start]
                if later and min(later) < t.end:
                    t.end = min(later)

    def _parts(self, t: _Timed) -> list[tuple[dt.datetime, dt.datetime]]:
        """A span's working days, as runs of consecutive days ("a span fills every working day of it")."""
        if t.last <= t.first:
            return [(t.start, t.end)]
        days = [t.first + dt.timedelta(days=n) for n in range((t.last - t.first).days + 1)]
        working = [d for d in days if d.weekday() < 5] or days
        runs: list[list[dt.date]] = []
        for day in working:
            if runs and (day - runs[-1][-1]).days == 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        return [
            (self._at(run[0], t.start.time()), self._at(run[-1], t.end.time() if run[-1] == t.last else self.afternoon[1]))
            if index == 0 else
            (self._at(run[0], self.morning[0]), self._at(run[-1], t.end.time() if run[-1] == t.last else self.afternoon[1]))
            for index, run in enumerate(runs)
        ]

    # -- the event -----------------------------------------------------------------------
    def _events(self, t: _Timed, index: int, unit: str, level: str, uids: set[str]) -> list[EventData]:
        """The item's event; a span across a weekend is one event per run of working days, one ID."""
        event = self._event(t, index, unit, level, uids)
        parts = self._parts(t)
        if len(parts) == 1:
            start, end = parts[0]
            return [attrs.evolve(event, start=start, end=end)]
        properties = dict(event.properties, ID=event.uid)
        return [
            attrs.evolve(event, start=start, end=end, properties=dict(properties),
                         source=attrs.evolve(event.source, recurrence_id=start.date().isoformat()))
            for start, end in parts
        ]

    def _event(self, t: _Timed, index: int, unit: str, level: str, uids: set[str]) -> EventData:
        raw = t.raw
        title = raw.text
        folded_title = fold(title)
        properties: dict[str, str] = {}
        if unit:
            properties["UNIT"] = unit
        if level:
            properties["LEVEL"] = level
        if t.estimated:
            properties["END-ESTIMATED"] = "true"
        if _NOT_A_MEETING.search(_strip_subject(folded_title)) or _NOT_A_MEETING.search(folded_title):
            properties["KIND"] = "not-a-meeting"
        else:
            body = _organised_elsewhere(title, unit)
            if body:
                properties["ORGANISED-BY"] = body
        clock_key = t.start.strftime("%H%M") if raw.start is not None else (t.session or "")
        key = "|".join((fold(unit), t.first.isoformat(), clock_key, " ".join(re.findall(r"[a-z0-9]+", folded_title))))
        uid = "weekly-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        base, n = uid, 1
        while uid in uids:
            n += 1
            uid = f"{base}-{n}"
        uids.add(uid)
        description = []
        labels = {"chair": "Chủ trì", "participants": "Thành phần", "prepare": "Chuẩn bị", "notes": "Ghi chú"}
        for name, label in labels.items():
            if raw.fields.get(name):
                description.append(f"{label}: {raw.fields[name]}")
        description.append(f"Nguồn: {self.origin}, {raw.place.describe('vi')}")
        return EventData(
            uid=uid,
            summary=title,
            start=t.start,
            end=t.end,
            description="\n".join(description),
            location=raw.fields.get("location", ""),
            properties=properties,
            attendees=t.people,
            source=SourceRef(self.origin, uid, None, raw.place.line if raw.place.table is None else None, "", index),
        )


_SUBJECT = re.compile(
    r"^(?:d/c|dong chi|pct|pho chu tich|chu tich|bi thu|pho bi thu|lanh dao)(?:\s+(?!lam viec|tiep|du |tham du"
    r"|di |truc|kiem tra)[^\s,:;]+){0,6}\s+(?=(?:lam viec|tiep|du|tham du|di|truc|kiem tra)(?![a-z]))"
)


def _strip_subject(folded: str) -> str:
    """A title without the leader it starts with ("PCT Lê Văn Minh đi kiểm tra …" → "đi kiểm tra …")."""
    return _SUBJECT.sub("", folded, count=1)


def _organised_elsewhere(title: str, unit: str) -> str:
    """The other body when the leader only attends an item it organises, else ""."""
    original, folded = g.flat(title)
    attends = _ATTENDS.search(folded)
    if not attends:
        return ""
    own = fold(unit)
    by = _ORGANISED_BY.search(folded, attends.start())
    if by:
        body = original[by.start(1): by.end(1)].strip()
        words = own.split(" ")
        level = " ".join(words[:2]) if len(words) >= 2 else own  # "ubnd tinh" of "ubnd tinh hung yen"
        if own and (fold(body) in own or own in fold(body) or fold(body) == level):
            return ""
        return body
    ministry = _MINISTRY.search(folded, attends.start())
    if ministry:
        return _name_from(original, folded, ministry.start(1))
    other = _OTHER_BODIES.search(folded, attends.start())
    if other:
        body = original[other.start(): other.end()].strip()
        if fold(body) == "toan quoc":
            return "Trung ương (hội nghị toàn quốc)"
        return body
    return ""


def _name_from(original: str, folded: str, start: int) -> str:
    """A body's name from ``start`` ("Bộ Nông nghiệp và Môi trường về …" → up to "về")."""
    words: list[str] = []
    for match in re.finditer(r"\S+", original[start:]):
        word = match.group()
        bare = word.rstrip(",.;:)")
        if not bare:
            break
        stop = bare[0].islower() and fold(bare) in _NAME_STOP and not (fold(bare) == "va" and len(words) >= 2)
        if words and stop:
            break
        words.append(bare)
        if bare != word or len(words) == 7:
            break
    return " ".join(words)


def _unit(parsed: Parsed) -> tuple[str, str]:
    """The unit and level the header names ("UBND tỉnh Hưng Yên", "province")."""
    lines = parsed.unit_lines + parsed.title_lines
    joined = " | ".join(lines)
    original, folded = g.flat(joined)
    found = _UNIT.search(folded)
    if found:
        kind = found.group(1)
        words = []
        for match in re.finditer(r"[^\s|]+|\|", original[found.end():]):
            word = match.group()
            if word == "|" and words:
                break
            if word == "|":
                continue
            if not word[:1].isupper() or fold(word) in ("cong", "lich", "so", "v/v"):
                break
            word = word.strip(",.;:")
            words.append(word.capitalize() if word.isupper() else word)
            if len(words) == 3:
                break
        name = " ".join(w for w in words if w)
        label = {"tinh": "tỉnh", "xa": "xã", "phuong": "phường", "thanh pho": "thành phố", "huyen": "huyện"}[kind]
        level = "province" if kind in ("tinh",) else "commune" if kind in ("xa", "phuong") else ""
        return (f"UBND {label} {name}".strip(), level)
    return "", ""
