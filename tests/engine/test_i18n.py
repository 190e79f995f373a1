"""Words in both languages: moments and numbers as officials write them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from meetingrules.i18n import when
from tests.helpers import TZ


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)), st.booleans())
def test_moments_read_as_strftime_writes_them(moment, midnight):
    """A moment reads "08:00 02/03/2026" in Vietnamese and "2026-03-02 08:00" in English; midnight as the date."""
    if midnight:
        moment = moment.replace(hour=0, minute=0, second=0)
    moment = moment.replace(tzinfo=TZ)
    at_midnight = (moment.hour, moment.minute, moment.second) == (0, 0, 0)
    assert when(moment, "vi") == moment.strftime("%d/%m/%Y" if at_midnight else "%H:%M %d/%m/%Y")
    assert when(moment, "en") == moment.strftime("%Y-%m-%d" if at_midnight else "%Y-%m-%d %H:%M")


def test_a_remembered_reason_is_described_in_the_language_asked():
    """A reason described once in Vietnamese is then described in English in English, and again alike."""
    from meetingrules.i18n import describe_reason
    from meetingrules.model import Reason

    reason = Reason("kind", "briefing", "keyword", "SUMMARY: 'quán triệt'")
    assert describe_reason(reason, "vi") == "loại hội nghị = hội nghị quán triệt (SUMMARY: 'quán triệt')"
    assert describe_reason(reason, "en") == "kind = briefing conference (SUMMARY: 'quán triệt')"
    assert describe_reason(reason, "vi") == "loại hội nghị = hội nghị quán triệt (SUMMARY: 'quán triệt')"
    assert describe_reason(Reason("format", "in-person", "default"), "en") == "format = in person (default)"
