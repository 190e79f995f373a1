"""The period report states the figures a person counts by hand in samples/ (samples/README.md).

Hand counts, calendar year 2026 (``[report] periods = "calendar"``):

* Văn phòng UBND tỉnh: conferences hy-2026-001, 002, 003, 004, 005, 006+007 (one conference
  entered as two all-day events), 013 = 7, online 001, 005, 013 = 3; province-wide 001, 002,
  003 = 3; sector-wide 013; meetings: the Monday giao ban from 5 Jan, 52 Mondays less the
  EXDATE of 16 Feb = 51. 2025: 101, 102, 104 conferences and 103 a sector-wide meeting.
* Sở Xây dựng: hy-2026-008 (meeting); 009 is the same meeting entered twice.
* Sở Tài chính: STC001 (online, sector-wide), STC002, STC004 (hybrid), STC005 (online) = 4,
  3 online; the Friday giao ban COUNT=40 = 40 meetings.
* UBND xã Tân Hưng: xth-01..05 = 5 conferences, none online, 01–04 commune-wide; 07, 08 meetings.
* Not counted: 010 cancelled; 011, 012, xth-06 not meetings; 009 a duplicate.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from connectors.cli import main
from meetingrules import Policy, UsageError
from meetingrules.report import Period, build_report
from tests.paths import SAMPLES

# The hand-counted figures are those of the iCalendar samples (samples/weekly has its own, tests/connectors/weekly).
CALENDARS = [str(p) for p in sorted(SAMPLES.glob("*.ics"))]
AS_OF = "2026-11-27"


@pytest.fixture
def calendar_policy(tmp_path) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text('[report]\nperiods = "calendar"\n', encoding="utf-8")
    return path


def _report(capsys, *args) -> dict:
    assert main(["report", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _unit(doc: dict, name: str) -> dict:
    return next(u for u in doc["units"] if u["unit"] == name)


def test_cutoff_periods_follow_decree_09():
    """The default periods run from 15 December to 14 June and from 15 June to 14 December."""
    assert (Period.parse("2026-H1").first, Period.parse("2026-H1").last) == (dt.date(2025, 12, 15), dt.date(2026, 6, 14))
    assert (Period.parse("2026-H2").first, Period.parse("2026-H2").last) == (dt.date(2026, 6, 15), dt.date(2026, 12, 14))
    assert (Period.parse("2026").first, Period.parse("2026").last) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))


def test_calendar_periods_follow_the_calendar():
    """The calendar switch gives January–June, July–December and the calendar year."""
    assert (Period.parse("2026-H1", "calendar").first, Period.parse("2026-H1", "calendar").last) == (
        dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert Period.parse("2026-H2", "calendar").first == dt.date(2026, 7, 1)
    assert Period.parse("2026", "calendar").last == dt.date(2026, 12, 31)


@pytest.mark.parametrize("text", ["2026-H3", "26", "H1", "", "2026-Q1"])
def test_a_bad_period_is_a_usage_error(text):
    """A period that is not a year or a half-year is refused with a usage error."""
    with pytest.raises(UsageError):
        Period.parse(text)


def test_the_cli_refuses_a_bad_period_with_exit_2(capsys):
    """The command line answers a bad --period with exit code 2 and no traceback."""
    assert main(["report", *CALENDARS, "--period", "2026-Q3"]) == 2
    assert "2026-Q3" in capsys.readouterr().err


def test_samples_2026_calendar_totals(capsys, calendar_policy):
    """The samples' calendar year 2026 holds 16 conferences, 6 online, 3 province-wide, 94 meetings."""
    doc = _report(capsys, *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy))
    assert doc["period"]["start"] == "2026-01-01" and doc["period"]["end"] == "2026-12-31"
    assert doc["period"]["ended"] is False
    assert doc["conferences"] == 16
    assert doc["online_conferences"] == 6
    assert doc["online_share"] == 0.375
    assert doc["province_wide_conferences"] == 3
    assert doc["sector_wide_conferences"] == 2
    assert doc["commune_wide_conferences"] == 4
    assert doc["meetings"] == 51 + 1 + 40 + 2
    assert doc["wide_gatherings"] == 5
    assert doc["conferences_by_kind"] == {"briefing": 3, "technical": 8, "important": 1, "unclassified": 4}
    assert doc["conferences_by_format"] == {"online": 5, "hybrid": 1, "in-person": 10}
    assert doc["conferences_by_level"] == {"province": 7, "commune": 5, "unknown": 4}
    assert doc["excluded"] == {"cancelled": 1, "duplicate": 1, "not-a-meeting": 3}


def test_samples_2026_calendar_rows_per_unit(capsys, calendar_policy):
    """Three calendars make one report with a row per unit, as counted by hand."""
    doc = _report(capsys, *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy))
    counted = {u["unit"]: (u["conferences"], u["online_conferences"], u["meetings"]) for u in doc["units"]}
    assert counted == {
        "Văn phòng UBND tỉnh Hưng Yên": (7, 3, 51),
        "Sở Tài chính tỉnh Hưng Yên": (4, 3, 40),
        "UBND xã Tân Hưng": (5, 0, 2),
        "Sở Xây dựng": (0, 0, 1),
    }
    assert _unit(doc, "Văn phòng UBND tỉnh Hưng Yên")["province_wide_conferences"] == 3
    assert _unit(doc, "UBND xã Tân Hưng")["commune_wide_conferences"] == 4


def test_samples_2026_calendar_targets(capsys, calendar_policy):
    """Mid-period, each target has its status and the remaining budget a person works out."""
    doc = _report(capsys, *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy))
    online = doc["targets"]["online"]
    # 6/16 online; n more online conferences reach 60% when (6 + n) / (16 + n) >= 0.6: n = 9.
    assert (online["online"], online["total"], online["status"], online["online_needed"]) == (6, 16, "at-risk", 9)
    units = {u["unit"]: u["online_target"] for u in doc["units"] if u["online_target"]}
    assert units["Sở Tài chính tỉnh Hưng Yên"]["in_person_budget"] == 1  # 3/5 is still 60%
    assert units["Văn phòng UBND tỉnh Hưng Yên"]["online_needed"] == 3  # 6/10
    assert units["UBND xã Tân Hưng"]["online_needed"] == 8  # 8/13 > 60%, 7/12 < 60%
    assert doc["targets"]["province_wide"] == {"unit": "", "count": 3, "cap": 2, "remaining": 0, "over": 1,
                                               "start": "2026-01-01", "end": "2026-12-31"}
    assert doc["targets"]["commune_wide"] == [
        {"unit": "UBND xã Tân Hưng", "count": 4, "cap": 3, "remaining": 0, "over": 1,
         "start": "2026-01-01", "end": "2026-12-31"}
    ]
    reductions = {r["unit"]: r for r in doc["targets"]["reduction"]}
    office = reductions["Văn phòng UBND tỉnh Hưng Yên"]
    # 2026: 001, 002, 003, 013; 2025: 101, 102, 103, 104. At most floor(4 × 0.9) = 3.
    assert (office["count"], office["baseline"], office["allowed"], office["remaining"], office["status"]) == (
        4, 4, 3, -1, "at-risk")
    finance = reductions["Sở Tài chính tỉnh Hưng Yên"]
    assert (finance["count"], finance["baseline"], finance["status"]) == (1, None, "no-baseline")


def test_samples_2026_calendar_findings_by_code(capsys, calendar_policy):
    """Findings per rule match samples/expected/all.tsv, the waived MR103 listed apart."""
    doc = _report(capsys, *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy))
    assert doc["findings_by_code"] == {
        "MR101": 1, "MR102": 2, "MR201": 1, "MR202": 1, "MR204": 1, "MR205": 1, "MR301": 1, "MR302": 2,
        "MR303": 1, "MR304": 1, "MR401": 2, "MR402": 1, "MR403": 1,
    }
    assert doc["waived_by_code"] == {"MR103": 1}
    assert [(w["code"], w["uid"], w["by"]) for w in doc["waivers"]] == [
        ("MR103", "hy-2026-006@hungyen.gov.vn", "Chủ tịch UBND tỉnh")
    ]


def test_samples_2026_calendar_previous_year_from_data(capsys, calendar_policy):
    """2025 in the data gives last year's figures, but only the province office has any."""
    doc = _report(capsys, *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy))
    previous = doc["previous"]
    assert previous["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert (previous["conferences"], previous["meetings"], previous["wide_gatherings"]) == (3, 1, 4)
    assert previous["comparable"] is False
    assert previous["units_without_baseline"] == ["Sở Tài chính tỉnh Hưng Yên", "Sở Xây dựng", "UBND xã Tân Hưng"]
    assert previous["change"]["conferences"] is None


def test_the_province_office_alone_has_a_change_against_2025(capsys, tmp_path):
    """A file mapped to one unit with last year's data gets the change of its totals: 7 against 3."""
    policy = tmp_path / "office.toml"
    policy.write_text('[report]\nperiods = "calendar"\n\n[[calendars]]\nmatch = "ubnd-tinh"\n'
                      'unit = "Văn phòng UBND tỉnh Hưng Yên"\n', encoding="utf-8")
    doc = _report(capsys, str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", "2026", "--as-of", AS_OF,
                  "--policy", str(policy))
    previous = doc["previous"]
    assert previous["comparable"] is True
    # 2026: 7 conferences, 51 giao ban + hy-2026-008; 2025: 101, 102, 104 and the meeting 103.
    assert (doc["conferences"], doc["meetings"]) == (7, 52)
    assert (previous["conferences"], previous["meetings"]) == (3, 1)
    assert previous["change"]["conferences"] == round((7 - 3) / 3, 4)
    assert previous["change"]["wide_gatherings"] == 0.0


def test_a_unit_without_last_years_data_blocks_the_total_change(capsys, calendar_policy):
    """Sở Xây dựng's one meeting has no 2025 data, so the file's totals get no change figure."""
    doc = _report(capsys, str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", "2026", "--as-of", AS_OF,
                  "--policy", str(calendar_policy))
    assert doc["previous"]["units_without_baseline"] == ["Sở Xây dựng"]
    assert doc["previous"]["change"]["conferences"] is None


def test_a_period_with_no_baseline_says_so(capsys, calendar_policy):
    """A calendar with no event a year earlier reports "no baseline", never a zero."""
    path = str(SAMPLES / "so-tai-chinh-outlook.ics")
    doc = _report(capsys, path, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy))
    assert doc["previous"]["baseline"] is False
    assert "conferences" not in doc["previous"]
    assert doc["previous"]["change"] == {"conferences": None, "meetings": None, "online_conferences": None,
                                         "wide_gatherings": None}
    assert doc["targets"]["reduction"][0]["status"] == "no-baseline"
    assert (doc["conferences"], doc["online_conferences"], doc["meetings"]) == (4, 3, 40)
    assert main(["report", path, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy)]) == 0
    text = capsys.readouterr().out
    assert "chưa có số liệu kỳ trước" in text
    assert main(["report", path, "--period", "2026", "--as-of", AS_OF, "--lang", "en",
                 "--policy", str(calendar_policy)]) == 0
    assert "no baseline" in capsys.readouterr().out


def test_a_policy_baseline_serves_a_whole_year(capsys):
    """The summer policy's 2025 baseline of 1 for Sở Tài chính leaves room for none in 2026."""
    doc = _report(capsys, str(SAMPLES / "so-tai-chinh-outlook.ics"), "--period", "2026", "--as-of", AS_OF,
                  "--policy", str(SAMPLES / "chinh-sach-mua-he.toml"))
    (finance,) = doc["targets"]["reduction"]
    assert (finance["unit"], finance["count"], finance["baseline"], finance["baseline_source"]) == (
        "Sở Tài chính tỉnh Hưng Yên", 1, 1, "policy")
    assert (finance["allowed"], finance["remaining"], finance["status"]) == (0, -1, "at-risk")
    assert doc["waived_by_code"] == {"MR102": 1}


def test_samples_2026_cutoff_year_starts_on_15_december(capsys):
    """The default year 2026 starts on 15/12/2025, so 2025's year-end conference counts in it."""
    doc = _report(capsys, *CALENDARS, "--period", "2026", "--as-of", AS_OF)
    assert (doc["period"]["start"], doc["period"]["end"]) == ("2025-12-15", "2026-12-14")
    # hy-2025-104 (22/12/2025) joins the 16; 49 Monday giao ban from 5 Jan to 14 Dec less 16 Feb.
    assert doc["conferences"] == 17
    assert doc["province_wide_conferences"] == 4
    assert doc["meetings"] == 49 + 1 + 40 + 2
    assert doc["findings_by_code"]["MR301"] == 2  # 10/07 and 15/09 are the 3rd and 4th
    assert doc["months"][0] == {"month": "2025-12", "conferences": 1, "online_conferences": 0, "meetings": 0}
    previous = doc["previous"]
    assert (previous["period"]["start"], previous["conferences"], previous["wide_gatherings"]) == ("2024-12-15", 2, 3)


def test_samples_first_half_2026_on_10_june(capsys):
    """The H1 report of 10 June counts 11 conferences, 5 online, and 2 province-wide (no breach yet)."""
    doc = _report(capsys, *CALENDARS, "--period", "2026-H1", "--as-of", "2026-06-10")
    assert (doc["period"]["start"], doc["period"]["end"]) == ("2025-12-15", "2026-06-14")
    assert (doc["conferences"], doc["online_conferences"], doc["province_wide_conferences"]) == (11, 5, 2)
    assert "MR301" not in doc["findings_by_code"]
    assert doc["targets"]["province_wide"]["remaining"] == 0
    assert doc["targets"]["online"]["online_needed"] == 4  # 9/15 = 60%


def test_an_ended_year_turns_a_missed_target_into_an_error():
    """After the year, the province office's 3 of 7 online conferences is an error, not a projection."""
    from connectors import ics

    policy = Policy.builtin().with_overrides({"report": {"periods": "calendar"}})
    period = Period.parse("2026", "calendar")
    window = period.window(policy.timezone)
    read = ics.read_paths([str(SAMPLES / "ubnd-tinh-2026.ics")], policy,
                          type(window)(period.a_year_earlier().window(policy.timezone).start, window.end))
    report = build_report(read.events, policy, period, as_of=dt.date(2027, 1, 10), intake=read.intake)
    assert report.ended
    (mr302,) = [f for f in report.findings if f.code == "MR302"]
    assert (mr302.severity.value, mr302.measured, mr302.projection) == ("error", round(3 / 7, 4), False)
    assert report.online.status == "not-met"


def test_markdown_has_the_sections_in_order(capsys, calendar_policy):
    """The Vietnamese report has sections I, II, III in order and states its window."""
    assert main(["report", *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy)]) == 0
    text = capsys.readouterr().out
    first = text.index("I. Tình hình tổ chức hội nghị, cuộc họp")
    assert first < text.index("II. Kết quả thực hiện chỉ tiêu") < text.index("III. Vi phạm và ngoại lệ")
    assert "Kỳ báo cáo: 01/01/2026 – 31/12/2026" in text
    assert "| Tổng cộng | 16 | 6 | 37,5% | 3 | 2 | 4 | 94 |" in text


def test_english_report(capsys):
    """--lang en gives the report in English with the cut-off window."""
    assert main(["report", *CALENDARS, "--period", "2026-H2", "--as-of", AS_OF, "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Period: 15/06/2026 – 14/12/2026 (data cut-off dates of Decree 09/2019/NĐ-CP Art. 12)" in text
    assert "II. Targets" in text


def test_xlsx_has_a_sheet_of_figures_and_one_of_findings(tmp_path, calendar_policy):
    """The workbook's figures sheet holds the hand-counted totals and its findings sheet every finding."""
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    assert main(["report", *CALENDARS, "--period", "2026", "--as-of", AS_OF, "--policy", str(calendar_policy),
                 "--format", "xlsx", "--output", str(out)]) == 0
    book = load_workbook(out)
    assert [name for name in book.sheetnames if book[name].sheet_state == "visible"] == ["Số liệu", "Vi phạm"]
    figures: dict = {}
    for row in book["Số liệu"].iter_rows(values_only=True):
        if row and row[0]:
            figures.setdefault(row[0], row[1:])  # the first table that names a row
    assert figures["Hội nghị"][0] == 16
    assert figures["— trong đó trực tuyến"][0] == 6
    assert figures["Cuộc họp"][0] == 94
    assert figures["Tổng cộng"][:3] == (16, 6, 0.375)
    assert figures["UBND xã Tân Hưng"][:2] == (5, 0)
    rows = list(book["Vi phạm"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Mức", "Miễn trừ")
    waived = [r for r in rows[1:] if r[2] == "x"]
    assert [(r[0], r[4]) for r in waived] == [("MR103", "hy-2026-006@hungyen.gov.vn")]
    assert sum(1 for r in rows[1:] if r[0] == "MR401") == 2


def test_a_period_without_conferences_says_so(capsys):
    """A period with no conference has no online share and says so instead of 0%."""
    doc = _report(capsys, str(SAMPLES / "xa-tan-hung-utc.ics"), "--period", "2030", "--as-of", AS_OF)
    assert (doc["conferences"], doc["online_share"]) == (0, None)
    assert doc["targets"]["online"]["status"] == "no-conference"
    assert doc["previous"]["baseline"] is False
