"""The gateway in front of a real Radicale (htpasswd) and a real Xandikos, with the caldav library as client."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging

import caldav
import httpx
import pytest
from caldav.lib import error as caldav_error
from lxml import etree

from connectors.gateway import FINDINGS_HEADER, GatewayConfig
from tests.caldav_servers import (
    FIRST_CALENDAR,
    PASSWORD,
    USERNAME,
    CalDAVServer,
    start_radicale,
    start_xandikos,
)
from tests.connectors.gateway.servers import free_port, gateway_process, gateway_thread

pytestmark = pytest.mark.servers

AS_OF = dt.date(2026, 1, 2)
AUTH = (USERNAME, PASSWORD)
ICS = {"Content-Type": "text/calendar; charset=utf-8"}


def event(uid: str, start: str, end: str, title: str, extra: str = "") -> str:
    """One VEVENT in Asia/Ho_Chi_Minh, organised by the provincial office."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//gateway//VI\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART;TZID=Asia/Ho_Chi_Minh:{start}\r\nDTEND;TZID=Asia/Ho_Chi_Minh:{end}\r\n"
        f"SUMMARY:{title}\r\n"
        "ORGANIZER;CN=Văn phòng UBND tỉnh Hưng Yên:mailto:vanphong@hungyen.gov.vn\r\n"
        f"LOCATION:Hội trường lớn UBND tỉnh\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def province_wide(n: int, month: int = 3, day: int = 12) -> str:
    """A province-wide conference (MR301 counts it)."""
    return event(f"toan-tinh-{n}@hungyen.gov.vn", f"2026{month:02d}{day:02d}T080000", f"2026{month:02d}{day:02d}T110000",
                 f"Hội nghị toàn tỉnh triển khai nhiệm vụ đợt {n}")


def working_meeting(n: int) -> str:
    """An ordinary two-hour working meeting that breaks nothing."""
    return event(f"hop-{n}@hungyen.gov.vn", "20260415T140000", "20260415T160000", f"Họp giao ban Văn phòng tuần {n}")


@pytest.fixture(params=["radicale", "xandikos"])
def upstream(request, tmp_path):
    """A real CalDAV server with an empty calendar ``work``."""
    logging.getLogger("xandikos").setLevel(logging.CRITICAL)
    if request.param == "radicale":
        server = start_radicale(tmp_path, log_level="critical")
    else:
        server = start_xandikos(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def radicale(tmp_path):
    """A real Radicale with htpasswd authentication and an empty calendar ``work``."""
    server = start_radicale(tmp_path, log_level="critical")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def gateway(upstream):
    """The gateway in front of ``upstream`` (enforce, closed), as of 2 January 2026."""
    with gateway_thread(GatewayConfig(upstream.url, as_of=AS_OF, timeout=10)) as url:
        yield url


def path_of(server: CalDAVServer, name: str = "") -> str:
    """The path of the calendar ``work`` (or of an object in it) on the server."""
    return server.calendar_url(FIRST_CALENDAR)[len(server.url):] + name


def calendar_through(gateway_url: str, server: CalDAVServer, password: str = PASSWORD) -> caldav.Calendar:
    """The calendar ``work`` as a caldav library client sees it through the gateway."""
    client = caldav.DAVClient(url=gateway_url, username=USERNAME, password=password)
    return client.calendar(url=gateway_url + path_of(server))


def stored_uids(server: CalDAVServer) -> set[str]:
    """The UIDs the upstream holds in ``work``, read directly."""
    calendar = server.client.calendar(url=server.calendar_url(FIRST_CALENDAR))
    return {str(o.icalendar_component["UID"]) for o in calendar.events()}


def test_a_compliant_put_is_stored(upstream, gateway):
    """A compliant meeting saved through the gateway with the caldav library is stored upstream."""
    calendar_through(gateway, upstream).save_event(working_meeting(1))
    assert stored_uids(upstream) == {"hop-1@hungyen.gov.vn"}


def test_a_breach_gets_403_with_its_reasons_and_is_not_stored(upstream, gateway):
    """A third province-wide conference is refused with 403, the CalDAV precondition and MR301 in both languages."""
    upstream.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    upstream.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    answer = httpx.put(gateway + path_of(upstream, "c.ics"), content=province_wide(3, 9).encode(), headers=ICS,
                       auth=AUTH)
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(answer.content)
    assert root.tag == "{DAV:}error"
    assert root.find("{urn:ietf:params:xml:ns:caldav}valid-calendar-object-resource") is not None
    [finding] = root.findall("{urn:meetingrules:1}finding")
    assert (finding.get("code"), finding.get("severity"), finding.get("uid")) == (
        "MR301", "error", "toan-tinh-3@hungyen.gov.vn")
    messages = {m.get("{http://www.w3.org/XML/1998/namespace}lang"): m.text
                for m in root.findall("{urn:meetingrules:1}message")}
    assert messages["vi"].startswith("Cuộc họp không được lưu vì vi phạm Kế hoạch 160/KH-UBND:\n- MR301")
    assert messages["en"].startswith("The meeting was not saved because it breaks Kế hoạch 160/KH-UBND:\n- MR301")
    assert "toan-tinh-3@hungyen.gov.vn" not in stored_uids(upstream)


def test_the_caldav_library_raises_on_a_refusal(radicale):
    """The caldav library raises AuthorizationError with status 403, the CalDAV precondition and the reasons."""
    radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        with pytest.raises(caldav_error.AuthorizationError) as raised:
            calendar_through(url, radicale).save_event(province_wide(3, 9))
    refusal = raised.value
    assert refusal.status == 403
    assert refusal.preconditions[:2] == ["{urn:ietf:params:xml:ns:caldav}valid-calendar-object-resource",
                                         "{urn:meetingrules:1}meeting-rules-compliant"]
    assert b'code="MR301"' in refusal.body


def _same(direct: httpx.Response, through: httpx.Response) -> None:
    assert through.status_code == direct.status_code
    assert through.content == direct.content
    for name in ("content-type", "etag", "dav", "server"):
        assert through.headers.get(name) == direct.headers.get(name)
    assert len(through.headers.get_list("date")) == 1


def test_reads_and_delete_pass_through_unchanged(upstream, gateway):
    """GET, PROPFIND, REPORT and sync-collection answer as the upstream does; a DELETE removes the object."""
    upstream.put_ics(FIRST_CALENDAR, "a.ics", working_meeting(1))
    upstream.put_ics(FIRST_CALENDAR, "b.ics", working_meeting(2))
    calendar = path_of(upstream)
    report = (b'<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
              b'<D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>'
              b"</C:calendar-query>")
    sync = (b'<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level>'
            b"<D:prop><D:getetag/></D:prop></D:sync-collection>")
    requests = [
        ("GET", calendar + "a.ics", {}, None),
        ("PROPFIND", calendar, {"Depth": "1", "Content-Type": "application/xml"},
         b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:displayname/></D:prop></D:propfind>'),
        ("REPORT", calendar, {"Depth": "1", "Content-Type": "application/xml"}, report),
        ("REPORT", calendar, {"Content-Type": "application/xml"}, sync),
        ("OPTIONS", calendar, {}, None),
    ]
    for method, path, headers, body in requests:
        httpx.request(method, upstream.url + path, headers=headers, content=body, auth=AUTH)  # Xandikos settles
        direct = httpx.request(method, upstream.url + path, headers=headers, content=body, auth=AUTH)
        through = httpx.request(method, gateway + path, headers=headers, content=body, auth=AUTH)
        _same(direct, through)
    direct = httpx.delete(upstream.url + calendar + "b.ics", auth=AUTH)
    through = httpx.delete(gateway + calendar + "a.ics", auth=AUTH)
    assert through.status_code == direct.status_code
    assert stored_uids(upstream) == set()


def test_a_delete_is_never_refused_and_frees_the_cap(radicale):
    """After a DELETE through the gateway, a conference refused before is stored."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        for n, month in ((1, 3), (2, 7)):
            assert httpx.put(url + path_of(radicale, f"{n}.ics"), content=province_wide(n, month).encode(),
                             headers=ICS, auth=AUTH).status_code == 201
        third = province_wide(3, 9).encode()
        assert httpx.put(url + path_of(radicale, "3.ics"), content=third, headers=ICS, auth=AUTH).status_code == 403
        assert httpx.delete(url + path_of(radicale, "1.ics"), auth=AUTH).status_code in (200, 204)
        assert httpx.put(url + path_of(radicale, "3.ics"), content=third, headers=ICS, auth=AUTH).status_code == 201


def test_an_edit_is_judged_as_a_replacement(radicale):
    """Moving one of two stored province-wide conferences to another month is an edit, not a third."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        for n, month in ((1, 3), (2, 7)):
            httpx.put(url + path_of(radicale, f"{n}.ics"), content=province_wide(n, month).encode(), headers=ICS,
                      auth=AUTH)
        moved = httpx.put(url + path_of(radicale, "2.ics"), content=province_wide(2, 8).encode(), headers=ICS,
                          auth=AUTH)
        assert moved.status_code in (201, 204)
        third = httpx.put(url + path_of(radicale, "3.ics"), content=province_wide(3, 9).encode(), headers=ICS,
                          auth=AUTH)
        assert third.status_code == 403


def test_another_clients_write_is_seen_through_sync(radicale):
    """Conferences stored directly on the upstream after the gateway warmed up still count (sync-collection)."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        assert httpx.put(url + path_of(radicale, "m.ics"), content=working_meeting(1).encode(), headers=ICS,
                         auth=AUTH).status_code == 201
        radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
        radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
        third = httpx.put(url + path_of(radicale, "c.ics"), content=province_wide(3, 9).encode(), headers=ICS,
                          auth=AUTH)
        assert third.status_code == 403


def _ten_conferences(url: str, server: CalDAVServer) -> list[int]:
    def put(n: int) -> int:
        return httpx.put(url + path_of(server, f"new-{n}.ics"), content=province_wide(10 + n, 4, 10 + n).encode(),
                         headers=ICS, auth=AUTH, timeout=60).status_code

    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        return list(pool.map(put, range(10)))


def _province_wide_stored(server: CalDAVServer) -> int:
    return sum(1 for uid in stored_uids(server) if uid.startswith("toan-tinh-"))


def test_ten_concurrent_conferences_with_the_cap_reached_store_none(radicale):
    """Ten simultaneous new province-wide conferences when two exist: none is stored."""
    radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 2))
    radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 3))
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        statuses = _ten_conferences(url, radicale)
    assert sorted(statuses) == [403] * 10
    assert _province_wide_stored(radicale) == 2


def test_ten_concurrent_conferences_on_an_empty_calendar_store_exactly_two(upstream, gateway):
    """Ten simultaneous new province-wide conferences on an empty calendar: exactly two are stored."""
    statuses = _ten_conferences(gateway, upstream)
    assert sorted(statuses) == [201, 201] + [403] * 8
    assert _province_wide_stored(upstream) == 2


def test_two_gateway_processes_with_a_shared_database_store_exactly_two(radicale, tmp_path):
    """Two gateway processes sharing a SQLite database in front of one upstream store exactly two of ten."""
    database = f"sqlite:///{tmp_path / 'decisions.db'}"
    options = ("--upstream", radicale.url, "--database", database, "--as-of", AS_OF.isoformat())
    with gateway_process(*options) as first, gateway_process(*options) as second:
        def put(n: int) -> int:
            url = first if n % 2 else second
            return httpx.put(url + path_of(radicale, f"new-{n}.ics"), content=province_wide(10 + n, 4, 10 + n).encode(),
                             headers=ICS, auth=AUTH, timeout=60).status_code

        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            statuses = list(pool.map(put, range(10)))
    assert sorted(statuses) == [201, 201] + [403] * 8
    assert _province_wide_stored(radicale) == 2
    from connectors.database import Database

    with Database(database) as log:
        rows = log.decisions()
    assert len(rows) == 10 and sum(r.decision == "deny" for r in rows) == 8
    assert {r.door for r in rows} == {"gateway"}


def test_a_series_crossing_a_year_end_is_judged_in_both_years(radicale):
    """A monthly series from December 2025 is refused when its 2026 occurrences break the 2026 cap."""
    radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    series = event("chuoi@hungyen.gov.vn", "20251215T080000", "20251215T110000",
                   "Hội nghị toàn tỉnh giao ban hằng tháng", "RRULE:FREQ=MONTHLY;COUNT=6\r\n")
    with gateway_thread(GatewayConfig(radicale.url, as_of=dt.date(2025, 12, 1))) as url:
        answer = httpx.put(url + path_of(radicale, "chuoi.ics"), content=series.encode(), headers=ICS, auth=AUTH)
    assert answer.status_code == 403


def test_a_meeting_already_started_is_recorded(radicale):
    """A five-hour briefing that has already taken place is stored (history is not refused)."""
    briefing = event("da-hop@hungyen.gov.vn", "20260302T073000", "20260302T123000",
                     "Hội nghị quán triệt nghị quyết", "X-MEETINGRULES-FORMAT:online\r\n")
    with gateway_thread(GatewayConfig(radicale.url, as_of=dt.date(2026, 11, 27))) as url:
        answer = httpx.put(url + path_of(radicale, "h.ics"), content=briefing.encode(), headers=ICS, auth=AUTH)
    assert answer.status_code == 201


def test_a_wrong_password_brings_the_upstreams_401_back(upstream, gateway):
    """A PUT with a wrong password is answered by the upstream: 401 and its challenge."""
    direct = httpx.put(upstream.url + path_of(upstream, "x.ics"), content=working_meeting(1).encode(), headers=ICS,
                       auth=(USERNAME, "sai-mat-khau"))
    through = httpx.put(gateway + path_of(upstream, "x.ics"), content=working_meeting(1).encode(), headers=ICS,
                        auth=(USERNAME, "sai-mat-khau"))
    assert (through.status_code, through.headers.get("www-authenticate")) == (
        401, direct.headers.get("www-authenticate"))
    with pytest.raises(caldav_error.AuthorizationError):
        calendar_through(gateway, upstream, password="sai-mat-khau").save_event(working_meeting(1))


def test_a_put_without_credentials_is_forwarded_unjudged(radicale):
    """A PUT without credentials reaches the upstream, which asks for them."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        answer = httpx.put(url + path_of(radicale, "x.ics"), content=province_wide(1).encode(), headers=ICS)
    assert answer.status_code == 401
    assert ("PUT", "/" + path_of(radicale, "x.ics"), 401) in radicale.requests


def test_the_upstream_going_down_gives_502_and_503_with_a_message(tmp_path):
    """With the upstream stopped, a read answers 502 and a judged PUT 503 (failure policy closed), both explained."""
    server = start_radicale(tmp_path, log_level="critical")
    with gateway_thread(GatewayConfig(server.url, as_of=AS_OF, timeout=5)) as url:
        assert httpx.put(url + path_of(server, "m.ics"), content=working_meeting(1).encode(), headers=ICS,
                         auth=AUTH).status_code == 201
        server.stop()
        read = httpx.request("PROPFIND", url + path_of(server), headers={"Depth": "0"}, auth=AUTH)
        put = httpx.put(url + path_of(server, "n.ics"), content=working_meeting(2).encode(), headers=ICS, auth=AUTH)
    assert read.status_code == 502
    assert "Không kết nối được máy chủ lịch" in read.text and "Cannot reach the calendar server" in read.text
    assert put.status_code == 503
    assert put.text.startswith("Cổng kiểm tra chưa xét được cuộc họp nên chưa lưu")
    assert "The gateway could not judge the meeting, so it was not saved" in put.text


def test_an_upstream_that_does_not_listen_gives_502():
    """A gateway whose upstream port is closed answers 502 with a message."""
    with gateway_thread(GatewayConfig(f"http://127.0.0.1:{free_port()}/", timeout=5)) as url:
        answer = httpx.get(url + "anything")
    assert answer.status_code == 502
    assert "Cannot reach the calendar server" in answer.text


def test_warn_mode_forwards_a_breach_and_names_its_codes(radicale):
    """In warn mode a third province-wide conference is stored and the answer names MR301."""
    radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF, mode="warn")) as url:
        answer = httpx.put(url + path_of(radicale, "c.ics"), content=province_wide(3, 9).encode(), headers=ICS,
                           auth=AUTH)
    assert answer.status_code == 201
    assert answer.headers[FINDINGS_HEADER] == "MR301"
    assert answer.headers["x-meetingrules-decision"] == "deny"
    assert "toan-tinh-3@hungyen.gov.vn" in stored_uids(radicale)


@pytest.mark.parametrize(("policy", "status", "stored"), [("closed", 503, False), ("open", 201, True)])
def test_failure_policy_when_the_collection_cannot_be_read(radicale, policy, status, stored):
    """When the collection read fails, closed answers 503 and stores nothing; open forwards the PUT."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF, failure_policy=policy)) as url:
        radicale.fail_next(1, 500)  # the first read of the collection
        answer = httpx.put(url + path_of(radicale, "m.ics"), content=working_meeting(1).encode(), headers=ICS,
                           auth=AUTH)
    assert answer.status_code == status
    assert ("hop-1@hungyen.gov.vn" in stored_uids(radicale)) is stored


def test_a_put_larger_than_the_limit_gets_413(radicale):
    """A PUT larger than --max-body is answered 413 and never reaches the upstream."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF, max_body=1000)) as url:
        radicale.clear_requests()
        answer = httpx.put(url + path_of(radicale, "big.ics"),
                           content=event("big", "20260415T140000", "20260415T160000", "Họp " + "x" * 2000).encode(),
                           headers=ICS, auth=AUTH)
    assert answer.status_code == 413
    assert not [r for r in radicale.requests if r[0] == "PUT"]


def test_under_a_prefix_paths_and_hrefs_are_translated(radicale):
    """Mounted under /lich/, the caldav library works through the gateway and hrefs carry the prefix."""
    radicale.put_ics(FIRST_CALENDAR, "a.ics", working_meeting(1))
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF, prefix="/lich/")) as url:
        answer = httpx.request("PROPFIND", url + "lich/" + path_of(radicale), headers={"Depth": "1"}, auth=AUTH)
        client = caldav.DAVClient(url=url + "lich/", username=USERNAME, password=PASSWORD)
        calendar = client.calendar(url=url + "lich/" + path_of(radicale))
        calendar.save_event(working_meeting(2))
        uids = {str(e.icalendar_component["UID"]) for e in calendar.events()}
    assert answer.status_code == 207
    hrefs = [h.text for h in etree.fromstring(answer.content).iter("{DAV:}href")]
    assert hrefs and all(h.startswith("/lich/") for h in hrefs)
    assert uids == {"hop-1@hungyen.gov.vn", "hop-2@hungyen.gov.vn"}


def test_judged_puts_are_logged_in_the_database(radicale, tmp_path):
    """With a database, each judged PUT is a row with user, collection, UID, decision, codes and latency."""
    from connectors.database import Database

    radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    database = Database(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF, database=database)) as url:
            httpx.put(url + path_of(radicale, "m.ics"), content=working_meeting(1).encode(), headers=ICS, auth=AUTH)
            httpx.put(url + path_of(radicale, "c.ics"), content=province_wide(3, 9).encode(), headers=ICS, auth=AUTH)
        rows = sorted(database.decisions(), key=lambda r: r.uid)
    finally:
        database.close()
    assert [(r.client, r.collection, r.uid, r.decision, r.codes) for r in rows] == [
        (USERNAME, "/" + path_of(radicale), "hop-1@hungyen.gov.vn", "allow", ()),
        (USERNAME, "/" + path_of(radicale), "toan-tinh-3@hungyen.gov.vn", "deny", ("MR301",)),
    ]
    assert all(r.latency_ms is not None and r.latency_ms > 0 for r in rows)
    assert all(PASSWORD not in repr(r) for r in rows)


def test_bad_options_exit_2_with_a_bilingual_message(capsys):
    """A bad --upstream exits 2 with the message in the chosen language."""
    from connectors.cli import main

    assert main(["gateway", "--upstream", "ftp://lich.example"]) == 2
    assert "--upstream phải là địa chỉ http:// hoặc https://" in capsys.readouterr().err
    assert main(["gateway", "--upstream", "http://x", "--listen", "abc", "--lang", "en"]) == 2
    assert "--listen takes HOST:PORT" in capsys.readouterr().err
    assert main(["gateway", "--upstream", "http://x", "--database", "nosuch://x", "--lang", "en"]) == 2
    assert "Cannot open the database" in capsys.readouterr().err
    assert main(["gateway", "--upstream", "http://x", "--timeout", "0"]) == 2
    assert "--timeout phải lớn hơn 0" in capsys.readouterr().err


def test_credentials_never_reach_the_log(radicale, caplog):
    """The gateway's log lines name the user and never carry the password or the Authorization header."""
    caplog.set_level(logging.DEBUG)
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        httpx.put(url + path_of(radicale, "m.ics"), content=working_meeting(1).encode(), headers=ICS, auth=AUTH)
    gateway_lines = [r.getMessage() for r in caplog.records if r.name.startswith("meetingrules")]
    assert any(USERNAME in line for line in gateway_lines)
    header = httpx.BasicAuth(*AUTH)._auth_header
    assert not any(PASSWORD in line or header in line for line in caplog.messages)



def test_a_redirect_is_returned_not_followed(radicale):
    """The upstream's redirect reaches the client as it is; the gateway does not follow it."""
    direct = httpx.get(radicale.url, auth=AUTH)
    with gateway_thread(GatewayConfig(radicale.url)) as url:
        radicale.clear_requests()
        through = httpx.get(url, auth=AUTH)
    assert 300 <= direct.status_code < 400
    assert (through.status_code, through.headers["location"]) == (direct.status_code, direct.headers["location"])
    assert [r[0] for r in radicale.requests] == ["GET"]


def _whole_calendar(*months: int) -> bytes:
    events = [province_wide(n, month).split("BEGIN:VEVENT", 1)[1].rsplit("END:VCALENDAR", 1)[0]
              for n, month in enumerate(months, 1)]
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//gateway//VI\r\n"
            + "".join("BEGIN:VEVENT" + e for e in events) + "END:VCALENDAR\r\n").encode()


def test_a_whole_calendar_put_is_judged_component_by_component(radicale):
    """A whole calendar PUT on the collection with three province-wide conferences is refused for the third."""
    radicale.put_ics(FIRST_CALENDAR, "m.ics", working_meeting(1))
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        refused = httpx.put(url + path_of(radicale), content=_whole_calendar(3, 5, 9), headers=ICS, auth=AUTH)
        assert stored_uids(radicale) == {"hop-1@hungyen.gov.vn"}
        stored = httpx.put(url + path_of(radicale), content=_whole_calendar(3, 5), headers=ICS, auth=AUTH)
    assert refused.status_code == 403
    findings = etree.fromstring(refused.content).findall("{urn:meetingrules:1}finding")
    assert [(f.get("code"), f.get("uid")) for f in findings] == [("MR301", "toan-tinh-3@hungyen.gov.vn")]
    assert stored.status_code in (200, 201, 204)
    assert stored_uids(radicale) == {"toan-tinh-1@hungyen.gov.vn", "toan-tinh-2@hungyen.gov.vn"}


def _wait_until_quiet(server, quiet: float = 1.0, at_most: float = 15.0) -> None:
    """Wait until ``server`` has had no request for ``quiet`` seconds (background work done)."""
    import time

    deadline = time.monotonic() + at_most
    seen = -1
    while time.monotonic() < deadline:
        count = len(server.requests)
        if count == seen:
            return
        seen = count
        time.sleep(quiet)


def test_a_refused_sync_token_means_one_full_read(radicale, tmp_path):
    """When the upstream no longer knows the gateway's sync token, the collection is read again in full."""
    with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF)) as url:
        assert httpx.put(url + path_of(radicale, "m.ics"), content=working_meeting(1).encode(), headers=ICS,
                         auth=AUTH).status_code == 201
        _wait_until_quiet(radicale)  # the gateway's catch-up after its own PUT has run
        radicale.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
        radicale.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
        tokens = tmp_path / "collections" / "collection-root" / USERNAME / FIRST_CALENDAR / ".Radicale.cache" / "sync-token"
        for token in tokens.iterdir():  # Radicale forgets every token it gave out
            token.unlink()
        radicale.clear_requests()
        third = httpx.put(url + path_of(radicale, "c.ics"), content=province_wide(3, 9).encode(), headers=ICS,
                          auth=AUTH)
    assert third.status_code == 403
    reports = [status for method, _path, status in radicale.requests if method == "REPORT"]
    # The old token refused, then the full read (a catch-up of the gateway's own PUT may come first).
    assert 403 in reports and 207 in reports[reports.index(403):], reports


def test_a_slow_upstream_gives_504_to_a_read_and_503_to_a_judged_put(slow_server):
    """An upstream slower than --timeout: a read gets 504, a judged PUT 503 (closed), both with a message."""
    with gateway_thread(GatewayConfig(slow_server.url, timeout=0.5)) as url:
        read = httpx.request("PROPFIND", url + "canbo/work/", headers={"Depth": "0"}, auth=AUTH, timeout=30)
        put = httpx.put(url + "canbo/work/m.ics", content=working_meeting(1).encode(), headers=ICS, auth=AUTH,
                        timeout=30)
    assert (read.status_code, read.text) == (504, "Máy chủ lịch không trả lời kịp.\nThe calendar server did not "
                                                  "answer in time.\n")
    assert put.status_code == 503
    assert "The calendar server did not answer in time." in put.text


def test_header_bytes_beyond_ascii_pass_both_ways(radicale):
    """A request header with UTF-8 bytes reaches the upstream, and the answer comes back, without a 500."""
    with gateway_thread(GatewayConfig(radicale.url)) as url:
        answer = httpx.request("PROPFIND", url + path_of(radicale), auth=AUTH,
                               headers={"Depth": "0", "X-Ghi-Chu": "Lịch công tác".encode()})
    assert answer.status_code == 207


def test_a_put_forwarded_unjudged_is_logged_as_unjudged(radicale, tmp_path):
    """Under failure policy open, a PUT that could not be judged is a log row with decision unjudged."""
    from connectors.database import Database

    database = Database(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        with gateway_thread(GatewayConfig(radicale.url, as_of=AS_OF, failure_policy="open", database=database)) as url:
            radicale.fail_next(1, 500)
            answer = httpx.put(url + path_of(radicale, "m.ics"), content=working_meeting(1).encode(), headers=ICS,
                               auth=AUTH)
        [row] = database.decisions()
    finally:
        database.close()
    assert answer.status_code == 201
    assert (row.door, row.client, row.collection, row.decision) == ("gateway", USERNAME, "/" + path_of(radicale),
                                                                    "unjudged")
    assert row.note.startswith("could not judge, forwarded: The calendar server answered 500 to the read.")
