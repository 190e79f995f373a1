"""Output people can use where they work (issue 11): pipes, Excel, file extensions, any console."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from connectors.cli import main
from tests.paths import ROOT, SAMPLES

PROVINCE = str(SAMPLES / "ubnd-tinh-2026.ics")
PINNED = ["--year", "2026", "--as-of", "2026-11-27"]
TITLE = "Hội nghị quán triệt Nghị quyết 18-NQ/TW cho cán bộ chủ chốt cơ quan"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def cli(*args, env=None, **kwargs):
    """The command line in its own process, its output through a pipe."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "connectors.cli", *args], capture_output=True, cwd=ROOT,
                          env=environment, **kwargs)


def json_findings(capsys, *args):
    _, out, _ = run(capsys, "check", *args, "--format", "json")
    return json.loads(out)["findings"]


# -- pipes: one line per finding ------------------------------------------------------------


def test_piped_check_prints_one_line_per_finding_that_grep_finds():
    """Piped through grep, check gives the whole finding line of a meeting, with its file, line and unit."""
    checked = cli("check", "samples/", *PINNED)
    grep = subprocess.run(["grep", TITLE], input=checked.stdout, capture_output=True)
    lines = grep.stdout.decode("utf-8").splitlines()
    assert lines == [
        "samples/ubnd-tinh-2026.ics:68: MR101 [lỗi] 12/03/2026 07:30 «Hội nghị quán triệt Nghị quyết 18-NQ/TW cho "
        "cán bộ chủ chốt cơ quan» (Văn phòng UBND tỉnh Hưng Yên) — Hội nghị quán triệt kéo dài 4,5 giờ, 1 buổi; "
        "giới hạn 4 giờ, 1 buổi (0,5 ngày)."
    ]


def test_piped_check_has_a_line_per_shown_finding_and_one_summary_line(capsys):
    """Without a terminal the output is exactly one line per shown finding and one accounting line."""
    checked = cli("check", "samples/", *PINNED)
    lines = checked.stdout.decode("utf-8").splitlines()
    shown = [f for f in json_findings(capsys, str(SAMPLES), *PINNED) if f["severity"] != "info" or not f["uid"]]
    assert len(lines) == len(shown) + 1
    assert lines[-1].startswith("Đọc 97 sự kiện: 76 đã kiểm tra")
    assert all(" — " in line for line in lines[:-1])


def test_calendar_wide_lines_name_the_unit(capsys):
    """A calendar-wide finding line says it is about the whole calendar and names its unit."""
    _, out, _ = run(capsys, "check", *(str(p) for p in sorted(SAMPLES.glob("*.ics"))), *PINNED, "--format", "concise")
    line = next(x for x in out.splitlines() if " MR302 " in x and "UBND xã Tân Hưng" in x)
    assert line.startswith("toàn bộ lịch: MR302 [cảnh báo] (UBND xã Tân Hưng) — UBND xã Tân Hưng: 0/5")


def test_table_rows_show_unit_and_file():
    """The table has a unit / file column with the event's unit, file and line."""
    import datetime as dt

    from connectors import ics
    from connectors.render.text import to_text
    from meetingrules import Policy, Window, check

    policy = Policy.builtin()
    window = Window.year(2026, policy.timezone)
    read = ics.read_paths([PROVINCE], policy, window)
    result = check(read.events, policy, window=window, as_of=dt.date(2026, 11, 27), intake=read.intake)
    out = to_text(result, "vi", width=700)
    assert "Đơn vị / tệp" in out
    row = next(line for line in out.splitlines() if "MR101" in line)
    assert "Văn phòng UBND tỉnh Hưng Yên" in row
    assert f"{PROVINCE}:68" in next(line for line in out.splitlines()[out.splitlines().index(row):] if ".ics:" in line)


# -- the same input, the same bytes ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "concise", "text"])
def test_output_is_byte_identical_across_hash_seeds(fmt):
    """The same check gives byte-identical output whatever PYTHONHASHSEED is (MR401's wording included)."""
    outputs = {
        cli("check", "samples/", *PINNED, "--format", fmt, env={"PYTHONHASHSEED": seed}).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1


# -- CSV for Excel -------------------------------------------------------------------------------


def test_csv_for_a_vietnamese_excel_round_trips(capsys):
    """The default CSV has a BOM, ';', Vietnamese headers, severities and decimal commas, and reads back."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "csv")
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:], newline=""), dialect="excel", delimiter=";"))
    assert rows[0][:3] == ["Mã", "Mức", "Miễn trừ"]
    header = rows[0]
    by_code = [dict(zip(header, row)) for row in rows[1:]]
    mr101 = next(r for r in by_code if r["Mã"] == "MR101")
    assert mr101["Mức"] == "lỗi"
    assert mr101["Hội nghị / cuộc họp"] == TITLE
    assert mr101["Đo được"] == "4,5" and mr101["Giới hạn"] == "4"
    assert mr101["Bắt đầu"] == "12/03/2026 07:30"
    assert len(by_code) == len(json_findings(capsys, PROVINCE, *PINNED))


def test_csv_in_english_has_english_headers_and_dot_decimals(capsys):
    """With --lang en the Excel CSV has English headers, severities and decimal dots."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(out[1:], newline=""), delimiter=";"))
    mr101 = dict(zip(rows[0], next(r for r in rows if r[0] == "MR101")))
    assert (mr101["Severity"], mr101["Measured"]) == ("error", "4.5")


def test_csv_file_opens_in_openpyxl_free_python_with_the_vietnamese_text(tmp_path, capsys):
    """A CSV written with -o reads back (utf-8-sig, ';') with its Vietnamese titles intact."""
    target = tmp_path / "vi-pham.csv"
    code, _, _ = run(capsys, "check", PROVINCE, *PINNED, "-o", str(target))
    assert code == 1
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    assert TITLE in {r["Hội nghị / cuộc họp"] for r in rows}


def test_rfc_csv_is_the_machine_csv(capsys):
    """--csv-dialect rfc writes commas, the English column keys, ISO dates and no BOM."""
    _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "csv", "--csv-dialect", "rfc")
    rows = list(csv.DictReader(io.StringIO(out)))
    mr101 = next(r for r in rows if r["code"] == "MR101")
    assert (mr101["severity"], mr101["measured"], mr101["start"]) == ("error", "4.5", "2026-03-12T07:30:00+07:00")


# -- -o FILE: the format from the extension --------------------------------------------------------


@pytest.mark.parametrize(("name", "check"), [
    ("x.json", lambda data: json.loads(data)["schema_version"] == 1),
    ("x.md", lambda data: data.startswith(b"# ")),
    ("x.csv", lambda data: data.startswith(b"\xef\xbb\xbf")),
    ("x.xlsx", lambda data: data.startswith(b"PK")),
    ("x.txt", lambda data: b"MR101 [l" in data),
])
def test_output_extension_picks_the_format(tmp_path, capsys, name, check):
    """-o FILE without --format writes the format its extension names."""
    target = tmp_path / name
    run(capsys, "check", PROVINCE, *PINNED, "-o", str(target))
    assert check(target.read_bytes())


def test_a_format_against_the_extension_is_refused(tmp_path, capsys):
    """--format markdown -o x.xlsx exits 2 naming both, and writes nothing."""
    target = tmp_path / "x.xlsx"
    code, out, err = run(capsys, "check", PROVINCE, *PINNED, "--format", "markdown", "-o", str(target))
    assert code == 2 and not target.exists()
    assert "--format markdown" in err and ".xlsx" in err


def test_report_extension_html_writes_html(tmp_path, capsys):
    """report -o x.html writes the HTML page (it wrote Markdown before)."""
    target = tmp_path / "bao-cao.html"
    code, _, _ = run(capsys, "report", str(SAMPLES), "--period", "2026-H1", "--as-of", "2026-07-01", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_check_cannot_write_html(tmp_path, capsys):
    """check -o x.html exits 2: check has no HTML output."""
    code, _, err = run(capsys, "check", PROVINCE, *PINNED, "-o", str(tmp_path / "x.html"))
    assert code == 2 and "html" in err


@pytest.mark.skipif(not shutil.which("script"), reason="util-linux 'script' gives the command a terminal")
def test_xlsx_to_a_terminal_is_refused(tmp_path):
    """--format xlsx to a terminal exits 2 instead of printing a workbook's bytes."""
    command = f"{sys.executable} -m connectors.cli check {PROVINCE} --year 2026 --format xlsx; echo rc=$?"
    done = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, cwd=ROOT)
    text = done.stdout.decode("utf-8", "replace")
    assert "rc=2" in text and "XLSX" in text


# -- any console encoding ---------------------------------------------------------------------------


@pytest.mark.parametrize("env", [
    {"PYTHONIOENCODING": "cp1258"},
    {"PYTHONIOENCODING": "ascii"},
    {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
])
@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_any_console_encoding_falls_back_with_a_note(env, fmt):
    """A console that cannot write Vietnamese gets the nearest letters and a one-line note, never exit 3."""
    done = cli("check", "samples/", *PINNED, "--format", fmt, env=env)
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    encoding = env.get("PYTHONIOENCODING") or "ascii"
    text = done.stdout.decode(encoding)
    assert "MR101" in text
    if encoding == "cp1258":
        import unicodedata

        assert "Hội nghị quán triệt" in unicodedata.normalize("NFC", text)
    else:
        assert "Hoi nghi quan triet" in text
    notes = [line for line in done.stderr.decode(encoding).splitlines() if "PYTHONIOENCODING=utf-8" in line]
    assert len(notes) == 1


def test_an_error_message_on_an_ascii_console_is_readable():
    """An error on an ASCII console is written without accents and exits 2, not 3."""
    done = cli("check", "khong-co.ics", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    assert "Khong doc duoc khong-co.ics" in done.stderr.decode("ascii")


# -- --select / --ignore ----------------------------------------------------------------------------


def test_select_matching_no_rule_is_refused_with_the_nearest_codes(capsys):
    """--select XX9 exits 2, naming the code and the nearest rule codes."""
    code, out, err = run(capsys, "check", PROVINCE, *PINNED, "--select", "MR1,MR19")
    assert code == 2 and out == ""
    assert "MR19" in err and "MR101" in err


def test_ignore_matching_no_rule_is_refused(capsys):
    """--ignore with an unknown code exits 2 in English too."""
    code, _, err = run(capsys, "check", PROVINCE, *PINNED, "--ignore", "XX9", "--lang", "en")
    assert code == 2 and "--ignore XX9: no rule code starts with 'XX9'" in err


def test_a_known_prefix_is_accepted(capsys):
    """A prefix that matches rules (MR1) is accepted."""
    assert run(capsys, "check", PROVINCE, *PINNED, "--select", "mr1", "--format", "json")[0] == 1


# -- the same file twice ----------------------------------------------------------------------------


def test_the_same_file_twice_is_read_once(capsys):
    """A file given twice, or a folder and a file inside it, is read once, with a note."""
    _, once, _ = run(capsys, "check", str(SAMPLES), *PINNED, "--format", "json")
    code, twice, err = run(capsys, "check", str(SAMPLES), PROVINCE, str(SAMPLES) + "/", *PINNED, "--format", "json")
    assert json.loads(twice)["summary"] == json.loads(once)["summary"]
    assert err.count("chỉ đọc một lần") == 2
    _, again, err = run(capsys, "check", PROVINCE, PROVINCE, *PINNED, "--format", "json")
    _, single, _ = run(capsys, "check", PROVINCE, *PINNED, "--format", "json")
    assert json.loads(again)["summary"]["read"] == json.loads(single)["summary"]["read"]
    assert "đã được đưa vào" in err


# -- nothing to check -----------------------------------------------------------------------------


EMPTY = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize("fmt", ["concise", "text", "markdown"])
def test_a_calendar_without_events_says_so(tmp_path, capsys, fmt):
    """A calendar with no events says there is nothing to check (exit 0, counts shown), not 'no violations'."""
    empty = tmp_path / "trong.ics"
    empty.write_text(EMPTY, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(empty), *PINNED, "--format", fmt)
    assert code == 0
    assert "Không có sự kiện nào để kiểm tra" in out
    assert "Không có vi phạm nào" not in out
    assert "Đọc 0 sự kiện" in out


# -- dates and help ---------------------------------------------------------------------------------


def test_dates_as_users_write_them(capsys):
    """--as-of 27/11/2026 and --from/--to in DD/MM/YYYY mean what their ISO forms mean."""
    iso = json.loads(run(capsys, "check", PROVINCE, "--from", "2026-01-01", "--to", "2026-12-31",
                         "--as-of", "2026-11-27", "--format", "json")[1])
    vn = json.loads(run(capsys, "check", PROVINCE, "--from", "01/01/2026", "--to", "31/12/2026",
                        "--as-of", "27/11/2026", "--format", "json")[1])
    assert vn == iso


def test_a_bad_date_is_a_usage_error(capsys):
    """A date that is neither DD/MM/YYYY nor YYYY-MM-DD exits 2 naming both forms."""
    code, _, err = run(capsys, "check", PROVINCE, "--as-of", "31/02/2026")
    assert code == 2 and "DD/MM/YYYY" in err


@pytest.mark.parametrize("command", ["check", "validate", "report", "rules", "explain", "policy"])
def test_help_is_vietnamese(command):
    """Every subcommand's help is in Vietnamese, argparse's own headings included."""
    done = cli(command, "--help", env={"LANG": "C.UTF-8", "MEETINGRULES_LANG": ""})
    text = done.stdout.decode("utf-8")
    assert done.returncode == 0
    assert "cách dùng:" in text and "usage:" not in text and "options:" not in text
    assert "hiện trợ giúp này rồi thoát" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_option_of_every_subcommand_is_described(lang):
    """Every argument and option of every subcommand has a help text from the one table, in the language asked."""
    import argparse

    from connectors.cli.help_text import HELP
    from connectors.cli.main import build_parser

    parser = build_parser(lang)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    texts = {pair[1 if lang == "en" else 0] for pair in HELP.values()}
    for name, sub in commands.choices.items():
        assert sub.description in texts, name
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, (name, action.dest)
            assert action.help in texts or "{" not in action.help, (name, action.dest)
            if lang == "vi" and action.dest not in ("lang",):
                assert any(ch in action.help for ch in "ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ"), (name, action.dest)


def test_help_follows_an_english_locale():
    """With LANG=en_US.UTF-8 the help is in English."""
    done = cli("check", "--help", env={"LANG": "en_US.UTF-8", "MEETINGRULES_LANG": ""})
    text = done.stdout.decode("utf-8")
    assert "usage:" in text and "Google Calendar .zip" in text


# -- the policy in use ----------------------------------------------------------------------------


def test_the_policy_file_is_named(capsys):
    """The policy file over the profile is named in the text and Markdown outputs."""
    summer = str(SAMPLES / "chinh-sach-mua-he.toml")
    for fmt in ("concise", "markdown", "text"):
        _, out, _ = run(capsys, "check", PROVINCE, *PINNED, "--policy", summer, "--format", fmt)
        assert "hung-yen-2026 + chinh-sach-mua-he.toml" in out.replace("\n", "").replace("│", ""), fmt
    _, out, _ = run(capsys, "report", PROVINCE, "--period", "2026-H1", "--as-of", "2026-07-01", "--policy", summer)
    assert "Chính sách: hung-yen-2026 + chinh-sach-mua-he.toml" in out


# -- Google Calendar Takeout zips ----------------------------------------------------------------


def _takeout(tmp_path):
    archive = tmp_path / "takeout-20261130.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("ubnd-tinh-2026.ics", "xa-tan-hung-utc.ics"):
            zf.write(SAMPLES / name, f"Takeout/Calendar/{name}")
        zf.writestr("Takeout/archive_browser.html", "<html></html>")
    return archive


def test_a_takeout_zip_is_read_as_its_calendars(tmp_path, capsys):
    """A Google Takeout .zip is read directly, each .ics inside as its own calendar, as if given one by one."""
    archive = _takeout(tmp_path)
    _, zipped, _ = run(capsys, "check", str(archive), *PINNED, "--format", "json")
    _, plain, _ = run(capsys, "check", str(SAMPLES / "ubnd-tinh-2026.ics"), str(SAMPLES / "xa-tan-hung-utc.ics"),
                      *PINNED, "--format", "json")
    zipped, plain = json.loads(zipped), json.loads(plain)
    assert zipped["summary"] == plain["summary"]
    assert [f["code"] for f in zipped["findings"]] == [f["code"] for f in plain["findings"]]
    origins = {f["origin"] for f in zipped["findings"] if f["origin"]}
    assert f"{archive}!Takeout/Calendar/ubnd-tinh-2026.ics" in origins


def test_a_zip_bomb_is_refused_by_its_caps(tmp_path):
    """A zip whose calendars unpack beyond the cap, or with too many members, is refused, not unpacked."""
    from connectors.ics import takeout

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Takeout/Calendar/a.ics", b"BEGIN:VCALENDAR\r\n" + b" " * 5_000_000)
    assert bomb.stat().st_size < 50_000
    with pytest.raises(takeout.ZipRefused, match="over the cap"):
        takeout.calendars(bomb, max_total=1_000_000)
    with pytest.raises(takeout.ZipRefused, match="members"):
        takeout.calendars(_takeout(tmp_path), max_members=2)


def test_a_refused_zip_is_a_reader_diagnostic(tmp_path, capsys):
    """A file named .zip that is not a zip gives MR001 and exit 2, no traceback."""
    fake = tmp_path / "export.zip"
    fake.write_bytes(b"not a zip at all")
    code, _, err = run(capsys, "check", str(fake), *PINNED)
    assert code == 2 and "zip" in err


# -- check --annotate ----------------------------------------------------------------------------


def _events(path):
    from icalendar import Calendar

    return {str(e.get("SUMMARY")): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_annotate_writes_each_finding_on_its_event(tmp_path, capsys):
    """check --annotate OUT.ics puts X-MEETINGRULES-FINDING and a first DESCRIPTION line on the event a finding is about."""
    out = tmp_path / "da-kiem-tra.ics"
    original = (SAMPLES / "ubnd-tinh-2026.ics").read_bytes()
    code, _, err = run(capsys, "check", PROVINCE, *PINNED, "--format", "json", "--annotate", str(out))
    assert code == 1 and "da-kiem-tra.ics" in err
    assert (SAMPLES / "ubnd-tinh-2026.ics").read_bytes() == original
    event = _events(out)[TITLE]
    findings = event.get("X-MEETINGRULES-FINDING")
    findings = findings if isinstance(findings, list) else [findings]
    assert [(f.params["CODE"], f.params["SEVERITY"]) for f in findings] == [("MR101", "error")]
    # icalendar hands an X- property over as written (RFC 5545 escapes kept)
    unescaped = str(findings[0]).replace("\\,", ",").replace("\\;", ";")
    assert unescaped == "Hội nghị quán triệt kéo dài 4,5 giờ, 1 buổi; giới hạn 4 giờ, 1 buổi (0,5 ngày)."
    assert str(event["DESCRIPTION"]).split("\n")[0] == "[meetingrules] MR101 lỗi: Hội nghị quán triệt quá 1/2 ngày"
    # annotating the annotated calendar replaces, never stacks
    again = tmp_path / "lan-hai.ics"
    run(capsys, "check", str(out), *PINNED, "--annotate", str(again))
    event = _events(again)[TITLE]
    assert str(event["DESCRIPTION"]).count("[meetingrules]") == 1
    repeated = event.get("X-MEETINGRULES-FINDING")
    assert not isinstance(repeated, list) or len(repeated) == 1


def test_annotate_never_overwrites_the_input(tmp_path, capsys):
    """--annotate naming the input calendar exits 2 and leaves it unchanged."""
    copy = tmp_path / "lich.ics"
    copy.write_bytes((SAMPLES / "ubnd-tinh-2026.ics").read_bytes())
    code, _, err = run(capsys, "check", str(tmp_path), *PINNED, "--annotate", str(copy))
    assert code == 2 and "lich.ics" in err
    assert copy.read_bytes() == (SAMPLES / "ubnd-tinh-2026.ics").read_bytes()


@pytest.mark.skipif(not shutil.which("script"), reason="util-linux 'script' gives the command a terminal")
def test_the_table_fits_the_terminal_width():
    """On a terminal 90 columns wide, the table is drawn within 90 columns, with its unit / file column."""
    import re
    import unicodedata

    command = f"stty cols 90 rows 50; {sys.executable} -m connectors.cli check {PROVINCE} --year 2026 --as-of 2026-11-27"
    done = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "", "LINES": ""})
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", done.stdout.decode("utf-8", "replace")).replace("\r", "")
    lines = [line for line in text.split("\n") if line]
    assert any("┏" in line for line in lines)
    widest = max(sum(0 if unicodedata.combining(c) else 1 for c in line) for line in lines)
    assert widest <= 90
    assert "Đơn vị /" in text


@pytest.mark.parametrize(("name", "magic"), [("bao-cao.xlsx", b"PK"), ("bao-cao.docx", b"PK"), ("bao-cao.json", b"{")])
def test_report_output_extension_picks_the_format(tmp_path, capsys, name, magic):
    """report -o bao-cao.xlsx writes a workbook (it wrote Markdown before), .docx a document, .json JSON."""
    target = tmp_path / name
    code, _, _ = run(capsys, "report", str(SAMPLES), "--period", "2026-H1", "--as-of", "2026-07-01", "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(magic)
    if name.endswith("x"):
        with zipfile.ZipFile(target) as zf:
            assert any(n.startswith("xl/" if name.endswith("xlsx") else "word/") for n in zf.namelist())


def test_validate_output_extension_picks_json(tmp_path, capsys):
    """validate -o x.json writes the JSON decision."""
    from tests.paths import PROPOSALS

    target = tmp_path / "quyet-dinh.json"
    main(["validate", str(PROPOSALS / "five-hour-briefing.ics"), "--calendar", PROVINCE, "--as-of", "2026-11-27",
          "-o", str(target)])
    assert json.loads(target.read_text(encoding="utf-8"))["decision"] in ("allow", "warn", "deny")


def test_annotating_a_folder_writes_one_calendar_with_every_event(tmp_path, capsys):
    """--annotate over a folder writes one VCALENDAR holding every event of every file, each zone once."""
    from icalendar import Calendar

    out = tmp_path / "tat-ca.ics"
    run(capsys, "check", str(SAMPLES), *PINNED, "--annotate", str(out))
    calendar = Calendar.from_ical(out.read_bytes())
    expected = sum(len(Calendar.from_ical(p.read_bytes()).walk("VEVENT")) for p in sorted(SAMPLES.glob("*.ics")))
    assert len(calendar.walk("VEVENT")) == expected
    zones = [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
    assert len(zones) == len(set(zones))
    marked = [e for e in calendar.walk("VEVENT") if str(e.get("DESCRIPTION", "")).startswith("[meetingrules]")]
    assert len(marked) >= 8
