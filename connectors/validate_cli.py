"""``meetingrules validate PROPOSED.ics (--calendar PATH... | --caldav URL)``.

Exit 0 on allow or warn, 1 on deny, 2 on bad input. ``--format json`` carries ``decision``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import attrs

from meetingrules import UsageError
from meetingrules.validate import DENY, Decision, Validator

from connectors import output
from connectors.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    _console,
    _emit,
    nothing_read,
    read_sources,
    reading_window,
    resolve_policy,
    resolve_window,
)

DECISION_WORDS = {
    "allow": ("CHO PHÉP", "ALLOW"),
    "warn": ("CHO PHÉP, CÓ CẢNH BÁO", "ALLOW WITH WARNINGS"),
    "deny": ("TỪ CHỐI", "DENY"),
}


def run_validate(args, lang: str) -> int:
    """Read the proposal and the calendar, decide, print, and exit 0 (allow/warn) or 1 (deny)."""
    from connectors import ics

    policy = resolve_policy(args.policy)
    as_of = args.as_of or dt.datetime.now(policy.timezone).date()
    if not args.calendar and not args.caldav:
        raise UsageError("Cần --calendar PATH... hoặc --caldav URL.", "Give --calendar PATH... or --caldav URL.")
    proposal_read = ics.read_paths([args.proposed], policy, proposal_window(policy, as_of))
    if nothing_read(proposal_read.intake) or not proposal_read.events:
        for finding in proposal_read.intake.findings:
            sys.stderr.write(finding.message(lang) + "\n")
        raise UsageError(
            f"Không đọc được cuộc họp đề xuất trong {args.proposed}.",
            f"No proposed meeting could be read from {args.proposed}.",
        )
    proposal = list(proposal_read.events)
    window = decision_window(args, policy, as_of, proposal)
    existing, _ = read_sources(args, policy, reading_window(window, policy), lang, args.calendar)
    validator = Validator(existing.events, policy, window=window, as_of=as_of, select=args.select, ignore=args.ignore,
                          intake=existing.intake)
    decision = validator.validate(proposal)
    render(decision, args, lang)
    return EXIT_FINDINGS if decision.decision == DENY else EXIT_OK


def proposal_window(policy, as_of: dt.date):
    """The proposal is read over a generous window: it may be for next year."""
    from meetingrules import Window

    return Window.dates(dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year + 5, 12, 31), policy.timezone)


def decision_window(args, policy, as_of: dt.date, proposal):
    """``--year``/``--from``/``--to`` when given, else the calendar year of the proposal's first start."""
    from meetingrules import Window

    if args.year is not None or args.date_from or args.date_to:
        return resolve_window(args, policy, as_of)
    first = min(e.start for e in proposal).astimezone(policy.timezone)
    return Window.year(first.year, policy.timezone)


def decision_document(decision: Decision, lang: str) -> dict:
    """The JSON document of a decision (``validate --format json``; the server answers it too)."""
    calendar = decision.calendar or decision.result
    # The accounting is the existing calendar's; the findings are those about the proposal
    # (the calendar's own findings are not rendered: thousands of them on a province's year).
    doc = json.loads(output.to_json(attrs.evolve(calendar, findings=()), lang))
    doc.update(decision.to_dict(lang))
    doc["summary"] = {
        **calendar.summary.to_dict(),
        **{f"findings_{k}": v for k, v in output.finding_counts(decision.findings).items()},
    }
    doc["proposal_summary"] = decision.result.summary.to_dict()
    return doc


def render(decision: Decision, args, lang: str) -> None:
    """Print the decision as text or JSON."""
    calendar = decision.calendar or decision.result
    if args.format == "json":
        _emit(json.dumps(decision_document(decision, lang), ensure_ascii=False, indent=2), args.output)
        return
    console = _console(open(args.output, "w", encoding="utf-8") if args.output else sys.stdout)
    word = DECISION_WORDS[decision.decision][1 if lang == "en" else 0]
    style = {"allow": "bold green", "warn": "bold yellow", "deny": "bold red"}[decision.decision]
    console.print(("Quyết định: " if lang == "vi" else "Decision: ") + f"[{style}]{word}[/]")
    for f in decision.findings:
        if f.severity.value == "info" and f.uid and not args.show_info:
            continue
        label = output.severity_label(f, lang)
        where = f" — {f.meeting_title}" if f.uid else ""
        console.print(f"  {label} {f.code}{where}: {f.message(lang)}", highlight=False)
        if f.waived:
            console.print(f"    ({f.waiver.reason} — {f.waiver.by})", style="dim", highlight=False)
    if not decision.findings:
        console.print("  " + output.word("none", lang))
    lead = "Lịch hiện có — " if lang == "vi" else "Existing calendar — "
    console.print(lead + output.accounting_line(calendar.summary, lang), highlight=False)
