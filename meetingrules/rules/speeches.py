"""MR2xx: speeches and the agenda (plan II.4.b). Each sees one conference's agenda, all
its sessions together; an untimed item is unknown, never zero."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from meetingrules.findings import Citation, Finding
from meetingrules.i18n import Text, percent
from meetingrules.model import AgendaItem, AgendaKind, Severity
from meetingrules.rules.base import PLAN_II4B, Context, Rule
from meetingrules.schedule import Gathering
from meetingrules.text import find_keyword, fold


# Enum members as module names: reading ``AgendaKind.REPORT`` costs a class lookup (130 ns in
# Python 3.11), once per agenda item per rule. The same members.
_CONCLUSION = AgendaKind.CONCLUSION
_REPORT = AgendaKind.REPORT
_DISCUSSION = AgendaKind.DISCUSSION


def agenda_of(g: Gathering) -> tuple[AgendaItem, ...]:
    """Every agenda item of a gathering, session after session."""
    meetings = g.meetings
    if len(meetings) == 1:  # most gatherings: the meeting's own tuple, no generator per rule
        return meetings[0].agenda
    return tuple(item for meeting in meetings for item in meeting.agenda)


def item_label(item: AgendaItem) -> str:
    """An agenda item as a reader finds it again: its title, and the speaker when not in it."""
    if item.speaker and fold(item.speaker) not in fold(item.title):
        return f"{item.title} — {item.speaker}"
    return item.title


def _speeches_over(rule: Rule, kind: AgendaKind, limit: float, g: Gathering) -> Iterator[Finding]:
    """``rule``'s finding for each timed item of ``kind`` longer than ``limit`` minutes."""
    if not g.is_conference:
        return
    for item in agenda_of(g):
        if item.kind is kind and item.minutes is not None and item.minutes > limit:
            yield rule.on(
                g.first,
                values={"item": item_label(item), "minutes": item.minutes, "limit": limit},
                measured=item.minutes,
                limit=limit,
                measured_in="minutes",
            )


def _share(value: float) -> Text:
    return Text(percent(value, "vi"), percent(value, "en"))


MR201 = Rule(
    code="MR201",
    name="opening-too-long",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Phát biểu khai mạc quá 10 phút", "Opening speech longer than 10 minutes"),
    message=Text(
        "Phát biểu khai mạc '{item}' dài {minutes} phút; giới hạn {limit} phút.",
        "Opening speech '{item}' lasts {minutes} minutes; the limit is {limit} minutes.",
    ),
    citation=Citation(PLAN_II4B, "Phát biểu khai mạc không quá 10 phút"),
    hint=Text("Rút phát biểu khai mạc xuống 10 phút.", "Cut the opening speech to 10 minutes."),
    params=("speeches.opening",),
    conferences=True,
)


@MR201.judge
def opening_speech(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """An opening speech lasts at most 10 minutes."""
    yield from _speeches_over(MR201, AgendaKind.OPENING, MR201.param(ctx.policy, "speeches.opening"), g)


MR202 = Rule(
    code="MR202",
    name="contribution-too-long",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Phát biểu tham luận quá 10 phút", "Contributed speech longer than 10 minutes"),
    message=Text(
        "Tham luận '{item}' dài {minutes} phút; giới hạn {limit} phút.",
        "Contributed speech '{item}' lasts {minutes} minutes; the limit is {limit} minutes.",
    ),
    citation=Citation(PLAN_II4B, "phát biểu tham luận không quá 10 phút"),
    hint=Text(
        "Rút tham luận xuống 10 phút, gửi toàn văn bằng văn bản.",
        "Cut the speech to 10 minutes and circulate the full text in writing.",
    ),
    params=("speeches.contribution",),
    conferences=True,
)


@MR202.judge
def contributed_speech(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """A contributed speech lasts at most 10 minutes."""
    limit = MR202.param(ctx.policy, "speeches.contribution")
    yield from _speeches_over(MR202, AgendaKind.CONTRIBUTION, limit, g)


MR203 = Rule(
    code="MR203",
    name="concluding-remarks-too-long",
    severity=Severity.ERROR,
    scope="meeting",
    title=Text("Phát biểu kết luận quá 50 phút", "Concluding remarks longer than 50 minutes"),
    message=Text(
        "Phát biểu kết luận của lãnh đạo tổng cộng {minutes} phút; giới hạn {limit} phút.",
        "Leaders' concluding remarks total {minutes} minutes; the limit is {limit} minutes.",
    ),
    citation=Citation(
        PLAN_II4B,
        "phát biểu kết luận hội nghị của lãnh đạo có tổng thời lượng không quá 50 phút",
    ),
    hint=Text(
        "Rút tổng thời lượng kết luận xuống 50 phút.",
        "Cut the concluding remarks to 50 minutes in total.",
    ),
    params=("speeches.concluding_total",),
    conferences=True,
)


@MR203.judge
def concluding_remarks(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """Leaders' concluding remarks total at most 50 minutes per conference."""
    if not g.is_conference:
        return
    limit = MR203.param(ctx.policy, "speeches.concluding_total")
    total = sum(i.minutes for i in agenda_of(g) if i.kind is _CONCLUSION and i.minutes is not None)
    if total > limit:
        yield MR203.on(
            g.first, values={"minutes": total, "limit": limit},
            measured=total, limit=limit, measured_in="minutes",
        )


MR204 = Rule(
    code="MR204",
    name="report-re-read",
    severity=Severity.WARNING,
    scope="meeting",
    title=Text("Chương trình có đọc lại báo cáo", "The agenda re-reads a report"),
    message=Text(
        "Mục '{item}' là đọc/trình bày lại báo cáo; báo cáo nên gửi trước để dành thời gian thảo luận.",
        "Item '{item}' re-reads a report; circulate it beforehand and spend the time on discussion.",
    ),
    citation=Citation(PLAN_II4B, "không đọc lại báo cáo"),
    hint=Text(
        "Gửi báo cáo trước hội nghị; bỏ mục đọc báo cáo.",
        "Send the report before the conference; drop the reading.",
    ),
    params=("keywords.report_reading",),
    conferences=True,
)


@MR204.judge
def report_re_read(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """The agenda does not re-read a report."""
    if not g.is_conference:
        return
    words = MR204.param(ctx.policy, "keywords.report_reading")
    for item in agenda_of(g):
        if item.kind is _REPORT or (words and find_keyword(item.title, words)):
            yield MR204.on(g.first, values={"item": item_label(item)})


MR205 = Rule(
    code="MR205",
    name="too-little-discussion",
    severity=Severity.WARNING,
    scope="meeting",
    title=Text("Thảo luận chưa chiếm phần lớn thời gian", "Discussion takes less than half of the agenda"),
    message=Text(
        "Thảo luận chiếm {share} thời lượng chương trình ({minutes}/{total} phút); cần ít nhất {limit}.",
        "Discussion takes {share} of the agenda ({minutes}/{total} minutes); at least {limit} is expected.",
    ),
    citation=Citation(PLAN_II4B, "dành thời gian chủ yếu để thảo luận và giải quyết vấn đề"),
    hint=Text("Dành phần lớn chương trình cho thảo luận.", "Give most of the agenda to discussion."),
    params=("speeches.discussion_min_share",),
    conferences=True,
)


@MR205.judge
def discussion_share(g: Gathering, ctx: Context) -> Iterable[Finding]:
    """Discussion takes most of the agenda."""
    if not g.is_conference:
        return
    items = list(agenda_of(g))
    timed = [i for i in items if i.minutes is not None]
    # Only a fully timed agenda can be judged: an untimed item is unknown, not zero.
    if not items or len(timed) != len(items):
        return
    total = sum(i.minutes for i in timed)
    discussion = sum(i.minutes for i in timed if i.kind is _DISCUSSION)
    minimum = MR205.param(ctx.policy, "speeches.discussion_min_share")
    if total > 0 and discussion / total < minimum:
        share = discussion / total
        yield MR205.on(
            g.first,
            values={"share": _share(share), "minutes": discussion, "total": total, "limit": _share(minimum)},
            measured=round(share, 4),
            limit=minimum,
            measured_in="share",
        )
