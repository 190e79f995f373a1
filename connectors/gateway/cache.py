"""What the gateway knows of each collection, per user, and the decision on a proposal.

A :class:`CollectionView` is one user's view of one upstream collection: its objects
(path → ETag and data), the sync token, and per reading span (the years a proposal touches and the year before each) a warm
:class:`meetingrules.validate.Validator` over the meetings read for that span. The
decision itself is the Validator's; this module only keeps it warm:

- before each judgement the view asks the upstream what changed (``sync-collection``);
  a new object from another client is taken in through ``Validator.accept`` (a
  validation of that object, no re-check), anything else drops the Validator, rebuilt on
  the next judgement;
- after a PUT the gateway forwarded and the upstream accepted, the decision is taken in
  with ``Validator.accept``: no rebuild;
- a DELETE the upstream accepted removes the object; the Validator is rebuilt once.

Views are keyed by (collection URL, user name, a hash of the Authorization header): a
user only ever sees what the upstream let them read, and the credentials themselves are
never kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import zoneinfo
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import attrs

from connectors import ics, warm
from meetingrules.classify import as_meetings
from meetingrules.model import EventData, Meeting, Window
from meetingrules.policy import Policy
from meetingrules.validate import DENY, Decision, Validator, periods_touched, proposal_window
from meetingrules.validate import reading_window as proposal_reading

__all__ = ["CollectionView", "Judgement", "ViewCache", "view_key"]

log = logging.getLogger(__name__)

#: Foreign changes taken in one by one (a validation each) before a rebuild is cheaper.
_ACCEPT_AT_MOST = 20
#: Changes taken in between two warm snapshots (a restart takes the rest from the upstream).
_SAVE_AFTER = 64
#: The snapshot entry holding the view itself (sync token, name, objects' data): no path starts with NUL.
_VIEW_ENTRY = "\0view"


def view_key(collection: str, user: str, authorization: str) -> tuple[str, str, str]:
    """The cache key: the credentials enter only as a hash."""
    return collection, user, hashlib.sha256(authorization.encode("utf-8")).hexdigest()


def span_of(events: Iterable[EventData], policy: Policy, as_of: dt.date | None) -> Window:
    """What a proposal is judged against: every year its occurrences touch and the year
    before each (the one rule of every door, :func:`meetingrules.validate.periods_touched`).
    The warm Validators are kept per span; most proposals touch one year."""
    return proposal_reading(periods_touched(list(events), policy, as_of), policy)


@attrs.frozen
class Judgement:
    """The decision on one PUT: one :class:`Decision` per UID judged, and the combined one."""

    decisions: tuple[Decision, ...]
    events: tuple[tuple[EventData, ...], ...]  # the events of each decision
    span: Window  # the reading span the decisions were made over

    @property
    def decision(self) -> str:
        """``deny`` when any component is denied, else the worst of the others."""
        order = {"allow": 0, "warn": 1, "deny": 2}
        return max((d.decision for d in self.decisions), key=order.__getitem__, default="allow")

    @property
    def refusing(self) -> Decision:
        """One decision holding every denied component's deciding findings (for the 403 body)."""
        denied = [d for d in self.decisions if d.decision == DENY]
        first = denied[0]
        return attrs.evolve(first, deciding=tuple(f for d in denied for f in d.deciding),
                            proposal=tuple(u for d in denied for u in d.proposal))

    @property
    def codes(self) -> list[str]:
        """The deciding codes, in order, once each."""
        return list(dict.fromkeys(f.code for d in self.decisions for f in d.deciding))

    @property
    def uids(self) -> list[str]:
        """The UIDs judged."""
        return [u for d in self.decisions for u in d.proposal]


@attrs.define
class CollectionView:
    """One user's view of one collection (see the module)."""

    url: str
    token: str | None = None
    loaded: bool = False
    calendar: bool = True
    name: str = ""
    objects: dict[str, tuple[str | None, bytes]] = attrs.field(factory=dict)
    meetings: dict[int, dict[str, tuple[Meeting, ...]]] = attrs.field(factory=dict)
    validators: dict[int, Validator] = attrs.field(factory=dict)
    own_writes: set[str] = attrs.field(factory=set)  # paths we stored whose new ETag we do not know
    unsaved: int = 0  # changes taken in since the last warm snapshot
    save_due: bool = False  # a cold read or a new check: worth a warm snapshot
    memo: dict = attrs.field(factory=dict)  # the warm snapshot's encoded objects (see warm.save)


def _time(value: dt.datetime) -> list:
    zone = value.tzinfo
    return [value.isoformat(), zone.key if isinstance(zone, zoneinfo.ZoneInfo) else None]


def _from_time(data: list) -> dt.datetime:
    value = dt.datetime.fromisoformat(data[0])
    return value.astimezone(zoneinfo.ZoneInfo(data[1])) if data[1] else value


class ViewCache:
    """The views of the collections, least recently used dropped beyond ``size``."""

    def __init__(self, policy: Policy, *, as_of: dt.date | None = None, size: int = 64,
                 warm_dir: str | None = None):
        self.policy = policy
        self.as_of = as_of
        self.size = size
        self.warm_dir = warm_dir
        self._views: OrderedDict[tuple, CollectionView] = OrderedDict()

    def view(self, key: tuple[str, str, str]) -> CollectionView:
        """The view for ``key`` (a new, empty one the first time)."""
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = CollectionView(key[0])
            while len(self._views) > self.size:
                self._views.popitem(last=False)
        self._views.move_to_end(key)
        return view

    def peek(self, key: tuple[str, str, str]) -> CollectionView | None:
        """The view for ``key`` if held (never made)."""
        return self._views.get(key)

    def drop(self, key: tuple[str, str, str]) -> None:
        """Forget a view (its state is unknown after a failure)."""
        self._views.pop(key, None)

    # -- warm start ----------------------------------------------------------------------------

    def _snapshot(self, key: tuple[str, str, str]) -> tuple[Path, str]:
        """(file, key) of the view's warm snapshot: named by a hash of the view key (whose
        credentials part is itself a hash); valid for this policy and package version."""
        name = hashlib.sha256("\0".join(key).encode("utf-8")).hexdigest()[:32]
        return Path(self.warm_dir) / f"{name}.json", warm.snapshot_key(self.policy, "gateway", *key)

    def restore(self, key: tuple[str, str, str], view: CollectionView) -> bool:
        """Fill a view not read yet from its warm snapshot (True when one was taken).

        The view then holds the sync token, the objects (ETag and data), the meetings read
        per span and, where the kept check is adopted, the span's warm Validator; the next
        sync asks the upstream only for what changed since. Anything amiss: a cold read."""
        if not self.warm_dir or view.loaded:
            return False
        path, snapshot_key = self._snapshot(key)
        restored = warm.restore(path, snapshot_key, self.policy)
        if restored is None or _VIEW_ENTRY not in restored.files:
            return False
        try:
            state = json.loads(restored.files[_VIEW_ENTRY][0])
            spans = [Window(_from_time(a), _from_time(b)) for a, b in state["spans"]]
            objects = {p: (etag, text.encode("utf-8")) for p, (etag, text) in state["objects"].items()}
            meetings: dict[Window, dict[str, tuple[Meeting, ...]]] = {span: {} for span in spans}
            for entry, (_etag, held) in restored.files.items():
                if entry != _VIEW_ENTRY:
                    index, _, object_path = entry.partition("\0")
                    meetings[spans[int(index)]][object_path] = held
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
            log.warning("gateway: warm snapshot %s ignored: %s", path, error)
            return False
        # Each kept check belongs to the span whose meetings it names.
        owner = {id(m): span for span, by_path in meetings.items() for ms in by_path.values() for m in ms}
        checks: dict[Window, list] = {}
        for check in restored.checks:
            named = [m for g in (check.gatherings or ()) for m in g.meetings] + [e.meeting for e in check.excluded]
            span = owner.get(id(named[0])) if named else None
            if span is not None:
                checks.setdefault(span, []).append(check)
        view.token, view.name, view.calendar = state["token"], state["name"], state["calendar"]
        view.objects = objects
        view.own_writes = {p for p, (etag, _d) in objects.items() if etag is None}
        view.meetings = meetings
        view.validators = {}
        for span, kept in checks.items():
            existing = [m for ms in meetings[span].values() for m in ms]
            validator = Validator(existing, self.policy, as_of=self.as_of)
            if all(validator.adopt(c) for c in kept):
                view.validators[span] = validator
        view.loaded = True
        view.unsaved, view.save_due = 0, False
        log.info("gateway: %s restored from the warm folder (%d objects, %d of %d spans with their check)",
                 key[0], len(objects), len(view.validators), len(meetings))
        return True

    def should_save(self, view: CollectionView) -> bool:
        """Whether the view is worth a warm snapshot now."""
        return bool(self.warm_dir) and view.loaded and (view.save_due or view.unsaved >= _SAVE_AFTER)

    def save(self, key: tuple[str, str, str], view: CollectionView) -> None:
        """Write the view's warm snapshot (an OSError costs the warm start only: logged)."""
        if not self.warm_dir or not view.loaded:
            return
        path, snapshot_key = self._snapshot(key)
        spans = list(view.meetings)
        try:
            objects = {p: [etag, data.decode("utf-8")] for p, (etag, data) in view.objects.items()}
        except UnicodeDecodeError:
            log.info("gateway: %s holds an object that is not UTF-8; no warm snapshot", key[0])
            view.save_due, view.unsaved = False, 0
            return
        state = {"token": view.token, "name": view.name, "calendar": view.calendar,
                 "spans": [[_time(s.start), _time(s.end)] for s in spans], "objects": objects}
        files: dict[str, tuple[object, tuple[Meeting, ...]]] = {
            _VIEW_ENTRY: (json.dumps(state, ensure_ascii=False, separators=(",", ":")), ())}
        for index, span in enumerate(spans):
            for object_path, held in view.meetings[span].items():
                files[f"{index}\0{object_path}"] = (view.objects.get(object_path, (None,))[0], held)
        checks = [c for validator in view.validators.values() for c in validator.checks]
        try:
            Path(self.warm_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
            warm.save(path, snapshot_key, files, checks, view.memo)
        except OSError as error:
            log.warning("gateway: warm snapshot not written: %s", error)
        view.save_due, view.unsaved = False, 0

    # -- reading -----------------------------------------------------------------------------

    def read_proposal(self, data: bytes, origin: str) -> list[EventData]:
        """The event occurrences of an upload, over a wide window (it may be next year)."""
        return list(ics.read_bytes(data, origin, self.policy, proposal_window(self.policy)).events)

    def _read_object(self, view: CollectionView, path: str, data: bytes, span: Window) -> tuple[Meeting, ...]:
        read = ics.read_bytes(data, path, self.policy, span, view.name, workers=1)
        return tuple(as_meetings(read.events, self.policy))

    def apply_changes(self, view: CollectionView, changes) -> None:
        """Bring ``view`` up to what the upstream reported (see :mod:`.upstream`)."""
        if changes.full:
            view.name = changes.name or view.name
            view.calendar = changes.calendar
            gone = set(view.objects) - set(changes.changed)
        else:
            gone = set(changes.removed) & set(view.objects)
        fresh = {}
        for path, (etag, data) in changes.changed.items():
            known = view.objects.get(path)
            if known is not None and known[0] is not None and known[0] == etag:
                continue
            if path in view.own_writes and known is not None:
                # Our own PUT, already taken in: only its ETag was unknown.
                view.objects[path] = (etag, known[1])
                view.own_writes.discard(path)
                continue
            fresh[path] = (etag, data)
        view.token = changes.token
        view.loaded = True
        for path in gone:
            view.objects.pop(path, None)
            view.own_writes.discard(path)
        view.objects.update(fresh)
        if not gone and not fresh:
            return
        view.unsaved += len(gone) + len(fresh)
        if changes.full:
            view.save_due = True
        for span in list(view.meetings):
            meetings = view.meetings[span]
            validator = view.validators.get(span)
            replaced = gone | {p for p in fresh if p in meetings}
            for path in gone:
                meetings.pop(path, None)
            if validator is not None and (replaced or len(fresh) > _ACCEPT_AT_MOST):
                view.validators.pop(span)
                validator = None
            for path, (_etag, data) in fresh.items():
                meetings[path] = self._read_object(view, path, data, span)
                if validator is not None and meetings[path]:
                    validator.accept(validator.validate(meetings[path]), meetings[path])

    def forget_everywhere(self, collection: str, path: str) -> None:
        """``path`` was deleted from ``collection``: take it out of every user's view."""
        for key, view in list(self._views.items()):
            if key[0] == collection:
                self.forget(view, path)

    def forget(self, view: CollectionView, path: str) -> None:
        """The upstream deleted ``path``: take it out (the Validators are rebuilt once)."""
        if view.objects.pop(path, None) is None:
            return
        view.unsaved += 1
        for span, meetings in view.meetings.items():
            if meetings.pop(path, None) is not None:
                view.validators.pop(span, None)

    # -- judging -----------------------------------------------------------------------------

    def validator(self, view: CollectionView, span: Window) -> Validator:
        """The warm Validator of the collection read over ``span`` (built on first use)."""
        validator = view.validators.get(span)
        if validator is not None:
            return validator
        meetings = view.meetings.get(span)
        if meetings is None:
            meetings = view.meetings[span] = {}
        for path, (_etag, data) in view.objects.items():
            if path not in meetings:
                meetings[path] = self._read_object(view, path, data, span)
        existing = [m for ms in meetings.values() for m in ms]
        validator = view.validators[span] = Validator(existing, self.policy, as_of=self.as_of)
        view.save_due = True  # a new check of the calendar: worth keeping
        return validator

    def judge(self, view: CollectionView, path: str, events: Iterable[EventData], *,
              whole: bool = False) -> Judgement | None:
        """The decision on putting ``events`` at ``path`` (None: no event to judge).

        One UID (the usual calendar object) is judged by the warm Validator; an event
        already stored under the same UID is replaced (an edit). An upload holding several
        UIDs (``whole``: a whole calendar put on the collection, replacing it) is judged
        component by component, each against the calendar with the components before it.
        """
        events = list(events)
        if not events:
            return None
        span = span_of(events, self.policy, self.as_of)
        by_uid: dict[str, list[EventData]] = {}
        for event in events:
            by_uid.setdefault(event.uid, []).append(event)
        groups = [tuple(g) for g in by_uid.values()]
        if len(groups) == 1 and not whole:
            validator = self.validator(view, span)
            return Judgement((validator.validate(groups[0]),), tuple(groups), span)
        existing = [] if whole else [m for p, ms in self.validator_meetings(view, span).items() if p != path
                                     for m in ms]
        scratch = Validator(existing, self.policy, as_of=self.as_of)
        decisions = []
        for group in groups:
            decision = scratch.validate(group)
            decisions.append(decision)
            scratch.accept(decision, group)
        return Judgement(tuple(decisions), tuple(groups), span)

    def validator_meetings(self, view: CollectionView, span: Window) -> dict[str, tuple[Meeting, ...]]:
        """The meetings read over ``span``, per object."""
        self.validator(view, span)
        return view.meetings[span]

    def stored(self, view: CollectionView, path: str, etag: str | None, data: bytes, judgement: Judgement) -> None:
        """The upstream accepted the PUT judged by ``judgement``: take it in, without a rebuild."""
        view.objects[path] = (etag, data)
        view.unsaved += 1
        if etag is None:
            view.own_writes.add(path)
        else:
            view.own_writes.discard(path)
        for span in list(view.meetings):
            if span != judgement.span:
                view.meetings[span].pop(path, None)  # read again for that span when needed
                view.validators.pop(span, None)
        meetings = view.meetings.setdefault(judgement.span, {})
        old = meetings.get(path, ())
        validator = view.validators.get(judgement.span)
        new_uids = {u for d in judgement.decisions for u in d.proposal}
        meetings[path] = self._read_object(view, path, data, judgement.span)
        if validator is None:
            return
        if {m.uid for m in old} - new_uids or len(judgement.decisions) > 1:
            view.validators.pop(judgement.span)  # the object lost a UID, or a whole calendar: rebuild
            return
        # The meetings just read for the view, not the proposal's own: the check then names the
        # view's meetings, so a warm snapshot can keep it (warm.save keeps a check of its files only).
        validator.accept(judgement.decisions[0], meetings[path])
