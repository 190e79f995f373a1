"""How the database's failures become :mod:`connectors.errors` (the tree is drawn there).

A URL in a message always has its password masked (``***``); errors of SQLAlchemy, Alembic and
the drivers never leak: they are wrapped with ``raise ... from exc``.
"""

from __future__ import annotations

from connectors.errors import DatabaseError, DatabaseUnavailable, DatabaseURLError, LockTimeout

__all__ = ["DatabaseError", "DatabaseURLError", "DatabaseUnavailable", "LockTimeout", "unavailable"]


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
