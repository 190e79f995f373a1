"""The rules' examples as fixtures: ``meetingrules/rules/examples/<code>.toml``.

Each file holds two small iCalendar texts: one that breaks the rule and one that complies.
The one that breaks it also names the finding it gives. ``tests/engine/test_catalog.py`` reads
both with the ICS reader and checks each does what it says; :mod:`meetingrules.docgen`
prints them in the rule's page. The files are package data, since ``meetingrules explain``
prints them. This module reads them and never parses iCalendar itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import tomllib
import unicodedata
from typing import Any

import attrs

from meetingrules.i18n import Text
from meetingrules.model import Severity

#: The folder of the rules' examples: ``<code>.toml`` each (see :class:`Examples`).
EXAMPLES = "examples"
#: The date examples are judged on unless their file says otherwise (mid-2026: yearly
#: targets are projections, not yet final).
EXAMPLE_AS_OF = dt.date(2026, 6, 1)
_CALENDAR_HEAD = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//meetingrules//rule examples//VI\n"


@attrs.frozen
class Example:
    """One example of a rule: what it shows, in words, and the calendar that shows it.

    ``ics`` holds the VEVENTs of an iCalendar file (the calendar around them is added by
    :meth:`calendar`), or the whole file when ``raw``; ``encoding`` is the file's encoding.
    ``schedule`` instead holds a weekly schedule pasted as text (lịch công tác tuần, SPEC §9),
    for the rules that reader says.
    ``gives`` is the message of the one finding the example that breaks the rule gives, at
    ``severity`` (the file read as ``<code>-breaks.ics``); ``None`` for the one that complies.
    """

    says: Text
    ics: str
    raw: bool = False
    encoding: str = "utf-8"
    gives: Text | None = None
    severity: Severity | None = None
    schedule: str = ""

    @property
    def file_name_suffix(self) -> str:
        """``.txt`` for a weekly schedule, else ``.ics``."""
        return ".txt" if self.schedule else ".ics"

    def calendar(self) -> bytes:
        """The example as the bytes of its file (an .ics file, or a weekly schedule's text)."""
        if self.schedule:
            return self.schedule.strip("\n").encode("utf-8") + b"\n"
        text = self.ics if self.raw else _CALENDAR_HEAD + self.ics.strip("\n") + "\nEND:VCALENDAR\n"
        if self.encoding.replace("-", "").lower() in ("cp1258", "windows1258"):
            text = _windows_1258(text)
        return text.encode(self.encoding)


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the tone marks Windows-1258 writes as combining characters


def _windows_1258(text: str) -> str:
    """Vietnamese as Windows-1258 spells it: â, ê, ô, ơ, ư, ă whole, tone marks combining.

    >>> _windows_1258("Hội").encode("cp1258")
    b'H\\xf4\\xf2i'
    """
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out)


@attrs.frozen
class Examples:
    """A rule's examples (``meetingrules/rules/examples/<code>.toml``): one calendar that
    breaks the rule and one that complies, judged on ``as_of`` under the built-in policy
    with ``policy`` (TOML) laid over it. A test reads each with the ICS reader and checks
    that it does what it says; the rule's page prints them."""

    breaks: Example
    complies: Example
    as_of: dt.date = EXAMPLE_AS_OF
    policy: str = ""


def _example(table: dict[str, Any]) -> Example:
    return Example(
        Text(table["vi"], table["en"]),
        table.get("ics", ""),
        bool(table.get("raw", False)),
        str(table.get("encoding", "utf-8")),
        Text(table["gives_vi"], table["gives_en"]) if "gives_vi" in table else None,
        Severity(table["severity"]) if "severity" in table else None,
        table.get("schedule", ""),
    )


@functools.cache
def examples_of(code: str) -> Examples | None:
    """The examples of rule ``code`` (``None`` when it has none)."""
    resource = importlib.resources.files(__package__).joinpath(EXAMPLES, f"{code}.toml")
    if not resource.is_file():
        return None
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    return Examples(
        _example(data["breaks"]),
        _example(data["complies"]),
        data.get("as_of", EXAMPLE_AS_OF),
        data.get("policy", ""),
    )
