"""What every rule module builds on: the :class:`Rule` declaration, the :class:`Context`
calendar rules see, and the registries a rule's body joins through :meth:`Rule.judge`.

A rule module declares each rule with keyword arguments right above the function that
judges it::

    MR101 = Rule(code="MR101", name="briefing-too-long", severity=Severity.ERROR, scope="meeting", ...)

    @MR101.judge
    def briefing_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
        ...
        yield MR101.on(g.first, values={...}, measured=..., limit=..., measured_in="hours")

This module imports only the model, findings, policy and words: never a rule module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from meetingrules import i18n
from meetingrules.findings import Citation, Finding, about, finding_writer
from meetingrules.i18n import Text
from meetingrules.model import Meeting, Notice, Severity, Window
from meetingrules.policy import Policy
from meetingrules.rules.fixtures import Examples, examples_of
from meetingrules.schedule import Duplicate, Gathering

PLAN_II4A = "II.4.a"
PLAN_II4B = "II.4.b"

#: What a rule sees. ``meeting``: one conference or meeting (a gathering); ``calendar``:
#: the schedule of the period; ``input``: the quality of the data read.
SCOPES = ("meeting", "calendar", "input")


class _Blank(dict):
    """Template values where a missing key reads as blank."""

    def __missing__(self, key):
        return ""


def _fill(template: Text, values_vi: dict, values_en: dict) -> tuple[str, str]:
    return template.vi.format_map(_Blank(values_vi)), template.en.format_map(_Blank(values_en))


#: Numbers already written, by (type, value): findings repeat the same few limits, minutes
#: and counts thousands of times. Equal values of one type are written alike (±0.0 both as
#: ``0``), so the type and value decide the words; bounded, as a NaN never finds itself.
_NUMBERS: dict[tuple[type, float], tuple[str, str]] = {}
_NUMBERS_HELD = 4096


def _render_both(value) -> tuple[str, str]:
    """A template value in Vietnamese and in English: words (:class:`Text`), a moment, or a
    number (written once: only a fraction differs, by its decimal comma)."""
    kind = type(value)
    if kind is int or kind is float:
        key = (kind, value)
        written = _NUMBERS.get(key)
        if written is None:
            written = _render_value(value)
            if len(_NUMBERS) < _NUMBERS_HELD:
                _NUMBERS[key] = written
        return written
    return _render_value(value)


def _render_value(value) -> tuple[str, str]:
    if isinstance(value, Text):
        return value.vi, value.en
    if isinstance(value, dt.datetime):
        return i18n.when(value, "vi"), i18n.when(value, "en")
    english = i18n.number(value, "en")
    # Only a fraction differs: its decimal point is a comma in Vietnamese.
    if isinstance(value, float) and not isinstance(value, bool):
        return english.replace(".", ","), english
    return english, english


#: (Vietnamese, English) template -> both filled with no values (blanks): :meth:`Rule.on`.
_UNFILLED: dict[tuple[str, str], tuple[str, str]] = {}


#: :meth:`Rule.on`'s findings, written slot by slot from values in this order (positional
#: arguments bind in about half the time of Finding's 24 keywords; ``reasons`` is the
#: meeting's tuple and ``related`` is made a tuple here, as Finding's converters would).
#: Every field of Finding is named: one added there without a value here fails at import.
_write_finding = finding_writer((
    "code", "severity", "message_vi", "message_en", "title_vi", "title_en", "citation", "uid",
    "recurrence_id", "meeting_title", "start", "end", "origin", "line", "unit", "measured", "limit",
    "measure_unit", "reasons", "hint_vi", "hint_en", "related", "waiver", "projection",
))


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of the catalogue, declared once in its family's module.

    ``message`` is a ``str.format`` template over the values its body passes;
    ``params`` names the policy settings the body reads (through :meth:`param`, and
    printed on the rule's page); ``escalates``: a warning while the period runs, an error
    once it has ended; ``conferences``: a meeting rule that judges conferences only. Its
    :attr:`examples` (what breaks it, what complies) are fixtures in
    ``meetingrules/rules/examples/<code>.toml`` (:mod:`meetingrules.rules.fixtures`), run by
    the tests and printed in its page.
    """

    code: str
    name: str
    severity: Severity
    scope: str = attrs.field(validator=attrs.validators.in_(SCOPES))
    title: Text
    message: Text
    citation: Citation | None = None
    hint: Text = Text("", "")
    params: tuple[str, ...] = ()
    escalates: bool = False
    #: A meeting rule about conferences only: the engine hands it no other gathering (its
    #: body still says so itself, for a direct call). Most gatherings are plain meetings.
    conferences: bool = False

    # -- what the rule says --------------------------------------------------------------
    def finding(self, values_vi: dict, values_en: dict, **fields) -> Finding:
        """A finding of this rule: its templates filled with ``values_*`` (a missing key is
        left blank), its title, citation, hint and default severity; ``fields`` set the rest.

        Every finding of the engine and of the readers is built here.
        """
        message_vi, message_en = _fill(self.message, values_vi, values_en)
        defaults = {
            "severity": self.severity,
            "title_vi": self.title.vi,
            "title_en": self.title.en,
            "citation": self.citation,
            "hint_vi": self.hint.vi,
            "hint_en": self.hint.en,
        }
        return Finding(code=self.code, message_vi=message_vi, message_en=message_en, **{**defaults, **fields})

    def saying(self, words: Text, **fields) -> Finding:
        """A finding of this rule in its own ``words`` instead of the message template."""
        finding = self.finding({}, {}, **fields)
        return attrs.evolve(finding, message_vi=words.vi, message_en=words.en)

    def on(
        self,
        meeting: Meeting | None = None,
        *,
        values: dict[str, Any] | None = None,
        measured: float | None = None,
        limit: float | None = None,
        measured_in: str = "",
        related: Iterable[str] = (),
        severity: Severity | None = None,
        projection: bool = False,
        unit: str | None = None,
    ) -> Finding:
        """A finding of this rule about ``meeting`` (``None``: about the calendar or a unit).

        ``values`` fill the message: numbers and moments are written in each language,
        :class:`Text` values give each language its own words. ``measured`` and ``limit``
        are in ``measured_in`` (``hours``, ``sessions``, ``minutes``, ``count``, ``share``).
        """
        message = self.message
        if values:
            values_vi, values_en = _Blank(), _Blank()
            for key, value in values.items():
                kind = type(value)
                if kind is str:  # a title, a label: the same words in both languages
                    values_vi[key] = values_en[key] = value
                elif kind is Text:  # each language its own words (what _render_both gives)
                    values_vi[key], values_en[key] = value.vi, value.en
                else:
                    values_vi[key], values_en[key] = _render_both(value)
            message_vi, message_en = message.vi.format_map(values_vi), message.en.format_map(values_en)
        else:
            # A template without values always reads the same: filled once per template.
            templates = (message.vi, message.en)
            filled = _UNFILLED.get(templates)
            if filled is None:
                filled = _UNFILLED[templates] = _fill(message, {}, {})
            message_vi, message_en = filled
        # What :meth:`finding` and :func:`about` give, written out: thousands of findings
        # per province-year are built here.
        if meeting is None:
            uid = meeting_title = origin = ""
            recurrence_id = start = end = line = None
            reasons = ()
            about_unit = ""
        else:
            source = meeting.source
            uid, recurrence_id, meeting_title = meeting.uid, source.recurrence_id, meeting.title
            start, end, origin, line = meeting.start, meeting.end, source.origin, source.line
            reasons = meeting.reasons
            about_unit = meeting.unit
        return _write_finding(
            self.code, self.severity if severity is None else severity, message_vi, message_en,
            self.title.vi, self.title.en, self.citation, uid, recurrence_id, meeting_title, start, end,
            origin, line, about_unit if unit is None else unit, measured, limit, measured_in, reasons,
            self.hint.vi, self.hint.en, tuple(related), None, projection,
        )

    def noticed(self, meeting: Meeting, notice: Notice) -> Finding:
        """The finding of a note a reader or the classifier left on ``meeting``'s event."""
        return self.saying(Text(notice.message_vi, notice.message_en), severity=notice.severity, **about(meeting))

    def notice(self, detail: Text | str, detail_en: str | None = None) -> Notice:
        """A note about one event under this rule, its templates filled with ``detail``
        (words in both languages, or the Vietnamese and English strings, or one string)."""
        if isinstance(detail, Text):
            detail_vi, detail_en = detail.vi, detail.en
        else:
            detail_vi, detail_en = detail, detail if detail_en is None else detail_en
        message_vi, message_en = _fill(self.message, {"detail": detail_vi}, {"detail": detail_en})
        return Notice(self.code, message_vi, message_en, self.severity)

    @property
    def examples(self) -> Examples | None:
        """What breaks the rule and what complies (fixtures the tests run)."""
        return examples_of(self.code)

    # -- what the rule reads ---------------------------------------------------------------
    def param(self, policy: Policy, name: str) -> Any:
        """The policy setting ``name`` (one of this rule's declared ``params``), typed."""
        if name not in self.params:
            raise KeyError(f"{self.code} reads {name!r} but does not declare it in params")
        return policy.setting(name)

    # -- where the rule is judged ----------------------------------------------------------
    def judge(self, func):
        """Register ``func`` as this rule's body (by the rule's scope); returns ``func``."""
        registry = {"meeting": MEETING_RULES, "calendar": CALENDAR_RULES, "input": SERIES_RULES}[self.scope]
        if self.code in registry:
            raise ValueError(f"{self.code} has two bodies: {registry[self.code].__name__} and {func.__name__}")
        registry[self.code] = func
        return func


@attrs.frozen
class Focus:
    """What a proposal touches: calendar rules then judge only these people and units."""

    people: frozenset[str]
    units: frozenset[str]

    def unit(self, unit: str) -> bool:
        """Whether findings about ``unit`` are wanted."""
        return unit in self.units


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
    targets: tuple | None = None  # TargetPeriod values; None: the calendar years of the window

    def policy_selected(self, code: str) -> bool:
        """Whether rule ``code`` runs in this check."""
        return code in self.selected

    def wanted_unit(self, unit: str) -> bool:
        """Whether findings about ``unit`` are wanted (all, unless a proposal is judged)."""
        return self.focus is None or self.focus.unit(unit)


MeetingRule = Callable[[Gathering, Context], Iterable[Finding]]
CalendarRule = Callable[[Context], Iterable[Finding]]
#: Bodies by code, filled by :meth:`Rule.judge` as the rule modules load.
MEETING_RULES: dict[str, MeetingRule] = {}  # see one gathering
CALENDAR_RULES: dict[str, CalendarRule] = {}  # see the whole schedule
SERIES_RULES: dict[str, MeetingRule] = {}  # input quality of a conference, once per recurring series
