"""The decision database against SQLite and a real PostgreSQL: schema, log, tokens, errors."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import connectors.database
from connectors.database import (
    Database,
    DatabaseUnavailable,
    DatabaseURLError,
    DecisionRecord,
    default_path,
    engine_url,
    record_from_decision,
)
from meetingrules import Kind, Level, Scope, UsageError
from meetingrules.validate import validate
from tests.helpers import at, conference, meeting
from tests.pg_server import new_database

ROOT = Path(__file__).resolve().parents[3]
UTC = dt.timezone.utc
AS_OF = dt.date(2026, 11, 27)


def record_at(minute: int, decision: str = "allow", unit: str = "Sở Nội vụ", uid: str = "", **kw) -> DecisionRecord:
    """A decision record made at 08:MM on 2026-11-30 (the other fields as given or typical)."""
    return DecisionRecord(at=dt.datetime(2026, 11, 30, 8, minute, tzinfo=UTC), door=kw.pop("door", "api"),
                          client="vanthu", collection="/canbo/work/", uid=uid or f"u{minute}",
                          title=f"Họp {minute}", unit=unit, decision=decision, **kw)


@pytest.fixture
def db(database_url):
    """An opened database, closed after the test."""
    database = Database(database_url)
    yield database
    database.close()


def test_opening_an_empty_database_creates_the_schema_at_the_newest_migration(database_url):
    """Opening an empty database creates the decision and token tables at the newest revision."""
    with Database(database_url) as db:
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"decisions", "api_tokens", "alembic_version"} <= tables
        assert db.revision() == db.head() == "0001"


def test_opening_again_keeps_the_schema_and_the_rows(database_url):
    """Opening a database a second time migrates nothing and keeps what it holds."""
    with Database(database_url) as db:
        number = db.record(record_at(1))
    with Database(database_url) as db:
        assert db.revision() == db.head()
        assert [r.id for r in db.decisions()] == [number]


def test_a_record_comes_back_as_it_was_stored(db):
    """Every field of a record comes back, times in UTC."""
    start = at(2026, 12, 1, 8)
    record = DecisionRecord(
        at=dt.datetime(2026, 11, 30, 15, 4, 5, 120000, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        door="gateway", client="canbo", collection="/canbo/work/", uid="p@hungyen.gov.vn",
        title="Hội nghị toàn tỉnh", start=start, end=at(2026, 12, 1, 11), unit="UBND tỉnh",
        decision="deny", codes=("MR301", "MR302"), waivers=("MR101",), latency_ms=12.5, note="lần 2",
    )
    number = db.record(record)
    [back] = db.decisions()
    assert back == attrs_evolve(record, id=number)
    assert back.at == dt.datetime(2026, 11, 30, 8, 4, 5, 120000, tzinfo=UTC)
    assert back.start.utcoffset() == dt.timedelta(0) and back.start == start


def attrs_evolve(record, **changes):
    import attrs

    return attrs.evolve(record, **changes)


def test_decisions_are_listed_newest_first_and_paged(db):
    """The log lists the newest decision first, a page at a time, and counts them all."""
    db.record_all([record_at(minute) for minute in (3, 1, 4, 2, 5)])
    assert [r.uid for r in db.decisions()] == ["u5", "u4", "u3", "u2", "u1"]
    assert [r.uid for r in db.decisions(limit=2)] == ["u5", "u4"]
    assert [r.uid for r in db.decisions(limit=2, offset=2)] == ["u3", "u2"]
    assert [r.uid for r in db.decisions(limit=2, offset=4)] == ["u1"]
    assert db.count_decisions() == 5


def test_decisions_are_filtered_by_time_decision_and_unit(db):
    """Filters by time (since included, until excluded), decision, unit and door combine."""
    db.record_all([
        record_at(1, "allow"), record_at(2, "deny"), record_at(3, "deny", unit="UBND xã Tân Hưng"),
        record_at(4, "warn", door="gateway"), record_at(5, "unjudged", door="gateway"),
    ])
    since = dt.datetime(2026, 11, 30, 15, 2, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    until = dt.datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
    assert [r.uid for r in db.decisions(since=since, until=until)] == ["u4", "u3", "u2"]
    assert [r.uid for r in db.decisions(decision="deny")] == ["u3", "u2"]
    assert [r.uid for r in db.decisions(decision="deny", unit="Sở Nội vụ")] == ["u2"]
    assert [r.uid for r in db.decisions(door="gateway")] == ["u5", "u4"]
    assert db.count_decisions(since=since, until=until, decision="deny") == 2
    assert db.count_decisions(unit="UBND xã Tân Hưng") == 1


def test_an_unknown_decision_filter_is_a_usage_error(db):
    """Filtering by a decision that does not exist is a bilingual usage error."""
    with pytest.raises(UsageError) as caught:
        db.decisions(decision="refused")
    assert "allow, warn, deny, unjudged" in caught.value.message("en")
    assert "Quyết định không hợp lệ" in caught.value.message("vi")


def test_refused_proposals_are_counted_per_unit_once_each(db):
    """Refusals in the period count per unit, a proposal refused twice counting once."""
    db.record_all([
        record_at(1, "deny", uid="a"), record_at(2, "deny", uid="a"), record_at(3, "deny", uid="b"),
        record_at(4, "deny", unit="UBND xã Tân Hưng", uid="c"), record_at(5, "allow", uid="d"),
        record_at(40, "deny", uid="late"),
    ])
    start = dt.datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    end = dt.datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
    assert db.refused_by_unit(start, end) == {"Sở Nội vụ": 2, "UBND xã Tân Hưng": 1}


def test_a_naive_time_is_refused_in_a_record():
    """A record with a time of no zone is refused: a log time must be unambiguous."""
    with pytest.raises(ValueError, match="aware"):
        DecisionRecord(at=dt.datetime(2026, 11, 30, 8), door="api")


def test_an_unknown_door_or_decision_is_refused_in_a_record():
    """A record names one of the known doors and decisions."""
    with pytest.raises(ValueError):
        DecisionRecord(at=dt.datetime.now(UTC), door="email")
    with pytest.raises(ValueError):
        DecisionRecord(at=dt.datetime.now(UTC), door="api", decision="maybe")


def test_a_token_verifies_to_its_name_until_it_is_revoked(db):
    """A new token's secret verifies to its name; once revoked it is refused."""
    secret = db.create_token("lich-so-noi-vu")
    assert db.verify_token(secret) == "lich-so-noi-vu"
    assert db.verify_token(secret + "x") is None
    assert db.verify_token("") is None
    assert db.revoke_token("lich-so-noi-vu") is True
    assert db.revoke_token("lich-so-noi-vu") is False
    assert db.verify_token(secret) is None
    [info] = db.tokens()
    assert (info.name, info.active) == ("lich-so-noi-vu", False)
    assert info.revoked >= info.created


def test_a_revoked_token_name_can_be_given_again_and_an_active_one_cannot(db):
    """Rotating a token: a revoked name is reused for a new secret; an active name is refused."""
    old = db.create_token("gateway")
    with pytest.raises(UsageError):
        db.create_token("gateway")
    db.revoke_token("gateway")
    new = db.create_token("gateway")
    assert new != old
    assert (db.verify_token(old), db.verify_token(new)) == (None, "gateway")
    assert [(t.name, t.active) for t in db.tokens()] == [("gateway", True)]


def test_token_secrets_are_stored_hashed(tmp_path):
    """The secret of a token appears nowhere in the SQLite file; only its SHA-256 does."""
    import hashlib

    path = tmp_path / "decisions.sqlite3"
    with Database(str(path)) as db:
        secret = db.create_token("api")
        db.create_token("second")
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("decisions.sqlite3*") if p.is_file())
    assert secret.encode() not in stored
    with sqlite3.connect(path) as connection:
        [(digest,)] = connection.execute("SELECT secret_sha256 FROM api_tokens WHERE name = 'api'").fetchall()
    assert digest == hashlib.sha256(secret.encode()).hexdigest()


def test_a_bad_token_name_is_a_usage_error(db):
    """A token needs a printable name of at most 200 characters."""
    for name in ("", "   ", "a\nb", "x" * 201):
        with pytest.raises(UsageError):
            db.create_token(name)


def test_no_url_means_the_file_in_the_user_data_folder(tmp_path, monkeypatch):
    """Without a URL or $MEETINGRULES_DATABASE the database is a SQLite file under $XDG_DATA_HOME."""
    monkeypatch.delenv("MEETINGRULES_DATABASE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "meetingrules" / "decisions.sqlite3"
    with Database() as db:
        db.record(record_at(1))
    assert (tmp_path / "data" / "meetingrules" / "decisions.sqlite3").is_file()


def test_the_environment_variable_names_the_database(tmp_path, monkeypatch):
    """$MEETINGRULES_DATABASE, a path or a URL, is the database when no URL is given."""
    monkeypatch.setenv("MEETINGRULES_DATABASE", str(tmp_path / "env.sqlite3"))
    assert engine_url(None).database == str(tmp_path / "env.sqlite3")
    monkeypatch.setenv("MEETINGRULES_DATABASE", "postgresql://u@db.example/lich")
    assert engine_url(None).render_as_string() == "postgresql+psycopg://u@db.example/lich"
    assert engine_url("postgres://u@h/x").drivername == "postgresql+psycopg"


def test_an_unreachable_server_is_a_bilingual_error_without_the_password():
    """A PostgreSQL URL that cannot be opened gives a bilingual message with the password masked."""
    with pytest.raises(DatabaseUnavailable) as caught:
        Database("postgresql://vanthu:Bi-mat-42@127.0.0.1:1/lich")
    error = caught.value
    for lang in ("vi", "en"):
        assert "Bi-mat-42" not in error.message(lang)
        assert "vanthu:***@127.0.0.1:1/lich" in error.message(lang)
    assert error.message("vi").startswith("Không mở được cơ sở dữ liệu")
    assert error.message("en").startswith("Cannot open the database")
    assert isinstance(error, ConnectionError)


def test_a_wrong_password_is_refused_without_showing_it(postgres_url):
    """A wrong PostgreSQL password is a DatabaseUnavailable naming the login failure, not the password."""
    wrong = sa.make_url(postgres_url).set(password="Sai-mat-khau-77").render_as_string(hide_password=False)
    with pytest.raises(DatabaseUnavailable) as caught:
        Database(wrong)
    assert "Sai-mat-khau-77" not in caught.value.message("en") + caught.value.message("vi")
    assert "password authentication failed" in caught.value.message("en")


def test_an_unwritable_sqlite_file_is_a_bilingual_error(tmp_path):
    """A SQLite path under a file (not a folder) cannot be opened: a DatabaseUnavailable."""
    (tmp_path / "file").write_text("x")
    with pytest.raises(DatabaseUnavailable) as caught:
        Database(str(tmp_path / "file" / "decisions.sqlite3"))
    assert "Không mở được cơ sở dữ liệu" in caught.value.message("vi")


def test_an_unsupported_or_malformed_url_is_a_url_error():
    """A MySQL URL or a malformed one is a DatabaseURLError, with no password in it."""
    with pytest.raises(DatabaseURLError) as caught:
        Database("mysql://root:Bi-mat@localhost/lich")
    assert "mysql" in caught.value.message("en") and "Bi-mat" not in caught.value.message("en")
    with pytest.raises(DatabaseURLError) as caught:
        Database("postgresql://u:Bi-mat@host:port/x")
    assert "Bi-mat" not in caught.value.message("vi")


def test_a_database_error_reaches_the_user_without_a_traceback(tmp_path):
    """A script opening a bad database URL prints the error class and message, no secret."""
    code = ("from connectors.database import Database, DatabaseError\n"
            "try:\n    Database('postgresql://a:Bi-mat-9@127.0.0.1:1/x')\n"
            "except DatabaseError as e:\n    print(type(e).__name__, e.message('en'))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("DatabaseUnavailable Cannot open the database postgresql+psycopg://a:***@")
    assert "Bi-mat-9" not in out.stdout + out.stderr and out.stderr == ""


def test_a_decision_becomes_one_row_per_proposed_uid():
    """A denied third province-wide conference gives one row with MR301, its title, times and unit."""
    def province_wide(uid, month):
        return conference(uid, at(2026, month, 10, 8), at(2026, month, 10, 11), Kind.TECHNICAL,
                          scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE, unit="UBND tỉnh")

    decision = validate([province_wide("new", 12)], [province_wide("a", 2), province_wide("b", 5)], as_of=AS_OF)
    [row] = record_from_decision(decision, door="api", client="vanthu", collection="ubnd-tinh",
                                 latency_ms=3.0, note="")
    assert (row.uid, row.title, row.unit, row.decision, row.codes, row.waivers) == (
        "new", "Hội nghị new", "UBND tỉnh", "deny", ("MR301",), ())
    assert (row.start, row.end) == (at(2026, 12, 10, 8), at(2026, 12, 10, 11))
    assert (row.door, row.client, row.collection, row.latency_ms) == ("api", "vanthu", "ubnd-tinh", 3.0)
    assert row.at.tzinfo is UTC


def test_an_allowed_decision_of_two_uids_gives_two_rows_without_codes():
    """An allowed proposal of two meetings gives two allow rows with no codes."""
    proposal = [meeting("p1", at(2026, 12, 1, 14), at(2026, 12, 1, 15)),
                meeting("p2", at(2026, 12, 2, 14), at(2026, 12, 2, 15))]
    rows = record_from_decision(validate(proposal, [], as_of=AS_OF), door="cli", client="", collection="")
    assert [(r.uid, r.decision, r.codes) for r in rows] == [("p1", "allow", ()), ("p2", "allow", ())]


def test_a_waived_finding_is_logged_as_the_waiver_used():
    """A breach let through by an approved exception is logged as a waiver, not as a code."""
    from meetingrules import Waiver

    long = conference("long", at(2026, 12, 3, 7), at(2026, 12, 3, 13), Kind.BRIEFING,
                      waivers=(Waiver("MR101", "Chủ tịch đồng ý", "Chủ tịch UBND tỉnh"),))
    [row] = record_from_decision(validate([long], [], as_of=AS_OF), door="page", client="", collection="")
    assert row.waivers == ("MR101",)
    assert "MR101" not in row.codes and row.decision != "deny"


def test_alembic_downgrades_and_upgrades_the_schema(database_url):
    """Alembic's own commands take the schema down to nothing and back to the newest revision."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "connectors" / "database" / "alembic.ini"))
    config.cmd_opts = type("Options", (), {"x": [f"url={database_url}"]})()
    config.attributes["configure_logging"] = False  # pytest keeps the logging
    with Database(database_url) as db:
        command.downgrade(config, "base")
        assert db.revision() is None
        assert "decisions" not in sa.inspect(db.engine).get_table_names()
        command.upgrade(config, "head")
        assert db.revision() == "0001"


def test_the_package_exports_a_sorted_public_list():
    """connectors.database re-exports its public names in one sorted __all__."""
    assert connectors.database.__all__ == sorted(connectors.database.__all__)
    for name in connectors.database.__all__:
        assert hasattr(connectors.database, name)


def test_threads_and_processes_record_at_once_without_losing_a_row(database_url, tmp_path):
    """Eight threads and two other processes writing the log at once leave every row in it."""
    import threading

    with Database(database_url) as db:
        code = ("import sys, datetime as dt\nfrom connectors.database import Database, DecisionRecord\n"
                "with Database(sys.argv[1]) as db:\n"
                "    for i in range(50):\n"
                "        db.record(DecisionRecord(at=dt.datetime.now(dt.timezone.utc), door='gateway', uid=f'p{i}'))\n")
        workers = [subprocess.Popen([sys.executable, "-c", code, database_url], cwd=ROOT) for _ in range(2)]
        threads = [threading.Thread(target=lambda: [db.record(record_at(m % 60)) for m in range(25)]) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert [w.wait(timeout=120) for w in workers] == [0, 0]
        assert db.count_decisions(door="api") == 200
        assert db.count_decisions(door="gateway") == 100


def test_a_collection_is_keyed_by_its_url_path():
    """A collection's URL, path or bare path all give the key /user/calendar/; a plain name stays."""
    from connectors.database import collection_path

    assert collection_path("https://lich.hungyen.gov.vn/dav/canbo/work") == "/dav/canbo/work/"
    assert collection_path("http://127.0.0.1:5232/canbo/L%E1%BB%8Bch/") == "/canbo/Lịch/"
    assert collection_path("canbo/work") == collection_path("/canbo/work/") == "/canbo/work/"
    assert collection_path("ubnd-tinh") == "ubnd-tinh"
    record = DecisionRecord(at=dt.datetime.now(UTC), door="gateway", collection="http://h/canbo/work")
    assert record.collection == "/canbo/work/"


def test_a_login_without_the_right_to_create_tables_is_a_clear_error(postgres_url):
    """A PostgreSQL login that may connect but not create the tables gets a bilingual 'permission denied'."""
    import psycopg

    url = sa.make_url(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("CREATE ROLE lecteur LOGIN PASSWORD 'Doc-thoi-1'")
    empty = sa.make_url(new_database(postgres_url))
    reader = empty.set(username="lecteur", password="Doc-thoi-1").render_as_string(hide_password=False)
    with pytest.raises(DatabaseUnavailable) as caught:
        Database(reader)
    assert "permission denied for schema public" in caught.value.message("en")
    assert "Doc-thoi-1" not in caught.value.message("vi") + caught.value.message("en")
    assert url.password not in caught.value.message("en")


def test_processes_opening_a_new_database_at_once_all_get_the_schema(database_url):
    """Three processes opening the same new database at the same moment all start and log a row."""
    code = ("import sys, datetime as dt\nfrom connectors.database import Database, DecisionRecord\n"
            "with Database(sys.argv[1]) as db:\n"
            "    db.record(DecisionRecord(at=dt.datetime.now(dt.timezone.utc), door='cli'))\n")
    workers = [subprocess.Popen([sys.executable, "-c", code, database_url], cwd=ROOT, stderr=subprocess.PIPE)
               for _ in range(3)]
    assert [(w.wait(timeout=120), w.stderr.read()) for w in workers] == [(0, b"")] * 3
    with Database(database_url) as db:
        assert db.count_decisions(door="cli") == 3


def test_a_record_as_json_has_utc_times_and_lists():
    """A record's JSON form gives times in ISO 8601 UTC with Z and codes as lists."""
    record = record_at(4, "deny", codes=("MR301",), start=at(2026, 12, 1, 8), latency_ms=2.5)
    assert record.to_dict() == {
        "id": None, "at": "2026-11-30T08:04:00Z", "door": "api", "client": "vanthu",
        "collection": "/canbo/work/", "uid": "u4", "title": "Họp 4", "start": "2026-12-01T01:00:00Z",
        "end": None, "unit": "Sở Nội vụ", "decision": "deny", "codes": ["MR301"], "waivers": [],
        "latency_ms": 2.5, "note": "",
    }
