"""``meetingrules token create NAME | list | revoke NAME [--database URL]``: API tokens.

A token's secret is printed once, at creation; the database keeps only its hash.
"""

from __future__ import annotations

import sys

from connectors.cli.common import EXIT_FINDINGS, EXIT_OK
from connectors.cli.help_text import h
from meetingrules import UsageError


def add_parser(subparsers, lang: str):
    """Register ``token``."""
    parser = subparsers.add_parser("token", help=h("token", lang), description=h("token", lang))
    parser.add_argument("action", choices=("create", "list", "revoke"), help=h("token.action", lang))
    parser.add_argument("name", nargs="?", metavar="NAME", help=h("token.name", lang))
    parser.add_argument("--database", metavar="URL", help=h("serve.database", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    return parser


def run(args, lang: str) -> int:
    """Create, list or revoke; 1 when revoking a name that has no active token."""
    from connectors.database import Database

    en = lang == "en"
    if args.action in ("create", "revoke") and not (args.name or "").strip():
        raise UsageError(f"'token {args.action}' cần TÊN.", f"'token {args.action}' needs a NAME.")
    with Database(args.database) as database:
        if args.action == "create":
            secret = database.create_token(args.name.strip())
            sys.stderr.write(
                (f"Token '{args.name}' created. Keep it now: it is not shown again.\n" if en else
                 f"Đã tạo mã '{args.name}'. Hãy lưu lại ngay: mã không được hiện lại.\n")
            )
            sys.stdout.write(secret + "\n")
            return EXIT_OK
        if args.action == "revoke":
            if database.revoke_token(args.name.strip()):
                sys.stdout.write((f"Token '{args.name}' revoked.\n" if en else f"Đã thu hồi mã '{args.name}'.\n"))
                return EXIT_OK
            sys.stderr.write((f"No active token '{args.name}'.\n" if en else f"Không có mã '{args.name}' đang dùng.\n"))
            return EXIT_FINDINGS
        for token in database.tokens():
            state = ("active" if en else "đang dùng") if token.active else ("revoked" if en else "đã thu hồi")
            sys.stdout.write(f"{token.name}\t{state}\t{_when(token)}\n")
        return EXIT_OK


def _when(token) -> str:
    created = getattr(token, "created", None) or getattr(token, "created_at", None)
    return created.isoformat(timespec="seconds") if created else ""
