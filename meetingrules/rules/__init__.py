"""The rules, one module per family, and the registry built from them.

====================  ======  ===========================================================
module                codes   what its rules see
====================  ======  ===========================================================
``quality``           MR0xx   the input: files, events, properties, agendas (SPEC §7)
``lengths``           MR1xx   one conference's length in hours and sessions (II.4.b)
``speeches``          MR2xx   one conference's agenda (II.4.b)
``targets``           MR3xx   the year's counts per unit (I.2.a, II.4.a)
``calendar``          MR4xx   the whole schedule: overlaps, duplicates, topics (II.8.b)
====================  ======  ===========================================================

Each module declares its rules (:class:`~meetingrules.rules.base.Rule`, keyword
arguments) right above the function that judges them; this package collects every
``Rule`` a family module holds, in code order. A code never changes meaning and is never
reused: a retired rule stays in ``RETIRED`` with what replaced it. Severity in a
declaration is the default: the policy may override it. No rule sees an RRULE
(expansion happens before) and no rule holds a number: every limit is read from the
policy through the rule's declared ``params``. Rule pages in ``docs/rules/`` are
generated from the declarations and their examples (``python -m meetingrules.docgen``).
"""

from __future__ import annotations

from types import ModuleType

from meetingrules.model import Severity
from meetingrules.rules import calendar, lengths, quality, speeches, targets
from meetingrules.rules.base import (
    CALENDAR_RULES,
    MEETING_RULES,
    SERIES_RULES,
    CalendarRule,
    Context,
    Focus,
    MeetingRule,
    Rule,
)
from meetingrules.rules.calendar import people_of
from meetingrules.rules.targets import (
    TargetPeriod,
    calendar_years,
    counts_for_mr301,
    counts_for_mr304,
    is_online,
    is_wide,
    online_budget,
    periods,
    reduction_allowed,
)

#: The family modules, in code order. A new family is one more module here.
FAMILIES: tuple[ModuleType, ...] = (quality, lengths, speeches, targets, calendar)


def _declared(modules) -> tuple[Rule, ...]:
    """Every Rule the modules hold, in code order; a code declared twice is refused."""
    found: dict[str, Rule] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Rule) and found.setdefault(value.code, value) is not value:
                raise ValueError(f"{value.code} is declared twice")
    return tuple(sorted(found.values(), key=lambda r: r.code))


def _in_code_order(*registries: dict) -> None:
    """The bodies in code order, whatever order the modules registered them in."""
    for registry in registries:
        ordered = sorted(registry.items())
        registry.clear()
        registry.update(ordered)


RULES: tuple[Rule, ...] = _declared(FAMILIES)

# Codes that once existed and must never be reused: code -> what replaced it.
RETIRED: dict[str, str] = {}

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
if set(RETIRED) & set(BY_CODE):
    raise ValueError(f"retired codes reused: {sorted(set(RETIRED) & set(BY_CODE))}")
_in_code_order(MEETING_RULES, CALENDAR_RULES, SERIES_RULES)


def rule(code: str) -> Rule:
    """The rule with ``code``.

    >>> rule("MR101").title("en")
    'Briefing conference longer than half a day'
    """
    return BY_CODE[code]


def _longest_prefix(code: str, prefixes) -> int:
    return max((len(p) for p in prefixes if code.upper().startswith(p.upper())), default=-1)


def is_selected(code: str, select=(), ignore=()) -> bool:
    """Whether ``code`` runs under ``--select``/``--ignore`` prefixes; the longest prefix wins.

    >>> is_selected("MR104", select=["MR1"], ignore=["MR104"])
    False
    >>> is_selected("MR101", select=["MR101"], ignore=["MR1"])
    True
    >>> is_selected("MR205", select=[], ignore=["MR2"])
    False
    """
    chosen = _longest_prefix(code, select) if select else 0
    dropped = _longest_prefix(code, ignore)
    if select and chosen < 0:
        return False
    return chosen >= dropped if dropped >= 0 else True


def severity_for(code: str, overrides) -> Severity:
    """The rule's severity after policy overrides (longest matching prefix wins)."""
    best = None
    for prefix, severity in overrides.items():
        if code.upper().startswith(prefix.upper()) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, severity)
    return Severity(best[1]) if best else BY_CODE[code].severity


__all__ = [
    "BY_CODE",
    "CALENDAR_RULES",
    "FAMILIES",
    "MEETING_RULES",
    "RETIRED",
    "RULES",
    "SERIES_RULES",
    "CalendarRule",
    "Context",
    "Focus",
    "MeetingRule",
    "Rule",
    "TargetPeriod",
    "calendar_years",
    "counts_for_mr301",
    "counts_for_mr304",
    "is_online",
    "is_selected",
    "is_wide",
    "online_budget",
    "people_of",
    "periods",
    "reduction_allowed",
    "rule",
    "severity_for",
]
