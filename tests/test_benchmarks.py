"""The benchmark scripts still run against the code as it is (tiny sizes; figures not judged).

The benchmarks are scripts that print figures, not timed tests; a renamed module must not
leave one broken until the next time somebody measures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_check_bench_runs_on_a_small_calendar():
    """check_bench reads, checks and writes the JSON of a generated calendar and prints the split."""
    out = _run("check_bench.py", "--events", "300", "--runs", "1", "--skip-peers", "--no-cli")
    assert "(c1) meetingrules check, 1 process" in out
    assert "read 300 = checked" in out


def test_door_bench_runs_on_a_small_collection():
    """door_bench decides new, changed and moved events and a restart on a small collection."""
    out = _run("door_bench.py", "--events", "400", "--changes", "3")
    for label in ("new: p50", "changed (another hour): p50", "moved (another day): p50", "restart"):
        assert label in out


def test_validate_bench_runs_on_a_small_collection():
    """validate_bench decides cold and warm through the cache, and refuses the third conference."""
    out = _run("validate_bench.py", "--events", "300")
    cold = next(line for line in out.splitlines() if line.startswith("api   cold"))
    assert "deny" in cold and "'MR301'" in cold


def test_hook_bench_runs_radicale_under_gunicorn():
    """hook_bench serves Radicale with and without the hook under gunicorn and times paired PUTs."""
    pytest.importorskip("gunicorn", reason="gunicorn is in the test extra: pip install '.[test]'")
    out = _run("hook_bench.py", "--events", "200", "--puts", "2")
    assert "hook: cold PUT" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.split()[:1] in (["new"], ["changed"], ["moved"])}
    assert set(rows) == {"new", "changed", "moved"}
    assert "[201]" in rows["new"]


def test_engine_ab_runs_this_tree_against_itself():
    """engine_ab reads a small calendar once and checks it in fresh processes, tree by tree, with the ratio."""
    out = _run("engine_ab.py", "--events", "200", "--rounds", "1", "--other", str(BENCHMARKS.parent))
    assert "engine CPU seconds, 200 events, 1 rounds" in out
    assert "median of the rounds' ratios" in out
