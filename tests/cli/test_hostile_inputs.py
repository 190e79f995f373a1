"""Hostile and careless inputs through the command line: each ends with its exact exit code (issue 10).

Exit 3 (an internal error) is never the answer to any input: every input below has its
one expected code in {0, 1, 2}, the same on every run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.paths import ROOT

SAMPLE = str(ROOT / "samples" / "ubnd-tinh-2026.ics")

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//hostile//VI\r\n"
TAIL = "END:VCALENDAR\r\n"


def _vevent(uid: str, start: str, end: str, title: str = "Họp giao ban") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
            f"SUMMARY:{title}\r\nEND:VEVENT\r\n")


LONG_BRIEFING = _vevent("long", "20260310T000000Z", "20260310T050000Z", "Hội nghị quán triệt nghị quyết")
OVERFLOW = _vevent("tran-so", "99991231T200000Z", "99991231T210000Z")

# name → (file contents or None, extra arguments, expected exit code)
POLICIES = {
    "baseline-year-text": ('[[baselines]]\nyear = "x"\nwide_gatherings = 3\n', 2),
    "baseline-negative": ("[[baselines]]\nyear = 2025\nwide_gatherings = -3\n", 2),
    "baseline-fraction": ("[[baselines]]\nyear = 2025\nwide_gatherings = 3.5\n", 2),
    "baselines-not-a-list": ("baselines = 3\n", 2),
    "deep-array": ("a = " + "[" * 5000 + "]" * 5000 + "\n", 2),
    "deep-but-parsable": ("a = " + "[" * 40 + "]" * 40 + "\n", 2),
    "caps-inf": ("[caps]\nbriefing = inf\n", 2),
    "share-nan": ("[targets]\nonline_share_min = nan\n", 2),
    "speech-minus-inf": ("[speeches]\nopening = -inf\n", 2),
    "waiver-code-number": ("[[waivers]]\ncode = 3\nuid = \"x\"\n", 2),
    "calendar-match-number": ("[[calendars]]\nmatch = 3\n", 2),
    "fine": ("[caps]\nbriefing = 0.5\n", 1),
}

CALENDARS = {
    "overflow-with-long-briefing": (HEAD + OVERFLOW + LONG_BRIEFING + TAIL, 1),
    "overflow-only": (HEAD + OVERFLOW + TAIL, 2),
    "only-event-cut-off": (HEAD + "BEGIN:VEVENT\r\nUID:cut\r\nDTSTART:20260310T010000Z\r\nSUMMARY:Họp", 2),
    "only-event-cut-off-closed-calendar": (HEAD + "BEGIN:VEVENT\r\nUID:cut\r\nDTSTART:20260310T010000Z\r\n" + TAIL, 2),
    "year-one": (HEAD + _vevent("y1", "00010101T000000", "00010101T010000") + TAIL, 0),
    "empty": ("", 2),
    "binary": ("\x00\x01\x02" * 100, 2),
    "no-dtstart": (HEAD + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Họp\r\nEND:VEVENT\r\n" + TAIL, 2),
    "good-and-broken": (HEAD + LONG_BRIEFING + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Họp\r\nEND:VEVENT\r\n" + TAIL, 1),
}


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MEETINGRULES_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "connectors.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120, **kwargs)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_hostile_policy_has_its_exit_code(tmp_path, name):
    """A hostile or careless policy file gets its one exit code and a message naming the key, never exit 3."""
    text, expected = POLICIES[name]
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    done = _run(["check", SAMPLE, "--year", "2026", "--as-of", "2026-11-27", "--policy", str(policy), "--lang", "en"])
    assert done.returncode == expected, done.stderr
    assert "Traceback" not in done.stderr and "Internal error" not in done.stderr
    if expected == 2:
        assert done.stderr.count("\n") == 1 and str(policy) in done.stderr


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_hostile_calendar_has_its_exit_code(tmp_path, name):
    """A hostile or careless calendar file gets its one exit code, never exit 3."""
    text, expected = CALENDARS[name]
    calendar = tmp_path / "lich.ics"
    calendar.write_text(text, encoding="utf-8", newline="")
    done = _run(["check", str(calendar), "--year", "2026", "--as-of", "2026-11-27", "--lang", "en"])
    assert done.returncode == expected, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Internal error" not in done.stderr


def test_overflowing_event_is_rejected_alone(tmp_path):
    """An event at 9999-12-31T20:00Z is rejected alone with MR002 naming it and its value; the others are checked."""
    calendar = tmp_path / "lich.ics"
    calendar.write_text(HEAD + OVERFLOW + LONG_BRIEFING + TAIL, encoding="utf-8", newline="")
    done = _run(["check", str(calendar), "--year", "2026", "--format", "json", "--lang", "en"])
    doc = json.loads(done.stdout)
    assert doc["summary"] == {**doc["summary"], "read": 2, "checked": 1, "rejected": 1}
    rejected = [f for f in doc["findings"] if f["code"] == "MR002"]
    assert [f["uid"] for f in rejected] == ["tran-so"]
    assert "99991231T200000Z" in rejected[0]["message"]
    assert "MR101" in {f["code"] for f in doc["findings"]}


def test_closed_stdin_exits_2_with_one_line():
    """``check -`` with standard input closed exits 2 with one line."""
    done = _run(["check", "-", "--lang", "en"], stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert (done.returncode, done.stderr.count("\n")) == (2, 1), done.stderr
    assert "Standard input is closed" in done.stderr


def test_closed_stdout_exits_2_with_one_line():
    """``check`` with standard output closed exits 2 with one line."""
    done = _run(["check", SAMPLE, "--lang", "en"], preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr.count("\n")) == (2, 1), done.stderr
    assert "Standard output is closed" in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_policy_file_exits_2_quickly():
    """``--policy /dev/zero`` exits 2 with one line instead of reading for ever."""
    done = _run(["check", SAMPLE, "--policy", "/dev/zero", "--lang", "en"])
    assert (done.returncode, done.stderr.count("\n")) == (2, 1), done.stderr
    assert "larger than" in done.stderr


def test_policy_json_never_prints_infinity(tmp_path):
    """``policy --format json`` refuses ``inf`` with exit 2 instead of printing Infinity."""
    policy = tmp_path / "policy.toml"
    policy.write_text("[caps]\nbriefing = inf\n", encoding="utf-8")
    done = _run(["policy", "--policy", str(policy), "--format", "json", "--lang", "en"])
    assert done.returncode == 2
    assert "Infinity" not in done.stdout
    assert "'caps.briefing' must be a finite number" in done.stderr
