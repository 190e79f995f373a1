"""Benchmark: decisions at the door on a big collection — cold, warm, after edits, after a restart.

    python benchmarks/door_bench.py [--events 20000] [--changes 40]

Objects as benchmarks/validate_bench.py generates them (one event per object), decided by
:class:`connectors.radicale.CollectionCache` the way the Radicale hook calls it (the object
being replaced is left out of the collection; an accepted write shows up at the next call):

* cold: read, classify and check everything, decide (and write the warm snapshot);
* new: a new event on the unchanged collection;
* changed / moved: an existing event edited (another hour; another day), the collection
  then holding the new version — the held check updated by what the change touches;
* restart: a new cache over the same folder, first decision from the warm snapshot.

Prints p50 and p95 in milliseconds. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import validate_bench as vb  # noqa: E402


_SIGNATURES: dict[bytes, bytes] = {}


def _objects(texts: dict[str, bytes]):
    # Radicale's signature is a stat() tuple, got for free: hash each content once, outside the timing.
    return {href: (_signature(data), (lambda d=data: d)) for href, data in texts.items()}


def _signature(data: bytes) -> bytes:
    if data not in _SIGNATURES:
        _SIGNATURES[data] = hashlib.sha256(data).digest()
    return _SIGNATURES[data]


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()

    from connectors.radicale import CollectionCache
    from meetingrules import Policy

    as_of = dt.date(2026, 11, 27)
    policy = Policy.builtin()
    texts = {href: text.encode("utf-8") for href, text in vb.generate(args.events)}
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        cache = CollectionCache(policy, as_of=as_of, warm_dir=folder)
        began = time.perf_counter()
        decision = cache.decide("bench", _objects(texts), vb.third_conference().encode())
        print(f"cold: {time.perf_counter() - began:.2f} s ({decision.decision})")

        new = []
        unchanged = _objects(texts)
        for n in range(args.changes):
            proposal = vb.compliant(1000 + n).replace("T140000", f"T{rng.choice([8, 9, 14, 15]):02d}0000")
            began = time.perf_counter()
            cache.decide("bench", unchanged, proposal.encode())
            new.append(time.perf_counter() - began)

        singles = [h for h in texts if h.startswith("event-") and int(h[6:11]) >= 300]
        results = {}
        for label, shift in (("changed (another hour)", dt.timedelta(hours=1)), ("moved (another day)", dt.timedelta(days=3))):
            times = []
            for href in rng.sample(singles, args.changes):
                edited = vb.shifted(texts[href].decode(), shift).encode()
                others = _objects({h: d for h, d in texts.items() if h != href})
                began = time.perf_counter()
                cache.decide("bench", others, edited)  # the hook leaves the old object out
                times.append(time.perf_counter() - began)
                texts[href] = edited  # accepted: the next call sees the new version
            results[label] = times
        objects = _objects(texts)
        began = time.perf_counter()
        cache.decide("bench", objects, vb.compliant(1).encode())
        print(f"last accepted edit taken in: {(time.perf_counter() - began) * 1000:.1f} ms")

        for label, times in (("new", new), *results.items()):
            print(f"{label}: p50 {_pct(times, 0.5):.1f} ms, p95 {_pct(times, 0.95):.1f} ms (n={len(times)})")

        # Object hashing is the caller's (Radicale gives inode/size/mtime): time our part only.
        began = time.perf_counter()
        restarted = CollectionCache(policy, as_of=as_of, warm_dir=folder)
        decision = restarted.decide("bench", objects, vb.compliant(2).encode())
        print(f"restart, first decision from the snapshot: {time.perf_counter() - began:.2f} s ({decision.decision})")
        size = sum(p.stat().st_size for p in Path(folder).glob("*.json"))
        print(f"snapshot: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
