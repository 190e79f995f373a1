"""Fixtures of the database tests: a real PostgreSQL server started once per session."""

from __future__ import annotations

import pytest

from connectors.database.lock import stop_waiters
from tests.pg_server import new_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of an empty database: a SQLite file in a temp folder, then a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'decisions.sqlite3'}"
    return new_schema(request.getfixturevalue("postgres_url"))


@pytest.fixture(autouse=True)
def _no_waiting_threads_left():
    """Each test leaves no lock-waiting thread behind (later tests fork reader workers)."""
    yield
    stop_waiters()
