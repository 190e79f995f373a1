"""Text for a console that cannot show every letter (``cp1258``, ``ascii``, a ``C`` locale).

Vietnamese has letters no legacy code page holds precomposed. Rather than fail with a
UnicodeEncodeError, a letter is written the nearest way the encoding allows: precomposed;
else its base letter with the combining tone mark (how cp1258 writes Vietnamese); else the
letter without marks (``đ`` → ``d``); else ``?``.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import unicodedata

#: letters that have no decomposition but a plain neighbour
_PLAIN = {"đ": "d", "Đ": "D", "«": '"', "»": '"', "—": "-", "–": "-", "…": "...", "·": "-", "≥": ">=",
          "≤": "<=", "×": "x", "→": "->", "’": "'", "‘": "'", "“": '"', "”": '"',
          "━": "-", "─": "-", "┃": "|", "│": "|", "┏": "+", "┓": "+", "┗": "+", "┛": "+", "┳": "+",
          "┻": "+", "╇": "+", "┡": "+", "┩": "+", "┼": "+", "├": "+", "┤": "+", "└": "+", "┘": "+",
          "┌": "+", "┐": "+", "┬": "+", "┴": "+", "╭": "+", "╮": "+", "╰": "+", "╯": "+"}


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _letter(char: str, encoding: str) -> str:
    if char == "\ufeff":
        return ""
    if _encodable(char, encoding):
        return char
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[:1], parts[1:]
    # Some marks composed with the letter, the others combining (ộ → ô + U+0323 in cp1258),
    # the most composed first.
    splits = sorted(
        (combo for size in range(len(marks) + 1) for combo in itertools.combinations(range(len(marks)), size)),
        key=len, reverse=True,
    )
    for composed in splits:
        head = unicodedata.normalize("NFC", base + "".join(marks[i] for i in composed))
        candidate = head + "".join(m for i, m in enumerate(marks) if i not in composed)
        if _encodable(candidate, encoding):
            return candidate
    plain = _PLAIN.get(char) or _PLAIN.get(base)
    if plain and _encodable(plain, encoding):
        return plain
    if base and base != char and _encodable(base, encoding):
        return base
    return "?"


def fit_text(text: str, encoding: str | None) -> tuple[str, bool]:
    """``text`` as ``encoding`` can write it, and whether anything had to change.

    >>> fit_text("Hội nghị đã kết thúc", "ascii")
    ('Hoi nghi da ket thuc', True)
    >>> fit_text("Hội nghị", "utf-8")
    ('Hội nghị', False)
    >>> fit_text("Kế", "cp1258")[0].encode("cp1258")
    b'K\\xea\\xec'
    """
    encoding = codecs.lookup(encoding or "utf-8").name
    if _encodable(text, encoding):
        return text, False
    return "".join(_letter(c, encoding) for c in text), True


__all__ = ["fit_text"]
