"""``--caldav URL`` for ``check``, ``validate`` and ``report``: fetch, then read as ICS.

Read-only: the fetch sends only PROPFIND and REPORT. The password comes from the
environment, a netrc entry or the keyring (``connectors.caldav.resolve_credentials``),
never from the command line.
"""

from __future__ import annotations

import sys
from urllib.parse import urljoin

from meetingrules import Intake, Policy, Window

from connectors.caldav import fetch_calendars, resolve_credentials
from connectors.ics import ReadResult, read_bytes


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
