"""Validating a proposed meeting before it is stored: allow, warn or deny.

The proposal is judged with the whole calendar around it: its own length and agenda,
and the calendar-wide consequences of adding it (the 3rd province-wide conference, the
chair's overlapping meetings, the online-share budget). The existing calendar's own
breaches never decide the proposal: only findings about the proposal, or calendar-wide
findings that adding it creates or worsens, do.

Which periods: a proposal is judged in every calendar year its occurrences touch (a
series from December into the next year, an event with RDATEs next year, a conference
ten years ahead), each against the existing calendar of that year (and the year before
it, MR303's baseline): :func:`periods_touched` says which, :func:`reading_window` what
of the existing calendar a door must read for them. Every door (the CLI, the guarded
save, the Radicale hook, the server, the gateway) reads through these and decides with
:class:`Validator`, so a proposal gets one decision whichever door it comes through.

History is not refused (SPEC §11): findings about an occurrence that has already started
and the yearly targets (MR301–MR304) of a period that has ended are recorded in the
decision (``history``) but never decide it.

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
    selected_codes,
)
from meetingrules.findings import Finding
from meetingrules.model import EventData, Intake, Meeting, Severity, Window
from meetingrules.policy import Policy

ALLOW, WARN, DENY = "allow", "warn", "deny"
#: Reader diagnostics that mean a proposed event could not be read: it cannot be judged.
UNJUDGEABLE = frozenset({"MR001", "MR002"})
# The span a proposal is read over: any year a calendar can name, however far ahead.
_FIRST_YEAR, _LAST_YEAR = 1900, 9998


def proposal_window(policy: Policy) -> Window:
    """The window a door reads a proposal over: every year, so none of it goes unjudged.

    >>> from meetingrules import Policy
    >>> w = proposal_window(Policy.builtin())
    >>> w.start.year, w.end.year
    (1900, 9999)
    """
    return Window(Window.year(_FIRST_YEAR, policy.timezone).start, Window.year(_LAST_YEAR, policy.timezone).end)


def periods_touched(proposal: Iterable[Meeting | EventData], policy: Policy, as_of: dt.date | None = None) -> tuple[Window, ...]:
    """The target periods (calendar years) the proposal's occurrences start in, in order.

    A proposal with no occurrence touches the year of ``as_of`` (today by default).

    >>> import datetime as dt
    >>> from meetingrules import EventData, Policy
    >>> p = Policy.builtin()
    >>> tz = p.timezone
    >>> events = [EventData(uid="s", summary="Họp", start=dt.datetime(y, 12, 20, 8, tzinfo=tz),
    ...                     end=dt.datetime(y, 12, 20, 9, tzinfo=tz))
    ...           for y in (2032, 2025, 2026)]
    >>> [w.start.year for w in periods_touched(events, p)]
    [2025, 2026, 2032]
    """
    tz = policy.timezone
    years = sorted({item.start.astimezone(tz).year for item in proposal})
    if not years:
        years = [(as_of or dt.datetime.now(tz).date()).year]
    return tuple(Window.year(year, tz) for year in years)


def reading_window(periods: Iterable[Window], policy: Policy) -> Window:
    """What of the existing calendar judging ``periods`` needs: from the year before the first.

    MR303 compares each year with the year before it.
    """
    periods = list(periods)
    first = min(w.start for w in periods).astimezone(policy.timezone)
    start = Window.year(first.year - 1, policy.timezone).start if first.year > 1 else first
    return Window(start, max(w.end for w in periods))


def reference_instant(policy: Policy, as_of: dt.date | None) -> dt.datetime:
    """The moment before which a meeting has started: now, or the start of ``as_of``."""
    if as_of is None:
        return dt.datetime.now(policy.timezone)
    return dt.datetime.combine(as_of, dt.time(), tzinfo=policy.timezone)


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
    # Findings recorded but not deciding: about meetings already started, or yearly targets
    # of a period that has ended (SPEC §11: history is not refused).
    history: tuple[Finding, ...] = attrs.field(default=(), repr=False)
    periods: tuple[Window, ...] = attrs.field(default=(), repr=False)  # the target periods judged

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
            "findings": [self._finding_dict(f, lang) for f in self.findings],
        }

    def _finding_dict(self, finding: Finding, lang: str) -> dict:
        data = finding.to_dict(lang)
        data["history"] = any(finding is h for h in self.history)
        return data


def _decide(findings: Iterable[Finding], mode: str) -> tuple[str, tuple[Finding, ...]]:
    deciding = tuple(f for f in findings if not f.waived and f.severity.rank >= Severity.WARNING.rank)
    if not deciding:
        return ALLOW, ()
    worst = max(f.severity.rank for f in deciding)
    if mode == "deny-on-warning" or (mode == "deny-on-error" and worst >= Severity.ERROR.rank):
        return DENY, deciding
    return WARN, deciding


def _calendar_key(f: Finding) -> tuple:
    return (f.code, f.unit)


class Validator:
    """Holds the existing calendar, checked once, and validates proposals against it.

    A scheduling tool or a server hook keeps one per calendar version (keyed by content
    hash, ETag or sync token) so that a second proposal costs only the new check.
    ``window`` fixes the one period judged (the CLI's ``--year``/``--from``/``--to``);
    without it a proposal is judged in every year it touches (:func:`periods_touched`).
    ``now`` is the moment before which a meeting has already started (default: the start
    of ``as_of`` when it is given, else the present).
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
        now: dt.datetime | None = None,
    ):
        from meetingrules.classify import as_meetings

        self.policy = policy or Policy.builtin()
        self.now = now or reference_instant(self.policy, as_of)
        self.as_of = as_of or self.now.astimezone(self.policy.timezone).date()
        self.select, self.ignore = tuple(select), tuple(ignore)
        # The held calendar per UID (in the order given): a change replaces one entry, not the list.
        self._held: dict[str, list[Meeting]] = {}
        for m in as_meetings(existing, self.policy):
            self._held.setdefault(m.uid, []).append(m)
        self._existing: list[Meeting] | None = None
        self.window = window
        self.intake = intake  # the reader's accounting of the existing calendar
        self._baseline: dict[Window | None, CheckResult] = {}
        self._by_year: dict[int, list[Meeting]] | None = None

    @property
    def existing(self) -> list[Meeting]:
        """The held calendar's occurrences (the given ones, changed by :meth:`replace`)."""
        if self._existing is None:
            self._existing = [m for ms in self._held.values() for m in ms]
        return self._existing

    def periods_for(self, proposal: Iterable[Meeting]) -> tuple[Window, ...]:
        """The periods ``proposal`` is judged in: the fixed window, or every year it touches."""
        if self.window is not None:
            return (self.window,)
        return periods_touched(proposal, self.policy, self.as_of)

    def _window_for(self, proposal: list[Meeting]) -> Window:
        return self.periods_for(proposal)[0]

    def _near(self, window: Window) -> list[Meeting]:
        """The existing meetings a check of ``window`` (a calendar year) looks at: it and the year before."""
        if self._by_year is None:
            self._by_year = {}
            for m in self.existing:
                self._by_year.setdefault(m.start.astimezone(self.policy.timezone).year, []).append(m)
        year = window.start.astimezone(self.policy.timezone).year
        return self._by_year.get(year - 1, []) + self._by_year.get(year, [])

    def baseline(self, window: Window, *, whole: bool = True) -> CheckResult:
        """The existing calendar's own check (cached per window).

        ``whole=False`` checks only the meetings of the window's year and the year before
        (a secondary period of a proposal: same findings there, cheaper, no accounting).
        """
        key = window if whole else (window, "near")
        if not whole and window in self._baseline:
            return self._baseline[window]
        if key not in self._baseline:
            items = self.existing if whole else self._near(window)
            self._baseline[key] = check(
                items, self.policy, window=window, as_of=self.as_of, select=self.select, ignore=self.ignore,
                intake=self.intake if whole else None,
            )
            prepare_addition(self._baseline[key])
        return self._baseline[key]

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        """The held checks of the whole calendar, one per period judged so far (to keep, see :meth:`adopt`)."""
        return tuple(result for key, result in self._baseline.items() if isinstance(key, Window))

    def adopt(self, result: CheckResult) -> bool:
        """Hold ``result`` — a check of exactly this calendar kept from before (a warm start) —
        as the check of its window instead of checking the calendar again.

        Refused (False, nothing held) when it was made for another date, policy, selection or
        window, or when this validator has the reader's accounting of its own to report.
        """
        if (
            result.as_of != self.as_of
            or result.policy is not self.policy
            or result.selected != selected_codes(self.policy, self.select, self.ignore)
            or (self.window is not None and result.window != self.window)
            or self.intake is not None
        ):
            return False
        self._baseline[result.window] = result
        return True

    def replace(self, uid: str | Iterable[str], events: Iterable[Meeting | EventData] = ()) -> None:
        """Take an accepted change into the held calendar: the events of ``uid`` become ``events``.

        A new event (``uid`` not held), an edit or a move into this calendar gives the
        event's occurrences; a deletion or a move out gives none (see :meth:`remove`).
        Every cached check is updated by what the change touches
        (:func:`meetingrules.engine.apply_change`), never checked again whole.
        """
        from meetingrules.classify import as_meetings

        uids = {uid} if isinstance(uid, str) else set(uid)
        meetings = as_meetings(events, self.policy)
        uids |= {m.uid for m in meetings}
        for gone in uids:
            self._held.pop(gone, None)
        for m in meetings:
            self._held.setdefault(m.uid, []).append(m)
        self._existing = None
        self._by_year = None
        changed: dict[int, CheckResult] = {}
        for window, base in list(self._baseline.items()):
            # The held check is given up for the changed one: its indexes move, not copied.
            if id(base) not in changed:
                changed[id(base)] = apply_change(base, uids, meetings, reuse=True)
            self._baseline[window] = changed[id(base)]

    def remove(self, uid: str | Iterable[str]) -> None:
        """Take a deletion (or a move out of this calendar) into the held calendar."""
        self.replace(uid, ())

    def validate(
        self,
        proposed: Iterable[Meeting | EventData],
        *,
        incremental: bool = True,
        intake: Intake | None = None,
    ) -> Decision:
        """Allow, warn or deny ``proposed`` (one meeting, or the events of one conference).

        ``incremental`` (the default) judges a new meeting on top of the cached check of
        the calendar; ``False`` re-checks everything (the same answer, slower).
        ``intake`` is the reader's accounting of the proposal: a proposed event the reader
        rejected (MR001, MR002) cannot be judged, and the proposal is refused with that reason.
        """
        from meetingrules.classify import as_meetings

        proposal = as_meetings(proposed, self.policy)
        uids = {m.uid for m in proposal}
        periods = self.periods_for(proposal)
        about: list[Finding] = []
        history: list[Finding] = []
        seen: set[tuple] = set()
        primary: tuple[CheckResult, CheckResult] | None = None
        for index, window in enumerate(periods):
            # The first period gets the whole proposal (its accounting); the others only their occurrences.
            part = proposal if index == 0 else [m for m in proposal if window.contains(m.start)]
            before, after, found = self._judge(part, uids, window, incremental, whole=index == 0)
            if primary is None:
                primary = (before, after)
            upcoming = any(window.contains(m.start) and m.start >= self.now for m in proposal)
            for f in found:
                # A meeting finding is said once, whichever period it was met in.
                key = (f.code, f.uid, f.recurrence_id, f.start, f.message_en) if f.uid else (f.code, window, f.unit, f.message_en)
                if key in seen:
                    continue
                seen.add(key)
                about.append(f)
                if self._is_history(f, window, upcoming):
                    history.append(f)
        if intake is not None:
            about.extend(self._reading_findings(intake))
        mode = self.policy.enforcement
        history_ids = {id(f) for f in history}
        live = [f for f in about if id(f) not in history_ids]
        if mode == "warn-only":
            decision, deciding = _decide(live, "warn-only")
            decision = WARN if decision == DENY else decision
        else:
            decision, deciding = _decide(live, mode)
        before, after = primary
        return Decision(decision, deciding, tuple(about), tuple(sorted(uids)), mode, after, before,
                        history=tuple(history), periods=periods)

    def _judge(self, proposal: list[Meeting], uids: set[str], window: Window, incremental: bool, *, whole: bool):
        """(the calendar's check, the check with the proposal, the findings about the proposal) in ``window``."""
        before = self.baseline(window, whole=whole)
        if incremental and not any(uid in self._held for uid in uids):  # (isdisjoint would walk the dict)
            # A new meeting: judge only what it reaches, on top of the cached check.
            after = check_addition(before, proposal)
        elif incremental:
            # An edit: the old version taken out of the cached check, the new one judged on top.
            after = check_addition(apply_change(before, uids), proposal)
        else:
            # A proposal with an existing UID replaces that event (an edit, not a second copy).
            existing = self.existing if whole else self._near(window)
            others = [m for m in existing if m.uid not in uids]
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
        return before, after, about

    def _is_history(self, finding: Finding, window: Window, upcoming: bool) -> bool:
        """Whether ``finding`` is about the past: recorded, never deciding (SPEC §11)."""
        if finding.uid:
            return finding.start is not None and finding.start < self.now
        # A yearly target: history when its period has ended, or when the proposal adds
        # nothing to come in that period (a back-filled meeting).
        return window.end <= self.now or not upcoming

    @staticmethod
    def _reading_findings(intake: Intake) -> list[Finding]:
        """The reader's rejections of proposed events, as errors (they cannot be judged).

        A series cut at its cap (MR004) is said too, as information; the reader's other
        notes about the proposal's file do not take part in the decision.
        """
        out = []
        for f in intake.findings:
            if f.code in UNJUDGEABLE:
                out.append(attrs.evolve(f, severity=Severity.ERROR))
            elif f.code == "MR004":
                out.append(attrs.evolve(f, severity=Severity.INFO))
        return out

    def accept(self, decision: Decision, proposed: Iterable[Meeting | EventData]) -> None:
        """Take ``proposed``, judged by ``decision`` and then stored, into the calendar.

        The change is applied to every held check by what it touches (:meth:`replace`,
        :func:`meetingrules.engine.apply_change`): the next proposal is judged without
        re-checking everything. ``decision`` names what was judged; an edit (a UID already
        held) replaces the old version.
        """
        from meetingrules.classify import as_meetings

        proposal = as_meetings(proposed, self.policy)
        self.replace(set(decision.proposal) | {m.uid for m in proposal}, proposal)


def validate(
    proposed: Iterable[Meeting | EventData],
    existing: Iterable[Meeting | EventData],
    policy: Policy | None = None,
    *,
    proposal_intake: Intake | None = None,
    **options,
) -> Decision:
    """Allow, warn or deny a proposed meeting given the existing calendar (see :class:`Validator`).

    ``proposal_intake`` is the reader's accounting of the proposal (see :meth:`Validator.validate`).
    """
    return Validator(existing, policy, **options).validate(proposed, intake=proposal_intake)
