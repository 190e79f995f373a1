"""Robustness: every real-world calendar in ../shared/corpus is read without a traceback and balances."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import pytest

from connectors.ics import read_paths
from meetingrules import Policy, Window
from tests.paths import CORPUS

POLICY = Policy.builtin()
_FILES = sorted(
    p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() == ".ics"
) if CORPUS.is_dir() else []
# Most corpus events lie between 1997 and 2030; read a wide window so recurrence is exercised.
WINDOWS = {
    "2026": Window.year(2026, zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")),
    "wide": Window(
        Window.year(1995, zoneinfo.ZoneInfo("UTC")).start, Window.year(2030, zoneinfo.ZoneInfo("UTC")).end
    ),
}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.shared
@pytest.mark.parametrize("window", sorted(WINDOWS))
@pytest.mark.parametrize("path", _FILES or [CORPUS], ids=[_id(p) for p in _FILES] or ["corpus-absent"])
def test_corpus_file_reads_and_balances(path, window):
    """The file is read without an exception and read == components + rejected + outside_window."""
    result = read_paths([str(path)], POLICY, WINDOWS[window])
    intake = result.intake
    components = len({(e.source.origin, e.source.component) for e in result.events})
    assert intake.read == components + intake.rejected + intake.outside_window
    assert intake.rejected <= intake.read
    for event in result.events:
        assert event.start.tzinfo is not None and event.end >= event.start
        assert WINDOWS[window].contains(event.start)
    for finding in intake.findings:
        assert finding.code in {"MR001", "MR002", "MR004", "MR006", "MR007"}
        assert finding.message_vi and finding.message_en
