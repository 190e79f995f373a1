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
    """The findings of a document, each made into its dictionary only when it is written.

    The 15,000 finding dictionaries of a province-year are made and dropped one at a time
    instead of all held before the first byte is written.
    """

    def __init__(self, items, make):
        super().__init__()
        self._items, self._make = items, make

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return (self._make(item) for item in self._items)


_STRING = json.encoder.encode_basestring  # ensure_ascii=False; the C function where there is one
_INDENT = "  "


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key) -> str:
    if isinstance(key, str):
        return _STRING(key)
    if key is True or key is False or key is None:
        return _STRING({True: "true", False: "false", None: "null"}[key])
    if isinstance(key, int):
        return _STRING(int.__repr__(key))
    if isinstance(key, float):
        return _STRING(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def encode(value, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, for a value ``level`` deep.

    The standard encoder walks an indented document in Python one generator step per
    token (1.8 million steps for a province-year's findings); this joins each container's
    items at once. Held equal to ``json.dumps`` by a Hypothesis test.
    """
    if isinstance(value, str):
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "\n" + _INDENT * (level + 1)
        return "[" + ",".join([inner + encode(item, level + 1) for item in value]) + "\n" + _INDENT * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + _INDENT * (level + 1)
        return ("{" + ",".join([inner + _key(k) + ": " + encode(v, level + 1) for k, v in value.items()])
                + "\n" + _INDENT * level + "}")
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _pieces(doc: dict[str, Any]):
    """The top-level document in pieces; a :class:`_Lazy` list is written item by item."""
    if not doc:
        yield "{}"
        return
    inner = "\n" + _INDENT
    for n, (key, value) in enumerate(doc.items()):
        head = ("{" if n == 0 else ",") + inner + _key(key) + ": "
        if isinstance(value, _Lazy) and len(value):
            yield head + "["
            for m, item in enumerate(value):
                yield ("" if m == 0 else ",") + inner + _INDENT + encode(item, 2)
            yield inner + "]"
        else:
            yield head + encode(value, 1)
    yield "\n}"


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
    return _pieces(doc)


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
