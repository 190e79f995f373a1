"""Measurement of meetings: SPEC §4 and its worked examples."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingrules import Meeting, Policy, load_policy, measure
from tests.helpers import TZ, at

POLICY = Policy.builtin()


def _event(start, end, all_day=False):
    return Meeting("x", "Hội nghị", start, end, all_day=all_day)


@pytest.mark.parametrize(
    ("start", "end", "hours", "sessions"),
    [
        (at(2026, 3, 2, 13, 30), at(2026, 3, 2, 17, 30), 4, 1),
        (at(2026, 3, 2, 7, 30), at(2026, 3, 2, 12, 0), 4.5, 1),
        (at(2026, 3, 2, 10, 0), at(2026, 3, 2, 14, 30), 2.5, 2),
        (at(2026, 3, 2, 7, 30), at(2026, 3, 2, 17, 30), 8, 2),
        (at(2026, 3, 2, 7, 0), at(2026, 3, 2, 18, 0), 9, 2),
        (at(2026, 3, 2, 8, 0), at(2026, 3, 3, 11, 30), 11.5, 3),
    ],
)
def test_worked_examples(start, end, hours, sessions):
    """Each timed worked example of SPEC §4 measures to its stated hours and sessions."""
    m = measure(_event(start, end), POLICY)
    assert (m.hours, m.sessions) == (hours, sessions)


def test_two_all_day_dates():
    """Two all-day dates are 16 hours and 4 sessions."""
    m = measure(_event(at(2026, 3, 2), at(2026, 3, 4), all_day=True), POLICY)
    assert (m.hours, m.sessions, m.days) == (16, 4, 2)


def test_all_day_single_date():
    """One all-day date is one working day: 8 hours, 2 sessions."""
    m = measure(_event(at(2026, 3, 2), at(2026, 3, 3), all_day=True), POLICY)
    assert (m.hours, m.sessions) == (8, 2)


def test_utc_times_are_measured_in_the_policy_zone():
    """A meeting given in UTC is measured in Asia/Ho_Chi_Minh: 00:30–04:30Z is 07:30–11:30."""
    utc = dt.timezone.utc
    m = measure(_event(dt.datetime(2026, 3, 2, 0, 30, tzinfo=utc), dt.datetime(2026, 3, 2, 4, 30, tzinfo=utc)), POLICY)
    assert (m.hours, m.sessions) == (4, 1)


def test_break_not_covered_is_counted():
    """A meeting ending inside the midday break keeps the break minutes it covers."""
    m = measure(_event(at(2026, 3, 2, 9, 0), at(2026, 3, 2, 12, 30)), POLICY)
    assert (m.hours, m.sessions) == (3.5, 1)


def test_night_is_not_meeting_time():
    """An event from 20:00 to 10:00 next day counts only the next morning's part."""
    m = measure(_event(at(2026, 3, 2, 20, 0), at(2026, 3, 3, 10, 0)), POLICY)
    assert (m.hours, m.sessions) == (2.5, 1)


def test_three_day_event_middle_day_is_the_working_span():
    """A middle day of a three-day event counts the working span: 8 hours, 2 sessions."""
    m = measure(_event(at(2026, 3, 2, 13, 30), at(2026, 3, 4, 11, 30)), POLICY)
    assert (m.hours, m.sessions) == (4 + 8 + 4, 1 + 2 + 1)


def test_split_sessions_of_one_conference_are_measured_together():
    """A conference entered as a morning and an afternoon event is one working day."""
    parts = [_event(at(2026, 3, 2, 7, 30), at(2026, 3, 2, 11, 30)), _event(at(2026, 3, 2, 13, 30), at(2026, 3, 2, 17, 30))]
    m = measure(parts, POLICY)
    assert (m.hours, m.sessions, m.days) == (8, 2, 1)


def test_summer_sessions_change_the_measure():
    """With summer sessions 07:00–11:00 and 13:30–17:00, 07:00–17:00 is 7.5 hours."""
    summer = load_policy(
        '[[sessions]]\nname="morning"\nstart="07:00"\nend="11:00"\n'
        '[[sessions]]\nname="afternoon"\nstart="13:30"\nend="17:00"\n'
    )
    m = measure(_event(at(2026, 6, 1, 7, 0), at(2026, 6, 1, 17, 0)), summer)
    assert (m.hours, m.sessions) == (7.5, 2)
    assert summer.cap("technical").hours == 7.5


_minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def _intervals(draw):
    start = draw(_minutes)
    length = draw(st.integers(min_value=1, max_value=3 * 24 * 60))
    day = at(2026, 3, 2) + dt.timedelta(days=draw(st.integers(0, 300)))
    begin = day + dt.timedelta(minutes=start)
    return begin, begin + dt.timedelta(minutes=length)


@settings(max_examples=200, deadline=None)
@given(_intervals(), st.integers(min_value=1, max_value=400))
def test_moving_by_whole_days_keeps_the_measure(interval, days):
    """Moving a meeting by whole days never changes its hours or sessions."""
    start, end = interval
    shift = dt.timedelta(days=days)
    assert measure(_event(start, end), POLICY) == measure(_event(start + shift, end + shift), POLICY)


@settings(max_examples=200, deadline=None)
@given(_intervals(), st.lists(st.floats(min_value=0.01, max_value=0.99), min_size=1, max_size=4))
def test_splitting_never_lowers_the_length(interval, cuts):
    """Splitting a conference into several events never lowers its hours or sessions."""
    start, end = interval
    total = (end - start).total_seconds()
    points = sorted({start + dt.timedelta(seconds=round(total * c / 60) * 60) for c in cuts} | {start, end})
    parts = [_event(a, b) for a, b in zip(points, points[1:]) if b > a]
    whole = measure(_event(start, end), POLICY)
    split = measure(parts, POLICY)
    assert split.seconds >= whole.seconds
    assert split.sessions >= whole.sessions


@settings(max_examples=200, deadline=None)
@given(_intervals())
def test_hours_never_exceed_wall_time(interval):
    """Measured hours never exceed the wall-clock length of the event."""
    start, end = interval
    assert measure(_event(start, end), POLICY).seconds <= (end - start).total_seconds()


def test_zone_is_policy_zone():
    """The helpers' zone is the built-in policy's zone."""
    assert POLICY.timezone.key == TZ.key


_PARIS = load_policy('timezone = "Europe/Paris"\n')


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
    st.integers(min_value=0, max_value=24 * 60 - 1),
    st.integers(min_value=1, max_value=24 * 60),
    st.sampled_from([POLICY, _PARIS]),
)
def test_one_meeting_measures_as_the_events_of_a_conference_do(day, start, length, policy):
    """One meeting measures as a conference of two identical events does, on any date (clock changes included)."""
    begin = dt.datetime.combine(day, dt.time(), tzinfo=policy.timezone) + dt.timedelta(minutes=start)
    m = _event(begin, begin + dt.timedelta(minutes=length))
    assert measure(m, policy) == measure([m, m], policy)


@pytest.mark.parametrize(("start", "end"), [((3, 29, 7, 30), (3, 29, 17, 30)), ((10, 25, 1, 30), (10, 25, 12, 0))])
def test_a_day_with_a_clock_change_measures_as_any_other(start, end):
    """A meeting on the day clocks change is measured on its wall-clock times, like the same times on another day."""
    zone = _PARIS.timezone
    m = _event(dt.datetime(2026, *start, tzinfo=zone), dt.datetime(2026, *end, tzinfo=zone))
    assert measure(m, _PARIS) == measure([m, m], _PARIS)
