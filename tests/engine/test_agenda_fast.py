"""The quick ways of reading agendas (issue 15) give what the general reading gives."""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from meetingrules import agenda
from meetingrules.agenda import parse_agenda
from meetingrules.model import AgendaItem, AgendaKind
from meetingrules.policy import Policy, load_policy

POLICY = Policy.builtin()

# Pieces of lines near the "HH:MM-HH:MM words" form, chosen to reach every branch where the
# quick reading could go wrong: clocks out of range or of one digit, Unicode digits, other
# range marks, a clock followed by ".5" or "/1" (no longer a clock to the general reading),
# an end before its start, words that give a date, a document, a duration or nothing.
HOURS = st.sampled_from(["00", "07", "08", "09", "12", "23", "24", "29", "8", "٠٨", "0８"])
MINUTES = st.sampled_from(["00", "05", "10", "30", "59", "60", "99", "5", "٣٠"])
SEPARATORS = st.sampled_from([":", ".", "h", "g", ": "])
DASHES = st.sampled_from(["-", " - ", "–", "~", " đến ", "--", ""])
AFTER = st.sampled_from([
    "", " ", "  ", ": ", " - ", ".5 ", ",5 ", "/1 ", ".", ",", ")", "h ", "1 ", "\t", " | ", "p ",
    # one space then a character the after-range skip takes (marks, other white space) or not
    " –", " —", " ,", " )", " :", " .5 ", " |", " \u00a0", " \u2003", " \x1c", " \u200b", " /", " (",
])
WORDS = st.sampled_from([
    "", "Khai mạc", "Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh", "Báo cáo tình hình Đề án 06",
    "Báo cáo tổng kết công tác năm 2025", "Thảo luận", "Kết luận của đồng chí chủ trì",
    "Kết luận 226-KL/TW", "Tham luận: Sở Y tế (10 phút)", "ngày 15/5/2026 tại Hội trường",
    "Sáng thứ hai", "Giải lao", "Đọc báo cáo (1 giờ)", "15 phút", "()", "Tham luận của các đơn vị 5'",
])


@st.composite
def near_timed_lines(draw) -> str:
    if draw(st.booleans()):  # the form itself, the clocks valid or not, then any words
        clock = st.builds("{:02d}:{:02d}".format, st.integers(0, 24), st.integers(0, 60))
        start, dash, end = draw(clock), draw(st.sampled_from("--~/ ")), draw(clock)
    else:  # forms around it
        start = draw(HOURS) + draw(SEPARATORS) + draw(MINUTES)
        end = draw(HOURS) + draw(SEPARATORS) + draw(MINUTES)
        dash = draw(DASHES)
    return (start + dash + end + draw(AFTER) + draw(WORDS)).strip()


def read_both(line: str, policy: Policy = POLICY):
    reader = agenda._reader_for(policy)
    quick = reader._read_line(line)
    general = agenda._read_line(line, reader.any_kind, reader.document_rule, reader.words)
    return quick, general


@settings(max_examples=600)
@given(near_timed_lines())
@example("08:00-08:10 Khai mạc")
@example("08:00-08:10.5 Khai mạc")
@example("08:00-24:00 Khai mạc")
@example("08:10-08:00 Khai mạc")
@example("08:00-08:30 Báo cáo tổng kết công tác năm 2025")
@example("08:00-08:10")
@example("08:00-08:10.Tham luận: Sở Y tế")
@example("08:00/08:10 Khai mạc")
@example("08:00-08:10 - Khai mạc")
@example("08:00-08:10 \u00a0Khai mạc")
@example("08:00-08:10 \x1cKhai mạc")
@example("08:00-08:10 ) Khai mạc")
def test_quick_reading_of_a_clock_range_line_equals_the_general_reading(line):
    """A line read by the "HH:MM-HH:MM" shortcut gives the item or notice the general reading gives."""
    quick, general = read_both(line)
    assert quick == general
    assert type(quick) is type(general)


def test_the_shortcut_leaves_a_clock_followed_by_a_decimal_to_the_general_reading():
    """'08:00-08:10.5 Khai mạc' has no end clock for the general reading, so neither has the shortcut."""
    quick, general = read_both("08:00-08:10.5 Khai mạc")
    assert quick == general
    assert quick.end is None


def test_the_same_words_with_a_short_and_a_long_clock_range_keep_their_own_kinds():
    """A document named for five minutes is other, the same words for thirty minutes a report, in one description."""
    words = "Báo cáo tình hình thực hiện Đề án 06"
    parsed = parse_agenda(f"08:00-08:05 {words}\n08:05-08:35 {words}\n08:35-08:40 {words}", POLICY)
    assert [i.kind for i in parsed.items] == [AgendaKind.OTHER, AgendaKind.REPORT, AgendaKind.OTHER]


def test_the_same_words_timed_and_untimed_keep_their_own_readings():
    """Words giving a date are no item after a clock time, yet the same words untimed, with a duration, are one."""
    parsed = parse_agenda("08:00 Sáng thứ hai khai mạc (10 phút)\nSáng thứ hai khai mạc (10 phút)", POLICY)
    assert [(i.kind, i.minutes, i.start) for i in parsed.items] == [(AgendaKind.OPENING, 10.0, None)]


def test_a_description_reads_as_its_lines_whatever_spaces_surround_them():
    """Blank lines and spaces around a line change nothing: each item keeps its stripped line, in order."""
    lines = ["08:00-08:10 Khai mạc", "08:10-08:40 Tham luận: Sở Y tế", "08:40-08:30 Thảo luận"]
    text = f"  {lines[0]}\t\n\n{lines[1]}\n   \n {lines[0]} \n{lines[2]}\n{lines[1]}  "
    parsed = parse_agenda(text, POLICY)
    assert [i.line for i in parsed.items] == [lines[0], lines[1], lines[0], lines[1]]
    assert [n.code for n in parsed.notices] == ["MR009"]
    alone = [parse_agenda(line, POLICY) for line in (lines[0], lines[1], lines[0], lines[2], lines[1])]
    assert parsed.items == tuple(i for p in alone for i in p.items)
    assert parsed.notices == tuple(n for p in alone for n in p.notices)


def test_escaped_newlines_of_both_cases_split_lines_after_composing_the_text():
    """'\\n' and '\\N' separate lines; a backslash before an 'n' that composes with a mark does not."""
    parsed = parse_agenda("08:00-08:10 Khai mạc\\N08:10-08:20 Tham luận\\n08:20-08:30 Thảo luận", POLICY)
    assert [i.kind for i in parsed.items] == [AgendaKind.OPENING, AgendaKind.CONTRIBUTION, AgendaKind.DISCUSSION]
    upper = parse_agenda("08:00-08:10 Khai mạc\\N08:10-08:20 Tham luận", POLICY)
    assert [i.kind for i in upper.items] == [AgendaKind.OPENING, AgendaKind.CONTRIBUTION]
    composed = parse_agenda("08:00-08:10 Khai mạc \\n\u0303 08:10-08:20 Tham luận", POLICY)
    assert [i.line for i in composed.items] == ["08:00-08:10 Khai mạc \\ñ 08:10-08:20 Tham luận"]


def test_a_reader_that_has_forgotten_its_lines_reads_them_again_alike():
    """Past the number of lines a reader remembers, it forgets them and reads a line again to the same item."""
    policy = Policy.builtin().with_overrides({"keywords": {"report_reading": ["đọc tờ trình nhanh"]}})
    first = parse_agenda("07:00-07:10 Khai mạc\n07:10-07:20 Thảo luận", policy)
    reader = agenda._reader_for(policy)
    clocks = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)]
    lines = [f"{a}-{b} Thảo luận" for a in clocks[:46] for b in clocks]
    assert len(lines) > agenda._LINES_REMEMBERED
    parse_agenda("\n".join(lines), policy)
    assert len(reader.lines) < agenda._LINES_REMEMBERED
    assert len(reader.ranges) < agenda._LINES_REMEMBERED  # 66,240 distinct clock pairs
    reader.parse.cache_clear()
    again = parse_agenda("07:00-07:10 Khai mạc\n07:10-07:20 Thảo luận", policy)
    assert again == first
    assert again.items[0] == AgendaItem(
        AgendaKind.OPENING, "Khai mạc", 10.0, dt.time(7, 0), dt.time(7, 10), None, "07:00-07:10 Khai mạc"
    )


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("08:00-08:10 Khai mạc", "Khai mạc"),
        ("08:00-08:10 - Khai mạc", "Khai mạc"),
        ("08:00-08:10 – Khai mạc", "Khai mạc"),
        ("08:00-08:10 ) Khai mạc", "Khai mạc"),
        ("08:00-08:10 \u00a0Khai mạc", "Khai mạc"),
        ("08:00-08:10 \x1cKhai mạc", "Khai mạc"),
        ("08:00-08:10 (Khai mạc)", "Khai mạc)"),
    ],
)
def test_words_after_one_space_start_where_the_general_reading_starts_them(line, title):
    """After "HH:MM-HH:MM " a mark or a white space the general reading skips is skipped by the shortcut too."""
    quick, general = read_both(line)
    assert quick == general
    assert (quick.kind, quick.title) == (AgendaKind.OPENING, title)


def test_readers_of_two_policies_keep_their_own_document_minutes_when_called_in_turn():
    """The same line alternately under two document rules gives each policy's own kind, every time."""
    long_rule = load_policy('[keywords]\nreport_documents = ["đề án"]\n[speeches]\nreport_document_minutes = 30\n')
    line = "09:00-09:20 Đề án phát triển du lịch"
    short_rule = load_policy('[keywords]\nreport_documents = ["đề án"]\n[speeches]\nreport_document_minutes = 15\n')
    kinds = [parse_agenda(line, policy).items[0].kind for policy in (short_rule, long_rule, short_rule, long_rule)]
    assert kinds == [AgendaKind.REPORT, AgendaKind.OTHER, AgendaKind.REPORT, AgendaKind.OTHER]


def test_the_last_policy_asked_for_is_not_kept_alive_by_the_reader_memory():
    """A policy nobody holds any more is freed: the agenda module remembers it only weakly."""
    policy = load_policy('[keywords]\nreport_documents = ["đề án"]\n')
    parse_agenda("09:00-09:20 Thảo luận", policy)
    gone = weakref.ref(policy)
    del policy
    gc.collect()
    assert gone() is None
    assert parse_agenda("09:00-09:20 Thảo luận", POLICY).items[0].kind is AgendaKind.DISCUSSION


def test_a_duration_in_other_digits_is_read_as_before():
    """A duration written in Arabic-Indic digits counts: the no-digit shortcut knows every decimal digit."""
    parsed = parse_agenda("Tham luận: Sở Y tế (١٠ phút)\nThảo luận ٢٠ phút", POLICY)
    assert [(i.kind, i.minutes) for i in parsed.items] == [(AgendaKind.CONTRIBUTION, 10.0), (AgendaKind.DISCUSSION, 20.0)]


def test_a_description_of_white_space_only_has_no_items():
    """Unicode white space alone, on one line or several, is an empty agenda."""
    assert parse_agenda("\u3000 \u00a0\n\t\x1c", POLICY) == agenda.AgendaParse()


# Pieces of folded lines: kind names of every kind (also inside longer words and next to
# digits), the "kết luận" that names a document, and words around them.
FOLDED_PIECES = st.sampled_from([
    "phat bieu khai mac", "khai mac", "tham luan", "bao cao tham luan", "doc bao cao", "ket luan",
    "phat bieu ket luan", "y kien chi dao", "phat bieu y kien", "y kien", "thao luan", "trao doi",
    "ket luan 226-kl/tw", "ket luan so 12", "quan triet ket luan", "theo ket luan", "opening", "q&a",
    "khai macx", "2khai mac", "xy kien", "chi dao", "be mac", "doi", "cua", "so y te", "dong chi", "-",
    ":", "(10 phut)", "1", "a", "khai mac bao cao",
])
# Report words of a policy that overlap other kinds' names: a longer name of a later kind at
# the same place ("khai mac bao cao" after "khai mac"), the same name in two kinds ("tham luan").
OVERLAPPING = Policy.builtin().with_overrides({"keywords": {"report_reading": ["khai mac bao cao", "tham luan"]}})


@settings(max_examples=800)
@given(st.lists(FOLDED_PIECES, min_size=0, max_size=7), st.sampled_from([" ", "", ", "]), st.booleans())
@example(["quan triet ket luan", "thao luan"], " ", False)
@example(["ket luan 226-kl/tw", "y kien"], " ", False)
@example(["ket luan so 12"], " ", False)
@example(["theo ket luan", "khai mac"], " ", False)
@example(["phat bieu y kien", "chi dao"], " ", False)
@example(["khai mac bao cao"], " ", True)
@example(["so y te", "tham luan"], " ", True)
def test_the_kind_read_at_the_first_name_equals_the_kind_of_every_pattern_scanned(pieces, joint, overlapping):
    """Reading the kind patterns where the first kind name starts gives what scanning the whole line with each gives."""
    folded = joint.join(pieces)
    reader = agenda._reader_for(OVERLAPPING if overlapping else POLICY)
    assert agenda._kind_at_first_name(folded, reader.patterns, reader.any_kind) == agenda._kind_of(
        folded, reader.patterns
    )


def test_kind_names_overlapping_at_one_place_give_the_longest_then_the_first_kind():
    """At one place the longer name wins whatever its kind's rank, and on equal names the earlier kind."""
    parsed = parse_agenda("08:00-08:10 Khai mạc báo cáo\n08:10-08:20 Tham luận", OVERLAPPING)
    assert [i.kind for i in parsed.items] == [AgendaKind.REPORT, AgendaKind.CONTRIBUTION]


def test_values_built_slot_by_slot_equal_those_built_by_their_constructor():
    """The slot-by-slot makers give values equal to their classes' own constructors, and refuse a checked class."""
    start, end = dt.time(8, 0), dt.time(8, 10)
    values = (AgendaKind.OPENING, "Khai mạc", 10.0, start, end, "Đ/c Chủ tịch", "08:00-08:10 Khai mạc - Đ/c Chủ tịch")
    made = agenda._new_item(*values)
    assert type(made) is AgendaItem
    assert made == AgendaItem(*values)
    assert agenda._new_parse((made,), ()) == agenda.AgendaParse((made,), ())

    @attrs.frozen
    class Checked:
        minutes: float = attrs.field(validator=attrs.validators.instance_of(float))

    assert agenda._slot_maker(Checked) is Checked
