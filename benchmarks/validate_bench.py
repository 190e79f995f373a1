"""Benchmark: validating a proposed meeting against a 20,000-event calendar, cold and warm.

    python benchmarks/validate_bench.py [--events 20000] [--radicale]

It generates one year of a province's calendar (weekly series and single events, Vietnamese
titles, agendas in DESCRIPTION), one object per event as a CalDAV server stores them, and
times:

* ``api``: :class:`connectors.radicale_hook.CollectionCache` over the objects in memory —
  cold (read every object, classify, check the calendar, decide) and warm (a second
  proposal on the unchanged calendar, whose Validator is served from the cache keyed by
  the objects' content hash);
* ``--radicale``: the same through a real Radicale running the hook (an in-process WSGI
  call per PUT, no network): the first PUT after a start (cold), then a refused PUT and
  an accepted PUT on the unchanged collection (warm).

The figures go to docs/performance.md under "Validation (hook)". Not a test: nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

YEAR = 2026
UNITS = [
    "Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Tư pháp",
    "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Thanh tra tỉnh",
    "UBND xã Tân Hưng", "UBND phường Hiến Nam", "UBND xã Phụng Công", "UBND xã Nghĩa Trụ",
]
TITLES = [
    "Họp giao ban chuyên đề về {}", "Họp bàn giải pháp {}", "Hội nghị chuyên môn về {}",
    "Họp thẩm định hồ sơ {}", "Họp tổ công tác {}", "Làm việc với doanh nghiệp về {}",
    "Hội nghị tập huấn nghiệp vụ {}", "Họp rà soát tiến độ {}",
]
TOPICS = [
    "giải ngân vốn đầu tư công", "chuyển đổi số", "cải cách hành chính", "giải phóng mặt bằng",
    "an toàn thực phẩm", "phòng chống thiên tai", "xây dựng nông thôn mới", "thu ngân sách",
    "đề án 06", "quy hoạch tỉnh", "bảo hiểm xã hội", "tuyển sinh đầu cấp",
]
ROLES = ["Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng Kế hoạch",
         "Trưởng phòng Tổng hợp", "Chủ tịch", "Phó Chủ tịch", "Trưởng phòng Pháp chế"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
          "Vũ Thị Gấm", "Đỗ Văn Hải", "Bùi Thị Hoa"]
AGENDA = (
    "{a}-{b} Phát biểu khai mạc\\n{b}-{c} Báo cáo tình hình {t}\\n{c}-{d} Thảo luận\\n"
    "{d}-{e} Kết luận của đồng chí chủ trì"
)
HEADER = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meetingrules//bench//VI\r\n"
    "X-WR-TIMEZONE:Asia/Ho_Chi_Minh\r\n"
)


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event(uid: str, start: dt.datetime, minutes: int, title: str, unit: str,
           agenda: bool, rrule: str = "", online: bool = False, chair: str = "") -> str:
    end = start + dt.timedelta(minutes=minutes)
    lines = [
        "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z",
        f"DTSTART;TZID=Asia/Ho_Chi_Minh:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Asia/Ho_Chi_Minh:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{title}", f"ORGANIZER;CN={chair or unit}:mailto:vp@hungyen.gov.vn",
        "LOCATION:Trực tuyến" if online else "LOCATION:Phòng họp số 2",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    if agenda:
        m = start.hour * 60 + start.minute
        lines.append("DESCRIPTION:" + AGENDA.format(
            a=_hm(m), b=_hm(m + 5), c=_hm(m + 20), d=_hm(m + minutes - 10),
            e=_hm(m + minutes), t=title.split(" về ")[-1]))
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def generate(events: int = 20_000, series: int = 300, seed: int = 160) -> list[tuple[str, str]]:
    """``events`` calendar objects of one year (``series`` of them weekly): (href, iCalendar)."""
    rng = random.Random(seed)
    objects = []
    for n in range(events):
        unit = UNITS[n % len(UNITS)]
        chair = f"{rng.choice(PEOPLE)} - {rng.choice(ROLES)} {unit}"
        title = rng.choice(TITLES).format(rng.choice(TOPICS)) + f" (đợt {n})"
        day = dt.date(YEAR, 1, 5) + dt.timedelta(days=rng.randrange(355))
        if day.weekday() >= 5:
            day -= dt.timedelta(days=2)
        start = dt.datetime.combine(day, dt.time(rng.choice([7, 8, 9, 13, 14, 15]), rng.choice([0, 30])))
        minutes = rng.choice([60, 90, 120, 150])
        if n < series:
            start = dt.datetime(YEAR, 1, 5 + n % 5, 7 + n % 3, 30)
            text = _event(f"giao-ban-{n}@bench", start, 90, f"Giao ban tuần phòng số {n}", unit,
                          True, "FREQ=WEEKLY;UNTIL=20261231T000000Z",
                          chair=f"Trưởng phòng số {n} - {unit}")
        else:
            text = _event(f"su-kien-{n}@bench", start, minutes, title, unit, n % 3 == 0,
                          online=n % 4 == 0, chair=chair)
        objects.append((f"event-{n:05d}.ics", HEADER + text + "END:VCALENDAR\r\n"))
    # Two province-wide conferences already held: a third one is refused (MR301).
    for k, month in enumerate((3, 7)):
        start = dt.datetime(YEAR, month, 12, 8, 0)
        text = _event(f"toan-tinh-{k}@bench", start, 180, "Hội nghị toàn tỉnh quán triệt Nghị quyết",
                      UNITS[0], True)
        objects.append((f"toan-tinh-{k}.ics", HEADER + text + "END:VCALENDAR\r\n"))
    return objects


def third_conference() -> str:
    """A third province-wide conference of the year (refused: MR301)."""
    text = _event("toan-tinh-3@bench", dt.datetime(YEAR, 12, 18, 8), 180,
                  "Hội nghị toàn tỉnh tổng kết công tác năm 2026", UNITS[0], True)
    return HEADER + text + "END:VCALENDAR\r\n"


def compliant(n: int = 0) -> str:
    """A short online technical conference (allowed)."""
    text = _event(f"de-xuat-{n}@bench", dt.datetime(YEAR, 12, 10, 14), 90,
                  "Hội nghị chuyên môn trực tuyến về số hóa hồ sơ", UNITS[1], True, online=True)
    return HEADER + text + "END:VCALENDAR\r\n"


def shifted(text: str, shift: dt.timedelta) -> str:
    """An object of :func:`generate` with its DTSTART and DTEND moved by ``shift`` (an edit)."""
    start = text.split("DTSTART;TZID=Asia/Ho_Chi_Minh:")[1][:15]
    end = text.split("DTEND;TZID=Asia/Ho_Chi_Minh:")[1][:15]
    moved = {k: (dt.datetime.strptime(v, "%Y%m%dT%H%M%S") + shift).strftime("%Y%m%dT%H%M%S")
             for k, v in (("s", start), ("e", end))}
    return text.replace(start, moved["s"], 1).replace(end, moved["e"], 1)


def _seconds(action) -> tuple[float, object]:
    began = time.perf_counter()
    value = action()
    return time.perf_counter() - began, value


def bench_api(objects, as_of: dt.date) -> None:
    from connectors.radicale import CollectionCache
    from meetingrules import Policy

    policy = Policy.builtin()
    cache = CollectionCache(policy, as_of=as_of)
    data = [(href, text.encode("utf-8")) for href, text in objects]
    cold, decision = _seconds(lambda: cache.decide("bench", data, third_conference().encode()))
    print(f"api   cold  {cold:6.2f} s  {decision.decision} {[f.code for f in decision.deciding]}")
    warm, decision = _seconds(lambda: cache.decide("bench", data, compliant(1).encode()))
    print(f"api   warm  {warm:6.3f} s  {decision.decision}")
    warm, decision = _seconds(lambda: cache.decide("bench", data, third_conference().encode()))
    print(f"api   warm  {warm:6.3f} s  {decision.decision} (refusal)")


def bench_radicale(objects, as_of: dt.date) -> None:
    import radicale
    import radicale.config

    from connectors import radicale as radicale_hook

    with tempfile.TemporaryDirectory() as root:
        folder = Path(root, "collections", "collection-root", "bench", "lich")
        folder.mkdir(parents=True)
        (folder / ".Radicale.props").write_text('{"tag": "VCALENDAR"}', encoding="utf-8")
        for href, text in objects:
            (folder / href).write_text(text, encoding="utf-8")
        configuration = radicale.config.load()
        configuration.update({
            "auth": {"type": "none"}, "rights": {"type": "authenticated"},
            "storage": {"type": "connectors.radicale_hook",
                        "filesystem_folder": str(Path(root, "collections")),
                        "meetingrules_as_of": as_of.isoformat()},
            "logging": {"level": "error"},
        }, "bench")
        app = radicale_hook.wrap(radicale.Application(configuration))
        spent = []  # the hook's own share of each PUT (listing, cache, decision)
        decide = radicale_hook.CollectionCache.decide

        def timed(self, *args, **kwargs):
            began = time.perf_counter()
            try:
                return decide(self, *args, **kwargs)
            finally:
                spent.append(time.perf_counter() - began)

        radicale_hook.CollectionCache.decide = timed

        def put(name: str, body: str) -> int:
            data = body.encode("utf-8")
            environ = {
                "REQUEST_METHOD": "PUT", "PATH_INFO": f"/bench/lich/{name}", "SCRIPT_NAME": "",
                "CONTENT_TYPE": "text/calendar; charset=utf-8", "CONTENT_LENGTH": str(len(data)),
                "wsgi.input": io.BytesIO(data), "wsgi.errors": io.StringIO(),
                "wsgi.url_scheme": "http", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
                "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
                "REMOTE_USER": "bench", "HTTP_IF_NONE_MATCH": "*",
            }
            status = []
            b"".join(app(environ, lambda s, h, e=None: status.append(s)))
            return int(status[0].split()[0])

        cold, status = _seconds(lambda: put("refused.ics", third_conference()))
        print(f"hook  cold  {cold:6.2f} s  PUT → {status}; the hook's share {spent[-1]:.2f} s")
        warm, status = _seconds(lambda: put("refused.ics", third_conference()))
        print(f"hook  warm  {warm:6.3f} s  PUT → {status} (same refusal again); the hook's share {spent[-1]:.3f} s")
        warm, status = _seconds(lambda: put("accepted.ics", compliant(2)))
        print(f"hook  warm  {warm:6.3f} s  PUT → {status} (a compliant one, stored); the hook's share {spent[-1]:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--radicale", action="store_true", help="also time PUTs through Radicale")
    args = parser.parse_args()
    began = time.perf_counter()
    objects = generate(args.events)
    print(f"generated {len(objects)} objects in {time.perf_counter() - began:.1f} s")
    as_of = dt.date(YEAR, 11, 27)
    bench_api(objects, as_of)
    if args.radicale:
        bench_radicale(objects, as_of)


if __name__ == "__main__":
    main()
