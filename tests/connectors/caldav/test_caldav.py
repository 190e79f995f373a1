"""The CalDAV connector against real Radicale and Xandikos servers on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import logging
import time
from datetime import datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest

from connectors.caldav import (
    CalDAVError,
    CalDAVURLError,
    CalendarNotFound,
    Credentials,
    CredentialsRefused,
    NotCalDAVServer,
    ServerError,
    ServerTimeout,
    ServerUnreachable,
    fetch_calendars,
    resolve_credentials,
)
from tests.paths import SAMPLES

pytestmark = pytest.mark.servers

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WINDOW = (datetime(2026, 1, 1, tzinfo=ZONE), datetime(2027, 1, 1, tzinfo=ZONE))


def event(uid: str, start: str, end: str | None = None, summary: str = "Họp giao ban",
          extra: str = "") -> str:
    """A VCALENDAR with one VEVENT; ``start``/``end`` are iCalendar property lines' tails."""
    end_line = f"DTEND{end}\n" if end else ""
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//meetingrules//tests//VI\nBEGIN:VEVENT\n"
        f"UID:{uid}\nDTSTAMP:20260101T000000Z\nDTSTART{start}\n{end_line}"
        f"SUMMARY:{summary}\n{extra}END:VEVENT\nEND:VCALENDAR\n"
    )


def hcm(moment: str) -> str:
    """A DTSTART/DTEND tail in Asia/Ho_Chi_Minh."""
    return f";TZID=Asia/Ho_Chi_Minh:{moment}"


def uids(calendar) -> dict[str, str]:
    """href → UID of every object of a fetched calendar."""
    found = {}
    for href, data in calendar.objects:
        component = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
        found[href] = str(component["UID"])
    return found


def summaries(calendar) -> dict[str, str]:
    """UID → SUMMARY of every object of a fetched calendar."""
    found = {}
    for _href, data in calendar.objects:
        component = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
        found[str(component["UID"])] = str(component["SUMMARY"])
    return found


def login(server) -> Credentials:
    """The credentials of the fixture server's user."""
    return Credentials(server.username, password=server.password)


@pytest.fixture(params=["radicale", "xandikos"])
def server(request):
    """Each of the two real servers in turn."""
    return request.getfixturevalue(f"{request.param}_server")


def test_fetch_gives_exactly_the_objects_put(server):
    """A calendar URL gives back exactly the objects stored on the server, by href."""
    server.put_ics("work", "giao-ban.ics",
                   event("giao-ban", hcm("20260305T073000"), hcm("20260305T113000")))
    server.put_ics("work", "hoi-nghi.ics",
                   event("hoi-nghi", hcm("20260610T133000"), hcm("20260610T173000"),
                         "Hội nghị quán triệt Kết luận 226-KL/TW"))

    result = fetch_calendars(server.calendar_url("work"), login(server), *WINDOW)

    [calendar] = result.calendars
    path = server.calendar_url("work").split("127.0.0.1", 1)[1].split("/", 1)[1]
    assert uids(calendar) == {f"/{path}giao-ban.ics": "giao-ban",
                              f"/{path}hoi-nghi.ics": "hoi-nghi"}
    assert summaries(calendar)["hoi-nghi"] == "Hội nghị quán triệt Kết luận 226-KL/TW"
    assert calendar.name == "Lịch công tác"
    assert calendar.url == server.calendar_url("work")
    assert result.full_fetch is True
    assert result.objects_transferred == 2
    assert all(isinstance(data, bytes) for _href, data in calendar.objects)


def occurrences(result) -> list[tuple]:
    """Every event occurrence a reader gave, without where it was read from."""
    return sorted(
        tuple(sorted(attrs.asdict(attrs.evolve(e, source=None, notices=()),
                                  recurse=False).items(), key=lambda kv: kv[0]))
        for e in result.events
    )


@pytest.mark.parametrize("sample", ["ubnd-tinh-2026", "so-tai-chinh-outlook", "xa-tan-hung-utc"])
def test_samples_read_through_caldav_match_the_files(server, sample):
    """A sample loaded into the server, fetched and read gives the occurrences of its file."""
    from connectors.ics import ReadResult, read_bytes
    from meetingrules import Policy, Window

    policy, window = Policy.builtin(), Window(*WINDOW)
    path = SAMPLES / f"{sample}.ics"
    server.make_calendar(sample)
    server.load_ics(sample, path.read_bytes())

    [calendar] = fetch_calendars(server.calendar_url(sample), login(server), *WINDOW).calendars
    via_caldav = ReadResult.merge(
        read_bytes(data, urljoin(calendar.url, href), policy, window, calendar=calendar.name)
        for href, data in calendar.objects)
    from_file = read_bytes(path.read_bytes(), str(path), policy, window)

    assert occurrences(via_caldav) == occurrences(from_file)
    assert len(via_caldav.events) > 0


def test_time_range_leaves_out_events_outside_the_window(server):
    """Events that have no occurrence in the window are not returned; the others are."""
    inside = {
        "march": event("march", hcm("20260315T080000"), hcm("20260315T110000")),
        "all-day-first": event("all-day-first", ";VALUE=DATE:20260101"),
        "floating-first": event("floating-first", ":20260101T080000", ":20260101T090000"),
        "weekly-from-2025": event("weekly-from-2025", hcm("20251201T080000"),
                                  hcm("20251201T090000"), extra="RRULE:FREQ=WEEKLY\n"),
        "last-evening": event("last-evening", hcm("20261231T200000"), hcm("20261231T220000")),
    }
    outside = {
        "last-year": event("last-year", hcm("20250315T080000"), hcm("20250315T110000")),
        "next-year": event("next-year", hcm("20270102T080000"), hcm("20270102T110000")),
        # 23:00 on 31 Dec floating: within the server's margin, outside the window here.
        "floating-eve": event("floating-eve", ":20251231T230000", ":20251231T233000"),
        "all-day-eve": event("all-day-eve", ";VALUE=DATE:20251231"),
        "weekly-ended": event("weekly-ended", hcm("20250101T080000"), hcm("20250101T090000"),
                              extra="RRULE:FREQ=WEEKLY;UNTIL=20251201T000000Z\n"),
        "new-year-utc": event("new-year-utc", ":20270101T010000Z", ":20270101T020000Z"),
    }
    for uid, text in {**inside, **outside}.items():
        server.put_ics("work", f"{uid}.ics", text)

    result = fetch_calendars(server.calendar_url("work"), login(server), *WINDOW)

    assert set(summaries(result.calendars[0])) == set(inside)


def test_principal_and_root_find_every_calendar(server):
    """The calendar home and the server root both lead to every calendar of the user."""
    server.make_calendar("so-noi-vu", "Sở Nội vụ")
    server.put_ics("work", "a.ics", event("a", hcm("20260305T080000"), hcm("20260305T090000")))
    server.put_ics("so-noi-vu", "b.ics",
                   event("b", hcm("20260306T080000"), hcm("20260306T090000")))

    for url in (server.home_url, server.url):
        result = fetch_calendars(url, login(server), *WINDOW)
        found = {c.name: set(summaries(c)) for c in result.calendars}
        assert found == {"Lịch công tác": {"a"}, "Sở Nội vụ": {"b"}}, url


def test_wrong_password_is_the_credentials_error(server):
    """A wrong password ends in CredentialsRefused with status 401, in both languages."""
    with pytest.raises(CredentialsRefused) as caught:
        fetch_calendars(server.url, Credentials(server.username, password="sai-mat-khau"),
                        *WINDOW)

    assert caught.value.status == 401
    assert type(caught.value.__cause__).__name__ == "AuthorizationError"  # caldav's, wrapped
    assert "từ chối thông tin đăng nhập" in caught.value.message()
    assert "refused the login of user 'canbo'" in caught.value.message("en")


def test_no_password_says_where_to_put_one(server):
    """Without any password the credentials error names the places a password comes from."""
    with pytest.raises(CredentialsRefused) as caught:
        fetch_calendars(server.url, Credentials(server.username), *WINDOW)

    assert "MEETINGRULES_CALDAV_PASSWORD" in caught.value.message("vi")
    assert "netrc" in caught.value.message("en")


def test_missing_calendar_is_the_missing_error(server):
    """A calendar URL that does not exist ends in CalendarNotFound."""
    with pytest.raises(CalendarNotFound) as caught:
        fetch_calendars(server.calendar_url("khong-co"), login(server), *WINDOW)

    assert caught.value.status == 404
    assert caught.value.message().startswith("Không tìm thấy lịch tại")


def test_stopped_server_is_unreachable(server):
    """A server stopped before the fetch ends in ServerUnreachable after the retries."""
    url = server.calendar_url("work")
    server.stop()

    with pytest.raises(ServerUnreachable) as caught:
        fetch_calendars(url, login(server), *WINDOW, retries=2, backoff=0)

    assert not isinstance(caught.value, ServerTimeout)
    assert "3" in caught.value.message("en")
    assert type(caught.value.__cause__).__name__ == "ConnectionError"  # niquests', wrapped


def test_slow_endpoint_is_a_timeout(slow_server):
    """An endpoint slower than the timeout ends in ServerTimeout without waiting it out."""
    started = time.monotonic()

    with pytest.raises(ServerTimeout) as caught:
        fetch_calendars(slow_server.url, Credentials("canbo", password="x"), *WINDOW,
                        timeout=0.3, retries=3)

    assert time.monotonic() - started < slow_server.delay
    assert "0.3" in caught.value.message("vi")


def test_web_server_is_not_caldav(plain_web_server):
    """A web server that answers PROPFIND with an HTML page is reported as not CalDAV."""
    with pytest.raises(NotCalDAVServer):
        fetch_calendars(plain_web_server, Credentials(), *WINDOW)


def test_server_errors_are_retried(server):
    """Two 503 answers are retried and the fetch succeeds on the third attempt."""
    server.put_ics("work", "a.ics", event("a", hcm("20260305T080000"), hcm("20260305T090000")))
    server.clear_requests()
    server.fail_next(2, 503)

    result = fetch_calendars(server.calendar_url("work"), login(server), *WINDOW,
                             retries=3, backoff=0)

    assert set(summaries(result.calendars[0])) == {"a"}
    assert [status for _m, _p, status in server.requests[:2]] == [503, 503]


def test_persistent_server_error_is_the_server_error(server):
    """A server that keeps answering 500 ends in ServerError once the retries are spent."""
    server.clear_requests()
    server.fail_next(10, 500)

    with pytest.raises(ServerError) as caught:
        fetch_calendars(server.calendar_url("work"), login(server), *WINDOW,
                        retries=2, backoff=0)

    assert caught.value.status == 500
    assert len(server.requests) == 3


def test_untrusted_certificate_is_refused_unless_insecure(xandikos_tls_server, caplog):
    """A self-signed certificate is refused by default and accepted only with insecure."""
    server = xandikos_tls_server
    server.put_ics("work", "a.ics", event("a", hcm("20260305T080000"), hcm("20260305T090000")))

    with pytest.raises(ServerUnreachable) as caught:
        fetch_calendars(server.url, login(server), *WINDOW)
    result = fetch_calendars(server.url, login(server), *WINDOW, insecure=True)

    assert "TLS" in caught.value.message("vi")
    assert set(summaries(result.calendars[0])) == {"a"}
    assert "TLS certificate verification is off" in caplog.text


def test_password_in_url_is_refused():
    """A URL with a password is refused by both entry points, without repeating it."""
    url = "https://canbo:Bi-mat-123@lich.hungyen.gov.vn/dav/"
    with pytest.raises(CalDAVURLError) as caught:
        resolve_credentials(url, env={})
    assert "Bi-mat-123" not in str(caught.value) + caught.value.message() + caught.value.url
    assert caught.value.url == "https://lich.hungyen.gov.vn/dav/"

    with pytest.raises(CalDAVURLError):
        fetch_calendars(url, Credentials(), *WINDOW)


def test_password_never_appears_in_errors_logs_or_state(server, caplog, tmp_path):
    """The password shows in no exception, repr, log record or state file, even at DEBUG."""
    caplog.set_level(logging.DEBUG)
    for name in ("caldav", "connectors", "niquests", "urllib3"):
        caplog.set_level(logging.DEBUG, logger=name)
    server.put_ics("work", "a.ics", event("a", hcm("20260305T080000"), hcm("20260305T090000")))
    credentials = resolve_credentials(
        server.url, server.username, env={"MEETINGRULES_CALDAV_PASSWORD": server.password},
        use_keyring=False)
    wrong = Credentials(server.username, password=server.password + "-cu")
    state = tmp_path / "state.json"

    result = fetch_calendars(server.url, credentials, *WINDOW, state_path=state)
    fetch_calendars(server.url, credentials, *WINDOW, state_path=state)
    texts = [repr(credentials), str(credentials), repr(result), state.read_text("utf-8")]
    for bad in (wrong, Credentials(server.username, token=server.password)):
        with pytest.raises(CalDAVError) as caught:
            fetch_calendars(server.url, bad, *WINDOW)
        error = caught.value
        texts += [str(error), repr(error), error.message("vi"), error.message("en"),
                  repr(bad), str(error.__cause__), repr(error.__cause__)]
    texts += [record.getMessage() for record in caplog.records]
    texts.append(caplog.text)

    basic = base64.b64encode(f"{server.username}:{server.password}".encode()).decode()
    assert len(caplog.records) > 0
    for text in texts:
        assert server.password not in text
        assert basic not in text


def test_recheck_transfers_only_the_changed_object(server, tmp_path):
    """After one event changes, a re-check with the state file transfers that object only."""
    for number in range(5):
        server.put_ics("work", f"e{number}.ics",
                       event(f"e{number}", hcm(f"2026030{number + 1}T080000"),
                             hcm(f"2026030{number + 1}T090000")))
    state = tmp_path / "caldav-state.json"
    first = fetch_calendars(server.url, login(server), *WINDOW, state_path=state)
    server.put_ics("work", "e3.ics", event("e3", hcm("20260304T080000"),
                                           hcm("20260304T100000"), "Họp chuyên đề (đã dời)"))
    server.clear_requests()

    second = fetch_calendars(server.url, login(server), *WINDOW, state_path=state)

    assert (first.full_fetch, first.objects_transferred) == (True, 5)
    assert (second.full_fetch, second.objects_transferred) == (False, 1)
    assert second.bytes_transferred < first.bytes_transferred
    expected = {f"e{n}": "Họp giao ban" for n in range(5)} | {"e3": "Họp chuyên đề (đã dời)"}
    assert summaries(second.calendars[0]) == expected
    assert {method for method, _path, _status in server.requests} <= {"PROPFIND", "REPORT"}


def test_recheck_drops_deleted_and_moved_out_objects(server, tmp_path):
    """A re-check drops an object deleted on the server and one moved out of the window."""
    for uid in ("giu", "xoa", "doi"):
        server.put_ics("work", f"{uid}.ics",
                       event(uid, hcm("20260401T080000"), hcm("20260401T090000")))
    state = tmp_path / "state.json"
    fetch_calendars(server.calendar_url("work"), login(server), *WINDOW, state_path=state)
    server.delete("work", "xoa.ics")
    server.put_ics("work", "doi.ics", event("doi", hcm("20270401T080000"),
                                            hcm("20270401T090000")))

    result = fetch_calendars(server.calendar_url("work"), login(server), *WINDOW,
                             state_path=state)

    assert result.full_fetch is False
    assert set(summaries(result.calendars[0])) == {"giu"}


def test_invalid_sync_token_falls_back_to_a_full_fetch(server, tmp_path):
    """A sync token the server refuses leads to a full fetch, and the result says so."""
    server.put_ics("work", "a.ics", event("a", hcm("20260305T080000"), hcm("20260305T090000")))
    state = tmp_path / "state.json"
    fetch_calendars(server.calendar_url("work"), login(server), *WINDOW, state_path=state)
    saved = json.loads(state.read_text("utf-8"))
    for calendar in saved["calendars"].values():
        calendar["sync_token"] = "http://radicale.org/ns/sync/" + "0" * 64
    state.write_text(json.dumps(saved), "utf-8")

    result = fetch_calendars(server.calendar_url("work"), login(server), *WINDOW,
                             state_path=state)

    assert result.full_fetch is True
    assert result.objects_transferred == 1
    assert set(summaries(result.calendars[0])) == {"a"}
    assert any("sync token" in english for _vi, english in result.notes)
    again = fetch_calendars(server.calendar_url("work"), login(server), *WINDOW,
                            state_path=state)
    assert (again.full_fetch, again.objects_transferred) == (False, 0)


def test_state_of_another_window_is_not_used(server, tmp_path):
    """A state file written for another window is ignored: the fetch is a full one."""
    server.put_ics("work", "a.ics", event("a", hcm("20260305T080000"), hcm("20260305T090000")))
    state = tmp_path / "state.json"
    fetch_calendars(server.url, login(server), datetime(2025, 1, 1, tzinfo=ZONE),
                    datetime(2026, 1, 1, tzinfo=ZONE), state_path=state)

    result = fetch_calendars(server.url, login(server), *WINDOW, state_path=state)

    assert result.full_fetch is True
    assert set(summaries(result.calendars[0])) == {"a"}


def test_credentials_come_from_environment_then_netrc(tmp_path):
    """The environment password wins over netrc; netrc gives the password for its host."""
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine lich.hungyen.gov.vn login canbo password tu-netrc\n")
    netrc_file.chmod(0o600)
    url = "https://lich.hungyen.gov.vn/dav/"

    from_env = resolve_credentials(url, "canbo", env={"MEETINGRULES_CALDAV_PASSWORD": "tu-env"},
                                   netrc_path=netrc_file, use_keyring=False)
    from_netrc = resolve_credentials(url, env={}, netrc_path=netrc_file, use_keyring=False)
    other_user = resolve_credentials(url, "khac", env={}, netrc_path=netrc_file,
                                     use_keyring=False)

    assert (from_env.password, from_env.source) == ("tu-env", "environment")
    assert (from_netrc.username, from_netrc.password, from_netrc.source) == (
        "canbo", "tu-netrc", "netrc")
    assert (other_user.username, other_user.password) == ("khac", None)


def test_bearer_token_from_argument_or_environment():
    """A token from the argument or MEETINGRULES_CALDAV_TOKEN is used and never shown."""
    url = "https://lich.hungyen.gov.vn/dav/"
    given = resolve_credentials(url, token="tok-123", env={}, use_keyring=False)
    from_env = resolve_credentials(url, env={"MEETINGRULES_CALDAV_TOKEN": "tok-456"},
                                   use_keyring=False)

    assert (given.token, given.source) == ("tok-123", "argument")
    assert (from_env.token, from_env.source) == ("tok-456", "environment")
    assert "tok-" not in repr(given) + str(from_env)


def test_credentials_come_from_the_keyring(tmp_path):
    """Without environment or netrc the password comes from the keyring entry of the host."""
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1
        entries = {("meetingrules-caldav:lich.hungyen.gov.vn", "canbo"): "tu-keyring"}

        def get_password(self, service, username):
            return self.entries.get((service, username))

        def set_password(self, service, username, password):
            raise NotImplementedError

        def delete_password(self, service, username):
            raise NotImplementedError

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        found = resolve_credentials("https://lich.hungyen.gov.vn/dav/", "canbo", env={},
                                    netrc_path=tmp_path / "none")
    finally:
        keyring.set_keyring(previous)

    assert (found.password, found.source) == ("tu-keyring", "keyring")


def test_user_name_in_url_is_accepted_without_password():
    """A URL that names only the user gives the user name and keeps the URL usable."""
    found = resolve_credentials("https://canbo@lich.hungyen.gov.vn/dav/",
                                env={"MEETINGRULES_CALDAV_PASSWORD": "p"}, use_keyring=False)

    assert found.username == "canbo"


def test_url_without_http_scheme_is_refused():
    """A URL that is not http(s) is a CalDAVURLError."""
    with pytest.raises(CalDAVURLError):
        fetch_calendars("ftp://lich.hungyen.gov.vn/", Credentials(), *WINDOW)
