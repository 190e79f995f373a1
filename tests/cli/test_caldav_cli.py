"""`meetingrules check --caldav URL` against real Radicale and Xandikos servers (issue 4)."""

from __future__ import annotations

import json

import pytest

from connectors.cli import main
from tests.paths import SAMPLES

PINNED = ["--year", "2026", "--as-of", "2026-11-27", "--format", "json"]
NAMES = ("ubnd-tinh-2026", "so-tai-chinh-outlook", "xa-tan-hung-utc")


@pytest.fixture(params=["radicale", "xandikos"])
def server(request):
    return request.getfixturevalue(f"{request.param}_server")


def _load_samples(server):
    for name in NAMES:
        server.make_calendar(name, name)
        server.load_ics(name, (SAMPLES / f"{name}.ics").read_bytes())


def _verdicts(doc):
    return sorted(
        (f["code"], f["severity"], f["uid"], f["recurrence_id"] or "", f["start"] or "", f["unit"], f["waived"])
        for f in doc["findings"]
    )


def _check(capsys, *args):
    code = main(["check", *args, *PINNED])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


@pytest.mark.servers
def test_caldav_check_equals_the_file_check(server, capsys, monkeypatch):
    """The samples loaded into a CalDAV server give exactly the findings and counts of the files."""
    _load_samples(server)
    monkeypatch.setenv("MEETINGRULES_CALDAV_PASSWORD", server.password)
    code, doc, err = _check(capsys, "--caldav", server.home_url, "--username", server.username)
    file_code, file_doc, _ = _check(capsys, *(str(p) for p in sorted(SAMPLES.glob("*.ics"))))  # the files loaded above
    assert _verdicts(doc) == _verdicts(file_doc)
    assert doc["summary"] == file_doc["summary"]
    assert code == file_code == 1
    assert doc["caldav"]["objects_transferred"] > 0
    assert "CalDAV: 4 lịch" in err  # the three samples and the empty calendar 'work'
    assert server.password not in err + json.dumps(doc)


@pytest.mark.servers
def test_recheck_with_state_transfers_only_changes(server, capsys, monkeypatch, tmp_path):
    """A second run with --state transfers nothing when nothing changed, and one object after one change."""
    _load_samples(server)
    monkeypatch.setenv("MEETINGRULES_CALDAV_PASSWORD", server.password)
    state = str(tmp_path / "state.json")
    args = ("--caldav", server.home_url, "--username", server.username, "--state", state)
    _, first, _ = _check(capsys, *args)
    assert first["caldav"]["full_fetch"] is True
    _, second, _ = _check(capsys, *args)
    assert (second["caldav"]["objects_transferred"], second["caldav"]["full_fetch"]) == (0, False)
    assert _verdicts(second) == _verdicts(first)
    server.put_ics("xa-tan-hung-utc", "extra.ics", (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//VI\r\nBEGIN:VEVENT\r\nUID:xth-extra@tanhung\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20261110T010000Z\r\nDTEND:20261110T060000Z\r\n"
        "SUMMARY:Hội nghị quán triệt Nghị quyết 57-NQ/TW\r\nORGANIZER;CN=UBND xã Tân Hưng:mailto:x@y.vn\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"))
    _, third, _ = _check(capsys, *args)
    assert third["caldav"]["objects_transferred"] == 1
    assert ("MR101", "error", "xth-extra@tanhung") in {(f["code"], f["severity"], f["uid"]) for f in third["findings"]}


@pytest.mark.servers
def test_wrong_password_exits_2_without_showing_it(radicale_server, capsys, monkeypatch):
    """A refused password exits 2 with a Vietnamese message that never shows the password."""
    monkeypatch.setenv("MEETINGRULES_CALDAV_PASSWORD", "sai-mat-khau-123")
    code, doc, err = _check(capsys, "--caldav", radicale_server.home_url, "--username", radicale_server.username)
    assert code == 2 and doc is None
    assert err.startswith("Lỗi: ")
    assert "sai-mat-khau-123" not in err


def test_password_in_url_is_refused(capsys):
    """A password written into the URL is refused with exit 2 and is not repeated."""
    code, doc, err = _check(capsys, "--caldav", "https://canbo:bi-mat-42@dav.example.vn/cal/", "--lang", "en")
    assert code == 2 and doc is None
    assert "bi-mat-42" not in err
    assert err.startswith("Error: ")


@pytest.mark.servers
def test_unreachable_server_exits_2(capsys, monkeypatch, radicale_server):
    """A server that is gone exits 2 with a message."""
    url = radicale_server.home_url
    radicale_server.stop()
    monkeypatch.setenv("MEETINGRULES_CALDAV_PASSWORD", "x")
    code, doc, err = _check(capsys, "--caldav", url, "--username", "canbo", "--timeout", "2")
    assert code == 2 and doc is None and err.startswith("Lỗi: ")
