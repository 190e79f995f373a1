"""The JSON document of a check (schema version 1, docs/json-schema.md): one renderer for
the command line and the HTTP API."""

from __future__ import annotations

import json
from typing import Any

import attrs

from connectors.render.describe import finding_counts
from meetingrules import CheckResult
from meetingrules.engine import quiet_gc

SCHEMA_VERSION = 1


class _Lazy(list):
    """A list for ``json``'s encoder that makes each item as it is written.

    With ``indent`` the encoder walks lists in Python (``for item in lst`` after a
    ``len`` test), so the 15,000 finding dictionaries of a province-year are made and
    dropped one at a time instead of all held before the first byte is written.
    """

    def __init__(self, items, make):
        super().__init__()
        self._items, self._make = items, make

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return (self._make(item) for item in self._items)


def chunks(result: CheckResult, lang: str, extra: dict[str, Any] | None = None):
    """The JSON document of schema version 1, in pieces as it is encoded (nothing held whole)."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": "meetingrules",
        "policy": result.policy.name,
        "lang": lang,
        "window": {"start": result.window.start.isoformat(), "end": result.window.end.isoformat()},
        "as_of": result.as_of.isoformat(),
        "summary": {**result.summary.to_dict(), **{f"findings_{k}": v for k, v in finding_counts(result.findings).items()}},
        "findings": _Lazy(result.findings, lambda f: f.to_dict(lang)),
    }
    if extra:
        doc.update(extra)
    return json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(doc)


def write_json(result: CheckResult, lang: str, out, extra: dict[str, Any] | None = None) -> None:
    """Write the document to the text stream ``out`` as it is encoded (byte-identical to :func:`to_json`)."""
    buffer: list[str] = []
    size = 0
    with quiet_gc():  # short-lived strings and dictionaries only: no collector passes over the big heap
        for chunk in chunks(result, lang, extra):
            buffer.append(chunk)
            size += len(chunk)
            if size > 1 << 16:
                out.write("".join(buffer))
                buffer, size = [], 0
        out.write("".join(buffer))


def to_json(result: CheckResult, lang: str, extra: dict[str, Any] | None = None) -> str:
    """The JSON document of schema version 1."""
    with quiet_gc():
        return "".join(chunks(result, lang, extra))


def decision_json(decision, lang: str) -> dict:
    """The JSON document of a decision (``validate --format json``; the server answers it too).

    The accounting is the existing calendar's; the findings are those about the proposal (the
    calendar's own findings are not rendered: thousands of them on a province's year).
    """
    calendar = decision.calendar or decision.result
    doc = json.loads(to_json(attrs.evolve(calendar, findings=()), lang))
    doc.update(decision.to_dict(lang))
    doc["summary"] = {
        **calendar.summary.to_dict(),
        **{f"findings_{k}": v for k, v in finding_counts(decision.findings).items()},
    }
    doc["proposal_summary"] = decision.result.summary.to_dict()
    return doc
