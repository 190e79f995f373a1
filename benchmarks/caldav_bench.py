"""Benchmark: what a CalDAV check transfers — a full fetch against a re-check after one change.

    python benchmarks/caldav_bench.py [--events 2000]

Starts a real Radicale and a real Xandikos on 127.0.0.1 (the test fixtures'
``tests/caldav_servers.py``), stores ``--events`` one-event objects of 2026 in a calendar,
then runs ``connectors.caldav.fetch_calendars`` with a state file three times: the first
(full) fetch, a re-check with nothing changed, and a re-check after one event was changed.
It prints requests, objects and bytes transferred and the time of each. Not a test: nothing
is asserted. The figures go to docs/performance.md under "CalDAV".
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from connectors.caldav import Credentials, fetch_calendars  # noqa: E402
from meetingrules import Policy, Window  # noqa: E402
from tests.caldav_servers import start_radicale, start_xandikos  # noqa: E402

CALENDAR = "bench"


def _event(n: int, title: str = "Họp giao ban") -> str:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=n % 360)
    hour = 7 + n % 9
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meetingrules//bench//VI\r\nBEGIN:VEVENT\r\n"
        f"UID:bench-{n}@hungyen.gov.vn\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Asia/Ho_Chi_Minh:{day:%Y%m%d}T{hour:02d}0000\r\n"
        f"DTEND;TZID=Asia/Ho_Chi_Minh:{day:%Y%m%d}T{hour + 1:02d}0000\r\n"
        f"SUMMARY:{title} số {n}\r\nORGANIZER;CN=Văn phòng UBND tỉnh:mailto:vp@hungyen.gov.vn\r\n"
        "DESCRIPTION:08:00-08:10 Phát biểu khai mạc\\n08:10-09:00 Thảo luận\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _fetch(server, window, state) -> tuple[float, object]:
    credentials = Credentials(server.username, server.password, None, "benchmark")
    began = time.perf_counter()
    result = fetch_calendars(server.calendar_url(CALENDAR), credentials, window.start, window.end, state_path=state)
    return time.perf_counter() - began, result


def bench(name: str, start, events: int) -> None:
    window = Window.year(2026, Policy.builtin().timezone)
    with tempfile.TemporaryDirectory() as folder:
        server = start(Path(folder))
        try:
            server.make_calendar(CALENDAR, "Lịch benchmark")
            began = time.perf_counter()
            for n in range(events):
                server.put_ics(CALENDAR, f"{n}.ics", _event(n))
            print(f"{name:9} stored {events} objects in {time.perf_counter() - began:.1f} s")
            state = str(Path(folder) / "state.json")
            for label in ("full fetch", "re-check, nothing changed", "re-check after one change"):
                if label == "re-check after one change":
                    server.put_ics(CALENDAR, "7.ics", _event(7, "Họp giao ban (đã dời)"))
                seconds, result = _fetch(server, window, state)
                print(
                    f"{name:9} {label:27} {result.requests:3} requests {result.objects_transferred:5} objects "
                    f"{result.bytes_transferred:10,} bytes {seconds:6.2f} s  (full: {result.full_fetch})"
                )
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    bench("Radicale", start_radicale, args.events)
    bench("Xandikos", start_xandikos, args.events)


if __name__ == "__main__":
    main()
