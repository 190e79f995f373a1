"""Finding the event calendars at a URL: a collection, a principal or the server root."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import attrs


from connectors.errors import CalendarNotFound
from connectors.caldav.connection import Connection, not_caldav

_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"

@attrs.frozen
class CalendarInfo:
    url: str
    name: str
    sync_token: str | None


def _collection_props():
    from caldav.elements import cdav, dav

    return [dav.ResourceType(), dav.DisplayName(), dav.SyncToken(),
            cdav.SupportedCalendarComponentSet()]


def _calendar_from(url: str, properties: Mapping[str, Any]) -> CalendarInfo:
    name = properties.get(_DAV + "displayname")
    if not isinstance(name, str) or not name.strip():
        name = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2]) or url
    token = properties.get(_DAV + "sync-token")
    return CalendarInfo(url, name, token if isinstance(token, str) and token else None)


def _is_event_calendar(properties: Mapping[str, Any]) -> bool:
    types = _as_list(properties.get(_DAV + "resourcetype"))
    if _CALDAV + "calendar" not in types:
        return False
    components = properties.get(_CALDAV + "supported-calendar-component-set")
    if components is None or not isinstance(components, (str, list)):
        return True
    return "VEVENT" in [c.upper() for c in _as_list(components)]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def same_path(a: str, b: str) -> bool:
    return unquote(urlsplit(a).path).rstrip("/") == unquote(urlsplit(b).path).rstrip("/")


def discover(connection: Connection, url: str) -> list[CalendarInfo]:
    """The event calendars at ``url``: the URL itself, or those of the user's home."""
    from caldav.elements import cdav, dav

    props = [*_collection_props(), dav.CurrentUserPrincipal(), cdav.CalendarHomeSet()]
    results = connection.propfind(url, props, depth=0)
    mine = next((r for r in results if same_path(urljoin(url, r.href), url)),
                results[0] if results else None)
    if mine is None:
        raise not_caldav(url, ("PROPFIND không trả về gì", "PROPFIND returned nothing"))
    properties = mine.properties
    types = _as_list(properties.get(_DAV + "resourcetype"))
    if _CALDAV + "calendar" in types:
        return [_calendar_from(url, properties)]

    homes = [urljoin(url, h) for h in _as_list(properties.get(_CALDAV + "calendar-home-set"))]
    principal = properties.get(_DAV + "current-user-principal")
    if not homes and isinstance(principal, str) and principal:
        principal_url = urljoin(url, principal)
        if not same_path(principal_url, url):
            found = connection.propfind(principal_url, [cdav.CalendarHomeSet()], depth=0)
            for result in found:
                homes += [urljoin(principal_url, h)
                          for h in _as_list(result.properties.get(_CALDAV + "calendar-home-set"))]
    if not homes and _DAV + "collection" in types:
        homes = [url]
    if not homes:
        if _DAV + "collection" not in types and types:
            raise CalendarNotFound(
                f"{url} không phải là lịch, principal hay gốc của máy chủ CalDAV.",
                f"{url} is neither a calendar, a principal nor the root of a CalDAV server.",
                url=url)
        raise not_caldav(url, ("không tìm thấy calendar-home-set",
                                "no calendar-home-set was found"))

    calendars: dict[str, CalendarInfo] = {}
    for home in dict.fromkeys(homes):
        for result in connection.propfind(home, _collection_props(), depth=1):
            member = urljoin(home, result.href)
            if result.status == 200 and _is_event_calendar(result.properties):
                calendars.setdefault(member, _calendar_from(member, result.properties))
    return sorted(calendars.values(), key=lambda c: c.url)


# --------------------------------------------------------------------------- reading


