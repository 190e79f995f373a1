"""The period report of plan II.8.a and appendix row 14: the meeting figures a unit files on
10 June and 10 December, and Sở Nội vụ consolidates.

Pure: figures from meetings and a policy, no I/O. :func:`build_report` runs the engine over
the period (and, for comparison, over the same period a year earlier and over the report year
to date) and counts. Rendering lives in ``connectors.render``.

Periods (SPEC §6): by default the data cut-off dates of Nghị định 09/2019/NĐ-CP Art. 12 —
H1 = 15 Dec of the year before … 14 Jun, H2 = 15 Jun … 14 Dec, the year = 15 Dec … 14 Dec;
with ``[report] periods = "calendar"``, Jan–Jun, Jul–Dec and Jan–Dec.

The yearly targets are judged here, over the report's own period, because the engine judges
them per calendar year (docs/decisions.md) and a cut-off year straddles two of those:

* online share (MR302) and the reduction (MR303) over the period itself, against the same
  period a year earlier (from data, or a policy baseline for a whole year; else no baseline);
* the caps per year (MR301, MR304) over the report year up to the period's end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import attrs

from meetingrules import catalog, i18n
from meetingrules.engine import CheckResult, check, judge_calendar
from meetingrules.errors import UsageError
from meetingrules.findings import Finding
from meetingrules.model import EventData, Format, Intake, Kind, Level, Meeting, Scope, Severity, Window
from meetingrules.policy import Policy
from meetingrules.rules import (
    TargetPeriod,
    counts_for_mr301,
    counts_for_mr304,
    is_online,
    is_wide,
    online_budget,
    reduction_allowed,
)
from meetingrules.schedule import organised_elsewhere, EXCLUDED_OUTSIDE, Gathering

#: Rules judged over the report's period instead of the engine's calendar years.
PERIOD_RULES = ("MR301", "MR302", "MR303", "MR304")
CAP_RULES = ("MR301", "MR304")
UNKNOWN = "unknown"

# Report statuses of a target.
MET, NOT_MET, ON_TRACK, AT_RISK, NO_BASELINE = "met", "not-met", "on-track", "at-risk", "no-baseline"
NO_CONFERENCE = "no-conference"

_PERIOD = re.compile(r"^\s*(\d{4})(?:-?H([12]))?\s*$", re.IGNORECASE)


@attrs.frozen
class Period:
    """A report period: a year or a half-year, with its first and last day (both included)."""

    year: int
    half: int | None
    first: dt.date
    last: dt.date
    mode: str = "cutoff"

    @classmethod
    def parse(cls, text: str, mode: str = "cutoff") -> Period:
        """``2026``, ``2026-H1`` or ``2026-H2`` under ``cutoff`` or ``calendar`` dates.

        >>> Period.parse("2026-H1").first, Period.parse("2026-H1").last
        (datetime.date(2025, 12, 15), datetime.date(2026, 6, 14))
        >>> p = Period.parse("2026-h2", "calendar"); p.label, p.first, p.last
        ('2026-H2', datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
        """
        match = _PERIOD.match(text or "")
        if not match or not 1900 <= int(match.group(1)) <= 2200:
            raise UsageError(
                f"Kỳ báo cáo không hợp lệ: '{text}' (dùng 2026, 2026-H1 hoặc 2026-H2).",
                f"Not a report period: '{text}' (use 2026, 2026-H1 or 2026-H2).",
            )
        return cls.of(int(match.group(1)), int(match.group(2)) if match.group(2) else None, mode)

    @classmethod
    def of(cls, year: int, half: int | None, mode: str = "cutoff") -> Period:
        """The period ``year`` (``half`` None), ``year``-H1 or ``year``-H2."""
        if mode == "calendar":
            first = dt.date(year, 7 if half == 2 else 1, 1)
            last = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        else:
            first = dt.date(year, 6, 15) if half == 2 else dt.date(year - 1, 12, 15)
            last = dt.date(year, 6, 14) if half == 1 else dt.date(year, 12, 14)
        return cls(year, half, first, last, mode)

    @property
    def label(self) -> str:
        """``2026`` or ``2026-H1``."""
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    def name(self, lang: str = "vi") -> str:
        """``6 tháng đầu năm 2026`` / ``first half of 2026`` / ``năm 2026``."""
        if self.half == 1:
            return i18n.Text(f"6 tháng đầu năm {self.year}", f"first half of {self.year}").get(lang)
        if self.half == 2:
            return i18n.Text(f"6 tháng cuối năm {self.year}", f"second half of {self.year}").get(lang)
        return i18n.Text(f"năm {self.year}", f"year {self.year}").get(lang)

    def window(self, tz: dt.tzinfo) -> Window:
        """The analysis window of the period."""
        return Window.dates(self.first, self.last, tz)

    def a_year_earlier(self) -> Period:
        """The same period of the year before (cùng kỳ năm trước)."""
        return Period.of(self.year - 1, self.half, self.mode)

    def year_to_date(self) -> Period:
        """The report year from its first day to this period's last day (where yearly caps count)."""
        return attrs.evolve(self, half=None, first=Period.of(self.year, None, self.mode).first)

    def target(self, tz: dt.tzinfo, final: bool) -> TargetPeriod:
        """This period as the engine's target period (MR301–MR304 judged over it)."""
        earlier = self.a_year_earlier()
        dates = "" if self.mode == "calendar" else f" ({self.first:%d/%m/%Y}–{self.last:%d/%m/%Y})"
        return TargetPeriod(
            window=self.window(tz),
            final=final,
            previous=earlier.window(tz),
            name_vi=self.name("vi") + dates,
            name_en=self.name("en") + dates,
            previous_vi=("cùng kỳ " if self.half else "") + earlier.name("vi"),
            previous_en=earlier.name("en"),
            baseline_year=self.year - 1 if self.half is None else None,  # policy baselines are yearly
            within_vi="trong kỳ",
            within_en="this period",
        )

    @property
    def ends_year(self) -> bool:
        """True when the period ends on the report year's last day (the year or H2)."""
        return self.half != 1

    def ended(self, as_of: dt.date) -> bool:
        """True when the period is over on ``as_of``."""
        return as_of > self.last


@attrs.frozen
class Tally:
    """Counts of conferences and meetings by kind, scope, format and level."""

    conferences: int = 0
    meetings: int = 0
    online_conferences: int = 0
    province_wide_conferences: int = 0
    sector_wide_conferences: int = 0
    commune_wide_conferences: int = 0
    wide_gatherings: int = 0  # province-/sector-wide conferences and meetings (MR303's measure)
    conferences_by_kind: dict[str, int] = attrs.field(factory=dict)
    conferences_by_scope: dict[str, int] = attrs.field(factory=dict)
    conferences_by_format: dict[str, int] = attrs.field(factory=dict)
    conferences_by_level: dict[str, int] = attrs.field(factory=dict)
    meetings_by_scope: dict[str, int] = attrs.field(factory=dict)
    meetings_by_format: dict[str, int] = attrs.field(factory=dict)
    meetings_by_level: dict[str, int] = attrs.field(factory=dict)

    @property
    def online_share(self) -> float | None:
        """Online conferences over conferences (``None`` when there is no conference)."""
        return self.online_conferences / self.conferences if self.conferences else None

    @classmethod
    def of(cls, gatherings: Iterable[Gathering], policy: Policy) -> Tally:
        """Count ``gatherings`` (hybrid counts as online when the policy says so)."""
        counts: Counter = Counter()
        by: dict[str, Counter] = defaultdict(Counter)
        for g in gatherings:
            if organised_elsewhere(g):  # attended, not held: no figure of the unit's own
                continue
            prefix = "conferences" if g.is_conference else "meetings"
            counts[prefix] += 1
            counts["wide_gatherings"] += is_wide(g)
            by[f"{prefix}_by_scope"][_key(g.scope)] += 1
            by[f"{prefix}_by_format"][_key(g.format)] += 1
            by[f"{prefix}_by_level"][_key(g.level)] += 1
            if g.is_conference:
                by["conferences_by_kind"][_key(g.kind if g.kind else Kind.UNCLASSIFIED)] += 1
                counts["online_conferences"] += is_online(g, policy)
                counts["province_wide_conferences"] += g.scope is Scope.PROVINCE_WIDE
                counts["sector_wide_conferences"] += g.scope is Scope.SECTOR_WIDE
                counts["commune_wide_conferences"] += g.scope is Scope.COMMUNE_WIDE
        return cls(**counts, **{name: _in_order(c) for name, c in by.items()})

    def to_dict(self) -> dict:
        """As JSON-ready data."""
        out = attrs.asdict(self)
        out["online_share"] = None if self.online_share is None else round(self.online_share, 4)
        return out


# Breakdowns list values in the order of the plan's words, unknown last.
_ORDER = {v: i for i, v in enumerate(
    [*(k.value for k in Kind), *(s.value for s in Scope), *(f.value for f in (Format.ONLINE, Format.HYBRID, Format.IN_PERSON)),
     *(lv.value for lv in Level), UNKNOWN]
)}


def _in_order(counter: Counter) -> dict[str, int]:
    return {k: counter[k] for k in sorted(counter, key=lambda k: (_ORDER.get(k, len(_ORDER)), k))}


def _key(value) -> str:
    return str(getattr(value, "value", value)) if value is not None else UNKNOWN


@attrs.frozen
class OnlineTarget:
    """The online share against its minimum (MR302), with the remaining budget.

    ``budget`` is how many more in-person conferences keep the share at the minimum (when met);
    ``needed`` how many of the next conferences must be online to reach it (when not).
    """

    online: int
    total: int
    minimum: float
    status: str
    budget: int | None = None
    needed: int | None = None

    @property
    def share(self) -> float | None:
        """The share 0–1, or ``None`` without conferences."""
        return self.online / self.total if self.total else None


@attrs.frozen
class CapFigure:
    """A count per year against a cap (MR301 province-wide, MR304 commune-wide per commune)."""

    unit: str
    count: int
    cap: int
    first: dt.date  # counted from (the report year's first day)
    last: dt.date  # … to the period's last day

    @property
    def remaining(self) -> int:
        """How many more the cap allows this year (0 when reached or over)."""
        return max(0, self.cap - self.count)

    @property
    def over(self) -> int:
        """How many over the cap."""
        return max(0, self.count - self.cap)


@attrs.frozen
class Reduction:
    """Province-/sector-wide gatherings against the same period a year earlier (MR303)."""

    unit: str
    count: int
    baseline: int | None
    source: str  # "data", "policy" or "" (no baseline)
    minimum: float
    status: str

    @property
    def allowed(self) -> int | None:
        """The most that still meets the reduction (``None`` without a baseline)."""
        return None if self.baseline is None else reduction_allowed(self.baseline, self.minimum)

    @property
    def remaining(self) -> int | None:
        """How many more can be held (negative: over the maximum)."""
        return None if self.allowed is None else self.allowed - self.count

    @property
    def change(self) -> float | None:
        """(count − baseline) / baseline, or ``None`` when there is nothing to compare with."""
        if not self.baseline:
            return None
        return (self.count - self.baseline) / self.baseline


@attrs.frozen
class Comparison:
    """The same figures for the same period a year earlier, counted from the data."""

    period: Period
    tally: Tally | None  # None: the data holds no event in that period ("no baseline")
    units_with_data: frozenset[str] = frozenset()
    units_without_data: tuple[str, ...] = ()  # units of this period with no event in that one

    @property
    def comparable(self) -> bool:
        """True when every unit of this period has data for the earlier one (else no total change)."""
        return self.tally is not None and not self.units_without_data

    def change(self, now: int, name: str) -> float | None:
        """Relative change of figure ``name`` (None without complete data, or from zero)."""
        if not self.comparable:
            return None
        before = getattr(self.tally, name)
        return (now - before) / before if before else None


@attrs.frozen
class UnitRow:
    """One organising unit's figures (a row of the consolidated report)."""

    unit: str
    tally: Tally
    online: OnlineTarget | None
    reduction: Reduction | None
    errors: int
    warnings: int


@attrs.frozen
class Month:
    """Conferences and meetings that start in one calendar month of the period."""

    month: str  # YYYY-MM
    conferences: int
    online_conferences: int
    meetings: int


@attrs.frozen(eq=False)
class Report:
    """The period report: every figure of SPEC §6 "Reports"."""

    period: Period
    as_of: dt.date
    policy: Policy = attrs.field(repr=False)
    result: CheckResult = attrs.field(repr=False)
    totals: Tally
    units: tuple[UnitRow, ...]
    months: tuple[Month, ...]
    online: OnlineTarget
    province_wide: CapFigure
    commune_wide: tuple[CapFigure, ...]
    reductions: tuple[Reduction, ...]
    previous: Comparison
    findings: tuple[Finding, ...]
    excluded: dict[str, int]
    #: Proposals the doors refused before they were stored, per unit, from a decision log
    #: (``None``: no log was read; the engine has none, a connector adds it with ``attrs.evolve``).
    refused: dict[str, int] | None = None

    @property
    def ended(self) -> bool:
        """True when the period is over on the report's date."""
        return self.period.ended(self.as_of)

    @property
    def counted(self) -> tuple[Finding, ...]:
        """Errors and warnings that count (not waived)."""
        return tuple(f for f in self.findings if not f.waived and f.severity is not Severity.INFO)

    @property
    def findings_by_code(self) -> dict[str, int]:
        """Errors and warnings (not waived) per rule code."""
        return dict(sorted(Counter(f.code for f in self.counted).items()))

    @property
    def waived(self) -> tuple[Finding, ...]:
        """Findings covered by an approved exception."""
        return tuple(f for f in self.findings if f.waived)

    @property
    def waived_by_code(self) -> dict[str, int]:
        """Waived findings per rule code."""
        return dict(sorted(Counter(f.code for f in self.waived).items()))

    @property
    def notes_by_code(self) -> dict[str, int]:
        """Info notes (input quality, on-track projections) per rule code."""
        return dict(
            sorted(Counter(f.code for f in self.findings if not f.waived and f.severity is Severity.INFO).items())
        )

    def to_dict(self, lang: str = "vi") -> dict:
        """The report as JSON-ready data (the JSON format of ``meetingrules report``)."""
        totals = self.totals.to_dict()
        prev = self.previous
        return {
            "schema_version": 1,
            "tool": "meetingrules",
            "kind": "report",
            "lang": lang,
            "policy": self.policy.name,
            "period": {
                "label": self.period.label,
                "name": self.period.name(lang),
                "mode": self.period.mode,
                "start": self.period.first.isoformat(),
                "end": self.period.last.isoformat(),
                "ended": self.ended,
            },
            "as_of": self.as_of.isoformat(),
            "summary": self.result.summary.to_dict(),
            **totals,
            "targets": {
                "online": _online_dict(self.online),
                "province_wide": _cap_dict(self.province_wide),
                "commune_wide": [_cap_dict(c) for c in self.commune_wide],
                "reduction": [_reduction_dict(r) for r in self.reductions],
            },
            "previous": {
                "period": {"start": prev.period.first.isoformat(), "end": prev.period.last.isoformat()},
                "baseline": prev.tally is not None,
                "comparable": prev.comparable,
                "units_without_baseline": list(prev.units_without_data),
                **({k: prev.tally.to_dict()[k] for k in _COMPARED} if prev.tally else {}),
                "change": {k: _round(prev.change(getattr(self.totals, k), k)) for k in _COMPARED},
            },
            "units": [
                {
                    "unit": row.unit,
                    **row.tally.to_dict(),
                    "online_target": _online_dict(row.online) if row.online else None,
                    "reduction": _reduction_dict(row.reduction) if row.reduction else None,
                    "errors": row.errors,
                    "warnings": row.warnings,
                }
                for row in self.units
            ],
            "months": [attrs.asdict(m) for m in self.months],
            "findings_by_code": self.findings_by_code,
            **({"refused_proposals": dict(sorted(self.refused.items()))} if self.refused is not None else {}),
            "waived_by_code": self.waived_by_code,
            "notes_by_code": self.notes_by_code,
            "waivers": [
                {
                    "code": f.code,
                    "uid": f.uid,
                    "title": f.meeting_title,
                    "start": f.start.isoformat() if f.start else None,
                    "unit": f.unit,
                    "reason": f.waiver.reason,
                    "by": f.waiver.by,
                }
                for f in self.waived
            ],
            "excluded": self.excluded,
            "findings": [f.to_dict(lang) for f in self.findings if f.severity is not Severity.INFO or f.waived or not f.uid],
        }


_COMPARED = ("conferences", "meetings", "online_conferences", "wide_gatherings")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _online_dict(t: OnlineTarget) -> dict:
    return {
        "online": t.online, "total": t.total, "share": _round(t.share), "minimum": t.minimum,
        "status": t.status, "in_person_budget": t.budget, "online_needed": t.needed,
    }


def _cap_dict(c: CapFigure) -> dict:
    return {
        "unit": c.unit, "count": c.count, "cap": c.cap, "remaining": c.remaining, "over": c.over,
        "start": c.first.isoformat(), "end": c.last.isoformat(),
    }


def _reduction_dict(r: Reduction) -> dict:
    return {
        "unit": r.unit, "count": r.count, "baseline": r.baseline, "baseline_source": r.source or None,
        "minimum": r.minimum, "allowed": r.allowed, "remaining": r.remaining, "change": _round(r.change),
        "status": r.status,
    }


# -- building -------------------------------------------------------------------------------


def build_report(
    items: Iterable[Meeting | EventData],
    policy: Policy | None = None,
    period: Period | str = "",
    *,
    as_of: dt.date | None = None,
    intake: Intake | None = None,
) -> Report:
    """The report of ``period`` from meetings (or raw events) read over the period and the
    year before it. ``as_of`` (default today) decides whether the period is over."""
    from meetingrules.classify import as_meetings

    policy = policy or Policy.builtin()
    if isinstance(period, str):
        period = Period.parse(period, policy.period_mode)
    tz = policy.timezone
    as_of = as_of or dt.datetime.now(tz).date()
    meetings = as_meetings(items, policy)  # every occurrence classified once (a series' strings once)

    ended = period.ended(as_of)
    final = ended and period.ends_year  # a yearly target becomes an error only when the year is over
    # The online share and the reduction are judged over the period; the caps count from the
    # start of the report year (their findings are kept for the conferences in the period).
    # One check: the engine groups the same period a year earlier as MR303's baseline, which
    # is the comparison's schedule; the caps are judged again on the same schedule when the
    # year so far is the period itself (the year, H1), else over the year so far (H2).
    result = check(meetings, policy, window=period.window(tz), as_of=as_of, intake=intake, ignore=CAP_RULES,
                   targets=[period.target(tz, final)])
    earlier = period.a_year_earlier()
    ytd = period.year_to_date()
    if ytd.window(tz) == period.window(tz):
        cap_findings = judge_calendar(result, select=CAP_RULES, targets=[ytd.target(tz, final)])
        ytd_gatherings = result.gatherings
    else:
        year_so_far = check([m for m in meetings if ytd.window(tz).contains(m.start)], policy,
                            window=ytd.window(tz), as_of=as_of, select=CAP_RULES, targets=[ytd.target(tz, final)])
        cap_findings, ytd_gatherings = year_so_far.findings, year_so_far.gatherings

    gatherings = result.gatherings
    selected = _selected(policy)
    # A unit has data for the earlier period when any event of it was read there, counted or not.
    before = result.previous or ()
    units_before = set(result.previous_units)
    previous = Comparison(
        earlier,
        Tally.of(before, policy) if units_before else None,
        frozenset(units_before),
        tuple(sorted({g.unit for g in gatherings} - units_before)),
    )

    minimum = policy.targets.online_share_min
    by_unit = _by_unit(gatherings)
    online_by_unit = {unit: _online(items, policy, minimum, ended) for unit, items in by_unit.items()}
    reductions = _reductions(period, policy, by_unit, before, units_before, ended)

    window = period.window(tz)
    findings = list(result.findings) + [
        f for f in cap_findings if f.code in CAP_RULES and f.start is not None and window.contains(f.start)
    ]
    findings = [f for f in findings if f.code not in PERIOD_RULES or f.code in selected]
    findings.sort(key=lambda f: f.sort_key)
    communes = _commune_wide(ytd_gatherings)

    per_unit_findings = defaultdict(Counter)
    for f in findings:
        if not f.waived:
            per_unit_findings[f.unit][f.severity] += 1
    reduction_by_unit = {r.unit: r for r in reductions}
    units = tuple(
        UnitRow(
            unit,
            Tally.of(items, policy),
            online_by_unit.get(unit),
            reduction_by_unit.get(unit),
            per_unit_findings[unit][Severity.ERROR],
            per_unit_findings[unit][Severity.WARNING],
        )
        for unit, items in sorted(by_unit.items(), key=lambda kv: (kv[0] == "", kv[0]))
    )
    totals = Tally.of(gatherings, policy)
    cap = policy.targets.province_wide_per_year
    commune_cap = policy.targets.commune_wide_per_year
    excluded = Counter(e.reason for e in result.excluded if e.reason != EXCLUDED_OUTSIDE)
    if result.duplicates:
        excluded["duplicate"] = len(result.duplicates)
    return Report(
        period=period,
        as_of=as_of,
        policy=policy,
        result=result,
        totals=totals,
        units=units,
        months=_months(period, gatherings, policy),
        online=_online(gatherings, policy, minimum, ended) or OnlineTarget(0, 0, minimum, NO_CONFERENCE),
        province_wide=CapFigure("", len(_province_wide(ytd_gatherings)), cap, ytd.first, ytd.last),
        commune_wide=tuple(
            CapFigure(unit, len(items), commune_cap, ytd.first, ytd.last) for unit, items in sorted(communes.items())
        ),
        reductions=tuple(reductions),
        previous=previous,
        findings=tuple(findings),
        excluded=dict(sorted(excluded.items())),
    )


def _selected(policy: Policy) -> frozenset[str]:
    return frozenset(c for c in catalog.BY_CODE if catalog.is_selected(c, policy.select, policy.ignore))


def _by_unit(gatherings: Iterable[Gathering]) -> dict[str, list[Gathering]]:
    out: dict[str, list[Gathering]] = defaultdict(list)
    for g in gatherings:
        out[g.unit].append(g)
    return out


def _province_wide(gatherings: Iterable[Gathering]) -> list[Gathering]:
    # As MR301: province-wide conferences of the province level or of unknown level.
    return sorted((g for g in gatherings if counts_for_mr301(g)), key=lambda g: g.start)


def _commune_wide(gatherings: Iterable[Gathering]) -> dict[str, list[Gathering]]:
    out: dict[str, list[Gathering]] = defaultdict(list)
    for g in sorted(gatherings, key=lambda g: g.start):
        if counts_for_mr304(g):
            out[g.unit].append(g)
    return out


def _online(items: list[Gathering], policy: Policy, minimum: float, ended: bool) -> OnlineTarget | None:
    conferences = [g for g in items if g.is_conference and not organised_elsewhere(g)]
    if not conferences:
        return None
    total = len(conferences)
    online = sum(1 for g in conferences if is_online(g, policy))
    met, budget, needed = online_budget(online, total, minimum)
    status = (MET if met else NOT_MET) if ended else (ON_TRACK if met else AT_RISK)
    return OnlineTarget(online, total, minimum, status, budget, needed)


def _reductions(period, policy, by_unit, before: Iterable[Gathering], units_before, ended) -> list[Reduction]:
    minimum = policy.targets.reduction_min
    now = {unit: sum(1 for g in items if is_wide(g)) for unit, items in by_unit.items()}
    # Policy baselines are yearly: they serve a whole-year period only.
    given = [b for b in policy.baselines if b.year == period.year - 1] if period.half is None else []
    out = []
    if given:
        for b in given:
            count = sum(now.values()) if not b.unit else now.get(b.unit, 0)
            out.append(_reduction(b.unit, count, b.wide_gatherings, "policy", minimum, ended))
        return out
    then = Counter(g.unit for g in before if is_wide(g))
    for unit in sorted(set(then) | {u for u, n in now.items() if n}):
        known = unit in units_before
        out.append(_reduction(unit, now.get(unit, 0), then.get(unit, 0) if known else None, "data" if known else "",
                              minimum, ended))
    return out


def _reduction(unit, count, baseline, source, minimum, ended) -> Reduction:
    if baseline is None:
        return Reduction(unit, count, None, "", minimum, NO_BASELINE)
    met = count <= reduction_allowed(baseline, minimum)
    status = (MET if met else NOT_MET) if ended else (ON_TRACK if met else AT_RISK)
    return Reduction(unit, count, baseline, source, minimum, status)


def _months(period: Period, gatherings: Iterable[Gathering], policy: Policy) -> tuple[Month, ...]:
    tz = policy.timezone
    counts: dict[str, Counter] = defaultdict(Counter)
    for g in gatherings:
        key = g.start.astimezone(tz).strftime("%Y-%m")
        if organised_elsewhere(g):
            continue
        if g.is_conference:
            counts[key]["conferences"] += 1
            counts[key]["online_conferences"] += is_online(g, policy)
        else:
            counts[key]["meetings"] += 1
    months = []
    year, month = period.first.year, period.first.month
    while (year, month) <= (period.last.year, period.last.month):
        key = f"{year:04d}-{month:02d}"
        c = counts[key]
        months.append(Month(key, c["conferences"], c["online_conferences"], c["meetings"]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def status_words(status: str, lang: str = "vi") -> str:
    """A target status in words."""
    return STATUS_WORDS.get(status, i18n.Text.same(status)).get(lang)


STATUS_WORDS = {
    MET: i18n.Text("Đạt", "Met"),
    NOT_MET: i18n.Text("Không đạt", "Not met"),
    ON_TRACK: i18n.Text("Đúng tiến độ", "On track"),
    AT_RISK: i18n.Text("Có nguy cơ không đạt", "At risk"),
    NO_BASELINE: i18n.Text("Chưa có số liệu kỳ trước", "No baseline"),
    NO_CONFERENCE: i18n.Text("Không có hội nghị", "No conference"),
}

__all__ = [
    "CapFigure", "Comparison", "Month", "OnlineTarget", "Period", "Reduction", "Report", "Tally",
    "UnitRow", "build_report", "status_words",
]

