"""``meetingrules gateway``: run the validating reverse proxy (SPEC §11, docs/gateway.md).

    meetingrules gateway --upstream URL [--listen 127.0.0.1:8008] [--policy FILE]
                         [--database URL] [--failure-policy closed|open] [--mode enforce|warn]
                         [--timeout SECONDS] [--insecure] [--max-body BYTES] [--prefix PATH]
                         [--warm-dir DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from urllib.parse import urlsplit

from connectors.checking import resolve_policy
from connectors.cli.common import date_value
from connectors.cli.help_text import h
from meetingrules import UsageError

__all__ = ["add_parser", "run"]

DEFAULT_LISTEN = "127.0.0.1:8008"
DEFAULT_MAX_BODY = 10 * 1024 * 1024


def add_parser(subparsers, lang: str = "vi") -> argparse.ArgumentParser:
    """Register ``gateway`` with its options."""
    parser = subparsers.add_parser("gateway", help=h("gateway", lang), description=h("gateway", lang))
    parser.add_argument("--upstream", required=True, metavar="URL", help=h("gateway.upstream", lang))
    parser.add_argument("--listen", default=DEFAULT_LISTEN, metavar="HOST:PORT", help=h("gateway.listen", lang))
    parser.add_argument("--policy", metavar="FILE", help=h("opt.policy", lang))
    parser.add_argument("--database", metavar="URL", help=h("gateway.database", lang))
    parser.add_argument("--failure-policy", choices=("closed", "open"), default="closed",
                        help=h("gateway.failure_policy", lang))
    parser.add_argument("--mode", choices=("enforce", "warn"), default="enforce", help=h("gateway.mode", lang))
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help=h("gateway.timeout", lang))
    parser.add_argument("--insecure", action="store_true", help=h("gateway.insecure", lang))
    parser.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES", help=h("gateway.max_body", lang))
    parser.add_argument("--prefix", metavar="PATH", help=h("gateway.prefix", lang))
    parser.add_argument("--warm-dir", metavar="DIR", help=h("gateway.warm_dir", lang))
    parser.add_argument("--as-of", type=date_value, metavar="DATE", help=h("opt.as_of", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    return parser


def _listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--listen cần dạng HOST:CỔNG, ví dụ {DEFAULT_LISTEN}: {value!r}",
                         f"--listen takes HOST:PORT, e.g. {DEFAULT_LISTEN}: {value!r}")
    return host.strip("[]"), int(port)


def config_from(args):
    """The :class:`~connectors.gateway.GatewayConfig` of the parsed options (UsageError when bad)."""
    from connectors.gateway.app import GatewayConfig

    parts = urlsplit(args.upstream)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--upstream phải là địa chỉ http:// hoặc https://: {args.upstream!r}",
                         f"--upstream must be an http:// or https:// URL: {args.upstream!r}")
    if not args.timeout > 0:
        raise UsageError("--timeout phải lớn hơn 0.", "--timeout must be greater than 0.")
    if args.max_body <= 0:
        raise UsageError("--max-body phải lớn hơn 0.", "--max-body must be greater than 0.")
    if args.prefix is not None and not args.prefix.startswith("/"):
        raise UsageError(f"--prefix phải bắt đầu bằng /: {args.prefix!r}", f"--prefix must start with /: {args.prefix!r}")
    database = None
    if args.database:
        database = open_database(args.database)
    return GatewayConfig(
        upstream=args.upstream, policy=resolve_policy(args.policy), mode=args.mode,
        failure_policy=args.failure_policy, timeout=args.timeout, verify=not args.insecure,
        max_body=args.max_body, prefix=args.prefix, as_of=args.as_of, database=database,
        warm_dir=getattr(args, "warm_dir", None),
    )


def open_database(url: str):
    """The decision database at ``url`` (UsageError when it cannot be opened)."""
    try:
        from connectors.database import Database
    except ImportError as exc:
        raise UsageError("Bản cài đặt này chưa có cơ sở dữ liệu quyết định (connectors.database).",
                         "This installation has no decision database (connectors.database).") from exc
    try:
        return Database(url)
    except Exception as exc:  # noqa: BLE001 - any driver error is a bad --database
        vi, en = (exc.message("vi"), exc.message("en")) if hasattr(exc, "message_vi") else (str(exc), str(exc))
        raise UsageError(f"Không mở được cơ sở dữ liệu: {vi}", f"Cannot open the database: {en}") from exc


def run(args, lang: str = "vi") -> int:
    """Serve until interrupted; 2 on bad options."""
    import uvicorn

    from connectors.gateway.app import Gateway

    host, port = _listen(args.listen)
    config = config_from(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per upstream request is noise
    sys.stderr.write(
        (f"Cổng kiểm tra lịch: http://{host}:{port}/ → {args.upstream} "
         f"(chế độ {args.mode}, khi không xét được: {args.failure_policy})\n")
        if lang == "vi" else
        (f"Calendar gateway: http://{host}:{port}/ → {args.upstream} "
         f"(mode {args.mode}, failure policy {args.failure_policy})\n"))
    server = uvicorn.Server(uvicorn.Config(
        Gateway(config), host=host, port=port, log_level="warning", lifespan="on",
        server_header=False, date_header=False, timeout_graceful_shutdown=5))
    try:
        server.run()
    except OSError as exc:
        raise UsageError(f"Không mở được cổng {args.listen}: {exc}", f"Cannot listen on {args.listen}: {exc}") from exc
    return 0 if server.started else 2
