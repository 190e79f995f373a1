"""Fixtures of the database tests: a real PostgreSQL server started once per session."""

from __future__ import annotations

import pytest

from tests.pg_server import new_schema, postgres_binaries, start_postgres


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
