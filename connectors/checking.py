"""The steps every door takes to check calendars: the policy file, the window, what to read.

The command line, the server and the gateway share them, so a page, a script and a terminal
ask the same question the same way. May import: the engine and the standard library.
"""

from __future__ import annotations

import datetime as dt

from meetingrules import Policy, UsageError, Window, load_policy
from meetingrules.report import Period
from meetingrules.validate import periods_touched
from meetingrules.validate import reading_window as proposal_reading

MAX_POLICY_BYTES = 1_000_000


def resolve_policy(path: str | None) -> Policy:
    """The built-in policy, or a policy file over it (a PolicyError names key and line)."""
    if not path:
        return Policy.builtin()
    try:
        with open(path, "rb") as handle:  # a policy is a few kilobytes: never read a device or a huge file whole
            data = handle.read(MAX_POLICY_BYTES + 1)
        if len(data) > MAX_POLICY_BYTES:
            raise UsageError(
                f"Tệp chính sách {path} lớn hơn {MAX_POLICY_BYTES} byte.",
                f"The policy file {path} is larger than {MAX_POLICY_BYTES} bytes.")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"Không đọc được tệp chính sách {path}: {exc}", f"Cannot read the policy file {path}: {exc}"
        ) from exc
    return load_policy(text, origin=path)




def resolve_window(args, policy: Policy, as_of: dt.date) -> Window:
    """--year, or --from/--to, or the calendar year of the check."""
    tz = policy.timezone
    if args.year is not None and (args.date_from or args.date_to):
        raise UsageError("Dùng --year hoặc --from/--to, không dùng cả hai.", "Use --year or --from/--to, not both.")
    if args.year is not None:
        if not 1900 <= args.year <= 2200:
            raise UsageError(f"Năm không hợp lệ: {args.year}", f"Not a valid year: {args.year}")
        return Window.year(args.year, tz)
    if args.date_from or args.date_to:
        if not (args.date_from and args.date_to):
            raise UsageError("--from và --to phải đi cùng nhau.", "--from and --to go together.")
        if args.date_to < args.date_from:
            raise UsageError("--to đứng trước --from.", "--to is before --from.")
        return Window.dates(args.date_from, args.date_to, tz)
    return Window.year(as_of.year, tz)




def reading_window(window: Window, policy: Policy) -> Window:
    """The window to read: one year more before it, unless the policy gives last year's baseline."""
    from meetingrules.engine import previous_year_window

    years = {window.start.year - 1}
    if all(any(b.year == y for b in policy.baselines) for y in years):
        return window
    return Window(previous_year_window(window).start, window.end)




def nothing_read(intake) -> bool:
    """True when nothing could be checked: no event found and some source failed, or every event rejected."""
    if intake.read == 0:
        return any(f.code == "MR001" for f in intake.findings)
    return intake.rejected == intake.read




def report_reading_window(period: Period, tz) -> Window:
    """What a report reads: the same period a year earlier (the comparison) through the period's end."""
    return Window(period.a_year_earlier().window(tz).start, period.window(tz).end)


def validation_windows(args, policy: Policy, as_of: dt.date, proposal) -> tuple[Window | None, Window]:
    """The judged window and the window to read for validating ``proposal`` (events).

    ``--year``/``--from``/``--to`` (``args``) fix the judged window; else every year the
    proposal touches is judged, and read with the year before each (one rule for every door:
    :func:`meetingrules.validate.periods_touched`).
    """
    if args.year is not None or args.date_from or args.date_to:
        window = resolve_window(args, policy, as_of)
        return window, reading_window(window, policy)
    return None, proposal_reading(periods_touched(proposal, policy, as_of), policy)
