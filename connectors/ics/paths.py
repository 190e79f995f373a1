"""Reading files, folders and standard input: each file to its reader, every file accounted for."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import attrs

from meetingrules.model import Intake, Window
from meetingrules.policy import Policy

from connectors.ics.reader import STDIN_ORIGIN, read_bytes
from connectors.ics.result import Detail, ReadResult, diagnostic


@attrs.frozen
class OtherFormat:
    """A reader of files that are not iCalendar, for :func:`read_paths` to hand them to.

    ``wants(data, name, explicit)`` says whether a file (named on the command line when
    ``explicit``, else found in a folder) is one of its files; ``read(data, origin, policy,
    window, year=)`` reads it into a :class:`ReadResult`; ``suffixes`` are the file endings
    looked for in folders.
    """

    wants: Callable[[bytes, str, bool], bool]
    read: Callable[..., ReadResult]
    suffixes: tuple[str, ...] = ()


def read_paths(
    paths: Iterable[str],
    policy: Policy,
    window: Window,
    stdin: BinaryIO | None = None,
    *,
    workers: int | None = None,
    year: int | None = None,
    other: OtherFormat | None = None,
    done: Callable[[Path], None] | None = None,
) -> ReadResult:
    """Read .ics files, folders of them (recursively, in sorted order) and ``-``.

    ``workers`` is passed to :func:`read_bytes` for each file. ``other`` reads the files that
    are not iCalendar (:func:`connectors.sources.read_paths` passes the weekly-schedule
    reader), with ``year`` for those whose header writes none (``--year``); without it only
    iCalendar is read. ``done`` is called with each file once it is read (progress: the
    files it is called for are those :func:`files_in` lists).
    """
    results = []
    for raw in paths:
        raw = os.fspath(raw)
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read(policy.limit("bytes_per_file") + 1)
            except (OSError, ValueError) as exc:
                results.append(unreadable(STDIN_ORIGIN, str(exc)))
                continue
            if isinstance(data, str):
                data = data.encode("utf-8")
            if other is not None and other.wants(data, "", False):
                results.append(other.read(data, STDIN_ORIGIN, policy, window, year=year))
                continue
            results.append(read_bytes(data, STDIN_ORIGIN, policy, window, workers=workers))
            continue
        path = Path(raw)
        if path.is_dir():
            files = files_in(path, other.suffixes if other is not None else ())
            if not files:
                results.append(unreadable(raw, ("thư mục không có tệp .ics", "the folder holds no .ics file")))
        elif path.exists():
            files = [path]
        else:
            results.append(unreadable(raw, ("không có tệp hoặc thư mục này", "no such file or folder")))
            continue
        for file in files:
            if done is not None:
                done(file)
            try:
                with open(file, "rb") as handle:  # never more than the budget (a device, a huge file)
                    data = handle.read(policy.limit("bytes_per_file") + 1)
            except OSError as exc:
                results.append(unreadable(str(file), exc.strerror or str(exc)))
                continue
            if other is not None and other.wants(data, file.name, not path.is_dir()):
                results.append(other.read(data, str(file), policy, window, year=year))
                continue
            if path.is_dir() and not file.name.lower().endswith(".ics"):
                continue  # a document in the folder that is not a schedule
            results.append(read_bytes(data, str(file), policy, window, workers=workers))
    return ReadResult.merge(results)


def files_in(folder: Path, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """The files :func:`read_paths` looks at in ``folder``: ``.ics`` and the ``suffixes`` of the
    other format, recursively, in sorted order (a file is listed by its name, not read)."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(Path(root, name) for name in names if name.lower().endswith((".ics", *suffixes)))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def unreadable(origin: str, detail: Detail) -> ReadResult:
    return ReadResult((), Intake(findings=(diagnostic("MR001", origin, detail),), sources=(origin,)))
