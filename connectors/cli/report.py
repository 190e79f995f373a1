"""``meetingrules report PATH... --period 2026|2026-H1|2026-H2``: the period report (SPEC §6).

Reads the calendars (files, folders, Google Calendar zips, CalDAV) over the period and the
same period a year earlier, builds the report with :func:`meetingrules.report.build_report`
and renders it. Several calendars or folders make one consolidated report with a row per
unit; ``--merge a.json b.xlsx`` consolidates reports the units made themselves.
``--format docx`` is the official document (Nghị định 30/2020/NĐ-CP) with the agency, number
and signer of the policy's ``[report]`` table or of the options.
"""

from __future__ import annotations

import datetime as dt
import sys

from connectors import render
from connectors.checking import report_reading_window
from connectors.checking import nothing_read, resolve_policy
from connectors.cli.common import EXIT_OK, EXIT_USAGE, caldav_options, emit, output_options, resolve_format
from connectors.cli.help_text import h
from connectors.sources import read_sources
from connectors.render.official import OfficialHeader
from meetingrules import UsageError
from meetingrules.report import Period, build_report


FORMATS = ("markdown", "html", "json", "xlsx", "docx")
#: the official header's options → the policy's ``[report]`` keys
HEADER_OPTIONS = ("agency", "parent_agency", "number", "place", "signer", "signer_title")


def add_parser(sub, lang: str):
    """``report``: its arguments and options."""
    parser = sub.add_parser("report", help=h("report", lang), description=h("report", lang))
    parser.add_argument("paths", nargs="*", metavar="PATH", help=h("report.paths", lang))
    parser.add_argument("--period", metavar="2026|2026-H1|2026-H2", help=h("opt.period", lang))
    parser.add_argument("--merge", nargs="+", metavar="REPORT", help=h("opt.merge", lang))
    parser.add_argument("--database", metavar="URL", help=h("report.database", lang))
    caldav_options(parser, lang)
    output_options(parser, FORMATS, "markdown", lang)
    for name in HEADER_OPTIONS:
        parser.add_argument("--" + name.replace("_", "-"), dest=name, metavar="TEXT", help=h("opt." + name, lang))
    parser.set_defaults(report_parser=parser)
    return parser


def official_header(args, policy) -> OfficialHeader:
    """The header and signature: the policy's ``[report]`` table, then the options over it."""
    given = {name: getattr(args, name) for name in HEADER_OPTIONS if getattr(args, name, None)}
    return OfficialHeader.from_policy(policy).with_values(**given)


def run(args, lang: str) -> int:
    """Build and write the report; 0 when written, 2 when nothing could be read."""
    policy = resolve_policy(args.policy)
    fmt = resolve_format(args)
    as_of = args.as_of or dt.datetime.now(policy.timezone).date()
    header = official_header(args, policy)
    if args.merge:
        from connectors.render import merge

        if args.paths:
            raise UsageError("--merge không đi cùng đường dẫn lịch.", "--merge does not take calendar paths too.")
        merged = merge.load_reports(args.merge)
        emit(merge.render_merged(merged, fmt, lang, header=header, as_of=as_of), args.output)
        return EXIT_OK
    if not args.period:  # required unless --merge: argparse's own message, as before --merge existed
        args.report_parser.error("the following arguments are required: --period")
    period = Period.parse(args.period, policy.period_mode)
    read, _ = read_sources(args, policy, report_reading_window(period, policy.timezone), lang, args.paths)
    if nothing_read(read.intake):
        for finding in read.intake.findings:
            sys.stderr.write(finding.message(lang) + "\n")
        sys.stderr.write("Không đọc được sự kiện nào.\n" if lang == "vi" else "Nothing could be read at all.\n")
        return EXIT_USAGE
    report = build_report(read.events, policy, period, as_of=as_of, intake=read.intake)
    if getattr(args, "database", None):
        from connectors.database import with_refused

        report = with_refused(report, args.database)
    options = {"header": header} if fmt in ("docx", "html") else {}
    emit(render.render(report, fmt, lang, **options), args.output)
    return EXIT_OK
