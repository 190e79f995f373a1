"""A check as a readable table for a terminal (rich), grouped by meeting."""

from __future__ import annotations

import io

from connectors.render.describe import (
    last_day,
    location,
    measured_text,
    policy_label,
    relevant_reasons,
    severity_label,
    subject,
    summary_line,
)
from connectors.render.words import WAIVED, word
from meetingrules import CheckResult, Finding, Severity
from meetingrules.i18n import pick


def render_text(result: CheckResult, lang: str, console, show_info: bool = False) -> None:
    """A readable table grouped by meeting, calendar-wide findings last, then the summary."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(word("title", lang), style="bold"))
    console.print(
        f"{word('window', lang)}: {result.window.start.strftime('%d/%m/%Y')} – "
        f"{last_day(result).strftime('%d/%m/%Y')} · {word('as_of', lang)} {result.as_of.strftime('%d/%m/%Y')} · "
        f"{word('policy', lang)} {policy_label(result.policy)}",
        highlight=False,
    )
    shown = [f for f in result.findings if show_info or f.severity is not Severity.INFO or not f.uid]
    hidden = len(result.findings) - len(shown)
    if result.summary.checked == 0:
        console.print(word("no_events", lang))
    if not shown:
        if result.summary.checked:
            console.print(word("none", lang))
    else:
        table = Table(show_lines=False, expand=True, pad_edge=False)
        widths = {"meeting": 4, "unit_file": 3, "severity": 2, "code": 2, "finding": 9, "measured": 3, "citation": 3}
        for key, ratio in widths.items():
            header = word(key, lang) + (" (KH 160)" if key == "citation" else "")
            table.add_column(header, overflow="fold", ratio=ratio, no_wrap=key in ("code", "severity"))
        groups: dict[tuple, list[Finding]] = {}
        for f in shown:
            key = (f.uid, f.recurrence_id, "" if f.uid else f.origin)
            groups.setdefault(key, []).append(f)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] == "", kv[1][0].sort_key))
        styles = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
        for index, (_key, items) in enumerate(ordered):
            first = items[0]
            head = subject(first, lang, "\n")
            for row, f in enumerate(items):
                body = Text()
                body.append(f.title(lang), style="bold")
                body.append("\n" + f.message(lang))
                reasons = relevant_reasons(f)
                if reasons:
                    body.append(f"\n{word('reasons', lang)}: " + "; ".join(r.describe(lang) for r in reasons), style="dim")
                if f.waived:
                    body.append(f"\n{pick(WAIVED, lang)}: {f.waiver.reason} ({f.waiver.by})", style="dim")
                where = "\n".join(part for part in (f.unit, location(f)) if part)
                table.add_row(
                    head if row == 0 else "",
                    Text(where, style="dim") if row == 0 or f.unit != first.unit else "",
                    Text(severity_label(f, lang), style="dim" if f.waived else styles[f.severity]),
                    f.code,
                    body,
                    measured_text(f, lang),
                    f.citation.paragraph if f.citation else "",
                    end_section=row == len(items) - 1 and index < len(ordered) - 1,
                )
        console.print(table)
    if hidden:
        console.print(
            pick(
                (
                    f"({hidden} ghi chú thông tin về từng cuộc họp được ẩn; thêm --show-info để xem.)",
                    f"({hidden} per-meeting info notes hidden; add --show-info to see them.)",
                ),
                lang,
            ),
            style="dim",
        )
    console.print(summary_line(result, lang), highlight=False)


def to_text(result: CheckResult, lang: str, *, show_info: bool = False, width: int = 120, color: bool = False) -> str:
    """The table of :func:`render_text` as a string (``color``: with the terminal's escape codes)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False,
                      soft_wrap=False)
    render_text(result, lang, console, show_info=show_info)
    return buffer.getvalue()
