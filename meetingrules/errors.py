"""Errors the engine raises. Input problems in calendars are never errors: they become
notices and rejected events. Errors are for callers who hand the engine something unusable.

    MeetingRulesError (Exception)       every message in Vietnamese and English: message(lang)
    ├── PolicyError (ValueError)        a policy file or value is invalid: names key and line
    ├── UsageError (ValueError)         an argument to the API is out of its range
    └── (connectors) CalDAVError, MeetingRefused, UploadRefused …  see connectors/
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
