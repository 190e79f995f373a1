"""A Google Calendar export (Takeout ``.zip``) read directly: each ``.ics`` inside is a calendar.

Google Takeout writes ``Takeout/Calendar/<calendar name>.ics``, one file per calendar. Each
member is read as its own calendar, named by its file name, with the origin
``export.zip!Takeout/Calendar/Name.ics``. A zip is untrusted input: the number of members
and their total uncompressed size are capped (a "zip bomb" of a few kilobytes can unpack to
gigabytes), and a member is read no further than the cap whatever its header claims.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path, PurePosixPath

from meetingrules import Intake, Policy, Window

from connectors.ics.reader import read_bytes
from connectors.ics.result import ReadResult, diagnostic

#: at most this many members in a zip, and this many bytes unpacked from all its calendars
MAX_MEMBERS = 2000
MAX_TOTAL_BYTES = 256 * 1024 * 1024


class ZipRefused(ValueError):
    """A zip that is not read: not a zip, too many members, or too large unpacked."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


def is_zip(path: str | os.PathLike) -> bool:
    """True for a ``.zip`` file name."""
    return str(path).lower().endswith(".zip")


def calendars(path: str | os.PathLike, max_members: int = MAX_MEMBERS,
              max_total: int = MAX_TOTAL_BYTES) -> list[tuple[str, bytes]]:
    """The ``.ics`` members of the zip at ``path``, in name order: (member name, bytes)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ZipRefused(f"không phải tệp zip đọc được ({exc})", f"not a readable zip file ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise ZipRefused(
                f"có {len(infos)} mục, quá giới hạn {max_members}",
                f"holds {len(infos)} members, over the cap of {max_members}",
            )
        wanted = sorted((i for i in infos if not i.is_dir() and i.filename.lower().endswith(".ics")),
                        key=lambda i: i.filename)
        declared = sum(i.file_size for i in wanted)
        if declared > max_total:
            raise ZipRefused(
                f"giải nén ra {declared} byte, quá giới hạn {max_total} byte",
                f"unpacks to {declared} bytes, over the cap of {max_total} bytes",
            )
        found: list[tuple[str, bytes]] = []
        budget = max_total
        for info in wanted:
            try:
                with archive.open(info) as member:
                    data = member.read(budget + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                raise ZipRefused(f"mục {info.filename} không đọc được ({exc})",
                                 f"member {info.filename} cannot be read ({exc})") from exc
            budget -= len(data)
            if budget < 0:
                raise ZipRefused(
                    f"giải nén ra quá giới hạn {max_total} byte",
                    f"unpacks to more than the cap of {max_total} bytes",
                )
            found.append((info.filename, data))
        return found


def read_zip(path, policy: Policy, window: Window, *, workers: int | None = None, origin: str | None = None) -> ReadResult:
    """Read every ``.ics`` in the zip at ``path`` (or a binary file object, named ``origin``)
    as its own calendar (named by its file name)."""
    origin = origin or str(path)
    try:
        members = calendars(path)
    except ZipRefused as exc:
        return ReadResult((), Intake(findings=(diagnostic("MR001", origin, (exc.message_vi, exc.message_en)),),
                                     sources=(origin,)))
    if not members:
        detail = ("tệp zip không có tệp .ics nào", "the zip holds no .ics file")
        return ReadResult((), Intake(findings=(diagnostic("MR001", origin, detail),), sources=(origin,)))
    return ReadResult.merge(
        read_bytes(data, f"{origin}!{name}", policy, window, workers=workers,
                   calendar="" if b"X-WR-CALNAME" in data[:65536] else PurePosixPath(name).stem)
        for name, data in members
    )


def zips_in(folder: str | os.PathLike) -> list[Path]:
    """The ``.zip`` files under ``folder``, in sorted order."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(Path(root, name) for name in sorted(names) if is_zip(name))
    return found


__all__ = ["MAX_MEMBERS", "MAX_TOTAL_BYTES", "ZipRefused", "calendars", "is_zip", "read_zip", "zips_in"]
