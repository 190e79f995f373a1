"""What every reader hands over: event occurrences and the intake (accounting, diagnostics).

The iCalendar reader, the weekly-schedule reader and the Google Takeout reader all return a
:class:`ReadResult`, so ``read = checked + excluded + rejected`` (SPEC §7) holds whatever the
source. May import: the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from meetingrules import catalog
from meetingrules.findings import Finding
from meetingrules.model import EventData, Intake

Detail = str | tuple[str, str]


def as_tuple(value) -> tuple:
    return tuple(value) if value is not None else ()


@attrs.frozen
class ReadResult:
    """What a reader hands over: event occurrences and the intake (accounting, diagnostics)."""

    events: tuple[EventData, ...] = attrs.field(default=(), converter=as_tuple)
    intake: Intake = attrs.field(factory=Intake)

    @classmethod
    def merge(cls, results: Iterable[ReadResult]) -> ReadResult:
        """One result holding the events, counts, diagnostics and sources of all ``results``."""
        events: list[EventData] = []
        findings: list[Finding] = []
        sources: list[str] = []
        read = rejected = outside = 0
        for result in results:
            events.extend(result.events)
            findings.extend(result.intake.findings)
            sources.extend(result.intake.sources)
            read += result.intake.read
            rejected += result.intake.rejected
            outside += result.intake.outside_window
        return cls(tuple(events), Intake(read, rejected, outside, tuple(findings), tuple(sources)))

    @property
    def components(self) -> int:
        """How many VEVENT components produced at least one of ``events``."""
        return len({(e.source.origin, e.source.component) for e in self.events})

    @property
    def balanced(self) -> bool:
        """Whether every VEVENT read is accounted for (SPEC §7)."""
        intake = self.intake
        return intake.read == self.components + intake.rejected + intake.outside_window


def diagnostic(
    code: str,
    origin: str,
    detail: Detail = "",
    uid: str = "",
    line: int | None = None,
    limit: Any = None,
    start: dt.datetime | None = None,
    recurrence_id: str | None = None,
) -> Finding:
    """A reader diagnostic (MR001, MR002, MR004, MR006, MR007) as a :class:`Finding`.

    The catalogue's templates are filled with ``origin``, ``detail`` and ``limit``;
    ``detail`` is one language-neutral string (a file name, a zone id, a date) or a
    (Vietnamese, English) pair.
    """
    rule = catalog.rule(code)
    detail_vi, detail_en = (detail, detail) if isinstance(detail, str) else detail
    limit_text = "" if limit is None else str(limit)
    numeric = limit if isinstance(limit, (int, float)) and not isinstance(limit, bool) else None
    return rule.finding(
        {"origin": origin, "detail": detail_vi, "limit": limit_text},
        {"origin": origin, "detail": detail_en, "limit": limit_text},
        uid=uid,
        recurrence_id=recurrence_id,
        start=start,
        origin=origin,
        line=line,
        limit=float(numeric) if numeric is not None else None,
        measure_unit="count" if numeric is not None else "",
    )
