"""The period report as the document a Sở files: Word (.docx) in the layout of Nghị định 30/2020/NĐ-CP.

A4, Times New Roman 13–14 pt, margins 20 mm top and bottom, 30 mm left, 15 mm right (Phụ lục
I); the header (agency and number left, Quốc hiệu, Tiêu ngữ and the place and date right);
the title "BÁO CÁO" with its trích yếu; the report's sections and tables; then Nơi nhận and
the signature block. The body is :func:`connectors.render.report.document`, the same sections
the Markdown and HTML show.
"""

from __future__ import annotations

import io

from connectors.render.official import MOTTO, NATIONAL_TITLE, OfficialHeader
from connectors.render.report import Section, Table, document


def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    from docx.shared import Pt

    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic


def _line(cell_or_doc, text: str, size: float = 13, bold: bool = False, italic: bool = False, center: bool = True,
          first: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)  # python-docx has no public switch for table borders


def to_docx(report, lang: str = "vi", *, header: OfficialHeader | None = None) -> bytes:
    """The report as a .docx in the administrative layout (Vietnamese; ``lang`` for the body)."""
    return sections_docx(document(report, lang), report.as_of, header or OfficialHeader.from_policy(report.policy))


def sections_docx(sections: list[Section], day, header: OfficialHeader) -> bytes:
    """A document of ``sections`` (the first one's heading is the trích yếu) in the official layout."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    page = doc.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin = page.bottom_margin = Mm(20)
    page.left_margin, page.right_margin = Mm(30), Mm(15)
    _page_numbers(page)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)

    top = doc.add_table(rows=1, cols=2)
    _no_borders(top)
    left, right = top.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    first = True
    if header.parent_agency:
        _line(left, header.parent_agency.upper(), 13, first=True)
        first = False
    _line(left, (header.agency or "……").upper(), 13, bold=True, first=first)
    _line(left, "________", 10)
    _line(left, header.number_line(), 13)
    _line(right, NATIONAL_TITLE, 12, bold=True, first=True)
    _line(right, MOTTO, 13, bold=True)
    _line(right, "________________________", 10)
    _line(right, header.date_line(day), 13, italic=True)

    doc.add_paragraph()
    _line(doc, "BÁO CÁO", 14, bold=True)
    heading = sections[0].heading
    summary = heading[len("Báo cáo "):] if heading.lower().startswith("báo cáo ") else heading
    _line(doc, summary[:1].upper() + summary[1:], 14, bold=True)
    _line(doc, "__________", 10)

    for index, section in enumerate(sections):
        if index:
            paragraph = _line(doc, section.heading, 13 if section.level > 2 else 14, bold=True, center=False)
            paragraph.paragraph_format.space_before = Pt(6)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(doc, block)
            else:
                paragraph = _line(doc, str(block), 13, center=False)
                paragraph.paragraph_format.first_line_indent = Mm(10)

    doc.add_paragraph()
    bottom = doc.add_table(rows=1, cols=2)
    _no_borders(bottom)
    left, right = bottom.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, center=False, first=True)
    for line in header.recipient_lines():
        _line(left, line, 11, center=False)
    _line(right, (header.signer_title or "THỦ TRƯỞNG CƠ QUAN").upper(), 13, bold=True, first=True)
    _line(right, "(Ký, ghi rõ họ tên, đóng dấu)", 13, italic=True)
    for _ in range(3):
        _line(right, "", 13)
    _line(right, header.signer or "……", 13, bold=True)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_numbers(section) -> None:
    """Page numbers centred at the top from the second page (Phụ lục I: "trang đầu không đánh số")."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)  # python-docx has no public API for fields


def _table(doc, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.headers):
        cell.text = ""
        _line(cell, str(text), 11, bold=True, first=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            _line(cell, str(text), 11, center=False, first=True)


__all__ = ["sections_docx", "to_docx"]
