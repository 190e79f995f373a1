"""check, validate --calendar and report take weekly schedules mixed with .ics, and standard input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from connectors.cli import main

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
PINNED = ["--year", "2026", "--as-of", "2026-11-27"]


def test_check_reads_a_weekly_file_and_an_ics_file_together(capsys):
    """A text schedule and an .ics calendar checked together: their reads add up."""
    code = main(["check", str(SAMPLES / "weekly" / "ubnd-tinh-tuan-23.txt"), str(SAMPLES / "xa-tan-hung-utc.ics"),
                 *PINNED, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["read"] == 16 + 8
    assert code == 1


def test_check_reads_a_schedule_pasted_on_standard_input(capsys, monkeypatch):
    """A schedule pasted on standard input ('-') is read as a schedule."""
    text = "UBND TỈNH HƯNG YÊN\nLỊCH CÔNG TÁC TUẦN\n(Tuần 23, từ ngày 01/6/2026 đến ngày 07/6/2026)\nThứ Ba 02/6\n" \
           "Cả ngày: Hội nghị quán triệt Kết luận 226-KL/TW\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code = main(["check", "-", *PINNED, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["read"] == 1
    assert [f["code"] for f in doc["findings"] if f["severity"] == "error"] == ["MR101"]
    assert code == 1


def test_check_without_a_year_in_the_file_uses_year_option(capsys, tmp_path):
    """A schedule without a year is read with --year and its items checked."""
    path = tmp_path / "lich.txt"
    path.write_text("LỊCH CÔNG TÁC TUẦN\nThứ Ba 02/6\nCả ngày: Hội nghị quán triệt Kết luận 226-KL/TW\n", encoding="utf-8")
    main(["check", str(path), *PINNED, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert (doc["summary"]["read"], doc["summary"]["checked"]) == (1, 1)


def test_validate_takes_a_weekly_schedule_as_the_calendar(capsys, tmp_path):
    """A proposed meeting at the same time as the Chủ tịch's written-end meeting in the HTML week: MR401."""
    proposal = tmp_path / "de-xuat.ics"
    proposal.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//VI\r\nBEGIN:VEVENT\r\nUID:de-xuat-1\r\n"
        "DTSTAMP:20260601T000000Z\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20260611T090000\r\n"
        "DTEND;TZID=Asia/Ho_Chi_Minh:20260611T100000\r\nSUMMARY:Làm việc với Sở Công Thương\r\n"
        "ATTENDEE;CN=Nguyễn Văn Hùng:mailto:hung@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    main(["validate", str(proposal), "--calendar", str(SAMPLES / "weekly" / "ubnd-tinh-tuan-24.html"),
          *PINNED, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["read"] == 11
    assert "MR401" in [f["code"] for f in doc["findings"] if f["uid"] == "de-xuat-1"]


def test_report_counts_the_weekly_schedules(capsys):
    """The period report over the three province weeks counts their 6 own conferences, 3 online."""
    files = [str(SAMPLES / "weekly" / n) for n in ("ubnd-tinh-tuan-23.txt", "ubnd-tinh-tuan-24.html", "ubnd-tinh-tuan-25.docx")]
    assert main(["report", *files, "--period", "2026", "--as-of", "2026-11-27", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["conferences"], doc["online_conferences"]) == (6, 3)
