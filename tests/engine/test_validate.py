"""Validating a proposed meeting against the calendar: allow, warn or deny (issue 5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from meetingrules import Kind, Level, Policy, Scope, Waiver, load_policy
from meetingrules.validate import Validator, validate
from connectors.cli import main
from tests.helpers import at, conference, meeting
from tests.paths import PROPOSALS, ROOT

PROVINCE = str(ROOT / "samples" / "ubnd-tinh-2026.ics")
AS_OF = dt.date(2026, 11, 27)


def _pw(uid, month, **kw):
    return conference(uid, at(2026, month, 10, 8), at(2026, month, 10, 11), Kind.TECHNICAL,
                      scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE, **kw)


def test_third_province_wide_conference_is_denied():
    """A third province-wide conference is denied with MR301."""
    d = validate([_pw("new", 12)], [_pw("a", 2), _pw("b", 5)], as_of=AS_OF)
    assert d.decision == "deny"
    assert [(f.code, f.uid) for f in d.deciding] == [("MR301", "new")]


def test_existing_breaches_do_not_decide():
    """A compliant proposal is allowed even when the calendar already breaks rules of its own."""
    long_briefing = conference("old", at(2026, 3, 2, 7), at(2026, 3, 2, 18), Kind.BRIEFING)
    third = _pw("c", 8)
    d = validate([meeting("ok", at(2026, 12, 1, 14), at(2026, 12, 1, 15))], [long_briefing, _pw("a", 2), _pw("b", 5), third],
                 as_of=AS_OF)
    assert d.decision == "allow"
    assert d.deciding == ()


def test_overlap_with_the_chair_is_named_and_warns():
    """A proposal overlapping the chair's meeting warns and names the other meeting."""
    existing = [meeting("x", at(2026, 12, 1, 8), at(2026, 12, 1, 10), organizer="Chủ tịch", title="Giao ban")]
    d = validate([meeting("p", at(2026, 12, 1, 7, 30), at(2026, 12, 1, 9), organizer="Chủ tịch")], existing, as_of=AS_OF)
    assert d.decision == "warn"
    [f] = d.deciding
    assert (f.code, f.uid, f.related) == ("MR401", "x", ("p",))


def test_enforcement_modes():
    """warn-only never denies; deny-on-warning denies a warning."""
    existing = [meeting("x", at(2026, 12, 1, 8), at(2026, 12, 1, 10), organizer="A")]
    proposal = [meeting("p", at(2026, 12, 1, 9), at(2026, 12, 1, 11), organizer="A")]
    strict = load_policy('[enforcement]\nmode = "deny-on-warning"\n')
    assert validate(proposal, existing, strict, as_of=AS_OF).decision == "deny"
    lenient = load_policy('[enforcement]\nmode = "warn-only"\n')
    assert validate([_pw("n", 12)], [_pw("a", 2), _pw("b", 5)], lenient, as_of=AS_OF).decision == "warn"


def test_waiver_lets_an_approved_exception_through_and_records_it():
    """A waived MR301 is allowed, and the decision records the waiver."""
    waiver = Waiver("MR301", "Theo chỉ đạo của Thủ tướng", "Chủ tịch UBND tỉnh")
    d = validate([_pw("new", 12, waivers=[waiver])], [_pw("a", 2), _pw("b", 5)], as_of=AS_OF)
    assert d.decision == "allow"
    assert [(f.code, f.waiver) for f in d.waived] == [("MR301", waiver)]


def test_online_share_budget_is_shown():
    """The proposal's unit's online-share projection is part of the decision's findings."""
    d = validate([conference("p", at(2026, 12, 3, 8), at(2026, 12, 3, 10), Kind.TECHNICAL, unit="VP", format=None)],
                 [conference("o", at(2026, 2, 3, 8), at(2026, 2, 3, 10), Kind.TECHNICAL, unit="VP")], as_of=AS_OF)
    assert "MR302" in [f.code for f in d.findings]


def test_validator_reuses_the_existing_check():
    """A Validator checks the existing calendar once and answers several proposals."""
    v = Validator([_pw("a", 2), _pw("b", 5)], Policy.builtin(), as_of=AS_OF)
    assert v.validate([_pw("n1", 12)]).decision == "deny"
    assert v.validate([meeting("m", at(2026, 9, 1, 8), at(2026, 9, 1, 9))]).decision == "allow"
    assert len(v._baseline) == 1


def _cli(capsys, proposal, *extra):
    code = main(["validate", str(PROPOSALS / proposal), "--calendar", PROVINCE, "--as-of", "2026-11-27",
                 "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_cli_denies_a_fourth_province_wide_conference(capsys):
    """From the CLI, another province-wide conference is denied with MR301 (exit 1)."""
    code, doc = _cli(capsys, "fourth-province-wide.ics")
    assert (code, doc["decision"]) == (1, "deny")
    assert [f["code"] for f in doc["findings"] if f["severity"] == "error" and not f["waived"]] == ["MR301"]


def test_cli_denies_a_five_hour_briefing(capsys):
    """From the CLI, a 5-hour briefing is denied with MR101."""
    code, doc = _cli(capsys, "five-hour-briefing.ics")
    assert (code, doc["decision"]) == (1, "deny")
    assert [f["code"] for f in doc["findings"] if f["severity"] == "error"] == ["MR101"]


def test_cli_allows_a_compliant_online_technical_conference(capsys):
    """From the CLI, a compliant online technical conference is allowed although the calendar has breaches."""
    code, doc = _cli(capsys, "online-technical.ics")
    assert (code, doc["decision"]) == (0, "allow")
    assert [f for f in doc["findings"] if f["severity"] in ("error", "warning")] == []


def test_cli_text_output(capsys):
    """The text output states the decision in Vietnamese."""
    code = main(["validate", str(PROPOSALS / "five-hour-briefing.ics"), "--calendar", PROVINCE, "--as-of", "2026-11-27"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == "Quyết định: TỪ CHỐI"


def _proposals():
    from meetingrules import Format

    yield "4th province-wide", [_pw("n4", 11)]
    yield "overlap with the giao ban chair", [meeting("ov", at(2026, 3, 9, 8), at(2026, 3, 9, 9, 30),
                                                      attendees=["Nguyễn Văn Hùng - Chủ tịch UBND tỉnh"])]
    yield "duplicate of an existing meeting", [meeting("dup", at(2026, 3, 2, 8), at(2026, 3, 2, 10),
                                                       title="Làm việc với Sở Xây dựng về quy hoạch đô thị",
                                                       organizer="Sở Xây dựng")]
    yield "second day of an existing conference", [conference(
        "day3", at(2026, 10, 7), at(2026, 10, 8), Kind.IMPORTANT, all_day=True,
        title="Hội nghị quan trọng cho ý kiến dự thảo Báo cáo chính trị", organizer="Văn phòng UBND tỉnh Hưng Yên",
        unit="Văn phòng UBND tỉnh Hưng Yên")]
    yield "commune re-briefing", [conference("xb", at(2026, 7, 1, 8), at(2026, 7, 1, 10), Kind.BRIEFING,
                                             level=Level.COMMUNE, topics=["226-kl/tw"], unit="UBND xã Tân Hưng")]
    yield "online conference of the office", [conference("ok", at(2026, 12, 3, 14), at(2026, 12, 3, 16), Kind.TECHNICAL,
                                                          format=Format.ONLINE, unit="Văn phòng UBND tỉnh Hưng Yên")]


@pytest.mark.parametrize("name", [name for name, _ in _proposals()])
def test_incremental_validation_equals_a_full_check(name):
    """Validating on top of the cached check gives the same decision and findings as re-checking all."""
    from connectors.sources import read_paths
    from meetingrules import Window

    policy = Policy.builtin()
    window = Window.year(2026, policy.timezone)
    read = read_paths([str(ROOT / "samples")], policy, Window(window.start.replace(year=2025), window.end))
    validator = Validator(read.events, policy, window=window, as_of=AS_OF)
    proposal = dict(_proposals())[name]
    fast, full = validator.validate(proposal), validator.validate(proposal, incremental=False)
    # A pair finding (MR401, MR402) may land on either meeting of the pair: compare the pair.
    key = lambda d: sorted(  # noqa: E731
        (f.code, f.severity.value, f.waived, tuple(sorted({f.uid, *f.related}))) for f in d.findings
    )
    assert (fast.decision, key(fast)) == (full.decision, key(full))


def test_cli_json_accounts_for_the_calendar_and_counts_the_decisions_findings(capsys):
    """validate's JSON summary is the existing calendar's accounting and counts the findings it lists."""
    code, doc = _cli(capsys, "online-technical.ics")
    s = doc["summary"]
    assert (s["read"], s["checked"], s["excluded"], s["rejected"]) == (19, 12, 7, 0)  # samples/ubnd-tinh-2026.ics
    listed = [f["severity"] for f in doc["findings"]]
    assert (s["findings_error"], s["findings_warning"], s["findings_info"]) == (
        listed.count("error"), listed.count("warning"), listed.count("info"))
    assert doc["proposal_summary"] == {"read": 1, "checked": 1, "excluded": 0, "rejected": 0}


def test_cli_text_ends_with_the_calendars_accounting(capsys):
    """The text answer ends with the accounting line of the existing calendar."""
    main(["validate", str(PROPOSALS / "online-technical.ics"), "--calendar", PROVINCE, "--as-of", "2026-11-27"])
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "Lịch hiện có — Đọc 19 sự kiện: 12 đã kiểm tra, 7 loại trừ, 0 bị loại."
    )
