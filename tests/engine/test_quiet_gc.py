"""The engine's pause of the cyclic garbage collector (``quiet_gc``)."""

from __future__ import annotations

import gc

from meetingrules import engine
from meetingrules.engine import hold_frozen, quiet_gc


class _Node:
    def __init__(self):
        self.children = []


def test_values_made_in_the_block_leave_it_in_the_oldest_generation(monkeypatch):
    """No young-generation pass is left owing over what the block made: its survivors are
    in the oldest generation and the young count starts again from zero."""
    monkeypatch.setattr(engine, "_held_frozen", False)  # as in a process without a warm start
    gc.collect()
    with quiet_gc():
        made = [_Node() for _ in range(5000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_count()[0] < 100
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(node) in oldest for node in made[:50])


def test_values_frozen_on_purpose_stay_frozen(monkeypatch):
    """A process that froze its warm calendar keeps it frozen across a check."""
    monkeypatch.setattr(engine, "_held_frozen", False)
    gc.collect()
    hold_frozen()
    try:
        frozen = gc.get_freeze_count()
        with quiet_gc():
            made = [_Node() for _ in range(1000)]
        assert gc.get_freeze_count() == frozen
        assert len(made) == 1000
    finally:
        gc.unfreeze()


def test_a_nested_block_leaves_the_collector_paused():
    with quiet_gc():
        with quiet_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
