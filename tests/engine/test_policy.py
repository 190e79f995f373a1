"""Policies: the built-in profile, TOML overrides and extensions, and clear errors."""

from __future__ import annotations

import pytest

from meetingrules import EventData, Policy, PolicyError, build_meeting, check, load_policy
from tests.helpers import at


def test_builtin_profile_holds_the_plans_numbers():
    """The built-in profile holds the caps, speech limits and targets of the plan."""
    p = Policy.builtin()
    assert [p.cap(k).days for k in ("briefing", "technical", "important", "ceiling")] == [0.5, 1.0, 1.5, 1.5]
    assert [(p.cap(k).hours, p.cap(k).sessions) for k in ("briefing", "technical", "important")] == [
        (4.0, 1.0), (8.0, 2.0), (12.0, 3.0)]
    assert [p.param("speeches", k) for k in ("opening", "contribution", "concluding_total")] == [10, 10, 50]
    assert p.param("targets", "province_wide_per_year") == 2
    assert p.param("targets", "online_share_min") == 0.6
    assert p.param("targets", "reduction_min") == 0.10
    assert p.param("targets", "commune_wide_per_year") == 3
    assert (p.hybrid_counts_as_online, p.tentative_counts, p.enforcement, p.period_mode) == (
        True, True, "deny-on-error", "cutoff")
    assert p.timezone.key == "Asia/Ho_Chi_Minh"


def test_unknown_builtin_is_refused():
    """Asking for a built-in profile that does not exist is a PolicyError."""
    with pytest.raises(PolicyError):
        Policy.builtin("ha-noi-2026")


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("[caps]\nbriefng = 1\n", "p.toml, dòng 2: khóa không xác định 'caps.briefng'.",
         "p.toml, line 2: unknown key 'caps.briefng'."),
        ("\n[speeches]\nopening = \"mười\"\n", "p.toml, dòng 3: khóa 'speeches.opening' phải là số, không phải chuỗi.",
         "p.toml, line 3: 'speeches.opening' must be a number, not a string."),
        ("[targets]\nonline_share_min = 60\n", "p.toml, dòng 2: khóa 'targets.online_share_min' phải nằm trong khoảng 0–1.",
         "p.toml, line 2: 'targets.online_share_min' must be between 0 and 1."),
        ("[enforcement]\nmode = \"deny\"\n",
         "p.toml, dòng 2: khóa 'enforcement.mode' phải là một trong warn-only, deny-on-error, deny-on-warning.",
         "p.toml, line 2: 'enforcement.mode' must be one of warn-only, deny-on-error, deny-on-warning."),
        ("timezone = \"Asia/Hanoi_City\"\n", "p.toml, dòng 1: khóa 'timezone' không phải múi giờ IANA.",
         "p.toml, line 1: 'timezone' is not an IANA time zone."),
        ("[categories]\n\"Họp\" = \"kind:giao-ban\"\n",
         "p.toml, dòng 2: khóa 'categories.Họp' phải có dạng 'kind:briefing', 'scope:…', 'format:…', 'level:…' hoặc 'class:…'.",
         "p.toml, line 2: 'categories.Họp' must read 'kind:briefing', 'scope:…', 'format:…', 'level:…' or 'class:…'."),
    ],
)
def test_invalid_policies_name_key_and_line(text, vi, en):
    """An invalid value is refused with a message naming the key and its line, in both languages."""
    with pytest.raises(PolicyError) as caught:
        load_policy(text, origin="p.toml")
    assert caught.value.message("vi") == vi
    assert caught.value.message("en") == en


def test_not_toml_is_a_policy_error():
    """Text that is not TOML is a PolicyError with the line where parsing failed."""
    with pytest.raises(PolicyError) as caught:
        load_policy("[caps]\nbriefing = \n", origin="p.toml")
    assert caught.value.line == 2


def test_tables_merge_and_lists_extend():
    """A table merges key by key; extend_<key> appends to a built-in list."""
    p = load_policy('[caps]\nbriefing = 0.75\n[keywords]\nextend_briefing = ["học tập chuyên đề"]\n')
    assert p.cap("briefing").days == 0.75 and p.cap("technical").days == 1.0
    assert p.keywords("briefing")[-1] == "học tập chuyên đề"
    assert "quán triệt" in p.keywords("briefing")


def test_extended_keyword_classifies():
    """A keyword added by a policy file classifies a meeting the built-in one would not."""
    p = load_policy('[keywords]\nextend_briefing = ["học tập chuyên đề"]\n')
    e = EventData("u", "Hội nghị học tập chuyên đề năm 2026", at(2026, 4, 1, 8), at(2026, 4, 1, 10))
    assert build_meeting(e, p).kind.value == "briefing"
    assert build_meeting(e).kind.value == "unclassified"


def test_policy_waiver_reaches_the_finding():
    """A waiver written in the policy file marks the matching meeting's finding waived."""
    p = load_policy('[[waivers]]\ncode = "MR101"\nuid = "hn-1"\nreason = "Đặc biệt"\nby = "Chủ tịch UBND tỉnh"\n')
    e = EventData("hn-1", "Hội nghị quán triệt Nghị quyết", at(2026, 4, 1, 7, 30), at(2026, 4, 1, 12))
    [f] = [f for f in check([e], p, as_of=at(2026, 6, 1).date()).findings if f.code == "MR101"]
    assert (f.waiver.code, f.waiver.reason, f.waiver.by, f.waiver.source) == ("MR101", "Đặc biệt", "Chủ tịch UBND tỉnh", "policy")


def test_calendar_mapping_sets_unit_and_level():
    """A [[calendars]] entry maps a calendar file to its unit and level, accent-insensitively."""
    from meetingrules import SourceRef

    p = load_policy('[[calendars]]\nmatch = "Xã Tân Hưng"\nunit = "UBND xã Tân Hưng"\nlevel = "commune"\n')
    e = EventData("u", "Họp", at(2026, 4, 1, 8), at(2026, 4, 1, 9), source=SourceRef(origin="lich/xa-tan-hung.ics"))
    m = build_meeting(e, p)
    assert (m.unit, m.level.value) == ("UBND xã Tân Hưng", "commune")


def test_with_overrides_from_python():
    """Policy.with_overrides applies the same merge and checks as a file."""
    p = Policy.builtin().with_overrides({"targets": {"province_wide_per_year": 1}})
    assert p.param("targets", "province_wide_per_year") == 1
    with pytest.raises(PolicyError):
        Policy.builtin().with_overrides({"targets": {"province_wide_per_year": -1}})


def test_typed_sections_hold_the_tables_values():
    """policy.speeches, .targets and .counting are attrs values built from the merged tables."""
    p = load_policy('[speeches]\nopening = 12\n[counting]\norganizer_overlaps = false\n')
    assert (p.speeches.opening, p.speeches.contribution) == (12, 10)
    assert p.targets.online_share_min == 0.6
    assert p.counting.organizer_overlaps is False
    assert p.setting("speeches.opening") == 12 and p.setting("caps.ceiling").sessions == 3
