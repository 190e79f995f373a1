"""A check as a workbook for Excel: findings, a summary by rule and by unit, info notes apart.

Sheets: the findings (violations, waived ones marked) with an autofilter and a frozen header
row; a summary counting findings by rule and by unit; the info notes (about meetings and
the calendar) on their own sheet so that a filter on the first sheet shows only what needs
doing. Dates are real dates (``dd/mm/yyyy hh:mm``), numbers real numbers.
"""

from __future__ import annotations

import io
from collections import Counter

from connectors.render.describe import accounting_line, last_day, policy_label, severity_word
from connectors.render.words import word
from meetingrules import CheckResult, Finding, Severity
from meetingrules.i18n import pick, unit_label

FINDING_COLUMNS = ("code", "severity", "waived", "start", "meeting", "unit", "file", "line", "rule", "message",
                   "measured_value", "limit", "measure_unit", "citation", "uid")
_WIDTHS = (8, 11, 9, 17, 44, 30, 34, 7, 36, 70, 10, 10, 10, 30, 30)


def _row(f: Finding, lang: str) -> list:
    return [
        f.code, severity_word(f, lang), word("yes", lang) if f.waived else "",
        f.start.replace(tzinfo=None) if f.start else None, f.meeting_title,
        f.unit or (unit_label("", lang) if not f.uid else ""), f.origin, f.line, f.title(lang), f.message(lang),
        f.measured, f.limit, f.measure_unit, str(f.citation or ""), f.uid,
    ]


def _sheet(workbook, name: str, findings: list[Finding], lang: str, first: bool = False):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = name
    sheet.append([word(c, lang) for c in FINDING_COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="F1ECE4")
    for f in findings:
        sheet.append(_row(f, lang))
        sheet.cell(sheet.max_row, 4).number_format = "dd/mm/yyyy hh:mm"
        sheet.cell(sheet.max_row, 10).alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_COLUMNS))}{max(sheet.max_row, 1)}"
    return sheet


def to_xlsx(result: CheckResult, lang: str = "vi", *, show_info: bool = True) -> bytes:
    """The workbook: findings, summary (by rule, by unit), info notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    notes = [f for f in result.findings if f.severity is Severity.INFO and not f.waived]
    findings = [f for f in result.findings if f not in notes]
    workbook = Workbook()
    _sheet(workbook, word("findings_sheet", lang), findings, lang, first=True)

    summary = workbook.create_sheet(word("summary_sheet", lang))
    bold = Font(bold=True)
    summary.append([word("title", lang)])
    summary.cell(1, 1).font = Font(bold=True, size=13)
    summary.append([f"{word('window', lang)}: {result.window.start.strftime('%d/%m/%Y')} – "
                    f"{last_day(result).strftime('%d/%m/%Y')} · {word('policy', lang)} {policy_label(result.policy)}"])
    summary.append([accounting_line(result.summary, lang)])
    summary.append([])
    summary.append([word("by_rule", lang)])
    summary.cell(summary.max_row, 1).font = bold
    summary.append([word("code", lang), word("rule", lang), word("errors", lang), word("warnings", lang),
                    word("infos", lang), word("waived", lang), word("total", lang)])
    for cell in summary[summary.max_row]:
        cell.font = bold
    titles = {f.code: f.title(lang) for f in result.findings}
    for code in sorted(titles):
        of = [f for f in result.findings if f.code == code]
        summary.append([code, titles[code], *_counts(of), len(of)])
    summary.append([])
    summary.append([word("by_unit", lang)])
    summary.cell(summary.max_row, 1).font = bold
    summary.append([word("unit", lang), word("errors", lang), word("warnings", lang), word("infos", lang),
                    word("waived", lang), word("total", lang)])
    for cell in summary[summary.max_row]:
        cell.font = bold
    units = Counter(f.unit for f in result.findings)
    for unit in sorted(units, key=lambda u: (u == "", u)):
        of = [f for f in result.findings if f.unit == unit]
        summary.append([unit or pick(("(chưa xác định)", "(unknown)"), lang), *_counts(of), len(of)])
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 44

    _sheet(workbook, word("notes_sheet", lang), notes, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _counts(findings: list[Finding]) -> list[int]:
    live = [f for f in findings if not f.waived]
    return [sum(f.severity is Severity.ERROR for f in live), sum(f.severity is Severity.WARNING for f in live),
            sum(f.severity is Severity.INFO for f in live), sum(f.waived for f in findings)]


__all__ = ["FINDING_COLUMNS", "to_xlsx"]
