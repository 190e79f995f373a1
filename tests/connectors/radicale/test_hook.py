"""The Radicale hook and the guarded save, against a real Radicale on 127.0.0.1 (issue 5)."""

from __future__ import annotations

import datetime as dt

import caldav
import pytest
from caldav.lib import error as caldav_error

from connectors import ics
from connectors.caldav import Credentials
from connectors.caldav.guarded import MeetingRefused, SaveConflict, save_meeting
from connectors.radicale import wrap
from meetingrules import Policy, Waiver, Window
from meetingrules.classify import parse_waivers
from tests.caldav_servers import FIRST_CALENDAR, CalDAVServer, start_radicale
from tests.helpers import TZ
from tests.paths import PROPOSALS

pytestmark = pytest.mark.servers

AS_OF = dt.date(2026, 1, 5)  # before every meeting the tests propose: none is history


def _event(uid: str, start: str, end: str, title: str, extra: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//hook//VI\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART;TZID=Asia/Ho_Chi_Minh:{start}\r\nDTEND;TZID=Asia/Ho_Chi_Minh:{end}\r\n"
        f"SUMMARY:{title}\r\n"
        "ORGANIZER;CN=Văn phòng UBND tỉnh Hưng Yên:mailto:vanphong@hungyen.gov.vn\r\n"
        f"LOCATION:Hội trường lớn UBND tỉnh\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _province_wide(n: int, month: int) -> str:
    return _event(f"toan-tinh-{n}@hungyen.gov.vn", f"2026{month:02d}12T080000", f"2026{month:02d}12T110000",
                  f"Hội nghị toàn tỉnh triển khai nhiệm vụ đợt {n}")


@pytest.fixture
def hooked_radicale(tmp_path):
    """Radicale with the meetingrules storage plugin and the refusal layer, two province-wide conferences stored."""
    server = start_radicale(
        tmp_path,
        storage={"type": "connectors.radicale_hook", "meetingrules_as_of": AS_OF.isoformat()},
        wrap=wrap,
        calendar_name="Lịch công tác UBND tỉnh",
        log_level="critical",
    )
    try:
        server.put_ics(FIRST_CALENDAR, "toan-tinh-1.ics", _province_wide(1, 3))
        server.put_ics(FIRST_CALENDAR, "toan-tinh-2.ics", _province_wide(2, 7))
        yield server
    finally:
        server.stop()


def _put(server: CalDAVServer, name: str, body: str | bytes):
    url = server.calendar_url(FIRST_CALENDAR) + name
    data = body.encode("utf-8") if isinstance(body, str) else body
    return server.client.put(url, data, {"Content-Type": "text/calendar; charset=utf-8"})


def _stored(server: CalDAVServer) -> set[str]:
    calendar = caldav.Calendar(server.client, url=server.calendar_url(FIRST_CALENDAR))
    return {str(event.url).rsplit("/", 1)[-1] for event in calendar.events()}


def _credentials(server: CalDAVServer) -> Credentials:
    return Credentials(server.username, password=server.password, source="argument")


def test_compliant_put_is_stored(hooked_radicale):
    """A compliant online technical conference PUT by the caldav client is stored."""
    response = _put(hooked_radicale, "de-xuat-03.ics", (PROPOSALS / "online-technical.ics").read_bytes())
    assert response.status == 201
    assert "de-xuat-03.ics" in _stored(hooked_radicale)


def test_third_province_wide_conference_is_refused_with_403_and_reason(hooked_radicale):
    """A 3rd province-wide conference gets a 403 naming MR301 in Vietnamese and English, and nothing is stored."""
    with pytest.raises(caldav_error.AuthorizationError) as refused:
        _put(hooked_radicale, "de-xuat-01.ics", (PROPOSALS / "fourth-province-wide.ics").read_bytes())
    error = refused.value
    body = error.body.decode("utf-8")
    assert error.status == 403
    assert "{urn:ietf:params:xml:ns:caldav}valid-calendar-object-resource" in error.preconditions
    assert 'code="MR301"' in body
    assert "Cuộc họp không được lưu vì vi phạm Kế hoạch 160/KH-UBND" in body
    assert "The meeting was not saved because it breaks Kế hoạch 160/KH-UBND" in body
    assert _stored(hooked_radicale) == {"toan-tinh-1.ics", "toan-tinh-2.ics"}


def test_five_hour_briefing_is_refused(hooked_radicale):
    """A 5-hour briefing is refused with MR101."""
    with pytest.raises(caldav_error.AuthorizationError) as refused:
        _put(hooked_radicale, "de-xuat-02.ics", (PROPOSALS / "five-hour-briefing.ics").read_bytes())
    assert refused.value.status == 403
    assert 'code="MR101"' in refused.value.body.decode("utf-8")
    assert "de-xuat-02.ics" not in _stored(hooked_radicale)


def test_guarded_save_refuses_with_the_decision(hooked_radicale):
    """The guarded save refuses a 3rd province-wide conference with its decision, before any PUT."""
    hooked_radicale.clear_requests()
    with pytest.raises(MeetingRefused) as refused:
        save_meeting(hooked_radicale.calendar_url(FIRST_CALENDAR),
                     (PROPOSALS / "fourth-province-wide.ics").read_bytes(),
                     _credentials(hooked_radicale), as_of=AS_OF)
    assert refused.value.codes == ("MR301",)
    assert "Kế hoạch 160/KH-UBND" in refused.value.message("vi")
    assert [r for r in hooked_radicale.requests if r[0] == "PUT"] == []


def test_forced_save_records_the_waiver_and_the_hook_lets_it_through(hooked_radicale):
    """A forced save stores the event with X-MEETINGRULES-WAIVE, which the hook honours."""
    result = save_meeting(hooked_radicale.calendar_url(FIRST_CALENDAR),
                          (PROPOSALS / "fourth-province-wide.ics").read_bytes(),
                          _credentials(hooked_radicale), as_of=AS_OF, force=True,
                          waiver_reason="Theo chỉ đạo của Thủ tướng; hội nghị đột xuất",
                          waiver_by="Chủ tịch UBND tỉnh")
    assert (result.created, result.decision.decision) == (True, "allow")
    assert [f.code for f in result.decision.waived] == ["MR301"]
    stored = ics.read_bytes(hooked_radicale.client.request(result.url).raw.encode("utf-8"), "stored",
                            Policy.builtin(), Window.year(2026, TZ))
    assert parse_waivers(stored.events[0].properties["WAIVE"])[0] == (
        Waiver("MR301", "Theo chỉ đạo của Thủ tướng, hội nghị đột xuất", "Chủ tịch UBND tỉnh", "event"),)


def test_guarded_save_with_a_stale_etag_never_overwrites(hooked_radicale):
    """An update sent with a stale ETag is a conflict and leaves the newer version in place."""
    url = hooked_radicale.calendar_url(FIRST_CALENDAR)
    body = (PROPOSALS / "online-technical.ics").read_text(encoding="utf-8")
    first = save_meeting(url, body, _credentials(hooked_radicale), as_of=AS_OF)
    newer = body.replace("số hóa hồ sơ", "số hóa hồ sơ (đã sửa)")
    second = save_meeting(url, newer, _credentials(hooked_radicale), as_of=AS_OF, etag=first.etag)
    assert (second.created, second.etag != first.etag) == (False, True)
    with pytest.raises(SaveConflict):
        save_meeting(url, body.replace("số hóa hồ sơ", "lần sửa cũ"), _credentials(hooked_radicale),
                     as_of=AS_OF, etag=first.etag)
    with pytest.raises(SaveConflict):
        save_meeting(url, body, _credentials(hooked_radicale), as_of=AS_OF)
    assert "(đã sửa)" in hooked_radicale.client.request(first.url).raw


def test_hook_can_refuse_waivers_written_by_clients(tmp_path):
    """With meetingrules_event_waivers = false, an upload cannot waive itself: the 3rd province-wide conference is refused."""
    server = start_radicale(
        tmp_path,
        storage={"type": "connectors.radicale_hook", "meetingrules_as_of": AS_OF.isoformat(),
                 "meetingrules_event_waivers": "false"},
        wrap=wrap,
        log_level="critical",
    )
    try:
        server.put_ics(FIRST_CALENDAR, "toan-tinh-1.ics", _province_wide(1, 3))
        server.put_ics(FIRST_CALENDAR, "toan-tinh-2.ics", _province_wide(2, 7))
        waived = _event("toan-tinh-3@hungyen.gov.vn", "20260912T080000", "20260912T110000",
                        "Hội nghị toàn tỉnh triển khai nhiệm vụ đợt 3",
                        "X-MEETINGRULES-WAIVE:MR301;reason=Tự miễn;by=Người dùng\r\n")
        with pytest.raises(caldav_error.AuthorizationError) as refused:
            _put(server, "toan-tinh-3.ics", waived)
        assert refused.value.status == 403
        assert 'code="MR301"' in refused.value.body.decode("utf-8")
        assert _stored(server) == {"toan-tinh-1.ics", "toan-tinh-2.ics"}
    finally:
        server.stop()
