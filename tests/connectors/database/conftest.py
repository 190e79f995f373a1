"""Fixtures of the database tests (the PostgreSQL server and the databases are the top conftest's)."""

from __future__ import annotations

import pytest

from connectors.database.lock import stop_waiters


@pytest.fixture(autouse=True)
def _no_waiting_threads_left():
    """Each test leaves no lock-waiting thread behind (later tests fork reader workers)."""
    yield
    stop_waiters()
