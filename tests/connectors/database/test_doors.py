"""The guarded save and the Radicale hook log their decisions in the database (SPEC §10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from caldav.lib import error as caldav_error

from connectors.caldav import Credentials
from connectors.database import Database, DatabaseUnavailable
from connectors.guarded import MeetingRefused, save_meeting
from connectors.radicale_hook import wrap
from tests.caldav_servers import FIRST_CALENDAR, CalDAVServer, start_radicale

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[3]
PROPOSALS = ROOT / "tests" / "data" / "proposals"
AS_OF = dt.date(2026, 11, 27)
COLLECTION = "/canbo/work/"


def _province_wide(n: int, month: int) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//db//VI\r\nBEGIN:VEVENT\r\n"
        f"UID:toan-tinh-{n}@hungyen.gov.vn\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART;TZID=Asia/Ho_Chi_Minh:2026{month:02d}12T080000\r\n"
        f"DTEND;TZID=Asia/Ho_Chi_Minh:2026{month:02d}12T110000\r\n"
        f"SUMMARY:Hội nghị toàn tỉnh triển khai nhiệm vụ đợt {n}\r\n"
        "ORGANIZER;CN=Văn phòng UBND tỉnh Hưng Yên:mailto:vanphong@hungyen.gov.vn\r\n"
        "LOCATION:Hội trường lớn UBND tỉnh\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _fill(server: CalDAVServer) -> CalDAVServer:
    server.put_ics(FIRST_CALENDAR, "toan-tinh-1.ics", _province_wide(1, 3))
    server.put_ics(FIRST_CALENDAR, "toan-tinh-2.ics", _province_wide(2, 7))
    return server


def _put(server: CalDAVServer, name: str, body: bytes):
    url = server.calendar_url(FIRST_CALENDAR) + name
    return server.client.put(url, body, {"Content-Type": "text/calendar; charset=utf-8"})


def _credentials(server: CalDAVServer) -> Credentials:
    return Credentials(server.username, password=server.password, source="argument")


@pytest.fixture
def plain_radicale(tmp_path):
    """Radicale without the hook, two province-wide conferences stored."""
    server = start_radicale(tmp_path, log_level="critical")
    try:
        yield _fill(server)
    finally:
        server.stop()


def test_the_hook_logs_every_judged_put(tmp_path, database_url):
    """Radicale's hook logs an allowed and a refused PUT with the user, collection, UID, codes and latency."""
    server = start_radicale(
        tmp_path,
        storage={"type": "connectors.radicale_hook", "meetingrules_as_of": AS_OF.isoformat(),
                 "meetingrules_database": database_url},
        wrap=wrap, log_level="critical",
    )
    try:
        _fill(server)
        assert _put(server, "de-xuat-03.ics", (PROPOSALS / "online-technical.ics").read_bytes()).status == 201
        with pytest.raises(caldav_error.AuthorizationError):
            _put(server, "de-xuat-01.ics", (PROPOSALS / "fourth-province-wide.ics").read_bytes())
    finally:
        server.stop()
    with Database(database_url) as db:
        rows = db.decisions()
    assert [(r.door, r.client, r.collection) for r in rows] == [("radicale-hook", "canbo", COLLECTION)] * 4
    assert [(r.uid, r.decision) for r in rows[:2]] == [
        ("de-xuat-01@hungyen.gov.vn", "deny"), ("de-xuat-03@hungyen.gov.vn", "allow")]
    refused = rows[0]
    assert refused.codes == ("MR301",)
    assert (refused.title, refused.unit) == ("Hội nghị toàn tỉnh tổng kết công tác năm 2026", "Văn phòng UBND tỉnh Hưng Yên")
    assert refused.start == dt.datetime(2026, 12, 18, 1, 0, tzinfo=dt.timezone.utc)
    assert refused.latency_ms is not None and refused.latency_ms > 0
    assert [r.uid for r in rows[2:]] == ["toan-tinh-2@hungyen.gov.vn", "toan-tinh-1@hungyen.gov.vn"]


def test_a_hook_with_an_unusable_database_does_not_start(tmp_path):
    """Radicale configured with a database it cannot open stops at start with the bilingual error."""
    with pytest.raises(DatabaseUnavailable):
        start_radicale(tmp_path, storage={"type": "connectors.radicale_hook",
                                          "meetingrules_database": "postgresql://u:Bi-mat@127.0.0.1:1/x"},
                       log_level="critical")


def test_the_guarded_save_logs_a_refusal_and_an_allowed_save(plain_radicale, tmp_path):
    """The guarded save given a database URL logs its refusal and its allowed save, with the user name."""
    url = f"sqlite:///{tmp_path / 'decisions.sqlite3'}"
    calendar = plain_radicale.calendar_url(FIRST_CALENDAR)
    with pytest.raises(MeetingRefused):
        save_meeting(calendar, (PROPOSALS / "fourth-province-wide.ics").read_bytes(),
                     _credentials(plain_radicale), as_of=AS_OF, database=url)
    saved = save_meeting(calendar, (PROPOSALS / "online-technical.ics").read_bytes(),
                         _credentials(plain_radicale), as_of=AS_OF, database=url)
    assert saved.created
    with Database(url) as db:
        rows = db.decisions()
    assert [(r.door, r.client, r.collection, r.decision, r.codes) for r in rows] == [
        ("guarded-save", "canbo", COLLECTION, "allow", ()),
        ("guarded-save", "canbo", COLLECTION, "deny", ("MR301",)),
    ]


def test_a_forced_save_is_logged_with_its_waiver(plain_radicale, database_url):
    """A forced save is logged as the decision with the waiver used and who approved it."""
    with Database(database_url) as db:
        save_meeting(plain_radicale.calendar_url(FIRST_CALENDAR),
                     (PROPOSALS / "fourth-province-wide.ics").read_bytes(), _credentials(plain_radicale),
                     as_of=AS_OF, force=True, waiver_reason="Hội nghị đột xuất", waiver_by="Chủ tịch UBND tỉnh",
                     database=db)
        [row] = db.decisions()
    assert (row.decision, row.codes, row.waivers) == ("allow", (), ("MR301",))
    assert row.note == "forced; approved by Chủ tịch UBND tỉnh"


def test_a_guarded_save_with_an_unusable_database_stores_nothing(plain_radicale):
    """A guarded save whose database cannot be opened fails before any PUT."""
    plain_radicale.clear_requests()
    with pytest.raises(DatabaseUnavailable):
        save_meeting(plain_radicale.calendar_url(FIRST_CALENDAR),
                     (PROPOSALS / "online-technical.ics").read_bytes(), _credentials(plain_radicale),
                     as_of=AS_OF, database="postgresql://u:Bi-mat@127.0.0.1:1/x")
    assert [r for r in plain_radicale.requests if r[0] == "PUT"] == []
