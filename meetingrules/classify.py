"""Knowing what a meeting is (SPEC §5): from an event's strings to a classified ``Meeting``.

Explicit metadata wins; inference is the fallback; every attribute carries its reason.
For each attribute the sources are tried in this order:

    class, kind   X-MEETINGRULES-KIND → CATEGORIES → keywords → default (meeting)
    scope         X-MEETINGRULES-SCOPE → CATEGORIES → keywords → none
    format        X-MEETINGRULES-FORMAT → CATEGORIES → online signals → meeting URLs
                  → keywords → default (in person)
    level         X-MEETINGRULES-LEVEL → CATEGORIES → calendar mapping → keywords → none
    unit          X-MEETINGRULES-UNIT → calendar mapping → ORGANIZER name → ""

Keywords are policy data (``[keywords]`` of the policy), searched accent- and
case-insensitively as whole words on SUMMARY, then DESCRIPTION, then LOCATION. For the
class the first table that matches a field decides, in the order ``not_a_meeting``,
``important``, ``technical``, ``briefing``, ``conference``, ``meeting``. A bad value in an
``X-MEETINGRULES-*`` property becomes an MR005 notice, never an exception.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterable
from itertools import compress

import attrs

from meetingrules.agenda import parse_agenda, parse_agenda_property
from meetingrules.catalog import rule
from meetingrules.i18n import Text
from meetingrules.model import (
    EventData,
    Format,
    Kind,
    Level,
    Meeting,
    MeetingClass,
    Notice,
    Reason,
    Scope,
    Waiver,
)
from meetingrules.policy import Policy
from meetingrules.text import fold, fold_word, fold_words, instrument_numbers, written_words

__all__ = ["Classifier", "as_meetings", "build_meeting", "build_meetings"]

PREFIX = "X-MEETINGRULES-"
KNOWN_PROPERTIES = (
    "KIND", "SCOPE", "FORMAT", "LEVEL", "UNIT", "ID", "WAIVE", "AGENDA", "END-ESTIMATED", "ORGANISED-BY",
)
# Written by meetingrules itself (check --annotate): read past in silence, never an input.
WRITTEN_PROPERTIES = ("FINDING",)
_TRUE = frozenset({"true", "yes", "1", "co"})

# Property values (normalised: folded, "_" and " " as "-") with a few Vietnamese aliases.
_KIND_VALUES: dict[str, tuple[MeetingClass, Kind | None]] = {
    "briefing": (MeetingClass.CONFERENCE, Kind.BRIEFING),
    "technical": (MeetingClass.CONFERENCE, Kind.TECHNICAL),
    "important": (MeetingClass.CONFERENCE, Kind.IMPORTANT),
    "conference": (MeetingClass.CONFERENCE, Kind.UNCLASSIFIED),
    "meeting": (MeetingClass.MEETING, None),
    "not-a-meeting": (MeetingClass.NOT_A_MEETING, None),
}
_KIND_ALIASES = {
    "quan-triet": "briefing", "chuyen-mon": "technical", "quan-trong": "important",
    "hoi-nghi": "conference", "cuoc-hop": "meeting", "hop": "meeting",
    "khong-phai-cuoc-hop": "not-a-meeting",
}
_SCOPE_ALIASES = {
    "toan-tinh": "province-wide", "toan-nganh": "sector-wide",
    "toan-xa": "commune-wide", "noi-bo": "unit",
}
_FORMAT_ALIASES = {
    "truc-tuyen": "online", "truc-tiep": "in-person", "ket-hop": "hybrid", "inperson": "in-person",
}
_LEVEL_ALIASES = {"tinh": "province", "cap-tinh": "province", "xa": "commune", "cap-xa": "commune"}

_SCOPE_VALUES = {str(s): s for s in Scope}
_FORMAT_VALUES = {str(f): f for f in Format}
_LEVEL_VALUES = {str(lv): lv for lv in Level}

_KIND_TABLES = (
    ("important", Kind.IMPORTANT), ("technical", Kind.TECHNICAL), ("briefing", Kind.BRIEFING),
)
_SCOPE_TABLES = (
    ("province_wide", Scope.PROVINCE_WIDE),
    ("sector_wide", Scope.SECTOR_WIDE),
    ("commune_wide", Scope.COMMUNE_WIDE),
    ("unit_scope", Scope.UNIT),
)
_FORMAT_TABLES = (
    ("hybrid", Format.HYBRID), ("online", Format.ONLINE), ("in_person", Format.IN_PERSON),
)
_LEVEL_TABLES = (("province_level", Level.PROVINCE), ("commune_level", Level.COMMUNE))
_ALL_TABLES = (
    "not_a_meeting", "important", "technical", "briefing", "conference", "meeting",
    "province_wide", "sector_wide", "commune_wide", "unit_scope",
    "hybrid", "online", "in_person", "province_level", "commune_level",
)
# The properties that declare what the words would otherwise decide (_Builder.attributes).
_DECLARING = frozenset({"KIND", "SCOPE", "FORMAT", "LEVEL"})
_WAIVER_CODE = re.compile(r"^MR\d{1,3}$", re.I)


_TOKEN = re.compile(r"[0-9a-z]+")


class _Scanner:
    """Every keyword table of a policy, indexed by each keyword's first word.

    One pass over a folded text finds, for every table at once, its first keyword there
    (leftmost, then longest), matched as whole words like :func:`meetingrules.text.find_keyword`.
    A regular-expression alternation per table costs a scan of the text per table; on
    long descriptions that dominated the time of classifying a province-year calendar.
    The pass stops only where a whole word of the text starts a keyword; there the keywords
    of that word are tried, longest first. Where those places are is looked up per folded
    word (:class:`_Places`): a description is new, its words are not, and a regular
    expression walking every character of it cost twice the fold.
    """

    def __init__(self, tables: dict[str, Iterable[str]]):
        index: dict[str, list[tuple[str, str, str, int]]] = {}
        for table, words in tables.items():
            seen: set[str] = set()
            for word in words:
                folded = fold(word)
                first = _TOKEN.match(folded)
                if not folded or first is None or folded in seen:
                    continue
                seen.add(folded)
                index.setdefault(first.group(), []).append((folded, word, table, folded.count(" ")))
        for entries in index.values():
            entries.sort(key=lambda entry: len(entry[0]), reverse=True)
        self.index = index
        self.places = _Places({word: max(entry[3] for entry in entries) for word, entries in index.items()})
        self.matches: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}  # see scan_words
        self.spans = _Spans(self.places)  # see scan_text
        self.written: dict[tuple[str, ...], tuple[tuple[str, str], ...] | None] = {}  # see scan_text

    def scan_text(self, text: str) -> dict[str, str]:
        """:meth:`scan` of :func:`~meetingrules.text.fold` ``(text)``, read in the words as written.

        The folded text's words are the written words folded one by one (when each folds to
        exactly one word; else the text is folded whole and scanned by :meth:`scan_words`).
        Most words start no keyword: which do, and how many words a keyword starting there
        may cover (:class:`_Spans`), is remembered per written word, so the words of a long
        description are not folded into a new list first, only looked up. What matches in a
        written word and the words its keywords may reach is remembered per such stretch of
        written words: a function of them (their folded forms are).
        """
        if not self.index:
            return {}
        words = written_words(text)
        spans = list(map(self.spans.__getitem__, words))
        collected: list[tuple[str, str]] = []  # (table, keyword as written) of every place, in order
        remembered = self.written
        for number in compress(range(len(spans)), spans):
            span = spans[number]
            if span < 0:  # a word that does not fold to one word: the whole text's fold decides
                return self.scan_words(fold_words(text))
            stretch = tuple(words[number : number + span])
            matches = remembered.get(stretch, _UNSEEN)
            if matches is _UNSEEN:
                matches = self._matches_written(stretch)
                if matches is not None:
                    if len(remembered) >= 65536:  # a long-running door: keep the memory bounded
                        remembered.clear()
                    remembered[stretch] = matches
            if matches is None:  # a word that does not fold to one word: the whole text's fold decides
                return self.scan_words(fold_words(text))
            collected += matches
        # A table's first keyword is its leftmost (then longest): built from the last pair
        # to the first, the first one of each table is the one a dictionary keeps.
        return dict(reversed(collected))

    def _matches_written(self, stretch: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        """Every (table, keyword as written) matching at a place of the first word of ``stretch``
        (written words), place by place and longest first, as :meth:`scan_words` meets them;
        None when a word of it does not fold to one word."""
        folded = tuple(map(fold_word, stretch))
        if None in folded:
            return None
        first = folded[0]
        matches: list[tuple[str, str]] = []
        for offset, reach in self.places[first]:
            end = 1 + reach
            matches.extend(self._matches_at((first[offset:], *folded[1:end]) if offset else folded[:end]))
        return tuple(matches)

    def scan(self, folded: str) -> dict[str, str]:
        """Table name -> the first keyword of that table (as written) found in ``folded``."""
        return self.scan_words(folded.split(" ")) if folded else {}

    def scan_words(self, words: list[str]) -> dict[str, str]:
        """:meth:`scan` of ``" ".join(words)``, read word by word.

        A whole word of the text (a maximal run of [0-9a-z]) never spans a space, so the
        text's whole words are those of its space-separated pieces, in order; where they
        start a keyword is remembered per piece (:class:`_Places`). Only those places are
        visited (the loops over every piece run in C: ``map`` and ``compress``). What
        matches at a place depends only on the stretch of text from there to the
        ``reach + 1``-th space after it (``reach``: the most spaces in a keyword of that
        word): remembered per stretch, as "ubnd tinh" or "chu tich ubnd xa" recur.
        """
        if not self.index:
            return {}
        found: dict[str, str] = {}
        places = list(map(self.places.__getitem__, words))
        remembered = self.matches
        for number in compress(range(len(places)), places):
            for offset, reach in places[number]:
                end = number + 1 + reach
                stretch = (words[number][offset:], *words[number + 1 : end]) if offset else tuple(words[number:end])
                matches = remembered.get(stretch)
                if matches is None:
                    if len(remembered) >= 65536:  # a long-running door: keep the memory bounded
                        remembered.clear()
                    matches = remembered[stretch] = self._matches_at(stretch)
                for table, written in matches:
                    if table not in found:  # a table's first keyword is its leftmost (then longest): kept
                        found[table] = written
        return found

    def _matches_at(self, stretch: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        """(table, keyword as written) of every keyword matching at the start of ``stretch``
        (pieces of text, the first starting with a whole word), longest first."""
        matches = []
        rest = stretch[0]
        word = _TOKEN.match(rest).group()
        for keyword, written, table, spaces in self.index[word]:
            # A one-word keyword is the whole word found; a longer one must follow it, and
            # end a word. A keyword with ``spaces`` spaces lies within the text from here to
            # the next ``spaces + 1``-th space: this piece's rest and the next ``spaces``
            # pieces, joined as in the text. What follows them is a space or the end of the
            # text, so a keyword as long as they are ends a word.
            if keyword != word:
                text = " ".join(stretch[: spaces + 1]) if spaces else rest
                if not text.startswith(keyword):
                    continue
                if len(text) > len(keyword) and text[len(keyword)] in _ASCII_ALNUM:
                    continue
            matches.append((table, written))
        return tuple(matches)


class _Places(dict):
    """Piece of a folded text (no space in it) -> ``(offset, reach)`` for each whole word
    of the piece (a maximal run of [0-9a-z]) that is the first word of some keyword, with
    the most spaces in a keyword of that word; ``()`` for most pieces. Filled on first
    sight of each piece; bounded for a long-running door."""

    __slots__ = ("reach",)

    def __init__(self, reach: dict[str, int]):
        super().__init__()
        self.reach = reach

    def __missing__(self, piece: str) -> tuple[tuple[int, int], ...]:
        if len(self) >= 262144:
            self.clear()
        reach = self.reach
        value = self[piece] = tuple(
            (match.start(), reach[match.group()]) for match in _TOKEN.finditer(piece) if match.group() in reach
        )
        return value


class _Spans(dict):
    """Word as written -> how many written words (itself and those after it) a keyword
    starting in its folded form may cover: 0 when none starts there (most words); -1 when
    the word does not fold to one word (:func:`~meetingrules.text.fold_word` gives None), so
    that :meth:`_Scanner.scan_text` visits it and scans the text's whole fold instead.
    Filled on first sight of each word; bounded for a long-running door."""

    __slots__ = ("places",)

    def __init__(self, places: _Places):
        super().__init__()
        self.places = places

    def __missing__(self, word: str) -> int:
        if len(self) >= 262144:
            self.clear()
        folded = fold_word(word)
        if folded is None:
            value = -1
        else:
            places = self.places[folded]
            value = 1 + max(reach for _, reach in places) if places else 0
        self[word] = value
        return value


_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


class _Hits(dict):
    """What :meth:`_Scanner.scan` found in one text (table -> keyword as written), with
    ``key``: the same as a frozen set, part of the key of :meth:`_Builder.attributes`,
    built once per text instead of once per event."""

    __slots__ = ("key",)

    def __init__(self, found: dict[str, str]):
        super().__init__(found)
        self.key = frozenset(found.items())


class _HitsOf(dict):
    """Text -> its :class:`_Hits` under one policy's scanner, filled on first sight.

    Occurrences of one recurring series, and events of one organiser or one place, repeat
    the same texts: each is folded and scanned once. A dictionary looked up by the text
    itself (its hash is kept by the string) costs a fifth of a function cache's call.
    Callers only read the returned hits. Bounded for a long-running door.
    """

    __slots__ = ("scanner",)

    def __init__(self, scanner: _Scanner):
        super().__init__()
        self.scanner = scanner

    def __missing__(self, text: str) -> _Hits:
        if len(self) >= 16384:
            self.clear()
        hits = self[text] = _Hits(self.scanner.scan_text(text) if text else {})
        return hits


@attrs.frozen
class _Compiled:
    """What one policy needs for classification, prepared once per policy object."""

    scanner: _Scanner
    url: re.Pattern[str] | None
    hosts: tuple[str, ...]
    categories: dict[str, tuple[str, str]]
    heads: tuple[tuple[str, str], ...] = ()  # (folded, as written) of ``meeting_heads``
    quick_hosts: re.Pattern[str] | None = None  # the ASCII hosts, case-sensitive: see :func:`_may_name_host`
    dot_in_hosts: bool = False  # every host holds a ".": see :func:`_url_signal`
    title_heads: dict[str, str | None] = attrs.field(factory=dict, eq=False)  # summary -> its head, once each
    url_signals: dict[tuple, str | None] = attrs.field(factory=dict, eq=False)  # see _Builder._online_signal
    attributes: dict[tuple, tuple] = attrs.field(factory=dict, eq=False)  # see _Builder.attributes
    units: dict[str, tuple] = attrs.field(factory=dict, eq=False)  # see _Builder.unit
    hits: _HitsOf = attrs.field(  # text -> what the scanner finds in it
        default=attrs.Factory(lambda self: _HitsOf(self.scanner), takes_self=True), eq=False
    )


_COMPILED: weakref.WeakKeyDictionary[Policy, _Compiled] = weakref.WeakKeyDictionary()


def _compiled(policy: Policy) -> _Compiled:
    compiled = _COMPILED.get(policy)
    if compiled is None:
        hosts = [h.strip().lower() for h in policy.online_url_hosts if h.strip()]
        url = None
        if hosts:
            url = re.compile(
                r"(?<![\w.-])(?:https?://)?(?:[a-z0-9-]+\.)*(?:"
                + "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))
                + r")(?![a-z0-9-])[^\s<>\"'\])]*",
                re.I,
            )
        compiled = _Compiled(
            _Scanner({name: policy.keywords(name) for name in _ALL_TABLES}),
            url,
            tuple(hosts),
            policy.categories,
            tuple((fold(w), w) for w in policy.keywords("meeting_heads") if fold(w)),
            re.compile("|".join(map(re.escape, hosts))) if hosts and all(h.isascii() for h in hosts) else None,
            dot_in_hosts=bool(hosts) and all("." in h for h in hosts),
        )
        _COMPILED[policy] = compiled
    return compiled


# -- notices --------------------------------------------------------------------------------
def _mr005(detail: Text) -> Notice:
    return rule("MR005").notice(detail)


def _unknown_value(name: str, raw: str, allowed: Iterable[str]) -> Notice:
    listed = ", ".join(allowed)
    return _mr005(
        Text(
            f"{PREFIX}{name} có giá trị không hợp lệ '{raw}'; các giá trị hợp lệ: {listed}. "
            "Đã bỏ qua thuộc tính này.",
            f"{PREFIX}{name} has an unknown value '{raw}'; allowed values: {listed}. "
            "The property was ignored.",
        )
    )


def _normalise(value: str) -> str:
    return re.sub(r"[\s_]+", "-", fold(value))


def _unescape(value: str) -> str:
    return value.replace("\\;", ";").replace("\\,", ",").replace("\\n", "\n").replace("\\N", "\n")


# -- the pieces of a classification ---------------------------------------------------------
# A calendar gives the same few thousand reasons to its events ("format: in-person, default",
# "unit: Sở Y tế, ORGANIZER: Sở Y tế"): one frozen value each, shared, not one per event.
_reason = functools.lru_cache(maxsize=65536)(Reason)
_UNSEEN = object()


class _Builder:
    """Collects the attributes, reasons and notices of one event's classification."""

    def __init__(self, event: EventData, policy: Policy, compiled: _Compiled | None = None):
        self.event = event
        self.policy = policy
        self.compiled = compiled = compiled or _compiled(policy)
        self.reasons: list[Reason] = []
        self.notices: list[Notice] = list(event.notices)
        self.properties: dict[str, str] = {}
        for key, value in event.properties.items() if event.properties else ():
            name = str(key).strip().upper()
            name = name[len(PREFIX):] if name.startswith(PREFIX) else name
            if name not in KNOWN_PROPERTIES and name not in WRITTEN_PROPERTIES:
                self.notices.append(
                    _mr005(
                        Text(
                            f"Thuộc tính {PREFIX}{name} không được hỗ trợ; các thuộc tính hợp lệ: "
                            f"{', '.join(PREFIX + k for k in KNOWN_PROPERTIES)}. Đã bỏ qua.",
                            f"{PREFIX}{name} is not a known property; known properties: "
                            f"{', '.join(PREFIX + k for k in KNOWN_PROPERTIES)}. It was ignored.",
                        )
                    )
                )
                continue
            self.properties[name] = "" if value is None else str(value)
        hits = compiled.hits
        # (field name, tables that match -> keyword as written), in the order fields are read.
        self.fields = (
            ("SUMMARY", hits[event.summary or ""]),
            ("DESCRIPTION", hits[event.description or ""]),
            ("LOCATION", hits[event.location or ""]),
        )
        self.categories = self._categories() if event.categories else []

    def reason(self, attribute: str, value, source: str, evidence: str = "") -> None:
        # StrEnum members are str: str() gives their value without the enum property lookup.
        self.reasons.append(_reason(attribute, str(value), source, evidence))

    # properties and categories
    def explicit(self, name: str, values: dict[str, object], aliases: dict[str, str]):
        """The value of ``X-MEETINGRULES-<name>`` mapped through ``values``, with its raw text."""
        if name not in self.properties:
            return None, ""
        raw = self.properties[name].strip()
        key = _normalise(raw)
        key = aliases.get(key, key)
        if key not in values:
            self.notices.append(_unknown_value(name, raw, values))
            return None, ""
        return values[key], f"{PREFIX}{name}:{raw}"

    def _categories(self) -> list[tuple[str, str, str]]:
        """(attribute, value, label as written) for every mapped CATEGORIES value, in order."""
        mapping = self.compiled.categories
        found = []
        for category in self.event.categories:
            labels = [category] if fold(category) in mapping else category.split(",")
            for label in labels:
                target = mapping.get(fold(label))
                if target:
                    found.append((target[0], target[1], label.strip()))
        return found

    def declared(self, attribute: str, name: str, values: dict, aliases: dict, enum):
        """The value an ``X-MEETINGRULES-<name>`` property or a mapped CATEGORIES gives, with its reason."""
        if not self.properties and not self.categories:  # most events declare nothing
            return None
        explicit, evidence = self.explicit(name, values, aliases)
        if explicit is not None:
            self.reason(attribute, explicit, "property", evidence)
            return explicit
        found = self.category(attribute)
        if found:
            self.reason(attribute, found[0], "categories", found[1])
            return enum(found[0])
        return None

    def category(self, attribute: str) -> tuple[str, str] | None:
        for attr, value, label in self.categories:
            if attr == attribute:
                return value, label
        return None

    # keywords
    def keyword(self, table: str, fields=None) -> tuple[str, str] | None:
        """(field name, keyword) of the first field in which ``table`` matches."""
        for name, hits in fields or self.fields:
            word = hits.get(table)
            if word is not None:
                return name, word
        return None

    def first_table(self, attribute: str, tables, fields=None):
        """The value of the first of ``tables`` (name, value) found, field by field, with its reason."""
        for field, hits in fields or self.fields:
            for table, value in tables:
                word = hits.get(table)
                if word:
                    self.reason(attribute, value, "keyword", f"{field}: '{word}'")
                    return value
        return None

    # -- what the words decide -------------------------------------------------------------
    def attributes(self, mapping) -> tuple:
        """(class, kind, scope, format, level), with their reasons.

        For an event that declares none of them by property (no ``X-MEETINGRULES-KIND``,
        ``-SCOPE``, ``-FORMAT`` or ``-LEVEL``) they follow from its mapped CATEGORIES, the
        keywords found in its title, description, place and organiser, the meeting word its
        title starts with, its online signal and its calendar mapping alone (no notice can
        come of them: only a declaring property gives one): decided once per such combination
        and remembered for the policy. Texts differ from event to event; what the classifier
        reads in them repeats.
        """
        if not _DECLARING.isdisjoint(self.properties):
            return self._attributes(mapping)
        event = self.event
        (_, summary), (_, description), (_, location) = self.fields
        key = (
            self.title_head(),
            summary.key,
            description.key,
            location.key,
            self.compiled.hits[event.organizer or ""].key,
            self._online_signal(),
            id(mapping),  # a policy's own mapping object, alive as long as the policy
            tuple(self.categories),  # (attribute, value, label) of each mapped CATEGORIES value
        )
        cache = self.compiled.attributes
        found = cache.get(key)
        if found is None:
            first = len(self.reasons)
            values = self._attributes(mapping)
            if len(cache) >= 65536:  # a long-running door: keep the memory bounded
                cache.clear()
            found = cache[key] = (values, tuple(self.reasons[first:]))
        else:
            self.reasons.extend(found[1])
        return found[0]

    def title_head(self) -> str | None:
        """The meeting word the title starts with (``meeting_heads``), looked up once per title."""
        summary, seen = self.event.summary, self.compiled.title_heads
        if summary not in seen:
            if len(seen) >= 65536:  # a long-running door: keep the memory bounded
                seen.clear()
            seen[summary] = _title_head(summary, self.compiled.heads)
        return seen[summary]

    def _attributes(self, mapping) -> tuple:
        meeting_class, kind = self.classify()
        return meeting_class, kind, self.scope(), self.format(), self.level(mapping)

    # -- class and kind -------------------------------------------------------------------
    def classify(self) -> tuple[MeetingClass, Kind | None]:
        explicit, evidence = self.explicit("KIND", _KIND_VALUES, _KIND_ALIASES)
        if explicit is not None:
            meeting_class, kind = explicit
            self.reason("class", meeting_class, "property", evidence)
            if kind is not None:
                self.reason("kind", kind, "property", evidence)
            return meeting_class, kind

        meeting_class: MeetingClass | None = None
        kind: Kind | None = None
        for attribute, value, label in self.categories:
            if attribute == "class" and meeting_class is None:
                meeting_class = MeetingClass(value)
                self.reason("class", meeting_class, "categories", label)
            elif attribute == "kind" and (
                meeting_class is None or (meeting_class is MeetingClass.CONFERENCE and kind is None)
            ):
                if meeting_class is None:
                    meeting_class = MeetingClass.CONFERENCE
                    self.reason("class", meeting_class, "categories", label)
                kind = Kind(value)
                self.reason("kind", kind, "categories", label)
        if meeting_class is None:
            meeting_class, kind = self._class_by_keyword()
        if meeting_class is None:
            self.reason("class", MeetingClass.MEETING, "default")
            return MeetingClass.MEETING, None
        if meeting_class is MeetingClass.CONFERENCE and kind is None:
            kind = self._kind_by_keyword()
        return meeting_class, kind

    def _class_by_keyword(self) -> tuple[MeetingClass | None, Kind | None]:
        # A Vietnamese title starts with what the event is: "Họp chuẩn bị Hội nghị quán triệt …"
        # is a meeting about a conference, not the conference.
        head = self.title_head()
        if head:
            self.reason("class", MeetingClass.MEETING, "keyword", f"SUMMARY: '{head}'")
            return MeetingClass.MEETING, None
        for field, hits in self.fields:
            if not hits:
                continue
            word = hits.get("not_a_meeting")
            if word:
                self.reason("class", MeetingClass.NOT_A_MEETING, "keyword", f"{field}: '{word}'")
                return MeetingClass.NOT_A_MEETING, None
            for table, kind in _KIND_TABLES:
                word = hits.get(table)
                if word:
                    self.reason("class", MeetingClass.CONFERENCE, "keyword", f"{field}: '{word}'")
                    self.reason("kind", kind, "keyword", f"{field}: '{word}'")
                    return MeetingClass.CONFERENCE, kind
            word = hits.get("conference")
            if word:
                self.reason("class", MeetingClass.CONFERENCE, "keyword", f"{field}: '{word}'")
                return MeetingClass.CONFERENCE, None
            word = hits.get("meeting")
            if word:
                self.reason("class", MeetingClass.MEETING, "keyword", f"{field}: '{word}'")
                return MeetingClass.MEETING, None
        return None, None

    def _kind_by_keyword(self) -> Kind:
        kind = self.first_table("kind", _KIND_TABLES)
        if kind is not None:
            return kind
        self.reason("kind", Kind.UNCLASSIFIED, "default")
        return Kind.UNCLASSIFIED

    # -- scope ----------------------------------------------------------------------------
    def scope(self) -> Scope | None:
        declared = self.declared("scope", "SCOPE", _SCOPE_VALUES, _SCOPE_ALIASES, Scope)
        if declared is not None:
            return declared
        return self.first_table("scope", _SCOPE_TABLES)

    # -- format ---------------------------------------------------------------------------
    def format(self) -> Format:
        declared = self.declared("format", "FORMAT", _FORMAT_VALUES, _FORMAT_ALIASES, Format)
        if declared is not None:
            return declared
        signal = self._online_signal()
        if signal is not None:
            in_person = self.keyword("hybrid") or self.keyword("in_person")
            if in_person:
                self.reason("format", Format.HYBRID, "online-signal", signal)
                self.reason("format", Format.HYBRID, "keyword", f"{in_person[0]}: '{in_person[1]}'")
                return Format.HYBRID
            self.reason("format", Format.ONLINE, "online-signal", signal)
            return Format.ONLINE
        for table, value in _FORMAT_TABLES:
            hit = self.keyword(table)
            if hit:
                self.reason("format", value, "keyword", f"{hit[0]}: '{hit[1]}'")
                return value
        self.reason("format", Format.IN_PERSON, "default")
        return Format.IN_PERSON

    def _online_signal(self) -> str | None:
        for signal in self.event.online_signals:
            if signal:
                return signal
        if self.compiled.url is None:
            return None
        # What the description and place say, read once per pair of texts.
        texts, seen = (self.event.description, self.event.location), self.compiled.url_signals
        signal = seen.get(texts, _UNSEEN)
        if signal is _UNSEEN:
            if len(seen) >= 65536:  # a long-running door: keep the memory bounded
                seen.clear()
            signal = seen[texts] = _url_signal(self.compiled, *texts)
        return signal

    # -- level and unit -------------------------------------------------------------------
    def level(self, mapping) -> Level | None:
        declared = self.declared("level", "LEVEL", _LEVEL_VALUES, _LEVEL_ALIASES, Level)
        if declared is not None:
            return declared
        if mapping is not None and mapping.level is not None:
            self.reason("level", mapping.level, "calendar", mapping.match)
            return mapping.level
        organizer = self.compiled.hits[self.event.organizer or ""]
        return self.first_table("level", _LEVEL_TABLES, (("ORGANIZER", organizer),) + self.fields[:2])

    def unit(self, mapping) -> str:
        explicit = self.properties.get("UNIT", "").strip()
        if explicit:
            self.reason("unit", explicit, "property", f"{PREFIX}UNIT:{explicit}")
            return explicit
        if mapping is not None and mapping.unit:
            self.reason("unit", mapping.unit, "calendar", mapping.match)
            return mapping.unit
        # The organiser's name and its reason, worked out once per ORGANIZER value.
        organizer, seen = self.event.organizer, self.compiled.units
        found = seen.get(organizer)
        if found is None:
            if len(seen) >= 65536:  # a long-running door: keep the memory bounded
                seen.clear()
            name = organizer_name(organizer)
            found = seen[organizer] = (name, _reason("unit", name, "property", f"ORGANIZER: {name}") if name else None)
        if found[1] is not None:
            self.reasons.append(found[1])
        return found[0]

    # -- what a weekly schedule could not say ----------------------------------------------
    def end_estimated(self) -> bool:
        """``X-MEETINGRULES-END-ESTIMATED:true``: the end was estimated, not written."""
        raw = self.properties.get("END-ESTIMATED", "").strip()
        if not raw or fold(raw) not in _TRUE:
            return False
        self.reason("end", "estimated", "property", f"{PREFIX}END-ESTIMATED:{raw}")
        return True

    def organised_by(self) -> str:
        """``X-MEETINGRULES-ORGANISED-BY``: the body that organises what the unit only attends."""
        body = self.properties.get("ORGANISED-BY", "").strip()
        if body:
            self.reason("organised_by", body, "property", f"{PREFIX}ORGANISED-BY:{body}")
        return body

    # -- waivers and agenda ---------------------------------------------------------------
    def waivers(self) -> tuple[Waiver, ...]:
        waivers: list[Waiver] = []
        if "WAIVE" in self.properties:
            parsed, notices = parse_waivers(self.properties["WAIVE"])
            waivers.extend(parsed)
            self.notices.extend(notices)
        source = self.event.source
        for entry in self.policy.waivers:
            if entry.uid != self.event.uid:
                continue
            wanted = entry.recurrence_id
            if wanted and not _same_occurrence(wanted, source.recurrence_id):
                continue
            waivers.append(Waiver(entry.code, entry.reason, entry.by, "policy"))
        return tuple(waivers)

    def agenda(self):
        if "AGENDA" in self.properties:
            parsed = parse_agenda_property(self.properties["AGENDA"])
        else:
            parsed = parse_agenda(self.event.description or "", self.policy)
        self.notices.extend(parsed.notices)
        return parsed.items


# An instrument number has digits, then "-" or "/", then letters ("226-KL/TW", "534/QĐ-TTg").
_MAY_NAME_INSTRUMENT = re.compile(r"\d\s*[-/]\s*[^\W\d_]")


def _title_head(summary: str, heads: tuple[tuple[str, str], ...]) -> str | None:
    """The meeting word a title starts with (policy table ``meeting_heads``), if any."""
    folded = fold(summary)
    for key, word in heads:
        if folded == key or folded.startswith(key + " "):
            return word
    return None


@functools.lru_cache(maxsize=16384)  # single events repeat descriptions too (11,261 among 18,983)
def _topics(summary: str, description: str) -> tuple[str, ...]:
    """``instrument_numbers(summary + " " + description)``, reading only lines that may name one."""
    lines = [
        line
        for text in (summary, description)
        if text and _MAY_NAME_INSTRUMENT.search(text)
        for line in text.splitlines()
        if _MAY_NAME_INSTRUMENT.search(line)
    ]
    return instrument_numbers(" ".join(lines)) if lines else ()


# The characters a case-insensitive pattern matches to an ASCII letter besides its two cases
# (checked over every code point: re.I pairs only these with ASCII letters, digits, "." or "-").
_IGNORECASE_EXTRA = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_IGNORECASE_TABLE = str.maketrans(_IGNORECASE_EXTRA)
_IGNORECASE_CHARS = re.compile("[" + "".join(_IGNORECASE_EXTRA) + "]")


def _url_signal(compiled: _Compiled, description: str | None, location: str | None) -> str | None:
    """The first meeting URL of the description, else of the place, as an online signal."""
    url, hosts, dotted = compiled.url, compiled.quick_hosts, compiled.dot_in_hosts
    # Every match of ``url`` holds a host, as written but for the case of its letters, and
    # "." has no other case (re.I pairs it with nothing): when every host holds a ".", a text
    # without one names no host. Two thirds of a province-year's descriptions hold no ".";
    # looking for it is a memchr, where _may_name_host lower-cases the text and searches it.
    for field, text in (("DESCRIPTION", description), ("LOCATION", location)):
        if not text or (dotted and "." not in text) or (hosts is not None and not _may_name_host(text, hosts)):
            continue
        match = url.search(text)
        if match:
            return f"{field}: {match.group().rstrip('.,;:')}"
    return None


def _may_name_host(text: str, hosts: re.Pattern[str]) -> bool:
    """Whether ``text`` holds one of the ``hosts`` (an alternation of lower-case ASCII host
    names) as case-insensitive ``re`` sees it.

    A quick test before the meeting-URL pattern: that pattern, case-insensitive and with
    optional parts before the host, tries every position of the text, which made it a
    twentieth of a province-year's check on descriptions that name no host at all. Every
    match of the pattern contains a host, so a text without one cannot match. Only for ASCII
    hosts (``str.lower`` and ``re`` differ beyond ASCII): see ``_Compiled.quick_hosts``.
    """
    if not text.isascii() and _IGNORECASE_CHARS.search(text):
        text = text.translate(_IGNORECASE_TABLE)
    return hosts.search(text.lower()) is not None


def _same_occurrence(wanted: str, recurrence_id: str | None) -> bool:
    """Whether a policy waiver's recurrence id names this occurrence (digits, as a prefix)."""
    if recurrence_id is None:
        return False
    wanted_digits = re.sub(r"\D", "", wanted)
    return bool(wanted_digits) and re.sub(r"\D", "", str(recurrence_id)).startswith(wanted_digits)


@functools.lru_cache(maxsize=16384)
def organizer_name(organizer: str) -> str:
    """The organiser's name (CN) from an ORGANIZER value; "" when only an address is known.

    >>> organizer_name('CN=Sở Y tế:mailto:syt@hungyen.gov.vn')
    'Sở Y tế'
    >>> organizer_name('"Văn phòng UBND tỉnh" <vp@hungyen.gov.vn>')
    'Văn phòng UBND tỉnh'
    >>> organizer_name('mailto:vp@hungyen.gov.vn')
    ''
    """
    text = (organizer or "").strip()
    if not text:
        return ""
    cn = re.search(r'CN=("[^"]*"|[^;:]*)', text, re.I)
    if cn:
        return cn.group(1).strip().strip('"').strip()
    if "<" in text:
        return text.split("<", 1)[0].strip().strip('"').strip()
    if text.lower().startswith("mailto:") or "@" in text:
        return ""
    return text


def parse_waivers(value: str) -> tuple[tuple[Waiver, ...], tuple[Notice, ...]]:
    """The waivers of an ``X-MEETINGRULES-WAIVE`` value, and MR005 notices for bad parts.

    One waiver per line; a line reads ``CODES[;reason=…][;by=…]`` where CODES is one rule
    code or code prefix, or several separated by ",".

    >>> waivers, _ = parse_waivers("MR101,MR103;reason=Hội nghị đặc biệt;by=Chủ tịch UBND tỉnh")
    >>> [(w.code, w.reason, w.by) for w in waivers][1]
    ('MR103', 'Hội nghị đặc biệt', 'Chủ tịch UBND tỉnh')
    """
    waivers: list[Waiver] = []
    notices: list[Notice] = []
    for line in _unescape(value or "").splitlines():
        if not line.strip():
            continue
        codes_text, *parts = line.split(";")
        fields = {"reason": "", "by": ""}
        last = None
        for part in parts:
            key, equals, text = part.partition("=")
            key = fold(key).strip()
            if equals and key in fields:
                fields[key] = text.strip()
                last = key
            elif equals and key in ("ly do", "nguoi duyet", "approved-by", "approved by"):
                last = "reason" if key == "ly do" else "by"
                fields[last] = text.strip()
            elif last is not None:
                fields[last] = f"{fields[last]};{part}".strip()  # a ";" inside the text
            else:
                notices.append(_bad_waiver(line))
        codes = [c.strip().upper() for c in re.split(r"[,\s]+", codes_text) if c.strip()]
        if not codes:
            notices.append(_bad_waiver(line))
        for code in codes:
            if _WAIVER_CODE.match(code):
                waivers.append(Waiver(code, fields["reason"], fields["by"], "event"))
            else:
                notices.append(_bad_waiver(line))
    return tuple(waivers), tuple(notices)


def _bad_waiver(line: str) -> Notice:
    return _mr005(
        Text(
            f"{PREFIX}WAIVE '{line}' không đọc được; dạng đúng: MR103;reason=…;by=… (mã quy tắc MR và số).",
            f"{PREFIX}WAIVE '{line}' could not be read; the form is MR103;reason=…;by=… (an MR rule code).",
        )
    )


@functools.cache
def _default_policy() -> Policy:
    return Policy.builtin()


def build_meeting(event: EventData, policy: Policy | None = None) -> Meeting:
    """Classify one event occurrence (SPEC §5) into a :class:`~meetingrules.model.Meeting`.

    Every attribute set carries a :class:`~meetingrules.model.Reason`; problems with the
    event's metadata become notices (MR005, MR009), never exceptions.
    """
    policy = policy or _default_policy()
    return _build(event, policy, _compiled(policy))


def _build(event: EventData, policy: Policy, compiled: _Compiled) -> Meeting:
    builder = _Builder(event, policy, compiled)
    mapping = None
    if policy.calendars:
        mapping = policy.calendar_for(event.source.origin, event.source.calendar)
    meeting_class, kind, scope, meeting_format, level = builder.attributes(mapping)
    unit = builder.unit(mapping)
    if builder.properties:
        waivers = builder.waivers()
        agenda = builder.agenda()
        end_estimated = builder.end_estimated()
        organised_by = builder.organised_by()
        conference_id = builder.properties.get("ID", "").strip()
    else:
        # Most events carry no X-MEETINGRULES-* property: no event waiver, no agenda
        # property, no estimated end, no other organiser, no conference id (what the four
        # methods give for an event without properties, without calling them).
        waivers = builder.waivers() if policy.waivers else ()
        agenda = builder.agenda()
        end_estimated, organised_by, conference_id = False, "", ""
    # The values are already what Meeting's converters make of them (tuples; the event's
    # attendees were converted when the event was made), but for the agenda's items.
    return _new_meeting(
        uid=event.uid,
        title=event.summary,
        start=event.start,
        end=event.end,
        meeting_class=meeting_class,
        kind=kind,
        scope=scope,
        format=meeting_format,
        level=level,
        unit=unit,
        organizer=event.organizer,
        attendees=event.attendees,
        agenda=agenda if type(agenda) is tuple else _as_tuple(agenda),
        status=event.status,
        all_day=event.all_day,
        conference_id=conference_id,
        related_to=event.related_to,
        recurring=event.recurring,
        topics=_topics(event.summary, event.description),
        waivers=waivers,
        source=event.source,
        reasons=tuple(builder.reasons),
        notices=tuple(builder.notices),
        end_estimated=end_estimated,
        organised_by=organised_by,
    )


def _retimer():
    """A function copying a :class:`Meeting` with a new start, end and source, field by field.

    ``attrs.evolve`` re-runs ``__init__`` (converters, validation) through keyword
    arguments: a series of 50 occurrences paid that 50 times for values already checked.
    The copy writes the slots directly (straight-line code generated once from the
    field list, so a field added to ``Meeting`` is copied too) and keeps the one check
    that depends on the new times.
    """
    names = [a.name for a in attrs.fields(Meeting)]
    lines = ["def retimed(template, start, end, source):", "    copy = new(Meeting)"]
    scope = {"new": object.__new__, "Meeting": Meeting}
    for name in names:
        scope[f"set_{name}"] = getattr(Meeting, name).__set__
        value = name if name in ("start", "end", "source") else f"template.{name}"
        lines.append(f"    set_{name}(copy, {value})")
    lines += [
        "    if start.tzinfo is None or end.tzinfo is None or end < start:",
        "        Meeting(template.uid, template.title, start, end)  # raises the constructor's error",
        "    return copy",
    ]
    exec("\n".join(lines), scope)  # noqa: S102 - code built from the model's own field names
    return scope["retimed"]


retimed = _retimer()


def _as_tuple(value) -> tuple:
    return tuple(value) if value is not None else ()  # Meeting's converter of tuple fields


def _meeting_maker():
    """``Meeting(**fields)`` for fields whose values are already converted, slot by slot.

    ``Meeting(...)`` runs six converters and binds 25 keyword arguments through attrs'
    ``__init__``; :func:`build_meeting` makes one per single event (19,000 of a
    province-year's 42,000 occurrences) from values that are already tuples. Like
    :func:`retimed`, the code is generated once from the field list: every field is a
    keyword (a missing one with no default, or an unknown one, is a ``TypeError``), a
    field with a default keeps it, and the checks of ``__attrs_post_init__`` are run.
    Converters are not run: callers pass converted values.
    """
    fields = attrs.fields(Meeting)
    if any(field.validator is not None for field in fields):  # none today; never skip a validator
        return Meeting
    params, lines = [], ["    copy = new(Meeting)"]
    scope = {"new": object.__new__, "Meeting": Meeting, "post_init": Meeting.__attrs_post_init__, "NOTHING": attrs.NOTHING}
    for field in fields:
        name = field.name
        scope[f"set_{name}"] = getattr(Meeting, name).__set__
        if field.default is attrs.NOTHING:
            params.append(name)
        elif isinstance(field.default, attrs.Factory):
            scope[f"make_{name}"] = field.default.factory
            params.append(f"{name}=NOTHING")
            lines.append(f"    if {name} is NOTHING: {name} = make_{name}()")
        else:
            scope[f"default_{name}"] = field.default
            params.append(f"{name}=default_{name}")
        lines.append(f"    set_{name}(copy, {name})")
    lines += ["    post_init(copy)", "    return copy"]
    exec("def new_meeting(*, " + ", ".join(params) + "):\n" + "\n".join(lines), scope)  # noqa: S102 - the model's own field names
    return scope["new_meeting"]


_new_meeting = _meeting_maker()


class Classifier:
    """:func:`build_meeting` with a memory: occurrences of one series are classified once.

    Occurrences of a recurring event share every string; only their times and recurrence
    id differ. The classifier keys its cache on the strings and re-times the classified
    meeting, which is what a province-year of weekly series needs.
    """

    def __init__(self, policy: Policy | None = None):
        self.policy = policy or _default_policy()
        # Occurrence-specific policy waivers make the recurrence id part of the identity.
        self._by_occurrence = any(w.recurrence_id for w in self.policy.waivers)
        self._cache: dict[tuple, Meeting] = {}
        self._compiled = _compiled(self.policy)  # looked up once, not once per event

    def _key(self, event: EventData) -> tuple:
        source = event.source
        return (
            event.uid, event.summary, event.description, event.location, event.categories,
            tuple(sorted(event.properties.items())) if event.properties else (),
            event.online_signals, event.organizer, event.attendees, event.status, event.related_to,
            event.recurring, event.all_day, event.notices, source.origin, source.calendar, source.component,
            source.recurrence_id if self._by_occurrence else None,
        )

    def __call__(self, event: EventData) -> Meeting:
        """The classified meeting of ``event``."""
        if not event.recurring:
            return _build(event, self.policy, self._compiled)
        key = self._key(event)
        template = self._cache.get(key)
        if template is None:
            template = self._cache[key] = _build(event, self.policy, self._compiled)
            return template
        return retimed(template, event.start, event.end, event.source)


    def meeting(self, item: Meeting | EventData) -> Meeting:
        """``item`` as a meeting: classified when it is an event, as given when a meeting."""
        return self(item) if isinstance(item, EventData) else item


def build_meetings(events: Iterable[EventData], policy: Policy | None = None) -> list[Meeting]:
    """:func:`build_meeting` for each event, in order (a series' strings are classified once)."""
    classify = Classifier(policy)
    return [classify(event) for event in events]


def as_meetings(items: Iterable[Meeting | EventData], policy: Policy | None = None) -> list[Meeting]:
    """Meetings as given and events classified, in order: the one step from events to
    meetings that every door of the engine (check, validation, report) takes."""
    classifier = Classifier(policy)
    return [classifier.meeting(item) for item in items]
