"""``meetingrules check PATH... [--caldav URL]``: hold calendars against the regime (SPEC §6)."""

from __future__ import annotations

import datetime as dt
import sys

from connectors import render
from connectors.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    caldav_options,
    console,
    emit,
    fail_level,
    nothing_read,
    output_options,
    reading_window,
    resolve_policy,
    resolve_window,
    rule_options,
    status,
    window_options,
)
from connectors.cli.sources import read_sources
from connectors.render.json_doc import write_json
from connectors.render.text import render_text
from meetingrules import check

FORMATS = ("text", "json", "csv", "markdown")


def add_parser(sub, lang: str):
    """``check``: its arguments and options."""
    parser = sub.add_parser("check", help="kiểm tra lịch / check calendars")
    parser.add_argument("paths", nargs="*", metavar="PATH", help=".ics file, folder, or - for standard input")
    caldav_options(parser)
    window_options(parser)
    output_options(parser, FORMATS, "text")
    rule_options(parser)
    return parser


def run(args, lang: str) -> int:
    """Read, check, render; exit 1 when a finding is at or above ``--fail-on``."""
    policy = resolve_policy(args.policy)
    as_of = args.as_of or dt.datetime.now(policy.timezone).date()
    window = resolve_window(args, policy, as_of)
    read, extra = read_sources(args, policy, reading_window(window, policy), lang, args.paths)
    if nothing_read(read.intake):
        for finding in read.intake.findings:
            sys.stderr.write(finding.message(lang) + "\n")
        sys.stderr.write(
            ("Không đọc được sự kiện nào.\n" if lang == "vi" else "Nothing could be read at all.\n")
        )
        return EXIT_USAGE
    with status(lang, "Đang kiểm tra…", "Checking…"):
        result = check(
            read.events, policy, window=window, as_of=as_of, intake=read.intake, select=args.select, ignore=args.ignore
        )
    if args.format == "json":  # streamed as it is encoded: the document is never held whole
        if args.output:
            with open(args.output, "w", encoding="utf-8") as stream:
                write_json(result, lang, stream, extra)
        else:
            write_json(result, lang, sys.stdout, extra)
            sys.stdout.write("\n")
    elif args.format == "markdown":
        emit(render.render(result, "markdown", lang, show_info=args.show_info), args.output)
    elif args.format != "text":
        emit(render.render(result, args.format, lang), args.output)
    elif args.output:
        with open(args.output, "w", encoding="utf-8") as stream:
            render_text(result, lang, console(stream), show_info=args.show_info)
    else:
        render_text(result, lang, console(sys.stdout), show_info=args.show_info)
    return EXIT_FINDINGS if result.at_least(fail_level(args)) else EXIT_OK
