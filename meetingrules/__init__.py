"""meetingrules: meeting schedules held against the meeting regime of Kế hoạch 160/KH-UBND.

The engine is pure: it imports no calendar or network library. Build :class:`Meeting`
values (or hand over :class:`EventData` to be classified), then :func:`check` them.
"""

from meetingrules.agenda import AgendaParse, parse_agenda
from meetingrules.catalog import RULES, Rule, is_selected
from meetingrules.classify import build_meeting, build_meetings
from meetingrules.engine import CheckResult, Excluded, Summary, check, default_window
from meetingrules.errors import MeetingRulesError, PolicyError, UsageError
from meetingrules.findings import Citation, Finding
from meetingrules.measure import Measurement, measure
from meetingrules.model import (
    AgendaItem,
    AgendaKind,
    EventData,
    Format,
    Intake,
    Kind,
    Level,
    Meeting,
    MeetingClass,
    Notice,
    Reason,
    Scope,
    Severity,
    SourceRef,
    Status,
    Waiver,
    Window,
)
from meetingrules.policy import Policy, load_policy
from meetingrules.schedule import Gathering
from meetingrules.validate import Decision, Validator, validate

__all__ = [
    "AgendaItem",
    "AgendaKind",
    "AgendaParse",
    "CheckResult",
    "Citation",
    "Decision",
    "EventData",
    "Excluded",
    "Finding",
    "Format",
    "Gathering",
    "Intake",
    "Kind",
    "Level",
    "Measurement",
    "Meeting",
    "MeetingClass",
    "MeetingRulesError",
    "Notice",
    "Policy",
    "PolicyError",
    "RULES",
    "Reason",
    "Rule",
    "Scope",
    "Severity",
    "SourceRef",
    "Status",
    "Summary",
    "UsageError",
    "Validator",
    "Waiver",
    "Window",
    "build_meeting",
    "build_meetings",
    "check",
    "default_window",
    "is_selected",
    "load_policy",
    "measure",
    "parse_agenda",
    "validate",
]
