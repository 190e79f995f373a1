"""Files people file: the check workbook, the official DOCX report and its A4 print (issue 11)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from connectors.cli import main
from tests.paths import SAMPLES

PINNED = ["--year", "2026", "--as-of", "2026-11-27"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# -- check --format xlsx ------------------------------------------------------------------------


def test_check_workbook_has_findings_summary_and_notes_sheets(tmp_path, capsys):
    """The check workbook has a filtered findings sheet with unit and file, a summary by rule and unit, and the info notes apart."""
    from openpyxl import load_workbook

    target = tmp_path / "kiem-tra.xlsx"
    code, _, _ = run(capsys, "check", str(SAMPLES), *PINNED, "--format", "xlsx", "-o", str(target))
    assert code == 1
    book = load_workbook(target)
    assert book.sheetnames == ["Vi phạm", "Tổng hợp", "Ghi chú thông tin"]
    findings = book["Vi phạm"]
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref.startswith("A1:")
    header = [c.value for c in findings[1]]
    assert {"Đơn vị", "Tệp", "Dòng", "Mã", "Mức"} <= set(header)
    rows = [dict(zip(header, (c.value for c in row))) for row in findings.iter_rows(min_row=2)]
    mr101 = next(r for r in rows if r["Mã"] == "MR101")
    assert mr101["Đơn vị"] == "Văn phòng UBND tỉnh Hưng Yên"
    assert mr101["Tệp"].endswith("ubnd-tinh-2026.ics") and mr101["Dòng"] == 68
    assert mr101["Bắt đầu"].strftime("%d/%m/%Y %H:%M") == "12/03/2026 07:30"
    assert all(r["Mức"] != "thông tin" or r["Miễn trừ"] for r in rows)
    notes = [[c.value for c in row] for row in book["Ghi chú thông tin"].iter_rows(min_row=2)]
    assert notes and all(n[1] == "thông tin" for n in notes)
    summary = [[c.value for c in row] for row in book["Tổng hợp"].iter_rows()]
    labels = [r[0] for r in summary]
    assert "Theo quy tắc" in labels and "Theo đơn vị" in labels
    by_rule = {r[0]: r for r in summary if r[0] and str(r[0]).startswith("MR")}
    assert by_rule["MR101"][2] == sum(1 for r in rows if r["Mã"] == "MR101" and r["Mức"] == "lỗi")


# -- the official report (DOCX) ----------------------------------------------------------------


def test_docx_report_has_the_administrative_layout(tmp_path, capsys):
    """The DOCX report has the Quốc hiệu, tiêu ngữ, agency, number, date line, title, tables, Nơi nhận and signature."""
    from docx import Document

    policy = tmp_path / "so-noi-vu.toml"
    policy.write_text(
        '[report]\nparent_agency = "UBND tỉnh Hưng Yên"\nagency = "Sở Nội vụ"\nnumber = "123/BC-SNV"\n'
        'signer = "Nguyễn Văn An"\nsigner_title = "Giám đốc"\nrecipients = ["UBND tỉnh (để b/c)", "Lưu: VT, CCHC"]\n',
        encoding="utf-8",
    )
    target = tmp_path / "bao-cao.docx"
    code, _, _ = run(capsys, "report", str(SAMPLES), "--period", "2026-H1", "--as-of", "2026-07-05",
                     "--policy", str(policy), "-o", str(target))
    assert code == 0
    doc = Document(target)
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs]
    right = [p.text for p in header.cell(0, 1).paragraphs]
    assert left[:2] == ["UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"] and "Số: 123/BC-SNV" in left
    assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[1] == "Độc lập - Tự do - Hạnh phúc"
    assert "Hưng Yên, ngày 05 tháng 7 năm 2026" in right
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Tình hình, kết quả thực hiện chế độ hội họp") for t in texts)
    assert any(t.startswith("I. Tình hình tổ chức") for t in texts)
    assert len(doc.tables) > 5  # the report's tables between header and signature
    signature = doc.tables[-1]
    recipients = [p.text for p in signature.cell(0, 0).paragraphs]
    signer = [p.text for p in signature.cell(0, 1).paragraphs]
    assert recipients == ["Nơi nhận:", "- UBND tỉnh (để b/c);", "- Lưu: VT, CCHC."]
    assert signer[0] == "GIÁM ĐỐC" and signer[-1] == "Nguyễn Văn An"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.different_first_page_header_footer  # page numbers from the second page on
    assert "PAGE" in section.header._element.xml


def test_docx_options_override_the_policy_and_blanks_stay_fillable(tmp_path, capsys):
    """Without a [report] table the number is a blank to fill in; --agency and --number fill it."""
    from docx import Document

    target = tmp_path / "a.docx"
    run(capsys, "report", str(SAMPLES), "--period", "2026-H1", "--as-of", "2026-07-05", "-o", str(target))
    left = [p.text for p in Document(target).tables[0].cell(0, 0).paragraphs]
    assert "Số: ……/BC-……" in left
    run(capsys, "report", str(SAMPLES), "--period", "2026-H1", "--as-of", "2026-07-05", "-o", str(target),
        "--agency", "Sở Tài chính", "--number", "45/BC-STC")
    left = [p.text for p in Document(target).tables[0].cell(0, 0).paragraphs]
    assert "SỞ TÀI CHÍNH" in left and "Số: 45/BC-STC" in left


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
def test_printed_html_keeps_each_chart_on_one_page(tmp_path, capsys):
    """Printed to an A4 PDF by Chromium, each chart's title and its last label are on the same page."""
    import pdfplumber

    page = tmp_path / "bao-cao.html"
    run(capsys, "report", str(SAMPLES), "--period", "2026", "--as-of", "2026-12-20", "-o", str(page))
    pdf = tmp_path / "bao-cao.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert pdf.exists()
    with pdfplumber.open(pdf) as document:
        pages = [p.extract_text() or "" for p in document.pages]
        size = (round(document.pages[0].width), round(document.pages[0].height))
    assert size == (595, 842)  # A4 in points
    charts = [("Tỷ lệ hội nghị trực tuyến so với chỉ tiêu", "chỉ tiêu 60%"),
              ("Hội nghị theo tháng", "12/26"),
              ("Hội nghị theo đơn vị", "trực tiếp")]
    for title, last in charts:
        on = [i for i, text in enumerate(pages) if title in text]
        assert on, title
        start = on[0]
        tail = pages[start][pages[start].index(title):]
        assert last in tail, (title, last)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]


# -- report --merge ---------------------------------------------------------------------------------


def _unit_reports(tmp_path, capsys, period="2026-H1"):
    a, b = tmp_path / "vp-ubnd.json", tmp_path / "so-xa.xlsx"
    run(capsys, "report", str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", period, "--as-of", "2026-07-01", "-o", str(a))
    run(capsys, "report", str(SAMPLES / "xa-tan-hung-utc.ics"), str(SAMPLES / "so-tai-chinh-outlook.ics"),
        "--period", period, "--as-of", "2026-07-01", "-o", str(b))
    return a, b


def test_merge_consolidates_json_and_xlsx_reports(tmp_path, capsys):
    """report --merge adds up the units' JSON and XLSX reports to the figures of one report over all calendars."""
    import json

    a, b = _unit_reports(tmp_path, capsys)
    code, out, _ = run(capsys, "report", "--merge", str(a), str(b), "--format", "json")
    assert code == 0
    merged = json.loads(out)
    calendars = [str(p) for p in sorted(SAMPLES.glob("*.ics"))]  # the three calendars the unit reports read
    _, whole, _ = run(capsys, "report", *calendars, "--period", "2026-H1", "--as-of", "2026-07-01", "--format", "json")
    whole = json.loads(whole)
    for key in ("conferences", "online_conferences", "meetings", "province_wide_conferences", "wide_gatherings"):
        assert merged[key] == whole[key], key
    assert merged["online_share"] == whole["online_share"]
    assert [u["unit"] for u in merged["units"]] == sorted(u["unit"] for u in whole["units"])
    # MR403 compares calendars with each other: only a check over them all can find it.
    assert merged["findings_by_code"] == {c: n for c, n in whole["findings_by_code"].items() if c != "MR403"}


def test_merge_writes_the_official_docx(tmp_path, capsys):
    """A consolidated report can be the official DOCX, with the unit table and the signature block."""
    from docx import Document

    a, b = _unit_reports(tmp_path, capsys)
    target = tmp_path / "tong-hop.docx"
    assert run(capsys, "report", "--merge", str(a), str(b), "-o", str(target), "--agency", "Sở Nội vụ")[0] == 0
    doc = Document(target)
    assert [p.text for p in doc.tables[0].cell(0, 1).paragraphs][0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    units = [row.cells[0].text for row in doc.tables[1].rows]
    assert "UBND xã Tân Hưng" in units and units[-1] == "Tổng cộng"


def test_merge_refuses_other_periods_and_other_files(tmp_path, capsys):
    """Reports of different periods, or a file that is not a report, are refused with exit 2."""
    a, _ = _unit_reports(tmp_path, capsys)
    year = tmp_path / "nam.json"
    run(capsys, "report", str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", "2026", "--as-of", "2026-12-20", "-o", str(year))
    code, _, err = run(capsys, "report", "--merge", str(a), str(year))
    assert code == 2 and "kỳ khác nhau" in err
    other = tmp_path / "x.json"
    other.write_text('{"schema_version": 1, "findings": []}', encoding="utf-8")
    code, _, err = run(capsys, "report", "--merge", str(a), str(other))
    assert code == 2 and "x.json" in err
