"""Reading iCalendar (``.ics``) data into :class:`meetingrules.EventData` occurrences.

May import: the engine (``meetingrules``), icalendar, recurring-ical-events, x-wr-timezone
and the standard library; never another connector package.

- :mod:`~connectors.ics.result` — :class:`ReadResult` and reader diagnostics, shared by every reader;
- :mod:`~connectors.ics.paths` — files, folders and standard input, each file to its reader;
- :mod:`~connectors.ics.reader` — one stream in, its events out (accounting, rejections, zones);
- :mod:`~connectors.ics.expand` — recurrence expansion with recurring-ical-events' own classes;
- :mod:`~connectors.ics.values` — property values: text, people, dates, statuses, rule bounds;
- :mod:`~connectors.ics.takeout` — Google Calendar exports (``.zip``), each ``.ics`` a calendar;
- :mod:`~connectors.ics.scan` — cuts a stream into VCALENDAR headers and VEVENT blocks;
- :mod:`~connectors.ics.lines` — plain content lines read without icalendar;
- :mod:`~connectors.ics.decode` — bytes to text (UTF-8, UTF-16, cp1258, latin-1);
- :mod:`~connectors.ics.zones` — TZIDs, Windows zone names and custom VTIMEZONEs;
- :mod:`~connectors.ics.parallel` — VEVENT blocks parsed on every core for large files.
"""

from connectors.ics.paths import OtherFormat, read_paths
from connectors.ics.reader import OCCURRENCE_CAP, STDIN_ORIGIN, read_bytes
from connectors.ics.result import ReadResult, diagnostic

__all__ = ["OCCURRENCE_CAP", "STDIN_ORIGIN", "OtherFormat", "ReadResult", "diagnostic", "read_bytes", "read_paths"]
