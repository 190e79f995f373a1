"""The plain path (single events read without icalendar) gives exactly what icalendar's path gives.

Every test reads the same bytes twice, with ``connectors.ics.reader.PLAIN_PATH`` on and off,
and compares the two :class:`ReadResult` values field by field and by their full ``repr``
(time zones included: two aware datetimes of one instant in different zones compare equal
but print differently in the JSON).
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.ics import ReadResult, lines, read_bytes, read_paths, reader
from connectors.ics.scan import scan
from meetingrules import Policy, Window
from tests.paths import CORPUS, DATA, ROOT, SAMPLES

POLICY = Policy.builtin()
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = Window.year(2026, HCM)
WIDE = Window(Window.year(1995, zoneinfo.ZoneInfo("UTC")).start, Window.year(2030, zoneinfo.ZoneInfo("UTC")).end)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


@contextlib.contextmanager
def plain_path(on: bool):
    """Read with the plain path on or off (the switch the reader keeps for tests and benchmarks)."""
    before = reader.PLAIN_PATH
    reader.PLAIN_PATH = on
    try:
        yield
    finally:
        reader.PLAIN_PATH = before


def both(read) -> tuple[ReadResult, ReadResult]:
    """``read()`` with the plain path on, then off."""
    with plain_path(True):
        fast = read()
    with plain_path(False):
        slow = read()
    return fast, slow


def assert_same(fast: ReadResult, slow: ReadResult) -> None:
    """The two results are equal, event by event, finding by finding, and print the same."""
    assert fast.intake == slow.intake
    assert len(fast.events) == len(slow.events)
    for one, other in zip(fast.events, slow.events):
        assert one == other
        assert _ADDRESS.sub("", repr(one)) == _ADDRESS.sub("", repr(other))
    assert _ADDRESS.sub("", repr(fast)) == _ADDRESS.sub("", repr(slow))


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".ics")


_CORPUS = _files(CORPUS)


@pytest.mark.shared
@pytest.mark.parametrize("path", _CORPUS or [CORPUS], ids=[f"{p.parent.name}/{p.name}" for p in _CORPUS] or ["absent"])
def test_corpus_file_reads_the_same_both_ways(path):
    """Each real-world calendar of the shared corpus reads the same with and without the plain path."""
    for window in (YEAR, WIDE):
        assert_same(*both(lambda: read_paths([str(path)], POLICY, window, workers=1)))


_LOCAL = _files(SAMPLES) + _files(DATA / "ics")


@pytest.mark.parametrize("path", _LOCAL, ids=[p.name for p in _LOCAL])
def test_sample_and_quirk_files_read_the_same_both_ways(path):
    """Each sample calendar and each quirk file of tests/data/ics reads the same both ways."""
    for window in (YEAR, WIDE):
        assert_same(*both(lambda: read_paths([str(path)], POLICY, window, workers=1)))


def _generate(events: int, seed: int) -> bytes:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(events, seed=seed)


def test_generated_calendar_reads_the_same_both_ways():
    """A generated 500-VEVENT province calendar reads the same both ways, mostly on the plain path."""
    data = _generate(500, 11)
    window = Window(Window.year(2025, HCM).start, YEAR.end)
    fast, slow = both(lambda: read_bytes(data, "gen.ics", POLICY, window, workers=1))
    assert_same(fast, slow)
    assert len(fast.events) > 500


def test_plain_path_reads_most_generated_events_itself():
    """The plain path takes every single event of the generated calendar and no recurring one."""
    data = _generate(300, 5)
    found = scan(data.decode("utf-8").replace("\r\n", "\n"), frozenset(POLICY.online_properties))
    plain = [block for block in found.events if lines.timing(lines.split(block.lines)[0]) is not None]
    recurring = [block for block in found.events if any(
        line.startswith(("RRULE", "RECURRENCE-ID", "EXDATE", "RDATE")) for line in block.lines)]
    assert len(plain) + len(recurring) == len(found.events)
    assert len(plain) > 250


# -- generated VEVENT blocks -------------------------------------------------------------------

CUSTOM_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
    "TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)
TZIDS = [
    "Asia/Ho_Chi_Minh", "Europe/Berlin", "America/New_York", "SE Asia Standard Time",
    '"SE Asia Standard Time"', "/freeassociation.sourceforge.net/Europe/Berlin",
    '"/freeassociation.sourceforge.net/Asia/Bangkok"', "Customized Time Zone", '"Customized Time Zone"',
    "Giờ Hà Nội", "Nowhere/City", '"(UTC+07:00) Bangkok, Hanoi, Jakarta"', '""', '" Asia/Ho_Chi_Minh "',
    "asia/ho_chi_minh", "UTC",
]
DATES = st.sampled_from([
    "20260105", "20251231", "20261231", "20270101", "20260229", "20261301", "00010101", "99991231",
    "20260315", "2026031",
])
TIMES = st.sampled_from([
    "T083000", "T000000", "T235959", "T023000", "T250000", "T083000Z", "T170000Z", "t083000", "T0830",
    "T083000z", "T083000 ",
])
DURATIONS = st.sampled_from([
    "PT1H", "PT1H30M", "P1D", "P1W", "PT0S", "P", "PT", "+PT15M", "-PT1H", "P1DT2H", "P2W3D",
    "pt1h", "PT1.5H", "20260105", "P99999999999D", "PT90M",
])


@st.composite
def moments(draw, name: str) -> str:
    """A DTSTART or DTEND line in one of many forms, plain or not."""
    date = draw(DATES)
    value = date if draw(st.booleans()) else date + draw(TIMES)
    params = []
    if draw(st.integers(0, 2)):
        params.append("TZID=" + draw(st.sampled_from(TZIDS)))
    kind = draw(st.sampled_from([None, None, "DATE", "DATE-TIME", "date", "PERIOD"]))
    if kind:
        params.append(f"VALUE={kind}")
    if draw(st.integers(0, 9)) == 0:
        params.append(draw(st.sampled_from(["X-FOO=bar", "TZID=Europe/Berlin", "VALUE=DATE"])))
    params = draw(st.permutations(params))
    prop = draw(st.sampled_from([name, name, name, name.lower()]))
    return prop + "".join(";" + p for p in params) + ":" + value


TEXT = st.lists(st.sampled_from(list("aĐê ,;:\\nN\"^%\t") + ["Họp", "\\,", "\\n", "\\;", "\\\\"]), max_size=8).map("".join)


@st.composite
def vevents(draw, index: int) -> str:
    """One VEVENT with varied times, zones, parameters, escapes, duplicates and broken values."""
    out = [draw(st.sampled_from(["BEGIN:VEVENT"] * 8 + ["begin:vevent", "BEGIN:VEVENT "]))]
    if draw(st.integers(0, 5)):
        out.append("UID:" + draw(st.sampled_from([f"u{index}", f"u{index}", "same", "a\\,b", " spaced ", ""])))
    if draw(st.integers(0, 9)):
        out.append(draw(moments("DTSTART")))
    ending = draw(st.sampled_from(["DTEND", "DTEND", "DURATION", "none", "both"]))
    if ending in ("DTEND", "both"):
        out.append(draw(moments("DTEND")))
    if ending in ("DURATION", "both"):
        out.append("DURATION:" + draw(DURATIONS))
    optional = {
        "SUMMARY": "SUMMARY:" + draw(TEXT),
        "SUMMARY2": "SUMMARY;LANGUAGE=vi:" + draw(TEXT),
        "DESCRIPTION": "DESCRIPTION:08:00-08:30 Khai mạc\\n" + draw(TEXT),
        "LOCATION": "LOCATION:" + draw(TEXT),
        "STATUS": "STATUS:" + draw(st.sampled_from(["CANCELLED", "TENTATIVE", "tentative", "CONFIRMED", " cancelled ",
                                                      "CANCEL\\LED", "TENTATIVE\\n"])),
        "SEQUENCE": "SEQUENCE:" + draw(st.sampled_from(["0", "3", "+1", "x", "1_0", " 2", "0123456789"])),
        "CATEGORIES": draw(st.sampled_from(["CATEGORIES:Hội nghị", "CATEGORIES:a,,b , c", "CATEGORIES:a\\,b,c",
                                            "CATEGORIES;LANGUAGE=vi:Họp", "CATEGORIES:", "categories:x"])),
        "ATTENDEE": "ATTENDEE;CN=" + draw(st.sampled_from(["Lê An", '"Trần, Bình"', "A^nB"])) + ":mailto:a@b.vn",
        "ORGANIZER": "ORGANIZER;CN=Chủ trì:mailto:c@b.vn",
        "UNIT": "X-MEETINGRULES-UNIT:" + draw(TEXT),
        "ONLINE": "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/x",
        "URL": "URL:" + draw(st.sampled_from(["https://meet.google.com/abc", "https://example.vn/x", "a\nb"])),
        "CONFERENCE": "CONFERENCE;VALUE=URI:https://zoom.us/j/1",
        "RRULE": "RRULE:" + draw(st.sampled_from(["FREQ=WEEKLY;COUNT=3", "FREQ=DAILY", "FREQ=BOGUS"])),
        "RECURRENCE-ID": "RECURRENCE-ID:20260112T083000",
        "EXDATE": "EXDATE:20260112T083000",
        "RDATE": "RDATE:20260120T083000",
        "BROKEN": draw(st.sampled_from(["no colon here", ";X=1:y", "X-ODD;A=\"b:c", "DTSTAMP:x"])),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(optional)), max_size=7, unique=True))
    out.extend(optional[name] for name in chosen)
    if draw(st.integers(0, 5)) == 0:
        out.append("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Nhắc\r\nTRIGGER:-PT15M\r\nEND:VALARM")
    if len(out) > 1 and draw(st.integers(0, 6)) == 0:  # a duplicate line
        out.append(draw(st.sampled_from(out[1:])))
    body = draw(st.permutations(out[1:]))
    folded = []
    for line in [out[0], *body, draw(st.sampled_from(["END:VEVENT"] * 8 + ["end:vevent"]))]:
        width = draw(st.sampled_from([0, 0, 0, 5, 12, 40]))
        if width and len(line) > width:
            parts = [line[i:i + width] for i in range(0, len(line), width)]
            line = "\r\n ".join(parts) if draw(st.booleans()) else "\r\n\t".join(parts)
        folded.append(line)
    return "\r\n".join(folded)


@st.composite
def calendars(draw) -> bytes:
    """A VCALENDAR of one to four generated VEVENTs, with or without a custom zone or X-WR-TIMEZONE."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//plain//VI"]
    if draw(st.integers(0, 5)) == 0:
        head.append("X-WR-TIMEZONE:" + draw(st.sampled_from(["Asia/Ho_Chi_Minh", "Europe/Berlin", "Nowhere"])))
    if draw(st.booleans()):
        head.append("X-WR-CALNAME:Lịch")
    text = "\r\n".join(head) + "\r\n"
    if draw(st.booleans()):
        text += CUSTOM_ZONE
    count = draw(st.integers(1, 4))
    text += "".join(draw(vevents(i)) + "\r\n" for i in range(count))
    return (text + "END:VCALENDAR\r\n").encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(calendars())
def test_generated_vevents_read_the_same_both_ways(data):
    """Any generated calendar reads the same with and without the plain path."""
    for window in (YEAR, WIDE):
        assert_same(*both(lambda: read_bytes(data, "h.ics", POLICY, window, workers=1)))


def test_plain_lines_are_read_as_icalendar_reads_them():
    """DTSTART values in plain forms give icalendar's values; other forms are left to icalendar."""
    import icalendar

    for raw, value_type in [("20260105T083000", None), ("20260105T083000Z", "DATE-TIME"), ("20260105", "DATE"),
                            ("20260105", None)]:
        component = icalendar.Event.from_ical(
            f"BEGIN:VEVENT\nDTSTART{';VALUE=' + value_type if value_type else ''}:{raw}\nEND:VEVENT\n")
        expected = component["DTSTART"].dt
        got = lines.moment(raw, value_type)
        assert (got, repr(got)) == (expected, repr(expected))
    for raw, value_type in [("20260105", "DATE-TIME"), ("20260105T083000", "DATE"), ("20261301", None),
                            ("20260105T083000z", None), ("2026-01-05", None), ("20260105T0830", None)]:
        assert lines.moment(raw, value_type) is None
    assert lines.duration("P1W2DT3H") == icalendar.Event.from_ical(
        "BEGIN:VEVENT\nDURATION:P1W2DT3H\nEND:VEVENT\n")["DURATION"].dt
    assert lines.duration("-PT1H") is None
