"""Findings as CSV: one row per finding, for Excel (``excel-vn``) or for programs (``rfc``).

``excel-vn`` (the default) is what a Vietnamese Excel opens without a wizard: UTF-8 with a
byte-order mark (else Excel reads the text as ANSI and breaks every accented letter), ``;``
between fields (the list separator where the decimal mark is a comma), headers and
severities in the user's language, numbers and dates as that language writes them.
``rfc`` is the earlier machine CSV (RFC 4180, ``,``, the stable English column keys, ISO
dates, dot decimals, no BOM) that scripts read.
"""

from __future__ import annotations

import csv
import io

from connectors.render.words import SEVERITY_LOWER, word
from meetingrules import CheckResult
from meetingrules.i18n import pick

CSV_COLUMNS = (
    "code", "severity", "waived", "uid", "recurrence_id", "start", "end", "title", "unit", "rule",
    "message", "measured", "limit", "measure_unit", "citation", "origin", "line",
)
#: the words of each column's header for people (``excel-vn``)
HEADER_WORDS = {
    "code": "code", "severity": "severity", "waived": "waived", "uid": "uid", "recurrence_id": "recurrence_id",
    "start": "start", "end": "end", "title": "meeting", "unit": "unit", "rule": "rule", "message": "message",
    "measured": "measured_value", "limit": "limit", "measure_unit": "measure_unit", "citation": "citation",
    "origin": "file", "line": "line",
}
DIALECTS = ("excel-vn", "rfc")
BOM = "\ufeff"


def _decimal(value, lang: str) -> str:
    if value is None:
        return ""
    text = repr(float(value)) if not float(value).is_integer() else str(int(value))
    return text.replace(".", ",") if lang == "vi" else text


def _stamp(moment) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment is not None else ""


def to_csv(result: CheckResult, lang: str, dialect: str = "excel-vn") -> str:
    """One row per finding, the columns of ``CSV_COLUMNS``, in ``dialect`` (``excel-vn`` or ``rfc``)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    buffer = io.StringIO()
    people = dialect == "excel-vn"
    writer = csv.writer(buffer, delimiter=";" if people else ",", lineterminator="\r\n" if people else "\n")
    writer.writerow([word(HEADER_WORDS[c], lang) for c in CSV_COLUMNS] if people else CSV_COLUMNS)
    for f in result.findings:
        d = f.to_dict(lang)
        if people:
            row = [d["code"], pick(SEVERITY_LOWER[f.severity], lang),
                   word("yes", lang) if f.waived else "", d["uid"], d["recurrence_id"] or "", _stamp(f.start),
                   _stamp(f.end), d["title"], d["unit"], d["rule"], d["message"], _decimal(f.measured, lang),
                   _decimal(f.limit, lang), d["measure_unit"], d["citation"], d["origin"], d["line"] or ""]
        else:
            row = [d["code"], d["severity"], "yes" if f.waived else "", d["uid"], d["recurrence_id"] or "",
                   d["start"] or "", d["end"] or "", d["title"], d["unit"], d["rule"], d["message"],
                   "" if f.measured is None else f.measured, "" if f.limit is None else f.limit,
                   d["measure_unit"], d["citation"], d["origin"], d["line"] or ""]
        writer.writerow(row)
    return (BOM if people else "") + buffer.getvalue()
