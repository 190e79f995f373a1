"""The JSON document of a check (schema version 1, docs/json-schema.md): one renderer for
the command line and the HTTP API."""

from __future__ import annotations

import json
from typing import Any

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
