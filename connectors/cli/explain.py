"""``meetingrules explain CODE``: one rule, with the plan's words and its examples."""

from __future__ import annotations

from connectors.cli.common import EXIT_OK, emit
from meetingrules import UsageError, catalog


def add_parser(sub, lang: str):
    """``explain``: its arguments."""
    parser = sub.add_parser("explain", help="giải thích một quy tắc / explain a rule")
    parser.add_argument("code")
    parser.add_argument("--lang", choices=("vi", "en"), default=None)
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
