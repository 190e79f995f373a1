"""The decision database of the server and the gateway (SQLAlchemy Core, Alembic migrations).

May import: the engine, :mod:`connectors.errors`, SQLAlchemy, Alembic and the drivers.

See :mod:`connectors.database.database` for the URLs and the default SQLite file,
docs/database.md for the schema, the migrations and the lock.
"""

from connectors.database.database import ENV_VARIABLE, Database, TokenInfo, default_path, engine_url, with_refused
from connectors.errors import DatabaseError, DatabaseUnavailable, DatabaseURLError, LockTimeout
from connectors.database.lock import CollectionLock
from connectors.database.records import (
    DECISIONS,
    DOORS,
    DecisionRecord,
    collection_path,
    record_from_decision,
)

__all__ = [
    "CollectionLock",
    "DECISIONS",
    "DOORS",
    "Database",
    "DatabaseError",
    "DatabaseURLError",
    "DatabaseUnavailable",
    "DecisionRecord",
    "ENV_VARIABLE",
    "LockTimeout",
    "TokenInfo",
    "collection_path",
    "default_path",
    "engine_url",
    "record_from_decision",
    "with_refused",
]
