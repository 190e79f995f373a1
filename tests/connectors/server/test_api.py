"""The HTTP API against the real app: the CLI's JSON, errors, limits and tokens (SPEC §10)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

import pytest
from fastapi.testclient import TestClient

from tests.connectors.server.helpers import AS_OF, PROPOSALS, ROOT, SAMPLES, make_app

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.ics"))
PROPOSAL_FILES = sorted(p.name for p in PROPOSALS.glob("*.ics"))
PINNED = {"year": "2026", "as_of": AS_OF}


def cli_json(*args: str, cwd=SAMPLES, stdin: bytes | None = None) -> dict:
    """What ``meetingrules ARGS --format json`` prints, run from ``cwd`` by the CLI's own ``main``.

    In this process, not a subprocess: the engine orders some findings' wording by set
    iteration, which string hashing makes differ between processes (see docs/decisions-server.md).
    """
    from connectors.cli import main

    out = io.StringIO()
    saved = sys.stdin, os.getcwd()
    try:
        os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""))
        with contextlib.redirect_stdout(out):
            code = main([*args, "--format", "json"])
    finally:
        sys.stdin = saved[0]
        os.chdir(saved[1])
    assert code in (0, 1)
    return json.loads(out.getvalue())


def beside(folder, *files) -> None:
    """Copy ``files`` into ``folder``: the CLI then names them as the API's parts are named."""
    for file in files:
        (folder / file.name).write_bytes(file.read_bytes())


def parts(name: str, *files: str, folder=SAMPLES) -> list:
    return [(name, (f, (folder / f).read_bytes(), "text/calendar")) for f in files]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_check_equals_cli_json(client, name):
    """POST /api/v1/check answers exactly the JSON of ``meetingrules check --format json`` for each sample."""
    answer = client.post("/api/v1/check", params=PINNED, files=parts("file", name))
    assert answer.status_code == 200
    assert answer.json() == cli_json("check", name, "--year", "2026", "--as-of", AS_OF)


def test_check_of_all_samples_equals_cli_json(client):
    """Several file parts are checked together as the CLI checks several paths."""
    answer = client.post("/api/v1/check", params=PINNED | {"lang": "en"}, files=parts("file", *SAMPLE_FILES))
    assert answer.json() == cli_json("check", *SAMPLE_FILES, "--year", "2026", "--as-of", AS_OF, "--lang", "en")


def test_check_body_equals_cli_stdin(client):
    """A text/calendar body is checked as the CLI checks standard input, with select and ignore."""
    data = (SAMPLES / "ubnd-tinh-2026.ics").read_bytes()
    answer = client.post("/api/v1/check", params=PINNED | {"select": "MR1,MR3", "ignore": "MR104"}, content=data,
                         headers={"content-type": "text/calendar"})
    assert answer.json() == cli_json("check", "-", "--year", "2026", "--as-of", AS_OF, "--select", "MR1,MR3",
                                     "--ignore", "MR104", stdin=data)


@pytest.mark.parametrize("calendar", SAMPLE_FILES)
@pytest.mark.parametrize("proposal", PROPOSAL_FILES)
def test_validate_equals_cli_json(client, tmp_path, calendar, proposal):
    """POST /api/v1/validate with calendar parts answers exactly the JSON of ``meetingrules validate``."""
    answer = client.post("/api/v1/validate", params={"as_of": AS_OF},
                         files=parts("proposal", proposal, folder=PROPOSALS) + parts("calendar", calendar))
    assert answer.status_code == 200
    beside(tmp_path, PROPOSALS / proposal, SAMPLES / calendar)
    expected = cli_json("validate", proposal, "--calendar", calendar, "--as-of", AS_OF, cwd=tmp_path)
    assert answer.json() == expected


@pytest.mark.parametrize("proposal", PROPOSAL_FILES)
def test_validate_registered_calendar_equals_cli_json(client, tmp_path, proposal):
    """calendar=NAME judges against the registered calendar, warm, with the CLI's very answer."""
    data = (PROPOSALS / proposal).read_bytes()
    beside(tmp_path, SAMPLES / "ubnd-tinh-2026.ics")
    expected = cli_json("validate", "-", "--calendar", "ubnd-tinh-2026.ics", "--as-of", AS_OF, cwd=tmp_path, stdin=data)
    for _ in range(2):  # the second answer comes from the warm validator
        answer = client.post("/api/v1/validate", params={"calendar": "ubnd", "as_of": AS_OF}, content=data,
                             headers={"content-type": "text/calendar"})
        assert answer.json() == expected


def test_report_equals_cli_json(client):
    """POST /api/v1/report answers the JSON of ``meetingrules report --format json``."""
    answer = client.post("/api/v1/report", params={"period": "2026-H2", "as_of": AS_OF},
                         files=parts("file", *SAMPLE_FILES))
    assert answer.status_code == 200
    assert answer.json() == cli_json("report", *SAMPLE_FILES, "--period", "2026-H2", "--as-of", AS_OF)


def test_rules(client):
    """GET /api/v1/rules lists the catalogue and /rules/{code} one rule with its citation."""
    rules = client.get("/api/v1/rules", params={"lang": "en"}).json()["rules"]
    assert "MR101" in {r["code"] for r in rules}
    one = client.get("/api/v1/rules/mr101").json()
    assert one["code"] == "MR101" and one["citation"].startswith("Kế hoạch 160/KH-UBND")


def test_openapi_and_health(client):
    """The OpenAPI document is at /api/v1/openapi.json and /healthz names the calendars."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/check", "/api/v1/validate", "/api/v1/report", "/api/v1/rules", "/api/v1/rules/{code}",
            "/api/v1/decisions"} <= set(paths)
    assert client.get("/healthz").json() == {"status": "ok", "policy": "hung-yen-2026", "calendars": ["ubnd"],
                                             "database": "ok"}


@pytest.mark.parametrize(
    ("request_args", "status", "code"),
    [
        ({"method": "GET", "url": "/api/v1/rules/MR999"}, 404, "unknown_rule"),
        ({"method": "GET", "url": "/api/v1/nothing-here"}, 404, "not_found"),
        ({"method": "POST", "url": "/api/v1/check", "content": b"not a calendar",
          "headers": {"content-type": "text/calendar"}}, 422, "unreadable"),
        ({"method": "POST", "url": "/api/v1/check?year=abc", "content": b"x",
          "headers": {"content-type": "text/calendar"}}, 422, "invalid_parameter"),
        ({"method": "POST", "url": "/api/v1/check?year=2026&from=2026-01-01&to=2026-02-01", "content": b"x",
          "headers": {"content-type": "text/calendar"}}, 400, "bad_parameter"),
        ({"method": "POST", "url": "/api/v1/check", "content": b"{}",
          "headers": {"content-type": "application/json"}}, 400, "unsupported_media_type"),
        ({"method": "POST", "url": "/api/v1/check"}, 400, "bad_parameter"),
        ({"method": "POST", "url": "/api/v1/report", "content": b"x",
          "headers": {"content-type": "text/calendar"}}, 400, "bad_parameter"),
        ({"method": "POST", "url": "/api/v1/validate?calendar=nope",
          "content": (PROPOSALS / "five-hour-briefing.ics").read_bytes(),
          "headers": {"content-type": "text/calendar"}}, 404, "unknown_calendar"),
        ({"method": "GET", "url": "/api/v1/decisions?decision=maybe"}, 422, "invalid_parameter"),
        ({"method": "DELETE", "url": "/api/v1/check"}, 405, "method_not_allowed"),
    ],
)
def test_errors_are_json(client, request_args, status, code):
    """Each bad request gets its status and a JSON error with a code and a message, no traceback or path."""
    answer = client.request(**request_args)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["code"] == code and error["message"]
    assert "Traceback" not in answer.text and str(ROOT) not in answer.text


def test_error_message_follows_lang(client):
    """The error message is in English with lang=en and in Vietnamese by default."""
    vi = client.get("/api/v1/rules/MR999").json()["error"]["message"]
    en = client.get("/api/v1/rules/MR999", params={"lang": "en"}).json()["error"]["message"]
    assert vi == "Không có quy tắc MR999." and en == "There is no rule MR999."


def test_upload_limit_by_length(tmp_path):
    """A body declared above the limit is refused with 413 before it is read."""
    with TestClient(make_app(tmp_path, max_upload=1000)) as small:
        answer = small.post("/api/v1/check", content=b"B" * 5000, headers={"content-type": "text/calendar"})
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too_large"


def test_upload_limit_while_streaming(tmp_path):
    """A chunked body (no length) is refused with 413 as soon as it passes the limit; the rest is not read."""
    sent = []

    def chunks():
        for index in range(100):
            sent.append(index)
            yield b"BEGIN:VCALENDAR\r\n" * 30

    with TestClient(make_app(tmp_path, max_upload=2000)) as small:
        answer = small.post("/api/v1/check", content=chunks(), headers={"content-type": "text/calendar"})
    assert answer.status_code == 413
    assert answer.json()["error"]["message"].startswith("Tệp gửi lên quá lớn")


def test_multipart_above_limit(tmp_path):
    """A multipart upload above the limit gets 413 too."""
    with TestClient(make_app(tmp_path, max_upload=4000)) as small:
        answer = small.post("/api/v1/check", files=[("file", ("big.ics", b"X" * 10000, "text/calendar"))])
    assert answer.status_code == 413


def test_tokens_beyond_loopback(tmp_path):
    """Beyond loopback, validate and decisions need a valid, unrevoked Bearer token; check does not."""
    app = make_app(tmp_path, host="0.0.0.0", calendars=(f"ubnd={SAMPLES / 'ubnd-tinh-2026.ics'}",))
    assert app.state.settings.tokens_required
    proposal = (PROPOSALS / "five-hour-briefing.ics").read_bytes()
    calendar = {"headers": {"content-type": "text/calendar"}, "content": proposal}
    with TestClient(app) as c:
        secret = app.state.database.create_token("lich-so")
        assert c.post("/api/v1/validate?calendar=ubnd", **calendar).status_code == 401
        bad = c.post("/api/v1/validate?calendar=ubnd", headers={"content-type": "text/calendar",
                                                                "authorization": "Bearer mrt_wrong"}, content=proposal)
        assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthorized"
        assert bad.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/v1/decisions").status_code == 401
        auth = {"authorization": f"Bearer {secret}"}
        good = c.post("/api/v1/validate?calendar=ubnd", headers={"content-type": "text/calendar", **auth},
                      content=proposal)
        assert good.status_code == 200 and good.json()["decision"] == "deny"
        log = c.get("/api/v1/decisions", headers=auth).json()
        assert [(d["door"], d["client"], d["collection"]) for d in log["decisions"]] == [("api", "lich-so", "ubnd")]
        assert c.post("/api/v1/check", params=PINNED, files=parts("file", "ubnd-tinh-2026.ics")).status_code == 200
        app.state.database.revoke_token("lich-so")
        assert c.get("/api/v1/decisions", headers=auth).status_code == 401


def test_loopback_needs_no_token(client):
    """On the loopback address validate and decisions answer without a token."""
    assert not client.app.state.settings.tokens_required
    assert client.get("/api/v1/decisions").status_code == 200


def test_token_command(tmp_path, capsys):
    """``meetingrules token create | list | revoke`` manage the tokens the server accepts."""
    from connectors.cli import main
    from connectors.database import Database

    url = f"sqlite:///{tmp_path / 'tokens.sqlite3'}"
    assert main(["token", "create", "e-office", "--database", url]) == 0
    secret = capsys.readouterr().out.strip()
    with Database(url) as database:
        assert database.verify_token(secret) == "e-office"
    assert main(["token", "list", "--database", url, "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("e-office\tactive\t")
    assert main(["token", "revoke", "e-office", "--database", url]) == 0
    assert main(["token", "revoke", "e-office", "--database", url]) == 1
    with Database(url) as database:
        assert database.verify_token(secret) is None


def test_check_with_policy_equals_cli_json(tmp_path):
    """A server started with --policy answers what ``check --policy`` prints."""
    policy = SAMPLES / "chinh-sach-mua-he.toml"
    with TestClient(make_app(tmp_path, policy=str(policy))) as c:
        answer = c.post("/api/v1/check", params=PINNED, files=parts("file", *SAMPLE_FILES))
    assert answer.json() == cli_json("check", *SAMPLE_FILES, "--year", "2026", "--as-of", AS_OF, "--policy", str(policy))


def test_unknown_page_is_a_page(client):
    """A browser asking for an unknown page gets an HTML page; a program gets the JSON error."""
    page = client.get("/khong-co", headers={"accept": "text/html"})
    assert page.status_code == 404 and "Không có trang" in page.text and "<html" in page.text
    assert client.get("/khong-co").json()["error"]["code"] == "not_found"


WEEKLY_FILES = sorted(p.name for p in (SAMPLES / "weekly").iterdir() if p.suffix != ".py")


@pytest.mark.parametrize("name", WEEKLY_FILES)
def test_check_of_a_weekly_schedule_equals_cli_json(client, name):
    """An uploaded weekly schedule (Word, HTML, Excel, PDF, text) is read as the CLI reads the file."""
    answer = client.post("/api/v1/check", params=PINNED, files=parts("file", name, folder=SAMPLES / "weekly"))
    assert answer.status_code == 200
    expected = cli_json("check", name, "--year", "2026", "--as-of", AS_OF, cwd=SAMPLES / "weekly")
    assert answer.json() == expected
    assert expected["summary"]["read"] > 0


def test_check_of_a_google_takeout_zip_equals_cli_json(client, tmp_path):
    """An uploaded Google Calendar export (.zip) is read calendar by calendar, as the CLI reads it."""
    import zipfile

    archive = tmp_path / "takeout.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(SAMPLES / "ubnd-tinh-2026.ics", "Takeout/Lịch/ubnd-tinh-2026.ics")
    answer = client.post("/api/v1/check", params=PINNED, files=parts("file", "takeout.zip", folder=tmp_path))
    assert answer.status_code == 200
    assert answer.json() == cli_json("check", "takeout.zip", "--year", "2026", "--as-of", AS_OF, cwd=tmp_path)
    assert answer.json()["summary"]["read"] == 19
