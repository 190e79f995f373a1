"""The rules' bodies. Two kinds, as in Regal:

* meeting rules see one :class:`~meetingrules.schedule.Gathering` (a conference or a
  meeting, possibly entered as several events);
* calendar rules see the whole schedule of the window, and sort and sweep (n log n).

No rule sees an RRULE (expansion happens before) and no rule holds a number: every
limit is read from the policy. Messages and citations come from :mod:`meetingrules.catalog`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import attrs

from meetingrules import catalog, i18n
from meetingrules.findings import Finding, about
from meetingrules.model import AgendaKind, Format, Kind, Level, Meeting, Scope, Severity, Window
from meetingrules.policy import Policy
from meetingrules.schedule import Duplicate, Gathering
from meetingrules.text import find_keyword, fold


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


@attrs.frozen
class Focus:
    """What a proposal touches: calendar rules then judge only these people and units."""

    uids: frozenset[str]
    people: frozenset[str]
    units: frozenset[str]

    def unit(self, unit: str) -> bool:
        """Whether findings about ``unit`` are wanted."""
        return unit in self.units


def _wanted_unit(ctx: Context, unit: str) -> bool:
    return ctx.focus is None or ctx.focus.unit(unit)


@attrs.frozen
class Context:
    """What calendar rules see: the policy, the window, the date of the check, the schedule."""

    policy: Policy
    window: Window
    as_of: dt.date
    gatherings: tuple[Gathering, ...]
    previous: tuple[Gathering, ...] | None  # last year's schedule, None when no data
    previous_units: frozenset[str] = frozenset()  # units with any event at all last year
    duplicates: tuple[Duplicate, ...] = ()
    selected: frozenset[str] = frozenset()
    focus: Focus | None = None  # set when only what touches a proposal is judged
    targets: tuple[TargetPeriod, ...] | None = None  # None: the calendar years of the window

    def policy_selected(self, code: str) -> bool:
        """Whether rule ``code`` runs in this check."""
        return code in self.selected


MeetingRule = Callable[[Gathering, Context], Iterable[Finding]]
CalendarRule = Callable[[Context], Iterable[Finding]]
MEETING_RULES: dict[str, MeetingRule] = {}
CALENDAR_RULES: dict[str, CalendarRule] = {}


def meeting_rule(code: str):
    """Register a rule that judges one gathering."""

    def register(func: MeetingRule) -> MeetingRule:
        assert catalog.rule(code).scope == "meeting", code
        MEETING_RULES[code] = func
        return func

    return register


def calendar_rule(code: str):
    """Register a rule that judges the whole schedule."""

    def register(func: CalendarRule) -> CalendarRule:
        assert catalog.rule(code).scope == "calendar", code
        CALENDAR_RULES[code] = func
        return func

    return register


def _render(value, lang: str) -> str:
    if isinstance(value, tuple) and len(value) == 2:
        return i18n.pick(value, lang)
    if isinstance(value, dt.datetime):
        return i18n.when(value, lang)
    return i18n.number(value, lang)


def emit(
    code: str,
    meeting: Meeting | None = None,
    *,
    params: dict | None = None,
    measured: float | None = None,
    limit: float | None = None,
    measure_unit: str = "",
    related: Iterable[str] = (),
    severity: Severity | None = None,
    projection: bool = False,
    unit: str | None = None,
) -> Finding:
    """A finding of rule ``code``, its messages formatted in both languages."""
    params = params or {}
    reference = about(meeting) if meeting is not None else {}
    if unit is not None:
        reference["unit"] = unit
    if severity is not None:
        reference["severity"] = severity
    return catalog.rule(code).finding(
        {k: _render(v, "vi") for k, v in params.items()},
        {k: _render(v, "en") for k, v in params.items()},
        measured=measured,
        limit=limit,
        measure_unit=measure_unit,
        reasons=meeting.reasons if meeting is not None else (),
        related=tuple(related),
        projection=projection,
        **reference,
    )


# -- MR1xx: length of conferences ----------------------------------------------------


def _length_finding(code: str, cap_name: str, g: Gathering, ctx: Context) -> Iterator[Finding]:
    cap = ctx.policy.cap(cap_name)
    m = g.measurement
    if m.seconds > cap.seconds + 1e-6 or m.sessions > cap.sessions + 1e-9:
        over_hours = m.seconds > cap.seconds + 1e-6
        yield emit(
            code,
            g.first,
            params={
                "hours": round(m.hours, 2),
                "sessions": m.sessions,
                "limit_hours": cap.hours,
                "limit_sessions": cap.sessions,
                "days": cap.days,
            },
            measured=round(m.hours, 4) if over_hours else m.sessions,
            limit=cap.hours if over_hours else cap.sessions,
            measure_unit="hours" if over_hours else "sessions",
        )


_KIND_RULES = {Kind.BRIEFING: "MR101", Kind.TECHNICAL: "MR102", Kind.IMPORTANT: "MR103"}


@meeting_rule("MR101")
def briefing_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A briefing conference lasts at most half a day."""
    if g.is_conference and g.kind is Kind.BRIEFING:
        yield from _length_finding("MR101", "briefing", g, ctx)


@meeting_rule("MR102")
def technical_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A technical conference lasts at most one day."""
    if g.is_conference and g.kind is Kind.TECHNICAL:
        yield from _length_finding("MR102", "technical", g, ctx)


@meeting_rule("MR103")
def important_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """An important conference lasts at most a day and a half."""
    if g.is_conference and g.kind is Kind.IMPORTANT:
        yield from _length_finding("MR103", "important", g, ctx)


@meeting_rule("MR104")
def ceiling_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """No conference exceeds the ceiling; the backstop where no kind-specific rule spoke."""
    if not g.is_conference:
        return
    # A kind-specific rule that ran and fired already says it (see docs/decisions.md).
    specific = _KIND_RULES.get(g.kind)
    if specific and ctx.policy_selected(specific):
        cap = ctx.policy.cap_for(g.kind)
        ceiling = ctx.policy.cap("ceiling")
        if cap is not None and cap.seconds <= ceiling.seconds and cap.sessions <= ceiling.sessions:
            return
    yield from _length_finding("MR104", "ceiling", g, ctx)


# -- MR2xx: speeches and agenda --------------------------------------------------------


def _agenda(g: Gathering):
    for meeting in g.meetings:
        yield from meeting.agenda


@meeting_rule("MR201")
def opening_speech(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """An opening speech lasts at most 10 minutes."""
    yield from _speech_items("MR201", AgendaKind.OPENING, "opening", g, ctx)


@meeting_rule("MR202")
def contributed_speech(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A contributed speech lasts at most 10 minutes."""
    yield from _speech_items("MR202", AgendaKind.CONTRIBUTION, "contribution", g, ctx)


def _speech_items(code: str, kind: AgendaKind, param: str, g: Gathering, ctx: Context):
    if not g.is_conference:
        return
    limit = ctx.policy.param("speeches", param)
    for item in _agenda(g):
        if item.kind is kind and item.minutes is not None and item.minutes > limit:
            yield emit(
                code,
                g.first,
                params={"item": _item_label(item), "minutes": item.minutes, "limit": limit},
                measured=item.minutes,
                limit=limit,
                measure_unit="minutes",
            )


def _item_label(item) -> str:
    """An agenda item as a reader finds it again: its title, and the speaker when not in it."""
    if item.speaker and fold(item.speaker) not in fold(item.title):
        return f"{item.title} — {item.speaker}"
    return item.title


@meeting_rule("MR203")
def concluding_remarks(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """Leaders' concluding remarks total at most 50 minutes per conference."""
    if not g.is_conference:
        return
    limit = ctx.policy.param("speeches", "concluding_total")
    total = sum(i.minutes for i in _agenda(g) if i.kind is AgendaKind.CONCLUSION and i.minutes is not None)
    if total > limit:
        yield emit(
            "MR203", g.first, params={"minutes": total, "limit": limit},
            measured=total, limit=limit, measure_unit="minutes",
        )


@meeting_rule("MR204")
def report_re_read(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """The agenda does not re-read a report."""
    if not g.is_conference:
        return
    words = ctx.policy.keywords("report_reading")
    for item in _agenda(g):
        if item.kind is AgendaKind.REPORT or (words and find_keyword(item.title, words)):
            yield emit("MR204", g.first, params={"item": _item_label(item)})


@meeting_rule("MR205")
def discussion_share(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """Discussion takes most of the agenda."""
    if not g.is_conference:
        return
    items = list(_agenda(g))
    timed = [i for i in items if i.minutes is not None]
    # Only a fully timed agenda can be judged: an untimed item is unknown, not zero.
    if not items or len(timed) != len(items):
        return
    total = sum(i.minutes for i in timed)
    discussion = sum(i.minutes for i in timed if i.kind is AgendaKind.DISCUSSION)
    minimum = ctx.policy.param("speeches", "discussion_min_share")
    if total > 0 and discussion / total < minimum:
        share = discussion / total
        yield emit(
            "MR205",
            g.first,
            params={
                "share": (i18n.percent(share, "vi"), i18n.percent(share, "en")),
                "minutes": discussion,
                "total": total,
                "limit": (i18n.percent(minimum, "vi"), i18n.percent(minimum, "en")),
            },
            measured=round(share, 4),
            limit=minimum,
            measure_unit="share",
        )


# -- MR3xx: counts over the year --------------------------------------------------------


def periods(ctx: Context) -> tuple[TargetPeriod, ...]:
    """The periods the yearly targets are judged over in this check."""
    if ctx.targets is not None:
        return ctx.targets
    return calendar_years(ctx.window, ctx.policy.timezone, ctx.as_of)


def _nth_over_cap(code: str, items: list[Gathering], cap: int, label: str, ctx: Context):
    for period in periods(ctx):
        year_items = sorted((g for g in items if period.contains(g)), key=lambda g: g.start)
        for count, g in enumerate(year_items, 1):
            if count > cap:
                yield emit(
                    code,
                    g.first,
                    params={"count": count, "year": (period.name_vi, period.name_en), "limit": cap, "unit_label": label},
                    measured=count,
                    limit=cap,
                    measure_unit="count",
                    related=[o.uid for o in year_items[:cap]],
                )


def counts_for_mr301(g: Gathering) -> bool:
    """A province-wide conference of the province level (or of unknown level: only the
    province holds province-wide conferences)."""
    return g.is_conference and g.scope is Scope.PROVINCE_WIDE and g.level in (Level.PROVINCE, None)


def counts_for_mr304(g: Gathering) -> bool:
    """A commune-wide conference of the commune level."""
    return g.is_conference and g.scope is Scope.COMMUNE_WIDE and g.level is Level.COMMUNE


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


@calendar_rule("MR301")
def province_wide_cap(ctx: Context) -> Iterable[Finding]:
    """The province level holds at most 2 province-wide conferences a year."""
    items = [g for g in ctx.gatherings if counts_for_mr301(g)]
    cap = ctx.policy.param("targets", "province_wide_per_year")
    yield from _nth_over_cap("MR301", items, cap, "", ctx)


@calendar_rule("MR304")
def commune_wide_cap(ctx: Context) -> Iterable[Finding]:
    """A commune holds no more commune-wide conferences a year than the policy's cap."""
    cap = ctx.policy.param("targets", "commune_wide_per_year")
    by_unit: dict[str, list[Gathering]] = defaultdict(list)
    for g in ctx.gatherings:
        if counts_for_mr304(g):
            by_unit[g.unit].append(g)
    for unit, items in sorted(by_unit.items()):
        if _wanted_unit(ctx, unit):
            yield from _nth_over_cap("MR304", items, cap, (i18n.unit_label(unit, "vi"), i18n.unit_label(unit, "en")), ctx)


def is_online(g: Gathering | Meeting, policy: Policy) -> bool:
    """Whether a conference counts as online (hybrid too, when the policy says so)."""
    return g.format is Format.ONLINE or (g.format is Format.HYBRID and policy.hybrid_counts_as_online)


def _by_unit(items: Iterable[Gathering]) -> dict[str, list[Gathering]]:
    grouped: dict[str, list[Gathering]] = defaultdict(list)
    for g in items:
        grouped[g.unit].append(g)
    return grouped


_ON_TRACK = ("Đúng tiến độ.", "On track.")


@calendar_rule("MR302")
def online_share(ctx: Context) -> Iterable[Finding]:
    """At least 60% of a unit's conferences in a year are online."""
    minimum = ctx.policy.param("targets", "online_share_min")
    for period in periods(ctx):
        conferences = [g for g in ctx.gatherings if g.is_conference and period.contains(g)]
        for unit, items in sorted(_by_unit(conferences).items()):
            if not _wanted_unit(ctx, unit):
                continue
            total = len(items)
            online = sum(1 for g in items if is_online(g, ctx.policy))
            share = online / total
            met, budget, needed = online_budget(online, total, minimum)
            if met:
                projection = (
                    f"Đúng tiến độ: còn có thể tổ chức thêm {budget} hội nghị trực tiếp {period.within_vi}.",
                    f"On track: {budget} more in-person conference(s) can be held {period.within_en}.",
                )
            else:
                projection = (
                    f"Có nguy cơ không đạt: {needed} hội nghị tiếp theo cần tổ chức trực tuyến.",
                    f"At risk: the next {needed} conference(s) must be online.",
                )
            if period.final:
                if met:
                    continue
                severity, projection = Severity.ERROR, ("Kỳ đã kết thúc.", "The period has ended.")
            else:
                severity = Severity.INFO if met else Severity.WARNING
            yield emit(
                "MR302",
                None,
                params={
                    "unit_label": (i18n.unit_label(unit, "vi"), i18n.unit_label(unit, "en")),
                    "online": online,
                    "total": total,
                    "share": (i18n.percent(share, "vi"), i18n.percent(share, "en")),
                    "limit": (i18n.percent(minimum, "vi"), i18n.percent(minimum, "en")),
                    "projection_vi": projection[0],
                    "projection_en": projection[1],
                },
                measured=round(share, 4),
                limit=minimum,
                measure_unit="share",
                severity=severity,
                projection=not period.final,
                unit=unit,
            )


def is_wide(g: Gathering) -> bool:
    """A province-wide or sector-wide conference or meeting (counted by MR303)."""
    return g.scope in (Scope.PROVINCE_WIDE, Scope.SECTOR_WIDE)


@calendar_rule("MR303")
def yearly_reduction(ctx: Context) -> Iterable[Finding]:
    """Province-/sector-wide conferences and meetings fall at least 10% a year."""
    reduction = ctx.policy.param("targets", "reduction_min")
    for period in periods(ctx):
        current = [g for g in ctx.gatherings if is_wide(g) and period.contains(g)]
        for unit, count, baseline in _baselines(ctx, period, current):
            if _wanted_unit(ctx, unit):
                yield _reduction_finding(ctx, period, unit, count, baseline, reduction)


def _baselines(ctx: Context, period: TargetPeriod, current: list[Gathering]):
    """(unit, this period's count, the previous period's count or None) for each unit to judge."""
    given = [b for b in ctx.policy.baselines if period.baseline_year is not None and b.year == period.baseline_year]
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


def _reduction_finding(ctx, period: TargetPeriod, unit: str, count: int, baseline: int | None, reduction: float):
    label = (i18n.unit_label(unit, "vi"), i18n.unit_label(unit, "en"))
    limit_text = (i18n.percent(reduction, "vi"), i18n.percent(reduction, "en"))
    if baseline is None:
        return attrs.evolve(
            emit("MR303", None, severity=Severity.INFO, projection=not period.final, unit=unit),
            message_vi=(
                f"{label[0]}: {count} hội nghị, cuộc họp toàn tỉnh/toàn ngành {period.name_vi}; "
                f"không có số liệu {period.previous_vi} (chưa có cơ sở so sánh), chưa đánh giá được mức giảm {limit_text[0]}."
            ),
            message_en=(
                f"{label[1]}: {count} province-/sector-wide conferences and meetings in {period.name_en}; "
                f"no baseline for {period.previous_en}, so the {limit_text[1]} reduction cannot be judged."
            ),
            measured=count,
        )
    allowed = reduction_allowed(baseline, reduction)
    met = count <= allowed
    change = (count - baseline) / baseline if baseline else 0.0
    change_text = (
        ("+" if change > 0 else "") + i18n.percent(change, "vi"),
        ("+" if change > 0 else "") + i18n.percent(change, "en"),
    )
    if period.final:
        if met:
            return None
        severity, projection = Severity.ERROR, ("Kỳ đã kết thúc.", "The period has ended.")
    elif met:
        severity = Severity.INFO
        projection = (
            f"Đúng tiến độ: còn tổ chức thêm được {allowed - count} cuộc {period.within_vi}.",
            f"On track: {allowed - count} more can be held {period.within_en}.",
        )
    else:
        severity = Severity.WARNING
        projection = (
            f"Có nguy cơ không đạt: đã vượt {count - allowed} cuộc so với mức tối đa {allowed}.",
            f"At risk: {count - allowed} over the maximum of {allowed}.",
        )
    return emit(
        "MR303",
        None,
        params={
            "unit_label": label,
            "count": count,
            "year": (period.name_vi, period.name_en),
            "baseline": baseline,
            "previous": (period.previous_vi, period.previous_en),
            "change": change_text,
            "limit": limit_text,
            "projection_vi": projection[0],
            "projection_en": projection[1],
        },
        measured=count,
        limit=allowed,
        measure_unit="count",
        severity=severity,
        projection=not period.final,
        unit=unit,
    )


# -- MR4xx: the schedule as a whole -------------------------------------------------------


def people_of(meeting: Meeting, policy: Policy) -> set[str]:
    """The organiser (unless the policy says organisers are offices) and attendees, folded."""
    return _people(meeting, policy.data["counting"]["organizer_overlaps"])


def _people(meeting: Meeting, with_organizer: bool = True) -> set[str]:
    return set(_folded_people(meeting.organizer if with_organizer else "", meeting.attendees))


@functools.lru_cache(maxsize=65536)
def _folded_people(organizer: str, attendees: tuple[str, ...]) -> frozenset[str]:
    # Calendars repeat the same organiser and attendee list on thousands of events.
    people = {fold(organizer)} if organizer else set()
    people.update(fold(a) for a in attendees if a)
    people.discard("")
    return frozenset(people)


@calendar_rule("MR401")
def overlaps(ctx: Context) -> Iterable[Finding]:
    """Meetings of the same chair or attendee do not overlap (sweep per person, n log n)."""
    by_person: dict[str, list[tuple[dt.datetime, dt.datetime, int, Meeting]]] = defaultdict(list)
    wanted = ctx.focus.people if ctx.focus is not None else None
    with_organizer = ctx.policy.data["counting"]["organizer_overlaps"]
    for index, g in enumerate(ctx.gatherings):
        for meeting in g.meetings:
            people = _people(meeting, with_organizer)
            if wanted is not None:
                people &= wanted
            for person in people:
                by_person[person].append((meeting.start, meeting.end, index, meeting))
    reported: set[tuple[int, int]] = set()
    findings = []
    for person, entries in sorted(by_person.items()):  # sorted: which person reports a pair must not depend on hash order
        entries.sort(key=lambda e: (e[0], e[1]))
        latest = None  # the entry reaching furthest so far
        for entry in entries:
            start, end, index, meeting = entry
            if latest is not None and start < latest[1] and latest[2] != index:
                pair = (latest[2], index)
                if pair not in reported:
                    reported.add(pair)
                    other = latest[3]
                    who = ("người chủ trì" if person == fold(meeting.organizer) else "người dự", "chair" if person == fold(meeting.organizer) else "attendee")
                    findings.append(
                        emit(
                            "MR401",
                            meeting,
                            params={"other_title": other.title, "other_start": other.start, "who": who},
                            related=[other.uid],
                        )
                    )
            if latest is None or end > latest[1]:
                latest = entry
    return findings


@calendar_rule("MR402")
def duplicates(ctx: Context) -> Iterable[Finding]:
    """The same meeting is not entered twice."""
    for duplicate in ctx.duplicates:
        yield emit(
            "MR402",
            duplicate.meeting,
            params={
                "other_title": duplicate.original.title,
                "other_origin": duplicate.original.source.origin or duplicate.original.uid,
            },
            related=[duplicate.original.uid],
        )


@calendar_rule("MR403")
def topic_already_delivered(ctx: Context) -> Iterable[Finding]:
    """A commune does not re-hold a topic the province already delivered online to communes."""
    delivered: dict[str, Gathering] = {}
    for g in ctx.gatherings:  # already in start order
        if not g.is_conference:
            continue
        if g.level is Level.PROVINCE and g.scope is Scope.PROVINCE_WIDE and is_online(g, ctx.policy):
            for topic in g.topics:
                delivered.setdefault(topic, g)
        elif g.level is Level.COMMUNE:
            matches = [delivered[t] for t in g.topics if t in delivered and delivered[t].end <= g.start]
            if matches:
                first = min(matches, key=lambda o: o.start)
                shared = [t.upper() for t in g.topics if t in delivered]
                yield emit(
                    "MR403",
                    g.first,
                    params={"topics": ", ".join(shared), "other_title": first.title, "other_start": first.start},
                    related=[first.uid],
                )
