"""Findings: what a check says about a meeting or a calendar, as immutable values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from meetingrules.i18n import describe_reason
from meetingrules.model import Meeting, Reason, Severity, Waiver, slot_writer


@attrs.frozen
class Citation:
    """Where a rule comes from: the paragraph of the plan and its words, quoted verbatim."""

    paragraph: str
    quote: str = ""
    document: str = "Kế hoạch 160/KH-UBND"

    def __str__(self) -> str:
        return f"{self.document}, {self.paragraph}"


def _tuple(value) -> tuple:
    return tuple(value) if value is not None else ()


@attrs.frozen
class Finding:
    """One finding: a rule's verdict on a meeting (or on the calendar, when ``uid`` is empty).

    Two pairs of names look alike and hold different things (the JSON keeps them):

    * ``meeting_title`` is the meeting's SUMMARY (JSON ``title``); ``title(lang)`` is the
      rule's title (JSON ``rule``);
    * ``unit`` is the organising unit the finding is about (a department, a commune);
      ``measure_unit`` is what ``measured`` and ``limit`` are counted in (``hours``,
      ``sessions``, ``minutes``, ``count``, ``share``).

    ``waived`` findings carry the approving waiver. Build findings with
    :meth:`meetingrules.rules.base.Rule.finding` (or ``Rule.on``), never directly.
    """

    code: str
    severity: Severity
    message_vi: str
    message_en: str
    title_vi: str = ""
    title_en: str = ""
    citation: Citation | None = None
    uid: str = ""
    recurrence_id: str | None = None
    meeting_title: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    origin: str = ""
    line: int | None = None
    unit: str = ""
    measured: float | None = None
    limit: float | None = None
    measure_unit: str = ""
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_tuple)
    hint_vi: str = ""
    hint_en: str = ""
    related: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    waiver: Waiver | None = None
    projection: bool = False

    @property
    def waived(self) -> bool:
        """True when an approved exception covers this finding."""
        return self.waiver is not None

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang``."""
        return self.message_en if lang == "en" else self.message_vi

    def title(self, lang: str = "vi") -> str:
        """The rule's title in ``lang``."""
        return self.title_en if lang == "en" else self.title_vi

    def hint(self, lang: str = "vi") -> str:
        """How to fix it, in ``lang``."""
        return self.hint_en if lang == "en" else self.hint_vi

    @property
    def sort_key(self) -> tuple:
        """Date order, then code."""
        start = self.start.timestamp() if self.start else float("-inf")
        return (start, self.uid, self.code)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The finding as JSON-ready data (schema version 1, see docs/json-schema.md)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "title": self.meeting_title,
            "rule": self.title(lang),
            "message": self.message(lang),
            "uid": self.uid,
            "recurrence_id": self.recurrence_id,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "unit": self.unit,
            "origin": self.origin,
            "line": self.line,
            "measured": self.measured,
            "limit": self.limit,
            "measure_unit": self.measure_unit,
            "citation": str(self.citation) if self.citation else "",
            "quote": self.citation.quote if self.citation else "",
            "reasons": [describe_reason(r, lang) for r in self.reasons],
            "hint": self.hint(lang),
            "related": list(self.related),
            "waived": self.waived,
            "waiver": (
                {"code": self.waiver.code, "reason": self.waiver.reason, "by": self.waiver.by}
                if self.waiver
                else None
            ),
            "projection": self.projection,
        }


def finding_writer(names: tuple[str, ...]):
    """A function ``write(*values)`` making a :class:`Finding` from values given in the order
    of ``names``, slot by slot: what ``Finding(**dict(zip(names, values)))`` gives when the
    values are already converted (``reasons`` and ``related`` tuples).

    ``Finding(...)`` binds 24 keyword arguments through attrs' ``__init__`` and runs two
    converters; :meth:`meetingrules.rules.base.Rule.on` builds 17,000 findings per
    province-year. ``names`` must be every field of :class:`Finding`, each once (else a
    ``TypeError`` here, when the caller's module loads: a field added to ``Finding`` without
    its value at the call site fails loudly, never silently). The code is generated once
    from the field list, as ``meetingrules.classify`` does for ``Meeting``.
    """
    fields = attrs.fields(Finding)
    if sorted(names) != sorted(field.name for field in fields) or len(set(names)) != len(names):
        raise TypeError(f"finding_writer needs every field of Finding once, got {names!r}")
    if any(field.validator is not None for field in fields):  # none today; never skip a validator
        return lambda *values: Finding(**dict(zip(names, values)))
    return slot_writer(Finding, names)


def about(meeting: Meeting) -> dict[str, Any]:
    """The meeting-reference fields of a finding about ``meeting``."""
    return {
        "uid": meeting.uid,
        "recurrence_id": meeting.source.recurrence_id,
        "meeting_title": meeting.title,
        "start": meeting.start,
        "end": meeting.end,
        "origin": meeting.source.origin,
        "line": meeting.source.line,
        "unit": meeting.unit,
    }
