"""Benchmark: the whole `meetingrules check` of a province-year calendar, beside its peers.

    python benchmarks/check_bench.py [FILE.ics] [--events 20000] [--seed 160] [--runs 3]
                                     [--year 2026] [--skip-peers] [--no-cli]

Without FILE it generates one (benchmarks/generate.py: about 20,000 VEVENTs, weekly series
with EXDATEs and overrides, agendas, Vietnamese text, Outlook-style events). Each figure is
the best of ``--runs`` runs, in this process, side by side on the same file:

(a) the floor: ``icalendar.Calendar.from_ical`` + ``recurring_ical_events.of(cal).between``
    over the year;
(b) the fastest peer: the ``ical`` package reading the file and listing the year from its
    timeline (``calendar.timeline_tz(zone).overlapping``);
(c) what ``meetingrules check FILE --year YEAR --format json`` does: ``read_paths`` over the
    reading window (the year and the year before it, MR303's baseline), ``check``, and the
    JSON text; split into reading, engine and output, read in one process and on every core.

It prints the ratios (c)/(a) and (c)/(b) (target for (c)/(a): at most 1.2), and, for
comparison, what reading only the checked year would cost. Not a test: nothing is asserted.
The figures go to docs/performance.md under "Reading and checking".
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def best(runs: int, action):
    """(seconds of the fastest run, its value, its parts) for ``action() -> (value, parts)``."""
    found = None
    for _ in range(runs):
        gc.collect()
        began = time.perf_counter()
        value, parts = action()
        seconds = time.perf_counter() - began
        if found is None or seconds < found[0]:
            found = (seconds, value, parts)
        del value
    return found


def floor(data: bytes, start, end):
    import icalendar
    import recurring_ical_events

    began = time.perf_counter()
    calendar = icalendar.Calendar.from_ical(data)
    parsed = time.perf_counter()
    occurrences = recurring_ical_events.of(calendar).between(start, end)
    expanded = time.perf_counter()
    return len(occurrences), {"parse": parsed - began, "expand": expanded - parsed}


def peer(data: bytes, start, end, zone):
    from ical.calendar_stream import IcsCalendarStream

    began = time.perf_counter()
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    parsed = time.perf_counter()
    occurrences = list(calendar.timeline_tz(zone).overlapping(start, end))
    expanded = time.perf_counter()
    return len(occurrences), {"parse": parsed - began, "expand": expanded - parsed}


class _Counting:
    """A text sink that keeps only the number of characters written (JSON to /dev/null)."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def ours(path: str, year: int, workers: int | None, baseline: bool = True, policy_file: str | None = None):
    from connectors import ics
    from connectors.checking import reading_window, resolve_policy
    from connectors.render.json_doc import write_json
    from meetingrules import Window, check

    began = time.perf_counter()
    policy = resolve_policy(policy_file)
    window = Window.year(year, policy.timezone)
    read_window = reading_window(window, policy) if baseline else window
    read = ics.read_paths([path], policy, read_window, workers=workers)
    readed = time.perf_counter()
    result = check(read.events, policy, window=window, intake=read.intake)
    checked = time.perf_counter()
    sink = _Counting()
    write_json(result, "vi", sink)  # streamed, as `check --format json` writes it
    written = time.perf_counter()
    value = (len(read.events), sum(1 for e in read.events if window.contains(e.start)), sink.size, result.summary)
    return value, {"read": readed - began, "engine": checked - readed, "json": written - checked}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="an .ics file (default: generate one)")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=160)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peers", action="store_true", help="time only (c)")
    parser.add_argument("--no-cli", action="store_true", help="do not time the command line once")
    parser.add_argument("--policy", help="a policy file for (c) (e.g. a larger [limits] occurrences_per_file)")
    args = parser.parse_args(argv)

    import datetime as dt
    import zoneinfo

    from connectors.ics import parallel as _parallel

    temp = None
    if args.file:
        path = args.file
    else:
        import generate

        temp = tempfile.NamedTemporaryFile(suffix=".ics", delete=False)
        temp.close()
        path = str(generate.write(temp.name, args.events, args.seed, args.year))
    try:
        data = Path(path).read_bytes()
        zone = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
        start, end = dt.datetime(args.year, 1, 1, tzinfo=zone), dt.datetime(args.year + 1, 1, 1, tzinfo=zone)
        vevents = data.count(b"BEGIN:VEVENT")
        cores = _parallel.cpus()
        print(f"machine: {cores} core(s) usable, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
        print(f"file: {path}: {len(data) / 1e6:.1f} MB, {vevents:,} VEVENTs; best of {args.runs} run(s)\n")

        rows = []
        if not args.skip_peers:
            secs, count, parts = best(args.runs, lambda: floor(data, start, end))
            rows.append(("a", "icalendar + recurring-ical-events", secs, parts, f"{count:,} occurrences in {args.year}"))
            try:
                import ical  # noqa: F401 - the peer is optional: pip install ical
            except ImportError:
                print("(b) skipped: the `ical` package is not installed (pip install ical)\n")
            else:
                secs, count, parts = best(args.runs, lambda: peer(data, start, end, zone))
                rows.append(("b", "ical (timeline)", secs, parts, f"{count:,} occurrences in {args.year}"))
        for label, workers, baseline in (
            ("c1", 1, True),
            ("c", None, True),
            ("c-year", None, False),
        ):
            secs, value, parts = best(args.runs, lambda: ours(path, args.year, workers, baseline, args.policy))
            read_events, in_year, json_size, summary = value
            procs = 1 if workers == 1 else _parallel.workers_for(vevents)
            what = {
                "c1": f"meetingrules check, 1 process ({args.year - 1}-{args.year} read)",
                "c": f"meetingrules check, {procs} process(es) ({args.year - 1}-{args.year} read)",
                "c-year": f"same, reading {args.year} only (no MR303 baseline)",
            }[label]
            note = (
                f"{read_events:,} occurrences read, {in_year:,} in {args.year}; "
                f"read {summary.read:,} = checked {summary.checked:,} + excluded {summary.excluded:,} "
                f"+ rejected {summary.rejected:,}; JSON {json_size / 1e6:.1f} MB"
            )
            rows.append((label, what, secs, parts, note))
        for label, what, secs, parts, note in rows:
            split = ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
            print(f"({label}) {what}: {secs:.2f} s  [{split}]")
            print(f"      {note}")
        times = {label: secs for label, _w, secs, _p, _n in rows}
        print()
        reading = {label: parts["read"] for label, _w, _s, parts, _n in rows if "read" in parts}
        for peer_label in ("a", "b"):
            if peer_label not in times:
                continue
            for label in ("c1", "c", "c-year"):
                print(f"({label})/({peer_label}) = {times[label] / times[peer_label]:.2f}")
            print(
                f"reading alone / ({peer_label}): 1 process {reading['c1'] / times[peer_label]:.2f}, "
                f"all cores {reading['c'] / times[peer_label]:.2f}"
            )
        if not args.no_cli:
            command = [sys.executable, "-m", "connectors.cli", "check", path, "--year", str(args.year),
                       "--format", "json", "--output", os.devnull, *(["--policy", args.policy] if args.policy else [])]
            began = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            print(f"\ncommand line once ({' '.join(['meetingrules', *command[3:]])}): "
                  f"{time.perf_counter() - began:.2f} s, exit {done.returncode}")
    finally:
        if temp is not None:
            os.unlink(temp.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
