"""A worker process for the lock tests: adds 1 to a counter file ``rounds`` times under the lock.

    python -m tests.connectors.database.lock_worker URL KEY COUNTER ROUNDS

Each round reads the counter, waits a little and writes it back plus one, inside
``Database.collection_lock(KEY)``: without the lock, two workers lose each other's rounds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from connectors.database import Database


def main(url: str, key: str, counter: str, rounds: str) -> None:
    """Run the rounds."""
    path = Path(counter)
    with Database(url) as db:
        for _ in range(int(rounds)):
            with db.collection_lock(key, timeout=60):
                value = int(path.read_text() or "0")
                time.sleep(0.002)
                path.write_text(str(value + 1))


if __name__ == "__main__":
    main(*sys.argv[1:])
