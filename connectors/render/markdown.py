"""A check as Markdown: the window, a table of findings, the summary line."""

from __future__ import annotations

from connectors.render.describe import last_day, location, measured_text, policy_label, severity_label, subject, summary_line
from connectors.render.words import word
from meetingrules import CheckResult, Severity


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(result: CheckResult, lang: str, show_info: bool = True) -> str:
    """A Markdown report: window, a table of findings, the summary line."""
    lines = [
        f"# {word('title', lang)}",
        "",
        f"- {word('window', lang)}: {result.window.start.date().isoformat()} – "
        f"{last_day(result).isoformat()} ({word('as_of', lang)} {result.as_of.isoformat()}; "
        f"{word('policy', lang)} `{policy_label(result.policy)}`)",
        "",
    ]
    findings = [f for f in result.findings if show_info or f.severity is not Severity.INFO or not f.uid]
    if result.summary.checked == 0:
        lines += [word("no_events", lang), ""]
    elif not findings:
        lines += [word("none", lang), ""]
    if findings:
        lines += [
            f"| {word('meeting', lang)} | {word('unit_file', lang)} | {word('severity', lang)} | {word('code', lang)} | {word('finding', lang)} "
            f"| {word('measured', lang)} | {word('citation', lang)} |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in findings:
            meeting = subject(f, lang)
            lines.append(
                f"| {_md(meeting)} | {_md(' · '.join(p for p in (f.unit, location(f)) if p))} | {severity_label(f, lang)} | {f.code} | **{_md(f.title(lang))}**: {_md(f.message(lang))} "
                f"| {_md(measured_text(f, lang))} | {_md(f.citation or '')} |"
            )
        lines.append("")
    lines += [summary_line(result, lang), ""]
    return "\n".join(lines)
