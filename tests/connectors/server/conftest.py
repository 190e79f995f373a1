"""Fixtures of the server tests: the real app over a real database, and a real uvicorn."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.pg_server import new_schema, postgres_binaries, start_postgres

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
PROPOSALS = ROOT / "tests" / "data" / "proposals"
AS_OF = "2026-11-27"


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """The URL of a PostgreSQL server the tests started (skipped where PostgreSQL is not installed)."""
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed: PostgreSQL tests skipped")
    with start_postgres(tmp_path_factory.mktemp("postgres")) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty decision log: a SQLite file in a temp folder, then a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'decisions.sqlite3'}"
    return new_schema(request.getfixturevalue("postgres_url"))


def make_app(tmp_path: Path, **settings):
    """The application over a SQLite file in ``tmp_path`` (unless a database URL is given)."""
    from connectors.server import Settings, create_app

    settings.setdefault("database", f"sqlite:///{tmp_path / 'decisions.sqlite3'}")
    settings.setdefault("warm", False)
    return create_app(Settings(**settings))


@pytest.fixture
def client(tmp_path):
    """A client of the app with the province's calendar registered as ``ubnd``."""
    from fastapi.testclient import TestClient

    app = make_app(tmp_path, calendars=(f"ubnd={SAMPLES / 'ubnd-tinh-2026.ics'}",))
    with TestClient(app) as test_client:
        yield test_client


@contextlib.contextmanager
def running(app):
    """The app served by a real uvicorn on a free 127.0.0.1 port: yields its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
