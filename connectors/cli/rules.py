"""``meetingrules rules``: the rule catalogue as a table."""

from __future__ import annotations

import sys

from connectors.cli.common import EXIT_OK
from connectors.render.terminal import console
from meetingrules import catalog

from connectors.cli.help_text import h


def add_parser(sub, lang: str):
    """``rules``: its options."""
    parser = sub.add_parser("rules", help=h("rules", lang), description=h("rules", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    return parser


def run(args, lang: str) -> int:
    """Print every rule: code, severity, title, citation."""
    from rich.table import Table

    table = Table("code", "severity", "tiêu đề" if lang == "vi" else "title", "citation")
    for rule in catalog.RULES:
        table.add_row(rule.code, rule.severity.value, rule.title(lang), rule.citation.paragraph if rule.citation else "—")
    console(sys.stdout).print(table)
    return EXIT_OK
