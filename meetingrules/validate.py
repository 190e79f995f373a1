"""Validating a proposed meeting before it is stored: allow, warn or deny.

The proposal is judged with the whole calendar around it: its own length and agenda,
and the calendar-wide consequences of adding it (the 3rd province-wide conference, the
chair's overlapping meetings, the online-share budget). The existing calendar's own
breaches never decide the proposal: only findings about the proposal, or calendar-wide
findings that adding it creates or worsens, do.

>>> import datetime as dt, zoneinfo
>>> from meetingrules import Format, Meeting, MeetingClass, Kind
>>> tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
>>> five_hours = Meeting("p", "Hội nghị quán triệt", dt.datetime(2026, 3, 2, 7, 30, tzinfo=tz),
...                      dt.datetime(2026, 3, 2, 12, 30, tzinfo=tz),
...                      meeting_class=MeetingClass.CONFERENCE, kind=Kind.BRIEFING,
...                      format=Format.ONLINE)
>>> decision = validate([five_hours], [], as_of=dt.date(2026, 2, 1))
>>> decision.decision, [f.code for f in decision.deciding]
('deny', ['MR101'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from meetingrules.engine import (
    CheckResult,
    apply_change,
    calendar_severities,
    check,
    check_addition,
    prepare_addition,
)
from meetingrules.findings import Finding
from meetingrules.model import EventData, Intake, Meeting, Severity, Window
from meetingrules.policy import Policy

ALLOW, WARN, DENY = "allow", "warn", "deny"


@attrs.frozen(eq=False)
class Decision:
    """The answer for a proposal: the decision, the findings that decided it, the rest."""

    decision: str
    deciding: tuple[Finding, ...]  # not waived, at or above warning
    findings: tuple[Finding, ...]  # every finding about the proposal, waived and info too
    proposal: tuple[str, ...]  # the UIDs judged
    mode: str
    result: CheckResult = attrs.field(repr=False)
    calendar: CheckResult | None = attrs.field(default=None, repr=False)  # the existing calendar's check

    @property
    def waived(self) -> tuple[Finding, ...]:
        """Findings an approved exception let through (recorded in the decision)."""
        return tuple(f for f in self.findings if f.waived)

    def to_dict(self, lang: str = "vi") -> dict:
        """JSON-ready: decision, proposal, mode and the findings."""
        return {
            "decision": self.decision,
            "proposal": list(self.proposal),
            "enforcement": self.mode,
            "findings": [f.to_dict(lang) for f in self.findings],
        }


def _decide(findings: Iterable[Finding], mode: str) -> tuple[str, tuple[Finding, ...]]:
    deciding = tuple(f for f in findings if not f.waived and f.severity.rank >= Severity.WARNING.rank)
    if not deciding:
        return ALLOW, ()
    worst = max(f.severity.rank for f in deciding)
    if mode == "deny-on-warning" or (mode == "deny-on-error" and worst >= Severity.ERROR.rank):
        return DENY, deciding
    return WARN, deciding


def _uid(item: Meeting | EventData) -> str:
    return item.uid


def _calendar_key(f: Finding) -> tuple:
    return (f.code, f.unit)


class Validator:
    """Holds the existing calendar, checked once, and validates proposals against it.

    A scheduling tool or a server hook keeps one per calendar version (keyed by content
    hash, ETag or sync token) so that a second proposal costs only the new check.
    """

    def __init__(
        self,
        existing: Iterable[Meeting | EventData],
        policy: Policy | None = None,
        *,
        window: Window | None = None,
        as_of: dt.date | None = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        intake: Intake | None = None,
    ):
        from meetingrules.classify import build_meeting

        self.policy = policy or Policy.builtin()
        self.as_of = as_of or dt.datetime.now(self.policy.timezone).date()
        self.select, self.ignore = tuple(select), tuple(ignore)
        self.existing: list[Meeting] = [
            build_meeting(i, self.policy) if isinstance(i, EventData) else i for i in existing
        ]
        self.window = window
        self.intake = intake  # the reader's accounting of the existing calendar
        self._baseline: dict[Window | None, CheckResult] = {}
        self._existing_uids = {m.uid for m in self.existing}

    def _window_for(self, proposal: list[Meeting]) -> Window:
        if self.window is not None:
            return self.window
        year = proposal[0].start.astimezone(self.policy.timezone).year if proposal else self.as_of.year
        return Window.year(year, self.policy.timezone)

    def baseline(self, window: Window) -> CheckResult:
        """The existing calendar's own check (cached per window)."""
        if window not in self._baseline:
            self._baseline[window] = check(
                self.existing, self.policy, window=window, as_of=self.as_of, select=self.select, ignore=self.ignore,
                intake=self.intake,
            )
            prepare_addition(self._baseline[window])
        return self._baseline[window]

    def replace(self, uid: str | Iterable[str], events: Iterable[Meeting | EventData] = ()) -> None:
        """Take an accepted change into the held calendar: the events of ``uid`` become ``events``.

        A new event (``uid`` not held), an edit or a move into this calendar gives the
        event's occurrences; a deletion or a move out gives none (see :meth:`remove`).
        Every cached check is updated by what the change touches
        (:func:`meetingrules.engine.apply_change`), never checked again whole.
        """
        from meetingrules.classify import Classifier

        uids = {uid} if isinstance(uid, str) else set(uid)
        classify = Classifier(self.policy)
        meetings = [classify(i) if isinstance(i, EventData) else i for i in events]
        uids |= {m.uid for m in meetings}
        self.existing = [m for m in self.existing if m.uid not in uids] + meetings
        self._existing_uids = (self._existing_uids - uids) | {m.uid for m in meetings}
        for window, base in list(self._baseline.items()):
            self._baseline[window] = apply_change(base, uids, meetings)

    def remove(self, uid: str | Iterable[str]) -> None:
        """Take a deletion (or a move out of this calendar) into the held calendar."""
        self.replace(uid, ())

    def validate(self, proposed: Iterable[Meeting | EventData], *, incremental: bool = True) -> Decision:
        """Allow, warn or deny ``proposed`` (one meeting, or the events of one conference).

        ``incremental`` (the default) judges a new meeting on top of the cached check of
        the calendar; ``False`` re-checks everything (the same answer, slower).
        """
        from meetingrules.classify import build_meeting

        proposal = [build_meeting(i, self.policy) if isinstance(i, EventData) else i for i in proposed]
        uids = {m.uid for m in proposal}
        window = self._window_for(proposal)
        before = self.baseline(window)
        if incremental and uids.isdisjoint(self._existing_uids):
            # A new meeting: judge only what it reaches, on top of the cached check.
            after = check_addition(before, proposal)
        elif incremental:
            # An edit: the old version taken out of the cached check, the new one judged on top.
            after = check_addition(apply_change(before, uids), proposal)
        else:
            # A proposal with an existing UID replaces that event (an edit, not a second copy).
            others = [m for m in self.existing if m.uid not in uids]
            after = check(
                others + proposal, self.policy, window=window, as_of=self.as_of, select=self.select, ignore=self.ignore
            )
        units = {m.unit for m in proposal}
        earlier = calendar_severities(before, units | {""})
        about: list[Finding] = []
        for f in after.findings:
            if f.uid in uids or uids.intersection(f.related):
                about.append(f)
            elif not f.uid and f.unit in units | {""}:
                # Calendar-wide: it decides only when adding the proposal created or worsened it.
                if f.severity.rank > earlier.get(_calendar_key(f), -1):
                    about.append(f)
                elif f.severity is Severity.INFO or f.projection:
                    about.append(attrs.evolve(f, severity=Severity.INFO))
        mode = self.policy.enforcement
        if mode == "warn-only":
            decision, deciding = _decide(about, "warn-only")
            decision = WARN if decision == DENY else decision
        else:
            decision, deciding = _decide(about, mode)
        return Decision(decision, deciding, tuple(about), tuple(sorted(uids)), mode, after, before)


def validate(
    proposed: Iterable[Meeting | EventData],
    existing: Iterable[Meeting | EventData],
    policy: Policy | None = None,
    **options,
) -> Decision:
    """Allow, warn or deny a proposed meeting given the existing calendar (see :class:`Validator`)."""
    return Validator(existing, policy, **options).validate(proposed)
