"""The one database of the server and the gateway: the decision log and the API tokens.

``Database(url)`` opens (and on first use creates) the database and brings its schema to
the newest migration. The URL:

* ``None``: ``$MEETINGRULES_DATABASE`` when it is set (a URL or a file path), else the
  SQLite file ``decisions.sqlite3`` in the user's data folder
  (``$XDG_DATA_HOME/meetingrules/``, by default ``~/.local/share/meetingrules/``; on
  Windows ``%LOCALAPPDATA%\\meetingrules\\``), created with its folder, no set-up;
* a file path or ``sqlite:///path``: that SQLite file;
* ``postgresql://user:password@host/dbname`` (or ``postgres://``): PostgreSQL through
  psycopg 3; the database must exist, its tables are created.

SPEC §10: "every validation … is a row: when, which client, the proposal (UID, title,
start, end, unit), the decision, the finding codes, the waiver used … the schema is
versioned with migrations. Reports can count refused proposals from it."
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import attrs
import sqlalchemy as sa

from connectors.database.errors import DatabaseURLError, unavailable
from connectors.database.lock import CollectionLock, FileLock, LocalLock, PostgresLock
from connectors.database.records import DECISIONS, DecisionRecord, record_from_decision, utc
from connectors.database.schema import api_tokens, decisions
from meetingrules.errors import UsageError

__all__ = ["ENV_VARIABLE", "Database", "TokenInfo", "default_path", "engine_url"]

#: The environment variable naming the database (a URL or a SQLite file path).
ENV_VARIABLE = "MEETINGRULES_DATABASE"
#: How long a collection lock is waited for by default, in seconds.
LOCK_TIMEOUT = 30.0
_SQLITE_BUSY_MS = 30_000
_SCHEMA_LOCK = "meetingrules:schema"
_TOKEN_PREFIX = "mrt_"
_MIGRATIONS = Path(__file__).with_name("migrations")
_heads: dict[str, str] = {}


def default_path() -> Path:
    """The SQLite file used when no URL is given and ``$MEETINGRULES_DATABASE`` is unset."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "meetingrules" / "decisions.sqlite3"


def engine_url(url: str | None = None) -> sa.URL:
    """The SQLAlchemy URL for ``url`` (see the module): a driver chosen, a path made absolute."""
    text = (url or os.environ.get(ENV_VARIABLE, "")).strip()
    if not text:
        return sa.URL.create("sqlite+pysqlite", database=str(default_path()))
    if "://" not in text:  # a file path
        return sa.URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().absolute()))
    try:
        parsed = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError):
        scheme = text.split("://", 1)[0]
        raise DatabaseURLError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ (bắt đầu bằng '{scheme}://'). Hãy dùng "
            "postgresql://người-dùng@máy/tên-csdl hoặc đường dẫn một tệp SQLite.",
            f"Not a valid database URL (starting '{scheme}://'). Use "
            "postgresql://user@host/dbname or the path of a SQLite file.") from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        if parsed.drivername in ("postgres", "postgresql"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            parsed = parsed.set(database=str(Path(database).expanduser().absolute()))
        return parsed
    shown = parsed.render_as_string(hide_password=True)
    raise DatabaseURLError(
        f"Không hỗ trợ cơ sở dữ liệu '{backend}' ({shown}): chỉ SQLite và PostgreSQL.",
        f"The database kind '{backend}' is not supported ({shown}): SQLite and PostgreSQL only.",
        url=shown)


@attrs.frozen
class TokenInfo:
    """An API token as listed: its name, when it was made, when it was revoked (never its hash)."""

    name: str
    created: dt.datetime
    revoked: dt.datetime | None = None

    @property
    def active(self) -> bool:
        """True while the token is not revoked."""
        return self.revoked is None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL: readers (the decisions page) never wait for the writers (the doors).
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


class Database:
    """The decision log, the API tokens and the collection locks in one SQL database.

    Safe to share between threads; several processes may open the same database (the
    server, the gateway's workers, Radicale's hook). ``migrate=False`` skips the schema
    upgrade (for Alembic's own commands).
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, lock_timeout: float = LOCK_TIMEOUT):
        self.url = engine_url(url)
        self.display_url = self.url.render_as_string(hide_password=True)
        self.lock_timeout = lock_timeout
        self.dialect = self.url.get_backend_name()
        self._file: Path | None = None
        self.engine: sa.Engine | None = None
        self._lock_engine: sa.Engine | None = None
        try:
            self._create_engines()
        except (ImportError, sa.exc.NoSuchModuleError) as exc:
            raise DatabaseURLError(
                f"Thiếu trình điều khiển cho {self.display_url} ({exc}); với postgresql:// hãy cài "
                "pip install 'psycopg[binary]'.",
                f"No driver for {self.display_url} ({exc}); for postgresql:// install "
                "pip install 'psycopg[binary]'.",
                url=self.display_url) from exc
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except (sa.exc.SQLAlchemyError, OSError) as exc:
            self.close()
            raise unavailable(self.url, exc) from exc
        if migrate:
            self.migrate()

    def _create_engines(self) -> None:
        """The engine (and, for PostgreSQL, the engine the locks use) for ``self.url``."""
        if self.dialect == "sqlite":
            database = self.url.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                self._file = Path(database)
                try:
                    self._file.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise unavailable(self.url, exc) from exc
            if self._file is None:  # one in-memory database, shared by every thread
                self.engine = sa.create_engine(self.url, poolclass=sa.pool.StaticPool,
                                               connect_args={"check_same_thread": False})
            else:
                self.engine = sa.create_engine(self.url, connect_args={"timeout": _SQLITE_BUSY_MS / 1000})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(self.url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
            # Lock holders get connections of their own pool, without a cap: waiters on a busy
            # collection never take the connections that the lock's holder needs to log.
            self._lock_engine = sa.create_engine(self.url, pool_size=5, max_overflow=-1, pool_pre_ping=True,
                                                 connect_args={"connect_timeout": 10})

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        if self.engine is not None:
            self.engine.dispose()
        if self._lock_engine is not None:
            self._lock_engine.dispose()

    @contextlib.contextmanager
    def _connection(self, *, write: bool = False) -> Iterator[sa.Connection]:
        try:
            with (self.engine.begin() if write else self.engine.connect()) as connection:
                yield connection
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
            raise unavailable(self.url, exc) from exc

    def _time(self, moment: dt.datetime | None) -> dt.datetime | None:
        moment = utc(moment)
        # SQLite keeps no offset: every time in it is UTC, naive.
        return moment.replace(tzinfo=None) if moment is not None and self.dialect == "sqlite" else moment

    @staticmethod
    def _read_time(moment: dt.datetime | None) -> dt.datetime | None:
        if moment is None:
            return None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(dt.timezone.utc)

    # ----------------------------------------------------------------- schema

    def _alembic_config(self):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        return config

    def head(self) -> str:
        """The newest migration's revision."""
        if "head" not in _heads:
            from alembic.script import ScriptDirectory

            _heads["head"] = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        return _heads["head"]

    def revision(self) -> str | None:
        """The revision the database's schema is at (None: an empty database)."""
        from alembic.runtime.migration import MigrationContext

        with self._connection() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (nothing to do when it is there)."""
        from alembic import command

        if self.revision() == self.head():
            return
        # Two processes opening a new database at once: one creates, the other waits.
        with self.collection_lock(_SCHEMA_LOCK, timeout=max(self.lock_timeout, 60.0)):
            try:
                with self.engine.begin() as connection:
                    config = self._alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
            except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
                raise unavailable(self.url, exc) from exc

    # ----------------------------------------------------------------- the decision log

    def record(self, record: DecisionRecord) -> int:
        """Store one decision; its row number."""
        return self.record_all([record])[0]

    def record_all(self, records) -> list[int]:
        """Store several decisions (the rows of one proposal) in one transaction; their numbers."""
        with self._connection(write=True) as connection:
            return [int(connection.execute(decisions.insert().values(**self._values(r))).inserted_primary_key[0])
                    for r in records]

    def log(self, decision, *, door: str, client: str, collection: str, latency_ms: float | None = None,
            note: str = "") -> list[int]:
        """Store the rows of one decision of :func:`meetingrules.validate.validate` (every door's one call).

        ``collection`` is normalised to its URL path (see :func:`collection_path`).
        """
        return self.record_all(record_from_decision(
            decision, door=door, client=client, collection=collection, latency_ms=latency_ms, note=note))

    def _values(self, record: DecisionRecord) -> dict:
        return {
            "decided_at": self._time(record.at),
            "door": record.door,
            "client": record.client,
            "collection": record.collection,
            "uid": record.uid,
            "title": record.title,
            "starts_at": self._time(record.start),
            "ends_at": self._time(record.end),
            "unit": record.unit,
            "decision": record.decision,
            "codes": " ".join(record.codes),
            "waivers": " ".join(record.waivers),
            "latency_ms": record.latency_ms,
            "note": record.note,
        }

    def _where(self, since, until, decision, unit, door, collection, uid) -> list:
        c = decisions.c
        where = []
        if since is not None:
            where.append(c.decided_at >= self._time(since))
        if until is not None:
            where.append(c.decided_at < self._time(until))
        if decision is not None:
            if decision not in DECISIONS:
                raise UsageError(f"Quyết định không hợp lệ: '{decision}' (dùng {', '.join(DECISIONS)}).",
                                 f"Not a decision: '{decision}' (use {', '.join(DECISIONS)}).")
            where.append(c.decision == decision)
        for column, value in ((c.unit, unit), (c.door, door), (c.collection, collection), (c.uid, uid)):
            if value is not None:
                where.append(column == value)
        return where

    def decisions(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        decision: str | None = None,
        unit: str | None = None,
        door: str | None = None,
        collection: str | None = None,
        uid: str | None = None,
    ) -> list[DecisionRecord]:
        """The logged decisions, newest first: ``since`` ≤ time < ``until``, paged."""
        if limit < 0 or offset < 0:
            raise UsageError("limit và offset phải không âm.", "limit and offset must not be negative.")
        query = (
            sa.select(decisions)
            .where(*self._where(since, until, decision, unit, door, collection, uid))
            .order_by(decisions.c.decided_at.desc(), decisions.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._connection() as connection:
            rows = connection.execute(query).mappings().all()
        return [self._record(row) for row in rows]

    def count_decisions(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        decision: str | None = None,
        unit: str | None = None,
        door: str | None = None,
        collection: str | None = None,
        uid: str | None = None,
    ) -> int:
        """How many logged decisions match (the same filters as :meth:`decisions`)."""
        query = sa.select(sa.func.count()).select_from(decisions).where(
            *self._where(since, until, decision, unit, door, collection, uid))
        with self._connection() as connection:
            return int(connection.execute(query).scalar_one())

    def refused_by_unit(self, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
        """Refused proposals per unit, decided in ``[start, end)``.

        A proposal (collection and UID) refused several times counts once: clients retry
        a refused save. Units are as the proposal named them (``""``: no unit).
        """
        c = decisions.c
        refused = (
            sa.select(c.unit, c.collection, c.uid)
            .where(c.decision == "deny", c.decided_at >= self._time(start), c.decided_at < self._time(end))
            .distinct()
            .subquery()
        )
        query = sa.select(refused.c.unit, sa.func.count()).group_by(refused.c.unit).order_by(refused.c.unit)
        with self._connection() as connection:
            return {unit: int(count) for unit, count in connection.execute(query).all()}

    def _record(self, row) -> DecisionRecord:
        return DecisionRecord(
            at=self._read_time(row["decided_at"]),
            door=row["door"],
            client=row["client"],
            collection=row["collection"],
            uid=row["uid"],
            title=row["title"],
            start=self._read_time(row["starts_at"]),
            end=self._read_time(row["ends_at"]),
            unit=row["unit"],
            decision=row["decision"],
            codes=row["codes"],
            waivers=row["waivers"],
            latency_ms=row["latency_ms"],
            note=row["note"],
            id=int(row["id"]),
        )

    # ----------------------------------------------------------------- API tokens

    def create_token(self, name: str) -> str:
        """A new API token called ``name``; the secret is returned once and stored hashed.

        A revoked token's name can be given to a new token (rotation); an active one's cannot.
        """
        name = _token_name(name)
        secret = _TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self._time(dt.datetime.now(dt.timezone.utc))
        with self._connection(write=True) as connection:
            held = connection.execute(
                sa.select(api_tokens.c.revoked_at).where(api_tokens.c.name == name)).first()
            if held is not None and held.revoked_at is None:
                raise UsageError(
                    f"Đã có mã truy cập tên '{name}'; hãy thu hồi nó trước hoặc chọn tên khác.",
                    f"An API token named '{name}' exists; revoke it first or choose another name.")
            if held is not None:
                connection.execute(api_tokens.delete().where(api_tokens.c.name == name))
            try:
                connection.execute(api_tokens.insert().values(
                    name=name, secret_sha256=_digest(secret), created_at=now, revoked_at=None))
            except sa.exc.IntegrityError:  # made by another process at the same moment
                raise UsageError(
                    f"Đã có mã truy cập tên '{name}'; hãy thu hồi nó trước hoặc chọn tên khác.",
                    f"An API token named '{name}' exists; revoke it first or choose another name.") from None
        return secret

    def verify_token(self, secret: str | None) -> str | None:
        """The name of the active token whose secret is ``secret``; None for any other."""
        if not secret or len(secret) > 512:
            return None
        digest = _digest(secret)
        with self._connection() as connection:
            row = connection.execute(
                sa.select(api_tokens.c.name, api_tokens.c.secret_sha256, api_tokens.c.revoked_at)
                .where(api_tokens.c.secret_sha256 == digest)).first()
        if row is None or not hmac.compare_digest(row.secret_sha256, digest) or row.revoked_at is not None:
            return None
        return row.name

    def revoke_token(self, name: str) -> bool:
        """Revoke the active token ``name``; False when there is none."""
        now = self._time(dt.datetime.now(dt.timezone.utc))
        with self._connection(write=True) as connection:
            result = connection.execute(
                api_tokens.update()
                .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now))
            return result.rowcount > 0

    def tokens(self) -> list[TokenInfo]:
        """Every token, active and revoked, by name."""
        query = sa.select(api_tokens.c.name, api_tokens.c.created_at, api_tokens.c.revoked_at).order_by(
            api_tokens.c.name)
        with self._connection() as connection:
            rows = connection.execute(query).all()
        return [TokenInfo(r.name, self._read_time(r.created_at), self._read_time(r.revoked_at)) for r in rows]

    # ----------------------------------------------------------------- locks

    def collection_lock(self, key: str, *, timeout: float | None = None) -> CollectionLock:
        """A lock on collection ``key``, across threads, processes and (PostgreSQL) hosts.

        ``with db.collection_lock(key):`` or ``async with …``; waiting longer than
        ``timeout`` seconds (default: the database's ``lock_timeout``) raises
        :class:`~connectors.database.LockTimeout`. One lock object per block.
        """
        timeout = self.lock_timeout if timeout is None else timeout
        if self.dialect == "postgresql":
            return PostgresLock(key, timeout, self._lock_engine)
        if self._file is not None:
            return FileLock(key, timeout, self._file.with_name(self._file.name + ".locks"), self.display_url)
        return LocalLock(key, timeout, self.display_url)


_NAME_LIMIT = 200


def _token_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > _NAME_LIMIT or any(ch < " " or ch == "\x7f" for ch in name):
        raise UsageError(
            f"Tên mã truy cập phải có từ 1 đến {_NAME_LIMIT} ký tự in được.",
            f"A token name must be 1 to {_NAME_LIMIT} printable characters.")
    return name


def _digest(secret: str) -> str:
    # Secrets are 32 random bytes: a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def with_refused(report, database):
    """``report`` with the proposals refused in its period, per unit, from the decision log at
    ``database`` (a URL or a :class:`connectors.database.Database`)."""
    tz = report.policy.timezone
    window = report.period.window(tz)
    if isinstance(database, Database):
        return attrs.evolve(report, refused=database.refused_by_unit(window.start, window.end))
    with Database(database) as db:
        return attrs.evolve(report, refused=db.refused_by_unit(window.start, window.end))
