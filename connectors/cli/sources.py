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

from connectors import ics
from connectors.caldav import fetch_calendars, resolve_credentials
from connectors.cli.common import console, status
from connectors.ics import ReadResult, read_bytes
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
        results.append(read_paths_with_progress(paths, policy, window, lang))
    if getattr(args, "caldav", None):
        read, extra["caldav"] = read_caldav(args, policy, window, lang)
        results.append(read)
    merged = results[0] if len(results) == 1 else ics.ReadResult.merge(results)
    return merged, extra


def read_paths_with_progress(paths, policy, window, lang):
    """Read ``paths``, showing progress on a terminal for long runs."""
    stdin = sys.stdin.buffer if "-" in paths else None
    if not sys.stderr.isatty():
        return ics.read_paths(paths, policy, window, stdin=stdin)
    files = []
    for path in paths:
        p = Path(path)
        files.extend(sorted(p.rglob("*.ics")) if p.is_dir() else [p])
    if len(files) < 20:
        with status(lang, "Đang đọc lịch…", "Reading calendars…"):
            return ics.read_paths(paths, policy, window, stdin=stdin)
    from rich.progress import Progress

    results = []
    label = "Đang đọc lịch" if lang == "vi" else "Reading calendars"
    with Progress(transient=True, console=console(sys.stderr)) as progress:
        task = progress.add_task(label, total=len(files))
        for path in files:
            results.append(ics.read_paths([str(path)], policy, window, stdin=stdin if str(path) == "-" else None))
            progress.advance(task)
    return ics.ReadResult.merge(results)
