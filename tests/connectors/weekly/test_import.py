"""`meetingrules import`: weekly schedules to iCalendar, stable UIDs, latest revision, same verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from connectors.cli import main

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples" / "weekly"
PINNED = ["--year", "2026", "--as-of", "2026-11-27"]
NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".doc", ".docx", ".xlsx", ".pdf"))


def _check(capsys, *paths) -> dict:
    main(["check", *map(str, paths), *PINNED, "--format", "json"])
    return json.loads(capsys.readouterr().out)


def _verdicts(doc: dict) -> list[tuple]:
    return sorted(
        (f["code"], f["severity"], f["uid"], f.get("unit") or "", f.get("measured"), f["waived"])
        for f in doc["findings"]
    )


@pytest.mark.parametrize("name", NAMES)
def test_checking_the_import_gives_the_same_verdicts_as_the_file(capsys, tmp_path, name):
    """Each sample checked as a weekly file and as its import gives the same findings and accounting."""
    out = tmp_path / "lich.ics"
    assert main(["import", str(SAMPLES / name), "-o", str(out)]) == 0
    capsys.readouterr()
    direct = _check(capsys, SAMPLES / name)
    imported = _check(capsys, out)
    assert _verdicts(imported) == _verdicts(direct)
    assert imported["summary"] == direct["summary"]
    assert direct["findings"], "a sample with no finding would prove nothing"


def test_the_import_writes_the_inferred_classification(tmp_path):
    """The full-day briefing is written with its kind, scope, format, level, unit and estimated end."""
    out = tmp_path / "lich.ics"
    main(["import", str(SAMPLES / "ubnd-tinh-tuan-23.txt"), "-o", str(out)])
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    (briefing,) = [e for e in calendar.walk("VEVENT") if "quán triệt" in str(e["SUMMARY"])]
    assert {k: str(v) for k, v in briefing.items() if k.startswith("X-MEETINGRULES-")} == {
        "X-MEETINGRULES-KIND": "briefing",
        "X-MEETINGRULES-SCOPE": "province-wide",
        "X-MEETINGRULES-FORMAT": "hybrid",
        "X-MEETINGRULES-LEVEL": "province",
        "X-MEETINGRULES-UNIT": "UBND tỉnh Hưng Yên",
        "X-MEETINGRULES-END-ESTIMATED": "true",
    }


WEEK = (
    "UBND TỈNH HƯNG YÊN\nLỊCH CÔNG TÁC TUẦN{revision}\n(Tuần 23, từ ngày 01/6/2026 đến ngày 07/6/2026)\n"
    "Thứ Hai 01/6\n- 8h00: Họp giao ban\n- {time}: Họp Ban chỉ đạo chuyển đổi số\n{extra}"
)


def test_a_revised_week_replaces_the_earlier_one(tmp_path, capsys):
    """'Điều chỉnh lần 2' wins over the first issue: unchanged items keep their UID, a removed one is gone."""
    folder = tmp_path / "tuan-23"
    folder.mkdir()
    (folder / "b-ban-dau.txt").write_text(WEEK.format(revision="", time="14h00", extra="- 15h00: Họp về giá đất\n"),
                                          encoding="utf-8")
    (folder / "a-dieu-chinh.txt").write_text(WEEK.format(revision=" (Điều chỉnh lần 2)", time="16h00", extra=""),
                                             encoding="utf-8")
    first = tmp_path / "first.ics"
    main(["import", str(folder / "b-ban-dau.txt"), "-o", str(first)])
    both = tmp_path / "both.ics"
    assert main(["import", str(folder), "-o", str(both)]) == 0
    assert "a-dieu-chinh.txt" in capsys.readouterr().err

    def items(path):
        return {str(e["SUMMARY"]): (str(e["UID"]), e["DTSTART"].dt.hour)
                for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}

    before, after = items(first), items(both)
    assert set(after) == {"Họp giao ban", "Họp Ban chỉ đạo chuyển đổi số"}
    assert after["Họp giao ban"] == before["Họp giao ban"]
    assert after["Họp Ban chỉ đạo chuyển đổi số"][1] == 16


def test_import_of_nothing_readable_is_a_usage_error(tmp_path, capsys):
    """A folder without a schedule gives exit code 2 and a bilingual-capable message, no calendar."""
    (tmp_path / "ghi-chu.txt").write_text("Không phải lịch.", encoding="utf-8")
    assert main(["import", str(tmp_path), "-o", str(tmp_path / "x.ics")]) == 2
    assert "Không đọc được mục nào" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()


def test_import_without_a_year_is_told_and_given_one_reads(tmp_path, capsys):
    """A schedule without a year: the reason on standard error; with --year it is imported."""
    path = tmp_path / "lich.txt"
    path.write_text("LỊCH CÔNG TÁC TUẦN\nThứ Hai 01/6\n- 8h00: Họp A\n", encoding="utf-8")
    assert main(["import", str(path), "-o", str(tmp_path / "a.ics"), "--lang", "en"]) == 2
    assert "--year" in capsys.readouterr().err
    assert main(["import", str(path), "-o", str(tmp_path / "b.ics"), "--year", "2026"]) == 0


def test_an_output_that_cannot_be_written_is_told_without_a_traceback(tmp_path, capsys):
    """-o into a missing folder: exit code 2 and the reason, no traceback."""
    code = main(["import", str(SAMPLES / "ubnd-tinh-tuan-23.txt"), "-o", str(tmp_path / "khong-co" / "lich.ics")])
    err = capsys.readouterr().err
    assert code == 2 and "Không ghi được" in err and "Traceback" not in err
