"""One decision whichever door a proposal comes through (issue 10, SPEC §11).

The CLI ``validate``, ``meetingrules.validate``, the guarded save, the Radicale hook, the
server's ``/api/v1/validate`` and the gateway are asked the same questions; each proposal is judged in every year its occurrences touch, and
history (a meeting already started, the yearly targets of a period that has ended) is
recorded but never refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.connectors.radicale.doors import Doors, as_hook, event

pytestmark = pytest.mark.servers

AS_OF = dt.date(2025, 12, 1)

# Two province-wide conferences already held in 2025, two planned for 2026.
EXISTING = [
    event("cu-1", "20250210T080000"),
    event("cu-2", "20250415T080000"),
    event("moi-1", "20260310T080000"),
    event("moi-2", "20260512T080000"),
]

PROPOSALS = {
    # A third in 2026.
    "single": (event("p-single", "20260910T080000"), "deny"),
    # Monthly from December 2025: five of its six occurrences fall in 2026 (issue 10).
    "series-across-year-end": (event("p-series", "20251215T080000", rrule="FREQ=MONTHLY;COUNT=6"), "deny"),
    # One event on 2025-12-20 with three RDATEs in 2026.
    "rdates": (event("p-rdate", "20251220T080000",
                     rdates=("20260210T080000", "20260610T080000", "20260810T080000")), "deny"),
    # The last evening of 2025 is a third in 2025, still to come.
    "year-end-night": (event("p-night", "20251231T190000"), "deny"),
    # Three in 2032: as_of + 5 years no longer hides them.
    "far-future": (event("p-far", "20320310T080000", rrule="FREQ=MONTHLY;COUNT=3"), "deny"),
    # A third in 2025 that already took place: history, recorded, never refused.
    "past": (event("p-past", "20250310T080000"), "allow"),
    # A five-hour briefing that already took place: history.
    "past-long-briefing": (event("p-brief", "20251110T070000", hours=5, title="Hội nghị quán triệt nghị quyết"),
                           "allow"),
    # The same briefing still to come: MR101.
    "long-briefing": (event("p-brief2", "20251210T070000", hours=5, title="Hội nghị quán triệt nghị quyết"), "deny"),
    # An ordinary working meeting next year.
    "ordinary": (event("p-ok", "20260105T140000", hours=1, title="Họp giao ban Văn phòng"), "allow"),
}


@pytest.fixture(scope="module")
def doors(tmp_path_factory):
    """One hooked Radicale for the module, with the other doors beside it."""
    doors = Doors(tmp_path_factory.mktemp("doors"), AS_OF)
    try:
        yield doors
    finally:
        doors.stop()


@pytest.mark.parametrize("name", sorted(PROPOSALS))
def test_every_door_gives_the_same_decision(doors, name):
    """The library, the CLI, the guarded save, the hook, the server's API and the gateway decide a
    proposal alike, and as the SPEC says."""
    proposal, expected = PROPOSALS[name]
    api = doors.api(EXISTING, proposal)
    assert api[0] == expected
    assert doors.cli(EXISTING, proposal) == api
    assert doors.guarded(EXISTING, proposal) == api
    assert doors.hook(EXISTING, proposal) == as_hook(api)
    assert doors.server_api(EXISTING, proposal) == api
    assert doors.gateway(EXISTING, proposal) == as_hook(api)


def test_series_is_judged_in_every_year_it_touches(doors):
    """A monthly series from December 2025 is refused with MR301 for its 2026 occurrences."""
    decision, codes = doors.api(EXISTING, PROPOSALS["series-across-year-end"][0])
    assert (decision, codes) == ("deny", ("MR301",))


def test_ended_period_targets_never_refuse(doors):
    """An in-person conference back-filled into 2024 is stored although 2024's online share is missed."""
    existing = [event(f"x{n}", f"2024{m:02d}10T080000", title="Hội nghị sơ kết công tác") for n, m in enumerate((3, 6))]
    proposal = event("back", "20240910T080000", title="Hội nghị sơ kết công tác")
    api = doors.api(existing, proposal)
    assert api == ("allow", ())
    assert doors.hook(existing, proposal) == ("stored", ())
    assert doors.cli(existing, proposal) == api


def test_whole_collection_put_is_judged(doors):
    """A PUT of a whole calendar holding three province-wide conferences of 2026 is refused with MR301."""
    name = doors._calendar([])
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//doors//VI\r\n"
        + "".join(event(f"w{n}", f"2026{m:02d}10T080000").split("PRODID:-//test//doors//VI\r\n", 1)[1]
                  .replace("END:VCALENDAR\r\n", "") for n, m in enumerate((3, 6, 9)))
        + "END:VCALENDAR\r\n"
    )
    from caldav.lib import error as caldav_error

    with pytest.raises(caldav_error.AuthorizationError) as refused:
        doors.server.client.put(doors.server.calendar_url(name), body.encode(),
                                {"Content-Type": "text/calendar; charset=utf-8"})
    assert refused.value.status == 403
    assert 'code="MR301"' in refused.value.body.decode("utf-8")


def test_whole_collection_put_within_the_rules_is_stored(doors):
    """A PUT of a whole calendar holding two province-wide conferences of 2026 is stored."""
    name = doors._calendar([])
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//doors//VI\r\n"
        + "".join(event(f"w{n}", f"2026{m:02d}10T080000").split("PRODID:-//test//doors//VI\r\n", 1)[1]
                  .replace("END:VCALENDAR\r\n", "") for n, m in enumerate((3, 6)))
        + "END:VCALENDAR\r\n"
    )
    response = doors.server.client.put(doors.server.calendar_url(name), body.encode(),
                                       {"Content-Type": "text/calendar; charset=utf-8"})
    assert response.status in (200, 201, 204)


def test_hook_refuses_an_event_it_cannot_judge(doors):
    """An event whose start overflows local time is refused by the hook with MR002 naming it."""
    proposal = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//doors//VI\r\nBEGIN:VEVENT\r\nUID:tran-so\r\n"
        "DTSTAMP:20250101T000000Z\r\nDTSTART:99991231T200000Z\r\nDTEND:99991231T210000Z\r\n"
        "SUMMARY:Họp\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert doors.hook([], proposal) == ("deny", ("MR002",))


# -- random proposals against random small calendars ------------------------------------

_MONTHS = st.integers(1, 12)
_YEARS = st.sampled_from([2024, 2025, 2026, 2027, 2033])
_TITLES = st.sampled_from([
    "Hội nghị toàn tỉnh triển khai nhiệm vụ",
    "Hội nghị quán triệt nghị quyết",
    "Họp giao ban Văn phòng",
    "Hội nghị trực tuyến sơ kết công tác",
])


@st.composite
def _event(draw, uid: str):
    year, month = draw(_YEARS), draw(_MONTHS)
    day, hour = draw(st.integers(1, 28)), draw(st.sampled_from([7, 8, 14, 19]))
    start = f"{year}{month:02d}{day:02d}T{hour:02d}0000"
    shape = draw(st.sampled_from(["single", "series", "rdate"]))
    rrule, rdates = "", ()
    if shape == "series":
        rrule = f"FREQ={draw(st.sampled_from(['MONTHLY', 'WEEKLY', 'YEARLY']))};COUNT={draw(st.integers(2, 5))}"
    elif shape == "rdate":
        rdates = tuple(f"{draw(_YEARS)}{draw(_MONTHS):02d}10T080000" for _ in range(draw(st.integers(1, 3))))
    return event(uid, start, hours=draw(st.sampled_from([1, 3, 5])), title=draw(_TITLES), rrule=rrule,
                 rdates=rdates)


@st.composite
def _case(draw):
    existing = [draw(_event(f"e{n}")) for n in range(draw(st.integers(0, 4)))]
    return existing, draw(_event("proposal"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_case())
def test_validate_and_the_hook_agree_on_random_proposals(doors, case):
    """For random proposals against random small calendars, the hook refuses exactly what validate denies."""
    existing, proposal = case
    assert doors.hook(existing, proposal) == as_hook(doors.api(existing, proposal))
