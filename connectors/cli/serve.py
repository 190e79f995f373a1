"""``meetingrules serve [--host H] [--port P] [--database URL] [--calendar NAME=PATH|URL]... [--policy FILE]``.

One process (uvicorn) serves the clerk's page and the HTTP API. It binds 127.0.0.1 by
default; beyond the loopback address, validate and decisions need an API token
(``meetingrules token create NAME``).
"""

from __future__ import annotations

import sys

from connectors.cli.common import EXIT_OK
from connectors.cli.help_text import h
from meetingrules import UsageError


def add_parser(subparsers, lang: str):
    """Register ``serve``."""
    parser = subparsers.add_parser("serve", help=h("serve", lang), description=h("serve", lang))
    parser.add_argument("--host", default="127.0.0.1", help=h("serve.host", lang))
    parser.add_argument("--port", type=int, default=8000, help=h("serve.port", lang))
    parser.add_argument("--database", metavar="URL", help=h("serve.database", lang))
    parser.add_argument("--calendar", action="append", default=[], metavar="NAME=PATH|URL",
                        help=h("serve.calendar", lang))
    parser.add_argument("--policy", metavar="FILE", help=h("opt.policy", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    parser.add_argument("--max-upload", type=int, default=50, metavar="MB", help=h("serve.max_upload", lang))
    return parser


def run(args, lang: str) -> int:
    """Start the server and serve until interrupted."""
    import uvicorn

    from connectors.server.app import Settings, create_app
    from connectors.server.security import is_loopback

    if not 0 < args.port < 65536:
        raise UsageError(f"Cổng không hợp lệ: {args.port}", f"Not a valid port: {args.port}")
    if args.max_upload <= 0:
        raise UsageError("--max-upload phải lớn hơn 0.", "--max-upload must be above 0.")
    settings = Settings(
        host=args.host,
        port=args.port,
        database=args.database,
        calendars=tuple(args.calendar),
        policy=args.policy,
        lang=lang,
        max_upload=args.max_upload * 1024 * 1024,
    )
    app = create_app(settings)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/"
    if lang == "en":
        sys.stderr.write(f"meetingrules serve: {url} (Ctrl+C to stop); decision log: {app.state.database!r}\n")
    else:
        sys.stderr.write(f"meetingrules serve: {url} (Ctrl+C để dừng); nhật ký quyết định: {app.state.database!r}\n")
    if not is_loopback(args.host):
        if not [t for t in app.state.database.tokens() if t.active]:
            sys.stderr.write(
                "Note: listening beyond loopback; validate and decisions need a token: meetingrules token create NAME\n"
                if lang == "en" else
                "Lưu ý: máy chủ mở ra ngoài máy này; validate và nhật ký cần mã truy cập: meetingrules token create TÊN\n"
            )
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False)
    return EXIT_OK
