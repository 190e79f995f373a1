"""One row of the decision log, and the one way every door turns a decision into rows.

SPEC §10: "every validation (from the API, the page, the gateway, the guarded save and the
Radicale hook when they are given a database) is a row: when, which client, the proposal
(UID, title, start, end, unit), the decision, the finding codes, the waiver used."
"""

from __future__ import annotations

import datetime as dt

import attrs

from meetingrules.findings import Finding
from meetingrules.validate import Decision

__all__ = ["DECISIONS", "DOORS", "DecisionRecord", "collection_path", "record_from_decision", "utc"]

#: Where a proposal came in: the API, the clerk's page, the CalDAV gateway, the guarded
#: save (``connectors.guarded``), the Radicale storage hook, the command line.
DOORS = ("api", "page", "gateway", "guarded-save", "radicale-hook", "cli")
#: ``unjudged``: the door could not judge (upstream unreadable, timeout) and let it through.
DECISIONS = ("allow", "warn", "deny", "unjudged")


def utc(moment: dt.datetime | None) -> dt.datetime | None:
    """``moment`` in UTC; a naive datetime is refused (a log row's time must be unambiguous)."""
    if moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"a time-zone aware datetime is needed, not {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time-zone aware datetime is needed, not {moment!r}")
    return moment.astimezone(dt.timezone.utc)


def collection_path(collection: str) -> str:
    """The key a collection is logged and locked under: its URL path, ``/user/calendar/``.

    A full URL gives its path (``https://host/dav/canbo/work`` → ``/dav/canbo/work/``); a
    path is given its slashes; a plain name (a server's ``--calendar NAME``) stays as it is.
    """
    from urllib.parse import unquote, urlsplit

    text = collection.strip()
    if "://" in text:
        text = urlsplit(text).path or "/"
    elif "/" not in text:
        return text
    text = unquote(text)
    return ("/" + text.strip("/") + "/").replace("//", "/")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _codes(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    return tuple(str(v) for v in value)


@attrs.frozen
class DecisionRecord:
    """One decision on one proposal (one UID), as the log keeps it.

    ``client`` is a user name or an API token's name, never a credential. ``codes`` are the
    codes of the findings that decided (not waived, warning or error); ``waivers`` the
    codes an approved exception let through; ``collection`` is keyed by
    :func:`collection_path`. ``id`` is the row's number once stored.
    """

    at: dt.datetime = attrs.field(converter=utc)
    door: str = attrs.field(validator=attrs.validators.in_(DOORS))
    client: str = ""
    collection: str = attrs.field(default="", converter=lambda c: collection_path(c or ""))
    uid: str = ""
    title: str = ""
    start: dt.datetime | None = attrs.field(default=None, converter=utc)
    end: dt.datetime | None = attrs.field(default=None, converter=utc)
    unit: str = ""
    decision: str = attrs.field(default="allow", validator=attrs.validators.in_(DECISIONS))
    codes: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    waivers: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    latency_ms: float | None = None
    note: str = ""
    id: int | None = None

    def to_dict(self) -> dict:
        """JSON-ready: times as ISO 8601 UTC strings, codes as lists."""
        def iso(moment):
            return moment.isoformat().replace("+00:00", "Z") if moment else None

        return {
            "id": self.id,
            "at": iso(self.at),
            "door": self.door,
            "client": self.client,
            "collection": self.collection,
            "uid": self.uid,
            "title": self.title,
            "start": iso(self.start),
            "end": iso(self.end),
            "unit": self.unit,
            "decision": self.decision,
            "codes": list(self.codes),
            "waivers": list(self.waivers),
            "latency_ms": self.latency_ms,
            "note": self.note,
        }


def _about(finding: Finding, uid: str) -> bool:
    # Calendar-wide findings (no UID) that the decision kept are about every UID proposed.
    return not finding.uid or finding.uid == uid or uid in finding.related


def record_from_decision(
    decision: Decision,
    *,
    door: str,
    client: str,
    collection: str,
    latency_ms: float | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> list[DecisionRecord]:
    """The rows for ``decision`` (from :func:`meetingrules.validate.validate`): one per UID.

    Title, start, end and unit come from the proposal's meetings as judged (for a series,
    its first occurrence); codes are the deciding findings about that UID, waivers the
    waived ones. Every door calls this, so every door logs the same way.
    """
    at = at or _now()
    wanted = set(decision.proposal)
    meetings = {}
    # Only the proposal's own meetings (a few), not the whole calendar's, are looked at.
    for meeting in sorted((m for m in decision.result.meetings if m.uid in wanted), key=lambda m: m.start):
        meetings.setdefault(meeting.uid, meeting)
    records = []
    for uid in decision.proposal:
        meeting = meetings.get(uid)
        about = [f for f in decision.findings if _about(f, uid)]
        if meeting is None:  # a proposal outside the judged window: the findings still name it
            named = next((f for f in about if f.uid == uid), None)
            title, start, end, unit = (
                (named.meeting_title, named.start, named.end, named.unit) if named else ("", None, None, ""))
        else:
            title, start, end, unit = meeting.title, meeting.start, meeting.end, meeting.unit
        codes = sorted({f.code for f in decision.deciding if _about(f, uid)})
        waivers = sorted({f.code for f in about if f.waived})
        records.append(DecisionRecord(
            at=at, door=door, client=client, collection=collection, uid=uid, title=title,
            start=start, end=end, unit=unit, decision=decision.decision, codes=codes,
            waivers=waivers, latency_ms=latency_ms, note=note,
        ))
    return records
