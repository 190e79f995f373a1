"""Every decision of the API and the page is a row of the decision log, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import os
import re
import socket
import subprocess
import sys
import time

import httpx
from fastapi.testclient import TestClient

from tests.connectors.server.helpers import AS_OF, PROPOSALS, ROOT, SAMPLES, make_app, running

CALENDAR = f"ubnd={SAMPLES / 'ubnd-tinh-2026.ics'}"
TEXT = {"content-type": "text/calendar"}


def _csrf(client) -> str:
    page = client.get("/").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_decisions_logged_filtered_and_paged(tmp_path, database_url):
    """API and page decisions are logged with their door; the log filters by decision and unit, newest first."""
    app = make_app(tmp_path, database=database_url, calendars=(CALENDAR,))
    with TestClient(app) as client:
        for name in ("five-hour-briefing.ics", "online-technical.ics", "fourth-province-wide.ics"):
            answer = client.post("/api/v1/validate", params={"calendar": "ubnd", "as_of": AS_OF},
                                 content=(PROPOSALS / name).read_bytes(), headers=TEXT)
            assert answer.status_code == 200
        form = {"csrf": _csrf(client), "calendar": "ubnd", "title": "Họp giao ban Sở Nội vụ", "date": "2026-12-08",
                "session": "morning", "kind": "meeting", "scope": "unit", "format": "in-person", "unit": "Sở Nội vụ",
                "as_of": AS_OF}
        page = client.post("/validate", data=form)
        assert page.status_code == 200 and 'class="decision allow"' in page.text
        log = client.get("/api/v1/decisions").json()
        assert log["total"] == 4
        assert [d["door"] for d in log["decisions"]] == ["page", "api", "api", "api"]
        newest = log["decisions"][0]
        assert (newest["title"], newest["unit"], newest["decision"], newest["collection"]) == (
            "Họp giao ban Sở Nội vụ", "Sở Nội vụ", "allow", "ubnd")
        denied = client.get("/api/v1/decisions", params={"decision": "deny"}).json()
        assert denied["total"] == sum(d["decision"] == "deny" for d in log["decisions"]) >= 1
        assert all(d["codes"] for d in denied["decisions"])
        assert client.get("/api/v1/decisions", params={"unit": "Sở Nội vụ"}).json()["total"] == 1
        second = client.get("/api/v1/decisions", params={"limit": 2, "offset": 2}).json()
        assert [d["id"] for d in second["decisions"]] == [d["id"] for d in log["decisions"][2:]]
        assert client.get("/api/v1/decisions", params={"until": "2000-01-01"}).json()["total"] == 0
        assert client.get("/api/v1/decisions", params={"since": "2000-01-01", "until": "2100-01-01"}).json()["total"] == 4
        listing = client.get("/decisions", params={"lang": "en"})
        assert listing.status_code == 200 and listing.text.count("<tr>") == 5


def test_page_form_needs_csrf(client):
    """A page form posted without its CSRF token is refused (400) and nothing is logged."""
    answer = client.post("/validate", data={"calendar": "ubnd", "title": "Họp", "date": "2026-12-08"})
    assert answer.status_code == 400 and "Biểu mẫu đã hết hạn" in answer.text
    forged = client.post("/validate", data={"csrf": "abc.def", "calendar": "ubnd", "title": "Họp", "date": "2026-12-08"})
    assert forged.status_code == 400
    assert client.get("/api/v1/decisions").json()["total"] == 0


def test_real_uvicorn_answers(tmp_path):
    """Served by a real uvicorn, the API checks an upload and validates against the warm calendar."""
    app = make_app(tmp_path, calendars=(CALENDAR,), warm=True)
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        assert http.get("/healthz").json()["status"] == "ok"
        data = (SAMPLES / "xa-tan-hung-utc.ics").read_bytes()
        check = http.post("/api/v1/check", params={"year": 2026, "as_of": AS_OF},
                          files=[("file", ("xa-tan-hung-utc.ics", data, "text/calendar"))])
        assert check.json()["summary"]["read"] == 8
        validate = http.post("/api/v1/validate", params={"calendar": "ubnd", "as_of": AS_OF},
                             content=(PROPOSALS / "five-hour-briefing.ics").read_bytes(), headers=TEXT)
        assert validate.json()["decision"] == "deny"
        assert http.get("/api/v1/decisions").json()["total"] == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_command_starts_the_server(tmp_path):
    """``meetingrules serve --port P --database URL --calendar NAME=PATH`` serves the page and the API."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "connectors.cli", "serve", "--port", str(port), "--database",
         f"sqlite:///{tmp_path / 'log.sqlite3'}", "--calendar", CALENDAR, "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()
                time.sleep(0.1)
        assert health.json()["calendars"] == ["ubnd"]
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert "Check before scheduling" in page.text and 'name="file"' in page.text
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()
        process.stderr.close()


def test_page_check_period_and_downloads(client):
    """The page's check with a period judges the period's window and offers the findings and the report."""
    data = (SAMPLES / "xa-tan-hung-utc.ics").read_bytes()
    form = {"csrf": _csrf(client), "year": "2026", "period": "2026-H2", "as_of": AS_OF, "lang": "en"}
    results = client.post("/check", data=form, files=[("file", ("xa-tan-hung-utc.ics", data, "text/calendar"))])
    assert results.status_code == 200 and "Window: 15/06/2026 – 14/12/2026" in results.text
    rid = re.search(r"/results/([\w-]+)/findings.csv", results.text).group(1)
    csv_text = client.get(f"/results/{rid}/findings.csv").text
    assert csv_text.startswith("\ufeffMã;Mức;")  # for Excel as a Vietnamese office opens it
    report = client.get(f"/results/{rid}/report.html", params={"lang": "en"})
    assert report.headers["content-type"].startswith("text/html") and "2026" in report.text
    assert 'filename="report-2026-H2.html"' in report.headers["content-disposition"]
    official = client.get(f"/results/{rid}/report.docx")
    assert official.status_code == 200 and 'filename="bao-cao-2026-H2.docx"' in official.headers["content-disposition"]
    from docx import Document

    document = Document(io.BytesIO(official.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [p.text for p in document.tables[0].cell(0, 1).paragraphs]
    filtered = client.get(f"/results/{rid}", params={"severity": "warning", "lang": "en"})
    assert filtered.text.count('class="sev-warning"') == filtered.text.count("<tr>") - 1 > 0
    assert client.get("/results/nothing-kept", headers={"accept": "text/html"}).status_code == 404
