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
KNOWN_TZIDS = [
    "Asia/Ho_Chi_Minh", "Europe/Berlin", "America/New_York", "SE Asia Standard Time",
    '"SE Asia Standard Time"', "/freeassociation.sourceforge.net/Europe/Berlin",
    '"/freeassociation.sourceforge.net/Asia/Bangkok"', "Customized Time Zone", '"Customized Time Zone"', "UTC",
]
ODD_TZIDS = [
    "Giờ Hà Nội", "Nowhere/City", '"(UTC+07:00) Bangkok, Hanoi, Jakarta"', '""', '" Asia/Ho_Chi_Minh "',
    "asia/ho_chi_minh", "Asia/Ho^nChi", "A\x01B",
]
# In order: a DTEND takes its date from DTSTART's on (so that most events end after they start).
PLAIN_DATES = ["20251231", "20260105", "20260308", "20260315", "20260329", "20261025", "20261231", "20270101"]
ODD_DATES = ["20260229", "20261301", "00010101", "99991231", "2026031", "2026010５"]
PLAIN_TIMES = ["T083000", "T000000", "T235959", "T023000", "T013000", "T170000"]
ODD_TIMES = ["T250000", "t083000", "T0830", "T083000z", "T083000 ", "T083060"]
PLAIN_DURATIONS = ["PT1H", "PT1H30M", "P1D", "P1W", "PT0S", "P", "PT", "+PT15M", "P1DT2H", "P2W3D", "PT90M", "PT25H"]
ODD_DURATIONS = ["-PT1H", "pt1h", "PT1.5H", "20260105", "P99999999999D", "", "P1H"]


def rarely(draw, odds: int) -> bool:
    """True about once in ``odds + 1`` draws (Hypothesis would favour the ends of an integer range)."""
    return draw(st.sampled_from([False] * odds + [True]))


def odd(draw, plain: list, other: list):
    """Mostly a plain value, sometimes an odd one."""
    return draw(st.sampled_from(other)) if rarely(draw, 15) else draw(st.sampled_from(plain))


@st.composite
def moments(draw, name: str, form: str, dates: list[str]) -> str:
    """A DTSTART or DTEND line of the event's ``form`` (date, floating, utc, zoned) on one of
    ``dates``, sometimes odd."""
    if rarely(draw, 11):
        form = draw(st.sampled_from(["date", "floating", "utc", "zoned"]))  # a mixed pair
    date = odd(draw, dates, ODD_DATES)
    params = []
    if form == "date":
        value = date
    else:
        clock = odd(draw, PLAIN_TIMES, ODD_TIMES)
        utc = form == "utc" or (form == "zoned" and rarely(draw, 15))  # a UTC time with a TZID: odd
        value = date + clock.rstrip("Z") + ("Z" if utc else "")
        if form == "zoned":
            params.append("TZID=" + odd(draw, KNOWN_TZIDS, ODD_TZIDS))
    if rarely(draw, 7):
        params.append("VALUE=" + draw(st.sampled_from(["DATE", "DATE-TIME", "date", "PERIOD"])))
    if rarely(draw, 19):
        params.append(draw(st.sampled_from(["X-FOO=bar", "TZID=Europe/Berlin", "VALUE=DATE", "TZID=Asia/Tokyo"])))
    params = draw(st.permutations(params))
    prop = name if not rarely(draw, 19) else name.lower()
    return prop + "".join(";" + p for p in params) + ":" + value


TEXT = st.lists(st.sampled_from(list("aĐê ,;:\\nN\"^%\t") + ["Họp", "\\,", "\\n", "\\;", "\\\\"]), max_size=8).map("".join)


@st.composite
def vevents(draw, index: int) -> str:
    """One VEVENT, mostly plain, with a twist or two: odd times, zones, parameters, escapes,
    duplicates, broken values, recurrence, nesting, folding."""
    out = [odd(draw, ["BEGIN:VEVENT"], ["begin:vevent", "BEGIN:VEVENT "])]
    if not rarely(draw, 7):
        out.append("UID:" + odd(draw, [f"u{index}", f"u{index}", "same"], ["a\\,b", " spaced ", "", "x\\ny"]))
    form = draw(st.sampled_from(["date", "floating", "utc", "zoned", "zoned"]))
    first = draw(st.integers(0, len(PLAIN_DATES) - 1))
    if not rarely(draw, 15):
        out.append(draw(moments("DTSTART", form, PLAIN_DATES[first:first + 1])))
    ending = draw(st.sampled_from(["DTEND", "DTEND", "DTEND", "DURATION", "none", "both"]))
    if ending in ("DTEND", "both"):
        out.append(draw(moments("DTEND", form, PLAIN_DATES[first:first + 2] if not rarely(draw, 7) else PLAIN_DATES)))
    if ending in ("DURATION", "both"):
        out.append("DURATION:" + odd(draw, PLAIN_DURATIONS, ODD_DURATIONS))
    plain = {
        "SUMMARY": "SUMMARY:" + draw(TEXT),
        "SUMMARY2": "SUMMARY;LANGUAGE=vi:" + draw(TEXT),
        "DESCRIPTION": "DESCRIPTION:08:00-08:30 Khai mạc\\n" + draw(TEXT),
        "LOCATION": "LOCATION:" + draw(TEXT),
        "STATUS": "STATUS:" + draw(st.sampled_from(["CANCELLED", "TENTATIVE", "tentative", "CONFIRMED", " cancelled "])),
        "SEQUENCE": "SEQUENCE:" + draw(st.sampled_from(["0", "3", "12"])),
        "CATEGORIES": draw(st.sampled_from(["CATEGORIES:Hội nghị", "CATEGORIES:a,,b , c", "CATEGORIES:", "categories:x"])),
        "ATTENDEE": "ATTENDEE;CN=" + draw(st.sampled_from(["Lê An", '"Trần, Bình"'])) + ":mailto:a@b.vn",
        "ORGANIZER": "ORGANIZER;CN=Chủ trì:mailto:c@b.vn",
        "UNIT": "X-MEETINGRULES-UNIT:" + draw(TEXT),
        "ONLINE": "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/x",
        "URL": "URL:" + draw(st.sampled_from(["https://meet.google.com/abc", "https://example.vn/x"])),
    }
    out.extend(plain[name] for name in draw(st.lists(st.sampled_from(sorted(plain)), max_size=6, unique=True)))
    twists = [
        "STATUS:CANCEL\\LED", "STATUS:TENTATIVE\\n", "STATUS;X=1:CANCELLED", "SEQUENCE:+1", "SEQUENCE:x",
        "SEQUENCE:1_0", "SEQUENCE: 2", "SEQUENCE:0123456789", "CATEGORIES:a\\,b,c", "CATEGORIES;LANGUAGE=vi:Họp",
        "UID;X=1:u", "ATTENDEE;CN=A^nB:mailto:a@b.vn", "URL:a\\nb", "CONFERENCE;VALUE=URI:https://zoom.us/j/1",
        "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=DAILY", "RRULE:FREQ=BOGUS", "RECURRENCE-ID:20260112T083000",
        "EXDATE:20260112T083000", "RDATE:20260120T083000", "no colon here", ";X=1:y", 'X-ODD;A="b:c',
        "DTSTAMP:x", "SUMMARY;VALUE=TEXT:x", "DURATION:PT1H",
    ]
    out.extend(draw(st.lists(st.sampled_from(twists), max_size=2)) if rarely(draw, 3) else [])
    if rarely(draw, 5):
        out.append("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Nhắc\r\nTRIGGER:-PT15M\r\nEND:VALARM")
    if len(out) > 1 and rarely(draw, 15):  # a duplicate line
        out.append(draw(st.sampled_from(out[1:])))
    body = draw(st.permutations(out[1:]))
    folded = []
    for line in [out[0], *body, odd(draw, ["END:VEVENT"], ["end:vevent"])]:
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
    if rarely(draw, 5):
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
