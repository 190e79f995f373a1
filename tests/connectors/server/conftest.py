"""Fixtures of the server tests (the databases are the top conftest's)."""

from __future__ import annotations

import pytest

from tests.connectors.server.helpers import SAMPLES, make_app


@pytest.fixture
def client(tmp_path):
    """A client of the app with the province's calendar registered as ``ubnd``."""
    from fastapi.testclient import TestClient

    app = make_app(tmp_path, calendars=(f"ubnd={SAMPLES / 'ubnd-tinh-2026.ics'}",))
    with TestClient(app) as test_client:
        yield test_client
