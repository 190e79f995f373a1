"""A Radicale storage plugin that refuses, for every client, a meeting breaking an error rule.

Radicale is configured with the module name (see docs/hook.md)::

    [storage]
    type = connectors.radicale_hook
    filesystem_folder = /var/lib/radicale/collections
    # optional: a policy file over hung-yen-2026
    meetingrules_policy = /etc/meetingrules/policy.toml

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
from collections.abc import Callable
from pathlib import Path


from meetingrules.policy import Policy, load_policy
from meetingrules.validate import DENY


from connectors.errors import UploadRefused
from connectors.radicale.cache import CollectionCache
from connectors.radicale.wsgi import REFUSALS

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
        hung-yen-2026), ``meetingrules_event_waivers`` (``false``: an uploaded event's own
        ``X-MEETINGRULES-WAIVE`` does not let it through; only the policy file's waivers do),
        ``meetingrules_warm_dir`` (a folder for warm snapshots: a restart reads only the
        objects changed since) and ``meetingrules_as_of`` (a fixed date for yearly targets, for tests; the default
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
            decision = self._meetingrules.decide(collection.path, objects, data, calendar_name=name)
            if decision is None or decision.decision != DENY:
                return
            refusal = UploadRefused(decision, f"/{collection.path}/{href}")
            holder = REFUSALS.get()
            if holder is not None:
                holder.append(refusal)
            log.warning("meetingrules: refused %s: %s", refusal.path,
                        ", ".join(f.code for f in decision.deciding))
            raise refusal


def _option(configuration, name: str) -> str:
    try:
        return str(configuration.get("storage", name) or "")
    except KeyError:
        return ""
