"""The tables of the decision database (SQLAlchemy Core); migrations create them.

The tables here describe the schema at the newest migration; a change to them goes with a
new migration in ``migrations/versions/`` (see docs/database.md).
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["api_tokens", "decisions", "metadata"]

metadata = sa.MetaData()

# A BIGINT on PostgreSQL, the INTEGER that is SQLite's row id there.
_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", _Id, primary_key=True, autoincrement=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("door", sa.String(20), nullable=False),
    sa.Column("client", sa.String(200), nullable=False, server_default=""),
    sa.Column("collection", sa.Text(), nullable=False, server_default=""),
    sa.Column("uid", sa.Text(), nullable=False, server_default=""),
    sa.Column("title", sa.Text(), nullable=False, server_default=""),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),  # UTC
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),  # UTC
    sa.Column("unit", sa.Text(), nullable=False, server_default=""),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("codes", sa.Text(), nullable=False, server_default=""),  # space-separated
    sa.Column("waivers", sa.Text(), nullable=False, server_default=""),  # space-separated
    sa.Column("latency_ms", sa.Float(), nullable=True),
    sa.Column("note", sa.Text(), nullable=False, server_default=""),
    sa.Index("ix_decisions_decided_at", "decided_at"),
    sa.Index("ix_decisions_decision_decided_at", "decision", "decided_at"),
    sa.Index("ix_decisions_unit_decided_at", "unit", "decided_at"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", _Id, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("secret_sha256", sa.String(64), nullable=False, unique=True),  # hex digest
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),  # UTC
)
