"""Writes the Word, Excel and PDF weekly-schedule samples of this folder (run from the repository root).

    python samples/weekly/make_samples.py

The schedules are invented but written the way Hưng Yên's offices write them: the Word
table merges each day's cell over its rows (and one content cell over a morning and an
afternoon row), the Excel sheet merges its title rows and day cells, the PDF is a table
exported from a word processor (reportlab here) with its day cells spanned.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).resolve().parent

# -- UBND tỉnh, week 25: a Word table ------------------------------------------------------------
PROVINCE_25 = [
    # (day, session, time, content, chair, place)
    ("Thứ Hai\n15/6", "Sáng", "7h30", "Giao ban Thường trực UBND tỉnh", "Chủ tịch UBND tỉnh Nguyễn Văn Hùng", "Phòng họp số 1"),
    ("Thứ Hai\n15/6", "Sáng", "9h00", "Làm việc với Sở Tài chính về dự toán ngân sách bổ sung năm 2026", "PCT Lê Văn Minh", "Phòng họp số 2"),
    ("Thứ Hai\n15/6", "Chiều", "14h00", "Họp trực tuyến với các xã, phường về công tác chuẩn bị kỳ thi tốt nghiệp THPT", "Phó Chủ tịch Phạm Thị Hoa", "Điểm cầu UBND tỉnh"),
    ("Thứ Ba\n16/6", "Sáng", "", "Hội nghị quán triệt Nghị quyết 57-NQ/TW về phát triển khoa học, công nghệ cho cán bộ chủ chốt của tỉnh", "Chủ tịch UBND tỉnh", "Hội trường Trung tâm Hội nghị tỉnh"),
    ("Thứ Ba\n16/6", "Chiều", "", "Hội nghị quán triệt Nghị quyết 57-NQ/TW về phát triển khoa học, công nghệ cho cán bộ chủ chốt của tỉnh", "Chủ tịch UBND tỉnh", "Hội trường Trung tâm Hội nghị tỉnh"),
    ("Thứ Tư\n17/6", "Sáng", "8h00", "Tiếp và làm việc với Đoàn công tác của Bộ Tài chính", "Chủ tịch UBND tỉnh", "Phòng họp số 1"),
    ("Thứ Tư\n17/6", "Sáng", "8h00", "Họp Hội đồng nghiệm thu công trình cầu Hưng Hà", "PCT Lê Văn Minh", "Sở Xây dựng"),
    ("Thứ Tư\n17/6", "Chiều", "14h00", "Dự Kỳ họp thứ 12 HĐND tỉnh khóa XVII do Thường trực HĐND tỉnh tổ chức", "Chủ tịch UBND tỉnh", "Hội trường HĐND tỉnh"),
    ("Thứ Năm\n18/6", "Sáng", "8h00", "Họp xét công nhận xã đạt chuẩn nông thôn mới năm 2026", "PCT Lê Văn Minh", "Phòng họp số 2"),
    ("Thứ Năm\n18/6", "Sáng", "9h30", "Làm việc với Công ty Điện lực Hưng Yên về cấp điện mùa nắng nóng", "PCT Lê Văn Minh", "Phòng họp số 2"),
    ("Thứ Sáu\n19/6", "Cả ngày", "", "Làm việc tại cơ quan", "Chủ tịch UBND tỉnh", ""),
    ("Thứ Sáu\n19/6", "Sáng", "8h00", "Hội nghị sơ kết 6 tháng công tác dân số, kết hợp trực tiếp và trực tuyến", "Phó Chủ tịch Phạm Thị Hoa", "Sở Y tế"),
]


def province_docx(path: Path) -> None:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    top = document.add_table(rows=2, cols=2)
    top.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN"
    top.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    top.cell(1, 0).text = "Số: 225/LCT-UBND"
    top.cell(1, 1).text = "Hưng Yên, ngày 12 tháng 6 năm 2026"
    document.add_paragraph("LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO UBND TỈNH")
    document.add_paragraph("(Tuần 25, từ ngày 15/6/2026 đến ngày 21/6/2026)")
    heads = ("Thứ, ngày", "Buổi", "Thời gian", "Nội dung công việc", "Chủ trì", "Địa điểm")
    table = document.add_table(rows=1 + len(PROVINCE_25), cols=len(heads))
    table.style = "Table Grid"
    for c, head in enumerate(heads):
        table.cell(0, c).text = head
    for r, row in enumerate(PROVINCE_25, 1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    _merge_runs(table, 0)  # the day column
    _merge_runs(table, 3, only_rows=(4, 5))  # one briefing over the morning and afternoon rows
    document.add_paragraph("")
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Thường trực Tỉnh ủy, Thường trực HĐND tỉnh;")
    document.add_paragraph("- Các sở, ban, ngành tỉnh;")
    document.add_paragraph("- Lưu: VT.")
    document.add_paragraph("TL. CHỦ TỊCH")
    document.add_paragraph("CHÁNH VĂN PHÒNG")
    document.add_paragraph("Nguyễn Hữu Thắng")
    document.core_properties.author = "Văn phòng UBND tỉnh Hưng Yên"
    document.core_properties.created = dt.datetime(2026, 6, 12, 9, 0)
    document.save(path)


def _merge_runs(table, column: int, only_rows: tuple[int, ...] | None = None) -> None:
    """Merge vertically the cells of ``column`` that repeat the cell above (Word's merged day cells)."""
    rows = len(table.rows)
    r = 1
    while r < rows:
        text = table.cell(r, column).text
        end = r
        while end + 1 < rows and table.cell(end + 1, column).text == text:
            end += 1
        if end > r and (only_rows is None or (r in only_rows and end in only_rows)):
            merged = table.cell(r, column).merge(table.cell(end, column))
            merged.text = text
        r = end + 1


# -- UBND xã Tân Hưng, week 24: an Excel sheet ---------------------------------------------------
COMMUNE_24 = [
    # (date, session, time, content, chair, participants, place)
    (dt.date(2026, 6, 8), "Sáng", dt.time(7, 30), "Giao ban UBND xã", "Chủ tịch UBND xã Đỗ Văn Nam", "Các Phó Chủ tịch UBND xã; công chức chuyên môn", "Phòng họp UBND xã"),
    (dt.date(2026, 6, 8), "Chiều", dt.time(14, 0), "Họp Hội đồng bồi thường, hỗ trợ, tái định cư xã", "PCT Vũ Thị Thu", "Công chức địa chính; trưởng các thôn", "Phòng họp UBND xã"),
    (dt.date(2026, 6, 9), "Sáng", dt.time(8, 0), "Hội nghị toàn xã sơ kết 6 tháng đầu năm 2026", "Chủ tịch UBND xã", "Cán bộ, công chức xã; trưởng các thôn", "Hội trường UBND xã"),
    (dt.date(2026, 6, 9), "Chiều", dt.time(14, 0), "Tiếp công dân định kỳ", "PCT Vũ Thị Thu", "", "Bộ phận một cửa"),
    (dt.date(2026, 6, 10), "Cả ngày", None, "Dự tập huấn nghiệp vụ địa chính do Sở Nông nghiệp và Môi trường tổ chức", "", "Công chức địa chính - xây dựng", "Sở Nông nghiệp và Môi trường"),
    (dt.date(2026, 6, 11), "Sáng", dt.time(8, 0), "Họp giao ban công an, quân sự xã", "Chủ tịch UBND xã", "Trưởng Công an xã; Chỉ huy trưởng Ban CHQS xã", "Phòng họp UBND xã"),
    (dt.date(2026, 6, 11), "Sáng", dt.time(8, 0), "Làm việc với Đoàn kiểm tra công tác cải cách hành chính của Sở Nội vụ", "Chủ tịch UBND xã", "Văn phòng HĐND - UBND xã", "Phòng tiếp khách"),
    (dt.date(2026, 6, 12), "Chiều", dt.time(14, 0), "Họp trực tuyến với các thôn về phòng, chống dịch bệnh gia súc", "PCT Vũ Thị Thu", "Trưởng các thôn", "Điểm cầu UBND xã"),
]


def commune_xlsx(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tuần 24"
    sheet["A1"] = "ỦY BAN NHÂN DÂN XÃ TÂN HƯNG"
    sheet["A2"] = "LỊCH CÔNG TÁC TUẦN 24 CỦA LÃNH ĐẠO UBND XÃ"
    sheet["A3"] = "(Từ ngày 08/6/2026 đến ngày 14/6/2026)"
    for r in (1, 2, 3):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
        sheet.cell(r, 1).font = Font(bold=True)
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
    heads = ("Ngày", "Buổi", "Giờ", "Nội dung", "Chủ trì", "Thành phần", "Địa điểm")
    for c, head in enumerate(heads, 1):
        sheet.cell(5, c, head).font = Font(bold=True)
    row = 6
    first_of_day: dict[dt.date, int] = {}
    for day, session, clock, content, chair, participants, place in COMMUNE_24:
        if day not in first_of_day:
            first_of_day[day] = row
            sheet.cell(row, 1, day).number_format = "dd/mm/yyyy"
        sheet.cell(row, 2, session)
        if clock is not None:
            sheet.cell(row, 3, clock).number_format = "hh:mm"
        sheet.cell(row, 4, content)
        sheet.cell(row, 5, chair or None)
        sheet.cell(row, 6, participants or None)
        sheet.cell(row, 7, place or None)
        row += 1
    days = sorted(first_of_day.items())
    for index, (_, start) in enumerate(days):
        end = (days[index + 1][1] if index + 1 < len(days) else row) - 1
        if end > start:
            sheet.merge_cells(start_row=start, start_column=1, end_row=end, end_column=1)
    sheet.cell(row + 1, 1, "Nơi nhận: Thường trực Đảng ủy xã; các thôn; lưu VP.")
    for column, width in zip("ABCDEFG", (12, 8, 7, 60, 26, 36, 24)):
        sheet.column_dimensions[column].width = width
    book.properties.created = dt.datetime(2026, 6, 5, 10, 0)
    book.properties.modified = dt.datetime(2026, 6, 5, 10, 0)
    book.save(path)


# -- UBND xã Tân Hưng, week 25: a PDF exported from a table ---------------------------------------
COMMUNE_25 = [
    ("Thứ Hai\n15/6", "7h30", "Giao ban UBND xã", "Chủ tịch UBND xã Đỗ Văn Nam"),
    ("Thứ Hai\n15/6", "14h00", "Hội nghị trực tuyến toàn xã triển khai chuyển đổi số năm 2026", "PCT Vũ Thị Thu"),
    ("Thứ Ba\n16/6", "8h00", "Họp Ban chỉ đạo phòng, chống ma túy xã", "Chủ tịch UBND xã"),
    ("Thứ Ba\n16/6", "10h00", "Làm việc với Trường Tiểu học Tân Hưng về công tác tuyển sinh", "Chủ tịch UBND xã"),
    ("Thứ Tư 17/6 –\nThứ Năm 18/6", "Cả ngày", "Hội nghị tập huấn chuyên môn nghiệp vụ văn thư, lưu trữ cho công chức xã", "PCT Vũ Thị Thu"),
    ("Thứ Sáu\n19/6", "14h00", "Tiếp công dân định kỳ", "Chủ tịch UBND xã"),
]


def commune_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font(pdfmetrics, TTFont)
    normal = ParagraphStyle("n", fontName=font, fontSize=10, leading=13)
    centre = ParagraphStyle("c", parent=normal, alignment=1)
    story = [
        Paragraph("ỦY BAN NHÂN DÂN XÃ TÂN HƯNG", centre),
        Paragraph("LỊCH CÔNG TÁC TUẦN 25 CỦA LÃNH ĐẠO UBND XÃ", centre),
        Paragraph("(Từ ngày 15/6/2026 đến ngày 21/6/2026)", centre),
        Spacer(1, 10),
    ]
    data = [["Thứ/ngày", "Thời gian", "Nội dung", "Chủ trì"]]
    spans = []
    previous = None
    for index, (day, clock, content, chair) in enumerate(COMMUNE_25, 1):
        data.append([day if day != previous else "", clock, Paragraph(content, normal), Paragraph(chair, normal)])
        if day == previous:
            spans.append(("SPAN", (0, index - 1), (0, index)))
        previous = day
    table = Table(data, colWidths=(95, 55, 350, 190), repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *spans,
    ]))
    story += [table, Spacer(1, 12), Paragraph("Nơi nhận: Thường trực Đảng ủy xã; các thôn; lưu VP.", normal)]
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), title="Lịch công tác tuần 25", author="UBND xã Tân Hưng",
                                 invariant=1)
    document.build(story)


def _font(pdfmetrics, TTFont) -> str:
    """A TrueType font with Vietnamese letters (DejaVu Sans ships with Debian and most systems)."""
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", candidate))
            return "DejaVuSans"
    raise SystemExit("DejaVuSans.ttf not found: install fonts-dejavu-core")


if __name__ == "__main__":
    province_docx(HERE / "ubnd-tinh-tuan-25.docx")
    commune_xlsx(HERE / "xa-tan-hung-tuan-24.xlsx")
    commune_pdf(HERE / "xa-tan-hung-tuan-25.pdf")
    print("wrote ubnd-tinh-tuan-25.docx, xa-tan-hung-tuan-24.xlsx, xa-tan-hung-tuan-25.pdf")
