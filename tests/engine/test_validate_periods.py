"""Which periods a proposal is judged in, and history that is never refused (issue 10, SPEC §11)."""

from __future__ import annotations

import datetime as dt

import attrs

from meetingrules import Format, Kind, Level, Policy, Scope
from meetingrules.validate import Validator, periods_touched, reading_window, validate
from tests.helpers import at, conference


def _pw(uid, year, month, day=10, **kw):
    return conference(uid, at(year, month, day, 8), at(year, month, day, 11), Kind.TECHNICAL,
                      scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE, **kw)


def _occurrence(meeting, year, month):
    """Another occurrence of a recurring proposal (same UID)."""
    return attrs.evolve(meeting, start=at(year, month, 15, 8), end=at(year, month, 15, 11))


EXISTING_2026 = [_pw("a", 2026, 3), _pw("b", 2026, 5)]


def test_series_from_december_is_judged_in_the_next_year():
    """A series starting in December 2025 with occurrences in 2026 is denied with MR301 for 2026."""
    first = _pw("chuoi", 2025, 12, 15)
    series = [first] + [_occurrence(first, 2026, m) for m in (1, 2, 3)]
    d = validate(series, EXISTING_2026, as_of=dt.date(2025, 12, 1))
    assert d.decision == "deny"
    assert {(f.code, f.start.year) for f in d.deciding if f.code == "MR301"} == {("MR301", 2026)}
    assert [w.start.year for w in d.periods] == [2025, 2026]


def test_far_future_is_judged():
    """Three province-wide conferences in 2032 are judged: the third is denied."""
    d = validate([_pw("x", 2032, 9)], [_pw("p", 2032, 3), _pw("q", 2032, 5)], as_of=dt.date(2026, 1, 5))
    assert (d.decision, [f.code for f in d.deciding]) == ("deny", ["MR301"])


def test_meeting_already_started_is_recorded_not_refused():
    """A third province-wide conference that already took place is allowed; MR301 is kept as history."""
    d = validate([_pw("qua", 2026, 9)], EXISTING_2026, as_of=dt.date(2026, 11, 27))
    assert d.decision == "allow"
    assert "MR301" in {f.code for f in d.history}
    assert [f["history"] for f in d.to_dict("en")["findings"] if f["code"] == "MR301"] == [True]


def test_ended_period_targets_never_refuse():
    """An in-person conference of a year that has ended never refuses on the online share (MR302)."""
    strict = Policy.builtin().with_overrides({"enforcement": {"mode": "deny-on-warning"}})
    # 2 of 3 online (67%): the proposal makes it 2 of 4 (50%), below 60% in a year that has ended.
    in_person = [conference(f"c{n}", at(2025, m, 10, 8), at(2025, m, 10, 10), Kind.TECHNICAL, unit="VP",
                            format=f) for n, (m, f) in enumerate(((2, Format.ONLINE), (3, Format.ONLINE),
                                                                  (4, Format.IN_PERSON)))]
    proposal = conference("moi", at(2025, 6, 10, 8), at(2025, 6, 10, 10), Kind.TECHNICAL, unit="VP",
                          format=Format.IN_PERSON)
    d = validate([proposal], in_person, strict, as_of=dt.date(2026, 11, 27))
    assert d.decision == "allow"
    assert "MR302" in {f.code for f in d.history}


def test_future_occurrences_of_a_running_series_still_decide():
    """A series begun last month is denied for its occurrences still to come."""
    first = _pw("dang", 2026, 10, 15)
    series = [first, _occurrence(first, 2026, 12)]
    d = validate(series, EXISTING_2026, as_of=dt.date(2026, 11, 1))
    assert d.decision == "deny"
    assert [(f.code, f.start.month) for f in d.deciding if f.code == "MR301"] == [("MR301", 12)]
    assert [(f.code, f.start.month) for f in d.history if f.code == "MR301"] == [("MR301", 10)]


def test_periods_and_reading_window():
    """periods_touched lists each year once, in order; reading_window starts a year before the first."""
    policy = Policy.builtin()
    periods = periods_touched([_pw("a", 2030, 1), _pw("b", 2026, 5), _pw("c", 2026, 7)], policy)
    assert [w.start.year for w in periods] == [2026, 2030]
    reading = reading_window(periods, policy)
    assert (reading.start.year, reading.end.year) == (2025, 2031)


def test_fixed_window_is_kept():
    """A Validator given a window judges only that window (the CLI's --year)."""
    from meetingrules import Window

    v = Validator(EXISTING_2026, window=Window.year(2026, Policy.builtin().timezone), as_of=dt.date(2026, 1, 5))
    first = _pw("chuoi", 2026, 12, 15)
    d = v.validate([first, _occurrence(first, 2027, 1)])
    assert [w.start.year for w in d.periods] == [2026]
