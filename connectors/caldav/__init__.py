"""CalDAV: read calendars (server-side time ranges, sync-token re-checks) and save one
meeting through the one decision function (docs/caldav.md).

May import: the engine, :mod:`connectors.ics`, :mod:`connectors.errors`, caldav/niquests;
never the command line, the renderers or another door.

- :mod:`~connectors.caldav.credentials` — logins from the environment, netrc or keyring;
- :mod:`~connectors.caldav.connection` — one conversation with a server, errors translated;
- :mod:`~connectors.caldav.discovery` — the event calendars at a URL;
- :mod:`~connectors.caldav.sync` — reading them in a window, with sync tokens;
- :mod:`~connectors.caldav.guarded` — the guarded save (ETags, the decision, waivers).
"""

from connectors.caldav.connection import Connection
from connectors.caldav.credentials import Credentials, resolve_credentials
from connectors.caldav.sync import CalendarData, FetchResult, fetch_calendars
from connectors.errors import (
    CalDAVError,
    CalDAVURLError,
    CalendarNotFound,
    CredentialsRefused,
    NotCalDAVServer,
    ServerError,
    ServerTimeout,
    ServerUnreachable,
)

__all__ = [
    "CalDAVError",
    "CalDAVURLError",
    "CalendarData",
    "CalendarNotFound",
    "Connection",
    "Credentials",
    "CredentialsRefused",
    "FetchResult",
    "NotCalDAVServer",
    "ServerError",
    "ServerTimeout",
    "ServerUnreachable",
    "fetch_calendars",
    "resolve_credentials",
]
