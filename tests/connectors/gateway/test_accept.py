"""A stored proposal taken into a warm Validator: the next decision equals a fresh check's."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingrules import Kind, Level, Scope
from meetingrules.validate import Validator
from tests.helpers import at, conference, meeting

AS_OF = dt.date(2026, 11, 27)


def _pw(uid, month, unit="", **kw):
    return conference(uid, at(2026, month, 10, 8), at(2026, month, 10, 11), Kind.TECHNICAL,
                      scope=Scope.PROVINCE_WIDE, level=Level.PROVINCE, **kw)


def _key(decision):
    return decision.decision, sorted(
        (f.code, f.severity.value, f.waived, tuple(sorted({f.uid, *f.related}))) for f in decision.findings)


def _sequence():
    return [
        [_pw("a", 2)],
        [meeting("m1", at(2026, 12, 1, 8), at(2026, 12, 1, 10), organizer="Chủ tịch")],
        [_pw("b", 5)],
        [meeting("m2", at(2026, 12, 1, 9), at(2026, 12, 1, 11), organizer="Chủ tịch")],
        [_pw("c", 9)],
        [_pw("b", 6)],  # an edit of b: moved to June
        [_pw("d", 10)],
    ]


@pytest.mark.parametrize("step", range(1, 7))
def test_accepted_proposals_decide_like_a_fresh_validator(step):
    """After each accepted proposal, the warm Validator decides the next one as a fresh one does."""
    warm = Validator([meeting("x", at(2026, 1, 5, 8), at(2026, 1, 5, 9))], as_of=AS_OF)
    stored = list(warm.existing)
    sequence = _sequence()
    for proposal in sequence[:step]:
        warm.accept(warm.validate(proposal), proposal)
        uids = {m.uid for m in proposal}
        stored = [m for m in stored if m.uid not in uids] + proposal
    following = sequence[step]
    fresh = Validator(stored, as_of=AS_OF)
    assert _key(warm.validate(following)) == _key(fresh.validate(following))
    assert sorted(m.uid for m in warm.existing) == sorted(m.uid for m in stored)
