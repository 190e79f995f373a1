"""``check --annotate OUT.ics``: the calendar written back with each finding on its event.

Each finding about an event becomes an ``X-MEETINGRULES-FINDING`` property of that event
(parameters ``CODE`` and ``SEVERITY``, the message as value) and one short line at the top of
its DESCRIPTION (``[meetingrules] MR101 lỗi: …``), so a calendar app shows the finding where
the meeting is. Earlier annotations are replaced, not stacked. The input is never written:
``OUT.ics`` naming an input file is refused (exit 2). Files, folders and Takeout zips are
annotated; standard input and CalDAV are not (there is no file to write back).
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

from connectors.ics import takeout
from connectors.render.describe import severity_word
from meetingrules import CheckResult, UsageError

PROPERTY = "X-MEETINGRULES-FINDING"
MARK = "[meetingrules]"


def input_files(paths: list[str]) -> list[Path]:
    """The calendar files the paths name (folders walked), zips included."""
    files: list[Path] = []
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in (".ics", ".zip")))
        elif path.exists():
            files.append(path)
    return files


def refuse_overwrite(out: str, paths: list[str]) -> None:
    """Exit 2 when ``out`` is one of the calendars read: annotating never overwrites its input."""
    target = os.path.realpath(out)
    for file in input_files(paths):
        if os.path.realpath(file) == target:
            raise UsageError(
                f"--annotate {out}: đây là tệp lịch đầu vào; chọn một tệp khác (không ghi đè lịch gốc).",
                f"--annotate {out}: that is an input calendar; choose another file (the original is never overwritten).",
            )


def _sources(paths: list[str]) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for file in input_files(paths):
        if takeout.is_zip(file):
            try:
                found.extend((f"{file}!{name}", data) for name, data in takeout.calendars(file))
            except takeout.ZipRefused:
                continue
        else:
            try:
                found.append((str(file), file.read_bytes()))
            except OSError:
                continue
    return found


def _day(moment):
    return moment.date() if hasattr(moment, "hour") else moment


def _strip(description: str) -> str:
    lines = description.split("\n")
    while lines and lines[0].startswith(MARK):
        lines.pop(0)
    return "\n".join(lines)


def annotate(paths: list[str], result: CheckResult, lang: str, show_info: bool = False) -> tuple[bytes, int, int]:
    """The annotated calendar (one VCALENDAR), how many findings were placed and on how many events.

    Info notes are placed only with ``show_info`` (as the text output shows them).
    """
    from icalendar import Calendar, vText

    by_uid: dict[str, list] = defaultdict(list)
    for finding in result.findings:
        if finding.uid and (show_info or finding.severity.value != "info" or finding.waived):
            by_uid[finding.uid].append(finding)
    sources = _sources(paths)
    calendars = []
    for _origin, data in sources:
        try:
            calendars.append(Calendar.from_ical(data))
        except ValueError:
            continue
    if len(calendars) == 1:
        out = calendars[0]
    else:
        out = Calendar()
        out.add("PRODID", "-//meetingrules//annotated//VI")
        out.add("VERSION", "2.0")
        zones: set[str] = set()
        for calendar in calendars:
            for component in calendar.subcomponents:
                if component.name == "VTIMEZONE":
                    tzid = str(component.get("TZID"))
                    if tzid in zones:
                        continue
                    zones.add(tzid)
                out.add_component(component)
    # Occurrences moved or changed by an override: their findings go on the override, not the series.
    overridden: dict[str, set] = defaultdict(set)
    for component in out.walk("VEVENT"):
        rid = component.get("RECURRENCE-ID")
        if rid is not None:
            overridden[str(component.get("UID", ""))].add(_day(rid.dt))
    placed = events = 0
    for component in out.walk("VEVENT"):
        for key in [k for k in component if k.upper() == PROPERTY]:
            del component[key]
        findings = by_uid.get(str(component.get("UID", "")), [])
        rid = component.get("RECURRENCE-ID")
        if rid is not None:
            findings = [f for f in findings if f.start is not None and f.start.date() == _day(rid.dt)]
        elif overridden.get(str(component.get("UID", ""))):
            moved = overridden[str(component.get("UID", ""))]
            findings = [f for f in findings if not (f.recurrence_id and f.start is not None and f.start.date() in moved)]
        description = _strip(str(component.get("DESCRIPTION", "")))
        if not findings:
            if "DESCRIPTION" in component and description != str(component.get("DESCRIPTION")):
                component["DESCRIPTION"] = vText(description)
            continue
        events += 1
        seen = []
        for f in findings:
            text = f.message(lang)
            if f.recurrence_id and rid is None and f.start is not None:
                text = f"{f.start.strftime('%d/%m/%Y')}: {text}"
            component.add(PROPERTY, vText(text), parameters={"CODE": f.code, "SEVERITY": f.severity.value})
            placed += 1
            label = f"{f.code} {severity_word(f, lang)}"
            if label not in seen:
                seen.append(label)
        titles = "; ".join(dict.fromkeys(f.title(lang) for f in findings))
        line = f"{MARK} {', '.join(seen)}: {titles}"
        if "DESCRIPTION" in component:
            del component["DESCRIPTION"]
        component.add("DESCRIPTION", vText(line + ("\n" + description if description else "")))
    return out.to_ical(), placed, events


def write_annotated(out: str, paths: list[str], result: CheckResult, lang: str, show_info: bool = False) -> None:
    """Write the annotated calendar to ``out`` and say so on standard error."""
    data, placed, events = annotate(paths, result, lang, show_info)
    Path(out).write_bytes(data)
    sys.stderr.write(
        f"Đã ghi lịch kèm {placed} phát hiện trên {events} sự kiện vào {out}.\n"
        if lang == "vi" else f"Wrote the calendar with {placed} finding(s) on {events} event(s) to {out}.\n"
    )


__all__ = ["MARK", "PROPERTY", "annotate", "input_files", "refuse_overwrite", "write_annotated"]
