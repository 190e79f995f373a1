"""What the gateway knows of each collection, per user, and the decision on a proposal.

A :class:`CollectionView` is one user's view of one upstream collection: its objects
(path → ETag and data), the sync token, and per year a warm
:class:`meetingrules.validate.Validator` over the meetings read for that year. The
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
from collections import OrderedDict
from collections.abc import Iterable

import attrs

from connectors import ics
from meetingrules.classify import build_meeting
from meetingrules.model import EventData, Meeting, Window
from meetingrules.policy import Policy
from meetingrules.validate import DENY, Decision, Validator

__all__ = ["CollectionView", "Judgement", "ViewCache", "view_key"]

#: Foreign changes taken in one by one (a validation each) before a rebuild is cheaper.
_ACCEPT_AT_MOST = 20


def view_key(collection: str, user: str, authorization: str) -> tuple[str, str, str]:
    """The cache key: the credentials enter only as a hash."""
    return collection, user, hashlib.sha256(authorization.encode("utf-8")).hexdigest()


def year_window(year: int, policy: Policy) -> Window:
    """The calendar year ``year`` in the policy's zone."""
    return Window.year(year, policy.timezone)


def reading_window(year: int, policy: Policy) -> Window:
    """The year judged and the year before it (MR303 compares with last year)."""
    return Window(year_window(year - 1, policy).start, year_window(year, policy).end)


@attrs.frozen
class Judgement:
    """The decision on one PUT: one :class:`Decision` per UID judged, and the combined one."""

    decisions: tuple[Decision, ...]
    events: tuple[tuple[EventData, ...], ...]  # the events of each decision
    year: int

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


class ViewCache:
    """The views of the collections, least recently used dropped beyond ``size``."""

    def __init__(self, policy: Policy, *, as_of: dt.date | None = None, size: int = 64):
        self.policy = policy
        self.as_of = as_of
        self.size = size
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

    def drop(self, key: tuple[str, str, str]) -> None:
        """Forget a view (its state is unknown after a failure)."""
        self._views.pop(key, None)

    # -- reading -----------------------------------------------------------------------------

    def read_proposal(self, data: bytes, origin: str) -> list[EventData]:
        """The event occurrences of an upload, over a wide window (it may be next year)."""
        today = self.as_of or dt.datetime.now(self.policy.timezone).date()
        wide = Window.dates(dt.date(today.year - 1, 1, 1), dt.date(today.year + 5, 12, 31), self.policy.timezone)
        return list(ics.read_bytes(data, origin, self.policy, wide).events)

    def _read_object(self, view: CollectionView, path: str, data: bytes, year: int) -> tuple[Meeting, ...]:
        read = ics.read_bytes(data, path, self.policy, reading_window(year, self.policy), view.name, workers=1)
        return tuple(build_meeting(e, self.policy) for e in read.events)

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
        for year in list(view.meetings):
            meetings = view.meetings[year]
            validator = view.validators.get(year)
            replaced = gone | {p for p in fresh if p in meetings}
            for path in gone:
                meetings.pop(path, None)
            if validator is not None and (replaced or len(fresh) > _ACCEPT_AT_MOST):
                view.validators.pop(year)
                validator = None
            for path, (_etag, data) in fresh.items():
                meetings[path] = self._read_object(view, path, data, year)
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
        for year, meetings in view.meetings.items():
            if meetings.pop(path, None) is not None:
                view.validators.pop(year, None)

    # -- judging -----------------------------------------------------------------------------

    def validator(self, view: CollectionView, year: int) -> Validator:
        """The warm Validator of ``year`` (built on first use)."""
        validator = view.validators.get(year)
        if validator is not None:
            return validator
        meetings = view.meetings.get(year)
        if meetings is None:
            meetings = view.meetings[year] = {}
        for path, (_etag, data) in view.objects.items():
            if path not in meetings:
                meetings[path] = self._read_object(view, path, data, year)
        existing = [m for ms in meetings.values() for m in ms]
        validator = view.validators[year] = Validator(
            existing, self.policy, window=year_window(year, self.policy), as_of=self.as_of)
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
        year = min(e.start for e in events).astimezone(self.policy.timezone).year
        by_uid: dict[str, list[EventData]] = {}
        for event in events:
            by_uid.setdefault(event.uid, []).append(event)
        groups = [tuple(g) for g in by_uid.values()]
        if len(groups) == 1 and not whole:
            validator = self.validator(view, year)
            return Judgement((validator.validate(groups[0]),), tuple(groups), year)
        existing = [] if whole else [m for p, ms in self.validator_meetings(view, year).items() if p != path
                                     for m in ms]
        scratch = Validator(existing, self.policy, window=year_window(year, self.policy), as_of=self.as_of)
        decisions = []
        for group in groups:
            decision = scratch.validate(group)
            decisions.append(decision)
            scratch.accept(decision, group)
        return Judgement(tuple(decisions), tuple(groups), year)

    def validator_meetings(self, view: CollectionView, year: int) -> dict[str, tuple[Meeting, ...]]:
        """The meetings read for ``year``, per object."""
        self.validator(view, year)
        return view.meetings[year]

    def stored(self, view: CollectionView, path: str, etag: str | None, data: bytes, judgement: Judgement) -> None:
        """The upstream accepted the PUT judged by ``judgement``: take it in, without a rebuild."""
        view.objects[path] = (etag, data)
        if etag is None:
            view.own_writes.add(path)
        else:
            view.own_writes.discard(path)
        for year in list(view.meetings):
            if year != judgement.year:
                view.meetings[year].pop(path, None)  # read again for that year when needed
                view.validators.pop(year, None)
        meetings = view.meetings.setdefault(judgement.year, {})
        old = meetings.get(path, ())
        validator = view.validators.get(judgement.year)
        new_uids = {u for d in judgement.decisions for u in d.proposal}
        meetings[path] = self._read_object(view, path, data, judgement.year)
        if validator is None:
            return
        if {m.uid for m in old} - new_uids or len(judgement.decisions) > 1:
            view.validators.pop(judgement.year)  # the object lost a UID, or a whole calendar: rebuild
            return
        for decision, events in zip(judgement.decisions, judgement.events):
            validator.accept(decision, events)
