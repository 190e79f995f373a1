"""Every door a proposal can come through, asked the same question (issue 10).

``Doors`` holds one hooked Radicale (the storage plugin and its 403 layer) for a test module;
each question gets fresh calendars filled by writing the existing events straight into the
collection folder (so that an existing calendar that already breaks a rule can be set up
behind the hook's back). The answers are ``(decision, deciding codes)``: the hook says only
whether it refused (``deny``) or stored (``allow``/``warn`` are both a 201), so its answer
is compared as ``deny`` or ``stored``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import json
import re
import tempfile
from pathlib import Path

from caldav.lib import error as caldav_error

from connectors import ics
from connectors.caldav import Credentials
from connectors.caldav.guarded import MeetingRefused, save_meeting
from connectors.cli import main
from connectors.radicale import wrap
from meetingrules import Policy
from meetingrules.validate import periods_touched, proposal_window, reading_window, validate
from tests.caldav_servers import start_radicale

ORGANIZER = "ORGANIZER;CN=Văn phòng UBND tỉnh Hưng Yên:mailto:vanphong@hungyen.gov.vn\r\n"


def event(uid: str, start: str, hours: float = 3, *, title: str = "Hội nghị toàn tỉnh triển khai nhiệm vụ",
          rrule: str = "", rdates: tuple[str, ...] = (), extra: str = "") -> str:
    """One VCALENDAR object: a VEVENT at ``start`` (local YYYYMMDDTHHMMSS) lasting ``hours``."""
    begin = dt.datetime.strptime(start, "%Y%m%dT%H%M%S")
    end = begin + dt.timedelta(hours=hours)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//doors//VI", "BEGIN:VEVENT",
        f"UID:{uid}", "DTSTAMP:20250101T000000Z",
        f"DTSTART;TZID=Asia/Ho_Chi_Minh:{start}",
        f"DTEND;TZID=Asia/Ho_Chi_Minh:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{title}",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    for rdate in rdates:
        lines.append(f"RDATE;TZID=Asia/Ho_Chi_Minh:{rdate}")
    text = "\r\n".join(lines) + "\r\n" + ORGANIZER + "LOCATION:Hội trường lớn UBND tỉnh\r\n" + extra
    return text + "END:VEVENT\r\nEND:VCALENDAR\r\n"


class Doors:
    """A hooked Radicale and the other doors (the library, the CLI, the guarded save, the
    server's API, the gateway in front of a plain Radicale), all asked with the same ``as_of``."""

    def __init__(self, root: Path, as_of: dt.date):
        self.root = root
        self.as_of = as_of
        self.policy = Policy.builtin()
        self.server = start_radicale(
            root,
            storage={"type": "connectors.radicale_hook", "meetingrules_as_of": as_of.isoformat()},
            wrap=wrap, log_level="critical",
        )
        self._names = itertools.count()

    def stop(self) -> None:
        """Stop the servers."""
        self.server.stop()
        if self._plain is not None:
            self._gateway.close()
            self._plain.stop()

    _plain = None

    def server_api(self, existing: list[str], proposal: str) -> tuple[str, tuple[str, ...]]:
        """``POST /api/v1/validate`` of ``meetingrules serve``, the calendar sent as parts."""
        from fastapi.testclient import TestClient

        from connectors.server import Settings, create_app

        if not hasattr(self, "_api"):
            app = create_app(Settings(database=f"sqlite:///{self.root / 'decisions.sqlite3'}", warm=False))
            self._api = TestClient(app)
        files = [("proposal", ("de-xuat.ics", proposal.encode(), "text/calendar"))]
        files += [("calendar", (f"e{n}.ics", body.encode(), "text/calendar")) for n, body in enumerate(existing)]
        answer = self._api.post("/api/v1/validate", params={"as_of": self.as_of.isoformat()}, files=files)
        assert answer.status_code == 200, answer.text
        doc = answer.json()
        deciding = {f["code"] for f in doc["findings"]
                    if f["severity"] != "info" and not f.get("waived") and not f.get("history")}
        return doc["decision"], tuple(sorted(deciding)) if doc["decision"] != "allow" else ()

    def gateway(self, existing: list[str], proposal: str) -> tuple[str, tuple[str, ...]]:
        """A PUT through ``meetingrules gateway`` in front of a Radicale without the hook."""
        import httpx

        from connectors.gateway import GatewayConfig
        from tests.connectors.gateway.servers import gateway_thread

        if self._plain is None:
            (self.root / "plain").mkdir(exist_ok=True)
            self._plain = start_radicale(self.root / "plain", log_level="critical")
            self._gateway = contextlib.ExitStack()
            self._gateway_url = self._gateway.enter_context(
                gateway_thread(GatewayConfig(self._plain.url, as_of=self.as_of)))
        name = f"g{next(self._names)}"
        self._plain.make_calendar(name)
        for number, body in enumerate(existing):
            self._plain.put_ics(name, f"e{number}.ics", body)
        path = self._plain.calendar_url(name).split("/", 3)[3] + "proposal.ics"
        answer = httpx.put(self._gateway_url + path, content=proposal.encode(),
                           headers={"Content-Type": "text/calendar; charset=utf-8"},
                           auth=(self._plain.username, self._plain.password), timeout=60)
        if answer.status_code == 403:
            return "deny", tuple(sorted(set(re.findall(r'code="(MR\d+)"', answer.text))))
        assert answer.status_code in (200, 201, 204), answer.text
        return "stored", ()

    def _calendar(self, existing: list[str]) -> str:
        name = f"c{next(self._names)}"
        self.server.make_calendar(name)
        folder = self.root / "collections" / "collection-root" / self.server.username / name
        for number, body in enumerate(existing):
            (folder / f"e{number}.ics").write_text(body, encoding="utf-8", newline="")
        return name

    def api(self, existing: list[str], proposal: str) -> tuple[str, tuple[str, ...]]:
        """``meetingrules.validate`` on events read with the reader."""
        read = ics.read_bytes(proposal.encode(), "proposal", self.policy, proposal_window(self.policy))
        window = reading_window(periods_touched(read.events, self.policy, self.as_of), self.policy)
        calendar = [e for n, body in enumerate(existing)
                    for e in ics.read_bytes(body.encode(), f"e{n}.ics", self.policy, window).events]
        decision = validate(read.events, calendar, self.policy, as_of=self.as_of, proposal_intake=read.intake)
        return decision.decision, tuple(sorted({f.code for f in decision.deciding}))

    def cli(self, existing: list[str], proposal: str) -> tuple[str, tuple[str, ...]]:
        """``meetingrules validate`` on files."""
        with tempfile.TemporaryDirectory(dir=self.root) as folder:
            calendar = Path(folder, "calendar")
            calendar.mkdir()
            for number, body in enumerate(existing):
                (calendar / f"e{number}.ics").write_text(body, encoding="utf-8", newline="")
            proposed = Path(folder, "proposal.ics")
            proposed.write_text(proposal, encoding="utf-8", newline="")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["validate", str(proposed), "--calendar", str(calendar), "--as-of",
                             self.as_of.isoformat(), "--format", "json"])
        doc = json.loads(out.getvalue())
        assert code == (1 if doc["decision"] == "deny" else 0)
        codes = {f["code"] for f in doc["findings"]
                 if f["severity"] in ("error", "warning") and not f["waived"] and not f["history"]}
        return doc["decision"], tuple(sorted(codes)) if doc["decision"] != "allow" else ()

    def guarded(self, existing: list[str], proposal: str) -> tuple[str, tuple[str, ...]]:
        """The guarded save into a fresh calendar holding ``existing``."""
        url = self.server.calendar_url(self._calendar(existing))
        credentials = Credentials(self.server.username, password=self.server.password, source="argument")
        try:
            result = save_meeting(url, proposal.encode(), credentials, as_of=self.as_of)
        except MeetingRefused as refused:
            return refused.decision.decision, tuple(sorted(set(refused.codes)))
        decision = result.decision
        return decision.decision, tuple(sorted({f.code for f in decision.deciding}))

    def hook(self, existing: list[str], proposal: str) -> tuple[str, tuple[str, ...]]:
        """A PUT through the hooked Radicale into a fresh calendar holding ``existing``."""
        url = self.server.calendar_url(self._calendar(existing)) + "proposal.ics"
        try:
            response = self.server.client.put(url, proposal.encode(), {"Content-Type": "text/calendar; charset=utf-8"})
        except caldav_error.AuthorizationError as refused:
            body = refused.body.decode("utf-8") if isinstance(refused.body, bytes) else str(refused.body)
            assert refused.status == 403, body
            return "deny", tuple(sorted(set(re.findall(r'<M:finding code="(MR\d+)"', body))))
        assert response.status in (201, 204), response.status
        return "stored", ()


def as_hook(answer: tuple[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
    """An answer as the hook can give it: ``deny`` with its codes, or ``stored``."""
    return answer if answer[0] == "deny" else ("stored", ())
