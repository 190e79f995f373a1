"""Robustness at the command line: every corpus file gives findings or a diagnostic, never a traceback."""

from __future__ import annotations

import json

import pytest

from connectors.cli import main
from tests.paths import CORPUS

_FILES = sorted(p for p in CORPUS.rglob("*.ics") if p.is_file()) if CORPUS.is_dir() else []
SKIP = pytest.mark.shared


@SKIP
@pytest.mark.parametrize("path", _FILES or [CORPUS], ids=[f"{p.parent.name}/{p.name}" for p in _FILES] or ["corpus-absent"])
def test_corpus_file_through_the_cli(path, capsys):
    """Checking the file exits 0 or 1 with a balanced JSON summary, or 2 saying nothing could be read."""
    code = main(["check", str(path), "--format", "json", "--year", "2026", "--as-of", "2026-11-27"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code == 2:
        assert out == ""
        assert err.strip().endswith("Không đọc được sự kiện nào.")
        return
    assert code in (0, 1)
    summary = json.loads(out)["summary"]
    assert summary["read"] == summary["checked"] + summary["excluded"] + summary["rejected"]


@SKIP
def test_whole_corpus_in_one_run(capsys):
    """The whole corpus folder checked at once exits 0 or 1: a bad file never stops the others."""
    code = main(["check", str(CORPUS), "--format", "json", "--year", "2026", "--as-of", "2026-11-27"])
    out, _ = capsys.readouterr()
    summary = json.loads(out)["summary"]
    assert code in (0, 1)
    assert summary["read"] == summary["checked"] + summary["excluded"] + summary["rejected"]
    assert summary["rejected"] > 0 and summary["read"] > 300
