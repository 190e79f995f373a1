"""Errors meetingrules raises on purpose, drawn once (as httpx draws its own).

Input problems in calendars are never errors: they become findings (MR0xx) and rejected
events, and the check goes on. Errors are for callers who hand over something unusable,
and for the connectors' doors (servers, saves, uploads). Every one carries its message in
Vietnamese and English (``message(lang)``, ``message_vi``, ``message_en``)::

    MeetingRulesError (Exception)                 meetingrules.errors
    ├── PolicyError (ValueError)                  a policy file or value is invalid: names key and line
    ├── UsageError (ValueError)                   an argument to the API or the command line is out of range
    ├── MeetingRefused (PermissionError)          connectors: the guarded save denied the meeting (its Decision)
    ├── UploadRefused (ValueError)                connectors: the Radicale hook refused an upload
    └── CalDAVError                               connectors: talking to a CalDAV server failed
        ├── CalDAVURLError (ValueError)           the URL holds a password or is not http(s)
        ├── ServerUnreachable (ConnectionError)   no answer from the host
        │   └── ServerTimeout (TimeoutError)      the server answered too slowly
        ├── CredentialsRefused (PermissionError)  401/403
        ├── CalendarNotFound (LookupError)        no such calendar or collection
        ├── NotCalDAVServer (ValueError)          the server does not speak CalDAV
        ├── ServerError                           5xx on every attempt
        ├── SaveConflict                          the event changed on the server, or exists
        └── SaveFailed                            the server refused to store the event

The engine defines only the first three; the others live in ``connectors/`` (they import
this base, never the other way round).
"""

from __future__ import annotations


class MeetingRulesError(Exception):
    """Base class of every error meetingrules raises on purpose; its message is bilingual."""

    def __init__(self, message_vi: str = "", message_en: str | None = None):
        self.message_vi = message_vi
        self.message_en = message_vi if message_en is None else message_en
        super().__init__(self.message_en)

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``vi`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_vi


class PolicyError(MeetingRulesError, ValueError):
    """A policy file or policy value is invalid."""

    def __init__(self, message_vi: str, message_en: str, key: str = "", line: int | None = None):
        super().__init__(message_vi, message_en)
        self.key = key
        self.line = line


class UsageError(MeetingRulesError, ValueError):
    """An argument given to the API or the command line is out of its range."""
