"""Benchmark: 50 concurrent ``POST /api/v1/validate`` calls against a 20,000-event registered calendar.

    python benchmarks/server_bench.py [--events 20000] [--calls 50] [--output FILE]

Generates a province-year calendar (benchmarks/generate.py), starts ``meetingrules serve``
in its own process on a free 127.0.0.1 port with the calendar registered
(``--calendar tinh=FILE``) and a fresh SQLite decision log, waits until it answers, then:

* ``cold``: the first validation, which finds the calendar read and checked by the server's
  start-up warming (or waits for it);
* ``concurrent``: ``--calls`` proposals (new UIDs, different days, kinds and formats) sent at
  once from as many connections; each call's latency from send to answer;
* ``sequential``: ``--sequential`` more proposals, one at a time (the latency a lone client sees);
* checks that every call answered 200 with a decision, and counts the decision log's rows.

The figures are written to ``--output``. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("briefing", "technical", "important", "meeting")
FORMATS = ("online", "in-person", "hybrid")


def proposal(index: int) -> bytes:
    """A proposed meeting: one of four kinds, on a working day of 2026, 2 to 5 hours long."""
    day = dt.date(2026, 3, 2) + dt.timedelta(days=(index * 3) % 280)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    start = dt.datetime(day.year, day.month, day.day, 1, 0)  # 08:00 in Hà Nội, in UTC
    end = start + dt.timedelta(hours=2 + (index // 4) % 4)
    kind, fmt = KINDS[index % 4], FORMATS[index % 3]
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//meetingrules//bench//EN", "BEGIN:VEVENT",
        f"UID:bench-{index}-{time.time_ns()}@meetingrules", "DTSTAMP:20261101T000000Z",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:Hội nghị số {index} về chuyển đổi số", f"X-MEETINGRULES-KIND:{kind}",
        f"X-MEETINGRULES-FORMAT:{fmt}", "X-MEETINGRULES-UNIT:Sở Nội vụ", "END:VEVENT", "END:VCALENDAR", "",
    ]
    return "\r\n".join(lines).encode("utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def concurrent_calls(base: str, calls: int) -> list[tuple[int, str, float]]:
    import httpx

    limits = httpx.Limits(max_connections=calls, max_keepalive_connections=calls)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        async def one(index: int):
            body = proposal(index)
            started = time.perf_counter()
            answer = await client.post("/api/v1/validate", params={"calendar": "tinh"}, content=body,
                                       headers={"content-type": "text/calendar"})
            elapsed = time.perf_counter() - started
            decision = answer.json().get("decision", "") if answer.status_code == 200 else ""
            return answer.status_code, decision, elapsed

        return await asyncio.gather(*(one(i) for i in range(calls)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--sequential", type=int, default=20, help="calls sent one at a time after the burst")
    parser.add_argument("--output", default=None, help="also write the figures to this Markdown file")
    args = parser.parse_args()
    import httpx

    from benchmarks.generate import write
    from connectors.database import Database

    with tempfile.TemporaryDirectory() as tmp:
        calendar = write(Path(tmp) / "tinh-2026.ics", events=args.events)
        database = f"sqlite:///{Path(tmp) / 'decisions.sqlite3'}"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "connectors.cli", "serve", "--port", str(port), "--database", database,
             "--calendar", f"tinh={calendar}"],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    httpx.get(base + "/healthz", timeout=2)
                    break
                except httpx.TransportError as exc:
                    if server.poll() is not None:
                        raise SystemExit("the server stopped") from exc
                    time.sleep(0.1)
            up = time.perf_counter() - started
            t0 = time.perf_counter()
            first = httpx.post(base + "/api/v1/validate", params={"calendar": "tinh"}, content=proposal(10_000),
                               headers={"content-type": "text/calendar"}, timeout=600)
            cold = time.perf_counter() - t0
            assert first.status_code == 200, first.text
            t0 = time.perf_counter()
            results = asyncio.run(concurrent_calls(base, args.calls))
            wall = time.perf_counter() - t0
            alone = []  # one call at a time: what a single clerk or client waits
            with httpx.Client(base_url=base, timeout=60) as client:
                for index in range(20_000, 20_000 + args.sequential):
                    t0 = time.perf_counter()
                    answer = client.post("/api/v1/validate", params={"calendar": "tinh"}, content=proposal(index),
                                         headers={"content-type": "text/calendar"})
                    alone.append(time.perf_counter() - t0)
                    assert answer.status_code == 200, answer.text
        finally:
            server.terminate()
            server.wait(20)
        with Database(database) as log:
            rows = log.count_decisions()
    latencies = [r[2] for r in results]
    answered = sum(1 for r in results if r[0] == 200 and r[1] in ("allow", "warn", "deny"))
    decisions = {d: sum(1 for r in results if r[1] == d) for d in ("allow", "warn", "deny")}
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    text = f"""# Performance: `meetingrules serve` (validate under concurrency)

Measured by `python benchmarks/server_bench.py` (not a test: nothing asserts a time) on
{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, {dt.date.today().isoformat()}.
The machine was shared with other work while it ran (load average {os.getloadavg()[0]:.1f} at the end), so the
figures are an upper bound.

Set-up: a generated province-year calendar of {args.events:,} VEVENTs (benchmarks/generate.py,
seed 160) registered as `--calendar tinh=FILE`; `meetingrules serve` in its own process
(uvicorn, one worker) with a fresh SQLite decision log; {args.calls} proposals (four kinds, three
formats, different days) sent at once over {args.calls} connections with httpx.

| figure | value |
|---|---|
| server start → first answer of /healthz | {up:.2f} s |
| first validation (calendar read and checked by the start-up warming, or waited for) | {cold:.2f} s |
| {args.calls} concurrent validations: all answered | {answered} / {args.calls} (allow {decisions['allow']}, warn {decisions['warn']}, deny {decisions['deny']}) |
| decision log rows after the run (the first call and the one-at-a-time calls included) | {rows} (expected {args.calls + 1 + args.sequential}) |
| {args.sequential} validations one at a time: latency p50 / max | {statistics.median(alone) * 1000:.0f} ms / {max(alone) * 1000:.0f} ms |
| latency p50 (send → answer, under {args.calls}-way concurrency) | {p50 * 1000:.0f} ms |
| latency p95 | {p95 * 1000:.0f} ms |
| latency max | {max(latencies) * 1000:.0f} ms |
| wall time of the {args.calls} calls | {wall:.2f} s ({args.calls / wall:.1f} decisions/s) |

How to read it: each decision runs on the warm validator of the registered calendar (the
calendar is read and checked once, then each proposal costs only its own check), and the
validator is held by one proposal at a time; so under {args.calls}-way concurrency a call's
latency is mostly its wait in line: the service time of one decision is about
wall ÷ calls = {wall / args.calls * 1000:.0f} ms, including its row in the decision log, which is what
a lone call waits (the one-at-a-time row). Most of it is the engine's incremental check of the
proposal against the 20,000-event year (`Validator.validate`, see docs/performance.md,
"Validation (hook)"); reading the request, rendering the JSON and writing the log row add a few
tens of milliseconds. More throughput would need more server processes (each with its own warm
calendar) behind one address, not more threads: the check is pure Python.
"""
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
