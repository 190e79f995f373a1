"""The engine alone, two source trees side by side: ``meetingrules.check`` on read events.

    python benchmarks/engine_ab.py --events 20000 --rounds 10 --other /path/to/old/tree

The calendar (``generate.py``, seed 160) is read once by this tree's reader and its event
occurrences pickled; then each round runs one fresh process per tree, in turn: the tree's
``meetingrules`` (first on ``sys.path``) checks the pickled occurrences over the calendar
year, and the CPU seconds of the check plus the collector pass after it are printed. An old
tree needs only its ``meetingrules/`` folder (``git archive REV meetingrules | tar -x -C DIR``).
Figures, not a test: the ratio that counts is the median of the rounds', made in one run.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Run inside each tree (its folder first on sys.path): one check, CPU seconds on stdout.
CHILD = r"""
import datetime as dt, gc, pickle, sys, time
sys.path.insert(0, sys.argv[1])
from meetingrules import Policy, Window, check
policy = Policy.builtin()
window = Window.year(int(sys.argv[3]), policy.timezone)
with open(sys.argv[2], "rb") as f:
    events, intake = pickle.load(f)
gc.collect()
started = time.process_time()
result = check(events, policy, window=window, intake=intake, as_of=dt.date(int(sys.argv[3]), 11, 30))
after = [[] for _ in range(1000)]  # the collector's pass after the check, if one is owed, happens here
print(f"{time.process_time() - started:.3f} {len(result.findings)}")
"""


def _read(calendar: Path, year: int, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from connectors import ics
    from meetingrules import Policy, Window

    policy = Policy.builtin()
    reading = Window(Window.year(year - 1, policy.timezone).start, Window.year(year, policy.timezone).end)
    read = ics.read_bytes(calendar.read_bytes(), calendar.name, policy, reading)
    out.write_bytes(pickle.dumps((read.events, read.intake)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--other", action="append", default=[], help="another tree (repeatable)")
    args = parser.parse_args()
    trees = [str(ROOT)] + [str(Path(t).resolve()) for t in args.other]
    with tempfile.TemporaryDirectory() as folder:
        calendar = Path(folder) / "calendar.ics"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(calendar), "--events", str(args.events),
                        "--seed", "160", "--year", str(args.year)], check=True, capture_output=True)
        events = Path(folder) / "events.pkl"
        _read(calendar, args.year, events)
        times: dict[str, list[float]] = {tree: [] for tree in trees}
        for _ in range(args.rounds):
            for tree in trees:
                done = subprocess.run([sys.executable, "-c", CHILD, tree, str(events), str(args.year)],
                                      check=True, capture_output=True, text=True, cwd=folder)
                seconds, findings = done.stdout.split()
                times[tree].append(float(seconds))
        print(f"engine CPU seconds, {args.events} events, {args.rounds} rounds ({findings} findings in the last)")
        for tree, values in times.items():
            print(f"  {tree}: median {statistics.median(values):.3f}  best {min(values):.3f}  "
                  + " ".join(f"{v:.2f}" for v in values))
        for tree in trees[1:]:
            ratios = [o / m for o, m in zip(times[tree], times[trees[0]])]
            print(f"  {tree} / this tree: median of the rounds' ratios {statistics.median(ratios):.2f}"
                  f" (from {min(ratios):.2f} to {max(ratios):.2f})")


if __name__ == "__main__":
    main()
