"""Errors of the decision database, split by what the caller can do about them::

    DatabaseError (MeetingRulesError)          any failure of the decision database
    ├── DatabaseURLError (ValueError)          the URL is not one the database can use
    ├── DatabaseUnavailable (ConnectionError)  the database cannot be opened or reached
    └── LockTimeout (TimeoutError)             a collection lock was not had in time

Messages are bilingual (``message(lang)``, Vietnamese by default). A URL in a message
always has its password masked (``***``); errors of SQLAlchemy, Alembic and the drivers
never leak: they are wrapped with ``raise ... from exc``.
"""

from __future__ import annotations

from meetingrules.errors import MeetingRulesError

__all__ = ["DatabaseError", "DatabaseURLError", "DatabaseUnavailable", "LockTimeout", "unavailable"]


class DatabaseError(MeetingRulesError):
    """The decision database could not do what was asked."""

    def __init__(self, message_vi: str, message_en: str, *, url: str = ""):
        super().__init__(message_vi, message_en)
        self.url = url  # password masked


class DatabaseURLError(DatabaseError, ValueError):
    """The database URL is malformed or names a database kind that is not supported."""


class DatabaseUnavailable(DatabaseError, ConnectionError):
    """The database cannot be opened: server down, login refused, file not writable."""


class LockTimeout(DatabaseError, TimeoutError):
    """Another process or thread held a collection's lock for longer than the timeout."""

    def __init__(self, message_vi: str, message_en: str, *, url: str = "", key: str = ""):
        super().__init__(message_vi, message_en, url=url)
        self.key = key


def unavailable(url, exc: BaseException) -> DatabaseUnavailable:
    """The error for a database at ``url`` (a SQLAlchemy URL) that failed with ``exc``.

    The driver's first line is kept (it says why: refused, unknown host, wrong password),
    with the password, should a driver ever echo it, masked like the URL's.
    """
    shown = url.render_as_string(hide_password=True)
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = reason[0] if reason else type(exc).__name__
    if url.password:
        reason = reason.replace(str(url.password), "***")
    return DatabaseUnavailable(
        f"Không mở được cơ sở dữ liệu {shown}: {reason}",
        f"Cannot open the database {shown}: {reason}", url=shown)
