"""The page's guards beyond loopback, the limit on a real uvicorn, and a registered CalDAV calendar."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient

from tests.connectors.server.helpers import AS_OF, PROPOSALS, SAMPLES, make_app, running

FORM = {"calendar": "ubnd", "title": "Hội nghị quán triệt Nghị quyết 57-NQ/TW", "date": "2026-12-10",
        "session": "", "start": "07:30", "end": "12:30", "kind": "briefing", "format": "in-person", "as_of": AS_OF}


def _csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)


def test_page_needs_token_beyond_loopback(tmp_path):
    """Beyond loopback the page's proposal form and decision log ask for a token, then work with it."""
    app = make_app(tmp_path, host="192.0.2.10", calendars=(f"ubnd={SAMPLES / 'ubnd-tinh-2026.ics'}",))
    with TestClient(app) as client:
        secret = app.state.database.create_token("van-thu")
        csrf = _csrf(client)
        refused = client.post("/validate", data=FORM | {"csrf": csrf})
        assert refused.status_code == 401 and "Cần mã truy cập" in refused.text
        answered = client.post("/validate", data=FORM | {"csrf": csrf, "token": secret})
        assert answered.status_code == 200 and 'class="decision deny"' in answered.text
        assert 'name="token"' in client.get("/decisions").text
        wrong = client.post("/login", data={"csrf": csrf, "token": "mrt_nope"})
        assert wrong.status_code == 401
        client.post("/login", data={"csrf": csrf, "token": secret})
        log = client.get("/decisions")
        assert 'id="decisions"' in log.text and "van-thu" in log.text


def test_limit_on_real_uvicorn(tmp_path):
    """A real uvicorn answers 413 to a body above the limit, as JSON for the API and as a page for the form."""
    app = make_app(tmp_path, max_upload=100_000)
    big = b"BEGIN:VCALENDAR\r\n" * 20_000
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        api = http.post("/api/v1/check", content=big, headers={"content-type": "text/calendar"})
        assert api.status_code == 413 and api.json()["error"]["code"] == "too_large"
        page = http.post("/check", files=[("file", ("big.ics", big, "text/calendar"))])
        assert page.status_code == 413 and "quá lớn" in page.text and page.headers["content-type"].startswith("text/html")
        assert http.get("/healthz").status_code == 200


def test_registered_caldav_calendar(tmp_path, radicale_server, monkeypatch):  # noqa: F811
    """A calendar registered by CalDAV URL, its password from the environment, decides as the same file does."""
    radicale_server.load_ics("work", (SAMPLES / "ubnd-tinh-2026.ics").read_bytes())
    url = radicale_server.calendar_url("work").replace("://", f"://{radicale_server.username}@", 1)
    monkeypatch.setenv("MEETINGRULES_CALDAV_PASSWORD", radicale_server.password)
    app = make_app(tmp_path, calendars=(f"dav={url}", f"file={SAMPLES / 'ubnd-tinh-2026.ics'}"))
    proposal = (PROPOSALS / "five-hour-briefing.ics").read_bytes()
    with TestClient(app) as client:
        answers = [client.post("/api/v1/validate", params={"calendar": name, "as_of": AS_OF}, content=proposal,
                               headers={"content-type": "text/calendar"}).json() for name in ("dav", "file")]
    assert answers[0]["decision"] == answers[1]["decision"] == "deny"
    assert [f["code"] for f in answers[0]["findings"]] == [f["code"] for f in answers[1]["findings"]]
    assert radicale_server.password not in str(answers[0])
