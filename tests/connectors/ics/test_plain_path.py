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
from connectors.ics.decode import decode
from connectors.ics.scan import scan
from connectors.ics.zones import ZoneResolver
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
        assert_same(*both(lambda window=window: read_paths([str(path)], POLICY, window, workers=1)))


_LOCAL = _files(SAMPLES) + _files(DATA / "ics")


@pytest.mark.parametrize("path", _LOCAL, ids=[p.name for p in _LOCAL])
def test_sample_and_quirk_files_read_the_same_both_ways(path):
    """Each sample calendar and each quirk file of tests/data/ics reads the same both ways."""
    for window in (YEAR, WIDE):
        assert_same(*both(lambda window=window: read_paths([str(path)], POLICY, window, workers=1)))


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


def taken(data: bytes, window: Window = YEAR) -> list[bool]:
    """For each VEVENT of ``data``, whether the plain path read it (no icalendar component made)."""
    decoded = decode(data)
    found = scan(decoded.text, frozenset(POLICY.online_properties))
    file_reader = reader._FileReader("t.ics", POLICY, window, "")
    file_reader.resolver = ZoneResolver(found.timezones)
    file_reader.headers = [file_reader._header(found, i) for i in range(len(found.calendars))]
    outcomes = [file_reader.read_block(block) for block in found.events]
    return [o.failure is None and o.refused is None and o.component is None for o in outcomes]


def test_plain_path_reads_every_single_generated_event_itself():
    """The plain path takes every single event of the generated calendar and no recurring one."""
    data = _generate(300, 5)
    found = scan(decode(data).text, frozenset(POLICY.online_properties))
    recurring = [any(line.startswith(("RRULE", "RECURRENCE-ID", "EXDATE", "RDATE")) for line in block.lines)
                 for block in found.events]
    assert taken(data) == [not r for r in recurring]
    assert recurring.count(False) > 250


# -- one plain event, and one twist at a time ---------------------------------------------------

CUSTOM_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
    "TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)
# The times of a plain event, in each plain form the plain path reads.
BASES = {
    "zoned": ["DTSTART;TZID=Asia/Ho_Chi_Minh:20260105T083000", "DTEND;TZID=Asia/Ho_Chi_Minh:20260105T100000"],
    "windows": ['DTSTART;TZID="SE Asia Standard Time":20260105T083000', "DTEND;TZID=SE Asia Standard Time:20260105T1000"
                "00"],
    "custom": ["DTSTART;TZID=Customized Time Zone:20260105T083000", 'DTEND;TZID="Customized Time Zone":20260105T100000'],
    "global": ["DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Berlin:20260105T083000", "DURATION:PT2H"],
    "utc": ["DTSTART:20260105T013000Z", "DTEND;VALUE=DATE-TIME:20260105T030000Z"],
    "floating": ["DTSTART:20260105T083000", "DURATION:PT1H30M"],
    "date": ["DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260106"],
    "date-only": ["DTSTART:20260105"],
    "fold": ["DTSTART;TZID=Europe/Berlin:20261025T023000", "DTEND;TZID=Europe/Berlin:20261025T023000"],
    "outside": ["DTSTART:20250105T083000", "DTEND:20250105T093000"],
}
BODY = [
    "UID:plain-1@hungyen.gov.vn", "SUMMARY:Họp giao ban\\, tuần", "DESCRIPTION:08:30-09:00 Khai mạc\\nThảo luận",
    "LOCATION:Hội trường", "ORGANIZER;CN=Trần An:mailto:a@hy.gov.vn", 'ATTENDEE;CN="Lê, Bình";ROLE=CHAIR:mailto:b@hy.vn',
    "STATUS:TENTATIVE", "SEQUENCE:2", "CATEGORIES:Hội nghị,Giao ban", "X-MEETINGRULES-UNIT:Sở Tài chính",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/x", "URL:https://meet.google.com/abc",
]
SOME_TIME = "20260105T090000"
# A twist: ("set", NAME, line) replaces NAME's line (or adds it), ("add", line), ("drop", NAME),
# ("dup", NAME), ("begin", line), ("end", line), ("header", line) adds a calendar property.
TWISTS = [
    *[("set", "DTSTART", "DTSTART" + v) for v in [
        ";TZID=Nowhere/City:20260105T083000", ";TZID=Giờ Hà Nội:20260105T083000", ";TZID=Asia/Ho_Chi_Minh:20260105T083000Z",
        ";TZID=Asia/Ho_Chi_Minh:20260105", ";VALUE=DATE:20260105T083000", ";VALUE=DATE-TIME:20260105",
        ";VALUE=PERIOD:20260105T083000/PT1H", ";VALUE=date:20260105", ";X-FOO=1:20260105T083000",
        ";TZID=Asia/Ho_Chi_Minh;TZID=Europe/Berlin:20260105T083000", ";TZID=Asia/Ho_Chi_Minh;VALUE=DATE-TIME:20260105T083000",
        ":20261301T083000", ":20260105T250000", ":20260105t083000", ":20260105T083000z", ":20260105T083000 ",
        ":2026-01-05", ":", ":00010101T000000", ":99991231T235959", ":99991231T235959Z", ":00010101T000000Z",
        ";TZID=Asia/Ho_Chi_Minh:99991231T235959", ";TZID=Asia/Ho_Chi_Minh:00010101T000000", ";VALUE=DATE:00010101",
        ";VALUE=DATE:99991231", ';TZID="":20260105T083000', ';TZID=" Asia/Ho_Chi_Minh ":20260105T083000',
        ";TZID=asia/ho_chi_minh:20260105T083000", ';TZID="(UTC+07:00) Bangkok, Hanoi, Jakarta":20260105T083000',
        ";TZID=Asia/Ho^nChi:20260105T083000", ":2026010５T083000", ":P1D", ":20260105T0830", ";TZID=UTC:20260105T083000",
        ";TZID=Europe/Berlin:20260329T023000", ";TZID=Europe/Berlin:20261025T023000", ":20260105T083000Z",
    ]],
    ("set", "dtstart", "dtstart;tzid=Asia/Ho_Chi_Minh:20260105T083000"),
    *[("set", "DTEND", "DTEND" + v) for v in [
        ":20260105T100000", ";VALUE=DATE:20260106", ";TZID=Europe/Berlin:20260105T030000", ":20260104T083000Z",
        ";TZID=Nowhere:20260105T100000", ":20260105T013000Z", ":garbage", ";TZID=Asia/Ho_Chi_Minh:20260105T083000",
        ":20260105", ":20260106", ";VALUE=DATE:20260104", ":20260105T083000", ";TZID=Asia/Ho_Chi_Minh:" + SOME_TIME + "Z",
    ]],
    ("drop", "DTEND"), ("drop", "DTSTART"), ("drop", "DURATION"), ("dup", "DTSTART"), ("dup", "DTEND"),
    *[("set", "DURATION", "DURATION:" + v) for v in [
        "P1D", "PT0S", "P", "PT", "-PT1H", "+PT15M", "P1W", "P1W2D", "PT1.5H", "p1d", "20260105", "P99999999999D",
        "PT25H", "P1DT", "PT36H", "P1D;X=1", "",
    ]],
    ("set", "DURATION", "DURATION;X=1:PT1H"), ("dup", "DURATION"),
    *[("set", "UID", "UID" + v) for v in [":a\\,b", ": spaced ", ":", ";X=1:u", ":x\\ny", ":recurring@x"]],
    ("drop", "UID"), ("dup", "UID"),
    *[("set", "STATUS", "STATUS" + v) for v in [
        ":CANCELLED", ":cancelled ", ":CANCEL\\LED", ";X=1:CANCELLED", ":TENTATIVE\\n", ":", ":CONFIRMED"]],
    ("dup", "STATUS"), ("drop", "STATUS"),
    *[("set", "SEQUENCE", "SEQUENCE:" + v) for v in ["+1", "x", "1_0", " 2", "0123456789", "-1", "", "٣"]],
    ("dup", "SEQUENCE"),
    *[("set", "CATEGORIES", "CATEGORIES" + v) for v in [
        ":a\\,b,c", ";LANGUAGE=vi:Họp", ":", ":a,,b , c", ":,", ":Hội nghị\\nx"]],
    ("dup", "CATEGORIES"),
    *[("add", line) for line in [
        "CONFERENCE;VALUE=URI:https://zoom.us/j/1", "RRULE:FREQ=WEEKLY;COUNT=3", "RDATE:20260120T083000",
        "EXDATE:20260112T083000", "RECURRENCE-ID:20260112T083000", "DTSTAMP:x", "no colon here", ";X=1:y",
        'X-ODD;A="b:c', "SUMMARY;VALUE=TEXT:x", "ATTENDEE;CN=A^nB:mailto:x@y", "URL:a\\nb",
        'X-MEETINGRULES-UNIT;X="a":b', "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM",
        "BEGIN:VALARM\r\nBEGIN:X-DEEP\r\nEND:X-DEEP\r\nEND:VALARM", "X-MICROSOFT-ISONLINEMEETING:FALSE",
        "X-MICROSOFT-ISONLINEMEETING:TRUE", "RELATED-TO:parent@x",
        "DESCRIPTION:" + "x" * 120,
    ]],
    ("begin", "begin:vevent"), ("begin", "BEGIN:VEVENT "), ("begin", "BEGIN:VEVENT\r\n"), ("end", "end:vevent"),
    ("end", "END:VEVENT "), ("end", ""),
    ("header", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"), ("header", "X-WR-TIMEZONE:Nowhere"), ("header", "X-WR-TIMEZONE:"),
    ("header", "X-WR-CALNAME:Lịch\\, tỉnh"), ("fold", 7), ("fold", 1), ("recurring", "UID:plain-1@hungyen.gov.vn"),
]


def twisted(base: str, twist: tuple) -> bytes:
    """A calendar holding the plain event of ``base`` with ``twist`` applied."""
    body = BASES[base] + BODY
    kind = twist[0]
    begin, end, header = "BEGIN:VEVENT", "END:VEVENT", ["X-WR-CALNAME:Lịch"]
    names = [line.split(":")[0].split(";")[0] for line in body]
    if kind == "set":
        if twist[1] in names:
            body[names.index(twist[1])] = twist[2]
        elif twist[1].upper() in names:
            body[names.index(twist[1].upper())] = twist[2]
        else:
            body.append(twist[2])
    elif kind == "add":
        body.append(twist[1])
    elif kind == "drop":
        body = [line for line, name in zip(body, names) if name != twist[1]]
    elif kind == "dup":
        body += [line for line, name in zip(body, names) if name == twist[1]]
    elif kind == "begin":
        begin = twist[1]
    elif kind == "end":
        end = twist[1]
    elif kind == "header":
        header.append(twist[1])
    elif kind == "fold":
        width = twist[1] + 1
        body = ["\r\n ".join(line[i:i + width] for i in range(0, len(line), width)) for line in body]
    lines_ = ["BEGIN:VCALENDAR", "VERSION:2.0", *header]
    text = "\r\n".join(lines_) + "\r\n" + CUSTOM_ZONE + "\r\n".join([begin, *body, end]) + "\r\n"
    if kind == "recurring":  # the same UID as a weekly series: the single joins the series
        text += "\r\n".join(["BEGIN:VEVENT", twist[1], "DTSTART;TZID=Asia/Ho_Chi_Minh:20260105T083000",
                              "RRULE:FREQ=WEEKLY;COUNT=3", "END:VEVENT"]) + "\r\n"
    return (text + "END:VCALENDAR\r\n").encode("utf-8")


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_base_event_takes_the_plain_path(base):
    """The untwisted event of each plain form is read by the plain path."""
    assert taken(twisted(base, ("none",))) == [True]


@pytest.mark.parametrize("twist", TWISTS, ids=[f"{t[0]}-{i}" for i, t in enumerate(TWISTS)])
def test_twisted_event_reads_the_same_both_ways(twist):
    """A plain event with one twist (of its times, zones, parameters, values, lines) reads the same both ways."""
    for base in BASES:
        data = twisted(base, twist)
        for window in (YEAR, WIDE):
            assert_same(*both(lambda data=data, window=window: read_bytes(data, "t.ics", POLICY, window, workers=1)))


# -- generated VEVENT blocks -------------------------------------------------------------------

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
        assert_same(*both(lambda window=window: read_bytes(data, "h.ics", POLICY, window, workers=1)))


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


def test_zones_are_looked_up_only_where_icalendar_would_look_them_up():
    """A plain-looking event refused for its DTEND leaves icalendar unaware of its zone, as the icalendar path does.

    icalendar remembers a VTIMEZONE once the reader builds it, and then reads a DATE with that
    TZID as a date-time; so the plain path looks a zone up only once nothing else can send the
    event to icalendar. Each way reads its own fresh zone name (icalendar's memory is per process).
    """
    import uuid

    def calendar(zone: str) -> bytes:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
            f"BEGIN:VTIMEZONE\r\nTZID:{zone}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
            "TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
            f"BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID={zone}:20260105T083000\r\nDTEND:20261301T093000\r\nEND:VEVENT\r\n"
            f"BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID={zone}:20260106\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        ).encode("utf-8")

    with plain_path(False):
        slow = read_bytes(calendar(f"Zone {uuid.uuid4().hex}"), "z.ics", POLICY, YEAR, workers=1)
    with plain_path(True):
        fast = read_bytes(calendar(f"Zone {uuid.uuid4().hex}"), "z.ics", POLICY, YEAR, workers=1)
    assert [(e.uid, e.start, e.end, e.all_day) for e in fast.events] == [
        (e.uid, e.start, e.end, e.all_day) for e in slow.events]
    assert [f.code for f in fast.intake.findings] == [f.code for f in slow.intake.findings] == ["MR002"]

