"""How many processes read a large file (connectors.ics.parallel.workers_for)."""

from __future__ import annotations

from connectors.ics import parallel


def test_workers_are_started_only_beside_an_idle_core(monkeypatch):
    """Without a forced number, a large file is read on every core only while a core is idle."""
    monkeypatch.delenv(parallel.ENV, raising=False)
    assert parallel.workers_for(5000, idle=0.4) == 1
    assert parallel.workers_for(5000, idle=1.2) == min(parallel.cpus(), 5000)
    assert parallel.workers_for(1999, idle=8) == 1
    assert parallel.workers_for(5000, 2, idle=0) == 2
