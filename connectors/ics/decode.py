"""Turning the bytes of a calendar file into text, saying how when it was not plain UTF-8.

RFC 5545 §3.1.4: "The default charset for an iCalendar stream is UTF-8". Files exported by
older Vietnamese Windows software are often Windows-1258 (cp1258); the reader decodes them
and reports it (MR006) rather than replacing characters silently.
"""

from __future__ import annotations

import unicodedata

import attrs

# Letters that only Vietnamese text has (or the combining tone marks cp1258 writes).
_VIETNAMESE = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "\u0300\u0301\u0303\u0309\u0323"
    "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)


@attrs.frozen
class Decoded:
    """The text of a file, with line ends normalised to ``\\n``.

    ``encoding`` names what was used when the bytes were not clean UTF-8 (``None``
    otherwise); ``nul_bytes`` counts the NUL bytes that were dropped.
    """

    text: str
    encoding: str | None = None
    nul_bytes: int = 0

    @property
    def note(self) -> tuple[str, str] | None:
        """What MR006 should say (Vietnamese, English), or ``None`` when there is nothing to say."""
        if not self.encoding and not self.nul_bytes:
            return None
        label = self.encoding or "UTF-8"
        if not self.nul_bytes:
            return label, label
        return (
            f"{label}, đã bỏ {self.nul_bytes} byte NUL",
            f"{label}, {self.nul_bytes} NUL byte(s) removed",
        )


def decode(data: bytes) -> Decoded:
    """Decode calendar bytes: UTF-8 (with or without BOM), UTF-16 with BOM, cp1258, latin-1."""
    encoding: str | None = None
    nul_bytes = 0
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _try(data, "utf-16"), "UTF-16"
        if text is None:
            text, encoding = data.decode("latin-1"), "latin-1 (ISO-8859-1)"
        return Decoded(_lines(text), encoding)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return Decoded(_lines(utf16[0]), utf16[1])
        nul_bytes = data.count(b"\x00")
        data = data.replace(b"\x00", b"")
    text = _try(data, "utf-8-sig")
    if text is None:
        cp1258 = _try(data, "cp1258")
        if cp1258 is not None and any(ch in _VIETNAMESE for ch in cp1258):
            text, encoding = unicodedata.normalize("NFC", cp1258), "Windows-1258 (cp1258)"
        else:
            text, encoding = data.decode("latin-1"), "latin-1 (ISO-8859-1)"
    return Decoded(_lines(text), encoding, nul_bytes)


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text written without a BOM: every other byte of ASCII text is NUL."""
    if len(data) < 4:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            text = _try(data[: len(data) - len(data) % 2], codec)
            if text is not None:
                return text, "UTF-16"
    return None


def _lines(text: str) -> str:
    # CR-only and CRLF line ends both become LF, so line numbers match what an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n")
