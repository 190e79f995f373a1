"""Warm start: classified meetings kept on disk, trusted only when signed and keyed (issue 15)."""

from __future__ import annotations

import datetime as dt
import json

from connectors import ics, warm
from connectors.radicale.cache import CollectionCache
from meetingrules import Policy, Window, load_policy
from meetingrules.classify import Classifier
from tests.paths import SAMPLES

POLICY = Policy.builtin()
AS_OF = dt.date(2026, 11, 27)
SAMPLE = SAMPLES / "ubnd-tinh-2026.ics"


def _files():
    window = Window(Window.year(2025, POLICY.timezone).start, Window.year(2026, POLICY.timezone).end)
    read = ics.read_paths([str(SAMPLE)], POLICY, window)
    classify = Classifier(POLICY)
    return {"a.ics": (b"\x01\x02", tuple(classify(e) for e in read.events)), "b.ics": ((7, 42, 123), ())}


def test_a_snapshot_gives_back_equal_meetings(tmp_path):
    """A saved snapshot loads as equal meetings and signatures."""
    files = _files()
    key = warm.snapshot_key(POLICY, "cal", 2026)
    warm.save(tmp_path / "s.json", key, files)
    assert warm.load(tmp_path / "s.json", key) == files


def test_a_changed_policy_invalidates_the_snapshot(tmp_path):
    """A snapshot made under another policy is not used."""
    warm.save(tmp_path / "s.json", warm.snapshot_key(POLICY, "cal", 2026), _files())
    other = load_policy('[enforcement]\nmode = "deny-on-warning"\n')
    assert warm.load(tmp_path / "s.json", warm.snapshot_key(other, "cal", 2026)) is None


def test_a_tampered_or_corrupt_snapshot_is_ignored(tmp_path):
    """A snapshot whose body was altered, or that is not JSON, is ignored, not trusted."""
    key = warm.snapshot_key(POLICY, "cal", 2026)
    path = tmp_path / "s.json"
    warm.save(path, key, _files())
    head, body = path.read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    doc["objects"]["a.ics"][1] = []
    path.write_bytes(head + b"\n" + json.dumps(doc).encode())
    assert warm.load(path, key) is None
    path.write_bytes(b"\x80garbage")
    assert warm.load(path, key) is None


def test_a_snapshot_signed_elsewhere_is_ignored(tmp_path):
    """A snapshot copied beside another signing key is foreign and ignored."""
    key = warm.snapshot_key(POLICY, "cal", 2026)
    warm.save(tmp_path / "s.json", key, _files())
    (tmp_path / "s.json.key").write_bytes(b"another key of 32 bytes, really.")
    assert warm.load(tmp_path / "s.json", key) is None


def test_a_restarted_cache_reads_only_what_changed(tmp_path):
    """After a restart the cache reads only objects changed since its snapshot, with the same decision."""
    data = SAMPLE.read_bytes()
    reads: list[str] = []

    def objects(names):
        def loader(name):
            def load():
                reads.append(name)
                return data
            return load
        return {name: (name, loader(name)) for name in names}

    proposal = (SAMPLES / ".." / "tests" / "data" / "proposals").resolve()
    event = next(p for p in sorted(proposal.glob("*.ics"))).read_bytes()
    first = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    before = first.decide("cal", objects(["x.ics", "y.ics"]), event)
    first.flush()  # the snapshot is written after the answer: a clean shutdown waits for it
    assert sorted(reads) == ["x.ics", "y.ics"]
    reads.clear()
    restarted = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    after = restarted.decide("cal", objects(["x.ics", "y.ics", "z.ics"]), event)
    assert reads == ["z.ics"]
    assert before.decision == after.decision


def test_a_changed_collection_keeps_its_validator_and_decides_as_a_fresh_one():
    """A changed object updates the held Validator (not rebuilt) and the decision equals a fresh cache's."""
    data = SAMPLE.read_bytes()
    proposals = sorted((SAMPLES.parent / "tests" / "data" / "proposals").glob("*.ics"))
    cache = CollectionCache(POLICY, as_of=AS_OF)
    cache.decide("cal", [("x.ics", data)], proposals[0].read_bytes())
    [state] = cache._states.values()
    held = state.validator
    changed = [("x.ics", data), ("p.ics", proposals[1].read_bytes())]
    for proposal in proposals[2:5]:
        warm_answer = cache.decide("cal", changed, proposal.read_bytes())
        fresh = CollectionCache(POLICY, as_of=AS_OF).decide("cal", changed, proposal.read_bytes())
        assert state.validator is held
        assert (warm_answer.decision, sorted((f.code, f.uid) for f in warm_answer.findings)) == (
            fresh.decision, sorted((f.code, f.uid) for f in fresh.findings))
