"""MR3xx: the yearly targets (plan I.2.a, II.4.a). Each sees the schedule of a target
period — by default each calendar year the window covers — and counts per unit."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable

import attrs

from meetingrules.findings import Citation, Finding
from meetingrules.i18n import Text, percent, unit_label
from meetingrules.model import Format, Level, Meeting, Scope, Severity, Window
from meetingrules.policy import Policy
from meetingrules.rules.base import PLAN_II4A, Context, Rule
from meetingrules.schedule import Gathering, organised_elsewhere


@attrs.frozen
class TargetPeriod:
    """A period over which the yearly targets are judged (MR301–MR304).

    By default each calendar year the window covers; a report passes its own (a year or a
    half-year under the Nghị định 09/2019 cut-off dates). ``final``: the period is over and
    a missed target is an error, not a projection. ``previous`` is the same period a year
    earlier (MR303's data baseline); ``baseline_year`` is the year whose policy baselines
    apply (``None``: policy baselines are yearly and do not fit this period).
    """

    window: Window
    final: bool
    previous: Window
    name_vi: str  # "năm 2026"
    name_en: str  # "2026"
    previous_vi: str  # "năm 2025"
    previous_en: str  # "2025"
    baseline_year: int | None = None
    within_vi: str = "trong năm"
    within_en: str = "this year"

    @classmethod
    def calendar_year(cls, year: int, tz: dt.tzinfo, final: bool) -> TargetPeriod:
        """The calendar year ``year``."""
        return cls(
            Window.year(year, tz), final, Window.year(year - 1, tz),
            f"năm {year}", str(year), f"năm {year - 1}", str(year - 1), year - 1,
        )

    @property
    def name(self) -> Text:
        """The period in words: ``năm 2026`` / ``2026``."""
        return Text(self.name_vi, self.name_en)

    @property
    def previous_name(self) -> Text:
        """The period a year earlier in words."""
        return Text(self.previous_vi, self.previous_en)

    @property
    def within(self) -> Text:
        """``trong năm`` / ``this year``: what is left of the period."""
        return Text(self.within_vi, self.within_en)

    def contains(self, g) -> bool:
        """Whether a gathering starts in the period."""
        return self.window.contains(g.start)


def calendar_years(window: Window, tz: dt.tzinfo, as_of: dt.date) -> tuple[TargetPeriod, ...]:
    """The calendar years ``window`` touches; one is final when covered whole and over."""
    first = window.start.astimezone(tz).year
    last = (window.end.astimezone(tz) - dt.timedelta(microseconds=1)).year
    out = []
    for year in range(first, last + 1):
        whole = Window.year(year, tz)
        complete = window.start <= whole.start and window.end >= whole.end
        out.append(TargetPeriod.calendar_year(year, tz, complete and as_of >= dt.date(year + 1, 1, 1)))
    return tuple(out)


def periods(ctx: Context) -> tuple[TargetPeriod, ...]:
    """The periods the yearly targets are judged over in this check."""
    if ctx.targets is not None:
        return ctx.targets
    return calendar_years(ctx.window, ctx.policy.timezone, ctx.as_of)


PERIOD_ENDED = Text("Kỳ đã kết thúc.", "The period has ended.")


def _percent(share: float) -> Text:
    return Text(percent(share, "vi"), percent(share, "en"))


def _unit(unit: str) -> Text:
    return Text(unit_label(unit, "vi"), unit_label(unit, "en"))


def _by_unit(items: Iterable[Gathering]) -> dict[str, list[Gathering]]:
    grouped: dict[str, list[Gathering]] = defaultdict(list)
    for g in items:
        grouped[g.unit].append(g)
    return grouped


def _nth_over_cap(rule: Rule, items: list[Gathering], cap: int, label: Text | str, ctx: Context):
    """``rule``'s finding on each gathering beyond the ``cap``-th of its period."""
    for period in periods(ctx):
        in_period = sorted((g for g in items if period.contains(g)), key=lambda g: g.start)
        for count, g in enumerate(in_period, 1):
            if count > cap:
                yield rule.on(
                    g.first,
                    values={"count": count, "year": period.name, "limit": cap, "unit_label": label},
                    measured=count,
                    limit=cap,
                    measured_in="count",
                    related=[o.uid for o in in_period[:cap]],
                )


# Enum members as module names: reading ``Scope.PROVINCE_WIDE`` costs a class lookup (130 ns
# in Python 3.11) and these tests run on every gathering of the year. The same members.
_PROVINCE_WIDE = Scope.PROVINCE_WIDE
_COMMUNE_WIDE = Scope.COMMUNE_WIDE
_WIDE = (Scope.PROVINCE_WIDE, Scope.SECTOR_WIDE)
_COMMUNE = Level.COMMUNE
_PROVINCE_OR_UNKNOWN = (Level.PROVINCE, None)
_ONLINE = Format.ONLINE
_HYBRID = Format.HYBRID


def counts_for_mr301(g: Gathering) -> bool:
    """A province-wide conference of the province level (or of unknown level: only the
    province holds province-wide conferences)."""
    return (
        g.is_conference and g.scope is _PROVINCE_WIDE and g.level in _PROVINCE_OR_UNKNOWN
        and not organised_elsewhere(g)
    )


def counts_for_mr304(g: Gathering) -> bool:
    """A commune-wide conference of the commune level."""
    return g.is_conference and g.scope is _COMMUNE_WIDE and g.level is _COMMUNE and not organised_elsewhere(g)


def is_online(g: Gathering | Meeting, policy: Policy) -> bool:
    """Whether a conference counts as online (hybrid too, when the policy says so)."""
    return g.format is _ONLINE or (g.format is _HYBRID and policy.hybrid_counts_as_online)


def is_wide(g: Gathering) -> bool:
    """A province-wide or sector-wide conference or meeting (counted by MR303)."""
    return g.scope in _WIDE and not organised_elsewhere(g)


def online_budget(online: int, total: int, minimum: float) -> tuple[bool, int | None, int | None]:
    """(met, in-person conferences still possible, online conferences needed next).

    >>> online_budget(6, 8, 0.6)  # 75%: two more in person keep 6/10
    (True, 2, None)
    >>> online_budget(2, 5, 0.6)  # 40%: three online in a row make 5/8
    (False, None, 3)
    """
    met = total == 0 or online / total + 1e-9 >= minimum
    if met:
        return True, (math.floor(online / minimum - total + 1e-9) if minimum > 0 else None), None
    return False, None, (math.ceil((minimum * total - online) / (1 - minimum) - 1e-9) if minimum < 1 else None)


def reduction_allowed(baseline: int, reduction: float) -> int:
    """The most gatherings a year that still fall by ``reduction`` against ``baseline``.

    >>> reduction_allowed(10, 0.1), reduction_allowed(4, 0.1), reduction_allowed(0, 0.1)
    (9, 3, 0)
    """
    return math.floor(baseline * (1 - reduction) + 1e-9)


MR301 = Rule(
    code="MR301",
    name="province-wide-cap",
    severity=Severity.ERROR,
    scope="calendar",
    title=Text("Quá 2 hội nghị quy mô toàn tỉnh trong năm", "More than 2 province-wide conferences in a year"),
    message=Text(
        "Đây là hội nghị quy mô toàn tỉnh thứ {count} của cấp tỉnh {year}; tối đa {limit} hội nghị mỗi năm.",
        "This is the province level's province-wide conference no. {count} of {year}; at most {limit} a year.",
    ),
    citation=Citation(PLAN_II4A, "đảm bảo cấp tỉnh tổ chức không quá 2 hội nghị quy mô toàn tỉnh mỗi năm"),
    hint=Text(
        "Lồng ghép nội dung vào hội nghị toàn tỉnh đã có, hoặc tổ chức theo quy mô nhỏ hơn, trực tuyến.",
        "Fold the topic into a province-wide conference already held, or hold a smaller, online one.",
    ),
    params=("targets.province_wide_per_year",),
)


@MR301.judge
def province_wide_cap(ctx: Context) -> Iterable[Finding]:
    """The province level holds at most 2 province-wide conferences a year."""
    items = [g for g in ctx.gatherings if g.is_conference and counts_for_mr301(g)]  # most are not conferences
    cap = MR301.param(ctx.policy, "targets.province_wide_per_year")
    yield from _nth_over_cap(MR301, items, cap, "", ctx)


MR302 = Rule(
    code="MR302",
    name="online-share",
    severity=Severity.WARNING,
    scope="calendar",
    title=Text("Tỷ lệ hội nghị trực tuyến dưới 60%", "Online conferences below 60%"),
    message=Text(
        "{unit_label}: {online}/{total} hội nghị trực tuyến ({share}); chỉ tiêu {limit}. {projection}",
        "{unit_label}: {online}/{total} conferences online ({share}); the target is {limit}. {projection}",
    ),
    citation=Citation(
        "I.2.a, II.4.a, Phụ lục mục 3",
        "số lượng hội nghị trực tuyến chiếm không ít hơn 60% tổng số hội nghị trong năm",
    ),
    hint=Text("Chuyển các hội nghị sắp tới sang hình thức trực tuyến.", "Move upcoming conferences online."),
    params=("targets.online_share_min", "counting.hybrid_counts_as_online"),
    escalates=True,
)


@MR302.judge
def online_share(ctx: Context) -> Iterable[Finding]:
    """At least 60% of a unit's conferences in a year are online."""
    minimum = MR302.param(ctx.policy, "targets.online_share_min")
    limit_text = _percent(minimum)  # the same words on every unit's finding
    for period in periods(ctx):
        conferences = [
            g for g in ctx.gatherings if g.is_conference and period.contains(g) and not organised_elsewhere(g)
        ]
        for unit, items in sorted(_by_unit(conferences).items()):
            if not ctx.wanted_unit(unit):
                continue
            total = len(items)
            online = sum(1 for g in items if is_online(g, ctx.policy))
            share = online / total
            met, budget, needed = online_budget(online, total, minimum)
            if met:
                projection = Text(
                    f"Đúng tiến độ: còn có thể tổ chức thêm {budget} hội nghị trực tiếp {period.within_vi}.",
                    f"On track: {budget} more in-person conference(s) can be held {period.within_en}.",
                )
            else:
                projection = Text(
                    f"Có nguy cơ không đạt: {needed} hội nghị tiếp theo cần tổ chức trực tuyến.",
                    f"At risk: the next {needed} conference(s) must be online.",
                )
            if period.final:
                if met:
                    continue
                severity, projection = Severity.ERROR, PERIOD_ENDED
            else:
                severity = Severity.INFO if met else Severity.WARNING
            yield MR302.on(
                None,
                values={
                    "unit_label": _unit(unit),
                    "online": online,
                    "total": total,
                    "share": _percent(share),
                    "limit": limit_text,
                    "projection": projection,
                },
                measured=round(share, 4),
                limit=minimum,
                measured_in="share",
                severity=severity,
                projection=not period.final,
                unit=unit,
            )


MR303 = Rule(
    code="MR303",
    name="yearly-reduction",
    severity=Severity.WARNING,
    scope="calendar",
    title=Text("Chưa giảm 10% hội nghị, cuộc họp toàn tỉnh, toàn ngành", "Province-/sector-wide gatherings not down 10%"),
    message=Text(
        "{unit_label}: {count} hội nghị, cuộc họp toàn tỉnh/toàn ngành {year} so với {baseline} {previous} ({change}); cần giảm ít nhất {limit}. {projection}",
        "{unit_label}: {count} province-/sector-wide conferences and meetings in {year} against {baseline} in {previous} ({change}); a fall of at least {limit} is required. {projection}",
    ),
    citation=Citation(
        "I.2.a, II.4.a, Phụ lục mục 3",
        "đạt mục tiêu giảm ít nhất 10% số lượng hội nghị, cuộc họp toàn ngành, toàn tỉnh mỗi năm",
    ),
    hint=Text(
        "Gộp hoặc bỏ các cuộc họp toàn ngành, toàn tỉnh chưa cần thiết.",
        "Merge or drop province-/sector-wide gatherings that are not needed.",
    ),
    params=("targets.reduction_min", "baselines"),
    escalates=True,
)
#: MR303's words when there is nothing to compare with (no data for the previous period).
NO_BASELINE = Text(
    "{unit_label}: {count} hội nghị, cuộc họp toàn tỉnh/toàn ngành {year}; "
    "không có số liệu {previous} (chưa có cơ sở so sánh), chưa đánh giá được mức giảm {limit}.",
    "{unit_label}: {count} province-/sector-wide conferences and meetings in {year}; "
    "no baseline for {previous}, so the {limit} reduction cannot be judged.",
)


@MR303.judge
def yearly_reduction(ctx: Context) -> Iterable[Finding]:
    """Province-/sector-wide conferences and meetings fall at least 10% a year."""
    reduction = MR303.param(ctx.policy, "targets.reduction_min")
    baselines = MR303.param(ctx.policy, "baselines")
    for period in periods(ctx):
        # The scope first: most gatherings are not wide, and is_wide tests it first itself.
        current = [g for g in ctx.gatherings if g.scope in _WIDE and is_wide(g) and period.contains(g)]
        for unit, count, baseline in _baselines(ctx, baselines, period, current):
            if ctx.wanted_unit(unit):
                yield _reduction_finding(period, unit, count, baseline, reduction)


def _baselines(ctx: Context, baselines, period: TargetPeriod, current: list[Gathering]):
    """(unit, this period's count, the previous period's count or None) for each unit to judge."""
    given = [b for b in baselines if period.baseline_year is not None and b.year == period.baseline_year]
    if given:
        counts = _by_unit(current)
        for baseline in given:
            count = len(current) if not baseline.unit else len(counts.get(baseline.unit, ()))
            yield baseline.unit, count, baseline.wide_gatherings
        return
    if ctx.previous is None:
        if current:
            yield "", len(current), None
        return
    before = _by_unit(g for g in ctx.previous if is_wide(g) and period.previous.contains(g.start))
    now = _by_unit(current)
    for unit in sorted(set(before) | set(now)):
        # A unit with no event at all last year has no baseline: missing data is not zero.
        known = unit in ctx.previous_units or unit in before
        yield unit, len(now.get(unit, ())), len(before.get(unit, ())) if known else None


def _reduction_finding(period: TargetPeriod, unit: str, count: int, baseline: int | None, reduction: float):
    label = _unit(unit)
    limit_text = _percent(reduction)
    if baseline is None:
        words = Text(
            NO_BASELINE.vi.format(unit_label=label.vi, count=count, year=period.name_vi,
                                  previous=period.previous_vi, limit=limit_text.vi),
            NO_BASELINE.en.format(unit_label=label.en, count=count, year=period.name_en,
                                  previous=period.previous_en, limit=limit_text.en),
        )
        return MR303.saying(words, severity=Severity.INFO, projection=not period.final, unit=unit, measured=count)
    allowed = reduction_allowed(baseline, reduction)
    met = count <= allowed
    change = (count - baseline) / baseline if baseline else 0.0
    sign = "+" if change > 0 else ""
    change_text = Text(sign + percent(change, "vi"), sign + percent(change, "en"))
    if period.final:
        if met:
            return None
        severity, projection = Severity.ERROR, PERIOD_ENDED
    elif met:
        severity = Severity.INFO
        projection = Text(
            f"Đúng tiến độ: còn tổ chức thêm được {allowed - count} cuộc {period.within_vi}.",
            f"On track: {allowed - count} more can be held {period.within_en}.",
        )
    else:
        severity = Severity.WARNING
        projection = Text(
            f"Có nguy cơ không đạt: đã vượt {count - allowed} cuộc so với mức tối đa {allowed}.",
            f"At risk: {count - allowed} over the maximum of {allowed}.",
        )
    return MR303.on(
        None,
        values={
            "unit_label": label,
            "count": count,
            "year": period.name,
            "baseline": baseline,
            "previous": period.previous_name,
            "change": change_text,
            "limit": limit_text,
            "projection": projection,
        },
        measured=count,
        limit=allowed,
        measured_in="count",
        severity=severity,
        projection=not period.final,
        unit=unit,
    )


MR304 = Rule(
    code="MR304",
    name="commune-wide-cap",
    severity=Severity.WARNING,
    scope="calendar",
    title=Text("Cấp xã tổ chức nhiều hội nghị toàn xã", "Too many commune-wide conferences"),
    message=Text(
        "Đây là hội nghị toàn xã thứ {count} của {unit_label} {year}; chính sách đặt mức {limit}.",
        "This is commune-wide conference no. {count} of {unit_label} in {year}; the policy sets {limit}.",
    ),
    citation=Citation(PLAN_II4A, "cấp xã hạn chế tối đa việc họp"),
    hint=Text(
        "Lồng ghép vào hội nghị đã có hoặc truyền đạt bằng văn bản.",
        "Fold it into an existing conference or deliver it in writing.",
    ),
    params=("targets.commune_wide_per_year",),
)


@MR304.judge
def commune_wide_cap(ctx: Context) -> Iterable[Finding]:
    """A commune holds no more commune-wide conferences a year than the policy's cap."""
    cap = MR304.param(ctx.policy, "targets.commune_wide_per_year")
    by_unit: dict[str, list[Gathering]] = defaultdict(list)
    for g in ctx.gatherings:
        if counts_for_mr304(g):
            by_unit[g.unit].append(g)
    for unit, items in sorted(by_unit.items()):
        if ctx.wanted_unit(unit):
            yield from _nth_over_cap(MR304, items, cap, _unit(unit), ctx)
