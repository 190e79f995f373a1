"""``meetingrules check PATH... [--caldav URL]``: hold calendars against the regime (SPEC §6).

Text goes to a terminal as a table fit to its width; anywhere else (a pipe, a file) as one
line per finding (``concise``), so that ``| grep TITLE`` finds whole findings.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys

from connectors import render
from connectors.checking import nothing_read, reading_window, resolve_policy, resolve_window
from connectors.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    caldav_options,
    check_codes,
    emit,
    fail_level,
    output_options,
    resolve_format,
    rule_options,
    window_options,
)
from connectors.cli.help_text import h
from connectors.render.csv_doc import DIALECTS
from connectors.render.json_doc import write_json
from connectors.render.terminal import status
from connectors.sources import read_sources
from meetingrules import check

FORMATS = ("text", "concise", "json", "csv", "markdown", "xlsx")


def add_parser(sub, lang: str):
    """``check``: its arguments and options."""
    parser = sub.add_parser("check", help=h("check", lang), description=h("check", lang))
    parser.add_argument("paths", nargs="*", metavar="PATH", help=h("check.paths", lang))
    caldav_options(parser, lang)
    window_options(parser, lang)
    output_options(parser, FORMATS, "text", lang, default_label=h("check.default_format", lang))
    rule_options(parser, lang)
    parser.add_argument("--csv-dialect", choices=DIALECTS, default="excel-vn", help=h("opt.csv_dialect", lang))
    parser.add_argument("--annotate", metavar="OUT.ics", help=h("opt.annotate", lang))
    return parser


def run(args, lang: str) -> int:
    """Read, check, render; exit 1 when a finding is at or above ``--fail-on``."""
    policy = resolve_policy(args.policy)
    check_codes(args)
    terminal = not args.output and sys.stdout.isatty()
    fmt = resolve_format(args, "text" if terminal else "concise")
    as_of = args.as_of or dt.datetime.now(policy.timezone).date()
    window = resolve_window(args, policy, as_of)
    if args.annotate:
        from connectors.cli.annotate import refuse_overwrite

        refuse_overwrite(args.annotate, args.paths)
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
    rendered = None
    if fmt == "json":  # streamed as it is encoded: the document is never held whole
        if args.output:
            with open(args.output, "w", encoding="utf-8") as stream:
                write_json(result, lang, stream, extra)
        else:
            write_json(result, lang, sys.stdout, extra)
            sys.stdout.write("\n")
    elif fmt in ("markdown", "concise", "xlsx"):
        rendered = render.render(result, fmt, lang, show_info=args.show_info)
    elif fmt == "csv":
        rendered = render.render(result, "csv", lang, dialect=args.csv_dialect)
    else:
        width = 120 if args.output or not terminal else shutil.get_terminal_size((120, 24)).columns
        rendered = render.render(result, "text", lang, show_info=args.show_info, width=width, color=terminal)
    if rendered is not None:
        emit(rendered, args.output)
    if args.annotate:
        from connectors.cli.annotate import write_annotated

        write_annotated(args.annotate, args.paths, result, lang, args.show_info)
    return EXIT_FINDINGS if result.at_least(fail_level(args)) else EXIT_OK
