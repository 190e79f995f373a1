"""CalDAV limits: a whole answer within --timeout, and no answer larger than the budget (issue 10).

The tests start their own misbehaving servers on 127.0.0.1: one drips its answer a byte at
a time (each read is quick, so a per-read timeout alone never fires), one sends an endless
answer, with or without a Content-Length.
"""

from __future__ import annotations

import datetime as dt
import http.server
import os
import subprocess
import sys
import threading
import time

import pytest

from connectors.caldav import Credentials
from connectors.caldav.sync import fetch_calendars
from connectors.errors import ResponseTooLarge, ServerTimeout
from tests.caldav_servers import http_server
from tests.paths import ROOT

DRIP_SECONDS = 0.3
DRIP_FOR_AT_MOST = 30.0  # the server gives up by itself, so no test can hang on it


def _dripping_handler(stop: threading.Event):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _drip(self):
            self.send_response(207)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            began = time.monotonic()
            while not stop.is_set() and time.monotonic() - began < DRIP_FOR_AT_MOST:
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                stop.wait(DRIP_SECONDS)

        do_GET = do_PROPFIND = do_REPORT = do_OPTIONS = _drip

        def log_message(self, format, *args):  # noqa: A002
            pass

    return Handler


def _huge_handler(declare_length: bool, stop: threading.Event):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _huge(self):
            self.send_response(207)
            self.send_header("Content-Type", "application/xml")
            if declare_length:
                self.send_header("Content-Length", str(1 << 30))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<x>" + b"a" * 65530 + b"</x>"
            try:
                for _ in range(16384):  # up to 1 GiB, unless the client hangs up first
                    if stop.is_set():
                        return
                    if declare_length:
                        self.wfile.write(chunk)
                    else:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                return

        do_GET = do_PROPFIND = do_REPORT = do_OPTIONS = _huge

        def log_message(self, format, *args):  # noqa: A002
            pass

    return Handler


@pytest.fixture
def dripping_server():
    """A server that answers 207 and then sends one byte every 0.3 s."""
    stop = threading.Event()
    with http_server(_dripping_handler(stop), "drip-test-server") as url:
        try:
            yield url
        finally:
            stop.set()


@pytest.fixture(params=[True, False], ids=["content-length", "chunked"])
def huge_server(request):
    """A server that answers with up to 1 GiB, declared up front or chunked."""
    stop = threading.Event()
    with http_server(_huge_handler(request.param, stop), "huge-test-server") as url:
        try:
            yield url
        finally:
            stop.set()


CREDENTIALS = Credentials("canbo", password="mat-khau", source="argument")
YEAR = (dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))


def test_dripping_server_ends_in_about_the_timeout(dripping_server):
    """A server that drips its answer ends with ServerTimeout after about --timeout, not later."""
    began = time.monotonic()
    with pytest.raises(ServerTimeout) as failed:
        fetch_calendars(dripping_server, CREDENTIALS, *YEAR,
                        timeout=1.5, retries=0)
    took = time.monotonic() - began
    assert 1.4 < took < 6, took
    assert "1.5 seconds" in failed.value.message("en")


def test_huge_answer_is_cut_at_the_budget(huge_server):
    """An answer larger than the budget ends with ResponseTooLarge, long before 1 GiB is read."""
    began = time.monotonic()
    with pytest.raises(ResponseTooLarge) as failed:
        fetch_calendars(huge_server, CREDENTIALS, *YEAR,
                        timeout=20, retries=0, max_bytes=2_000_000)
    assert time.monotonic() - began < 10
    assert "limits.response_bytes" in failed.value.message("en")


def _cli(*args: str, env_extra: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MEETINGRULES_CALDAV_PASSWORD": "mat-khau", **(env_extra or {})}
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "connectors.cli", *args, "--lang", "en"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    return done, time.monotonic() - began


def test_cli_timeout_bounds_a_dripping_server(dripping_server):
    """``check --caldav URL --timeout 2`` on a dripping server exits 2 with a timeout message in a few seconds."""
    done, took = _cli("check", "--caldav", dripping_server, "--username", "canbo", "--timeout", "2")
    assert done.returncode == 2, done.stderr
    assert "did not answer within 2 seconds" in done.stderr
    assert took < 12, took


def test_cli_huge_answer_exits_2(huge_server, tmp_path):
    """``check --caldav`` on a server answering 1 GiB exits 2 naming limits.response_bytes, with bounded memory."""
    policy = tmp_path / "policy.toml"
    policy.write_text("[limits]\nresponse_bytes = 5000000\n", encoding="utf-8")
    done, took = _cli("check", "--caldav", huge_server, "--username", "canbo", "--policy", str(policy))
    assert done.returncode == 2, done.stderr
    assert "limits.response_bytes" in done.stderr
    assert done.stderr.count("\n") == 1
    assert took < 20, took
