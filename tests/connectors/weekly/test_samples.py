"""The weekly-schedule samples produce exactly the findings their expected files list (counted by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.cli import main

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
PINNED = ["--year", "2026", "--as-of", "2026-11-27"]
NAMES = sorted(p.name for p in (SAMPLES / "weekly").iterdir() if p.suffix in (".txt", ".html", ".doc", ".docx", ".xlsx", ".pdf"))


def _expected(stem: str):
    rows = []
    for line in (SAMPLES / "expected" / f"{stem}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, severity, subject, *rest = line.split("\t")
            rows.append((code, severity, subject, "waived" if rest and rest[0] == "waived" else ""))
    summary = tuple(int(n) for n in (SAMPLES / "expected" / f"{stem}.summary").read_text().split())
    return sorted(rows), summary


@pytest.mark.parametrize("name", NAMES)
def test_each_weekly_sample_gives_its_expected_findings(capsys, name):
    """Each weekly schedule checked alone gives exactly its hand-counted errors, warnings and counts."""
    rows, summary = _expected(name.rsplit(".", 1)[0])
    code = main(["check", str(SAMPLES / "weekly" / name), *PINNED, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    actual = sorted(
        (f["code"], f["severity"], f["uid"] or f"unit:{f['unit']}", "waived" if f["waived"] else "")
        for f in doc["findings"] if f["severity"] != "info"
    )
    assert actual == rows
    s = doc["summary"]
    assert (s["read"], s["checked"], s["excluded"], s["rejected"]) == summary
    assert code == (1 if any(r[1] == "error" for r in rows) else 0)
