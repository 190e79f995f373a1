"""Steps every command shares: options, the policy, the window, reading, writing, exit codes.

May import: the engine, :mod:`connectors.ics` (through :mod:`.sources`), :mod:`connectors.render`.
No command imports :mod:`connectors.cli.main`; every command imports this module.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
from pathlib import Path

from meetingrules import Policy, Severity, UsageError, Window, load_policy

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def lang_from_argv(argv: list[str]) -> str:
    """The language asked for on the command line (``--lang``), else ``MEETINGRULES_LANG``, else vi."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return "en" if os.environ.get("MEETINGRULES_LANG", "vi") == "en" else "vi"


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in the user's language and exit code 2."""

    lang = "vi"

    def error(self, message: str):
        prefix = "lỗi cú pháp lệnh" if self.lang == "vi" else "usage error"
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {prefix}: {vietnamese_usage(message) if self.lang == 'vi' else message}\n")
        raise SystemExit(EXIT_USAGE)


# argparse's own messages (they have no Vietnamese catalogue), as patterns → Vietnamese.
_ARGPARSE_VI = (
    (r"^argument (\S+): invalid choice: (.+) \(choose from (.+)\)$", r"tham số \1: giá trị \2 không hợp lệ (chọn một trong \3)"),
    (r"^argument (\S+): invalid (\w+) value: (.+)$", r"tham số \1: giá trị \3 không hợp lệ"),
    (r"^argument (\S+): expected one argument$", r"tham số \1 cần một giá trị"),
    (r"^argument (\S+): expected at least one argument$", r"tham số \1 cần ít nhất một giá trị"),
    (r"^argument (\S+): (.+)$", r"tham số \1: \2"),
    (r"^the following arguments are required: (.+)$", r"thiếu tham số bắt buộc: \1"),
    (r"^unrecognized arguments: (.+)$", r"tham số không nhận ra: \1"),
)


def vietnamese_usage(message: str) -> str:
    """An argparse error message in Vietnamese (unchanged when no pattern fits).

    >>> vietnamese_usage("the following arguments are required: --period")
    'thiếu tham số bắt buộc: --period'
    >>> vietnamese_usage("argument --year: invalid int value: 'abc'")
    "tham số --year: giá trị 'abc' không hợp lệ"
    """
    for pattern, replacement in _ARGPARSE_VI:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def date_value(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}': YYYY-MM-DD") from exc


def output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...], default_format: str) -> None:
    parser.add_argument("--policy", metavar="FILE", help="TOML policy file over hung-yen-2026")
    parser.add_argument("--format", choices=formats, default=default_format)
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help="vi (default) or en")
    parser.add_argument("--as-of", type=date_value, metavar="DATE", help="judge as on this date (default: today)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, metavar="YYYY")
    parser.add_argument("--from", dest="date_from", type=date_value, metavar="DATE")
    parser.add_argument("--to", dest="date_to", type=date_value, metavar="DATE")


def rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", type=codes, default=[], metavar="CODES", help="code prefixes, e.g. MR1,MR301")
    parser.add_argument("--ignore", type=codes, default=[], metavar="CODES")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error")
    parser.add_argument("--show-info", action="store_true", help="text: show per-meeting info notes")


def caldav_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--caldav", metavar="URL", help="a calendar collection, principal or server root")
    parser.add_argument("--username", metavar="U")
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS")
    parser.add_argument("--state", metavar="FILE", help="CalDAV: keep sync tokens here for cheap re-checks")


#: The largest policy file read (the built-in profile is about 10 KB).
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


@contextlib.contextmanager
def status(lang: str, vi: str, en: str):
    """A line on standard error while a long step runs, when it is a terminal; erased after.

    No spinner thread: the reader forks workers for large files, and forking beside a
    running thread is what it refuses to do.
    """
    if not sys.stderr.isatty():
        yield
        return
    sys.stderr.write((en if lang == "en" else vi) + "\r")
    sys.stderr.flush()
    try:
        yield
    finally:
        sys.stderr.write("\x1b[2K\r")
        sys.stderr.flush()


def console(stream):
    """A rich console for ``stream`` (plain and 120 wide when it is not a terminal)."""
    from rich.console import Console

    if stream.isatty():
        return Console(file=stream)
    return Console(file=stream, width=120, no_color=True, highlight=False, soft_wrap=False)


def nothing_read(intake) -> bool:
    """True when nothing could be checked: no event found and some source failed, or every event rejected."""
    if intake.read == 0:
        return any(f.code == "MR001" for f in intake.findings)
    return intake.rejected == intake.read


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to the file ``output``, or to standard output."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def fail_level(args) -> Severity:
    """The severity at or above which the command exits 1 (``--fail-on``)."""
    return Severity.WARNING if args.fail_on == "warning" else Severity.ERROR


def error_text(exc, lang: str) -> str:
    """``Lỗi: …`` / ``Error: …`` with the error's message in ``lang``."""
    message = exc.message(lang) if hasattr(exc, "message") and callable(exc.message) else str(exc)
    return ("Lỗi: " if lang == "vi" else "Error: ") + message
