"""Cross-process locks per collection: a PostgreSQL advisory lock, or a file lock for SQLite.

SPEC §11: "decisions for one collection are serialised with the forwarding of the PUT".
Within one process an asyncio or threading lock is enough; with several worker processes or
hosts the lock lives with the shared decision database:

* PostgreSQL: ``pg_advisory_lock`` on a 64-bit hash of the key, held by a connection of its
  own for the whole block (a lost connection releases it);
* SQLite: an exclusive ``flock`` on a file beside the database (``<file>.locks/<hash>``).
  A lock row under ``BEGIN IMMEDIATE`` would hold SQLite's one write lock for the whole
  block, and the decision the block writes would then wait for its own lock.

Both conflict between threads of one process too. A lock is usable as ``with`` and as
``async with`` (acquired in a worker thread, so the event loop keeps running).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import os
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from connectors.database.errors import LockTimeout, unavailable

__all__ = ["CollectionLock", "FileLock", "LocalLock", "PostgresLock", "lock_number"]

_POLL_FIRST, _POLL_MAX = 0.002, 0.05


_executor: concurrent.futures.ThreadPoolExecutor | None = None
_executor_guard = threading.Lock()


def _waiters() -> concurrent.futures.ThreadPoolExecutor:
    """The threads that wait for locks for asyncio code: not the loop's default executor,
    whose few threads (CPU count + 4) a queue of waiters would take from everything else."""
    global _executor
    with _executor_guard:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(max_workers=64, thread_name_prefix="meetingrules-lock")
        return _executor


def lock_number(key: str) -> int:
    """A signed 64-bit number for ``key`` (what ``pg_advisory_lock`` takes)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)


def _timeout_error(key: str, timeout: float, url: str) -> LockTimeout:
    return LockTimeout(
        f"Không giữ được khoá của lịch '{key}' trong {timeout:g} giây: một tiến trình khác đang "
        "xử lý lịch này. Hãy thử lại sau.",
        f"Could not take the lock of collection '{key}' within {timeout:g} seconds: another "
        "process is working on it. Try again later.", url=url, key=key)


class CollectionLock:
    """A lock on one collection: ``with lock:``, ``async with lock:`` or acquire()/release()."""

    def __init__(self, key: str, timeout: float, url: str = ""):
        self.key = key
        self.timeout = timeout
        self.url = url

    def acquire(self) -> None:
        """Wait for the lock; :class:`LockTimeout` after ``timeout`` seconds."""
        raise NotImplementedError

    def release(self) -> None:
        """Give the lock back."""
        raise NotImplementedError

    def __enter__(self) -> CollectionLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    async def __aenter__(self) -> CollectionLock:
        guard = threading.Lock()
        state = {"abandoned": False, "held": False}

        def acquire() -> None:
            self.acquire()
            with guard:
                if state["abandoned"]:  # the task was cancelled while this thread waited
                    self.release()
                else:
                    state["held"] = True

        waiting = asyncio.get_running_loop().run_in_executor(_waiters(), acquire)
        try:
            await asyncio.shield(waiting)
        except asyncio.CancelledError:
            # The waiting thread goes on; whoever of the two comes second gives the lock back.
            with guard:
                state["abandoned"] = True
                held = state["held"]
            if held:
                _waiters().submit(self.release)
            waiting.add_done_callback(lambda f: f.cancelled() or f.exception())  # a timeout nobody awaits
            raise
        return self

    async def __aexit__(self, *exc_info) -> None:
        await asyncio.get_running_loop().run_in_executor(_waiters(), self.release)


class FileLock(CollectionLock):
    """An exclusive lock on a file (``flock``; ``msvcrt.locking`` on Windows)."""

    def __init__(self, key: str, timeout: float, folder: Path, url: str = ""):
        super().__init__(key, timeout, url)
        self.path = folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        pause = _POLL_FIRST
        while True:
            if _try_lock(fd):
                self._fd = fd
                return
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _timeout_error(self.key, self.timeout, self.url)
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, _POLL_MAX)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


class LocalLock(CollectionLock):
    """A lock within this process only (an in-memory SQLite database has no other process)."""

    _locks: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    def acquire(self) -> None:
        with self._guard:
            lock = self._locks.setdefault(self.key, threading.Lock())
        if not lock.acquire(timeout=self.timeout):
            raise _timeout_error(self.key, self.timeout, self.url)
        self._held = lock

    def release(self) -> None:
        self._held.release()


class PostgresLock(CollectionLock):
    """``pg_advisory_lock`` held by a connection of its own; ``lock_timeout`` bounds the wait."""

    def __init__(self, key: str, timeout: float, engine: sa.Engine):
        super().__init__(key, timeout, engine.url.render_as_string(hide_password=True))
        self.engine = engine
        self._connection: sa.Connection | None = None

    def acquire(self) -> None:
        number = lock_number(self.key)
        try:
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except sa.exc.SQLAlchemyError as exc:
            raise unavailable(self.engine.url, exc) from exc
        try:
            connection.execute(sa.text("SELECT set_config('lock_timeout', :ms, false)"),
                               {"ms": f"{max(1, int(self.timeout * 1000))}ms"})
            connection.execute(sa.text("SELECT pg_advisory_lock(:n)"), {"n": number})
        except sa.exc.OperationalError as exc:
            connection.close()
            if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
                raise _timeout_error(self.key, self.timeout, self.url) from None
            raise unavailable(self.engine.url, exc) from exc
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:n)"), {"n": lock_number(self.key)})
            connection.execute(sa.text("SELECT set_config('lock_timeout', '0', false)"))
        except sa.exc.SQLAlchemyError:
            connection.invalidate()  # a lost connection has released its locks already
        finally:
            connection.close()
