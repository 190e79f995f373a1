"""Reading a year of weekly schedules against reading the same meetings as iCalendar (SPEC §9).

    python benchmarks/weekly_bench.py [--weeks 52] [--items 40] [--repeat 3]

Generates, in a temporary folder, 52 weekly schedules of a province's leadership (about 40
items a week: giao ban, làm việc với, hội nghị, tiếp công dân, spans, sessions and times in
every written form) as plain text, portal HTML tables and Word tables, reads each folder with
``connectors.ics.read_paths`` (the path ``meetingrules check`` takes), then writes the very
events read as one .ics file per week (what ``meetingrules import`` writes) and reads that
folder the same way. Prints the best of ``--repeat`` runs for each, and the events read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.sources import read_paths  # noqa: E402
from connectors.weekly.ical import to_calendar  # noqa: E402
from meetingrules import Policy, Window  # noqa: E402

LEADERS = ["Chủ tịch UBND tỉnh Nguyễn Văn Hùng", "PCT Lê Văn Minh", "Phó Chủ tịch Phạm Thị Hoa", "PCT Trần Đức Long"]
WHAT = [
    "chủ trì giao ban lãnh đạo UBND tỉnh",
    "làm việc với Sở Xây dựng về tiến độ dự án đường vành đai {n}",
    "họp Ban chỉ đạo chuyển đổi số tỉnh",
    "chủ trì Hội nghị tập huấn nghiệp vụ quản lý đầu tư công",
    "dự Hội nghị trực tuyến toàn quốc do Bộ Tài chính tổ chức",
    "tiếp công dân định kỳ",
    "làm việc với UBND xã Tân Hưng về giải phóng mặt bằng",
    "chủ trì họp thẩm định quy hoạch phân khu số {n}",
    "đi kiểm tra công tác phòng, chống lụt bão",
    "chủ trì Hội nghị quán triệt Nghị quyết {n}-NQ/TW",
]
TIMES_AM = ["7h30", "8h", "8h00", "8 giờ", "7 giờ 30’", "9g30", "09:00", "08:00–11:00", "(8h30)"]
TIMES_PM = ["14h00", "13h30", "2 giờ 30", "15h", "14:00–16:30"]
WEEKDAYS = ["THỨ HAI", "THỨ BA", "THỨ TƯ", "THỨ NĂM", "THỨ SÁU"]


def week_items(monday: dt.date, items: int, rng: random.Random) -> list[tuple[int, str, str, str, str]]:
    """(weekday, session, time, leader, content) for one week."""
    out = []
    for i in range(items):
        day = i * 5 // items
        session = "Sáng" if rng.random() < 0.6 else "Chiều"
        clock = rng.choice(TIMES_AM if session == "Sáng" else TIMES_PM)
        out.append((day, session, clock, rng.choice(LEADERS), rng.choice(WHAT).format(n=rng.randint(1, 99))))
    return out


def header(monday: dt.date, number: int) -> str:
    sunday = monday + dt.timedelta(days=6)
    return f"(Tuần {number}, từ ngày {monday:%d/%m/%Y} đến ngày {sunday:%d/%m/%Y})"


def as_text(monday, number, rows) -> str:
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN", "LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO UBND TỈNH", header(monday, number)]
    for day in range(5):
        date = monday + dt.timedelta(days=day)
        lines.append(f"{WEEKDAYS[day]}, NGÀY {date:%d/%m}")
        for session in ("Sáng", "Chiều"):
            chosen = [r for r in rows if r[0] == day and r[1] == session]
            if chosen:
                lines.append(f"{session}:")
                lines.extend(f"- {clock}: {who} {what}." for _, _, clock, who, what in chosen)
    lines += ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
    return "\n".join(lines) + "\n"


def as_html(monday, number, rows) -> str:
    body = [f"<p>ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN</p><h2>LỊCH CÔNG TÁC TUẦN</h2><p>{header(monday, number)}</p>",
            "<table><tr><th>Thứ/ngày</th><th>Buổi</th><th>Thời gian</th><th>Nội dung</th><th>Chủ trì</th></tr>"]
    for day in range(5):
        chosen = [r for r in rows if r[0] == day]
        date = monday + dt.timedelta(days=day)
        for index, (_, session, clock, who, what) in enumerate(chosen):
            cell = f'<td rowspan="{len(chosen)}">{WEEKDAYS[day].title()}<br>{date:%d/%m}</td>' if index == 0 else ""
            body.append(f"<tr>{cell}<td>{session}</td><td>{clock}</td><td>{what[0].upper() + what[1:]}</td><td>{who}</td></tr>")
    body.append("</table>")
    return "<html><head><meta charset='utf-8'></head><body>" + "".join(body) + "</body></html>"


def as_docx(monday, number, rows, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "LỊCH CÔNG TÁC TUẦN", header(monday, number)):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=5)
    for c, head in enumerate(("Thứ, ngày", "Buổi", "Thời gian", "Nội dung", "Chủ trì")):
        table.cell(0, c).text = head
    for day, session, clock, who, what in rows:
        cells = table.add_row().cells
        date = monday + dt.timedelta(days=day)
        for cell, value in zip(cells, (f"{WEEKDAYS[day].title()} {date:%d/%m}", session, clock, what, who)):
            cell.text = value
    document.save(path)


def best(repeat: int, job) -> tuple[float, float, object]:
    """Best wall time and best CPU time of this process (the machine may be shared) over ``repeat`` runs."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = job()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    policy = Policy.builtin()
    window = Window.year(2026, policy.timezone)
    rng = random.Random(2026)
    first = dt.date.fromisocalendar(2026, 1, 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = {name: root / name for name in ("text", "html", "docx", "ics")}
        for folder in folders.values():
            folder.mkdir()
        weeks = []
        for number in range(1, args.weeks + 1):
            monday = first + dt.timedelta(weeks=number - 1)
            rows = week_items(monday, args.items, rng)
            weeks.append((monday, number, rows))
            (folders["text"] / f"tuan-{number:02d}.txt").write_text(as_text(monday, number, rows), encoding="utf-8")
            (folders["html"] / f"tuan-{number:02d}.html").write_text(as_html(monday, number, rows), encoding="utf-8")
            as_docx(monday, number, rows, folders["docx"] / f"tuan-{number:02d}.docx")
        # The same meetings as iCalendar: the events read from the text schedules, one .ics per week.
        read = read_paths([str(folders["text"])], policy, window)
        by_week: dict[int, list] = {}
        for event in read.events:
            by_week.setdefault(event.start.isocalendar()[1], []).append(event)
        for number, events in by_week.items():
            (folders["ics"] / f"tuan-{number:02d}.ics").write_bytes(to_calendar(events, policy, "Lịch công tác"))
        print(f"{args.weeks} weeks × {args.items} items; best of {args.repeat} runs (read_paths on the folder):")
        results = {}
        for name in ("ics", "text", "html", "docx"):
            wall, cpu, result = best(args.repeat, lambda f=folders[name]: read_paths([str(f)], policy, window, workers=1))
            results[name] = (wall, cpu)
            print(f"  {name:5s} wall {wall:7.3f} s  cpu {cpu:7.3f} s  {len(result.events):5d} events"
                  f"  read {result.intake.read}  ({cpu / max(len(result.events), 1) * 1e6:6.0f} µs cpu/event)")
        for name in ("text", "html", "docx"):
            print(f"  {name} / ics: wall {results[name][0] / results['ics'][0]:.2f}, cpu {results[name][1] / results['ics'][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
