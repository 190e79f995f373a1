"""Shared fixtures and the ``shared`` marker.

Tests that read ``../shared`` (the plan's text, the shared corpus of real ``.ics`` files) carry
``@pytest.mark.shared``: where that folder is absent they are skipped with one line saying so;
third-party files are never copied into the repository.
"""

from __future__ import annotations

import contextlib
import http.server
import logging
import threading
from collections.abc import Iterator

import pytest

from tests.caldav_servers import (
    SLOW_ANSWER_SECONDS,
    CalDAVServer,
    SlowServer,
    http_server,
    start_radicale,
    start_xandikos,
)
from tests.paths import SHARED
from tests.pg_server import new_schema, postgres_binaries, start_postgres


def pytest_collection_modifyitems(config, items):
    """Skip the tests marked ``shared`` when ../shared is not beside the checkout."""
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs {SHARED} (the plan's text and the shared corpus), absent here")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def radicale_server(tmp_path) -> Iterator[CalDAVServer]:
    """A Radicale server with one user and an empty calendar ``work``."""
    server = start_radicale(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def xandikos_server(tmp_path) -> Iterator[CalDAVServer]:
    """A Xandikos server with one user and an empty calendar ``work``."""
    # Xandikos logs every collection it creates at INFO; the tests do not need it.
    logging.getLogger("xandikos").setLevel(logging.WARNING)
    server = start_xandikos(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def xandikos_tls_server(tmp_path) -> Iterator[CalDAVServer]:
    """A Xandikos server on HTTPS with a self-signed certificate."""
    pytest.importorskip("cryptography")  # Xandikos makes its certificate with it
    logging.getLogger("xandikos").setLevel(logging.WARNING)
    server = start_xandikos(tmp_path, tls=True)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def slow_server() -> Iterator[SlowServer]:
    """An HTTP server that holds each request (at most a few seconds) before answering 207."""
    release = threading.Event()
    delay = SLOW_ANSWER_SECONDS

    class Handler(http.server.BaseHTTPRequestHandler):
        def _slow(self):
            release.wait(delay)
            body = b'<?xml version="1.0"?><multistatus xmlns="DAV:"/>'
            self.send_response(207)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)

        do_GET = do_PROPFIND = do_REPORT = do_OPTIONS = _slow

        def log_message(self, format, *args):  # noqa: A002
            pass

    with http_server(Handler, "slow-test-server") as url:
        try:
            yield SlowServer(url, delay)
        finally:
            release.set()  # let held requests finish before the server stops


@pytest.fixture
def plain_web_server() -> Iterator[str]:
    """An HTTP server that answers every request, PROPFIND included, with an HTML page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _page(self):
            body = "<!doctype html><title>Cổng thông tin</title><p>Xin chào</p>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PROPFIND = do_REPORT = do_OPTIONS = _page

        def log_message(self, format, *args):  # noqa: A002
            pass

    with http_server(Handler, "web-test-server") as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """The URL of a PostgreSQL server the tests started (skipped where PostgreSQL is not installed)."""
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed: PostgreSQL tests skipped")
    with start_postgres(tmp_path_factory.mktemp("postgres")) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of an empty database: a SQLite file in a temp folder, then a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'decisions.sqlite3'}"
    return new_schema(request.getfixturevalue("postgres_url"))
