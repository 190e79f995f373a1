"""Resolving the TZID of a calendar file to a time zone, once per TZID per file.

Order (as icalendar itself looks zones up): an IANA name; a Windows name as Outlook writes
it ("SE Asia Standard Time" → Asia/Bangkok, from the CLDR table icalendar ships); the
IANA tail of a "globally unique" TZID (``/freeassociation.sourceforge.net/Europe/Berlin``);
the VTIMEZONE definition in the same file. Definitions are kept per file: icalendar's own
cache is process-wide, and two files may define "Customized Time Zone" differently.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

try:  # the CLDR table icalendar uses for Windows zone names
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON as _CLDR
except ImportError:  # pragma: no cover - older or newer icalendar layouts
    _CLDR = {}

# The zones Vietnamese offices meet in, should icalendar's table ever move.
WINDOWS_ZONES: dict[str, str] = {
    "SE Asia Standard Time": "Asia/Bangkok",
    "China Standard Time": "Asia/Shanghai",
    "Singapore Standard Time": "Asia/Singapore",
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "UTC": "Etc/UTC",
    "GMT Standard Time": "Europe/London",
    "W. Europe Standard Time": "Europe/Berlin",
    "Eastern Standard Time": "America/New_York",
    "Pacific Standard Time": "America/Los_Angeles",
    **_CLDR,
}


@functools.lru_cache(maxsize=512)
def iana(name: str) -> dt.tzinfo | None:
    """The IANA zone ``name``, or ``None`` when there is none by that name."""
    if not name or name.startswith((".", "/")) or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


class ZoneResolver:
    """TZID → tzinfo for one file; ``None`` means the TZID cannot be resolved."""

    def __init__(self, definitions: dict[str, str]):
        self._definitions = definitions
        self._cache: dict[str, dt.tzinfo | None] = {}

    def resolve(self, tzid: str) -> dt.tzinfo | None:
        """The zone a TZID names, or ``None``."""
        try:
            return self._cache[tzid]
        except KeyError:
            zone = self._cache[tzid] = self._lookup(tzid)
            return zone

    def _lookup(self, tzid: str) -> dt.tzinfo | None:
        clean = tzid.strip().strip('"').strip("/")
        zone = iana(clean)
        if zone is None and clean in WINDOWS_ZONES:
            zone = iana(WINDOWS_ZONES[clean])
        if zone is None and tzid.strip().startswith("/"):
            parts = clean.split("/")
            for start in range(1, len(parts)):
                zone = iana("/".join(parts[start:]))
                if zone is not None:
                    break
        if zone is None:
            zone = self._defined(tzid)
        return zone

    def _defined(self, tzid: str) -> dt.tzinfo | None:
        text = self._definitions.get(tzid) or self._definitions.get(tzid.strip())
        if text is None:
            return None
        from icalendar import Timezone

        try:
            component = Timezone.from_ical(text)
            return component.to_tz(lookup_tzid=False)
        except Exception:  # noqa: BLE001 - a broken VTIMEZONE is an unknown zone (MR007)
            return None
