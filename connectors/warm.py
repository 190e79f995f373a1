"""Warm start: a calendar's classified meetings kept on disk between runs of a door.

A restarted hook, gateway or server would otherwise read and classify every object of a
collection again before its first answer (about 12 s for a 20,000-event collection). The
snapshot holds, per object, its signature (content hash, ETag, or inode/size/mtime) and its
classified :class:`~meetingrules.model.Meeting` values, so only objects changed since the
snapshot are read again.

Trust: the snapshot is JSON (never pickle: loading it runs no code), keyed by the policy's
content, the package version and the caller's own key (collection, year), and signed with
HMAC-SHA256 under a random key kept beside it (``<file>.key``, mode 0600, made on first use).
A file that is corrupt, foreign (another key, another policy or version, another signer) or
in an unknown format is ignored — the collection is read again — never trusted.

The snapshot may also hold the finished check of those meetings (:func:`save` with
``checks``): its schedule — which occurrences each gathering joins and its measurement, the
repeats, the excluded occurrences, last year's schedule — by position among the snapshot's
meetings, so that a restarted door neither groups nor measures nor judges the calendar again
before its first answer. It is valid for the snapshot's key (policy, package version,
collection) and for the date it was made on (``as_of``): :meth:`Validator.adopt` refuses a
check of another date or selection, and the calendar is then checked again.
"""

from __future__ import annotations

import datetime as dt

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import zoneinfo
from importlib import metadata
from collections.abc import Iterable
from pathlib import Path

import attrs

from meetingrules.classify import retimed
from meetingrules.engine import CheckResult, Excluded, Summary, hold_frozen, quiet_gc
from meetingrules.measure import Measurement
from meetingrules.model import (
    AgendaItem,
    AgendaKind,
    Format,
    Kind,
    Level,
    Meeting,
    MeetingClass,
    Notice,
    Reason,
    Scope,
    Severity,
    SourceRef,
    Status,
    Waiver,
    Window,
)
from meetingrules.policy import Policy
from meetingrules.schedule import Duplicate, Gathering

log = logging.getLogger(__name__)

FORMAT = "meetingrules-warm/2"


def package_version() -> str:
    """The installed meetingrules version ("0" when not installed as a package)."""
    try:
        return metadata.version("meetingrules")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout only
        return "0"


def policy_key(policy: Policy) -> str:
    """A hash of everything the policy decides with (its data and origin)."""
    text = json.dumps(policy.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{policy.origin}\0{text}".encode()).hexdigest()


def snapshot_key(policy: Policy, *parts: object) -> str:
    """The key a snapshot is valid for: format, package version, policy and the caller's parts."""
    text = json.dumps([FORMAT, package_version(), policy_key(policy), [str(p) for p in parts]])
    return hashlib.sha256(text.encode()).hexdigest()


# -- values <-> JSON ------------------------------------------------------------------------
def _time(value: dt.datetime) -> list:
    zone = value.tzinfo
    name = zone.key if isinstance(zone, zoneinfo.ZoneInfo) else None
    return [value.isoformat(), name]


def _from_time(data: list) -> dt.datetime:
    value = dt.datetime.fromisoformat(data[0])
    return value.astimezone(zoneinfo.ZoneInfo(data[1])) if data[1] else value


def _clock(value: dt.time | None):
    return value.isoformat() if value is not None else None


def _from_clock(text):
    return dt.time.fromisoformat(text) if text is not None else None


def _enum(value):
    return None if value is None else str(value)


def _encode_object(signature, meetings) -> str:
    """One object as JSON text: its signature, the bodies its occurrences share, the occurrences."""
    encoder = _Encoder()
    occurrences = [encoder.meeting(m) for m in meetings]
    return json.dumps([_signature(signature), encoder.shared, occurrences], ensure_ascii=False, separators=(",", ":"))


class _Encoder:
    """Meetings as JSON lists; the parts a series' occurrences share are written once."""

    def __init__(self):
        self.shared: list = []
        self._index: dict[str, int] = {}

    def _share(self, value) -> int:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self.shared)
            self.shared.append(value)
        return index

    def meeting(self, m: Meeting) -> list:
        body = [
            m.uid, m.title, _enum(m.meeting_class), _enum(m.kind), _enum(m.scope), _enum(m.format),
            _enum(m.level), m.unit, m.organizer, list(m.attendees),
            [[_enum(a.kind), a.title, a.minutes, _clock(a.start), _clock(a.end), a.speaker, a.line] for a in m.agenda],
            _enum(m.status), m.all_day, m.conference_id, m.related_to, m.recurring, list(m.topics),
            [[w.code, w.reason, w.by, w.source] for w in m.waivers],
            [[r.attribute, r.value, r.source, r.evidence] for r in m.reasons],
            [[n.code, n.message_vi, n.message_en, _enum(n.severity)] for n in m.notices],
        ]
        s = m.source
        return [self._share(body), _time(m.start), _time(m.end),
                [s.origin, s.uid, s.recurrence_id, s.line, s.calendar, s.component]]


_ENUMS = {enum: {str(member): member for member in enum} for enum in (
    AgendaKind, Format, Kind, Level, MeetingClass, Scope, Severity, Status)}


def _opt(enum, value):
    return None if value is None else _ENUMS[enum][value]


def _decode_body(b: list) -> dict:
    return dict(
        uid=b[0], title=b[1], meeting_class=_ENUMS[MeetingClass][b[2]], kind=_opt(Kind, b[3]), scope=_opt(Scope, b[4]),
        format=_opt(Format, b[5]), level=_opt(Level, b[6]), unit=b[7], organizer=b[8], attendees=tuple(b[9]),
        agenda=tuple(
            AgendaItem(_ENUMS[AgendaKind][a[0]], a[1], a[2], _from_clock(a[3]), _from_clock(a[4]), a[5], a[6]) for a in b[10]
        ),
        status=_ENUMS[Status][b[11]], all_day=b[12], conference_id=b[13], related_to=b[14], recurring=b[15],
        topics=tuple(b[16]), waivers=tuple(Waiver(*w) for w in b[17]), reasons=tuple(Reason(*r) for r in b[18]),
        notices=tuple(Notice(n[0], n[1], n[2], _ENUMS[Severity][n[3]]) for n in b[19]),
    )


def _signature(value) -> list:
    if isinstance(value, bytes):
        return ["b", value.hex()]
    if isinstance(value, tuple):
        return ["t", list(value)]
    return ["s", str(value)]


def _from_signature(data: list):
    kind, value = data
    return bytes.fromhex(value) if kind == "b" else tuple(value) if kind == "t" else value


# -- a finished check, by position among the snapshot's meetings ----------------------------
def _encode_check(check: CheckResult, position: dict[int, int]) -> dict:
    def schedule(gatherings):
        if gatherings is None:
            return None
        return [[[position[id(m)] for m in g.meetings], g.measurement.seconds, g.measurement.sessions,
                 g.measurement.days] for g in gatherings]

    s = check.summary
    return {
        "window": [_time(check.window.start), _time(check.window.end)],
        "as_of": check.as_of.isoformat(),
        "selected": sorted(check.selected),
        "summary": [s.read, s.checked, s.excluded, s.rejected],
        "gatherings": schedule(check.gatherings),
        "previous": schedule(check.previous),
        "previous_units": sorted(check.previous_units),
        "duplicates": [[position[id(d.meeting)], position[id(d.original)]] for d in check.duplicates],
        "excluded": [[position[id(e.meeting)], e.reason] for e in check.excluded],
    }


def _decode_check(data: dict, meetings: list[Meeting], policy: Policy) -> CheckResult:
    def schedule(items):
        if items is None:
            return None
        return tuple(Gathering(tuple(meetings[i] for i in members), Measurement(seconds, sessions, days))
                     for members, seconds, sessions, days in items)

    result = CheckResult(
        findings=(),  # a held check's findings are never asked (calendar_severities judges again)
        summary=Summary(*data["summary"]),
        gatherings=schedule(data["gatherings"]),
        excluded=tuple(Excluded(meetings[i], str(reason)) for i, reason in data["excluded"]),
        duplicates=tuple(Duplicate(meetings[i], meetings[j]) for i, j in data["duplicates"]),
        window=Window(_from_time(data["window"][0]), _from_time(data["window"][1])),
        as_of=dt.date.fromisoformat(data["as_of"]),
        policy=policy,
        previous=schedule(data["previous"]),
        previous_units=frozenset(data["previous_units"]),
        selected=frozenset(data["selected"]),
    )
    result.cache["partial"] = True
    return result


# -- the file -------------------------------------------------------------------------------
def _secret(path: Path) -> bytes:
    """The signing key beside the snapshot, made (mode 0600) when missing."""
    key_path = path.with_name(path.name + ".key")
    try:
        return key_path.read_bytes()
    except FileNotFoundError:
        key = secrets.token_bytes(32)
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key


def save(path: str | os.PathLike, key: str, files: dict[str, tuple[object, tuple[Meeting, ...]]],
         checks: Iterable[CheckResult] = (), memo: dict | None = None) -> None:
    """Write ``files`` (href -> (signature, meetings)) as the snapshot for ``key`` (atomically),
    with ``checks`` of exactly those meetings (a check naming another meeting is left out).

    ``memo`` (a dict the caller keeps between saves) holds each object's encoded text: an
    object whose meetings are the same values as at the previous save is not encoded again.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    memo = {} if memo is None else memo
    parts = []
    for href, (sig, meetings) in files.items():
        held = memo.get(href)
        if held is None or held[1] is not meetings or held[0] != sig:
            held = memo[href] = (sig, meetings, json.dumps(href, ensure_ascii=False) + ":" + _encode_object(sig, meetings))
        parts.append(held[2])
    for href in [h for h in memo if h not in files]:
        del memo[href]
    position = {id(m): i for i, m in enumerate(m for _sig, meetings in files.values() for m in meetings)}
    kept = []
    for check in checks:
        try:
            kept.append(_encode_check(check, position))
        except KeyError:  # a meeting the files do not hold: this check is not theirs
            log.info("meetingrules: a check of other meetings is not kept in the warm snapshot")
    body = ("{" + '"key":' + json.dumps(key) + ',"objects":{' + ",".join(parts) + '},"checks":'
            + json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "}").encode("utf-8")
    mac = hmac.new(_secret(path), body, hashlib.sha256).hexdigest()
    header = json.dumps({"format": FORMAT, "mac": mac}).encode() + b"\n"
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            out.write(body)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@attrs.frozen
class Snapshot:
    """What a warm snapshot gives back: the files (href -> (signature, meetings)) and the
    checks of their meetings that were kept with them."""

    files: dict
    checks: tuple[CheckResult, ...] = ()


def load(path: str | os.PathLike, key: str) -> dict[str, tuple[object, tuple[Meeting, ...]]] | None:
    """The snapshot's files for ``key``, or None when missing, corrupt, unsigned or foreign."""
    snapshot = restore(path, key, None)
    return snapshot.files if snapshot is not None else None


#: Restored values are moved out of the collector's sight (:func:`gc.freeze`); see :func:`restore`.
FREEZE = os.environ.get("MEETINGRULES_GC_FREEZE", "1") != "0"


def restore(path: str | os.PathLike, key: str, policy: Policy | None) -> Snapshot | None:
    """The snapshot for ``key`` with its checks rebuilt under ``policy`` (None: the files
    only); None when missing, corrupt, unsigned or foreign.

    A door restores a calendar once and holds it for as long as it runs, so the hundreds of
    thousands of values made here are frozen (:func:`gc.freeze`) before the collector is
    enabled again: it would otherwise walk them all at its next pass, and again at every
    full pass, finding nothing to free. They are still freed by reference counting when a
    change replaces them; only a reference cycle among them would outlive its use.
    """
    with quiet_gc():  # tens of thousands of new values at once: no collector passes over them
        snapshot = _load(Path(path), key, policy)
        if snapshot is not None and FREEZE:
            hold_frozen()
        return snapshot


def _load(path: Path, key: str, policy: Policy | None):
    try:
        data = path.read_bytes()
        key_bytes = path.with_name(path.name + ".key").read_bytes()
    except OSError:
        return None
    try:
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if header.get("format") != FORMAT:
            raise ValueError("unknown format")
        expected = hmac.new(key_bytes, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, str(header.get("mac", ""))):
            raise ValueError("bad signature")
        doc = json.loads(body)
        if doc.get("key") != key:
            log.info("meetingrules: warm snapshot %s is for another policy, version or collection", path)
            return None
        files = {}
        for href, (signature, bodies, meetings) in doc["objects"].items():
            # One checked Meeting per shared body; its occurrences are copies with their own
            # times and source (classify.retimed keeps the time checks of the constructor).
            shared = [_decode_body(b) for b in bodies]
            templates: dict[int, Meeting] = {}
            occurrences = []
            for index, start, end, source in meetings:
                start, end, source = _from_time(start), _from_time(end), SourceRef(*source)
                template = templates.get(index)
                if template is None:
                    template = templates[index] = Meeting(start=start, end=end, source=source, **shared[index])
                    occurrences.append(template)
                else:
                    occurrences.append(retimed(template, start, end, source))
            files[href] = (_from_signature(signature), tuple(occurrences))
        checks = ()
        if policy is not None:
            meetings = [m for _sig, occurrences in files.values() for m in occurrences]
            checks = tuple(_decode_check(c, meetings, policy) for c in doc.get("checks", ()))
        return Snapshot(files, checks)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        log.warning("meetingrules: warm snapshot %s ignored: %s", path, error)
        return None
