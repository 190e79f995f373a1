"""Every storage format of a weekly schedule, recognised by content; bad files told clearly, others still read."""

from __future__ import annotations

import io
import zoneinfo
from pathlib import Path

import pytest

from connectors.sources import read_paths
from connectors.weekly import Format, detect, looks_like_weekly, read_weekly_bytes
from meetingrules import Policy, Window

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = Policy.builtin()
YEAR = Window.year(2026, TZ)
ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples" / "weekly"
DATA = Path(__file__).resolve().parent / "data"

# name → (format, items read, unit)
SAMPLE_FILES = {
    "ubnd-tinh-tuan-23.txt": (Format.TEXT, 16, "UBND tỉnh Hưng Yên"),
    "ubnd-tinh-tuan-24.html": (Format.HTML, 11, "UBND tỉnh Hưng Yên"),
    "ubnd-tinh-tuan-25.docx": (Format.DOCX, 11, "UBND tỉnh Hưng Yên"),
    "xa-tan-hung-tuan-23.doc": (Format.HTML, 13, "UBND xã Tân Hưng"),
    "xa-tan-hung-tuan-24.xlsx": (Format.XLSX, 8, "UBND xã Tân Hưng"),
    "xa-tan-hung-tuan-25.pdf": (Format.PDF, 6, "UBND xã Tân Hưng"),
}


def read(data: bytes, name: str = "lich", year: int | None = None):
    return read_weekly_bytes(data, name, POLICY, YEAR, year=year)


@pytest.mark.parametrize("name", sorted(SAMPLE_FILES))
def test_each_sample_format_is_recognised_and_read(name):
    """Each sample is recognised by its content and every item is read and handed over."""
    data = (SAMPLES / name).read_bytes()
    kind, items, unit = SAMPLE_FILES[name]
    assert detect(data, "no-name") is kind
    assert looks_like_weekly(data, "no-name")
    result = read(data, name)
    assert (result.intake.read, result.intake.rejected, len(result.events)) == (items, 0, items)
    assert {e.properties["UNIT"] for e in result.events} == {unit}
    assert not [f for f in result.intake.findings if f.severity != "info"]


def test_word_merged_cells_date_every_row_and_join_two_sessions():
    """The Word table's merged day cells date each row; a briefing merged over Sáng and Chiều fills the day."""
    result = read((SAMPLES / "ubnd-tinh-tuan-25.docx").read_bytes())
    days = [e.start.day for e in result.events]
    assert days == [15, 15, 15, 16, 17, 17, 17, 18, 18, 19, 19]
    briefing = result.events[3]
    assert (briefing.start.hour, briefing.start.minute, briefing.end.hour, briefing.end.minute) == (7, 30, 17, 30)


def test_html_rowspan_and_colspan_rows_are_read():
    """The portal table's rowspan day cells and its colspan 'THỨ SÁU, NGÀY 12/6' row date every item."""
    result = read((SAMPLES / "ubnd-tinh-tuan-24.html").read_bytes())
    assert [e.start.day for e in result.events] == [8, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12]
    assert result.events[0].location == "Phòng họp số 1"
    assert result.events[0].attendees == ("Nguyễn Văn Hùng",)


def test_excel_dates_times_and_merged_cells_are_read():
    """The Excel sheet's real dates and times, and its merged day cells, give each item its start."""
    result = read((SAMPLES / "xa-tan-hung-tuan-24.xlsx").read_bytes())
    assert [(e.start.day, e.start.hour, e.start.minute) for e in result.events] == [
        (8, 7, 30), (8, 14, 0), (9, 8, 0), (9, 14, 0), (10, 7, 30), (11, 8, 0), (11, 8, 0), (12, 14, 0)
    ]


def test_pdf_table_with_spanned_day_cells_is_read():
    """The PDF's table (text layer) gives the same items as its source rows, the span over two days included."""
    result = read((SAMPLES / "xa-tan-hung-tuan-25.pdf").read_bytes())
    assert [(e.start.day, e.end.day) for e in result.events] == [(15, 15), (15, 15), (16, 16), (16, 16), (17, 18), (19, 19)]
    assert result.events[0].attendees == ("Đỗ Văn Nam",)


def test_a_doc_that_is_really_html_is_read_as_html():
    """A portal '.doc' download holding HTML is recognised by its content, not its name."""
    data = (SAMPLES / "xa-tan-hung-tuan-23.doc").read_bytes()
    assert detect(data, "xa-tan-hung-tuan-23.doc") is Format.HTML


def test_an_icalendar_file_is_not_a_weekly_schedule():
    """iCalendar content is left to the ICS reader whatever its name."""
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    assert detect(data, "lich.txt") is None and not looks_like_weekly(data, "lich.txt")


def test_a_password_protected_docx_is_rejected_clearly():
    """An encrypted Word file: MR001 saying it is password-protected, in both languages."""
    data = (DATA / "co-mat-khau.docx").read_bytes()
    assert detect(data, "co-mat-khau.docx") is Format.ENCRYPTED
    result = read(data, "co-mat-khau.docx")
    (finding,) = result.intake.findings
    assert finding.code == "MR001" and "mật khẩu" in finding.message_vi and "password" in finding.message_en
    assert (result.intake.read, len(result.events)) == (0, 0)


def _scanned_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for row in range(30):  # a picture of a table: lines and grey blocks, no text layer
        page.setFillGray(0.3 + (row % 3) / 10)
        page.rect(50, 780 - row * 22, 480, 12, fill=1, stroke=0)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_scanned_pdf_is_rejected_clearly():
    """A PDF without a text layer: MR001 saying it is a scan."""
    result = read(_scanned_pdf(), "scan.pdf")
    (finding,) = result.intake.findings
    assert finding.code == "MR001" and "lớp chữ" in finding.message_vi and "no text layer" in finding.message_en


def test_an_html_page_without_a_schedule_is_rejected_clearly():
    """A portal page with no schedule on it: MR001 naming the HTML page."""
    page = "<html><body><h1>Tin tức</h1><p>Tỉnh Hưng Yên tổ chức lễ hội văn hóa.</p></body></html>"
    result = read(page.encode(), "tin-tuc.html")
    (finding,) = result.intake.findings
    assert finding.code == "MR001" and "trang HTML không có lịch" in finding.message_vi
    assert "the HTML page holds no weekly schedule" in finding.message_en


def test_a_table_with_unrecognised_columns_is_rejected_with_its_place():
    """A table headed 'Cột 1 | Cột 2 | Cột 3' holding times: its rows rejected (MR002 naming table 1), counted."""
    page = (
        "<html><body><p>LỊCH CÔNG TÁC TUẦN (từ ngày 01/6/2026 đến ngày 07/6/2026)</p><table>"
        "<tr><td>Cột 1</td><td>Cột 2</td><td>Cột 3</td></tr>"
        "<tr><td>A</td><td>8h00</td><td>Họp giao ban</td></tr>"
        "<tr><td>B</td><td>14h00</td><td>Họp Ban chỉ đạo</td></tr>"
        "</table><p>Thứ Hai 01/6</p><p>- 8h00: Họp thường kỳ</p></body></html>"
    )
    result = read(page.encode(), "bang.html")
    assert (result.intake.read, result.intake.rejected, len(result.events)) == (3, 2, 1)
    (finding,) = result.intake.findings
    assert finding.code == "MR002" and "bảng 1" in finding.message_vi and "table 1" in finding.message_en
    assert "Cột 1 | Cột 2 | Cột 3" in finding.message_vi


def test_a_binary_word_97_file_is_rejected_clearly():
    """An old binary .doc (OLE container, not encrypted): MR001 asking for .docx or HTML."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le")
    result = read(data, "cu.doc")
    (finding,) = result.intake.findings
    assert finding.code == "MR001" and ".docx" in finding.message_en


def test_bad_files_never_stop_the_others(tmp_path):
    """A folder with a protected .docx, a scan and two schedules: the schedules are read, each bad file told."""
    (tmp_path / "co-mat-khau.docx").write_bytes((DATA / "co-mat-khau.docx").read_bytes())
    (tmp_path / "scan.pdf").write_bytes(_scanned_pdf())
    (tmp_path / "tuan-23.txt").write_bytes((SAMPLES / "ubnd-tinh-tuan-23.txt").read_bytes())
    (tmp_path / "tuan-24.xlsx").write_bytes((SAMPLES / "xa-tan-hung-tuan-24.xlsx").read_bytes())
    (tmp_path / "ghi-chu.txt").write_text("Ghi chú họp nội bộ, không phải lịch.", encoding="utf-8")
    result = read_paths([str(tmp_path)], POLICY, YEAR)
    assert (result.intake.read, result.intake.rejected, len(result.events)) == (24, 0, 24)
    assert sorted((f.code, Path(f.origin).name) for f in result.intake.findings) == [
        ("MR001", "co-mat-khau.docx"), ("MR001", "scan.pdf"),
    ]


def test_read_paths_passes_the_year_to_a_schedule_without_one(tmp_path):
    """A schedule without a year is read with year= (the command line's --year), rejected without."""
    path = tmp_path / "lich.txt"
    path.write_text("LỊCH CÔNG TÁC TUẦN\nThứ Hai 01/6\n- 8h00: Họp A\n", encoding="utf-8")
    assert len(read_paths([str(path)], POLICY, YEAR).events) == 0
    assert len(read_paths([str(path)], POLICY, YEAR, year=2026).events) == 1


def test_a_table_with_one_column_per_session_is_read():
    """'Thứ/ngày | Sáng | Chiều' tables: each cell's lines are items of that session."""
    page = (
        "<html><body><p>UBND TỈNH HƯNG YÊN</p><p>LỊCH CÔNG TÁC TUẦN (từ ngày 01/6/2026 đến ngày 07/6/2026)</p>"
        "<table><tr><th>Thứ/ngày</th><th>Sáng</th><th>Chiều</th></tr>"
        "<tr><td>Thứ Hai<br>01/6</td><td>- 7h30: Giao ban<br>- Họp Ban chỉ đạo (9h30)</td><td>Làm việc với Sở Y tế</td></tr>"
        "</table></body></html>"
    )
    result = read(page.encode(), "phien.html")
    assert [(e.summary, e.start.hour, e.start.minute, e.end.hour) for e in result.events] == [
        ("Giao ban", 7, 30, 11), ("Họp Ban chỉ đạo", 9, 30, 11), ("Làm việc với Sở Y tế", 13, 30, 17),
    ]


def test_a_portal_list_with_line_breaks_in_one_paragraph_is_read():
    """A paragraph holding 'Sáng:<br>- 7h30: …<br>- 9h00: …' gives one item per line."""
    page = (
        "<html><body><p>LỊCH CÔNG TÁC TUẦN (từ ngày 01/6/2026 đến ngày 07/6/2026)</p>"
        "<p><b>Thứ Hai, 01/6/2026</b><br>Sáng:<br>- 7h30: Giao ban<br>- 9h00: Họp Ban chỉ đạo<br>"
        "Chiều: 14h00 Làm việc với Sở Y tế</p></body></html>"
    )
    result = read(page.encode(), "list.html")
    assert [(e.summary, e.start.hour) for e in result.events] == [
        ("Giao ban", 7), ("Họp Ban chỉ đạo", 9), ("Làm việc với Sở Y tế", 14),
    ]


def test_a_windows_1258_doc_from_the_portal_is_read_by_its_declared_charset():
    """An HTML '.doc' in windows-1258 with its meta charset reads with its Vietnamese intact."""
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1258'></head><body>"
        "<p>LỊCH CÔNG TÁC TUẦN (từ ngày 01/6/2026 đến ngày 07/6/2026)</p><p>Thứ Hai 01/6</p>"
        "<p>- 8h00: Họp Ban chỉ đạo</p></body></html>"
    )
    import unicodedata

    def cp1258(text: str) -> bytes:  # as Windows writes it: base letters precomposed, tone marks combining
        out = []
        for char in unicodedata.normalize("NFC", text):
            decomposed = unicodedata.normalize("NFD", char)
            for candidate in (char, unicodedata.normalize("NFC", decomposed[:2]) + decomposed[2:], decomposed):
                try:
                    out.append(candidate.encode("cp1258"))
                    break
                except UnicodeEncodeError:
                    continue
        return b"".join(out)

    data = cp1258(page)
    result = read(data, "lich.doc")
    assert [e.summary for e in result.events] == ["Họp Ban chỉ đạo"]


def test_a_word_schedule_written_as_paragraphs_is_read(tmp_path):
    """A .docx with one item per paragraph (no table) is read like a text schedule, paragraphs named."""
    import docx

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN XÃ TÂN HƯNG", "LỊCH CÔNG TÁC TUẦN", "(Từ ngày 01/6/2026 đến ngày 07/6/2026)",
                 "- 8h00: Họp trước ngày", "Thứ Hai 01/6", "Sáng:", "- 7h30: Giao ban UBND xã", "Chiều:",
                 "- 14h00: PCT Vũ Thị Thu họp xét duyệt hồ sơ hộ nghèo"):
        document.add_paragraph(line)
    path = tmp_path / "lich.docx"
    document.save(path)
    result = read(path.read_bytes(), "lich.docx")
    assert [(e.summary, e.start.hour) for e in result.events] == [
        ("Giao ban UBND xã", 7), ("PCT Vũ Thị Thu họp xét duyệt hồ sơ hộ nghèo", 14),
    ]
    (finding,) = result.intake.findings
    assert "đoạn 4" in finding.message_vi and "paragraph 4" in finding.message_en


def test_the_package_exports_its_public_names_sorted():
    """connectors.weekly re-exports its public names in one sorted __all__."""
    import connectors.weekly as weekly

    assert weekly.__all__ == sorted(weekly.__all__)
    assert all(hasattr(weekly, name) for name in weekly.__all__)


def test_a_portals_menus_and_footer_are_not_items():
    """The portal's 'Thứ Hai, 30/11/2026' above the title and its footer under the table are no items."""
    page = (
        "<html><body><div>Thứ Hai, 30/11/2026 | Đăng nhập</div><div>Trang chủ</div>"
        "<p>LỊCH CÔNG TÁC TUẦN (từ ngày 01/6/2026 đến ngày 07/6/2026)</p>"
        "<table><tr><th>Ngày</th><th>Giờ</th><th>Nội dung</th></tr>"
        "<tr><td>Thứ Hai 01/6</td><td>8h00</td><td>Họp giao ban</td></tr></table>"
        "<p>Ghi chú: lịch có thể thay đổi.</p><div>Cổng thông tin điện tử tỉnh Hưng Yên</div></body></html>"
    )
    result = read(page.encode(), "portal.html")
    assert [(e.summary, e.description.splitlines()[0]) for e in result.events] == [
        ("Họp giao ban", "Nguồn: portal.html, bảng 1, hàng 2")
    ]
    assert result.intake.read == 1 and not result.intake.findings


def test_a_pdf_printed_from_the_text_paste_reads_the_same_items():
    """The text sample printed to PDF as paragraphs (two pages) reads the same 16 items, dated alike."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVuSans.ttf is not installed")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    style = ParagraphStyle("n", fontName="DejaVuSans", fontSize=9, leading=11)
    text = (SAMPLES / "ubnd-tinh-tuan-23.txt").read_text(encoding="utf-8")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A5, invariant=1).build(
        [Paragraph(line or "&nbsp;", style) for line in text.splitlines()]
    )
    from_pdf = read(buffer.getvalue(), "tuan-23.pdf")
    from_text = read(text.encode("utf-8"), "tuan-23.txt")
    assert [(e.uid, e.start, e.end) for e in from_pdf.events] == [(e.uid, e.start, e.end) for e in from_text.events]
    assert from_pdf.intake.read == 16
