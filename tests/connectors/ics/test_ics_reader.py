"""The ICS reader: one small .ics file per quirk in tests/data/ics, with exact expectations."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zoneinfo

import pytest

from connectors.ics import OCCURRENCE_CAP, ReadResult, diagnostic, read_bytes, read_paths
from meetingrules import Intake, Policy, Severity, Status, Window
from tests.paths import DATA as DATA_ROOT
from tests.paths import ROOT

DATA = DATA_ROOT / "ics"
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = Policy.builtin()
YEAR = Window.year(2026, HCM)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


def read(name: str, window: Window = YEAR) -> ReadResult:
    result = read_paths([str(DATA / name)], POLICY, window)
    assert result.balanced, result.intake
    return result


def codes(result: ReadResult) -> list[str]:
    return [f.code for f in result.intake.findings]


def spans(result: ReadResult) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(e.start, e.end) for e in result.events]


# -- time zones ------------------------------------------------------------------------------


def test_windows_zone_name_maps_to_iana():
    """Outlook's "SE Asia Standard Time" is read as Asia/Bangkok (+07)."""
    result = read("windows_zone.ics")
    assert spans(result) == [(at(3, 2, 8), at(3, 2, 10))]
    assert codes(result) == []
    assert result.events[0].source.line == 12


def test_x_wr_timezone_applies_to_floating_and_utc_times():
    """X-WR-TIMEZONE:Europe/Berlin puts floating times in Berlin; UTC times keep their instant."""
    result = read("x_wr_timezone.ics")
    assert spans(result) == [(at(3, 2, 15), at(3, 2, 16)), (at(3, 2, 8), at(3, 2, 9))]
    assert {e.source.calendar for e in result.events} == {"Lịch Berlin"}


def test_floating_time_is_read_in_the_policy_zone():
    """A floating DTSTART is local time in Asia/Ho_Chi_Minh."""
    result = read("floating.ics")
    assert spans(result) == [(at(3, 2, 8), at(3, 2, 11, 30))]
    assert result.events[0].start.tzinfo is HCM


def test_utc_time_with_duration():
    """01:00Z with DURATION:PT2H is 08:00–10:00 in the policy zone."""
    assert spans(read("utc.ics")) == [(at(3, 2, 8), at(3, 2, 10))]


def test_unknown_tzid_falls_back_to_policy_zone_with_one_warning():
    """An unresolvable TZID gives the policy zone and one MR007 per file naming it."""
    result = read("unknown_tzid.ics")
    assert spans(result) == [(at(3, 2, 8), at(3, 2, 9)), (at(3, 3, 8), at(3, 3, 9))]
    (finding,) = result.intake.findings
    assert finding.code == "MR007"
    assert finding.severity is Severity.WARNING
    assert finding.message_en == (
        "Time zone 'Mars/Olympus_Mons' is not known; the policy zone Asia/Ho_Chi_Minh was used."
    )
    assert (finding.uid, finding.line) == ("mars-1", 4)


def test_custom_zone_definition_does_not_leak_between_files():
    """Two files defining "Customized Time Zone" differently each keep their own offset (icalendar caches zones process-wide)."""
    result = read_paths([str(DATA / "custom_zone_05.ics"), str(DATA / "custom_zone_09.ics")], POLICY, YEAR)
    assert [e.start.utcoffset() for e in result.events] == [dt.timedelta(hours=7)] * 2
    assert [e.start for e in result.events] == [at(3, 2, 10), at(3, 2, 6)]
    assert codes(result) == []


# -- dates and lengths ------------------------------------------------------------------------


def test_all_day_events_are_local_midnights():
    """DATE events run from local midnight to midnight (end exclusive); no DTEND means one day."""
    result = read("all_day.ics")
    assert spans(result) == [(at(3, 2), at(3, 4)), (at(4, 30), at(5, 1))]
    assert [e.all_day for e in result.events] == [True, True]


# -- structure and broken data ----------------------------------------------------------------


def test_several_vcalendars_in_one_file():
    """Each VCALENDAR keeps its own X-WR-CALNAME; component indexes run across the file."""
    result = read("multi_vcalendar.ics")
    assert [(e.uid, e.source.calendar, e.source.component, e.source.line) for e in result.events] == [
        ("cal-a", "Sở Y tế", 0, 5),
        ("cal-b", "Sở Nội vụ", 1, 17),
    ]


def test_event_without_dtstart_is_rejected_and_the_other_read():
    """A VEVENT without DTSTART gets MR002 naming file, line and UID; the next one is read."""
    result = read("missing_dtstart.ics")
    assert [e.uid for e in result.events] == ["good"]
    assert (result.intake.read, result.intake.rejected) == (2, 1)
    (finding,) = result.intake.findings
    path = str(DATA / "missing_dtstart.ics")
    assert finding.message_en == f"Event rejected: {path}, line 4, UID no-start: no DTSTART"
    assert finding.message_vi == f"Sự kiện bị loại: {path}, dòng 4, UID no-start: không có DTSTART"
    assert (finding.code, finding.uid, finding.line, finding.origin) == ("MR002", "no-start", 4, path)


def test_dtend_before_dtstart_is_rejected():
    """DTEND before DTSTART rejects the event (MR002) instead of swapping the times."""
    result = read("dtend_before_dtstart.ics")
    assert [e.uid for e in result.events] == ["good"]
    (finding,) = result.intake.findings
    assert finding.message_en.endswith(
        "line 4, UID backwards: DTEND (2026-03-02T08:00:00) is before DTSTART (2026-03-02T10:00:00)"
    )


def test_bad_rrule_is_rejected():
    """An RRULE icalendar cannot parse rejects its event with MR002 naming RRULE."""
    result = read("bad_rrule.ics")
    assert [e.uid for e in result.events] == ["good"]
    (finding,) = result.intake.findings
    assert finding.code == "MR002"
    assert "UID bad-rule: RRULE cannot be parsed (Expected weekday abbreviation, got: XX)" in finding.message_en


def test_unparsable_file_counts_its_vevent_blocks_as_rejected():
    """A file whose VEVENTs cannot be parsed at all gets one MR001 and counts both blocks rejected."""
    result = read("unparsable.ics")
    assert result.events == ()
    assert (result.intake.read, result.intake.rejected, result.intake.outside_window) == (2, 2, 0)
    (finding,) = result.intake.findings
    assert finding.code == "MR001"
    assert finding.message_en == (
        f"Could not read {DATA / 'unparsable.ics'}: line 2: VEVENT has no END:VEVENT line"
    )


def test_missing_path_and_non_calendar_bytes_get_mr001():
    """A path that does not exist, and bytes with no calendar in them, each get MR001 and read 0."""
    result = read_paths([str(DATA / "nope.ics")], POLICY, YEAR)
    assert codes(result) == ["MR001"] and result.intake.read == 0
    junk = read_bytes(b"%PDF-1.4 \x00\x01", "junk.ics", POLICY, YEAR)
    assert codes(junk) == ["MR001"] and junk.intake.read == 0
    assert junk.intake.findings[0].message_en == (
        "Could not read junk.ics: no iCalendar data (no BEGIN: line)"
    )


# -- recurrence -------------------------------------------------------------------------------


def test_unbounded_rrule_expands_inside_the_window_only():
    """A weekly rule without end gives the 52 Mondays of 2026 and one MR004."""
    result = read("unbounded_rrule.ics")
    assert len(result.events) == 52
    assert (result.events[0].start, result.events[-1].start) == (at(1, 5, 8), at(12, 28, 8))
    assert all(e.recurring for e in result.events)
    assert result.events[0].source.recurrence_id == "2026-01-05T08:00:00+07:00"
    (finding,) = result.intake.findings
    assert (finding.code, finding.severity, finding.uid, finding.line) == ("MR004", Severity.INFO, "weekly", 4)
    assert finding.message_en == "An unbounded recurrence was expanded only up to 2027-01-01T00:00:00+07:00."


def test_minutely_and_secondly_rules_are_capped():
    """A minutely rule stops at the cap with MR004; a secondly one from 2020 never reaches 2026."""
    result = read("minutely_rrule.ics")
    assert len(result.events) == OCCURRENCE_CAP == 5000
    assert (result.events[0].start, result.events[-1].start) == (at(1, 1), at(1, 4, 11, 19))
    assert (result.intake.read, result.intake.outside_window) == (2, 1)
    assert codes(result) == ["MR004", "MR004"]
    first, second = result.intake.findings
    assert first.message_en == (
        "An unbounded recurrence was expanded only up to 2026-01-04T11:19:00+07:00 "
        "(a cap of 5000 occurrences, limits.occurrences_per_series)."
    )
    assert (first.limit, second.uid) == (5000.0, "every-second")


def test_exdate_rdate_and_recurrence_id_override():
    """EXDATE drops 12 Jan, RDATE adds 14 Jan, the 19 Jan override moves to 20 Jan 14:00."""
    result = read("overrides.ics")
    assert spans(result) == [
        (at(1, 5, 8), at(1, 5, 9)),
        (at(1, 14, 8), at(1, 14, 9)),
        (at(1, 20, 14), at(1, 20, 15)),
        (at(1, 26, 8), at(1, 26, 9)),
        (at(2, 2, 8), at(2, 2, 9)),
    ]
    moved = result.events[2]
    assert (moved.summary, moved.source.component, moved.source.line) == ("Giao ban (dời)", 1, 14)
    assert moved.source.recurrence_id == "2026-01-19T08:00:00+07:00"
    assert result.intake.read == 2 and result.components == 2


def test_cancelled_occurrence_and_tentative_event():
    """A cancelled override marks that occurrence CANCELLED; STATUS:TENTATIVE gives TENTATIVE."""
    result = read("cancelled_occurrence.ics")
    assert [(e.start, e.status) for e in result.events] == [
        (at(3, 2, 8), Status.CONFIRMED),
        (at(3, 9, 8), Status.CANCELLED),
        (at(3, 16, 8), Status.CONFIRMED),
        (at(3, 10, 8), Status.TENTATIVE),
    ]
    assert [e.recurring for e in result.events] == [True, True, True, False]


def test_window_excludes_components_without_occurrences():
    """Events of another year count as outside the window, not as read events."""
    result = read("overrides.ics", Window.year(2027, HCM))
    assert result.events == ()
    assert (result.intake.read, result.intake.outside_window, result.intake.rejected) == (2, 2, 0)


# -- bytes ------------------------------------------------------------------------------------


def test_cp1258_bytes_are_decoded_and_reported():
    """Windows-1258 bytes decode to composed Vietnamese text, with MR006 naming the encoding."""
    result = read("cp1258.ics")
    (event,) = result.events
    assert (event.summary, event.location) == ("Hội nghị quán triệt Nghị quyết", "Hội trường tầng 3")
    (finding,) = result.intake.findings
    assert finding.message_en == (
        f"{DATA / 'cp1258.ics'} is not UTF-8; it was read as Windows-1258 (cp1258). Check the Vietnamese text."
    )


def test_latin1_bytes_are_decoded_and_reported():
    """Bytes that are neither UTF-8 nor Vietnamese cp1258 are read as latin-1, with MR006."""
    result = read("latin1.ics")
    assert result.events[0].summary == "Réunion café"
    assert [f.message_en for f in result.intake.findings] == [
        f"{DATA / 'latin1.ics'} is not UTF-8; it was read as latin-1 (ISO-8859-1). Check the Vietnamese text."
    ]


def test_cr_only_line_ends_are_read():
    """A file with CR-only line ends is read, and line numbers count CR as a line end."""
    result = read("cr_only.ics")
    assert [(e.summary, e.source.line) for e in result.events] == [("Dòng CR", 4)]
    assert codes(result) == []


def test_nul_bytes_are_removed_and_reported():
    """NUL bytes are dropped with an MR006 saying how many; the event is read."""
    result = read("nul_bytes.ics")
    assert result.events[0].summary == "Có NUL"
    assert [f.message_en for f in result.intake.findings] == [
        f"{DATA / 'nul_bytes.ics'} is not UTF-8; it was read as UTF-8, 2 NUL byte(s) removed. "
        "Check the Vietnamese text."
    ]


def test_utf16_with_bom_is_decoded():
    """UTF-16 bytes with a BOM are decoded and reported as UTF-16."""
    data = (DATA / "floating.ics").read_bytes().decode("utf-8").encode("utf-16")
    result = read_bytes(data, "utf16.ics", POLICY, YEAR)
    assert spans(result) == [(at(3, 2, 8), at(3, 2, 11, 30))]
    assert [f.message_en for f in result.intake.findings] == [
        "utf16.ics is not UTF-8; it was read as UTF-16. Check the Vietnamese text."
    ]


# -- strings ----------------------------------------------------------------------------------


def test_online_signals():
    """CONFERENCE, vendor properties and meeting-host URLs are signals; FALSE and other URLs are not."""
    result = read("online_signals.ics")
    assert [e.online_signals for e in result.events] == [
        ("CONFERENCE:https://meet.google.com/abc-defg-hij",),
        (
            "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting",
            "URL:https://teams.microsoft.com/l/meetup-join/19%3ameeting",
        ),
        (),
    ]


def test_x_meetingrules_properties_and_people():
    """X-MEETINGRULES-* become upper-case keys; categories flatten; people are CN or address."""
    (event,) = read("x_meetingrules.ics").events
    assert event.properties == {
        "KIND": "briefing",
        "SCOPE": "province-wide",
        "UNIT": "Sở Y tế, tỉnh Hưng Yên",
    }
    assert event.categories == ("Hội nghị", "Quán triệt", "Chuyên đề")
    assert event.organizer == "Văn phòng UBND tỉnh"
    assert event.attendees == ("Sở Nội vụ", "syt@hungyen.gov.vn")
    assert (event.related_to, event.description, event.location) == (
        "conf-2026-01",
        "Dòng 1\nDòng 2",
        "Hội trường",
    )


# -- paths, stdin, merging, diagnostics -------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    """A folder is read recursively, *.ics only, in sorted path order."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.ics").write_bytes((DATA / "utc.ics").read_bytes())
    (tmp_path / "a.ICS").write_bytes((DATA / "floating.ics").read_bytes())
    (tmp_path / "notes.txt").write_text("not a calendar")
    result = read_paths([str(tmp_path)], POLICY, YEAR)
    assert [e.uid for e in result.events] == ["floating-1", "utc-1"]
    assert result.intake.sources == (str(tmp_path / "a.ICS"), str(tmp_path / "b" / "z.ics"))
    assert result.balanced


def test_dash_reads_stdin():
    """The path "-" reads the bytes of the given stdin stream."""
    stdin = io.BytesIO((DATA / "utc.ics").read_bytes())
    result = read_paths(["-"], POLICY, YEAR, stdin=stdin)
    assert [(e.uid, e.source.origin) for e in result.events] == [("utc-1", "<stdin>")]


def test_merge_adds_counts_and_keeps_order():
    """Merging results adds the counts and keeps events and findings in order."""
    a, b = read("missing_dtstart.ics"), read("unknown_tzid.ics")
    merged = ReadResult.merge([a, b])
    assert merged.events == a.events + b.events
    assert (merged.intake.read, merged.intake.rejected) == (4, 1)
    assert codes(merged) == ["MR002", "MR007"]
    assert merged.balanced


def test_read_bytes_uses_the_given_calendar_name():
    """The calendar argument (a CalDAV collection) names the events' calendar."""
    data = (DATA / "multi_vcalendar.ics").read_bytes()
    result = read_bytes(data, "https://dav.example/cal/1.ics", POLICY, YEAR, calendar="UBND xã")
    assert {e.source.calendar for e in result.events} == {"UBND xã"}
    assert result.intake == Intake(2, 0, 0, (), ("https://dav.example/cal/1.ics",))


def test_diagnostic_fills_the_catalogue_templates():
    """diagnostic() formats both messages and carries the rule's titles and hints."""
    finding = diagnostic("MR001", "lich.ics", ("tệp rỗng", "empty file"), line=3)
    assert finding.message_vi == "Không đọc được lich.ics: tệp rỗng"
    assert finding.message_en == "Could not read lich.ics: empty file"
    assert (finding.title_en, finding.severity, finding.line) == (
        "Calendar file could not be read",
        Severity.WARNING,
        3,
    )
    assert finding.hint_en.startswith("Export the calendar again")


def test_engine_import_loads_no_calendar_library():
    """import meetingrules does not import icalendar or recurring_ical_events."""
    code = "import sys, meetingrules; print(sorted(m for m in ('icalendar', 'recurring_ical_events') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.ics")))
def test_every_quirk_file_balances(name):
    """Every quirk file is accounted for: read = components + rejected + outside the window."""
    read(name)


def test_calendar_without_events_reads_nothing_and_says_nothing():
    """A calendar holding only a VTODO is valid data with no VEVENT: read 0, no diagnostic."""
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:Vi\xe1\xbb\x87c\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    result = read_bytes(data, "todo.ics", POLICY, YEAR)
    assert (result.events, result.intake.read, result.intake.findings) == ((), 0, ())


def test_broken_property_is_mr010_once_per_event_not_per_occurrence():
    """A weekly series with an unreadable ATTENDEE is kept and reported once as MR010."""
    from meetingrules import check

    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//VI\r\nBEGIN:VEVENT\r\nUID:gb\r\n"
        "DTSTART;TZID=Asia/Ho_Chi_Minh:20260105T073000\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20260105T090000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Giao ban\r\nSEQUENCE:not-a-number\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    window = Window.year(2026, zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    read = read_bytes(data, "gb.ics", POLICY, window)
    assert len(read.events) == 10
    result = check(read.events, POLICY, window=window, intake=read.intake, as_of=dt.date(2026, 6, 1))
    assert [(f.code, f.severity) for f in result.findings if f.code == "MR010"] == [("MR010", Severity.INFO)]
    assert result.summary.checked == 1 and result.summary.rejected == 0


# -- reading on several cores ----------------------------------------------------------------


def _generated(events: int) -> bytes:
    """A generated province calendar (benchmarks/generate.py) with a few broken VEVENTs added."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", DATA.parents[2] / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    broken = (
        "BEGIN:VEVENT\r\nUID:no-start\r\nSUMMARY:Họp\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:zone-x\r\nDTSTART;TZID=Giờ Hà Nội:20260304T080000\r\n"
        "DTEND;TZID=Giờ Hà Nội:20260304T090000\r\nSUMMARY:Họp\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:bad-seq\r\nDTSTART:20260305T080000\r\nSEQUENCE:x\r\n"
        "ATTENDEE;CN=A;ROLE:mailto:a@b\r\nSUMMARY:Họp\r\nEND:VEVENT\r\n"
    )
    text = module.generate(events, seed=3).decode("utf-8")
    return text.replace("END:VCALENDAR", broken + "END:VCALENDAR").encode("utf-8")


def test_parallel_reading_gives_the_same_result_as_serial():
    """A 3,000-VEVENT file read on two processes gives exactly what one process gives.

    Run in a fresh interpreter: the reader forks no worker beside other threads, and the
    server and gateway tests leave some in this one.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("worker processes are forked; this platform cannot fork")
    code = "from tests.connectors.ics.test_ics_reader import compare_parallel_and_serial; compare_parallel_and_serial()"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "same"


def compare_parallel_and_serial() -> None:
    """Read the generated file serially, on two workers and through the environment; print ``same``."""
    import os

    from connectors.ics import parallel as _parallel

    data = _generated(3000)
    window = Window(at(1, 1).replace(year=2025), at(1, 1).replace(year=2027))
    used = []
    original = _parallel.map_blocks

    def spy(*args):
        outcomes = original(*args)
        used.append(outcomes is not None)
        return outcomes

    _parallel.map_blocks = spy
    serial = read_bytes(data, "tinh.ics", POLICY, window, workers=1)
    parallel = read_bytes(data, "tinh.ics", POLICY, window, workers=2)
    os.environ["MEETINGRULES_WORKERS"] = "2"
    from_env = read_bytes(data, "tinh.ics", POLICY, window)
    assert used == [False, True, True], used
    assert serial.intake.read == 3003 and serial.balanced
    assert {f.code for f in serial.intake.findings} >= {"MR002", "MR007"}
    assert parallel == serial
    assert from_env == serial
    assert [e.source.component for e in parallel.events] == [e.source.component for e in serial.events]
    print("same")


def test_small_files_are_read_in_this_process(monkeypatch):
    """Below 2,000 VEVENTs, or with MEETINGRULES_WORKERS=1, no process is started."""
    from connectors.ics import parallel as _parallel

    monkeypatch.delenv(_parallel.ENV, raising=False)
    assert _parallel.workers_for(1999) == 1
    assert _parallel.workers_for(5000, 1) == 1
    monkeypatch.setenv(_parallel.ENV, "1")
    assert _parallel.workers_for(5000) == 1
    assert _parallel.workers_for(3, 8) == 3


def test_reading_falls_back_to_this_process_when_workers_cannot_start(monkeypatch):
    """If no process can be started, the file is read here, with the same result."""
    from connectors.ics import parallel as _parallel

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    data = _generated(2000)
    serial = read_bytes(data, "tinh.ics", POLICY, YEAR, workers=1)
    monkeypatch.setattr(_parallel.concurrent.futures, "ProcessPoolExecutor", refuse)
    assert _parallel.map_blocks(lambda block: block, [1, 2, 3], 2) is None
    assert read_bytes(data, "tinh.ics", POLICY, YEAR, workers=2) == serial
