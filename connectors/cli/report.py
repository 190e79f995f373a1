"""``meetingrules report PATH... --period 2026|2026-H1|2026-H2``: the period report (SPEC §6).

Reads the calendars (files, folders, CalDAV) over the period and the same period a year
earlier, builds the report with :func:`meetingrules.report.build_report` and renders it.
Several calendars or folders make one consolidated report with a row per unit.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from connectors import render
from connectors.cli.common import EXIT_OK, EXIT_USAGE, caldav_options, emit, nothing_read, output_options, resolve_policy
from connectors.cli.sources import read_sources
from meetingrules import UsageError, Window
from meetingrules.report import Period, build_report


def reading_window(period: Period, tz) -> Window:
    """What to read: the same period a year earlier (the comparison) through the period's end."""
    return Window(period.a_year_earlier().window(tz).start, period.window(tz).end)


FORMATS = ("markdown", "html", "json", "xlsx")


def add_parser(sub, lang: str):
    """``report``: its arguments and options."""
    parser = sub.add_parser("report", help="báo cáo định kỳ / period report")
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--period", required=True, metavar="2026|2026-H1|2026-H2")
    caldav_options(parser)
    output_options(parser, FORMATS, "markdown")
    return parser


def run(args, lang: str) -> int:
    """Build and write the report; 0 when written, 2 when nothing could be read."""
    policy = resolve_policy(args.policy)
    period = Period.parse(args.period, policy.period_mode)
    as_of = args.as_of or dt.datetime.now(policy.timezone).date()
    if args.format == "xlsx" and not args.output and sys.stdout.isatty():
        raise UsageError(
            "Báo cáo XLSX cần --output TỆP (hoặc chuyển hướng đầu ra).",
            "An XLSX report needs --output FILE (or redirected output).",
        )
    read, _ = read_sources(args, policy, reading_window(period, policy.timezone), lang, args.paths)
    if nothing_read(read.intake):
        for finding in read.intake.findings:
            sys.stderr.write(finding.message(lang) + "\n")
        sys.stderr.write("Không đọc được sự kiện nào.\n" if lang == "vi" else "Nothing could be read at all.\n")
        return EXIT_USAGE
    report = build_report(read.events, policy, period, as_of=as_of, intake=read.intake)
    rendered = render.render(report, args.format, lang)
    if isinstance(rendered, bytes):
        if args.output:
            Path(args.output).write_bytes(rendered)
        else:
            sys.stdout.buffer.write(rendered)
            sys.stdout.buffer.flush()
    else:
        emit(rendered, args.output)
    return EXIT_OK
