"""A Radicale storage plugin that refuses, for every client, a meeting breaking an error rule.

Radicale is configured with the module name (see docs/hook.md)::

    [storage]
    type = connectors.radicale_hook
    filesystem_folder = /var/lib/radicale/collections
    # optional: a policy file over hung-yen-2026
    meetingrules_policy = /etc/meetingrules/policy.toml
    # optional: log every decision in the decision database (a URL or a SQLite file)
    meetingrules_database = postgresql://meetingrules@db.example/meetingrules

The plugin is Radicale's own file storage (``multifilesystem``) whose collections judge an
event before it is written: a PUT (``upload``) or a MOVE into a calendar runs
:class:`meetingrules.validate.Validator` with the whole target collection as the existing
calendar, so calendar-wide rules (MR301's two province-wide conferences a year, MR302's
online share, MR401's overlaps) are evaluated against the calendar the event goes into.
A ``deny`` (per the policy's enforcement mode) raises :class:`UploadRefused` before any
byte is written. The check runs inside Radicale's write lock, after its authentication,
rights and ETag (If-Match/If-None-Match) checks, so no concurrent PUT can slip in between
the check and the write and nobody without write access learns anything about the calendar.

Radicale turns a ``ValueError`` from the storage into a bare ``400 Bad Request``. To give
the client the reason, :func:`wrap` (or the ready WSGI entry point :func:`application`)
puts a thin layer in front of Radicale that turns a refusal into ``403 Forbidden`` with a
CalDAV precondition body (RFC 4791 §1.3, RFC 4918 §16)::

    <D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:M="urn:meetingrules:1">
      <C:valid-calendar-object-resource/>
      <M:meeting-rules-compliant/>
      <M:message xml:lang="vi">…</M:message>
      <M:message xml:lang="en">…</M:message>
      <M:finding code="MR301" severity="error" uid="…">…</M:finding>
    </D:error>

Speed: each collection's parsed state is cached in the process, keyed by a fingerprint of
its files (name, inode, size, modification time — Radicale replaces a file on every
write); after a change only the changed files are read again, and an unchanged collection
reuses its :class:`~meetingrules.validate.Validator` (and the check of the calendar it
holds). :class:`CollectionCache` is that cache, usable without Radicale.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from connectors import ics
from connectors.refusal import NAMESPACE, PRECONDITION, refusal_body, refusal_messages  # noqa: F401 - re-exported
from meetingrules.classify import build_meeting
from meetingrules.errors import MeetingRulesError
from meetingrules.model import Meeting, Window
from meetingrules.policy import Policy, load_policy
from meetingrules.validate import DENY, Decision, Validator

__all__ = [
    "CollectionCache",
    "Storage",
    "UploadRefused",
    "application",
    "refusal_body",
    "refusal_messages",
    "wrap",
]

log = logging.getLogger(__name__)

_DECISIONS_KEPT = 256


# --------------------------------------------------------------------------- refusal


class UploadRefused(MeetingRulesError, ValueError):
    """The proposed meeting breaks a rule the policy enforces; nothing was stored.

    A ``ValueError`` so that Radicale, without :func:`wrap` in front, still refuses the
    request (with a bare 400) instead of failing with a 500.
    """

    def __init__(self, decision: Decision, path: str = ""):
        super().__init__(*refusal_messages(decision))
        self.decision = decision
        self.path = path


# --------------------------------------------------------------------------- the cache


def _year_window(year: int, policy: Policy) -> Window:
    return Window.year(year, policy.timezone)


def _reading_window(year: int, policy: Policy) -> Window:
    """The proposal's year and the year before it (MR303 compares with last year)."""
    return Window(_year_window(year - 1, policy).start, _year_window(year, policy).end)


@attrs.define
class _Collection:
    """What is known of one collection for one year: meetings per file, and the Validator."""

    files: dict[str, tuple[object, tuple[Meeting, ...]]] = attrs.field(factory=dict)
    fingerprint: str = ""
    validator: Validator | None = None


class CollectionCache:
    """Decides proposals against calendar collections, keeping each one's parsed state.

    ``objects`` given to :meth:`decide` map an href to ``(signature, load)``: the signature
    changes whenever the object does (a content hash, an ETag, a file's inode, size and
    mtime) and ``load()`` returns its iCalendar bytes. Only objects whose signature changed
    are read again; an unchanged collection reuses its Validator, and an identical
    proposal on an unchanged collection reuses the decision (clients retry refused PUTs).
    Thread-safe: one lock per collection.
    """

    def __init__(self, policy: Policy | None = None, *, as_of: dt.date | None = None, event_waivers: bool = True):
        self.policy = policy or Policy.builtin()
        self.as_of = as_of
        # False: only the policy file's waivers count; a client cannot waive its own upload.
        self.event_waivers = event_waivers
        self._states: dict[tuple[str, int], _Collection] = {}
        self._decisions: OrderedDict[tuple, Decision] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def read_proposal(self, data: bytes, origin: str = "proposal") -> list:
        """The event occurrences of a proposal, read over a wide window (it may be next year)."""
        today = self.as_of or dt.datetime.now(self.policy.timezone).date()
        wide = Window.dates(dt.date(today.year - 1, 1, 1), dt.date(today.year + 5, 12, 31),
                            self.policy.timezone)
        events = list(ics.read_bytes(data, origin, self.policy, wide).events)
        if not self.event_waivers:
            events = [
                attrs.evolve(e, properties={k: v for k, v in e.properties.items() if k.upper() != "WAIVE"})
                for e in events
            ]
        return events

    def decide(
        self,
        collection: str,
        objects: Mapping[str, tuple[object, Callable[[], bytes]]] | Iterable[tuple[str, bytes]],
        proposal: bytes | list,
        *,
        calendar_name: str = "",
    ) -> Decision | None:
        """Allow, warn or deny ``proposal`` (iCalendar bytes, or events read) in ``collection``.

        ``objects`` is the collection's current content (see the class); a plain list of
        ``(href, bytes)`` is accepted and keyed by content hash. None when the proposal holds
        no event to judge (a task, a journal, an event that is entirely cancelled).
        """
        if not isinstance(objects, Mapping):
            objects = {href: (hashlib.sha256(data).digest(), (lambda d=data: d))
                       for href, data in objects}
        if isinstance(proposal, (bytes, str)):
            raw = proposal.encode("utf-8") if isinstance(proposal, str) else proposal
            events = self.read_proposal(raw)
            proposal_key = hashlib.sha256(raw).hexdigest()
        else:
            events, proposal_key = list(proposal), None
        if not events:
            return None
        year = min(e.start for e in events).astimezone(self.policy.timezone).year
        with self._lock(collection):
            state = self._states.setdefault((collection, year), _Collection())
            fingerprint = self._refresh(state, objects, year, calendar_name)
            key = (collection, fingerprint, proposal_key)
            if proposal_key is not None and key in self._decisions:
                self._decisions.move_to_end(key)
                return self._decisions[key]
            if state.validator is None:
                existing = [m for _sig, meetings in state.files.values() for m in meetings]
                state.validator = Validator(existing, self.policy, window=_year_window(year, self.policy),
                                            as_of=self.as_of)
            decision = state.validator.validate(events)
            if proposal_key is not None:
                self._decisions[key] = decision
                while len(self._decisions) > _DECISIONS_KEPT:
                    self._decisions.popitem(last=False)
            return decision

    def _refresh(self, state: _Collection, objects: Mapping, year: int, calendar_name: str) -> str:
        """Bring ``state`` up to ``objects``; a changed collection drops its Validator."""
        changed = False
        for href in [h for h in state.files if h not in objects]:
            del state.files[href]
            changed = True
        window = None
        for href, (signature, load) in objects.items():
            known = state.files.get(href)
            if known is not None and known[0] == signature:
                continue
            window = window or _reading_window(year, self.policy)
            try:
                data = load()
            except OSError:  # removed between the listing and the read
                state.files.pop(href, None)
                changed = True
                continue
            read = ics.read_bytes(data, href, self.policy, window, calendar_name)
            state.files[href] = (signature, tuple(build_meeting(e, self.policy) for e in read.events))
            changed = True
        if changed or not state.fingerprint:
            digest = hashlib.sha256()
            for href in sorted(state.files):
                digest.update(f"{href}\0{state.files[href][0]!r}\0".encode())
            state.fingerprint = digest.hexdigest()
            state.validator = None
        return state.fingerprint


# --------------------------------------------------------------------------- Radicale plugin

# The refusal of the current request, for the WSGI layer of :func:`wrap` to answer with.
_REFUSALS: contextvars.ContextVar[list | None] = contextvars.ContextVar("meetingrules_refusals",
                                                                        default=None)
# The user name of the current request (never the password), for the decision log.
_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("meetingrules_client", default="")

try:  # Radicale is optional: the cache and the messages work without it.
    from radicale import pathutils
    from radicale.storage import multifilesystem
except ImportError:  # pragma: no cover - Radicale is not installed
    multifilesystem = None


def _file_objects(folder: str) -> dict[str, tuple[object, Callable[[], bytes]]]:
    """The items of a collection folder: href → ((inode, size, mtime_ns), reader)."""
    objects = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".Radicale") or not pathutils.is_safe_filesystem_path_component(name):
                continue
            if not entry.is_file():
                continue
            st = entry.stat()
            objects[name] = ((st.st_ino, st.st_size, st.st_mtime_ns),
                             (lambda p=entry.path: Path(p).read_bytes()))
    return objects


if multifilesystem is not None:

    class Collection(multifilesystem.Collection):
        """Radicale's file collection, judging every event before it is written."""

        def upload(self, href, item):
            """Refuse (raise :class:`UploadRefused`) before writing a denied event."""
            self._storage._meetingrules_judge(self, href, item)
            return super().upload(href, item)

    class Storage(multifilesystem.Storage):
        """Radicale's file storage with the meeting rules of the policy enforced on writes.

        Options in ``[storage]``: ``meetingrules_policy`` (a policy TOML file over
        hung-yen-2026), ``meetingrules_database`` (a decision database URL or SQLite file:
        every decision is logged there, see docs/database.md), ``meetingrules_event_waivers`` (``false``: an uploaded event's own
        ``X-MEETINGRULES-WAIVE`` does not let it through; only the policy file's waivers do)
        and ``meetingrules_as_of`` (a fixed date for yearly targets, for tests; the default
        is today).
        """

        _collection_class = Collection

        def __init__(self, configuration):
            super().__init__(configuration)
            policy = Policy.builtin()
            path = _option(configuration, "meetingrules_policy")
            if path:
                policy = load_policy(Path(path).read_text(encoding="utf-8"), origin=path)
            as_of = _option(configuration, "meetingrules_as_of")
            event_waivers = _option(configuration, "meetingrules_event_waivers").strip().lower()
            self._meetingrules = CollectionCache(
                policy, as_of=dt.date.fromisoformat(as_of) if as_of else None,
                event_waivers=event_waivers not in ("false", "no", "0", "off"))
            database = _option(configuration, "meetingrules_database")
            self._meetingrules_log = None
            if database:
                from connectors.database import Database

                self._meetingrules_log = Database(database)
            log.info("meetingrules: enforcing %s (%s)", policy.name, policy.enforcement)

        def move(self, item, to_collection, to_href):
            """A move into another calendar is judged as a PUT there."""
            if item.collection is None or item.collection.path != to_collection.path:
                self._meetingrules_judge(to_collection, to_href, item)
            return super().move(item, to_collection, to_href)

        def _meetingrules_judge(self, collection, href, item) -> None:
            if collection.tag != "VCALENDAR" or item.component_name != "VEVENT":
                return
            data = item.serialize().encode("utf-8")
            objects = _file_objects(collection._filesystem_path)
            objects.pop(href, None)  # the object being replaced is not part of the calendar
            name = collection.get_meta("D:displayname") or ""
            started = time.perf_counter()
            decision = self._meetingrules.decide(collection.path, objects, data, calendar_name=name)
            if decision is not None and self._meetingrules_log is not None:
                _log_decision(self._meetingrules_log, decision, collection.path, started)
            if decision is None or decision.decision != DENY:
                return
            refusal = UploadRefused(decision, f"/{collection.path}/{href}")
            holder = _REFUSALS.get()
            if holder is not None:
                holder.append(refusal)
            log.warning("meetingrules: refused %s: %s", refusal.path,
                        ", ".join(f.code for f in decision.deciding))
            raise refusal


def _log_decision(database, decision: Decision, path: str, started: float) -> None:
    """Log a decision; a log that cannot be written is reported, and the write still judged."""
    from connectors.database import DatabaseError

    try:
        database.log(decision, door="radicale-hook", client=_CLIENT.get(), collection=f"/{path}/",
                     latency_ms=(time.perf_counter() - started) * 1000)
    except DatabaseError as exc:
        log.error("meetingrules: decision not logged: %s", exc.message("en"))


def _request_user(environ) -> str:
    """The user name of a request: Radicale's REMOTE_USER, or HTTP Basic's (never the password)."""
    import base64
    import binascii

    if environ.get("REMOTE_USER"):
        return str(environ["REMOTE_USER"])
    scheme, _, value = str(environ.get("HTTP_AUTHORIZATION", "")).partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(value.strip(), validate=True).decode("utf-8").split(":", 1)[0]
    except (binascii.Error, UnicodeDecodeError):
        return ""


def _option(configuration, name: str) -> str:
    try:
        return str(configuration.get("storage", name) or "")
    except KeyError:
        return ""


# --------------------------------------------------------------------------- WSGI layer


def wrap(app: Callable) -> Callable:
    """``app`` (Radicale's WSGI application) answering a refusal with 403 and its reasons."""

    def refusing(environ, start_response) -> Iterator[bytes] | list[bytes]:
        holder: list[UploadRefused] = []
        token = _REFUSALS.set(holder)
        client = _CLIENT.set(_request_user(environ))
        answered: list = []

        def deferred(status, headers, exc_info=None):
            answered[:] = [status, headers, exc_info]
            return lambda data: None  # Radicale never uses write(); the body is returned

        try:
            body = app(environ, deferred)
            if not holder:
                if answered:
                    start_response(*answered)
                return body
            if hasattr(body, "close"):
                body.close()
            content = refusal_body(holder[-1].decision)
            start_response("403 Forbidden", [
                ("Content-Type", "application/xml; charset=utf-8"),
                ("Content-Length", str(len(content))),
            ])
            return [content]
        finally:
            _REFUSALS.reset(token)
            _CLIENT.reset(client)

    return refusing


def application(environ, start_response):
    """WSGI entry point: Radicale (configured by ``RADICALE_CONFIG``) behind :func:`wrap`."""
    import radicale

    return _wrapped_radicale(radicale.application)(environ, start_response)


_WRAPPED: dict[int, Callable] = {}


def _wrapped_radicale(app: Callable) -> Callable:
    return _WRAPPED.setdefault(id(app), wrap(app))
