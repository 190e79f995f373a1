"""MR1xx: the length of conferences (plan II.4.b). Each sees one gathering: a conference
possibly entered as several events, measured in working hours and sessions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from meetingrules.findings import Citation, Finding
from meetingrules.i18n import Text
from meetingrules.model import Kind, Severity
from meetingrules.policy import Cap
from meetingrules.rules.base import PLAN_II4B, Context, Rule
from meetingrules.schedule import Gathering

LENGTH_QUOTE = (
    "Hội nghị quán triệt không quá 1/2 ngày; hội nghị chuyên môn không quá 01 ngày; "
    "các hội nghị quan trọng cần thảo luận không quá 1,5 ngày"
)
LENGTH_CITATION = Citation(PLAN_II4B, LENGTH_QUOTE)
#: Said on a length finding whose end a weekly schedule did not write (SPEC §9).
ESTIMATED_END = Text(
    "Giờ kết thúc là ước tính (lịch không ghi): chỉ xét theo số buổi.",
    "The end is estimated (the schedule wrote none): judged on sessions only.",
)


def _too_long(rule: Rule, cap: Cap, g: Gathering) -> Iterator[Finding]:
    """``rule``'s finding when ``g`` lasts longer than ``cap`` in hours or in sessions."""
    m = g.measurement
    # A weekly schedule that wrote no end gives sessions, not hours: judge on sessions only.
    estimated = any(meeting.end_estimated for meeting in g.meetings)
    over_hours = not estimated and m.seconds > cap.seconds + 1e-6
    if over_hours or m.sessions > cap.sessions + 1e-9:
        finding = rule.on(
            g.first,
            values={
                "hours": round(m.hours, 2),
                "sessions": m.sessions,
                "limit_hours": cap.hours,
                "limit_sessions": cap.sessions,
                "days": cap.days,
            },
            measured=round(m.hours, 4) if over_hours else m.sessions,
            limit=cap.hours if over_hours else cap.sessions,
            measured_in="hours" if over_hours else "sessions",
        )
        if estimated:
            finding = attrs.evolve(
                finding,
                message_vi=f"{finding.message_vi} {ESTIMATED_END('vi')}",
                message_en=f"{finding.message_en} {ESTIMATED_END('en')}",
            )
        yield finding


# Enum members as module names (a class lookup each, 130 ns in Python 3.11, per conference).
_BRIEFING = Kind.BRIEFING
_TECHNICAL = Kind.TECHNICAL
_IMPORTANT = Kind.IMPORTANT

MR101 = Rule(
    code="MR101",
    name="briefing-too-long",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Hội nghị quán triệt quá 1/2 ngày", "Briefing conference longer than half a day"),
    message=Text(
        "Hội nghị quán triệt kéo dài {hours} giờ, {sessions} buổi; giới hạn {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Briefing conference lasts {hours} h in {sessions} session(s); the limit is {limit_hours} h, {limit_sessions} session(s) ({days} day).",
    ),
    citation=LENGTH_CITATION,
    hint=Text(
        "Rút gọn chương trình vào một buổi, hoặc tổ chức trực tuyến, lồng ghép với hội nghị khác.",
        "Fit the programme into one session, or hold it online or within another conference.",
    ),
    params=("caps.briefing", "sessions"),
    conferences=True,
)


@MR101.judge
def briefing_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A briefing conference lasts at most half a day."""
    if g.is_conference and g.kind is _BRIEFING:
        yield from _too_long(MR101, MR101.param(ctx.policy, "caps.briefing"), g)


MR102 = Rule(
    code="MR102",
    name="technical-too-long",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Hội nghị chuyên môn quá 01 ngày", "Technical conference longer than one day"),
    message=Text(
        "Hội nghị chuyên môn kéo dài {hours} giờ, {sessions} buổi; giới hạn {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Technical conference lasts {hours} h in {sessions} session(s); the limit is {limit_hours} h, {limit_sessions} session(s) ({days} day).",
    ),
    citation=LENGTH_CITATION,
    hint=Text("Giữ hội nghị trong một ngày làm việc.", "Keep the conference within one working day."),
    params=("caps.technical", "sessions"),
    conferences=True,
)


@MR102.judge
def technical_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A technical conference lasts at most one day."""
    if g.is_conference and g.kind is _TECHNICAL:
        yield from _too_long(MR102, MR102.param(ctx.policy, "caps.technical"), g)


MR103 = Rule(
    code="MR103",
    name="important-too-long",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Hội nghị quan trọng quá 1,5 ngày", "Important conference longer than 1.5 days"),
    message=Text(
        "Hội nghị quan trọng kéo dài {hours} giờ, {sessions} buổi; giới hạn {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Important conference lasts {hours} h in {sessions} session(s); the limit is {limit_hours} h, {limit_sessions} session(s) ({days} days).",
    ),
    citation=LENGTH_CITATION,
    hint=Text(
        "Giữ hội nghị trong một ngày rưỡi (3 buổi).",
        "Keep the conference within a day and a half (3 sessions).",
    ),
    params=("caps.important", "sessions"),
    conferences=True,
)


@MR103.judge
def important_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """An important conference lasts at most a day and a half."""
    if g.is_conference and g.kind is _IMPORTANT:
        yield from _too_long(MR103, MR103.param(ctx.policy, "caps.important"), g)


#: The rule that judges each kind of conference against its own cap.
BY_KIND = {Kind.BRIEFING: MR101, Kind.TECHNICAL: MR102, Kind.IMPORTANT: MR103}

MR104 = Rule(
    code="MR104",
    name="conference-over-ceiling",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Hội nghị vượt quá trần 1,5 ngày", "Conference over the 1.5-day ceiling"),
    message=Text(
        "Hội nghị kéo dài {hours} giờ, {sessions} buổi; không hội nghị nào được quá {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Conference lasts {hours} h in {sessions} session(s); no conference may exceed {limit_hours} h, {limit_sessions} session(s) ({days} days).",
    ),
    citation=LENGTH_CITATION,
    hint=Text(
        "Giữ hội nghị trong một ngày rưỡi và ghi rõ loại hội nghị.",
        "Keep the conference within a day and a half and state its kind.",
    ),
    params=("caps.ceiling", "sessions"),
    conferences=True,
)


@MR104.judge
def ceiling_length(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """No conference exceeds the ceiling; the backstop where no kind-specific rule spoke."""
    if not g.is_conference:
        return
    ceiling = MR104.param(ctx.policy, "caps.ceiling")
    # A kind-specific rule that ran and fired already says it (see docs/decisions.md).
    specific = BY_KIND.get(g.kind)
    if specific and ctx.policy_selected(specific.code):
        cap = ctx.policy.cap_for(g.kind)
        if cap is not None and cap.seconds <= ceiling.seconds and cap.sessions <= ceiling.sessions:
            return
    yield from _too_long(MR104, ceiling, g)
