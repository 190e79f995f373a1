"""A check as one line per finding, like ruff's concise output: made for ``grep`` and ``less``.

    samples/ubnd-tinh-2026.ics:42: MR101 [lỗi] 12/03/2026 07:30 «Hội nghị quán triệt …» (Văn phòng UBND tỉnh) — …

A line is never wrapped (new lines inside a message become spaces), so ``| grep TITLE``
finds the whole finding. A calendar-wide finding (MR3xx) has no file: it starts with the
words "toàn bộ lịch" and names its unit.
"""

from __future__ import annotations

from connectors.render.describe import location, policy_label, severity_word, summary_line
from connectors.render.words import word
from meetingrules import CheckResult, Finding, Severity
from meetingrules.i18n import pick


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def stamp(finding: Finding) -> str:
    """``DD/MM/YYYY HH:MM`` (the date alone for an all-day event), or empty."""
    start = finding.start
    if start is None:
        return ""
    if (start.hour, start.minute, start.second) == (0, 0, 0):
        return start.strftime("%d/%m/%Y")
    return start.strftime("%d/%m/%Y %H:%M")


def finding_line(finding: Finding, lang: str) -> str:
    """One finding as one line: ``FILE:LINE: CODE [severity] DATE «title» (unit) — message``."""
    where = location(finding) or word("calendar_wide", lang).lower()
    parts = [f"{_flat(where)}:", finding.code, f"[{severity_word(finding, lang)}]"]
    if finding.start is not None:
        parts.append(stamp(finding))
    if finding.meeting_title:
        parts.append(f"«{_flat(finding.meeting_title)}»")
    if finding.unit:
        parts.append(f"({_flat(finding.unit)})")
    elif not finding.uid:
        parts.append(f"({_flat(word('calendar_wide', lang).lower())})")
    line = " ".join(parts) + " — " + _flat(finding.message(lang))
    if finding.waived:
        line += f" [{_flat(finding.waiver.reason)} — {_flat(finding.waiver.by)}]"
    return line


def shown_findings(result: CheckResult, show_info: bool) -> list[Finding]:
    """The findings a reader sees: per-meeting info notes only with ``show_info``."""
    shown = [f for f in result.findings if show_info or f.severity is not Severity.INFO or not f.uid]
    # Meetings in date order first, then the calendar-wide findings, as the table shows them.
    return [f for f in shown if f.uid or f.origin] + [f for f in shown if not (f.uid or f.origin)]


def to_concise(result: CheckResult, lang: str, *, show_info: bool = False) -> str:
    """Every shown finding on its own line, then one line of accounting (and the policy)."""
    shown = shown_findings(result, show_info)
    lines = [finding_line(f, lang) for f in shown]
    if result.summary.checked == 0:
        lines.append(word("no_events", lang))
    elif not shown:
        lines.append(word("none", lang))
    hidden = len(result.findings) - len(shown)
    tail = summary_line(result, lang) + f" ({word('policy', lang)} {policy_label(result.policy)})"
    if hidden:
        tail += " " + pick(
            (f"({hidden} ghi chú thông tin được ẩn; thêm --show-info để xem.)",
             f"({hidden} info notes hidden; add --show-info to see them.)"),
            lang,
        )
    lines.append(tail)
    return "\n".join(lines) + "\n"
