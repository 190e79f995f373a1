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

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path


from meetingrules.policy import Policy, load_policy
from meetingrules.validate import DENY


from connectors.errors import UploadRefused
from connectors.radicale.cache import CollectionCache
from connectors.radicale.wsgi import CLIENT, REFUSALS

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- Radicale plugin

# The refusal of the current request, for the WSGI layer of :func:`wrap` to answer with.

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
        every decision is logged there, see docs/database.md), ``meetingrules_event_waivers``
        (``false``: an uploaded event's own ``X-MEETINGRULES-WAIVE`` does not let it through;
        only the policy file's waivers do), ``meetingrules_warm_dir`` (a folder for warm
        snapshots: a restart reads only the objects changed since) and ``meetingrules_as_of``
        (a fixed date for yearly targets, for tests; the default
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
                event_waivers=event_waivers not in ("false", "no", "0", "off"),
                warm_dir=_option(configuration, "meetingrules_warm_dir") or None)
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

        def create_collection(self, href, items=None, props=None):
            """A whole calendar written at once (PUT on the collection URL) is judged before it replaces the old."""
            if items is not None and (props or {}).get("tag") == "VCALENDAR":
                items = list(items)
                objects = [(item.href or f"{n}.ics", item.serialize().encode("utf-8"))
                           for n, item in enumerate(items) if item.component_name == "VEVENT"]
                decision = self._meetingrules.decide_replacement(objects)
                if decision is not None and decision.decision == DENY:
                    self._meetingrules_refuse(decision, "/" + href.strip("/") + "/")
            return super().create_collection(href, items, props)

        def _meetingrules_refuse(self, decision, path: str) -> None:
            refusal = UploadRefused(decision, path)
            holder = REFUSALS.get()
            if holder is not None:
                holder.append(refusal)
            log.warning("meetingrules: refused %s: %s", refusal.path,
                        ", ".join(f.code for f in decision.deciding))
            raise refusal

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
            self._meetingrules_refuse(decision, f"/{collection.path}/{href}")


def _log_decision(database, decision, path: str, started: float) -> None:
    """Log a decision; a log that cannot be written is reported, and the write still judged."""
    from connectors.database import DatabaseError

    try:
        database.log(decision, door="radicale-hook", client=CLIENT.get(), collection=f"/{path}/",
                     latency_ms=(time.perf_counter() - started) * 1000)
    except DatabaseError as exc:
        log.error("meetingrules: decision not logged: %s", exc.message("en"))


def _option(configuration, name: str) -> str:
    try:
        return str(configuration.get("storage", name) or "")
    except KeyError:
        return ""
