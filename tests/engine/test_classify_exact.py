"""The short cuts of classification (issue 15) give exactly what the plain definitions give."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meetingrules.classify as classify_module
from meetingrules.classify import build_meeting
from meetingrules.model import EventData, Meeting
from meetingrules.policy import Policy
from meetingrules.text import fold, fold_words
from tests.helpers import at

POLICY = Policy.builtin()
_TABLES = {
    "conference": ("hội nghị", "hội nghị trực tuyến", "zoom.us"),
    "meeting": ("họp", "họp giao ban"),
    "province_level": ("chủ tịch ubnd tỉnh", "ubnd tỉnh", "tỉnh ủy"),
    "commune_level": ("ubnd xã",),
}


def _leftmost(folded: str) -> dict[str, str]:
    """Per table, its keyword found leftmost in ``folded`` as whole words, the longest at one place."""
    found = {}
    for table, words in _TABLES.items():
        hits = []
        for word in words:
            match = re.search(r"(?<![0-9a-z])" + re.escape(fold(word)) + r"(?![0-9a-z])", folded)
            if match:
                hits.append((match.start(), -len(fold(word)), word))
        if hits:
            found[table] = min(hits)[2]
    return found


_PIECES = ["hoi", "nghi", "truc", "tuyen", "hop", "giao", "ban", "chu", "tich", "ubnd", "tinh", "xa", "uy",
           "zoom", "us", "nghiep", "x", "ubndx"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "  ", "", ".", ", ", "/", "\n", " ("])),
                max_size=10))
def test_word_by_word_scan_equals_a_search_per_keyword(parts):
    """The scan read piece by piece finds what a whole-text search per keyword finds, double spaces and punctuation included."""
    text = "".join(word + sep for word, sep in parts)
    assert classify_module._Scanner(_TABLES).scan(text) == _leftmost(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoi  nghi", {}),  # two spaces: not the keyword "hoi nghi"
        ("hoi nghiep", {}),  # the keyword must end a word
        ("chu tich ubnd tinh.", {"province_level": "chủ tịch ubnd tỉnh"}),
        ("chu tich ubnd tinhx", {}),
        ("ubnd tinh uy", {"province_level": "ubnd tỉnh"}),
        ("(hoi nghi truc tuyen)", {"conference": "hội nghị trực tuyến"}),
        ("zoom.us/j/1 hop", {"conference": "zoom.us", "meeting": "họp"}),
        ("zoom.usa", {}),
        ("hop giao", {"meeting": "họp"}),
    ],
)
def test_word_by_word_scan_at_the_edges(text, expected):
    """A keyword spanning pieces matches only across single spaces and only where it ends a word."""
    assert classify_module._Scanner(_TABLES).scan(text) == expected == _leftmost(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aĐđô \u0301\u0323\n\u00a0Σß İK"), max_size=12), min_size=1))
def test_folded_words_join_to_the_fold(parts):
    """fold_words gives fold's words, for short and long texts, new and remembered words, lone marks included."""
    for text in (" ".join(parts), " ".join(parts) + " " + "y" * 170):
        expected = fold(text)
        assert " ".join(fold_words(text)) == expected
        assert fold_words(text) == (expected.split(" ") if expected else [])  # words remembered now


def test_a_remembered_word_that_folds_to_nothing_falls_back_to_the_whole_text():
    """A long text holding a lone combining mark, already seen as a word, folds whole and loses the mark."""
    text = "Hội nghị \u0301 " + "quán triệt " * 20
    assert fold(text) == fold(text)  # the mark is remembered now as "no single word"
    assert fold_words(text) == fold(text).split(" ")
    assert "" not in fold_words(text)


_WRITTEN = ["Hội", "HỘI", "hoi", "nghị", "Nghị", "trực", "tuyến", "Họp", "giao", "ban", "Chủ", "tịch", "UBND",
            "tỉnh", "Tỉnh.", "xã", "ủy", "ZOOM.US", "nghiệp", "x", "(hội", "\u0301", "Ho\u0323\u0302i", "İK", "ß"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WRITTEN), st.sampled_from([" ", "  ", "\n", "\u00a0", ", ", "/", ""])),
                max_size=10))
def test_the_scan_of_written_words_equals_the_scan_of_the_fold(parts):
    """Reading a text's written words finds what scanning its fold finds, with case, accents, decomposed and lone marks."""
    text = "".join(word + sep for word, sep in parts)
    scanner = classify_module._Scanner(_TABLES)
    assert scanner.scan_text(text) == scanner.scan(fold(text)) == _leftmost(fold(text))
    assert scanner.scan_text(text) == scanner.scan(fold(text))  # remembered words and stretches now


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội \u0301 nghị", {"conference": "hội nghị"}),  # the lone mark folds to nothing: "hoi nghi"
        ("Chủ tịch \u0301 UBND tỉnh", {"province_level": "chủ tịch ubnd tỉnh"}),
        ("UBND \u0301 tỉnh", {"province_level": "ubnd tỉnh"}),
        ("Hội  nghị", {"conference": "hội nghị"}),  # written white space is squeezed by the fold
        ("Chủ tịch UBND tỉnhx", {}),
    ],
)
def test_a_word_that_does_not_fold_to_one_word_makes_the_scan_read_the_whole_fold(text, expected):
    """A lone combining mark between a keyword's words vanishes in the fold, so the keyword matches across it."""
    scanner = classify_module._Scanner(_TABLES)
    assert scanner.scan_text(text) == expected == _leftmost(fold(text))


def _event(**kw) -> EventData:
    kw.setdefault("uid", "ev-1")
    kw.setdefault("start", at(2026, 5, 15, 8))
    kw.setdefault("end", at(2026, 5, 15, 11, 30))
    return EventData(summary=kw.pop("summary", "Hội nghị quán triệt Kết luận 226-KL/TW"), **kw)


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"attendees": ["Sở Y tế", "Sở Tài chính"], "organizer": "CN=Sở Y tế:mailto:syt@x.vn"},
        {"properties": {"ID": " hn-1 ", "END-ESTIMATED": "true", "ORGANISED-BY": "UBND tỉnh"}},
        {"description": "Chương trình:\n08:00 Khai mạc\n08:15 Báo cáo", "categories": ["Hội nghị"]},
    ],
)
def test_a_meeting_written_slot_by_slot_equals_the_constructors(kw):
    """The meeting build_meeting writes field by field equals Meeting(...) given the same fields, types included."""
    meeting = build_meeting(_event(**kw), POLICY)
    fields = attrs.asdict(meeting, recurse=False)
    assert Meeting(**fields) == meeting
    assert all(type(getattr(meeting, f.name)) is tuple for f in attrs.fields(Meeting) if f.converter is not None)


def test_a_meeting_written_slot_by_slot_keeps_the_constructors_checks():
    """An event ending before it starts is refused as the Meeting constructor refuses it."""
    with pytest.raises(ValueError, match="ends before it starts"):
        build_meeting(_event(start=at(2026, 5, 15, 11), end=at(2026, 5, 15, 8)), POLICY)


_FEW = ["", "Hội nghị", "Họp giao ban", "Hội nghị quán triệt", "trực tuyến https://zoom.us/j/1", "UBND tỉnh",
        "Tập huấn chuyên môn trực tiếp", "Sở Y tế"]
_WITH_CATEGORIES = st.builds(
    lambda summary, description, organizer, categories: _event(
        summary=summary, description=description, organizer=organizer, categories=categories
    ),
    st.sampled_from(_FEW), st.sampled_from(_FEW), st.sampled_from(_FEW),
    st.lists(st.sampled_from(["Hội nghị", "Quán triệt", "Trực tuyến", "Toàn tỉnh", "Cấp tỉnh", "Họp", "Khác",
                              "Hội nghị,Trực tuyến"]), max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WITH_CATEGORIES, min_size=1, max_size=25))
def test_remembered_decisions_with_categories_equal_fresh_ones(events):
    """Events with CATEGORIES classified one after the other under one policy get what each gets alone under a fresh policy."""
    from meetingrules.policy import load_policy

    shared = load_policy("")
    for ev in events:
        assert build_meeting(ev, shared) == build_meeting(ev, load_policy(""))


@pytest.mark.parametrize(
    ("hosts", "description", "signal"),
    [
        ('["zoom.us"]', "Họp qua ZOOM.US/j/1", "DESCRIPTION: ZOOM.US/j/1"),
        ('["zoom.us"]', "Họp qua zoom us", None),  # no "." in the text: no host named
        ('["vmeet"]', "Họp qua vmeet, phòng 2", "DESCRIPTION: vmeet"),  # a host without "." is looked for anyway
        ('["vmeet", "zoom.us"]', "Phòng họp VMEET", "DESCRIPTION: VMEET"),
    ],
)
def test_a_text_without_a_dot_is_read_for_hosts_without_a_dot(hosts, description, signal):
    """The URL signal skips a text without "." only when every host holds one."""
    from meetingrules.policy import load_policy

    policy = load_policy(f"[online_signals]\nurl_hosts = {hosts}")
    meeting = build_meeting(_event(summary="Họp", description=description), policy)
    found = [r.evidence for r in meeting.reasons if r.source == "online-signal"]
    assert found == ([signal] if signal else [])
