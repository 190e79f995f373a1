"""Generate a realistic province-year calendar for benchmarks (one .ics file, deterministic).

    python benchmarks/generate.py OUT.ics [--events 20000] [--seed 160] [--year 2026]

One VCALENDAR as a provincial document-management system would export the merged calendars
of the province's departments and communes:

* about ``--events`` VEVENT components: single meetings, weekly *giao ban* series
  (``RRULE:FREQ=WEEKLY``) with EXDATEs on public holidays and moved or cancelled occurrences
  (``RECURRENCE-ID`` overrides), a few all-day events, some cancelled events;
* Vietnamese titles, locations and organisers; agendas in DESCRIPTION (``08:00-08:10 Phát
  biểu khai mạc …``); attendees; alarms (VALARM) on many events;
* ``TZID=Asia/Ho_Chi_Minh`` with its VTIMEZONE; about one event in seven is Outlook-style
  (``TZID="SE Asia Standard Time"``, X-MICROSOFT-* properties, long UIDs, Teams URLs);
* about one event in ten belongs to the year before (last year's data, as real exports hold);
* long lines folded at 75 octets, CRLF line ends, as RFC 5545 §3.1 says.

The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

UNITS = [
    "Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Tư pháp",
    "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Thanh tra tỉnh",
    "Sở Dân tộc và Tôn giáo", "Ban Quản lý các khu công nghiệp", "Công an tỉnh",
    "UBND xã Tân Hưng", "UBND phường Hiến Nam", "UBND xã Phụng Công", "UBND xã Nghĩa Trụ",
    "UBND phường Phố Hiến", "UBND xã Văn Giang", "UBND xã Khoái Châu", "UBND xã Ân Thi",
    "UBND phường Mỹ Hào", "UBND xã Tiên Lữ", "UBND xã Phù Cừ", "UBND xã Kim Động",
    "UBND phường Thái Bình", "UBND xã Vũ Thư", "UBND xã Kiến Xương", "UBND xã Tiền Hải",
]
SLUGS = [f"don-vi-{i:02d}" for i in range(len(UNITS))]
TITLES = [
    "Họp giao ban chuyên đề về {}", "Họp bàn giải pháp {}", "Hội nghị chuyên môn về {}",
    "Họp thẩm định hồ sơ {}", "Họp tổ công tác {}", "Làm việc với doanh nghiệp về {}",
    "Hội nghị tập huấn nghiệp vụ {}", "Họp rà soát tiến độ {}", "Hội nghị sơ kết {}",
    "Họp Ban Chỉ đạo {}", "Tiếp công dân định kỳ", "Kiểm tra thực tế {}",
    "Hội nghị trực tuyến toàn tỉnh về {}", "Đi công tác cơ sở: {}", "Họp Hội đồng xét duyệt {}",
]
TOPICS = [
    "giải ngân vốn đầu tư công", "chuyển đổi số", "cải cách hành chính", "giải phóng mặt bằng",
    "an toàn thực phẩm", "phòng chống thiên tai", "xây dựng nông thôn mới", "thu ngân sách",
    "Đề án 06", "quy hoạch tỉnh", "bảo hiểm xã hội", "tuyển sinh đầu cấp",
    "sắp xếp đơn vị hành chính cấp xã", "phòng cháy chữa cháy", "phát triển khu công nghiệp",
    "thực hiện Kết luận 226-KL/TW", "quyết toán ngân sách năm trước", "bảo vệ môi trường",
]
ROLES = [
    "Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng Kế hoạch", "Trưởng phòng Tổng hợp",
    "Chủ tịch", "Phó Chủ tịch", "Trưởng phòng Pháp chế", "Chuyên viên",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Quốc", "Minh", "Thu", "Đức", "Thanh", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Em", "Gấm", "Hải", "Hoa", "Hưng", "Lan", "Minh", "Nga",
         "Phong", "Quang", "Sơn", "Tâm", "Thảo", "Tuấn", "Vân", "Yến"]
LEADERS = 8  # leaders per unit, who chair
STAFF = 24  # people per unit, who attend
ROOMS = [
    "Phòng họp số 1, tầng 2", "Phòng họp số 2, tầng 3", "Hội trường lớn UBND tỉnh",
    "Phòng họp trực tuyến tầng 4", "Trụ sở UBND xã", "Hội trường Sở",
]
ONLINE_HOSTS = ["teams.microsoft.com/l/meetup-join/19%3ameeting_", "meet.google.com/", "zoom.us/j/"]
AGENDA = [
    "Phát biểu khai mạc - Đ/c {chair}",
    "Báo cáo tình hình {topic}",
    "Tham luận của các đơn vị",
    "Thảo luận",
    "Kết luận của đồng chí chủ trì",
]
# Public holidays of Vietnam (2025 and 2026): the weekly series skip them (EXDATE).
HOLIDAYS = [
    dt.date(2025, 1, 1), dt.date(2025, 1, 27), dt.date(2025, 1, 28), dt.date(2025, 1, 29),
    dt.date(2025, 1, 30), dt.date(2025, 1, 31), dt.date(2025, 4, 7), dt.date(2025, 4, 30),
    dt.date(2025, 5, 1), dt.date(2025, 9, 1), dt.date(2025, 9, 2),
    dt.date(2026, 1, 1), dt.date(2026, 2, 16), dt.date(2026, 2, 17), dt.date(2026, 2, 18),
    dt.date(2026, 2, 19), dt.date(2026, 2, 20), dt.date(2026, 4, 27), dt.date(2026, 4, 30),
    dt.date(2026, 5, 1), dt.date(2026, 9, 1), dt.date(2026, 9, 2),
]
DAYS = ["MO", "TU", "WE", "TH", "FR"]

VTIMEZONES = (
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\nX-LIC-LOCATION:Asia/Ho_Chi_Minh\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nTZNAME:+07\r\n"
    "DTSTART:19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:SE Asia Standard Time\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\n"
    "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0700\r\n"
    "TZOFFSETTO:+0700\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
        limit = 74
    return "\r\n ".join(parts) + "\r\n"


def param(text: str) -> str:
    """A parameter value, quoted when it holds ``,`` ``;`` or ``:`` (RFC 5545 §3.2)."""
    return f'"{text}"' if any(c in text for c in ",;:") else text


def escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class _Generator:
    def __init__(self, seed: int, year: int):
        self.rng = random.Random(seed)
        self.year = year
        self.serial = 0
        self.out: list[str] = []
        self.components = 0
        names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        self.rng.shuffle(names)
        per = LEADERS + STAFF
        self.people = [names[i * per:(i + 1) * per] for i in range(len(UNITS))]

    # -- pieces ------------------------------------------------------------------------
    def uid(self, outlook: bool) -> str:
        self.serial += 1
        if outlook:
            return f"040000008200E00074C5B7101A82E00800000000{self.serial:016X}0000000000000000100000000HY{self.serial:06d}"
        return f"hy-{self.year}-{self.serial:06d}@lichcongtac.hungyen.gov.vn"

    def when(self, moment: dt.datetime, outlook: bool) -> str:
        zone = '"SE Asia Standard Time"' if outlook else "Asia/Ho_Chi_Minh"
        return f";TZID={zone}:{moment:%Y%m%dT%H%M%S}"

    def workday(self, year: int) -> dt.date:
        rng = self.rng
        while True:
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            if day.weekday() < 5 and day not in HOLIDAYS:
                return day

    def chair(self, unit: int) -> str:
        return f"{self.rng.choice(self.people[unit][:LEADERS])} - {self.rng.choice(ROLES)} {UNITS[unit]}"

    def agenda(self, start: dt.datetime, minutes: int, topic: str, chair: str) -> str:
        """A timed programme: opening, report, (contributions), discussion, conclusion."""
        rng = self.rng
        opening = rng.choice([5, 5, 10, 10, 10, 15])
        conclusion = rng.choice([10, 10, 15])
        rest = max(minutes - opening - conclusion, 10)
        report = max(5, rest * rng.choice([2, 3, 3, 4]) // 10)
        contributions = rest * rng.choice([0, 0, 1, 2]) // 10
        discussion = max(rest - report - contributions, 5)
        parts = [(opening, 0), (report, 1)]
        if contributions:
            parts.append((contributions, 2))
        parts += [(discussion, 3), (conclusion, 4)]
        lines = ["Chương trình:"]
        at = start
        for length, item in parts:
            until = at + dt.timedelta(minutes=length)
            lines.append(f"{at:%H:%M}-{until:%H:%M} {AGENDA[item].format(chair=chair, topic=topic)}")
            at = until
        if rng.random() < 0.3:
            lines.append("Thành phần: lãnh đạo các phòng chuyên môn, đại diện các đơn vị liên quan.")
        return "\n".join(lines)

    def emit(self, lines: list[str], alarm: bool) -> None:
        self.components += 1
        self.out.append("BEGIN:VEVENT\r\n")
        self.out.extend(fold(line) for line in lines)
        if alarm:
            minutes = self.rng.choice([15, 30, 60])
            self.out.append(
                f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Nhắc lịch\r\n"
                f"TRIGGER:-PT{minutes}M\r\nEND:VALARM\r\n"
            )
        self.out.append("END:VEVENT\r\n")

    def event_lines(
        self, uid: str, start: dt.datetime | dt.date, end: dt.datetime | dt.date, title: str,
        unit: int, chair: str, outlook: bool, agenda: str = "", online: str = "", extra: list[str] = (),
    ) -> list[str]:
        rng = self.rng
        stamp = f"{self.year - 1}1215T{rng.randrange(24):02d}{rng.randrange(60):02d}00Z"
        lines = [f"UID:{uid}", f"DTSTAMP:{stamp}", f"CREATED:{stamp}", f"LAST-MODIFIED:{stamp}"]
        if isinstance(start, dt.datetime):
            lines += [f"DTSTART{self.when(start, outlook)}", f"DTEND{self.when(end, outlook)}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
        summary = "SUMMARY;LANGUAGE=vi-VN:" if outlook else "SUMMARY:"
        lines.append(summary + escape(title))
        if agenda:
            lines.append("DESCRIPTION:" + escape(agenda))
        lines.append("LOCATION:" + escape("Microsoft Teams Meeting" if outlook and online else rng.choice(ROOMS)))
        lines.append(f"ORGANIZER;CN={param(chair)}:mailto:{SLUGS[unit]}@hungyen.gov.vn")
        staff = self.people[unit][LEADERS:]
        for k in sorted(rng.sample(range(STAFF), rng.randrange(1, 5))):
            lines.append(
                f"ATTENDEE;CN={param(staff[k])};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                f"RSVP=TRUE:mailto:nguoi{k}.{SLUGS[unit]}@hungyen.gov.vn"
            )
        if rng.random() < 0.2:
            lines.append("CATEGORIES:" + rng.choice(["Hội nghị", "Họp", "Công tác", "Tập huấn"]))
        lines += ["SEQUENCE:0", "TRANSP:OPAQUE", "CLASS:PUBLIC"]
        if outlook:
            lines += [
                "PRIORITY:5", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X-MICROSOFT-CDO-IMPORTANCE:1",
                "X-MICROSOFT-DISALLOW-COUNTER:FALSE", "X-MS-OLK-AUTOFILLLOCATION:FALSE",
                "X-MS-OLK-CONFTYPE:0",
            ]
            if online:
                lines += [f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{online}", "X-MICROSOFT-ISONLINEMEETING:TRUE"]
        elif online:
            lines.append(f"URL:{online}")
        lines.extend(extra)
        return lines

    # -- kinds of events ----------------------------------------------------------------
    def single(self) -> None:
        rng = self.rng
        unit = rng.randrange(len(UNITS))
        outlook = rng.random() < 0.15
        year = self.year - 1 if rng.random() < 0.1 else self.year
        day = self.workday(year)
        topic = rng.choice(TOPICS)
        title = rng.choice(TITLES).format(topic)
        if rng.random() < 0.02:  # all-day: a trip, a duty day, a two-day training
            days = rng.choice([1, 1, 2])
            self.emit(
                self.event_lines(self.uid(outlook), day, day + dt.timedelta(days=days),
                                 rng.choice(["Đi công tác cơ sở", "Trực cơ quan", title]), unit,
                                 self.chair(unit), outlook),
                alarm=False,
            )
            return
        start = dt.datetime.combine(day, dt.time(rng.choice([7, 8, 8, 9, 10, 13, 14, 14, 15]), rng.choice([0, 0, 30])))
        minutes = rng.choice([30, 60, 60, 90, 120, 120, 150, 180, 240])
        end = start + dt.timedelta(minutes=minutes)
        chair = self.chair(unit)
        agenda = self.agenda(start, minutes, topic, chair) if rng.random() < 0.6 else ""
        online = ""
        if rng.random() < 0.25:
            online = "https://" + rng.choice(ONLINE_HOSTS) + f"{self.serial:08x}"
        extra = []
        if rng.random() < 0.01:
            extra.append("STATUS:CANCELLED")
        elif rng.random() < 0.05:
            extra.append("STATUS:TENTATIVE")
        if rng.random() < 0.05:
            extra.append("X-MEETINGRULES-UNIT:" + escape(UNITS[unit]))
        self.emit(
            self.event_lines(self.uid(outlook), start, end, title, unit, chair, outlook, agenda, online, extra),
            alarm=rng.random() < 0.4,
        )

    def series(self) -> None:
        """A weekly briefing with EXDATEs on holidays and one to three overrides."""
        rng = self.rng
        unit = rng.randrange(len(UNITS))
        outlook = rng.random() < 0.15
        uid = self.uid(outlook)
        byday = rng.randrange(5)
        begin = dt.date(self.year - 1, 1, 5) if rng.random() < 0.4 else dt.date(self.year, 1, 5)
        begin += dt.timedelta(days=(byday - begin.weekday()) % 7)
        start = dt.datetime.combine(begin, dt.time(rng.choice([7, 8, 14]), rng.choice([0, 30])))
        minutes = rng.choice([60, 90, 120])
        end = start + dt.timedelta(minutes=minutes)
        topic = rng.choice(TOPICS)
        title = f"Giao ban tuần {UNITS[unit]}" if rng.random() < 0.7 else f"Họp định kỳ tổ công tác {topic}"
        chair = self.chair(unit)
        agenda = self.agenda(start, minutes, topic, chair) if rng.random() < 0.7 else ""
        dates = []
        day = begin
        while day.year <= self.year:
            dates.append(day)
            day += dt.timedelta(days=7)
        exdates = [d for d in dates if d in HOLIDAYS]
        exdates += rng.sample(dates, 2)
        exdates = sorted(set(exdates))
        rule = f"RRULE:FREQ=WEEKLY;BYDAY={DAYS[byday]};UNTIL={self.year}1231T235959Z"
        if rng.random() < 0.1:
            rule = f"RRULE:FREQ=WEEKLY;BYDAY={DAYS[byday]}"  # no end, as many exports write
        extra = [rule]
        if exdates:
            zone = self.when(start, outlook).split(":")[0]
            stamps = ",".join(f"{dt.datetime.combine(d, start.time()):%Y%m%dT%H%M%S}" for d in exdates)
            extra.append(f"EXDATE{zone}:{stamps}")
        self.emit(
            self.event_lines(uid, start, end, title, unit, chair, outlook, agenda, "", extra),
            alarm=rng.random() < 0.5,
        )
        left = [d for d in dates if d not in exdates]
        for moved in rng.sample(left, rng.randrange(1, 4)):
            original = dt.datetime.combine(moved, start.time())
            zone = self.when(original, outlook)
            lines_extra = [f"RECURRENCE-ID{zone}", "SEQUENCE:1"]
            if rng.random() < 0.2:
                lines_extra.append("STATUS:CANCELLED")
                new_start, new_end = original, original + dt.timedelta(minutes=minutes)
            else:
                new_start = original + dt.timedelta(days=rng.choice([1, 2]), hours=rng.choice([-1, 0, 1]))
                new_end = new_start + dt.timedelta(minutes=minutes + rng.choice([0, 30]))
            body = self.event_lines(
                uid, new_start, new_end, title + " (dời lịch)", unit, chair, outlook,
                self.agenda(new_start, minutes, topic, chair), "", lines_extra,
            )
            body = [line for line in body if line != "SEQUENCE:0"]
            self.emit(body, alarm=False)

    def calendar(self, events: int) -> str:
        series = max(events // 60, 1)
        self.out.append(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//UBND tinh Hung Yen//He thong quan ly van ban//VI\r\n"
            "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
        )
        self.out.append(fold(f"X-WR-CALNAME:Lịch công tác tỉnh Hưng Yên năm {self.year}"))
        self.out.append(VTIMEZONES)
        for _ in range(series):
            self.series()
        while self.components < events:
            self.single()
        self.out.append("END:VCALENDAR\r\n")
        return "".join(self.out)


def generate(events: int = 20_000, seed: int = 160, year: int = 2026) -> bytes:
    """The bytes of a province-year calendar with about ``events`` VEVENT components."""
    return _Generator(seed, year).calendar(events).encode("utf-8")


def write(path: str | Path, events: int = 20_000, seed: int = 160, year: int = 2026) -> Path:
    """Generate and write the calendar to ``path``; returns the path."""
    path = Path(path)
    path.write_bytes(generate(events, seed, year))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=160)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args(argv)
    path = write(args.out, args.events, args.seed, args.year)
    print(f"{path}: {path.stat().st_size:,} bytes, {args.events:,} VEVENTs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
