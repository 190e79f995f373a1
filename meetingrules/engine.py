"""The check: meetings and a policy in, findings and an accounting out."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import operator
from collections.abc import Iterable

import attrs

from meetingrules import rules
from meetingrules.findings import Finding
from meetingrules.i18n import Text
from meetingrules.model import EventData, Intake, Meeting, Notice, Severity, Waiver, Window
from meetingrules.policy import Policy
from meetingrules.rules import CALENDAR_RULES, MEETING_RULES, SERIES_RULES, Context, Focus, TargetPeriod, people_of
from meetingrules.text import fold
from meetingrules.schedule import (
    EXCLUDED_OUTSIDE,
    Duplicate,
    Gathering,
    exclusion_reason,
    find_duplicates,
    group,
)


@attrs.frozen
class Summary:
    """The accounting of SPEC §7: ``read == checked + excluded + rejected`` (VEVENT components)."""

    read: int
    checked: int
    excluded: int
    rejected: int

    def to_dict(self) -> dict[str, int]:
        """As JSON-ready data."""
        return {"read": self.read, "checked": self.checked, "excluded": self.excluded, "rejected": self.rejected}


@attrs.frozen
class Excluded:
    """An occurrence that counts nowhere, and why (``cancelled``, ``not-a-meeting`` …)."""

    meeting: Meeting
    reason: str


@attrs.frozen(eq=False)
class CheckResult:
    """What a check found: the findings, the schedule judged and the accounting."""

    findings: tuple[Finding, ...]
    summary: Summary
    gatherings: tuple[Gathering, ...]
    excluded: tuple[Excluded, ...]
    duplicates: tuple[Duplicate, ...]
    window: Window
    as_of: dt.date
    policy: Policy = attrs.field(repr=False)
    previous: tuple[Gathering, ...] | None = attrs.field(default=None, repr=False)
    previous_units: frozenset[str] = attrs.field(default=frozenset(), repr=False)
    selected: frozenset[str] = attrs.field(default=frozenset(), repr=False)
    cache: dict = attrs.field(factory=dict, repr=False)  # indexes derived on demand (validation)

    def at_least(self, severity: Severity) -> tuple[Finding, ...]:
        """Findings (not waived) at or above ``severity``."""
        return tuple(f for f in self.findings if not f.waived and f.severity.rank >= severity.rank)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        """Every occurrence judged."""
        return tuple(m for g in self.gatherings for m in g.meetings)


def default_window(policy: Policy, as_of: dt.date | None = None) -> Window:
    """The calendar year of ``as_of`` (today by default) in the policy's zone."""
    today = as_of or dt.datetime.now(policy.timezone).date()
    return Window.year(today.year, policy.timezone)


def previous_year_window(window: Window) -> Window:
    """The year before the window, where last year's data for MR303 is looked for."""
    start = window.start
    return Window(start.replace(year=start.year - 1), start)


def check(
    items: Iterable[Meeting | EventData],
    policy: Policy | None = None,
    *,
    window: Window | None = None,
    as_of: dt.date | None = None,
    intake: Intake | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    targets: Iterable[TargetPeriod] | None = None,
) -> CheckResult:
    """Judge meetings against the policy.

    ``items`` are classified :class:`Meeting` values or raw :class:`EventData` (classified
    here with :func:`meetingrules.build_meeting`). Occurrences in ``window`` (default: the
    current year) are judged; occurrences in the year before it serve only as MR303's
    baseline. ``as_of`` (default: today) decides whether a yearly target's period has
    ended. ``intake`` carries a reader's accounting and diagnostics. ``select`` and
    ``ignore`` are code prefixes added to the policy's own. ``targets`` are the periods
    the yearly targets (MR301–MR304) are judged over: by default each calendar year of
    the window; a report passes its own period (occurrences in each target's ``previous``
    window then serve as MR303's baseline).
    """
    with quiet_gc():
        return _check(items, policy, window, as_of, intake, select, ignore, targets)


@contextlib.contextmanager
def quiet_gc():
    """No automatic cyclic garbage collection while the block runs (re-enabled after).

    A check allocates hundreds of thousands of small acyclic values (meetings, reasons,
    findings); each few hundred allocations the collector would walk the young objects,
    and often the whole heap, finding nothing to free: a third of the engine's time on
    a province-year. Reference counting still frees everything at once; what survives the
    block joins the oldest generation, so cycles, if any, wait for the next full collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not _held_frozen:
            # The block's survivors go to the oldest generation in two list splices: the
            # collector's next young pass would otherwise walk every one of them (a fifth of
            # a second after a province-year) to find nothing. A process that froze values
            # on purpose (hold_frozen: a warm start) keeps them frozen: unfreezing would hand
            # them back. (gc.get_freeze_count() is no test: it walks the frozen values.)
            gc.freeze()
            gc.unfreeze()
        gc.enable()


_held_frozen = False  # hold_frozen was called: values are frozen on purpose


def hold_frozen() -> None:
    """Move every value alive now out of the collector's sight for as long as the process
    runs (:func:`gc.freeze`): a door's warm calendar, held until a change replaces it (then
    freed by reference counting). :func:`quiet_gc` then leaves frozen values as they are."""
    global _held_frozen
    gc.freeze()
    _held_frozen = True


def _check(items, policy, window, as_of, intake, select, ignore, targets, selected=None) -> CheckResult:
    policy = policy or Policy.builtin()
    as_of = as_of or dt.datetime.now(policy.timezone).date()
    window = window or default_window(policy, as_of)
    intake = intake or Intake()
    targets = tuple(targets) if targets is not None else None
    if targets:
        before = Window(min(t.previous.start for t in targets), max(t.previous.end for t in targets))
    else:
        before = previous_year_window(window)

    selected = _selected(policy, select, ignore) if selected is None else selected

    from meetingrules.classify import Classifier

    classify = Classifier(policy)
    in_window: list[Meeting] = []
    previous: list[Meeting] = []
    previous_units: set[str] = set()
    excluded: list[Excluded] = []
    component_state: dict[tuple, bool] = {}  # component -> counted anywhere
    findings: list[Finding] = []
    noticed: set[tuple] = set()  # a component's notice is said once, not once per occurrence
    for position, item in enumerate(items):
        meeting = classify.meeting(item)
        source = meeting.source
        component = (source.origin, source.component) if source.component is not None else ("", "api", position)
        component_state.setdefault(component, False)
        for notice in meeting.notices:
            key = (component, notice.code, notice.message_en)
            if key not in noticed:
                noticed.add(key)
                findings.append(_notice_finding(meeting, notice))
        if window.contains(meeting.start):
            reason = exclusion_reason(meeting, policy)
            if reason is None:
                in_window.append(meeting)
                component_state[component] = True
            else:
                excluded.append(Excluded(meeting, reason))
        else:
            if before.contains(meeting.start):
                previous_units.add(meeting.unit)
                if exclusion_reason(meeting, policy) is None:
                    previous.append(meeting)
            excluded.append(Excluded(meeting, EXCLUDED_OUTSIDE))

    kept, duplicates = find_duplicates(in_window)
    gatherings = tuple(group(kept, policy))
    # Data for last year exists (per unit) when the reader saw any event of that year, counted or not.
    previous_gatherings = tuple(group(find_duplicates(previous)[0], policy)) if previous_units else None
    context = Context(
        policy=policy,
        window=window,
        as_of=as_of,
        gatherings=gatherings,
        previous=previous_gatherings,
        previous_units=frozenset(previous_units),
        duplicates=tuple(duplicates),
        selected=selected,
        targets=targets,
    )

    findings.extend(_judge(gatherings, context))
    findings.extend(intake.findings)

    findings = _finalise(findings, gatherings, duplicates, policy, selected)

    checked = sum(1 for counted in component_state.values() if counted)
    excluded_components = len(component_state) - checked + intake.outside_window
    rejected = intake.rejected
    read = intake.read if intake.read else checked + excluded_components + rejected
    summary = Summary(read, checked, read - checked - rejected, rejected)
    if excluded_components != summary.excluded:
        # A reader that miscounts must not make events vanish: say so loudly.
        findings.append(_accounting_finding(summary, excluded_components))
    return CheckResult(
        findings=tuple(findings),
        summary=summary,
        gatherings=gatherings,
        excluded=tuple(excluded),
        duplicates=tuple(duplicates),
        window=window,
        as_of=as_of,
        policy=policy,
        previous=previous_gatherings,
        previous_units=frozenset(previous_units),
        selected=selected,
    )


def selected_codes(policy: Policy, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes a check under ``policy`` judges, with ``select`` and ``ignore`` added to the policy's."""
    return _selected(policy, select, ignore)


def _selected(policy: Policy, select: Iterable[str], ignore: Iterable[str]) -> frozenset[str]:
    select = tuple(policy.select) + tuple(select)
    ignore = tuple(policy.ignore) + tuple(ignore)
    return frozenset(code for code in rules.BY_CODE if rules.is_selected(code, select, ignore))


def _judge(gatherings: Iterable[Gathering], context: Context, contexts: dict | None = None) -> list[Finding]:
    """Input-quality rules (once per recurring series) and meeting rules on ``gatherings``,
    then every calendar rule (with its own context from ``contexts`` when given: the part of
    the schedule it can find anything in)."""
    findings: list[Finding] = []
    series_rules = [body for code, body in SERIES_RULES.items() if code in context.selected]
    meeting_rules = [body for code, body in MEETING_RULES.items() if code in context.selected]
    # Rules about conferences only (lengths, speeches) never see a plain meeting.
    any_rules = [
        body for code, body in MEETING_RULES.items() if code in context.selected and not rules.BY_CODE[code].conferences
    ]
    series_noted: set[tuple] = set()  # MR003/MR008 once per recurring series, not per occurrence
    for gathering in gatherings:
        first = gathering.first
        if gathering.is_conference:
            key = (first.source.origin, first.source.component, first.uid) if first.recurring else None
            if key is None or key not in series_noted:
                if key is not None:
                    series_noted.add(key)
                for body in series_rules:
                    findings.extend(body(gathering, context))
        for body in meeting_rules if gathering.is_conference else any_rules:
            findings.extend(body(gathering, context))
    for code, body in CALENDAR_RULES.items():
        if code in context.selected:
            findings.extend(f for f in body((contexts or {}).get(code, context)) if f is not None)
    return findings


def judge_calendar(
    base: CheckResult,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    targets: Iterable[TargetPeriod] | None = None,
) -> tuple[Finding, ...]:
    """The calendar rules over ``base``'s schedule again, with another selection or target periods.

    What a second :func:`check` of the same meetings over the same window with ``select``,
    ``ignore`` and ``targets`` would find from the calendar rules, without classifying,
    grouping and measuring again (a report judges its caps over the report year to date,
    which is often its own window).
    """
    policy = base.policy
    selected = _selected(policy, select, ignore)
    context = _context_of(base, selected=selected, targets=tuple(targets) if targets is not None else None)
    findings = [f for code, rule in CALENDAR_RULES.items() if code in selected for f in rule(context) if f is not None]
    return tuple(_finalise(findings, base.gatherings, base.duplicates, policy, selected))


def check_addition(base: CheckResult, proposal: Iterable[Meeting | EventData]) -> CheckResult:
    """``base``'s schedule with ``proposal`` added, judged only where the proposal reaches.

    The findings are those a full :func:`check` of base's meetings plus the proposal gives
    about the proposal's gatherings (with any existing sessions they join), the people
    (MR401) and units (MR302–MR304) it involves, and the calendar-wide counts (MR301,
    MR403) — without regrouping and re-measuring the rest of the calendar. A proposal
    whose UID is already in ``base`` is an edit: use a full check for that.
    """
    from meetingrules.classify import Classifier

    policy = base.policy
    classify = Classifier(policy)
    meetings = [classify.meeting(i) for i in proposal]
    findings: list[Finding] = []
    counted: list[Meeting] = []
    excluded: list[Excluded] = []
    for meeting in meetings:
        findings.extend(_notice_finding(meeting, n) for n in meeting.notices)
        reason = exclusion_reason(meeting, policy) if base.window.contains(meeting.start) else EXCLUDED_OUTSIDE
        if reason is None:
            counted.append(meeting)
        else:
            excluded.append(Excluded(meeting, reason))

    existing = base.gatherings
    try:
        fresh, duplicates = _duplicates_against(base, counted)
    except _Reordered:
        # The proposal repeats a held meeting and sorts before it: the held copy becomes the
        # repeat (MR402 about it), so check the calendar with the proposal whole (rare).
        with quiet_gc():
            return _check(_held(base) + meetings, policy, base.window, base.as_of, None, (), (), None, base.selected)
    touched = _joined(existing, fresh, base.cache["joins"])
    regrouped = group([m for i in touched for m in existing[i].meetings] + fresh, policy)
    touched_ids = {id(existing[i]) for i in touched}
    gatherings = _merged(existing, touched, regrouped)
    fresh_ids = {id(m) for m in fresh}
    focus = Focus(
        people=frozenset(p for m in counted for p in people_of(m, policy)),
        # "" too: the calendar's own counts (no unit, or no baseline at all) are the proposal's business.
        units=frozenset(m.unit for m in counted) | {""},
    )
    context = _context_of(base, gatherings=tuple(gatherings), duplicates=tuple(duplicates), focus=focus)
    own = [g for g in regrouped if any(id(m) in fresh_ids for m in g.meetings)]
    # MR401 looks only at the gatherings of the proposal's people (an index, not a scan).
    by_person = base.cache["by_person"]
    theirs = {i: g for p in focus.people for i, g in by_person.get(p, {}).items() if i not in touched_ids}
    theirs.update((id(g), g) for g in regrouped)
    overlap_context = attrs.evolve(context, gatherings=tuple(sorted(theirs.values(), key=operator.attrgetter("order"))))
    # MR302 and MR304 judge each unit on its own conferences: those of the proposal's units.
    unit_context = attrs.evolve(context, gatherings=_conferences_of(base, focus.units, touched_ids, regrouped))
    contexts = _kind_contexts(base, context, touched_ids, regrouped)
    contexts.update({"MR401": overlap_context, "MR302": unit_context, "MR304": unit_context})
    findings.extend(_judge(own, context, contexts))
    named = {f.uid for f in findings if f.uid}
    by_uid = {uid: [g for g in base.cache["by_uid"].get(uid, ()) if id(g) not in touched_ids] for uid in named}
    for g in regrouped:
        for m in g.meetings:
            by_uid.setdefault(m.uid, []).append(g)
    findings = _finalise(findings, gatherings, duplicates, policy, base.selected, by_uid)
    components = {_component(m, i) for i, m in enumerate(meetings)}
    checked = len({_component(m, i) for i, m in enumerate(meetings) if any(m is c for c in counted)})
    return CheckResult(
        findings=tuple(findings),
        summary=Summary(len(components), checked, len(components) - checked, 0),
        gatherings=tuple(gatherings),
        excluded=tuple(excluded),
        duplicates=tuple(duplicates),
        window=base.window,
        as_of=base.as_of,
        policy=policy,
        previous=base.previous,
        previous_units=base.previous_units,
        selected=base.selected,
    )


def _conferences_of(base: CheckResult, units, left_ids=frozenset(), regrouped=()) -> tuple[Gathering, ...]:
    """The conferences of ``units`` in ``base``'s schedule (without ``left_ids``, with ``regrouped``), in order."""
    by_unit = base.cache["by_unit"]
    found = {i: g for unit in units for i, g in by_unit.get(unit, {}).items() if i not in left_ids}
    found.update((id(g), g) for g in regrouped if g.is_conference and g.unit in units)
    return tuple(sorted(found.values(), key=operator.attrgetter("order")))


def _component(meeting: Meeting, position: int) -> tuple:
    source = meeting.source
    return (source.origin, source.component) if source.component is not None else ("", "api", position)


def _content_key(meeting: Meeting) -> tuple:
    return (fold(meeting.title), meeting.start, meeting.end, fold(meeting.organizer or meeting.unit))


def _wide(g: Gathering) -> bool:
    return rules.is_wide(g)


def _mr301(g: Gathering) -> bool:
    return rules.counts_for_mr301(g)


def _mr403(g: Gathering) -> bool:
    # MR403 (topic_already_delivered) delivers or repeats only a conference's topics: one
    # without topics can neither deliver nor repeat one.
    return g.is_conference and bool(g.topics)


#: Gatherings a calendar rule counts over the whole calendar, kept apart so that a decision
#: hands the rule only those: MR303 counts the province-/sector-wide ones, MR301 the
#: province-wide conferences, MR403 the conferences with topics (each rule filters its
#: gatherings with the same test first, or finds nothing in the others).
_KINDS = {"MR303": _wide, "MR301": _mr301, "MR403": _mr403}


def _kind_contexts(base: CheckResult, context: Context, left_ids=frozenset(), regrouped=(), names=None) -> dict[str, Context]:
    out = {}
    for name, wanted in _KINDS.items():
        if names is not None and name not in names:
            continue
        found = {i: g for i, g in base.cache["kinds"][name].items() if i not in left_ids}
        found.update((id(g), g) for g in regrouped if wanted(g))
        out[name] = attrs.evolve(context, gatherings=tuple(sorted(found.values(), key=operator.attrgetter("order"))))
    return out


def _context_of(base: CheckResult, **changes) -> Context:
    """The calendar rules' context over ``base``'s schedule, with ``changes`` (a selection, a focus …)."""
    values = dict(policy=base.policy, window=base.window, as_of=base.as_of, gatherings=base.gatherings,
                  previous=base.previous, previous_units=base.previous_units, duplicates=base.duplicates,
                  selected=base.selected)
    return Context(**{**values, **changes})


def prepare_addition(base: CheckResult) -> None:
    """Build, once per checked calendar, the indexes :func:`check_addition` looks things up in."""
    if "identity" in base.cache:
        return
    from meetingrules.rules import people_of

    by_identity: dict[tuple, Meeting] = {}
    by_content: dict[tuple, Meeting] = {}
    by_uid: dict[str, list[Gathering]] = {}
    by_person: dict[str, dict[int, Gathering]] = {}
    by_unit: dict[str, dict[int, Gathering]] = {}  # conferences per unit (MR302, MR304)
    kinds: dict[str, dict[int, Gathering]] = {name: {} for name in _KINDS}  # what MR301, MR303, MR403 count
    joins: dict[tuple, dict[int, Gathering]] = {}  # what a proposed conference event joins (_joined)
    policy = base.policy
    for g in base.gatherings:
        for m in g.meetings:
            by_identity.setdefault((m.uid, m.source.recurrence_id), m)
            by_content.setdefault(_content_key(m), m)
            by_uid.setdefault(m.uid, []).append(g)
            for person in people_of(m, policy):
                by_person.setdefault(person, {})[id(g)] = g
        if g.is_conference:
            by_unit.setdefault(g.unit, {})[id(g)] = g
            for key in _join_keys(g):
                joins.setdefault(key, {})[id(g)] = g
        for name, wanted in _KINDS.items():
            if wanted(g):
                kinds[name][id(g)] = g
    base.cache.update(identity=by_identity, content=by_content, by_uid=by_uid, by_person=by_person, by_unit=by_unit,
                      kinds=kinds, joins=joins)



def _duplicates_against(base: CheckResult, proposal: list[Meeting]):
    """The proposal's occurrences that repeat an existing one (MR402), and the others."""
    prepare_addition(base)
    by_identity, by_content = base.cache["identity"], base.cache["content"]
    fresh, duplicates = [], []
    for m in proposal:
        original = by_identity.get((m.uid, m.source.recurrence_id)) if m.uid else None
        original = original or by_content.get(_content_key(m))
        if original is None:
            fresh.append(m)
        elif _is_repeat(m, original) and _sort_for_duplicates(m) < _sort_for_duplicates(original):
            raise _Reordered
        else:
            duplicates.append(Duplicate(m, original))
    return fresh, duplicates


def _held(base: CheckResult) -> list[Meeting]:
    """Every occurrence ``base`` was given: judged, repeated or excluded."""
    held = [m for g in base.gatherings for m in g.meetings]
    return held + [d.meeting for d in base.duplicates] + [e.meeting for e in base.excluded]


def _join_keys(g: Gathering) -> set[tuple]:
    """The keys under which a conference gathering is found by :func:`_wanted_keys`."""
    keys = set()
    for m in g.meetings:
        keys.add(("uid", m.uid))
        if m.conference_id:
            keys.add(("id", m.conference_id.strip().casefold()))
        if m.related_to:
            keys.add(("related", m.related_to))
        if not m.recurring:
            keys.add(("title", (fold(m.title), fold(m.organizer), m.unit)))
    return keys


def _wanted_keys(proposal: list[Meeting]) -> set[tuple]:
    """The keys of the conference gatherings ``proposal`` joins: one with a meeting that has
    one of its conference IDs, that its RELATED-TO names, that names one of its UIDs, or
    (neither recurring) its title, organiser and unit (what :func:`group` may join)."""
    keys = set()
    for m in proposal:
        if not m.is_conference:
            continue
        if m.conference_id:
            keys.add(("id", m.conference_id.strip().casefold()))
        if m.related_to:
            keys.add(("uid", m.related_to))
        if m.uid:
            keys.add(("related", m.uid))
        if not m.recurring:
            keys.add(("title", (fold(m.title), fold(m.organizer), m.unit)))
    return keys


def _joined(schedule, proposal: list[Meeting], joins: dict | None = None) -> list[int]:
    """Positions (ascending) in ``schedule`` of the conference gatherings ``proposal`` could be
    joined with; ``joins`` (prepare_addition's index) finds them without a scan."""
    wanted = _wanted_keys(proposal)
    if not wanted:
        return []
    if joins is not None:
        found = {i: g for key in wanted for i, g in joins.get(key, {}).items()}
        return _positions(schedule, found.values())
    return [i for i, g in enumerate(schedule) if g.is_conference and not wanted.isdisjoint(_join_keys(g))]


_ORDER_KEY = operator.attrgetter("order")


def _positions(schedule, gatherings: Iterable[Gathering]) -> list[int]:
    """Where ``gatherings`` sit in ``schedule`` (sorted by order, as check and group leave it),
    ascending: found by bisection, not by a scan."""
    out = []
    size = len(schedule)
    for g in gatherings:
        i = bisect.bisect_left(schedule, g.order, key=_ORDER_KEY)
        while i < size and schedule[i] is not g and schedule[i].order == g.order:
            i += 1
        if i >= size or schedule[i] is not g:
            # Not where its order says (a schedule not built by check and group): look everywhere.
            i = next((j for j, x in enumerate(schedule) if x is g), None)
            if i is None:
                continue  # not in this schedule
        out.append(i)
    out.sort()
    return out


def _merged(schedule, gone: list[int], regrouped: Iterable[Gathering]) -> list[Gathering]:
    """``schedule`` without the gatherings at positions ``gone``, with ``regrouped`` put in:
    the order sorting the rest and ``regrouped`` by order gives (ties: the kept first), without
    sorting the whole."""
    out = list(schedule)
    for i in reversed(gone):
        del out[i]
    for g in sorted(regrouped, key=_ORDER_KEY):
        bisect.insort_right(out, g, key=_ORDER_KEY)
    return out


def _notice_finding(meeting: Meeting, notice: Notice) -> Finding:
    rule = rules.BY_CODE.get(notice.code)
    if rule is None:  # a tool's own note (Notice is public): kept, with no catalogue words
        rule = rules.Rule(code=notice.code, name="", severity=notice.severity, scope="input",
                          title=Text("", ""), message=Text("", ""))
    return rule.noticed(meeting, notice)


def _waiver_for(code: str, meeting_waivers: Iterable[Waiver]) -> Waiver | None:
    for waiver in meeting_waivers:
        if code.upper().startswith(waiver.code.strip().upper()):
            return waiver
    return None


def _finalise(findings, gatherings, duplicates, policy: Policy, selected, by_uid=None) -> list[Finding]:
    """Apply selection, severity overrides and waivers; sort in date order."""
    waivers: dict[tuple[str, str | None], tuple[Waiver, ...]] = {}
    if by_uid is not None:  # an index of the schedule: look up only the meetings findings name
        wanted = {f.uid for f in findings if f.uid}
        gatherings = {id(g): g for uid in wanted for g in by_uid.get(uid, ())}.values()
    elif not any(m.waivers for g in gatherings for m in g.meetings):
        # No meeting of the schedule carries a waiver (the usual calendar): every entry below
        # would be empty, as is the lookup of a meeting not entered, so none is made.
        gatherings = ()
    else:
        wanted = {f.uid for f in findings if f.uid}
    for gathering in gatherings:
        if by_uid is None and not any(m.uid in wanted for m in gathering.meetings):
            continue
        joined = tuple(w for m in gathering.meetings for w in m.waivers)
        for m in gathering.meetings:
            waivers[(m.uid, m.source.recurrence_id)] = joined
    for duplicate in duplicates:
        m = duplicate.meeting
        if m.waivers or waivers:  # an empty entry in an empty table reads as no entry
            waivers[(m.uid, m.source.recurrence_id)] = m.waivers
    overrides = policy.severity_overrides
    dropped = rules.BY_CODE.keys() - selected  # codes of the catalogue this check does not judge
    out = []
    for finding in findings:
        code = finding.code
        if code in dropped:
            continue
        if overrides and code in rules.BY_CODE and not rules.rule(code).escalates:
            severity = rules.severity_for(code, overrides)
            if severity is not finding.severity:
                finding = attrs.evolve(finding, severity=severity)
        if waivers and finding.uid:
            waiver = _waiver_for(code, waivers.get((finding.uid, finding.recurrence_id), ()))
            if waiver is not None:
                finding = attrs.evolve(finding, waiver=waiver)
        out.append(finding)
    out.sort(key=_date_order)
    return out


_NO_START = float("-inf")


def _date_order(finding: Finding) -> tuple:
    # Finding.sort_key (date order, then UID and code) without a property call per finding.
    start = finding.start
    return (start.timestamp() if start else _NO_START, finding.uid, finding.code)


def _accounting_finding(summary: Summary, excluded_components: int) -> Finding:
    """MR002 when a reader's counts do not add up: events must not vanish silently."""
    words = Text(
        f"Số sự kiện không khớp: đọc {summary.read}, kiểm tra {summary.checked}, "
        f"loại trừ {excluded_components}, bị loại {summary.rejected}.",
        f"Event counts do not add up: read {summary.read}, checked {summary.checked}, "
        f"excluded {excluded_components}, rejected {summary.rejected}.",
    )
    return rules.rule("MR002").saying(words, hint_vi="", hint_en="")


# -- incremental changes -------------------------------------------------------------------
#
# A calendar door (a server hook, a gateway) keeps one checked calendar and applies every
# accepted change to it: a new, changed, moved or deleted event touches only its own
# gatherings (with any conference sessions it joins or leaves), the overlaps of its people
# and its unit's and the calendar's yearly counts. ``apply_change`` keeps the schedule
# (gatherings, duplicates, last year's baseline schedule, the lookup indexes) equal to what a
# full :func:`check` of the changed calendar builds, without classifying, grouping and
# measuring the rest again; the result then holds no findings of its own
# (``cache["partial"]``): ask :func:`calendar_severities` for the
# calendar-wide ones a decision compares against.


def _previous_window(base: CheckResult) -> Window:
    return previous_year_window(base.window)


def _index(meetings: Iterable[Meeting]) -> tuple[dict, dict]:
    by_identity: dict[tuple, Meeting] = {}
    by_content: dict[tuple, Meeting] = {}
    for m in meetings:
        if m.uid:
            by_identity.setdefault((m.uid, m.source.recurrence_id), m)
        by_content.setdefault(_content_key(m), m)
    return by_identity, by_content


def _prepare_previous(base: CheckResult) -> None:
    """Last year's counted occurrences that a full check dropped as repeats, once per result."""
    if "previous_dropped" in base.cache:
        return
    before = _previous_window(base)
    kept = {id(m) for g in base.previous or () for m in g.meetings}
    base.cache["previous_dropped"] = [
        e.meeting for e in base.excluded
        if before.contains(e.meeting.start) and id(e.meeting) not in kept and exclusion_reason(e.meeting, base.policy) is None
    ]


def _is_repeat(m: Meeting, original: Meeting) -> bool:
    """Whether ``m`` counts as a repeat of ``original`` (find_duplicates' rule)."""
    source, other = m.source, original.source
    return not (source.origin == other.origin and source.component == other.component and source.component is not None)


def _sort_for_duplicates(m: Meeting) -> tuple:
    # find_duplicates' order: by start, a calendar's copy before an API one, then where read.
    return (m.start, not m.source.origin, m.source.origin, m.source.line or 0, m.uid)


def _change_schedule(
    gatherings: tuple[Gathering, ...], removed: set[str], added: list[Meeting], policy: Policy, by_uid=None, joins=None
) -> tuple[list[Gathering], list[Gathering], list[Gathering]]:
    """(the schedule with ``removed`` UIDs' occurrences gone and ``added`` grouped in, the
    regrouped part, the gatherings it replaces); ``by_uid`` and ``joins`` (prepare_addition's
    indexes) find the removed ones and those ``added`` joins without a scan."""
    if not removed:
        touched: list[int] = []
    elif by_uid is not None:
        found = {id(g): g for uid in removed for g in by_uid.get(uid, ())}
        touched = _positions(gatherings, found.values()) if found else []
    else:
        touched = [i for i, g in enumerate(gatherings) if any(m.uid in removed for m in g.meetings)]
    taken = set(touched)
    joined = [i for i in _joined(gatherings, added, joins) if i not in taken]
    members = [m for i in touched for m in gatherings[i].meetings if m.uid not in removed]
    members += [m for i in joined for m in gatherings[i].meetings]
    regrouped = group(members + added, policy) if members or added else []
    left = [gatherings[i] for i in touched] + [gatherings[i] for i in joined]
    schedule = _merged(gatherings, sorted(touched + joined), regrouped)
    return schedule, regrouped, left


def apply_change(
    base: CheckResult, remove: Iterable[str] = (), add: Iterable[Meeting | EventData] = (), *, reuse: bool = False
) -> CheckResult:
    """``base`` with the events of UIDs ``remove`` taken out and the occurrences ``add`` put in.

    An edit removes the old version and adds the new; a move is a delete in one calendar
    and an addition in the other; a deletion adds nothing. The schedule of the result
    (gatherings, duplicates, excluded occurrences, last year's schedule for MR303, the
    indexes :func:`check_addition` uses) is the one a full :func:`check` of the changed
    calendar gives; only what the change touches is regrouped and measured again. The
    result holds no findings of its own (``cache["partial"]``; see :func:`calendar_severities`).

    ``reuse``: the caller gives ``base`` up (a held check replaced by the result): its
    lookup indexes move to the result and are updated in place instead of copied; ``base``
    keeps its schedule and builds its indexes again if it is ever asked.
    """
    from meetingrules.classify import Classifier

    policy = base.policy
    removed = set(remove)
    classify = Classifier(policy)
    added = [classify(i) if isinstance(i, EventData) else i for i in add]
    try:
        return _apply_change(base, removed, added, reuse)
    except _Reordered:
        # The same meeting entered twice, the new copy sorting before the held one (an
        # earlier start or file name): which copy counts moves, so build the schedule again.
        if reuse:
            base.cache.clear()  # indexes half updated: built again if asked
        held = [m for m in _held(base) if m.uid not in removed]
        with quiet_gc():
            result = _check(held + added, policy, base.window, base.as_of, None, (), (), None, base.selected)
        result = attrs.evolve(result, findings=(), summary=_changed_summary(base, removed, added))
        result.cache["partial"] = True
        prepare_addition(result)
        return result


def _changed_summary(base: CheckResult, removed: set[str], added: list[Meeting]) -> Summary:
    """``base``'s accounting with the components of the UIDs ``removed`` taken out and those
    of the ``added`` occurrences put in (SPEC §7: what a full check of the changed calendar
    counts). A component is checked when one of its occurrences is counted in the window,
    as in :func:`check`; one without a component number (given through the API) is its
    own. A component is taken to hold one UID, as a calendar object on a CalDAV server
    does; rejected components, never read into occurrences, stay as they were."""
    if not removed and not added:
        return base.summary

    def key(meeting: Meeting) -> tuple:
        source = meeting.source
        return (source.origin, source.component) if source.component is not None else ("", "api", id(meeting))

    gone: dict[tuple, bool] = {}  # component -> counted
    if removed:
        if "by_uid" in base.cache:
            counted = {id(g): g for uid in removed for g in base.cache["by_uid"].get(uid, ())}.values()
        else:
            counted = base.gatherings
        for meeting in [m for g in counted for m in g.meetings] + [d.meeting for d in base.duplicates]:
            if meeting.uid in removed:
                gone[key(meeting)] = True
        for excluded in base.excluded:
            if excluded.meeting.uid in removed:
                gone.setdefault(key(excluded.meeting), False)
    come: dict[tuple, bool] = {}
    for meeting in added:
        counted = base.window.contains(meeting.start) and exclusion_reason(meeting, base.policy) is None
        come[key(meeting)] = come.get(key(meeting), False) or counted
    summary = base.summary
    read = summary.read - len(gone) + len(come)
    checked = summary.checked - sum(gone.values()) + sum(come.values())
    return Summary(read, checked, read - checked - summary.rejected, summary.rejected)


def _apply_change(base: CheckResult, removed: set[str], added: list[Meeting], reuse: bool = False) -> CheckResult:
    policy = base.policy
    prepare_addition(base)
    _prepare_previous(base)
    before = _previous_window(base)
    cache = base.cache
    if reuse:
        def own(value):
            return value
    else:
        own = _copy  # the base's indexes stay as they were

    # Repeats whose original leaves come back as candidates, with every added occurrence.
    duplicates = [d for d in base.duplicates if d.meeting.uid not in removed and d.original.uid not in removed]
    returning = [d.meeting for d in base.duplicates if d.original.uid in removed and d.meeting.uid not in removed]
    excluded = [e for e in base.excluded if e.meeting.uid not in removed] if removed else list(base.excluded)
    # Last year's occurrences are among the excluded ones (outside the window).
    removed_before = removed and len(excluded) != len(base.excluded) and any(
        before.contains(e.meeting.start) for e in base.excluded if e.meeting.uid in removed
    )
    counted_now: list[Meeting] = []
    counted_before: list[Meeting] = []
    previous_units = set(base.previous_units)
    for m in added:
        if base.window.contains(m.start):
            reason = exclusion_reason(m, policy)
            if reason is None:
                counted_now.append(m)
            else:
                excluded.append(Excluded(m, reason))
        else:
            excluded.append(Excluded(m, EXCLUDED_OUTSIDE))
            if before.contains(m.start) and exclusion_reason(m, policy) is None:
                counted_before.append(m)
    if removed_before:
        previous_units = {e.meeting.unit for e in excluded if before.contains(e.meeting.start)}
    else:
        previous_units.update(m.unit for m in added if before.contains(m.start))

    # This window: the candidates against the kept occurrences (a full check's duplicate rule).
    identity, content = cache["identity"], cache["content"]
    candidates = returning + counted_now
    if removed or candidates:
        identity, content = own(identity), own(content)
    if removed:
        for g in {id(g): g for uid in removed for g in cache["by_uid"].get(uid, ())}.values():
            for m in g.meetings:
                if m.uid in removed:
                    if identity.get((m.uid, m.source.recurrence_id)) is m:
                        del identity[(m.uid, m.source.recurrence_id)]
                    if content.get(_content_key(m)) is m:
                        del content[_content_key(m)]
    fresh, demoted = _split_repeats(candidates, identity, content)
    duplicates.extend(demoted)
    gatherings, regrouped, left = _change_schedule(
        base.gatherings, removed, fresh, policy, cache["by_uid"], cache["joins"]
    )

    # Last year (MR303's baseline): the same, repeats there are simply dropped.
    previous = base.previous
    dropped = [m for m in cache["previous_dropped"] if m.uid not in removed]
    touches_previous = counted_before or removed_before or len(dropped) != len(cache["previous_dropped"])
    if touches_previous:
        old = previous or ()
        prev_kept = [m for g in old for m in g.meetings if m.uid not in removed]
        p_identity, p_content = _index(prev_kept)
        prev_fresh, prev_repeats = _split_repeats(
            [m for m in dropped if m not in prev_kept] + counted_before, p_identity, p_content
        )
        schedule, _, _ = _change_schedule(tuple(old), removed, prev_fresh, policy)
        previous = tuple(schedule) if previous_units else None
        dropped = [d.meeting for d in prev_repeats]
    elif not previous_units:
        previous = None

    result = CheckResult(
        findings=(),
        summary=_changed_summary(base, removed, added),
        gatherings=tuple(gatherings),
        excluded=tuple(excluded),
        duplicates=tuple(sorted(duplicates, key=lambda d: _sort_for_duplicates(d.meeting))),
        window=base.window,
        as_of=base.as_of,
        policy=policy,
        previous=previous,
        previous_units=frozenset(previous_units),
        selected=base.selected,
    )
    # The lookup indexes, updated by what changed (not rebuilt over the whole schedule).
    left_ids = {id(g) for g in left}
    by_uid = own(cache["by_uid"])
    for uid in removed:
        by_uid.pop(uid, None)
    for uid in {m.uid for g in left for m in g.meetings if m.uid not in removed}:
        by_uid[uid] = [g for g in by_uid.get(uid, ()) if id(g) not in left_ids]
    for g in regrouped:
        for m in g.meetings:
            by_uid.setdefault(m.uid, []).append(g)
    from meetingrules.rules import people_of

    # Copied on write (a dict per person, unit, kind or key) unless the base is given up.
    by_person = _update_index(cache["by_person"], own, left, regrouped,
                              lambda g: {p for m in g.meetings for p in people_of(m, policy)})
    by_unit = _update_index(cache["by_unit"], own, left, regrouped, lambda g: (g.unit,) if g.is_conference else ())
    joins = _update_index(cache["joins"], own, left, regrouped, lambda g: _join_keys(g) if g.is_conference else ())
    kinds = _update_index(cache["kinds"], own, left, regrouped,
                          lambda g: [name for name, wanted in _KINDS.items() if wanted(g)])
    if reuse:
        base.cache.clear()  # the indexes are the result's now
    result.cache.update(partial=True, previous_dropped=dropped, identity=identity, content=content, by_uid=by_uid,
                        by_person=by_person, by_unit=by_unit, kinds=kinds, joins=joins)
    return result


def _copy(value: dict) -> dict:
    return dict(value)


def _update_index(index: dict, own, left, regrouped, keys) -> dict:
    """``index`` (key -> {id(gathering): gathering}) without ``left`` and with ``regrouped``,
    each gathering under ``keys(gathering)``; ``own`` copies what is changed (or not)."""
    out = own(index)
    copied: set = set()
    for g in left:
        for key in keys(g):
            held = out.get(key)
            if held is not None and id(g) in held:
                if key not in copied:
                    held = out[key] = own(held)
                    copied.add(key)
                del held[id(g)]
    for g in regrouped:
        for key in keys(g):
            if key not in copied:
                out[key] = own(out.get(key, {}))
                copied.add(key)
            out[key][id(g)] = g
    return out


class _Reordered(Exception):
    """A change makes a held occurrence the repeat of a new one: rare, rebuilt whole."""


def _split_repeats(candidates: list[Meeting], identity: dict, content: dict):
    """Candidates in a full check's order: each is a repeat of a kept one, or kept itself
    (added to ``identity`` and ``content``, which the caller owns)."""
    fresh: list[Meeting] = []
    repeats: list[Duplicate] = []
    for m in sorted(candidates, key=_sort_for_duplicates):
        key = (m.uid, m.source.recurrence_id) if m.uid else None
        original = (identity.get(key) if key else None) or content.get(_content_key(m))
        if original is not None and _is_repeat(m, original):
            if _sort_for_duplicates(m) < _sort_for_duplicates(original):
                raise _Reordered  # m would be the original and the held one its repeat
            repeats.append(Duplicate(m, original))
            continue
        fresh.append(m)
        if key:
            identity.setdefault(key, m)
        content.setdefault(_content_key(m), m)
    return fresh, repeats


def calendar_severities(base: CheckResult, units: Iterable[str]) -> dict[tuple[str, str], int]:
    """(code, unit) -> the highest severity rank of ``base``'s calendar-wide findings about ``units``.

    The calendar-wide findings (no UID: a unit's online share, its reduction) of a full
    check, for the units asked only; from the findings when ``base`` is a full check, else
    from the calendar rules judged again for those units alone.
    """
    wanted = set(units)
    findings: Iterable[Finding]
    if base.cache.get("partial"):
        from meetingrules.rules import Focus

        context = _context_of(base, duplicates=(), focus=Focus(people=frozenset(), units=frozenset(wanted)))
        # Findings without a UID come from the yearly targets judged per unit (the rules
        # that escalate: MR302, MR303); the others are about a meeting and never compared.
        prepare_addition(base)
        contexts = _kind_contexts(base, context, names={c for c in base.selected if rules.rule(c).escalates})
        contexts["MR302"] = attrs.evolve(context, gatherings=_conferences_of(base, wanted))
        raw = [
            f for code, rule in CALENDAR_RULES.items()
            if code in base.selected and rules.rule(code).escalates
            for f in rule(contexts.get(code, context)) if f is not None
        ]
        findings = _finalise([f for f in raw if not f.uid], (), (), base.policy, base.selected)
    else:
        findings = base.findings
    out: dict[tuple[str, str], int] = {}
    for f in findings:
        if not f.uid and f.unit in wanted:
            key = (f.code, f.unit)
            out[key] = max(out.get(key, -1), f.severity.rank)
    return out
