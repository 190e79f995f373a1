"""``meetingrules import FILE|FOLDER... [-o lich.ics] [--year YYYY]`` (SPEC §9).

Weekly schedules in, one iCalendar out: "stable UIDs from the unit, date, time and
normalised title, so that importing a revised week ("Điều chỉnh lần 2") replaces the
earlier items instead of duplicating them; a folder of weekly files is one calendar, and
for a week given twice the latest revision wins."
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from connectors.weekly.ical import to_calendar
from connectors.weekly.reader import read_schedule
from connectors.weekly.sniff import SUFFIXES, wants
from connectors.checking import resolve_policy
from connectors.cli.common import EXIT_OK, EXIT_USAGE
from connectors.cli.help_text import h
from meetingrules.model import Window


def add_parser(subparsers, lang: str = "vi"):
    """Register ``import`` on the command line's subparsers."""
    parser = subparsers.add_parser("import", help=h("import", lang), description=h("import", lang))
    parser.add_argument("paths", nargs="+", metavar="FILE|FOLDER", help=h("import.paths", lang))
    parser.add_argument("-o", "--output", metavar="lich.ics", help=h("import.output", lang))
    parser.add_argument("--year", type=int, metavar="YYYY", help=h("import.year", lang))
    parser.add_argument("--policy", metavar="FILE", help=h("opt.policy", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    return parser


def _files(raw: str) -> tuple[list[tuple[Path, bool]], str | None]:
    path = Path(raw)
    if path.is_dir():
        found = []
        for root, dirs, names in os.walk(path):
            dirs.sort()
            found.extend((Path(root, n), False) for n in sorted(names) if n.lower().endswith(SUFFIXES))
        return sorted(found, key=lambda f: f[0].relative_to(path).parts), None
    if path.exists():
        return [(path, True)], None
    return [], raw


def run(args, lang: str = "vi") -> int:
    """Read the schedules, keep the latest revision of each week, write one calendar."""
    vi = lang != "en"
    policy = resolve_policy(getattr(args, "policy", None))
    tz = policy.timezone
    everything = Window(Window.year(1900, tz).start, Window.year(2200, tz).end)
    weeks: dict[tuple, tuple] = {}  # (unit, monday) → (rank, origin, events)
    loose = []
    read = rejected = files = 0
    messages: list[str] = []
    for raw in args.paths:
        found, missing = _files(raw)
        if missing:
            messages.append(f"{missing}: " + ("không có tệp hoặc thư mục này" if vi else "no such file or folder"))
            continue
        for path, explicit in found:
            try:
                data = path.read_bytes()
            except OSError as exc:
                messages.append(f"{path}: {exc.strerror or exc}")
                continue
            if not wants(data, path.name, explicit):
                continue
            result, schedule = read_schedule(data, str(path), policy, everything, year=args.year)
            files += 1
            read += result.intake.read
            rejected += result.intake.rejected
            for finding in result.intake.findings:
                messages.append(finding.message(lang) if hasattr(finding, "message") else finding.message_vi)
            if not result.events:
                continue
            if schedule.monday is None:
                loose.extend(result.events)
                continue
            key = (schedule.unit, schedule.monday)
            rank = (schedule.revision, path.stat().st_mtime, str(path))
            previous = weeks.get(key)
            if previous is not None:
                older, newer = sorted([previous, (rank, str(path), result.events)], key=lambda x: x[0])
                messages.append(
                    (f"Tuần {schedule.monday:%d/%m/%Y} của {schedule.unit or 'đơn vị'} có hai bản: dùng {newer[1]}, bỏ {older[1]}."
                     if vi else
                     f"The week of {schedule.monday:%Y-%m-%d} of {schedule.unit or 'the unit'} is given twice: "
                     f"{newer[1]} is used, {older[1]} left out.")
                )
                weeks[key] = newer
            else:
                weeks[key] = (rank, str(path), result.events)
    events = [e for _, (_, _, evs) in sorted(weeks.items(), key=lambda kv: (kv[0][1], kv[0][0])) for e in evs] + loose
    for message in messages:
        sys.stderr.write(message + "\n")
    if not events:
        sys.stderr.write(
            ("Không đọc được mục nào từ lịch công tác tuần.\n" if vi else "No item could be read from the weekly schedules.\n")
        )
        return EXIT_USAGE
    units = sorted({e.properties.get("UNIT", "") for e in events} - {""})
    name = ("Lịch công tác " + ", ".join(units)) if units else "Lịch công tác"
    text = to_calendar(events, policy, name)
    if args.output:
        try:
            Path(args.output).write_bytes(text)
        except OSError as exc:
            sys.stderr.write(
                (f"Không ghi được {args.output}: {exc.strerror or exc}\n" if vi else
                 f"Cannot write {args.output}: {exc.strerror or exc}\n")
            )
            return EXIT_USAGE
    else:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    sys.stderr.write(
        (f"Đã nhập {len(events)} mục từ {files} tệp ({read} mục đọc được, {rejected} bị loại).\n" if vi else
         f"Imported {len(events)} item(s) from {files} file(s) ({read} read, {rejected} rejected).\n")
    )
    return EXIT_OK
