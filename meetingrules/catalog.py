"""The rule catalogue: every code, as declared in :mod:`meetingrules.rules`.

The declarations live beside their bodies, one module per family
(``meetingrules/rules/quality.py`` … ``calendar.py``); this module is the catalogue's
stable address for readers and renderers (``catalog.rule(code)``, ``catalog.RULES`` …).
"""

from __future__ import annotations

from meetingrules.findings import Citation
from meetingrules.rules import BY_CODE, RETIRED, RULES, is_selected, rule, severity_for
from meetingrules.rules.base import PLAN_II4A, PLAN_II4B, Rule

__all__ = [
    "BY_CODE",
    "PLAN_II4A",
    "PLAN_II4B",
    "RETIRED",
    "RULES",
    "Citation",
    "Rule",
    "is_selected",
    "rule",
    "severity_for",
]
