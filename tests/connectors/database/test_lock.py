"""The per-collection lock, across threads and processes, on SQLite and a real PostgreSQL."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from connectors.database import Database, LockTimeout

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = 25


@pytest.fixture
def db(database_url):
    """An opened database, closed after the test."""
    database = Database(database_url)
    yield database
    database.close()


def test_two_processes_adding_under_the_lock_lose_no_round(database_url, tmp_path):
    """Two processes each add 1 to a file 25 times under one collection's lock: the file reads 50."""
    Database(database_url).close()  # the schema exists before the workers start
    counter = tmp_path / "counter"
    counter.write_text("0")
    workers = [
        subprocess.Popen([sys.executable, "-m", "tests.connectors.database.lock_worker", database_url,
                          "/canbo/work/", str(counter), str(ROUNDS)], cwd=ROOT)
        for _ in range(2)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    assert counter.read_text() == str(2 * ROUNDS)


def test_a_second_acquirer_waits_and_times_out_with_a_clear_error(db):
    """While one thread holds a collection's lock, another waiting 0.3 s gets a bilingual LockTimeout."""
    with db.collection_lock("/canbo/work/"):
        failures = []

        def other():
            try:
                with db.collection_lock("/canbo/work/", timeout=0.3):
                    pass
            except LockTimeout as exc:
                failures.append(exc)

        thread = threading.Thread(target=other)
        started = time.monotonic()
        thread.start()
        thread.join(10)
        waited = time.monotonic() - started
    [error] = failures
    assert waited >= 0.3
    assert error.key == "/canbo/work/"
    assert "Could not take the lock of collection '/canbo/work/' within 0.3 seconds" in error.message("en")
    assert "Không giữ được khoá của lịch '/canbo/work/'" in error.message("vi")
    assert isinstance(error, TimeoutError)


def test_a_waiting_acquirer_gets_the_lock_once_it_is_released(db):
    """A thread waiting for a lock takes it as soon as the holder leaves its block."""
    order = []
    holding = threading.Event()

    def holder():
        with db.collection_lock("lich"):
            holding.set()
            time.sleep(0.3)
            order.append("holder done")

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(10)
    with db.collection_lock("lich", timeout=10):
        order.append("waiter in")
    thread.join(10)
    assert order == ["holder done", "waiter in"]


def test_different_collections_do_not_wait_for_each_other(db):
    """Holding one collection's lock does not delay another collection's."""
    with db.collection_lock("/a/"):
        started = time.monotonic()
        with db.collection_lock("/b/", timeout=5):
            pass
        assert time.monotonic() - started < 1


def test_the_lock_works_in_async_code(db):
    """Two tasks entering one collection's lock with async with never overlap."""
    inside = []

    async def task(name):
        async with db.collection_lock("/canbo/work/"):
            inside.append(f"{name} in")
            await asyncio.sleep(0.05)
            inside.append(f"{name} out")

    async def both():
        await asyncio.gather(task("a"), task("b"))

    asyncio.run(both())
    assert inside in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


def test_decisions_can_be_recorded_while_a_lock_is_held(db):
    """The block a lock guards can write the decision log (the lock does not hold the database)."""
    from tests.connectors.database.test_database import record_at

    with db.collection_lock("/canbo/work/"):
        done = []
        thread = threading.Thread(target=lambda: done.append(db.record(record_at(1))))
        thread.start()
        thread.join(10)
        db.record(record_at(2))
    assert len(done) == 1 and db.count_decisions() == 2


def test_an_in_memory_database_locks_within_the_process():
    """An in-memory SQLite database (one process) still serialises threads on a collection."""
    with Database("sqlite://") as db:
        with db.collection_lock("x"):
            with pytest.raises(LockTimeout):
                result = []
                thread = threading.Thread(target=lambda: result.append(_try(db)))
                thread.start()
                thread.join(10)
                raise result[0]


def _try(db):
    try:
        with db.collection_lock("x", timeout=0.1):
            return None
    except LockTimeout as exc:
        return exc


def test_many_threads_waiting_on_one_collection_leave_the_log_writable(db):
    """Twenty threads queueing for one collection's lock each log a row inside it; none times out."""
    from tests.connectors.database.test_database import record_at

    errors = []

    def judge(minute):
        try:
            with db.collection_lock("/canbo/work/", timeout=60):
                db.record(record_at(minute))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=judge, args=(minute,)) for minute in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert db.count_decisions() == 20


def test_a_cancelled_async_waiter_leaves_the_lock_free(db):
    """A task cancelled while it waits for a lock gives the lock back once its thread has taken it."""
    holder = db.collection_lock("/canbo/work/")
    holder.acquire()

    async def cancelled_waiter():
        task = asyncio.create_task(_enter(db.collection_lock("/canbo/work/", timeout=10)))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled_waiter())
    holder.release()
    time.sleep(0.3)  # the cancelled waiter's thread takes the lock, then gives it back
    with db.collection_lock("/canbo/work/", timeout=5):
        pass


async def _enter(lock):
    async with lock:
        await asyncio.sleep(30)
