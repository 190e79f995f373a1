"""``meetingrules explain CODE``: one rule, with the plan's words and its examples."""

from __future__ import annotations

from connectors.cli.common import EXIT_OK, emit
from meetingrules import UsageError, catalog

from connectors.cli.help_text import h


def add_parser(sub, lang: str):
    """``explain``: its arguments."""
    parser = sub.add_parser("explain", help=h("explain", lang), description=h("explain", lang))
    parser.add_argument("code", help=h("explain.code", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    return parser


def run(args, lang: str) -> int:
    """Print the rule's page (the same text as docs/rules/CODE.md)."""
    from meetingrules.docgen import rule_page

    code = args.code.strip().upper()
    if code not in catalog.BY_CODE:
        retired = catalog.RETIRED.get(code)
        raise UsageError(
            f"Không có quy tắc {code}." + (f" ({retired})" if retired else ""),
            f"There is no rule {code}." + (f" ({retired})" if retired else ""),
        )
    emit(rule_page(catalog.rule(code)), None)
    return EXIT_OK
