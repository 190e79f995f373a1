"""``meetingrules validate PROPOSED.ics (--calendar PATH... | --caldav URL)``.

Exit 0 on allow or warn, 1 on deny, 2 on bad input. ``--format json`` carries ``decision``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from connectors.checking import nothing_read, resolve_policy
from connectors.cli.common import EXIT_FINDINGS, EXIT_OK, caldav_options, emit, output_options, resolve_format, rule_options, window_options
from connectors.render.terminal import console
from connectors.sources import read_paths, read_sources
from connectors.render.describe import accounting_line, severity_label
from connectors.render.json_doc import decision_json
from connectors.render.words import DECISION_WORDS, word
from connectors.checking import validation_windows
from connectors.cli.help_text import h
from meetingrules import UsageError
from meetingrules.validate import DENY, Decision, Validator, proposal_window




def add_parser(sub, lang: str):
    """``validate``: its arguments and options."""
    parser = sub.add_parser("validate", help=h("validate", lang), description=h("validate", lang))
    parser.add_argument("proposed", metavar="PROPOSED.ics", help=h("validate.proposed", lang))
    parser.add_argument("--calendar", nargs="+", default=[], metavar="PATH", help=h("validate.calendar", lang))
    caldav_options(parser, lang)
    window_options(parser, lang)
    output_options(parser, ("text", "json"), "text", lang)
    rule_options(parser, lang)
    return parser


def run(args, lang: str) -> int:
    """Read the proposal and the calendar, decide, print, and exit 0 (allow/warn) or 1 (deny)."""
    policy = resolve_policy(args.policy)
    args.format = resolve_format(args)
    as_of = args.as_of or dt.datetime.now(policy.timezone).date()
    if not args.calendar and not args.caldav:
        raise UsageError("Cần --calendar PATH... hoặc --caldav URL.", "Give --calendar PATH... or --caldav URL.")
    proposal_read = read_paths([args.proposed], policy, proposal_window(policy))
    if nothing_read(proposal_read.intake) or not proposal_read.events:
        for finding in proposal_read.intake.findings:
            sys.stderr.write(finding.message(lang) + "\n")
        raise UsageError(
            f"Không đọc được cuộc họp đề xuất trong {args.proposed}.",
            f"No proposed meeting could be read from {args.proposed}.",
        )
    proposal = list(proposal_read.events)
    window, reading = validation_windows(args, policy, as_of, proposal)
    existing, _ = read_sources(args, policy, reading, lang, args.calendar)
    validator = Validator(existing.events, policy, window=window, as_of=as_of, select=args.select, ignore=args.ignore,
                          intake=existing.intake)
    decision = validator.validate(proposal, intake=proposal_read.intake)
    render(decision, args, lang)
    return EXIT_FINDINGS if decision.decision == DENY else EXIT_OK


def render(decision: Decision, args, lang: str) -> None:
    """Print the decision as text or JSON."""
    calendar = decision.calendar or decision.result
    if args.format == "json":
        emit(json.dumps(decision_json(decision, lang), ensure_ascii=False, indent=2), args.output)
        return
    out = console(open(args.output, "w", encoding="utf-8") if args.output else sys.stdout)
    label_word = DECISION_WORDS[decision.decision][1 if lang == "en" else 0]
    style = {"allow": "bold green", "warn": "bold yellow", "deny": "bold red"}[decision.decision]
    out.print(("Quyết định: " if lang == "vi" else "Decision: ") + f"[{style}]{label_word}[/]")
    for f in decision.findings:
        if f.severity.value == "info" and f.uid and not args.show_info:
            continue
        label = severity_label(f, lang)
        where = f" — {f.meeting_title}" if f.uid else ""
        past = ""
        if any(f is h for h in decision.history):
            past = " (đã qua: chỉ ghi nhận)" if lang == "vi" else " (history: recorded, not deciding)"
        out.print(f"  {label} {f.code}{where}: {f.message(lang)}{past}", highlight=False)
        if f.waived:
            out.print(f"    ({f.waiver.reason} — {f.waiver.by})", style="dim", highlight=False)
    if not decision.findings:
        out.print("  " + word("none", lang))
    lead = "Lịch hiện có — " if lang == "vi" else "Existing calendar — "
    out.print(lead + accounting_line(calendar.summary, lang), highlight=False)
