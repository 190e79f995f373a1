"""Rendering a check for people (text, Markdown) and for programs (JSON, CSV).

The JSON document is versioned (``schema_version``); docs/json-schema.md describes it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from meetingrules import CheckResult, Finding, Severity
from meetingrules.i18n import number, percent, pick, when

SCHEMA_VERSION = 1

SEVERITY_WORDS = {
    Severity.ERROR: ("LỖI", "ERROR"),
    Severity.WARNING: ("CẢNH BÁO", "WARNING"),
    Severity.INFO: ("THÔNG TIN", "INFO"),
}
WAIVED = ("ĐÃ MIỄN TRỪ", "WAIVED")
_UNITS = {
    "hours": ("giờ", "h"),
    "sessions": ("buổi", "session(s)"),
    "minutes": ("phút", "min"),
    "count": ("", ""),
}

WORDS = {
    "title": ("Kiểm tra lịch họp theo Kế hoạch 160/KH-UBND", "Meeting schedule check against plan 160/KH-UBND"),
    "window": ("Khung thời gian", "Window"),
    "as_of": ("ngày kiểm tra", "checked on"),
    "policy": ("chính sách", "policy"),
    "meeting": ("Hội nghị / cuộc họp", "Conference / meeting"),
    "severity": ("Mức", "Severity"),
    "code": ("Mã", "Code"),
    "finding": ("Nội dung", "Finding"),
    "measured": ("Đo được / giới hạn", "Measured / limit"),
    "citation": ("Căn cứ", "Basis"),
    "calendar_wide": ("Toàn bộ lịch", "Whole calendar"),
    "none": ("Không có vi phạm nào.", "No findings."),
    "reasons": ("Phân loại", "Classified as"),
}


def word(key: str, lang: str) -> str:
    """A fixed word of the output in ``lang``."""
    return pick(WORDS[key], lang)


def severity_label(finding: Finding, lang: str) -> str:
    """``LỖI``/``ERROR``…, or ``ĐÃ MIỄN TRỪ``/``WAIVED``."""
    return pick(WAIVED if finding.waived else SEVERITY_WORDS[finding.severity], lang)


def measured_text(finding: Finding, lang: str) -> str:
    """``4,5 giờ / 4 giờ``, ``40% / 60%``, ``3 / 2`` — or empty."""
    if finding.measured is None:
        return ""
    if finding.measure_unit == "share":
        value = percent(finding.measured, lang)
        return value + (f" / {percent(finding.limit, lang)}" if finding.limit is not None else "")
    suffix = pick(_UNITS.get(finding.measure_unit, ("", "")), lang)
    suffix = f" {suffix}" if suffix else ""
    text = f"{number(round(finding.measured, 2), lang)}{suffix}"
    if finding.limit is not None:
        text += f" / {number(round(finding.limit, 2), lang)}{suffix}"
    return text


# Which classification reasons explain a rule's verdict: shown beside its finding.
_RELEVANT = {"MR1": ("kind",), "MR2": ("kind",), "MR301": ("scope", "level"), "MR304": ("scope", "level"),
             "MR403": ("level",)}


def relevant_reasons(finding: Finding):
    """The reasons behind the attributes a finding's rule looked at (kind for MR101 …)."""
    for prefix, attributes in _RELEVANT.items():
        if finding.code.startswith(prefix):
            return tuple(r for r in finding.reasons if r.attribute in attributes)
    return ()


def last_day(result: CheckResult):
    """The window's last day (its end is exclusive)."""
    import datetime as dt

    return (result.window.end - dt.timedelta(microseconds=1)).date()


def subject(finding: Finding, lang: str, sep: str = " ") -> str:
    """What a finding is about: the meeting (time and title), the event (UID, file), or the calendar."""
    if not finding.uid and not finding.origin:
        return word("calendar_wide", lang)
    if finding.meeting_title or finding.start:
        return f"{when(finding.start, lang)}{sep}{finding.meeting_title}".strip()
    where = f"{finding.origin}:{finding.line}" if finding.origin and finding.line else finding.origin
    return sep.join(part for part in (finding.uid, where) if part)


def accounting_line(s, lang: str) -> str:
    """``read = checked + excluded + rejected`` in words (SPEC §7)."""
    if lang == "en":
        return f"Read {s.read} events: {s.checked} checked, {s.excluded} excluded, {s.rejected} rejected."
    return f"Đọc {s.read} sự kiện: {s.checked} đã kiểm tra, {s.excluded} loại trừ, {s.rejected} bị loại."


def summary_line(result: CheckResult, lang: str) -> str:
    """The accounting line printed in every summary, with the findings counted."""
    counts = finding_counts(result.findings)
    if lang == "en":
        return accounting_line(result.summary, lang) + (
            f" {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info, {counts['waived']} waived."
        )
    return accounting_line(result.summary, lang) + (
        f" {counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} thông tin, {counts['waived']} đã miễn trừ."
    )


def finding_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, and how many waived."""
    counts = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for f in findings:
        counts["waived" if f.waived else f.severity.value] += 1
    return counts


def to_json(result: CheckResult, lang: str, extra: dict[str, Any] | None = None) -> str:
    """The JSON document of schema version 1."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": "meetingrules",
        "policy": result.policy.name,
        "lang": lang,
        "window": {"start": result.window.start.isoformat(), "end": result.window.end.isoformat()},
        "as_of": result.as_of.isoformat(),
        "summary": {**result.summary.to_dict(), **{f"findings_{k}": v for k, v in finding_counts(result.findings).items()}},
        "findings": [f.to_dict(lang) for f in result.findings],
    }
    if extra:
        doc.update(extra)
    return json.dumps(doc, ensure_ascii=False, indent=2)


CSV_COLUMNS = (
    "code", "severity", "waived", "uid", "recurrence_id", "start", "end", "title", "unit", "rule",
    "message", "measured", "limit", "measure_unit", "citation", "origin", "line",
)


def to_csv(result: CheckResult, lang: str) -> str:
    """One row per finding, the columns of ``CSV_COLUMNS``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in result.findings:
        d = f.to_dict(lang)
        writer.writerow(
            [d["code"], d["severity"], "yes" if f.waived else "", d["uid"], d["recurrence_id"] or "", d["start"] or "",
             d["end"] or "", d["title"], d["unit"], d["rule"], d["message"], "" if f.measured is None else f.measured,
             "" if f.limit is None else f.limit, d["measure_unit"], d["citation"], d["origin"], d["line"] or ""]
        )
    return buffer.getvalue()


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(result: CheckResult, lang: str, show_info: bool = True) -> str:
    """A Markdown report: window, a table of findings, the summary line."""
    lines = [
        f"# {word('title', lang)}",
        "",
        f"- {word('window', lang)}: {result.window.start.date().isoformat()} – "
        f"{last_day(result).isoformat()} ({word('as_of', lang)} {result.as_of.isoformat()}; "
        f"{word('policy', lang)} `{result.policy.name}`)",
        "",
    ]
    findings = [f for f in result.findings if show_info or f.severity is not Severity.INFO or not f.uid]
    if not findings:
        lines += [word("none", lang), ""]
    else:
        lines += [
            f"| {word('meeting', lang)} | {word('severity', lang)} | {word('code', lang)} | {word('finding', lang)} "
            f"| {word('measured', lang)} | {word('citation', lang)} |",
            "|---|---|---|---|---|---|",
        ]
        for f in findings:
            meeting = subject(f, lang)
            lines.append(
                f"| {_md(meeting)} | {severity_label(f, lang)} | {f.code} | **{_md(f.title(lang))}**: {_md(f.message(lang))} "
                f"| {_md(measured_text(f, lang))} | {_md(f.citation or '')} |"
            )
        lines.append("")
    lines += [summary_line(result, lang), ""]
    return "\n".join(lines)


def render_text(result: CheckResult, lang: str, console, show_info: bool = False) -> None:
    """A readable table grouped by meeting, calendar-wide findings last, then the summary."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(word("title", lang), style="bold"))
    console.print(
        f"{word('window', lang)}: {result.window.start.strftime('%d/%m/%Y')} – "
        f"{last_day(result).strftime('%d/%m/%Y')} · {word('as_of', lang)} {result.as_of.strftime('%d/%m/%Y')} · "
        f"{word('policy', lang)} {result.policy.name}",
        highlight=False,
    )
    shown = [f for f in result.findings if show_info or f.severity is not Severity.INFO or not f.uid]
    hidden = len(result.findings) - len(shown)
    if not shown:
        console.print(word("none", lang))
    else:
        table = Table(show_lines=False, expand=True, pad_edge=False)
        widths = {"meeting": 4, "severity": 2, "code": 2, "finding": 9, "measured": 3, "citation": 3}
        for key, ratio in widths.items():
            header = word(key, lang) + (" (KH 160)" if key == "citation" else "")
            table.add_column(header, overflow="fold", ratio=ratio, no_wrap=key in ("code",))
        groups: dict[tuple, list[Finding]] = {}
        for f in shown:
            key = (f.uid, f.recurrence_id, "" if f.uid else f.origin)
            groups.setdefault(key, []).append(f)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] == "", kv[1][0].sort_key))
        styles = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
        for index, (_key, items) in enumerate(ordered):
            first = items[0]
            head = subject(first, lang, "\n")
            for row, f in enumerate(items):
                body = Text()
                body.append(f.title(lang), style="bold")
                body.append("\n" + f.message(lang))
                reasons = relevant_reasons(f)
                if reasons:
                    body.append(f"\n{word('reasons', lang)}: " + "; ".join(r.describe(lang) for r in reasons), style="dim")
                if f.waived:
                    body.append(f"\n{pick(WAIVED, lang)}: {f.waiver.reason} ({f.waiver.by})", style="dim")
                table.add_row(
                    head if row == 0 else "",
                    Text(severity_label(f, lang), style="dim" if f.waived else styles[f.severity]),
                    f.code,
                    body,
                    measured_text(f, lang),
                    f.citation.paragraph if f.citation else "",
                    end_section=row == len(items) - 1 and index < len(ordered) - 1,
                )
        console.print(table)
    if hidden:
        console.print(
            pick(
                (
                    f"({hidden} ghi chú thông tin về từng cuộc họp được ẩn; thêm --show-info để xem.)",
                    f"({hidden} per-meeting info notes hidden; add --show-info to see them.)",
                ),
                lang,
            ),
            style="dim",
        )
    console.print(summary_line(result, lang), highlight=False)
