"""Budgets: no input exhausts the machine, and hitting a budget hides nothing else (issue 10).

Each input is generated in tmp_path and checked by the CLI in a child process that reports
its peak memory (``resource.getrusage``); the bounds are generous for a loaded CI machine
and far below what these inputs cost before (minutes and gigabytes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from connectors import ics
from meetingrules import Policy, Window, load_policy
from tests.paths import ROOT

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//budgets//VI\r\n"
TAIL = "END:VCALENDAR\r\n"
LONG_BRIEFING = ("BEGIN:VEVENT\r\nUID:dai\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260310T000000Z\r\n"
                 "DTEND:20260310T050000Z\r\nSUMMARY:Hội nghị quán triệt nghị quyết\r\nEND:VEVENT\r\n")
# Run the CLI in this child, then print its peak resident memory (KiB) on the last line of stderr.
RUNNER = ("import resource, sys\nfrom connectors.cli import main\ncode = main(sys.argv[1:])\n"
          "sys.stderr.write('\\nRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(code)\n")


def _series(count: int, rule: str) -> str:
    return "".join(
        f"BEGIN:VEVENT\r\nUID:chuoi-{n}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T010000Z\r\n"
        f"DTEND:20260105T011000Z\r\nSUMMARY:Họp {n}\r\nRRULE:{rule}\r\nEND:VEVENT\r\n"
        for n in range(count)
    )


def _check(*args: str) -> tuple[subprocess.CompletedProcess, float, int]:
    """The CLI on ``args`` in a child process: its result, seconds taken and peak memory in MiB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MEETINGRULES_WORKERS": "1"}
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-c", RUNNER, "check", *args, "--lang", "en"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)
    seconds = time.monotonic() - began
    rss = int(done.stderr.rsplit("RSS ", 1)[1].split()[0]) // 1024
    return done, seconds, rss


def test_unbounded_secondly_series_end_in_seconds(tmp_path):
    """2,000 unbounded SECONDLY series end in seconds with bounded memory, the budget said once."""
    calendar = tmp_path / "secondly.ics"
    calendar.write_text(HEAD + _series(2000, "FREQ=SECONDLY") + LONG_BRIEFING + TAIL, encoding="utf-8", newline="")
    done, seconds, rss = _check(str(calendar), "--year", "2026", "--format", "json")
    assert seconds < 60 and rss < 1024, (seconds, rss)
    doc = json.loads(done.stdout)
    codes = [f["code"] for f in doc["findings"]]
    assert "MR101" in codes  # the event after the series is still checked
    spent = [f for f in doc["findings"] if "limits.occurrences_per_file" in f["message"]]
    assert [f["code"] for f in spent if f["code"] == "MR002"] == ["MR002"]  # said once for the series left out
    assert doc["summary"]["read"] == 2001


def test_a_billion_daily_occurrences_ten_thousand_times_end(tmp_path):
    """10,000 series of DAILY;COUNT=1000000000 end with bounded memory, cut at the file's budget."""
    calendar = tmp_path / "daily.ics"
    calendar.write_text(HEAD + _series(10000, "FREQ=DAILY;COUNT=1000000000") + TAIL, encoding="utf-8", newline="")
    done, seconds, rss = _check(str(calendar), "--year", "2026", "--format", "json")
    assert seconds < 120 and rss < 1024, (seconds, rss)
    doc = json.loads(done.stdout)
    assert doc["summary"]["read"] == 10000
    assert any("limits.occurrences_per_file" in f["message"] for f in doc["findings"])


def test_rrule_folded_over_100001_lines_is_refused_quickly(tmp_path):
    """An RRULE folded over 100,001 lines rejects its event alone, quickly; the next event is checked."""
    rule = "RRULE:FREQ=YEARLY;BYMONTHDAY=" + ",".join(str(1 + n % 28) for n in range(2_800_000))
    folds = [rule[:74]] + [rule[i:i + 73] for i in range(74, len(rule), 73)]
    assert len(folds) > 100_001
    event = ("BEGIN:VEVENT\r\nUID:gap\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T010000Z\r\n"
             "DTEND:20260105T011000Z\r\nSUMMARY:Họp\r\n" + "\r\n ".join(folds) + "\r\nEND:VEVENT\r\n")
    calendar = tmp_path / "folded.ics"
    calendar.write_text(HEAD + event + LONG_BRIEFING + TAIL, encoding="utf-8", newline="")
    done, seconds, rss = _check(str(calendar), "--year", "2026", "--format", "json")
    assert seconds < 20 and rss < 1024, (seconds, rss)
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    rejected = [f for f in doc["findings"] if f["code"] == "MR002"]
    assert [f["uid"] for f in rejected] == ["gap"]
    assert "limits.content_line_chars" in rejected[0]["message"]
    assert "MR101" in {f["code"] for f in doc["findings"]}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_ends_in_seconds():
    """``check /dev/zero`` ends in seconds with exit 2 and bounded memory."""
    done, seconds, rss = _check("/dev/zero")
    assert done.returncode == 2
    assert seconds < 20 and rss < 600, (seconds, rss)
    assert "limits.bytes_per_file" in done.stderr


def test_file_over_the_byte_budget_hides_no_other_file(tmp_path):
    """A file over limits.bytes_per_file is refused with MR001 while the other file is checked."""
    policy = load_policy("[limits]\nbytes_per_file = 2000\n")
    big = tmp_path / "lon.ics"
    big.write_text(HEAD + _series(30, "FREQ=WEEKLY;COUNT=2") + TAIL, encoding="utf-8", newline="")
    small = tmp_path / "nho.ics"
    small.write_text(HEAD + LONG_BRIEFING + TAIL, encoding="utf-8", newline="")
    read = ics.read_paths([str(big), str(small)], policy, Window.year(2026, policy.timezone))
    assert [e.uid for e in read.events] == ["dai"]
    assert [(f.code, f.origin) for f in read.intake.findings] == [("MR001", str(big))]
    assert "limits.bytes_per_file" in read.intake.findings[0].message_en


def test_series_budget_comes_from_the_policy():
    """limits.occurrences_per_series cuts a series where the policy says, with MR004."""
    policy = load_policy("[limits]\noccurrences_per_series = 7\n")
    read = ics.read_bytes((HEAD + _series(1, "FREQ=DAILY") + TAIL).encode(), "lich.ics", policy,
                          Window.year(2026, policy.timezone))
    assert len(read.events) == 7
    assert [f.code for f in read.intake.findings] == ["MR004"]
    assert "limits.occurrences_per_series" in read.intake.findings[0].message_en


def test_nested_components_over_the_budget_reject_the_event():
    """A VEVENT with components nested deeper than limits.nesting_depth is rejected alone."""
    deep = "BEGIN:VALARM\r\n" * 20 + "END:VALARM\r\n" * 20
    text = (HEAD + LONG_BRIEFING.replace("END:VEVENT", deep + "END:VEVENT").replace("UID:dai", "UID:sau")
            + LONG_BRIEFING + TAIL)
    read = ics.read_bytes(text.encode(), "lich.ics", Policy.builtin(), Window.year(2026, Policy.builtin().timezone))
    assert [e.uid for e in read.events] == ["dai"]
    assert [(f.code, f.uid) for f in read.intake.findings] == [("MR002", "sau")]
    assert "limits.nesting_depth" in read.intake.findings[0].message_en


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "inf", '"many"'])
def test_budget_values_are_checked(value):
    """A budget that is not a whole number ≥ 1 is a PolicyError naming the key."""
    from meetingrules import PolicyError

    with pytest.raises(PolicyError, match="limits.occurrences_per_file"):
        load_policy(f"[limits]\noccurrences_per_file = {value}\n")


def test_unbounded_daily_proposal_over_every_year_is_read_quickly():
    """An unbounded DAILY proposal read over 1900–9998 stops at the series cap in about a second, with MR004."""
    from meetingrules.validate import proposal_window

    policy = Policy.builtin()
    began = time.monotonic()
    read = ics.read_bytes((HEAD + _series(1, "FREQ=DAILY") + TAIL).encode(), "de-xuat.ics", policy,
                          proposal_window(policy))
    assert time.monotonic() - began < 10
    assert len(read.events) == 5000
    assert [f.code for f in read.intake.findings] == ["MR004"]


def test_rdate_far_beyond_the_rule_is_still_read():
    """An RDATE decades after a weekly rule's occurrences is still an occurrence of the series."""
    from meetingrules.validate import proposal_window

    policy = Policy.builtin()
    text = HEAD + _series(1, "FREQ=WEEKLY;COUNT=2").replace(
        "END:VEVENT", "RDATE:20990105T010000Z\r\nEND:VEVENT") + TAIL
    read = ics.read_bytes(text.encode(), "de-xuat.ics", policy, proposal_window(policy))
    assert [e.start.year for e in read.events] == [2026, 2026, 2099]
