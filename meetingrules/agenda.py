"""Reading a conference agenda from an event's DESCRIPTION or ``X-MEETINGRULES-AGENDA``.

The plan limits speeches by their kind (II.4.b): "Phát biểu khai mạc không quá 10 phút;
tham luận không quá 10 phút; kết luận của lãnh đạo chủ trì hội nghị không quá 50 phút".
To check that, an agenda is read in the forms Vietnamese programmes use::

    08:00-08:10 Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh
    8h00 - 8h10: Khai mạc
    Tham luận: Sở Y tế (10 phút)
    - Tham luận của Sở Tài chính: 15 phút
    Phát biểu kết luận của đồng chí Chủ tịch (45')
    Đọc báo cáo tình hình thực hiện nhiệm vụ

A line is an agenda item when it starts with a clock time, or when it names an item kind
(khai mạc, tham luận, báo cáo, thảo luận, kết luận …) and either starts with that name or
gives a duration. Every other line is ignored, never guessed at. A line that looks like
an item but cannot be read ("08:70-09:00 Khai mạc", an end before its start) becomes an
MR009 notice; nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import weakref
from typing import TYPE_CHECKING

import attrs

from meetingrules.catalog import rule
from meetingrules.i18n import Text
from meetingrules.model import AgendaItem, AgendaKind, Notice, slot_writer
from meetingrules.text import fold

if TYPE_CHECKING:
    from meetingrules.policy import Policy

__all__ = ["AgendaParse", "parse_agenda", "parse_agenda_property"]


@attrs.frozen
class AgendaParse:
    """The items read from an agenda text, and notices about lines that could not be read."""

    items: tuple[AgendaItem, ...] = ()
    notices: tuple[Notice, ...] = ()


# -- item kinds ---------------------------------------------------------------------------
# Kind names, matched on folded text. The earliest name in a line decides its kind (the
# longest one when two start at the same place), so "Thảo luận và kết luận" is a discussion
# and "Phát biểu ý kiến chỉ đạo" a conclusion.
_KIND_WORDS: dict[AgendaKind, tuple[str, ...]] = {
    AgendaKind.OPENING: (
        "phát biểu khai mạc", "khai mạc", "opening remarks", "opening speech", "opening",
    ),
    AgendaKind.CONTRIBUTION: (
        "trình bày tham luận", "báo cáo tham luận", "tham luận", "contributed speech",
        "contribution",
    ),
    AgendaKind.CONCLUSION: (
        "phát biểu kết luận", "kết luận", "phát biểu ý kiến chỉ đạo", "ý kiến chỉ đạo",
        "phát biểu chỉ đạo", "chỉ đạo", "phát biểu bế mạc", "bế mạc", "concluding remarks",
        "closing remarks", "conclusion",
    ),
    AgendaKind.DISCUSSION: (
        "thảo luận", "trao đổi", "phát biểu ý kiến", "ý kiến", "hỏi đáp", "giải đáp",
        "discussion", "q&a",
    ),
}
# Built-in report-reading words, used when no policy is given (policy table report_reading).
_REPORT_WORDS = (
    "đọc báo cáo", "trình bày báo cáo", "báo cáo tóm tắt", "đọc lại báo cáo", "read the report",
)
# Built-in document names (policy table report_documents): an item starting with one, given
# at least report_document_minutes, presents that document.
_DOCUMENT_WORDS = (
    "báo cáo tổng kết", "báo cáo sơ kết", "báo cáo kết quả", "báo cáo tình hình", "báo cáo chính trị", "dự thảo",
    "tờ trình",
)
_DOCUMENT_MINUTES = 10.0
# "Kết luận 226-KL/TW", "Quán triệt Kết luận …": a conclusion named as a document, not a speech.
_DOCUMENT_VERBS = re.compile(
    r"(?:quan triet|trien khai|hoc tap|pho bien|thuc hien|theo|du thao|noi dung)\s*(?:cac\s*)?$"
)
_NUMBER_AFTER = re.compile(r"\s*(?:so\s*)?\d")

_KIND_TITLES = {
    AgendaKind.OPENING: "Phát biểu khai mạc",
    AgendaKind.CONTRIBUTION: "Tham luận",
    AgendaKind.REPORT: "Báo cáo",
    AgendaKind.DISCUSSION: "Thảo luận",
    AgendaKind.CONCLUSION: "Kết luận",
    AgendaKind.OTHER: "",
}


def _alternation(words) -> re.Pattern[str]:
    folded = sorted({fold(w) for w in words if fold(w)}, key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(map(re.escape, folded)) + r")(?![0-9a-z])")


@functools.lru_cache(maxsize=64)
def _kind_patterns(report_words: tuple[str, ...]) -> tuple[tuple[AgendaKind, re.Pattern[str]], ...]:
    tables = dict(_KIND_WORDS)
    tables[AgendaKind.REPORT] = report_words or _REPORT_WORDS
    order = (
        AgendaKind.OPENING, AgendaKind.CONTRIBUTION, AgendaKind.REPORT,
        AgendaKind.CONCLUSION, AgendaKind.DISCUSSION,
    )
    return tuple((kind, _alternation(tables[kind])) for kind in order)


@functools.lru_cache(maxsize=64)
def _any_kind(report_words: tuple[str, ...]) -> re.Pattern[str]:
    words = tuple(w for kind_words in _KIND_WORDS.values() for w in kind_words)
    return _alternation(words + (report_words or _REPORT_WORDS))


def _kind_of(folded: str, patterns) -> tuple[AgendaKind, int] | None:
    """The kind the earliest kind name in ``folded`` gives, and where that name starts."""
    best: tuple[int, int, AgendaKind] | None = None
    for kind, pattern in patterns:
        for match in pattern.finditer(folded):
            if kind is AgendaKind.CONCLUSION and match.group().endswith("ket luan"):
                names_document = _NUMBER_AFTER.match(folded, match.end()) or _DOCUMENT_VERBS.search(
                    folded, 0, match.start()
                )
                if names_document:
                    continue
            candidate = (match.start(), -len(match.group()), kind)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
            break
    return (best[2], best[0]) if best else None


def _kind_at_first_name(folded: str, patterns, any_kind: re.Pattern[str]) -> tuple[AgendaKind, int] | None:
    """:func:`_kind_of`, reading each kind's pattern at one place instead of scanning the text
    with each (four of the five scan a whole line to find nothing, in most lines).

    ``any_kind`` is the alternation of every kind name (of ``patterns``' tables, with the same
    boundaries), so it matches wherever one of the patterns matches: its first match ``p`` is
    where the earliest kind name can start, and no pattern matches before ``p``. Read at ``p``
    (``match`` at ``p`` is what ``finditer`` yields first when its first match starts at
    ``p``; the look-behind still sees the character before ``p``), each pattern either
    matches there or only later. A name found at ``p`` and not set aside by the "Kết luận
    226-KL/TW" exception starts earliest, so the longest one at ``p`` wins (the first kind
    on equal lengths), as in :func:`_kind_of`. When none is kept (no name at all, or only an
    excepted "kết luận" at ``p``), :func:`_kind_of` decides."""
    first = any_kind.search(folded)
    if first is None:
        return None
    at = first.start()
    best: tuple[int, AgendaKind] | None = None
    for kind, pattern in patterns:
        match = pattern.match(folded, at)
        if match is None:
            continue
        if kind is AgendaKind.CONCLUSION and match.group().endswith("ket luan"):
            if _NUMBER_AFTER.match(folded, match.end()) or _DOCUMENT_VERBS.search(folded, 0, match.start()):
                continue
        candidate = (-len(match.group()), kind)
        if best is None or candidate[0] < best[0]:
            best = candidate
    if best is None:
        return _kind_of(folded, patterns)
    return best[1], at


# -- clock times and durations ------------------------------------------------------------
_BULLET = re.compile(r"^(?:[\s\-–—•*+·>▪◦●○]+|(?:\d{1,2}|[a-zđ]|[ivx]{1,4})[.)]\s+)+", re.I)
_CLOCK = (
    r"(\d{1,2})\s*(?:[:.]\s*(\d{2})"
    r"|(?:h|g|giờ|gio)(?:\s*(\d{1,2})(?!\d))?(?:\s*(?:phút|phut|p)\b)?)"
    r"(?![.,/]\d)"
)
_START = re.compile(r"^(?:từ|tu)?\s*" + _CLOCK, re.I)
_RANGE_TAIL = re.compile(r"\s*(?:-|–|—|~|đến|den|to)\s*" + _CLOCK, re.I)
_AFTER_TIME = re.compile(r"[\s:\-–—|.,)]*")
# Lines such as "8h00 ngày 15/5/2026 tại Hội trường" give a date, not an agenda item.
_NOT_AN_ITEM = re.compile(
    r"^(?:ngay|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|sang|chieu|toi|hom)\b|^\d{1,2}/\d{1,2}"
)

_MINUTES = r"(\d+(?:[.,]\d+)?)\s*(?:phút|phut|ph|p|minutes?|mins?)\b|(\d+(?:[.,]\d+)?)\s*['’′]"
_HOURS = (
    r"(\d+(?:[.,]\d+)?)\s*(?:giờ|gio|tiếng|tieng|hours?|hrs?|h)"
    r"(?:\s*(\d{1,2})\s*(?:phút|phut|p|['’′])?)?"
)
_DURATION_PAREN = re.compile(r"\(\s*(?:" + _MINUTES + r"|" + _HOURS + r")\s*\)", re.I)
_DURATION_BARE = re.compile(r"(?<![\d:.,])(?:" + _MINUTES + r")", re.I)
_MAY_HAVE_DURATION = re.compile(r"\d\s*(?:[pP'’′(m]|[hH]\b)")
_DIGIT = re.compile(r"\d")
_SPEAKER_DASH = re.compile(r"\s+[-–—]\s+")
_OF = re.compile(r"\s(?:của|cua)\s", re.I)
_TRIM = " \t:;,.-–—|("


def _clock(hour: str, minute: str | None) -> dt.time | None:
    h, m = int(hour), int(minute or 0)
    if h > 23 or m > 59:
        return None
    return dt.time(h, m)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _duration(text: str) -> tuple[float | None, str]:
    """The last duration written in ``text`` in minutes, and ``text`` without it."""
    if _DIGIT.search(text) is None:
        # Both duration patterns need a digit (\d, as here): one plain scan instead of two
        # scans trying their alternatives at every position (most words have no digit).
        return None, text
    matches = list(_DURATION_PAREN.finditer(text)) or list(_DURATION_BARE.finditer(text))
    if not matches:
        return None, text
    match = matches[-1]
    groups = match.groups()
    if groups[0] or groups[1]:
        minutes = _number(groups[0] or groups[1])
    else:
        minutes = _number(groups[2]) * 60 + (int(groups[3]) if groups[3] else 0)
    rest = (text[: match.start()] + " " + text[match.end():]).strip()
    return minutes, re.sub(r"\(\s*\)", "", rest).strip()


def _slot_maker(cls):
    """``cls(*values)`` for an attrs class of slots, slot by slot (``_slot_maker(AgendaItem)``).

    attrs' ``__init__`` looks every slot up by name through ``object.__setattr__``; the
    maker calls each slot's own setter (straight-line code generated once from the field
    list, so a field added to the class is set too). A class with a validator, a converter
    or an ``__attrs_post_init__`` gets its own constructor back: no check is ever skipped.
    Every value must be given, in field order.
    """
    fields = attrs.fields(cls)
    if any(f.validator is not None or f.converter is not None for f in fields) or hasattr(cls, "__attrs_post_init__"):
        return cls
    return slot_writer(cls, [field.name for field in fields])


_new_item = _slot_maker(AgendaItem)  # 23,447 items on the benchmark


def _notice(line: str) -> Notice:
    return rule("MR009").notice(line)


def _speaker(text: str, kind_at: int | None) -> tuple[str, str | None]:
    """Split ``text`` into a title and a speaker ("… - Đ/c X", "Tham luận: Sở Y tế", "… của X")."""
    parts = _SPEAKER_DASH.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip(_TRIM) and parts[1].strip(_TRIM):
        return parts[0].strip(_TRIM), parts[1].strip(_TRIM)
    head, colon, tail = text.partition(":")
    if colon and kind_at == 0 and tail.strip(_TRIM) and len(head.split()) <= 4:
        return head.strip(_TRIM), tail.strip(_TRIM)
    of = _OF.search(text)
    if of and text[of.end():].strip(_TRIM):
        return text.strip(_TRIM), text[of.end():].strip(_TRIM)
    return text.strip(_TRIM), None


# The form nearly every generated or typed agenda line takes: "15:00-15:05 Thảo luận". The
# clock pairs come from this table (1,440 entries: the time and its minute of the day), so a
# line of that form pays two dictionary look-ups and one small regex instead of the bullet,
# start, range and after-time regexes and two dt.time constructions.
_CLOCK_TABLE = {
    f"{h:02d}:{m:02d}": (dt.time(h, m), h * 60 + m) for h in range(24) for m in range(60)
}
# What the general reading checks after the end clock ((?![.,/]\d), the tail of _CLOCK) and
# then skips (_AFTER_TIME), in one match.
_AFTER_RANGE = re.compile(r"(?![.,/]\d)[\s:\-–—|.,)]*")
_AFTER_MARKS = ":-–—|.,)"  # what _AFTER_RANGE skips besides white space (\s, str.isspace)


def _read_line(line: str, any_kind: re.Pattern[str], documents, read_words) -> AgendaItem | Notice | None:
    """The item, notice or nothing one agenda line gives; ``read_words(text, timed, long_enough)``
    reads the words after its clock times (:func:`_read_words` under the reader's tables)."""
    bullet = _BULLET.match(line)
    text = line[bullet.end():].strip() if bullet else line
    if not text:
        return None
    if not (text[0].isdigit() or text[:2].lower() in ("từ", "tu")):
        # The common case, a line of prose: neither a kind name at its start nor a duration.
        if not _MAY_HAVE_DURATION.search(text) and not any_kind.match(fold(text[:40])):
            return None
    start = end = None
    timed = False
    clock_minutes = None
    first = _START.match(text)
    if first:
        timed = True
        start = _clock(first.group(1), first.group(2) or first.group(3))
        position = first.end()
        tail = _RANGE_TAIL.match(text, position)
        if tail:
            end = _clock(tail.group(1), tail.group(2) or tail.group(3))
            position = tail.end()
            if end is None:
                return _notice(line)
        if start is None:
            return _notice(line)
        text = text[_AFTER_TIME.match(text, position).end():]
        if end is not None:
            clock_minutes = float((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))
    return _item(line, text, timed, start, end, clock_minutes, documents, read_words)


def _item(line, text, timed, start, end, clock_minutes, documents, read_words) -> AgendaItem | Notice | None:
    """What ``line`` gives once its clock times are read: ``text`` is what follows them."""
    # What the words say, read once per distinct text: agenda lines differ mostly by their
    # clock times ("08:00-08:10 Phát biểu khai mạc - Đ/c …"), the words after them repeat.
    long_enough = None if clock_minutes is None or documents is None else clock_minutes >= documents[1]
    words = read_words(text, timed, long_enough)
    if words is _NOT_AN_ITEM_LINE:
        return None
    if timed and end is not None and end <= start:
        return _notice(line)
    if words is None:
        return None
    if words is _UNREADABLE:
        return _notice(line)
    kind, title, speaker, explicit = words
    minutes = clock_minutes if clock_minutes is not None else explicit
    return _new_item(kind, title, minutes, start, end, speaker, line)


_NOT_AN_ITEM_LINE = "not an item"  # a timed line giving a date, not an item
_UNREADABLE = "unreadable"  # looks like an item, cannot be read: an MR009 notice


def _word_facts(text: str, patterns, documents, any_kind: re.Pattern[str]):
    """What the words of an agenda line say whatever clock times stand before them: whether
    they give a date, not an item; the explicit duration and the words without it; the kind
    their kind names give (:func:`_kind_of`); whether, no kind named, they start with a
    document's name. Read once per distinct text: the same words come with clock ranges of
    many lengths, and only the document rule below looks at the length."""
    folded = fold(text)
    gives_a_date = _NOT_AN_ITEM.match(folded) is not None
    explicit, rest = _duration(text)
    if rest != text:
        folded = fold(rest)
    found = _kind_at_first_name(folded, patterns, any_kind)
    names_document = found is None and documents is not None and documents[0].match(folded.lstrip(_TRIM)) is not None
    return gives_a_date, explicit, rest, found, names_document


def _read_words(text: str, timed: bool, long_enough: bool | None, facts, documents):
    """(kind, title, speaker, explicit minutes) of the words of an agenda line after its clock
    times, ``None`` when they make no item, or one of the markers above. ``long_enough``:
    whether the clock times give at least the document minutes (``None``: no clock length,
    an explicit duration decides). ``facts(text)``: :func:`_word_facts` under the reader's
    tables."""
    gives_a_date, explicit, text, found, names_document = facts(text)
    if timed and gives_a_date:
        return _NOT_AN_ITEM_LINE
    if names_document:
        # Named by its document and no other kind named: the document is presented (MR204).
        if long_enough is None:
            long_enough = explicit is not None and explicit >= documents[1]
        if long_enough:
            found = (AgendaKind.REPORT, 0)
    kind, kind_at = found if found else (AgendaKind.OTHER, None)
    if not timed:
        # An untimed line is an item only when it starts with a kind name or gives a duration.
        if found is None or (kind_at != 0 and explicit is None):
            return None
    if not text.strip(_TRIM):
        if not found:
            return _UNREADABLE
        text = _KIND_TITLES[kind]
    title, speaker = _speaker(text, kind_at)
    return kind, title, speaker, explicit


def _report_words(policy: Policy | None) -> tuple[str, ...]:
    if policy is None:
        return _REPORT_WORDS
    return policy.keywords("report_reading") or _REPORT_WORDS


def _documents(policy: Policy | None) -> tuple[tuple[str, ...], float]:
    if policy is None:
        return _DOCUMENT_WORDS, _DOCUMENT_MINUTES
    words = policy.keywords("report_documents") if "report_documents" in policy.data["keywords"] else _DOCUMENT_WORDS
    minutes = policy.data["speeches"].get("report_document_minutes", _DOCUMENT_MINUTES)
    return tuple(words), float(minutes)


@functools.lru_cache(maxsize=64)
def _document_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return _alternation(words) if words else None


class _Reader:
    """What reading agendas under one set of kind words and document rule needs, prepared
    once, with its memory of the lines and texts already read.

    Agenda lines repeat across a calendar far more than whole descriptions do ("Phát biểu
    khai mạc - Đ/c Chủ tịch", "Thảo luận"): each distinct line is read once, and so is each
    description (the occurrences of a series share theirs). Results are frozen values,
    shared by every description that holds the line.
    """

    def __init__(self, report_words: tuple[str, ...], documents: tuple[tuple[str, ...], float]):
        self.patterns = _kind_patterns(report_words)
        self.any_kind = _any_kind(report_words)
        pattern = _document_pattern(documents[0])
        self.document_rule = (pattern, documents[1]) if pattern is not None else None
        # Remembered by text alone: hashing the compiled patterns with every key costs more
        # than reading most lines.
        self.lines: dict[str, AgendaItem | Notice | None] = {}
        # "HH:MM-HH:MM" -> (start, end, minutes), or () for a prefix
        # that is no valid pair of clocks; forgotten all at once when full, like the lines.
        self.ranges: dict[str, tuple] = {}
        self.words = functools.lru_cache(maxsize=65536)(self._read_words)
        self.facts = functools.lru_cache(maxsize=65536)(self._word_facts)
        self.parse = functools.lru_cache(maxsize=16384)(self._parse)

    def _range(self, prefix: str) -> tuple:
        """What the quick reading needs of the clocks "HH:MM-HH:MM" at a line's start, or ()."""
        start = _CLOCK_TABLE.get(prefix[:5])
        end = _CLOCK_TABLE.get(prefix[6:11])
        if start is None or end is None or prefix[5:6] != "-":
            return ()
        return start[0], end[0], float(end[1] - start[1])

    def _read_line(self, line: str) -> AgendaItem | Notice | None:
        """What :func:`_read_line` gives for the stripped, non-empty ``line``, read faster when
        it starts "HH:MM-HH:MM" (two ASCII digits each, both valid clock times). Why it is the
        same answer: such a line has no bullet (a bullet's number is followed by "." or ")"),
        starts with a digit (so the prose test is skipped), and _START then _RANGE_TAIL match
        exactly those two clocks (the first, ":" alternative of _CLOCK takes both digits of
        each, "-" is a range dash, and the look-ahead after the start clock sees that "-");
        the look-ahead after the end clock and the skip after it are _AFTER_RANGE. Anything
        else, a clock the table does not hold (08:70, Unicode digits) included, goes the
        general way. The clock pairs are remembered by their 11 characters (5,436 distinct
        pairs among the benchmark's 23,449 lines), so a line pays one look-up for both."""
        if line[5:6] == "-":
            ranges = self.ranges
            prefix = line[:11]
            clocks = ranges.get(prefix)
            if clocks is None:
                if len(ranges) >= _LINES_REMEMBERED:
                    ranges.clear()
                clocks = ranges[prefix] = self._range(prefix)
            if clocks:
                if line[11:12] == " " and not line[12].isspace() and line[12] not in _AFTER_MARKS:
                    # One space then a word: _AFTER_RANGE's look-ahead sees the space, its
                    # skip stops at the word. Lines are stripped: a space has a character after it.
                    text = line[12:]
                else:
                    after = _AFTER_RANGE.match(line, 11)
                    text = line[after.end():] if after is not None else None
                if text is not None:
                    start, end, minutes = clocks
                    return _item(line, text, True, start, end, minutes, self.document_rule, self.words)
        return _read_line(line, self.any_kind, self.document_rule, self.words)

    def _read_words(self, text: str, timed: bool, long_enough: bool | None):
        return _read_words(text, timed, long_enough, self.facts, self.document_rule)

    def _word_facts(self, text: str):
        return _word_facts(text, self.patterns, self.document_rule, self.any_kind)

    def _parse(self, text: str) -> AgendaParse:
        items: list[AgendaItem] = []
        notices: list[Notice] = []
        lines = self.lines
        remembered = lines.get
        text = unicodedata.normalize("NFC", text)
        if "\\" in text:  # the replacements below change nothing in a text without a backslash
            text = text.replace("\\n", "\n").replace("\\N", "\n")
        for raw in text.splitlines():
            # Remembered by the raw line (spaces around it and blank lines included): a line
            # seen before costs one look-up, not a strip, a test and a look-up.
            result = remembered(raw, _UNSEEN)
            if result is _UNSEEN:
                line = raw.strip()
                result = self._read_line(line) if line else None
                if len(raw) <= 240:  # long lines are rare and unlikely to repeat
                    if len(lines) >= _LINES_REMEMBERED:
                        lines.clear()
                    lines[raw] = result
            if result is None:
                continue
            if result.__class__ is AgendaItem:
                items.append(result)
            else:
                notices.append(result)
        return _new_parse(tuple(items), tuple(notices))


_new_parse = _slot_maker(AgendaParse)  # 12,158 descriptions on the benchmark
_UNSEEN = object()  # a line not yet read (None is a line read that gives nothing)
_LINES_REMEMBERED = 65536  # lines each reader remembers; it forgets them all when full


@functools.lru_cache(maxsize=8)  # each reader remembers up to 65,536 lines: a few policies at most
def _reader(report_words: tuple[str, ...], documents: tuple[tuple[str, ...], float]) -> _Reader:
    return _Reader(report_words, documents)


_READERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Policy -> _Reader
# The last policy asked for (weakly: a policy dropped by its caller is not kept alive) and
# its reader, replaced as one tuple.
_LAST: tuple = (lambda: None, None)


def _reader_for(policy: Policy | None) -> _Reader:
    """The reader of ``policy``'s words (the built-in ones without a policy), found once per policy."""
    global _LAST
    if policy is None:
        return _reader(_REPORT_WORDS, (_DOCUMENT_WORDS, _DOCUMENT_MINUTES))
    last_policy, last_reader = _LAST
    if last_policy() is policy:
        # A check asks for one policy's reader 20,000 times: calling a weak reference
        # costs less than WeakKeyDictionary.get (a new weak reference and a hash each time).
        return last_reader
    reader = _READERS.get(policy)
    if reader is None:
        reader = _READERS[policy] = _reader(_report_words(policy), _documents(policy))
    _LAST = (weakref.ref(policy), reader)
    return reader


def parse_agenda(text: str, policy: Policy | None = None) -> AgendaParse:
    """The agenda items written in ``text`` (usually an event's DESCRIPTION).

    ``policy`` supplies the ``report_reading`` keyword table; without it a built-in table
    is used. Minutes come from a clock range (end − start) or an explicit duration
    ("(10 phút)", "10'", "15 phút", "10 minutes", "(1 giờ)"); a single clock time gives the
    start only.

    >>> agenda = parse_agenda("08:00-08:10 Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh")
    >>> item = agenda.items[0]
    >>> item.kind.value, item.minutes, item.title, item.speaker
    ('opening', 10.0, 'Phát biểu khai mạc', 'Đ/c Chủ tịch UBND tỉnh')
    >>> parse_agenda("Tham luận: Sở Y tế (10 phút)").items[0].speaker
    'Sở Y tế'
    >>> parse_agenda("08:70-09:00 Khai mạc").notices[0].code
    'MR009'
    """
    if not text or text.isspace():  # str.strip() and str.isspace() agree on what is white space
        return AgendaParse()
    return _reader_for(policy).parse(text)


# -- X-MEETINGRULES-AGENDA ----------------------------------------------------------------
_PROPERTY_KINDS = {kind.value: kind for kind in AgendaKind} | {
    "khai-mac": AgendaKind.OPENING,
    "tham-luan": AgendaKind.CONTRIBUTION,
    "bao-cao": AgendaKind.REPORT,
    "thao-luan": AgendaKind.DISCUSSION,
    "ket-luan": AgendaKind.CONCLUSION,
}
_PROPERTY_ITEM = re.compile(r"^\s*([^=:]+?)\s*[=:]\s*([^=:]*?)\s*(?:[=:]\s*(.*?))?\s*$", re.S)
_PROPERTY_MINUTES = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:phút|phut|min|minutes|m|')?$", re.I)


def _property_notice(item: str, why: Text) -> Notice:
    allowed = ", ".join(kind.value for kind in AgendaKind)
    return rule("MR005").notice(
        Text(
            f"X-MEETINGRULES-AGENDA: mục '{item}' {why.vi}; dạng đúng là loại=phút[=tiêu đề], "
            f"loại là một trong {allowed}.",
            f"X-MEETINGRULES-AGENDA: item '{item}' {why.en}; the form is kind=minutes[=title], "
            f"kind being one of {allowed}.",
        )
    )


def parse_agenda_property(value: str) -> AgendaParse:
    """The agenda given in ``X-MEETINGRULES-AGENDA``.

    Items are separated by ``;`` or new lines; each reads ``kind=minutes[=title]`` or
    ``kind:minutes[:title]``, kind being an :class:`~meetingrules.model.AgendaKind` value.
    An item that cannot be read gives an MR005 notice.

    >>> parsed = parse_agenda_property("opening=10;contribution=12=Sở Y tế;conclusion=45")
    >>> [(i.kind.value, i.minutes) for i in parsed.items]
    [('opening', 10.0), ('contribution', 12.0), ('conclusion', 45.0)]
    >>> parsed.items[1].title
    'Sở Y tế'
    """
    items: list[AgendaItem] = []
    notices: list[Notice] = []
    text = (value or "").replace("\\;", ";").replace("\\,", ",")
    text = text.replace("\\n", "\n").replace("\\N", "\n")
    for raw in re.split(r"[;\n]", text):
        entry = raw.strip()
        if not entry:
            continue
        match = _PROPERTY_ITEM.match(entry)
        if not match:
            notices.append(_property_notice(entry, Text("không có số phút", "has no minutes")))
            continue
        name, minutes_text, title = match.groups()
        kind = _PROPERTY_KINDS.get(fold(name).replace(" ", "-").replace("_", "-"))
        if kind is None:
            notices.append(
                _property_notice(entry, Text(f"có loại không xác định '{name}'", f"has an unknown kind '{name}'"))
            )
            continue
        minutes_match = _PROPERTY_MINUTES.match(minutes_text)
        if not minutes_match:
            notices.append(
                _property_notice(
                    entry,
                    Text(f"có số phút không đọc được '{minutes_text}'", f"has unreadable minutes '{minutes_text}'"),
                )
            )
            continue
        title = (title or "").strip() or _KIND_TITLES[kind]
        items.append(AgendaItem(kind, title, _number(minutes_match.group(1)), line=entry))
    return AgendaParse(tuple(items), tuple(notices))
