"""Warm start with the finished check kept: a restart answers as a fresh check (issue 15)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import tempfile
import threading
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from connectors import warm
from connectors.radicale.cache import CollectionCache
from meetingrules import load_policy
from meetingrules.validate import Validator
from tests.engine.test_incremental import AS_OF, POLICY, WINDOW, histories, play
from tests.paths import SAMPLES

SAMPLE = SAMPLES / "ubnd-tinh-2026.ics"
PROPOSALS = sorted((SAMPLES.parent / "tests" / "data" / "proposals").glob("*.ics"))


def _files(validator: Validator) -> dict:
    """The validator's calendar as a collection: one object per UID, its occurrences as held."""
    files: dict[str, tuple] = {}
    for m in validator.existing:
        signature, held = files.get(f"{m.uid}.ics", (m.uid, ()))
        files[f"{m.uid}.ics"] = (signature, held + (m,))
    return files


def _restarted(validator: Validator, folder: str) -> Validator:
    """A new validator from a snapshot of ``validator``'s calendar and checks, as a restarted door makes it."""
    key = warm.snapshot_key(POLICY, "cal", "2025/2026")
    path = Path(folder) / "s.json"
    warm.save(path, key, _files(validator), validator.checks)
    snapshot = warm.restore(path, key, POLICY)
    assert snapshot is not None and len(snapshot.checks) == len(validator.checks) == 1
    restored = Validator([m for _sig, ms in snapshot.files.values() for m in ms], POLICY, as_of=AS_OF)
    assert all(restored.adopt(c) for c in snapshot.checks)
    return restored


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_a_restart_from_a_kept_check_answers_as_a_fresh_check(history):
    """Restarted from its snapshot before every add, edit or delete, a validator decides and holds what a full re-check does."""
    calendar, steps = history
    validator = Validator([m for ms in calendar.values() for m in ms], POLICY, as_of=AS_OF)
    validator.baseline(WINDOW)
    with tempfile.TemporaryDirectory() as folder:
        play(validator, calendar, steps, full_window=None, restart=lambda v: _restarted(v, folder))


def _objects(names):
    data = SAMPLE.read_bytes()
    return {name: (name, (lambda: data)) for name in names}


def _answer(decision):
    return decision.decision, sorted((f.code, f.severity.value, f.uid) for f in decision.findings)


def _first_decision(folder: Path) -> None:
    """One decision by a cache with a warm folder, its snapshot written (a clean shutdown)."""
    cache = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(folder))
    cache.decide("cal", _objects(["x.ics"]), PROPOSALS[0].read_bytes())
    cache.flush()


def test_the_snapshot_is_written_after_the_answer(tmp_path, monkeypatch):
    """A decision that makes a snapshot due is answered while the snapshot is still being written."""
    writing, release = threading.Event(), threading.Event()
    real_save = warm.save

    def slow_save(*args, **kwargs):
        writing.set()
        release.wait(10)
        real_save(*args, **kwargs)

    monkeypatch.setattr(warm, "save", slow_save)
    cache = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    decision = cache.decide("cal", _objects(["x.ics"]), PROPOSALS[0].read_bytes())
    assert decision is not None
    assert writing.wait(10)
    assert not list(tmp_path.glob("*.json"))  # answered, the snapshot not yet written
    release.set()
    cache.flush()
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_a_snapshot_that_cannot_be_written_leaves_its_changes_unsaved(tmp_path):
    """A warm folder that cannot be written costs the warm start only; the changes stay counted as unsaved."""
    blocked = tmp_path / "file"
    blocked.write_text("")  # a file where the folder should be
    cache = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(blocked / "warm"))
    assert cache.decide("cal", _objects(["x.ics"]), PROPOSALS[0].read_bytes()) is not None
    cache.flush()
    [state] = cache._states.values()
    assert state.unsaved == 1


def _fresh_answers(as_of=AS_OF):
    cache = CollectionCache(POLICY, as_of=as_of)
    return [_answer(cache.decide("cal", _objects(["x.ics"]), p.read_bytes())) for p in PROPOSALS]


def test_a_restarted_cache_holds_the_kept_check_and_decides_as_a_fresh_one(tmp_path):
    """A restarted cache holds the check kept in its snapshot (not made again) and decides as a cache without one."""
    _first_decision(tmp_path)
    restarted = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    answers = [_answer(restarted.decide("cal", _objects(["x.ics"]), p.read_bytes())) for p in PROPOSALS]
    [state] = restarted._states.values()
    assert [c.findings for c in state.validator.checks] == [()]  # kept, not checked again (a check has findings)
    assert answers == _fresh_answers()
    assert "deny" in [a[0] for a in answers]


def test_a_check_kept_on_another_day_is_made_again(tmp_path):
    """A check kept on another date is not held: the restarted cache checks again and decides as a fresh one."""
    _first_decision(tmp_path)
    later = AS_OF + dt.timedelta(days=1)
    restarted = CollectionCache(POLICY, as_of=later, warm_dir=str(tmp_path))
    answers = [_answer(restarted.decide("cal", _objects(["x.ics"]), p.read_bytes())) for p in PROPOSALS]
    [state] = restarted._states.values()
    assert all(c.findings for c in state.validator.checks)  # checked again, with its findings
    assert answers == _fresh_answers(later)


def test_a_changed_policy_invalidates_the_kept_check(tmp_path):
    """A snapshot with its check made under another policy is not used: neither its meetings nor its check."""
    validator = Validator([], POLICY, as_of=AS_OF)
    validator.baseline(WINDOW)
    warm.save(tmp_path / "s.json", warm.snapshot_key(POLICY, "cal"), {}, validator.checks)
    other = load_policy('[enforcement]\nmode = "deny-on-warning"\n')
    assert warm.restore(tmp_path / "s.json", warm.snapshot_key(other, "cal"), other) is None
    assert warm.restore(tmp_path / "s.json", warm.snapshot_key(POLICY, "cal"), POLICY) is not None
    assert not Validator([], other, as_of=AS_OF).adopt(validator.checks[0])


def _snapshot(folder: Path) -> Path:
    _first_decision(folder)
    [path] = folder.glob("*.json")
    return path


def test_a_tampered_kept_check_is_ignored_and_made_again(tmp_path):
    """A kept check altered after signing is ignored with its snapshot; the restarted cache reads and checks again."""
    path = _snapshot(tmp_path)
    head, body = path.read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    for g in doc["checks"][0]["gatherings"]:
        g[1] = 60.0  # every gathering one minute long: nothing too long any more
    path.write_bytes(head + b"\n" + json.dumps(doc, ensure_ascii=False).encode())
    assert warm.restore(path, json.loads(body)["key"], POLICY) is None
    restarted = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    answers = [_answer(restarted.decide("cal", _objects(["x.ics"]), p.read_bytes())) for p in PROPOSALS]
    assert answers == _fresh_answers()


def test_a_signed_but_broken_kept_check_is_ignored(tmp_path):
    """A signed snapshot whose check names a meeting it does not hold is ignored, never crashing the door."""
    path = _snapshot(tmp_path)
    head, body = path.read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    doc["checks"][0]["gatherings"][0][0] = [10**9]
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    secret = path.with_name(path.name + ".key").read_bytes()
    header = json.loads(head)
    header["mac"] = hmac.new(secret, body, hashlib.sha256).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert warm.restore(path, doc["key"], POLICY) is None
    restarted = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    answers = [_answer(restarted.decide("cal", _objects(["x.ics"]), p.read_bytes())) for p in PROPOSALS]
    assert answers == _fresh_answers()


def test_a_snapshot_written_from_kept_texts_equals_one_written_afresh(tmp_path):
    """Saved again after a change with the texts kept from the last save, a snapshot is the same bytes as one encoded afresh."""
    cache = CollectionCache(POLICY, as_of=AS_OF)
    cache.decide("cal", _objects(["x.ics", "y.ics"]), PROPOSALS[0].read_bytes())
    [state] = cache._states.values()
    key = warm.snapshot_key(POLICY, "cal")
    memo: dict = {}
    warm.save(tmp_path / "a.json", key, state.files, state.validator.checks, memo)
    cache.decide("cal", {**_objects(["x.ics"]), "z.ics": ("z", PROPOSALS[1].read_bytes)}, PROPOSALS[2].read_bytes())
    warm.save(tmp_path / "a.json", key, state.files, state.validator.checks, memo)
    assert sorted(memo) == ["x.ics", "z.ics"]
    warm.save(tmp_path / "b.json", key, state.files, state.validator.checks)
    body = [(tmp_path / name).read_bytes().split(b"\n", 1)[1] for name in ("a.json", "b.json")]
    assert body[0] == body[1]
    assert warm.restore(tmp_path / "a.json", key, POLICY).files == state.files


def test_restored_values_are_kept_out_of_the_collectors_sight(tmp_path):
    """A restored snapshot's values are frozen (gc.freeze), and the restored cache still decides as a fresh one."""
    import gc

    _first_decision(tmp_path)
    gc.unfreeze()
    restarted = CollectionCache(POLICY, as_of=AS_OF, warm_dir=str(tmp_path))
    try:
        answers = [_answer(restarted.decide("cal", _objects(["x.ics"]), p.read_bytes())) for p in PROPOSALS]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert answers == _fresh_answers()
