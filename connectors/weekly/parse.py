"""From the blocks of a weekly schedule to its header and items, each with its place.

Lines are read as a small state machine: the header (unit, week, revision) until the first
day heading; then day headings, session headings and items, an item's continuation and
``Field:`` lines joining it; everything from "Nơi nhận" on, and signatures, are not items.
Tables are read by their column headings; a table whose columns are not recognised, but
that holds dates or times, is reported rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from connectors.weekly import grammar as g
from connectors.weekly.extract import Block, Grid, Line, Place

# Column headings, folded, → the column's role.
_COLUMNS = (
    ("noi dung", "content"), ("cong viec", "content"), ("noi dung cong viec", "content"),
    ("thu/ngay", "day"), ("thu, ngay", "day"), ("thu ngay", "day"), ("ngay thang", "day"),
    ("ngay", "day"), ("thu", "day"), ("ngay/thu", "day"),
    ("buoi", "session"),
    ("gio", "time"), ("thoi gian", "when"), ("thoi diem", "time"), ("gio bat dau", "time"),
    ("chu tri", "chair"), ("lanh dao chu tri", "chair"), ("nguoi chu tri", "chair"), ("lanh dao", "chair"),
    ("lanh dao du", "chair"), ("lanh dao tham du", "chair"),
    ("thanh phan", "participants"), ("thanh phan tham du", "participants"), ("thanh phan du", "participants"),
    ("nguoi du", "participants"), ("thanh phan moi", "participants"),
    ("dia diem", "location"),
    ("don vi chuan bi", "prepare"), ("chuan bi", "prepare"), ("don vi", "prepare"), ("ghi chu", "notes"),
    ("sang", "s:morning"), ("buoi sang", "s:morning"), ("chieu", "s:afternoon"), ("buoi chieu", "s:afternoon"),
    ("toi", "s:evening"), ("buoi toi", "s:evening"),
    ("tt", "ignore"), ("stt", "ignore"),
)
_SIGNATURE = re.compile(
    r"^(?:tl\.|kt\.|t/m|tm\.|tl |kt |q\.|\(?da ky\)?|chanh van phong|pho chanh van phong|chu tich$|pho chu tich$"
    r"|nguoi ky|ky thay|thua lenh)"
)


@attrs.define
class RawItem:
    """An item as written: its text and fields, the day and session it sits under, its place."""

    text: str
    place: Place
    day: g.DayHeading | None = None
    session: str | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    fields: dict[str, str] = attrs.field(factory=dict)
    last_session: str | None = None  # a content cell merged over several session rows
    row_key: tuple | None = None
    body: str = ""  # the item's own line(s), times taken out: a wrapped line is joined here

    def extend(self, line: str) -> None:
        """Join a wrapped line (a PDF or an e-mail breaks long items) and read it all again."""
        self.body = f"{self.body} {line}".strip()
        found = g.clock(self.body)
        if found.start is not None:
            self.start = found.start
        if found.end is not None:
            self.end = found.end
        head, fields = g.split_fields(found.rest)
        self.text = _title(head) or self.text
        self.fields.update(fields)


@attrs.define
class Parsed:
    """The header and the items of one schedule, plus tables that could not be read."""

    unit_lines: list[str] = attrs.field(factory=list)
    title_lines: list[str] = attrs.field(factory=list)
    week: g.WeekHeader | None = None
    revision: int | None = None
    issued: dt.date | None = None
    items: list[RawItem] = attrs.field(factory=list)
    undated: list[RawItem] = attrs.field(factory=list)
    bad_tables: list[tuple[Place, str, int]] = attrs.field(factory=list)  # place, headings, rows
    headings: list[tuple[g.DayHeading, Place]] = attrs.field(factory=list)


class _Reader:
    def __init__(self):
        self.parsed = Parsed()
        self.day: g.DayHeading | None = None
        self.session: str | None = None
        self.current: RawItem | None = None
        self.ended = False
        self.seen_day = False
        self.after_grid = False  # text after a schedule table: page footers, notes
        self.preamble = False  # text above the schedule's title or week header: a portal's menus

    # -- header ------------------------------------------------------------------------
    def header(self, text: str) -> bool:
        """Take what a line says about the whole schedule; True when the line is header only."""
        parsed = self.parsed
        used = False
        week = g.week_header(text)
        if week and (parsed.week is None or (parsed.week.first is None and week.first is not None)):
            parsed.week = week
            used = True
        number = g.revision(text)
        if number is not None and not self.seen_day:
            parsed.revision = max(parsed.revision or 0, number)
            used = True
        issued = g.issue_date(text)
        if issued and parsed.issued is None:
            parsed.issued = issued
            used = True
        if not self.seen_day:
            _, folded = g.flat(text)
            if "lich cong tac" in folded or "lich lam viec" in folded:
                parsed.title_lines.append(text)
                used = True
            else:
                parsed.unit_lines.append(text)
        return used

    # -- lines -------------------------------------------------------------------------
    def line(self, text: str, place: Place) -> None:
        if self.ended:
            return
        raw = text
        text, bulleted = g.strip_bullet(text)
        original, folded = g.flat(text)
        if not folded:
            return
        if folded.startswith(("noi nhan", "noi gui")):
            self.ended = True
            self.current = None
            return
        if _SIGNATURE.match(folded) and not g.starts_with_time(text):
            self.current = None
            return
        if self.preamble:
            self.header(text)
            return
        heading = g.day_heading(text)
        if heading is not None and (heading.date is not None or len(folded) <= 40 or heading.rest):
            self._day(heading, place)
            if heading.rest:
                self.line(heading.rest, place)
            return
        session = g.session_word(text)
        if session is not None and session[1]:
            # "SÁNG THỨ HAI (01/6/2026)", "Chiều thứ Ba 02/6: 14h00 …": a session and a day in one heading.
            heading = g.day_heading(session[1])
            if heading is not None and (heading.date is not None or heading.rest or len(session[1]) <= 30):
                self._day(heading, place)
                self.session = session[0]
                if heading.rest:
                    self.item(heading.rest, place)
                return
        if not self.seen_day and self.header(text):
            return
        session = g.session_word(text)
        if session is not None:
            self.session, rest = session
            self.current = None
            self.after_grid = False
            if rest:
                self.item(rest, place)
            return
        head, fields = g.split_fields(original)
        if not head and fields and self.current is not None:
            self._attach(fields)
            return
        timed = g.starts_with_time(text)
        if self.day is None:
            if timed:  # an item before any day heading cannot be dated
                self.parsed.undated.append(RawItem(g.clock(text).rest or raw, place))
            return
        if self.after_grid and not timed:
            return  # under a schedule table, only a timed line is an item
        if timed and not bulleted and self.current is not None and not g.clock(text).rest:
            self.current.extend(original)  # a wrapped end time: "… (đến" / "17h00)."
        elif timed or bulleted or self.current is None:
            self.item(text, place)
        else:
            self.current.extend(original)

    def _day(self, heading: g.DayHeading, place: Place) -> None:
        self.day = heading
        self.session = None
        self.current = None
        self.seen_day = True
        self.after_grid = False
        self.parsed.headings.append((heading, place))

    def _attach(self, fields: dict[str, str]) -> None:
        for name, value in fields.items():
            if name == "time" and self.current.start is None:
                found = g.clock(value)
                self.current.start, self.current.end = found.start, found.end
            elif name == "content":
                self.current.text = f"{self.current.text} {value}".strip()
            else:
                old = self.current.fields.get(name)
                self.current.fields[name] = f"{old}; {value}" if old else value

    def item(self, text: str, place: Place, **extra) -> RawItem | None:
        text, _ = g.strip_bullet(text)
        session = g.session_word(text)
        if session is not None and session[1]:
            self.session, text = session
        found = g.clock(text)
        head, fields = g.split_fields(found.rest)
        if not head and not fields:
            return None
        item = RawItem(
            _title(head), place, self.day, extra.pop("session", self.session), found.start, found.end, fields,
            body=text, **extra,
        )
        if "time" in fields and item.start is None:
            when = g.clock(fields.pop("time"))
            item.start, item.end = when.start, when.end
        if item.day is None:
            self.parsed.undated.append(item)
            return None
        self.parsed.items.append(item)
        self.current = item
        return item

    # -- tables ------------------------------------------------------------------------
    def grid(self, grid: Grid) -> None:
        rows = grid.rows
        header_at, columns = _find_header(rows)
        if header_at is None:
            if _holds_schedule(rows):
                headings = " | ".join(dict.fromkeys(c for c in rows[0] if c)) if rows else ""
                body = sum(1 for row in rows[1:] if any(row))
                self.parsed.bad_tables.append((grid.place, headings, body))
                return
            # A layout table (the national motto, the unit, the title; or a list in a cell).
            width = max((len(r) for r in rows), default=0)
            for c in range(width):
                for r, row in enumerate(rows):
                    if c < len(row) and row[c] and (c == 0 or row[c] != row[c - 1]):
                        for part in row[c].split("\n"):
                            self.line(part, attrs.evolve(grid.place, row=r + 1))
            return
        for r, row in enumerate(rows[:header_at]):
            for c, cell in enumerate(row):
                if cell and (c == 0 or cell != row[c - 1]):
                    for part in cell.split("\n"):
                        self.line(part, attrs.evolve(grid.place, row=r + 1))
        header = rows[header_at]
        self.ended = False
        previous: RawItem | None = None
        for r in range(header_at + 1, len(rows)):
            row = rows[r]
            place = attrs.evolve(grid.place, row=r + 1)
            if row == header or not any(row):
                continue
            distinct = {cell for cell in row if cell}
            if len(distinct) == 1 and len(row) > 1 and sum(1 for c in row if c) == len(row):
                self.current = None
                for part in next(iter(distinct)).split("\n"):
                    self.line(part, place)
                previous = None
                continue
            merged = {c for (rr, c) in grid.below if rr == r}
            previous = self._row(row, columns, place, previous, merged)
        self.current = None
        self.after_grid = True

    def _row(self, row, columns, place: Place, previous: RawItem | None, merged: set[int]) -> RawItem | None:
        def cell(role: str) -> str:
            index = columns.get(role)
            return row[index] if index is not None and index < len(row) else ""

        day_text = cell("day")
        when_text = cell("when")
        if day_text:
            heading = g.day_heading(day_text.replace("\n", " "), anywhere=True)
            if heading is not None and (heading.date or heading.weekday is not None):
                if self.day is None or heading != self.day:
                    self.parsed.headings.append((heading, place))
                    self.session = None
                self.day = heading
                self.seen_day = True
        if when_text and not day_text:
            heading = g.day_heading(when_text.replace("\n", " "), anywhere=True)
            if heading is not None and heading.date:
                if heading != self.day:
                    self.parsed.headings.append((heading, place))
                    self.session = None
                self.day = heading
                self.seen_day = True
        session_text = cell("session")
        if session_text:
            found = g.session_word(session_text.replace("\n", " "))
            if found:
                self.session = found[0]
        time_text = cell("time") or when_text
        row_start = row_end = None
        if time_text:
            found_session = g.session_word(time_text)
            if found_session:
                self.session = found_session[0]
            found = g.clock(time_text.replace("\n", " "))
            row_start, row_end = found.start, found.end
        fields = {role: cell(role) for role in ("chair", "participants", "location", "prepare", "notes") if cell(role)}
        made: RawItem | None = None
        contents = [("content", self.session)] + [
            (role, role[2:]) for role in ("s:morning", "s:afternoon", "s:evening") if role in columns
        ]
        for role, session in contents:
            text = cell(role)
            if not text:
                continue
            key = (role, text, self.day, fields.get("chair", ""))
            if (
                previous is not None and previous.row_key == key and role == "content"
                and columns["content"] in merged and session and previous.session and session != previous.session
            ):
                previous.last_session = session  # one content cell merged over two session rows
                made = previous
                continue
            for part_text, part_session in _split_cell(text, session):
                self.current = None
                item = self.item(part_text, place, session=part_session, row_key=key)
                if item is None:
                    continue
                if item.start is None and row_start is not None:
                    item.start, item.end = row_start, item.end or row_end
                for name, value in fields.items():
                    item.fields.setdefault(name, value)
                made = item
        return made


def _title(head: str) -> str:
    """An item's title without the full stop or separator it ends with."""
    return head.rstrip(" .;,:-–")


def _split_cell(text: str, session: str | None) -> list[tuple[str, str | None]]:
    """A content cell holding several items (one per line, each with a time or a bullet)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) <= 1:
        return [(text.replace("\n", " "), session)]
    starters = [g.starts_with_time(line) or g.strip_bullet(line)[1] or g.session_word(line) is not None
                for line in lines]
    if sum(starters) < 2:
        return [(" ".join(lines), session)]
    parts: list[tuple[str, str | None]] = []
    current_session = session
    for line, starts in zip(lines, starters):
        found = g.session_word(line)
        if found is not None:
            current_session = found[0]
            if not found[1]:
                continue
            parts.append((found[1], current_session))
        elif starts or not parts:
            parts.append((line, current_session))
        else:
            text_, s = parts[-1]
            parts[-1] = (f"{text_} {line}", s)
    return parts


def _find_header(rows) -> tuple[int | None, dict[str, int]]:
    for r, row in enumerate(rows[:12]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            _, folded = g.flat(cell.replace("\n", " "))
            folded = folded.strip(" :.")
            role = next((role for name, role in _COLUMNS if folded == name), None)
            if role is None:
                role = next(
                    (role for name, role in _COLUMNS if len(name) > 3 and folded.startswith(name + " ")), None
                )
            if role and role != "ignore" and role not in columns:
                columns[role] = c
        has_content = "content" in columns or any(k.startswith("s:") for k in columns)
        has_when = any(k in columns for k in ("day", "time", "when", "session")) or any(
            k.startswith("s:") for k in columns
        )
        if has_content and has_when:
            if "when" in columns and "time" not in columns and "day" in columns:
                columns["time"] = columns.pop("when")
            return r, columns
    return None, {}


def _holds_schedule(rows) -> bool:
    """Whether a table with no recognised headings still holds dates or times in its body."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 3:
        return False
    for row in rows[1:]:
        for cell in row:
            if g.starts_with_time(cell) or g.day_heading(cell) is not None:
                return True
    return False


def _opens_schedule(block: Block) -> bool:
    """Whether a block is the schedule's title or week header."""
    texts = [block.text] if isinstance(block, Line) else [c for row in block.rows[:12] for c in row if c]
    for text in texts:
        _, folded = g.flat(text.replace("\n", " "))
        if "lich cong tac" in folded or "lich lam viec" in folded or g.week_header(text) is not None:
            return True
    return False


def parse(blocks: list[Block]) -> Parsed:
    """Read the blocks of one schedule in order.

    When the schedule has a title or a week header, what comes above it (a portal's menus,
    "Thứ Hai, 30/11/2026" beside the login link) is header text, never a day heading.
    """
    reader = _Reader()
    opening = next((i for i, block in enumerate(blocks) if _opens_schedule(block)), 0)
    for index, block in enumerate(blocks):
        reader.preamble = index < opening
        if isinstance(block, Line):
            reader.line(block.text, block.place)
        else:
            reader.grid(block)
    return reader.parsed
