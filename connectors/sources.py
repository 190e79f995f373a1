"""Where a command's calendars come from: paths (files, folders, ``-``) and ``--caldav URL``.

CalDAV: fetch, then read as ICS.

Read-only: the fetch sends only PROPFIND and REPORT. The password comes from the
environment, a netrc entry or the keyring (``connectors.caldav.resolve_credentials``),
never from the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin

from meetingrules import Intake, Policy, Window

from connectors import ics, weekly
from connectors.caldav import fetch_calendars, resolve_credentials
from connectors.render.terminal import console, status
from connectors.ics import ReadResult, read_bytes, takeout
from connectors.ics.paths import files_in
from meetingrules import UsageError


def read_caldav(args, policy: Policy, window: Window, lang: str) -> tuple[ReadResult, dict]:
    """Fetch the window's events from ``args.caldav`` and read them; also what was transferred."""
    credentials = resolve_credentials(args.caldav, args.username)
    if args.insecure:
        sys.stderr.write(
            "Cảnh báo: không kiểm tra chứng chỉ TLS của máy chủ (--insecure).\n"
            if lang == "vi"
            else "Warning: the server's TLS certificate is not verified (--insecure).\n"
        )
    fetched = fetch_calendars(
        args.caldav,
        credentials,
        window.start,
        window.end,
        insecure=args.insecure,
        timeout=args.timeout,
        state_path=args.state,
        max_bytes=policy.limit("response_bytes"),
    )
    reads = [
        read_bytes(data, urljoin(calendar.url, href), policy, window, calendar=calendar.name)
        for calendar in fetched.calendars
        for href, data in calendar.objects
    ]
    result = ReadResult.merge(reads) if reads else ReadResult(events=(), intake=Intake())
    transfer = {
        "calendars": [calendar.name or calendar.url for calendar in fetched.calendars],
        "objects_transferred": fetched.objects_transferred,
        "bytes_transferred": fetched.bytes_transferred,
        "full_fetch": fetched.full_fetch,
        "notes": [note[1] if lang == "en" else note[0] for note in fetched.notes],
    }
    sys.stderr.write(transfer_line(transfer, lang) + "\n")
    for note in transfer["notes"]:
        sys.stderr.write(f"  {note}\n")
    return result, transfer


def transfer_line(transfer: dict, lang: str) -> str:
    """``CalDAV: 2 lịch, 14 đối tượng, 38 912 byte (đọc toàn bộ)`` in ``lang``."""
    calendars = len(transfer["calendars"])
    if lang == "en":
        mode = "full fetch" if transfer["full_fetch"] else "changes only"
        return (
            f"CalDAV: {calendars} calendar(s), {transfer['objects_transferred']} object(s), "
            f"{transfer['bytes_transferred']} bytes transferred ({mode})."
        )
    mode = "đọc toàn bộ" if transfer["full_fetch"] else "chỉ phần thay đổi"
    return (
        f"CalDAV: {calendars} lịch, {transfer['objects_transferred']} đối tượng, "
        f"{transfer['bytes_transferred']} byte đã truyền ({mode})."
    )


def read_sources(args, policy: Policy, window: Window, lang: str, paths: list[str]):
    """Read .ics paths and/or a CalDAV URL: the merged ReadResult, and what CalDAV transferred."""
    if not paths and not getattr(args, "caldav", None):
        raise UsageError(
            "Cần ít nhất một đường dẫn .ics, thư mục, '-' hoặc --caldav URL.",
            "Give at least one .ics path, folder, '-' or --caldav URL.",
        )
    results = []
    extra: dict = {}
    if paths:
        results.append(read_paths_with_progress(paths, policy, window, lang, year=getattr(args, "year", None)))
    if getattr(args, "caldav", None):
        read, extra["caldav"] = read_caldav(args, policy, window, lang)
        results.append(read)
    merged = results[0] if len(results) == 1 else ics.ReadResult.merge(results)
    return merged, extra


def distinct_paths(paths: list[str], lang: str) -> tuple[list[str], list[str]]:
    """The paths to read, each file once: a path given twice, or a file (or folder) inside a
    folder also given, is dropped. Also the one-line notes saying what was dropped.

    Paths are compared by their real location (symbolic links and ``..`` resolved).
    """
    import os

    def real(path: str) -> str:
        return os.path.realpath(path)

    folders = [real(p) for p in paths if p != "-" and os.path.isdir(p)]
    kept: list[str] = []
    seen: dict[str, str] = {}
    notes: list[str] = []
    for path in paths:
        if path == "-":
            if "-" not in kept:
                kept.append(path)
            continue
        location = real(path)
        if location in seen:
            notes.append(
                f"Ghi chú: {path} đã được đưa vào ({seen[location]}): chỉ đọc một lần."
                if lang == "vi" else f"Note: {path} was already given ({seen[location]}): read once."
            )
            continue
        container = next((f for f in folders if f != location and location.startswith(f.rstrip(os.sep) + os.sep)), None)
        if container is not None:
            given = next(p for p in paths if p != "-" and real(p) == container)
            notes.append(
                f"Ghi chú: {path} nằm trong thư mục {given} đã đưa vào: chỉ đọc một lần."
                if lang == "vi" else f"Note: {path} is inside the folder {given}, also given: read once."
            )
            seen[location] = given
            continue
        seen[location] = path
        kept.append(path)
    return kept, notes


def split_zips(paths: list[str]) -> tuple[list[str], list[str]]:
    """The Google Calendar exports (``.zip``, given or inside a given folder), and the other paths."""
    import os

    zips, others = [], []
    for path in paths:
        if path != "-" and takeout.is_zip(path) and not os.path.isdir(path):
            zips.append(path)
            continue
        others.append(path)
        if path != "-" and os.path.isdir(path):
            zips.extend(str(z) for z in takeout.zips_in(path))
    return zips, others


def read_paths_with_progress(paths, policy, window, lang, year=None):
    """Read ``paths`` (each file once, zips of calendars too), showing progress on a terminal for long runs."""
    paths, notes = distinct_paths(list(paths), lang)
    for note in notes:
        sys.stderr.write(note + "\n")
    zips, paths = split_zips(paths)
    read = [takeout.read_zip(z, policy, window) for z in zips]
    if paths:
        folders_only_zips = [p for p in paths if p != "-" and Path(p).is_dir() and not _has_ics(p) and zips]
        paths = [p for p in paths if p not in folders_only_zips]
    if paths:
        read.insert(0, _read_plain(paths, policy, window, lang, year))
    return read[0] if len(read) == 1 else ics.ReadResult.merge(read)


def _has_ics(folder: str) -> bool:
    """Whether a folder holds a calendar besides zips: an .ics file or a weekly schedule's file."""
    return bool(files_in(Path(folder), WEEKLY.suffixes))


def _read_plain(paths, policy, window, lang, year=None):
    """Read ``paths``, showing progress on a terminal for long runs (each file read once)."""
    stdin = sys.stdin.buffer if "-" in paths else None
    if not sys.stderr.isatty():
        return read_paths(paths, policy, window, stdin=stdin, year=year)
    files = sum((len(files_in(Path(p), WEEKLY.suffixes)) if Path(p).is_dir() else 1 for p in paths), 0)
    if files < 20:
        with status(lang, "Đang đọc lịch…", "Reading calendars…"):
            return read_paths(paths, policy, window, stdin=stdin, year=year)
    from rich.progress import Progress

    label = "Đang đọc lịch" if lang == "vi" else "Reading calendars"
    with Progress(transient=True, console=console(sys.stderr)) as progress:
        task = progress.add_task(label, total=files)
        return read_paths(paths, policy, window, stdin=stdin, year=year,
                          done=lambda _file: progress.advance(task))


def read_upload(data: bytes, name: str, policy: Policy, window: Window, *, year: int | None = None) -> ReadResult:
    """One file sent to the server, read as ``check`` reads a path of that name: a Google
    Takeout ``.zip``, a weekly schedule (recognised by content), or iCalendar."""
    import io

    if takeout.is_zip(name):
        return takeout.read_zip(io.BytesIO(data), policy, window, origin=name)
    if weekly.wants(data, name, explicit=True):
        return weekly.read_weekly_bytes(data, name, policy, window, year=year)
    return read_bytes(data, name, policy, window)


#: The weekly-schedule reader, for the iCalendar reader to hand the other files to.
WEEKLY = ics.OtherFormat(wants=weekly.wants, read=weekly.read_weekly_bytes, suffixes=weekly.SUFFIXES)


def read_paths(paths, policy: Policy, window: Window, stdin=None, *, workers: int | None = None,
               year: int | None = None, done=None) -> ReadResult:
    """Read .ics files, weekly schedules, folders of them and ``-``: what every command reads."""
    return ics.read_paths(paths, policy, window, stdin, workers=workers, year=year, other=WEEKLY, done=done)
