"""The JSON document of a check (schema version 1, docs/json-schema.md): one renderer for
the command line and the HTTP API."""

from __future__ import annotations

import json
from typing import Any

import attrs

from connectors.render.describe import finding_counts
from meetingrules import CheckResult

SCHEMA_VERSION = 1


def to_json(result: CheckResult, lang: str, extra: dict[str, Any] | None = None) -> str:
    """The JSON document of schema version 1."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": "meetingrules",
        "policy": result.policy.name,
        "lang": lang,
        "window": {"start": result.window.start.isoformat(), "end": result.window.end.isoformat()},
        "as_of": result.as_of.isoformat(),
        "summary": {**result.summary.to_dict(), **{f"findings_{k}": v for k, v in finding_counts(result.findings).items()}},
        "findings": [f.to_dict(lang) for f in result.findings],
    }
    if extra:
        doc.update(extra)
    return json.dumps(doc, ensure_ascii=False, indent=2)


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
