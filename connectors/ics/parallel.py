"""Reading the VEVENTs of one large file on all cores.

The scan (:mod:`connectors.ics.scan`) has already cut the file into VEVENT blocks; each block
is read on its own (:meth:`connectors.ics._FileReader.read_block`), so blocks can be read in
any process. Worker processes are forked after the scan, so they inherit the blocks and the
reader and nothing has to be sent to them but a range of block numbers; each sends back its
outcomes (plain strings, times and :class:`meetingrules.EventData`, pickled) in block order.
The main process then reports diagnostics and expands recurring series exactly as when it
reads every block itself, so the result does not depend on the number of processes.

While the workers read, the main process reads the blocks it names (``here``: the parts of
recurring series, which it needs as icalendar components to expand them, and which are the
slowest to read); it would otherwise wait, then parse those blocks a second time.

Processes are used only where ``fork`` exists and the caller runs no other thread; if they
cannot be started, or fail, the blocks are read in this process.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

#: Environment variable: how many processes read one file (``1`` reads in this process).
ENV = "MEETINGRULES_WORKERS"
#: Below this many VEVENTs a file is read in this process (starting workers costs more).
MIN_BLOCKS = 2000
#: Ranges of blocks per worker (a few, so that a slow range does not leave a core idle).
CHUNKS_PER_WORKER = 4

_STATE: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def cpus() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def idle_cores() -> float:
    """Cores not busy now: the usable cores less the one-minute load average (all, where unknown)."""
    try:
        return cpus() - os.getloadavg()[0]
    except (AttributeError, OSError):
        return float(cpus())


def workers_for(blocks: int, workers: int | None = None, idle: float | None = None) -> int:
    """How many processes read a file of ``blocks`` VEVENTs.

    ``workers`` (or else ``MEETINGRULES_WORKERS``) forces the number; without either,
    every core is used for ``MIN_BLOCKS`` blocks or more while at least one core is idle
    (``idle``, default :func:`idle_cores`), one process otherwise: a worker that has to share
    a busy core costs more (starting, copying, sending its results back) than it saves.
    """
    if workers is None:
        text = os.environ.get(ENV, "").strip()
        if text:
            try:
                workers = int(text)
            except ValueError:
                workers = None
    if workers is None:
        busy = blocks < MIN_BLOCKS or (idle_cores() if idle is None else idle) < 1
        workers = 1 if busy else cpus()
    return max(1, min(workers, blocks))


def _work(span: tuple[int, int]) -> list[Any]:
    read_block, blocks = _STATE  # inherited from the parent at fork
    outcomes = [read_block(block) for block in blocks[span[0]:span[1]]]
    for outcome in outcomes:
        outcome.component = None  # icalendar objects stay here; the parent parses again if needed
    return outcomes


def map_blocks(
    read_block: Callable[[Any], Any],
    blocks: Sequence[Any],
    workers: int,
    here: Callable[[Any], bool] | None = None,
) -> list[Any] | None:
    """``[read_block(b) for b in blocks]`` on ``workers`` processes, or ``None`` when not possible.

    The blocks for which ``here(block)`` is true are read in this process while the workers
    read the others; their outcomes keep everything ``read_block`` gave them.
    """
    global _STATE
    if workers < 2 or len(blocks) < 2 or _STATE is not None:
        return None
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    mine = [i for i, block in enumerate(blocks) if here is not None and here(block)]
    chosen = set(mine)
    theirs = [block for i, block in enumerate(blocks) if i not in chosen] if mine else list(blocks)
    if not theirs:
        return None
    count = min(len(theirs), workers * CHUNKS_PER_WORKER)
    bounds = [len(theirs) * i // count for i in range(count + 1)]
    spans = list(zip(bounds, bounds[1:]))
    _STATE = (read_block, theirs)
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_work, span) for span in spans]
            ours = {i: read_block(blocks[i]) for i in mine}  # meanwhile, here
            parts = [future.result() for future in futures]
    except Exception:  # noqa: BLE001 - no processes, a broken pool, a pickling error: read here
        return None
    finally:
        _STATE = None
    outcomes = iter(outcome for part in parts for outcome in part)
    return [ours[i] if i in chosen else next(outcomes) for i in range(len(blocks))]
