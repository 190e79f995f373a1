"""Reading iCalendar (``.ics``) data into :class:`meetingrules.EventData` occurrences.

May import: the engine (``meetingrules``), icalendar, recurring-ical-events, x-wr-timezone
and the standard library; never another connector package.

- :mod:`~connectors.ics.reader` — files, folders and streams in, :class:`ReadResult` out
  (accounting, rejections, expansion inside the window);
- :mod:`~connectors.ics.scan` — cuts a stream into VCALENDAR headers and VEVENT blocks;
- :mod:`~connectors.ics.lines` — plain content lines read without icalendar;
- :mod:`~connectors.ics.decode` — bytes to text (UTF-8, UTF-16, cp1258, latin-1);
- :mod:`~connectors.ics.zones` — TZIDs, Windows zone names and custom VTIMEZONEs;
- :mod:`~connectors.ics.parallel` — VEVENT blocks parsed on every core for large files.
"""

from connectors.ics.reader import (
    OCCURRENCE_CAP,
    OtherFormat,
    STDIN_ORIGIN,
    ReadResult,
    diagnostic,
    read_bytes,
    read_paths,
)

__all__ = ["OCCURRENCE_CAP", "STDIN_ORIGIN", "OtherFormat", "ReadResult", "diagnostic", "read_bytes", "read_paths"]
