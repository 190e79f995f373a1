"""A period report as a workbook: a sheet of figures and one of findings."""

from __future__ import annotations

import io
import json


from meetingrules.i18n import pick, unit_label
from meetingrules.report import Report

from connectors.render.merge import DATA_SHEET, json_rows
from connectors.render.report import Table, document

# -- XLSX ----------------------------------------------------------------------------------------


def to_xlsx(report: Report, lang: str = "vi") -> bytes:
    """A workbook: a sheet of figures (the report's tables) and one of findings."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    figures = workbook.active
    figures.title = pick(("Số liệu", "Figures"), lang)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F1ECE4")
    for section in document(report, lang):
        figures.append([section.heading])
        figures.cell(figures.max_row, 1).font = Font(bold=True, size=14 if section.level == 1 else 12)
        for block in section.blocks:
            if isinstance(block, Table):
                figures.append(list(block.headers))
                for cell in figures[figures.max_row]:
                    cell.font, cell.fill = bold, fill
                for row in block.rows:
                    figures.append([_cell_value(c) for c in row])
                    for cell in figures[figures.max_row]:
                        if isinstance(cell.value, float):
                            cell.number_format = "0.0%"
            else:
                figures.append([block])
        figures.append([])
    figures.column_dimensions["A"].width = 48
    for col in range(2, 11):
        figures.column_dimensions[get_column_letter(col)].width = 16

    sheet = workbook.create_sheet(pick(("Vi phạm", "Findings"), lang))
    headers = [pick(p, lang) for p in (
        ("Mã", "Code"), ("Mức", "Severity"), ("Miễn trừ", "Waived"), ("Đơn vị", "Unit"), ("UID", "UID"),
        ("Bắt đầu", "Start"), ("Hội nghị / cuộc họp", "Conference / meeting"), ("Quy tắc", "Rule"),
        ("Nội dung", "Message"), ("Đo được", "Measured"), ("Giới hạn", "Limit"), ("Đơn vị đo", "Measure"),
        ("Căn cứ", "Basis"), ("Lý do miễn trừ", "Waiver reason"), ("Người phê duyệt", "Approved by"))]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for f in report.findings:
        sheet.append([
            f.code, f.severity.value, "x" if f.waived else "", unit_label(f.unit, lang) if f.unit or not f.uid else "",
            f.uid, f.start.replace(tzinfo=None) if f.start else None, f.meeting_title, f.title(lang), f.message(lang),
            f.measured, f.limit, f.measure_unit, str(f.citation or ""), f.waiver.reason if f.waiver else "",
            f.waiver.by if f.waiver else "",
        ])
        sheet.cell(sheet.max_row, 6).number_format = "dd/mm/yyyy hh:mm"
        sheet.cell(sheet.max_row, 9).alignment = Alignment(wrap_text=True)
    for col, width in zip("ABCDEFGHIJKLMNO", (8, 9, 8, 28, 24, 17, 40, 34, 70, 9, 9, 9, 30, 30, 20)):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    # The report's JSON, for `report --merge` (a consolidated report reads it back).
    data = workbook.create_sheet(DATA_SHEET)
    for chunk in json_rows(json.dumps(report.to_dict(lang), ensure_ascii=False)):
        data.append([chunk])
    data.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(text: str):
    """Whole numbers and shares as numbers, so a spreadsheet can add them up; everything else as text."""
    if isinstance(text, str) and text.isdigit():
        return int(text)
    if isinstance(text, str) and text.endswith("%") and not text.startswith("+"):
        try:
            return round(float(text[:-1].replace(",", ".")) / 100, 6)
        except ValueError:
            return text
    return text
