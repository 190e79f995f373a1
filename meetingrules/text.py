"""Text helpers for Vietnamese: accent-insensitive folding, keyword search, legal numbers."""

from __future__ import annotations

import functools
import re
import unicodedata

_EXTRA = {"đ": "d", "Đ": "d", "ð": "d", "ơ": "o", "ư": "u"}


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", _EXTRA.get(char, char))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return "".join(_EXTRA.get(c, c) for c in stripped)


class _FoldTable(dict):
    """Per-character fold for ``str.translate``, filled on first sight of each character."""

    def __missing__(self, codepoint: int) -> str:
        value = _fold_char(chr(codepoint))
        self[codepoint] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text``, strip Vietnamese diacritics and squeeze white space.

    One ``str.translate`` pass over a lazily filled table: the classifier folds every
    SUMMARY and DESCRIPTION of a province-year, so this is on the hot path.

    >>> fold("Hội nghị  QUÁN TRIỆT Kết luận")
    'hoi nghi quan triet ket luan'
    >>> fold("Đồng chí Chủ tịch")
    'dong chi chu tich'
    >>> fold("Hội nghị") == fold(unicodedata.normalize("NFD", "Hội nghị"))
    True
    """
    # Titles, names and keywords repeat across a calendar: remember those, not long texts.
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


_SHORT = 160


def _fold(text: str) -> str:
    return " ".join(_folded_words(text))


def _folded_words(text: str) -> list[str]:
    """The words of ``text`` folded, each from the remembered words (see :func:`_fold_word`)."""
    # NFC first so that text written decomposed (macOS, some exporters) folds the same.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    # Word by word: a description is new, its words are not (a province-year's 11,000
    # descriptions hold 5,600 distinct words), and a remembered word costs a dictionary
    # lookup where folding it costs a lookup per character.
    words = text.split()
    known = _WORDS
    try:
        folded = [known[word] for word in words]
    except KeyError:
        pass
    else:
        # A word remembered as None does not fold to one word: fold the text whole.
        return folded if all(folded) else _fold_whole(text).split()
    if len(known) >= _WORDS_KEPT:  # a long-running door: keep the memory bounded
        known.clear()
    # Some word is new: fold the new ones only (a new description brings a name or two,
    # not eighteen new words).
    folded = []
    for word in words:
        value = known.get(word, _NEW)
        if value is _NEW:
            value = known[word] = _fold_word(word)
        if value is None:
            return _fold_whole(text).split()
        folded.append(value)
    return folded


_NEW = object()


def _fold_word(word: str) -> str | None:
    """``word`` folded; None when that is not exactly one word (a lone combining mark folds
    to nothing), so that folding word by word always equals folding the text whole."""
    value = word.casefold().translate(_FOLD_TABLE)
    return value if value.split() == [value] else None


def _fold_whole(text: str) -> str:
    return " ".join(text.casefold().translate(_FOLD_TABLE).split())


_WORDS: dict[str, str | None] = {}  # word as written -> folded (see _fold_word)
_WORDS_KEPT = 262144


_fold_short = functools.lru_cache(maxsize=131072)(_fold)


def fold_words(text: str) -> list[str]:
    """The words of :func:`fold` ``(text)``, in order: ``" ".join(fold_words(text)) == fold(text)``.

    For a reader of words (the classifier's keyword scan): a long text's folded words come
    from the remembered words as they are, without joining them into a string and splitting
    that again.

    >>> fold_words("Hội nghị  QUÁN TRIỆT")
    ['hoi', 'nghi', 'quan', 'triet']
    >>> fold_words(" ")
    []
    """
    if len(text) > _SHORT:
        return _folded_words(text)
    folded = _fold_short(text)
    return folded.split(" ") if folded else []


def written_words(text: str) -> list[str]:
    """The words of ``text`` as written (NFC, split at white space), one for each word of
    :func:`fold_words` ``(text)``: ``[fold_word(w) for w in written_words(text)] ==
    fold_words(text)`` when no word gives None.

    >>> written_words("Hội nghị  QUÁN TRIỆT")
    ['Hội', 'nghị', 'QUÁN', 'TRIỆT']
    """
    # As _folded_words reads a text: NFC first, then its words.
    return (text if text.isascii() else unicodedata.normalize("NFC", text)).split()


def fold_word(word: str) -> str | None:
    """One word of :func:`written_words` folded, remembered; None when it does not fold to
    exactly one word (then only :func:`fold_words` of the whole text says what it gives).

    >>> fold_word("TRIỆT")
    'triet'
    """
    value = _WORDS.get(word, _NEW)
    if value is _NEW:
        if len(_WORDS) >= _WORDS_KEPT:  # a long-running door: keep the memory bounded
            _WORDS.clear()
        value = _WORDS[word] = _fold_word(word)
    return value


@functools.lru_cache(maxsize=4096)
def _keyword_pattern(folded_keyword: str) -> re.Pattern[str]:
    # Whole words only: "hop" must not match inside "hopdong"-like tokens.
    return re.compile(r"(?<![0-9a-z])" + re.escape(folded_keyword) + r"(?![0-9a-z])")


def find_keyword(text: str, keywords) -> str | None:
    """The first keyword (as written in the table) found in ``text``, ignoring accents and case.

    >>> find_keyword("Hội nghị quán triệt Kết luận 226", ["chuyên môn", "quán triệt"])
    'quán triệt'
    >>> find_keyword("Hoi nghi QUAN TRIET", ["quán triệt"])
    'quán triệt'
    """
    if isinstance(keywords, tuple):  # a policy's table: its patterns, and the answer per text, remembered
        return _find_in_table(text, keywords)
    return _find(text, keywords)


def _find(text: str, keywords) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for keyword in keywords:
        key = fold(keyword)
        if key and _keyword_pattern(key).search(folded):
            return keyword
    return None


# Rules ask about the same agenda titles against the same table thousands of times.
_find_in_table = functools.lru_cache(maxsize=16384)(_find)


# "226-KL/TW", "534/QĐ-TTg", "18-NQ/TW", "160/KH-UBND", "09/2019/NĐ-CP"
_INSTRUMENT = re.compile(
    r"(?<![0-9a-z/])(\d{1,4}(?:/\d{4})?)\s*([-/])\s*([a-z]{1,6}(?:\s*[-/]\s*[a-z]{1,6}){1,2})(?![a-z])"
)


def instrument_numbers(text: str) -> tuple[str, ...]:
    """The legal instrument numbers a text names, folded and normalised, in order.

    >>> instrument_numbers("Quán triệt Kết luận số 226-KL/TW và Quyết định 534/QĐ-TTg")
    ('226-kl/tw', '534/qd-ttg')
    >>> instrument_numbers("Nghị quyết 18-NQ/TW; nghị quyết 18 - NQ / TW")
    ('18-nq/tw',)
    """
    seen: dict[str, None] = {}
    for number, sep, suffix in _INSTRUMENT.findall(fold(text)):
        seen.setdefault(number + sep + re.sub(r"\s+", "", suffix), None)
    return tuple(seen)
