"""The command line contract of SPEC §6: formats, languages, selection, exit codes, bad input."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path


from connectors.cli import main
from tests.paths import PROPOSALS, ROOT, SAMPLES

PROVINCE = str(SAMPLES / "ubnd-tinh-2026.ics")
PINNED = ["--year", "2026", "--as-of", "2026-11-27"]


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_has_the_documented_fields(capsys):
    """--format json prints schema version 1 with the summary and the finding fields SPEC names."""
    code, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "json")
    doc = json.loads(out)
    assert doc["schema_version"] == 1
    assert set(doc["summary"]) >= {"read", "checked", "excluded", "rejected"}
    assert all(isinstance(doc["summary"][k], int) for k in ("read", "checked", "excluded", "rejected"))
    for finding in doc["findings"]:
        assert set(finding) >= {"code", "severity", "uid", "start", "title", "message", "citation"}
        assert finding["severity"] in ("error", "warning", "info")
    mr101 = next(f for f in doc["findings"] if f["code"] == "MR101")
    assert mr101["start"] == "2026-03-12T07:30:00+07:00"
    assert mr101["citation"] == "Kế hoạch 160/KH-UBND, II.4.b"
    assert code == 1


def test_english_messages(capsys):
    """--lang en gives English messages."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "json", "--lang", "en")
    mr101 = next(f for f in json.loads(out)["findings"] if f["code"] == "MR101")
    assert mr101["message"] == "Briefing conference lasts 4.5 h in 1 session(s); the limit is 4 h, 1 session(s) (0.5 day)."


def test_select_and_ignore_prefixes(capsys):
    """--select MR1 --ignore MR103 keeps MR101 and MR102, and MR104 backs up the ignored MR103."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "json", "--select", "MR1", "--ignore", "MR103")
    found = sorted((f["code"], f["uid"]) for f in json.loads(out)["findings"])
    assert found == [
        ("MR101", "hy-2026-004@hungyen.gov.vn"),
        ("MR102", "hy-2026-005@hungyen.gov.vn"),
        ("MR104", "hy-2026-006@hungyen.gov.vn"),
    ]


def test_fail_on_warning(capsys):
    """--fail-on warning exits 1 on warnings alone; the default exits 0 then."""
    commune = str(SAMPLES / "xa-tan-hung-utc.ics")
    assert run(capsys, "check", commune, *PINNED)[0] == 0
    assert run(capsys, "check", commune, *PINNED, "--fail-on", "warning")[0] == 1


def test_csv_has_a_header_and_a_row_per_finding(capsys):
    """--format csv --csv-dialect rfc writes the documented header and one row per finding."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "csv", "--csv-dialect", "rfc")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["code", "severity", "waived"]
    _, js, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "json")
    assert len(rows) - 1 == len(json.loads(js)["findings"])


def test_markdown_report(capsys):
    """--format markdown writes a table and the accounting line."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "markdown")
    assert out.startswith("# Kiểm tra lịch họp theo Kế hoạch 160/KH-UBND")
    assert "| MR101 |" in out
    assert "Đọc 19 sự kiện: 12 đã kiểm tra, 7 loại trừ, 0 bị loại." in out


def test_text_output_has_the_summary_line(capsys):
    """Text output ends with the accounting line in Vietnamese."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED)
    assert out.strip().splitlines()[-1].startswith("Đọc 19 sự kiện: 12 đã kiểm tra, 7 loại trừ, 0 bị loại.")


def test_invalid_policy_names_key_and_line(capsys, tmp_path):
    """A policy with an unknown key exits 2 with a message naming the key and its line."""
    bad = tmp_path / "sai.toml"
    bad.write_text("[caps]\nbriefing = 0.5\nbriefng = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "check", PROVINCE, "--policy", str(bad))
    assert code == 2
    assert err.strip() == f"Lỗi: {bad}, dòng 3: khóa không xác định 'caps.briefng'."


def test_policy_that_is_not_toml(capsys, tmp_path):
    """A policy file that is not TOML exits 2 with a message, not a traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[caps\n", encoding="utf-8")
    code, _, err = run(capsys, "check", PROVINCE, "--policy", str(bad), "--lang", "en")
    assert code == 2 and err.startswith(f"Error: {bad}: not valid TOML")


def test_missing_file_exits_2(capsys, tmp_path):
    """A path that does not exist, and nothing else, exits 2: nothing could be read."""
    code, _, err = run(capsys, "check", str(tmp_path / "khong-co.ics"))
    assert code == 2
    assert "khong-co.ics" in err


def test_usage_errors_exit_2(capsys):
    """Bad options exit 2 with a message in the user's language."""
    code, _, err = run(capsys, "check", PROVINCE, "--year", "2026", "--from", "2026-01-01", "--to", "2026-02-01")
    assert code == 2 and err.strip() == "Lỗi: Dùng --year hoặc --from/--to, không dùng cả hai."
    code, _, err = run(capsys, "check", PROVINCE, "--format", "yaml")
    assert code == 2 and "lỗi cú pháp lệnh" in err
    assert run(capsys, "check")[0] == 2


def test_from_to_window(capsys):
    """--from/--to limits the judged occurrences to those dates."""
    _, out, _ = run(capsys, "check", PROVINCE, "--from", "2026-03-01", "--to", "2026-03-31", "--as-of", "2026-11-27",
                    "--format", "json")
    doc = json.loads(out)
    assert {f["code"] for f in doc["findings"] if f["severity"] == "error"} == {"MR101"}
    assert doc["window"] == {"start": "2026-03-01T00:00:00+07:00", "end": "2026-04-01T00:00:00+07:00"}


def test_standard_input(capsys, monkeypatch):
    """'-' reads a calendar from standard input."""
    data = Path(PROVINCE).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "check", "-", *PINNED, "--format", "json")
    assert json.loads(out)["summary"]["read"] == 19
    assert code == 1


def test_garbage_input_gives_no_traceback(tmp_path):
    """Binary garbage given as a calendar gives a message and exit 2, never a traceback."""
    junk = tmp_path / "junk.ics"
    junk.write_bytes(bytes(random.Random(20261130).randrange(256) for _ in range(2048)))
    out = subprocess.run([sys.executable, "-m", "connectors.cli", "check", str(junk)], capture_output=True, text=True)
    assert "Traceback" not in out.stderr + out.stdout
    assert out.returncode == 2
    assert "MR001" in out.stderr or "Không đọc được" in out.stderr


def test_rules_and_explain(capsys):
    """'rules' lists every code; 'explain MR101' prints its page with the plan's words."""
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "MR403" in out
    code, out, _ = run(capsys, "explain", "mr101")
    assert code == 0 and "> Hội nghị quán triệt không quá 1/2 ngày" in out
    code, _, err = run(capsys, "explain", "MR999", "--lang", "en")
    assert code == 2 and err.strip() == "Error: There is no rule MR999."


def test_policy_command_prints_a_loadable_policy(capsys):
    """'policy' prints the effective policy as TOML that loads back to the same data."""
    import tomllib

    code, out, _ = run(capsys, "policy", "--policy", str(SAMPLES / "chinh-sach-mua-he.toml"))
    assert code == 0
    from meetingrules import load_policy

    summer = load_policy((SAMPLES / "chinh-sach-mua-he.toml").read_text(encoding="utf-8"))
    assert tomllib.loads(out) == summer.data


def test_installed_command_runs_on_the_samples():
    """The console script runs the main job on the samples folder without a traceback."""
    out = subprocess.run(
        [sys.executable, "-m", "connectors.cli", "check", str(SAMPLES), *PINNED],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "Đọc 97 sự kiện" in out.stdout  # 32 calendar events + 65 weekly-schedule items


def _schema_validator():
    import jsonschema

    schema = json.loads((ROOT / "docs" / "schema" / "check-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_output_follows_the_published_schema(capsys):
    """The JSON of check (samples folder) and of validate follows docs/schema/check-v1.schema.json."""
    validator = _schema_validator()
    main(["check", str(SAMPLES), *PINNED, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert list(validator.iter_errors(doc)) == []
    assert doc["findings"]  # the samples have findings: the finding schema was exercised
    main(["validate", str(PROPOSALS / "five-hour-briefing.ics"), "--calendar", PROVINCE,
          "--as-of", "2026-11-27", "--format", "json"])
    assert list(validator.iter_errors(json.loads(capsys.readouterr().out))) == []


def test_schema_rejects_a_finding_without_a_code():
    """The published schema is strict enough to refuse a finding that lacks its code."""
    validator = _schema_validator()
    broken = {"schema_version": 1, "tool": "meetingrules", "policy": "p", "lang": "vi",
              "window": {"start": "2026-01-01T00:00:00+07:00", "end": "2027-01-01T00:00:00+07:00"},
              "as_of": "2026-11-27", "summary": {"read": 0, "checked": 0, "excluded": 0, "rejected": 0},
              "findings": [{"severity": "error", "uid": "", "start": None, "title": "", "message": "x",
                            "citation": "", "waived": False}]}
    assert [e.validator for e in validator.iter_errors(broken)] == ["required"]


def test_usage_errors_are_in_vietnamese(capsys):
    """argparse's own complaints reach a Vietnamese user in Vietnamese, and in English with --lang en."""
    assert run(capsys, "report", PROVINCE)[0] == 2
    assert capsys.readouterr().err == ""  # run() already took the output
    code = main(["report", PROVINCE])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "meetingrules report: lỗi cú pháp lệnh: thiếu tham số bắt buộc: --period"
    main(["report", PROVINCE, "--lang", "en"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "meetingrules report: usage error: the following arguments are required: --period"
    )
