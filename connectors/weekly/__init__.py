"""Weekly schedules (lịch công tác tuần) in: Word, HTML, Excel, PDF and text (SPEC §9).

May import: the engine, :mod:`connectors.ics` (its result type and decoding), python-docx,
lxml, openpyxl and pdfplumber; never the command line. docs/weekly.md says what is read.
"""

from connectors.weekly.reader import Schedule, read_schedule, read_weekly_bytes
from connectors.weekly.sniff import SUFFIXES, Format, detect, looks_like_weekly, wants

__all__ = [
    "Format",
    "SUFFIXES",
    "Schedule",
    "detect",
    "looks_like_weekly",
    "read_schedule",
    "read_weekly_bytes",
    "wants",
]
