"""The errors of the connectors, split by what the caller can do about them.

Every connector error carries its message in Vietnamese and English (``message(lang)``,
Vietnamese by default; ``str()`` is the English one) and wraps the library error it comes
from (``raise ... from exc``): no caldav, niquests, icalendar or lxml error leaks through.

::

    MeetingRulesError (meetingrules.errors)
    ├── CalDAVError                           a CalDAV server could not be read or written
    │   ├── CalDAVURLError (ValueError)       the URL is unusable: a password in it, not http(s)
    │   ├── ServerUnreachable (ConnectionError)  no connection: refused, DNS, TLS, stopped
    │   │   └── ServerTimeout (TimeoutError)  the server did not answer within the timeout
    │   ├── CredentialsRefused (PermissionError)  401 or 403: wrong, missing or insufficient login
    │   ├── CalendarNotFound (LookupError)    404, or the URL is no calendar/principal/root
    │   ├── ServerError                       5xx, still failing after the retries
    │   ├── NotCalDAVServer (ValueError)      the answer is not WebDAV/CalDAV
    │   ├── SaveConflict                      412: the event changed on the server since it was read
    │   └── SaveFailed                        the server refused to store the event
    ├── DatabaseError                         the decision database could not do what was asked
    │   ├── DatabaseURLError (ValueError)     the URL is not one the database can use
    │   ├── DatabaseUnavailable (ConnectionError)  it cannot be opened or reached
    │   └── LockTimeout (TimeoutError)        a collection lock was not had in time
    ├── MeetingRefused (PermissionError)      the guarded save refused a meeting (the decision is kept)
    └── UploadRefused (ValueError)            the Radicale hook refused an upload (the decision is kept)
"""

from __future__ import annotations

from connectors.refusal import refusal_messages
from meetingrules.errors import MeetingRulesError

class CalDAVError(MeetingRulesError):
    """The calendars at a CalDAV URL could not be read."""

    def __init__(self, message_vi: str, message_en: str, *, url: str = "",
                 status: int | None = None):
        super().__init__(message_vi, message_en)
        self.url = url
        self.status = status


class CalDAVURLError(CalDAVError, ValueError):
    """The CalDAV URL cannot be used: it holds a password, or it is not http(s)."""


class ServerUnreachable(CalDAVError, ConnectionError):
    """No connection to the server could be made (refused, unknown host, TLS failure)."""


class ServerTimeout(ServerUnreachable, TimeoutError):
    """The server did not answer within the timeout."""


class ResponseTooLarge(CalDAVError):
    """The server's answer is larger than the budget (``limits.response_bytes``); nothing was used."""


class CredentialsRefused(CalDAVError, PermissionError):
    """The server refused the login (401) or the access (403)."""


class CalendarNotFound(CalDAVError, LookupError):
    """There is no calendar, principal or server root at the URL."""


class ServerError(CalDAVError):
    """The server failed (5xx) on every attempt."""


class NotCalDAVServer(CalDAVError, ValueError):
    """The server's answers are not those of a CalDAV server."""


class MeetingRefused(MeetingRulesError, PermissionError):
    """The policy denies the meeting (locally, or the server's hook did); nothing was stored."""

    def __init__(self, message_vi: str, message_en: str, decision=None,
                 *, by_server: bool = False):
        super().__init__(message_vi, message_en)
        self.decision = decision
        self.by_server = by_server

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the rules that decided the refusal."""
        return tuple(f.code for f in self.decision.deciding) if self.decision else ()


class SaveConflict(CalDAVError):
    """The event changed on the server since it was read (stale ETag) or already exists."""


class SaveFailed(CalDAVError):
    """The server refused to store the event."""


class UploadRefused(MeetingRulesError, ValueError):
    """The proposed meeting breaks a rule the policy enforces; nothing was stored.

    A ``ValueError`` so that Radicale, without :func:`wrap` in front, still refuses the
    request (with a bare 400) instead of failing with a 500.
    """

    def __init__(self, decision, path: str = ""):
        super().__init__(*refusal_messages(decision))
        self.decision = decision
        self.path = path


class DatabaseError(MeetingRulesError):
    """The decision database could not do what was asked."""

    def __init__(self, message_vi: str, message_en: str, *, url: str = ""):
        super().__init__(message_vi, message_en)
        self.url = url  # password masked


class DatabaseURLError(DatabaseError, ValueError):
    """The database URL is malformed or names a database kind that is not supported."""


class DatabaseUnavailable(DatabaseError, ConnectionError):
    """The database cannot be opened: server down, login refused, file not writable."""


class LockTimeout(DatabaseError, TimeoutError):
    """Another process or thread held a collection's lock for longer than the timeout."""

    def __init__(self, message_vi: str, message_en: str, *, url: str = "", key: str = ""):
        super().__init__(message_vi, message_en, url=url)
        self.key = key
