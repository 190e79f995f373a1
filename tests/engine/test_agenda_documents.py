"""MR204 recognises an agenda item named by the document it presents (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors import ics
from meetingrules import Policy, Window, check, load_policy
from meetingrules.agenda import parse_agenda

POLICY = Policy.builtin()


@pytest.mark.parametrize("line", [
    "08:10-08:40 Báo cáo tổng kết công tác năm 2025 - Đ/c Phó Giám đốc Sở",
    "Báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm (30 phút)",
    "- Dự thảo Nghị quyết về phát triển kinh tế - xã hội (20 phút)",
    "Tờ trình về dự toán ngân sách năm 2027: 25 phút",
])
def test_an_item_named_by_its_document_is_a_report_read_out(line):
    """An item that starts with the document it presents and takes tens of minutes is a report item."""
    items = parse_agenda(line, POLICY).items
    assert [i.kind.value for i in items] == ["report"]


@pytest.mark.parametrize("line", [
    "08:40-09:40 Thảo luận Báo cáo tổng kết công tác năm 2025",
    "Dự thảo Báo cáo chính trị - thảo luận, cho ý kiến (60 phút)",
    "08:00-08:05 Báo cáo kết quả tóm lược",
])
def test_a_discussion_of_a_document_or_a_short_mention_is_not(line):
    """Discussing a document, or naming it for five minutes, is not reading a report out."""
    assert [i.kind.value for i in parse_agenda(line, POLICY).items] != ["report"]


def test_the_document_table_comes_from_the_policy():
    """A policy can name its own documents ("Đề án") and its own minimum length."""
    policy = load_policy('[keywords]\nreport_documents = ["đề án"]\n[speeches]\nreport_document_minutes = 30\n')
    assert [i.kind.value for i in parse_agenda("Đề án chuyển đổi số (45 phút)", policy).items] == ["report"]
    assert all(i.kind.value != "report" for i in parse_agenda("Đề án chuyển đổi số (20 phút)", policy).items)
    assert parse_agenda("Tờ trình về dự toán (25 phút)", policy).items == ()


CONFERENCE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:tong-ket-2025@test\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Asia/Ho_Chi_Minh:20260115T080000\r
DTEND;TZID=Asia/Ho_Chi_Minh:20260115T113000\r
SUMMARY:Hội nghị tổng kết công tác năm 2025\r
DESCRIPTION:08:00-08:10 Phát biểu khai mạc\\n08:10-08:40 {item}\\n08:40-11:00 Thảo luận\\n11:00-11:30 Phát biểu kết luận\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.mark.parametrize(("item", "fires"), [
    ("Báo cáo tổng kết công tác năm 2025 và phương hướng năm 2026", True),
    ("Thảo luận về Báo cáo tổng kết công tác năm 2025", False),
])
def test_mr204_fires_on_the_document_presented_not_on_its_discussion(item, fires):
    """A conference whose agenda presents 'Báo cáo tổng kết …' for 30 minutes breaks MR204; discussing it does not."""
    window = Window.year(2026, POLICY.timezone)
    read = ics.read_bytes(CONFERENCE.format(item=item).encode("utf-8"), "tong-ket.ics", POLICY, window)
    result = check(read.events, POLICY, window=window, as_of=dt.date(2026, 11, 30), intake=read.intake)
    assert ("MR204" in {f.code for f in result.findings}) is fires
