"""The shipped samples produce exactly the findings their expected files list (written by hand)."""

from __future__ import annotations

import json

import pytest

from connectors.cli import main
from tests.paths import SAMPLES

PINNED = ["--year", "2026", "--as-of", "2026-11-27"]


def _expected(name: str) -> tuple[list[tuple[str, ...]], tuple[int, ...]]:
    rows = []
    for line in (SAMPLES / "expected" / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, severity, subject, *rest = line.split("\t")
            rows.append((code, severity, subject, "waived" if rest and rest[0] == "waived" else ""))
    summary = tuple(int(n) for n in (SAMPLES / "expected" / f"{name}.summary").read_text().split())
    return sorted(rows), summary


def _run_json(capsys, *args) -> tuple[int, dict]:
    code = main(["check", *args, *PINNED, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _actual(doc: dict) -> list[tuple[str, ...]]:
    rows = []
    for f in doc["findings"]:
        if f["severity"] == "info":
            continue
        subject = f["uid"] or f"unit:{f['unit']}"
        rows.append((f["code"], f["severity"], subject, "waived" if f["waived"] else ""))
    return sorted(rows)


@pytest.mark.parametrize("name", ["ubnd-tinh-2026", "so-tai-chinh-outlook", "xa-tan-hung-utc"])
def test_each_sample_gives_its_expected_findings(capsys, name):
    """Each sample calendar checked alone gives exactly its expected errors and warnings and counts."""
    rows, summary = _expected(name)
    code, doc = _run_json(capsys, str(SAMPLES / f"{name}.ics"))
    assert _actual(doc) == rows
    s = doc["summary"]
    assert (s["read"], s["checked"], s["excluded"], s["rejected"]) == summary
    assert code == (1 if any(r[1] == "error" and not r[3] for r in rows) else 0)


def test_the_samples_folder_gives_the_expected_findings(capsys):
    """The samples folder checked as a whole adds MR403 across calendars."""
    rows, summary = _expected("all")
    code, doc = _run_json(capsys, str(SAMPLES))
    assert _actual(doc) == rows
    s = doc["summary"]
    assert (s["read"], s["checked"], s["excluded"], s["rejected"]) == summary
    assert s["read"] == s["checked"] + s["excluded"] + s["rejected"]
    assert code == 1


def test_summer_policy_changes_the_verdicts(capsys):
    """With the summer policy the Outlook sample's 8.5-hour technical conference is waived."""
    code, doc = _run_json(capsys, str(SAMPLES / "so-tai-chinh-outlook.ics"), "--policy", str(SAMPLES / "chinh-sach-mua-he.toml"))
    found = {(f["code"], f["uid"][-6:]): f["waived"] for f in doc["findings"] if f["code"] in ("MR102", "MR201")}
    assert found == {("MR102", "STC002"): True, ("MR201", "STC004"): False}
    assert code == 1
