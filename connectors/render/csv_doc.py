"""Findings as CSV: one row per finding."""

from __future__ import annotations

import csv
import io

from meetingrules import CheckResult

CSV_COLUMNS = (
    "code", "severity", "waived", "uid", "recurrence_id", "start", "end", "title", "unit", "rule",
    "message", "measured", "limit", "measure_unit", "citation", "origin", "line",
)


def to_csv(result: CheckResult, lang: str) -> str:
    """One row per finding, the columns of ``CSV_COLUMNS``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in result.findings:
        d = f.to_dict(lang)
        writer.writerow(
            [d["code"], d["severity"], "yes" if f.waived else "", d["uid"], d["recurrence_id"] or "", d["start"] or "",
             d["end"] or "", d["title"], d["unit"], d["rule"], d["message"], "" if f.measured is None else f.measured,
             "" if f.limit is None else f.limit, d["measure_unit"], d["citation"], d["origin"], d["line"] or ""]
        )
    return buffer.getvalue()
