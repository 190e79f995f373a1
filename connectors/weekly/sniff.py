"""Knowing a weekly schedule by its content (SPEC §9: "recognised by content, not only by
the file name"): the signatures of the containers, then the words of a schedule.
"""

from __future__ import annotations

import enum
import re
import zipfile
import io

from meetingrules.text import fold

#: File name endings a folder is searched for (besides ``.ics``).
SUFFIXES = (".docx", ".doc", ".htm", ".html", ".xlsx", ".pdf", ".txt")

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .doc/.xls, or encrypted OOXML
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HTML = re.compile(rb"<\s*(html|body|table|p|div|meta|head|h[1-6])[\s>/]", re.I)
_ICS = re.compile(rb"BEGIN:VCALENDAR", re.I)
# Words of a schedule, folded: a week header, a weekday heading, the title.
_SCHEDULE_WORDS = re.compile(
    r"lich (cong tac|lam viec)|\btuan\s*\d|\bthu (hai|ba|tu|nam|sau|bay|[2-7])\b|\bchu nhat\b"
)


class Format(enum.StrEnum):
    """How a weekly schedule is stored."""

    DOCX = "docx"
    XLSX = "xlsx"
    HTML = "html"
    PDF = "pdf"
    TEXT = "text"
    ENCRYPTED = "encrypted-office"  # a password-protected Word/Excel file
    BINARY_DOC = "binary-office"  # Word/Excel 97–2003 binary format


def detect(data: bytes, name: str = "") -> Format | None:
    """The storage format of ``data`` by its content, or ``None`` for iCalendar/unknown bytes.

    >>> detect(b"%PDF-1.7 ..."), detect(b"<html><body>Lich</body></html>", "a.doc")
    (<Format.PDF: 'pdf'>, <Format.HTML: 'html'>)
    >>> detect(b"BEGIN:VCALENDAR\\r\\n") is None
    True
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if "word/document.xml" in names:
            return Format.DOCX
        if "xl/workbook.xml" in names:
            return Format.XLSX
        return None
    if head.startswith(_CFB):
        return Format.ENCRYPTED if _ENCRYPTED in data[:1 << 20] else Format.BINARY_DOC
    if _ICS.search(head):
        return None
    probe = head.replace(b"\x00", b"")
    if _HTML.search(probe):
        return Format.HTML
    if b"\x00" in head and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return Format.TEXT


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _schedule_words(text: str) -> bool:
    return bool(_SCHEDULE_WORDS.search(fold(text[:200_000])))


def looks_like_weekly(data: bytes, name: str = "") -> bool:
    """Whether ``data`` is a weekly schedule: an office/PDF container, or HTML/text with its words.

    Word, Excel and PDF files are taken by their signature (the reader says when one holds no
    schedule); HTML and text need a week header, a weekday heading or the schedule's title.
    """
    found = detect(data, name)
    if found is None:
        return False
    if found in (Format.HTML, Format.TEXT):
        from connectors.weekly.extract import decode_text, html_text

        text = html_text(data) if found is Format.HTML else decode_text(data)[0]
        return _schedule_words(text)
    if found is Format.DOCX:
        return _package_words(data, ("word/document.xml",))
    if found is Format.XLSX:
        return _package_words(data, ("xl/sharedStrings.xml",), default=True)
    return True


def _package_words(data: bytes, members: tuple[str, ...], default: bool = False) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            present = [m for m in members if m in package.namelist()]
            if not present:
                return default
            return any(_schedule_words(_xml_text(package.read(m))) for m in present)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


def _xml_text(xml: bytes) -> str:
    """The text of an OOXML part, runs joined (a word may be split over several runs)."""
    from lxml import etree

    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(huge_tree=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return ""
    return "".join(root.itertext())


def wants(data: bytes, name: str, explicit: bool) -> bool:
    """Whether the reading paths should read ``data`` as a weekly schedule.

    A file named on the command line is read as a schedule when its content is a weekly
    format (so that an HTML page without a schedule is told so) and it is not iCalendar;
    a file found in a folder only when it looks like a schedule.
    """
    if name.lower().endswith(".ics"):
        return False
    if not explicit:
        return looks_like_weekly(data, name)
    found = detect(data, name)
    if found is None:
        return False
    if found is Format.TEXT:
        return name.lower().endswith(SUFFIXES) or looks_like_weekly(data, name)
    return True
