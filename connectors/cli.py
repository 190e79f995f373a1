"""The ``meetingrules`` command line (a stable contract, SPEC §6).

    meetingrules check PATH... [--caldav URL [--username U]] [--year YYYY | --from DATE --to DATE]
                       [--policy FILE] [--format text|json|csv|markdown] [--lang vi|en]
                       [--select CODES] [--ignore CODES] [--fail-on error|warning]
    meetingrules validate PROPOSED.ics (--calendar PATH... | --caldav URL) [same options]
    meetingrules report PATH... --period 2026|2026-H1|2026-H2 [--format markdown|html|json|xlsx]
    meetingrules rules | explain CODE | policy

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it (validate: the
proposal is refused); 2 usage error, unreadable policy, unreachable server, or nothing
could be read at all; 3 an internal error (a bug: please report it).

One error boundary (:func:`main`) turns every error into a message in the user's language
and an exit code; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from pathlib import Path

from meetingrules import MeetingRulesError, Policy, Severity, UsageError, Window, catalog, load_policy

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _lang_from_argv(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return "en" if os.environ.get("MEETINGRULES_LANG", "vi") == "en" else "vi"


class _Parser(argparse.ArgumentParser):
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
    import re

    for pattern, replacement in _ARGPARSE_VI:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}': YYYY-MM-DD") from exc


def _common(parser: argparse.ArgumentParser, formats: tuple[str, ...], default_format: str) -> None:
    parser.add_argument("--policy", metavar="FILE", help="TOML policy file over hung-yen-2026")
    parser.add_argument("--format", choices=formats, default=default_format)
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help="vi (default) or en")
    parser.add_argument("--as-of", type=_date, metavar="DATE", help="judge as on this date (default: today)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, metavar="YYYY")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="DATE")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="DATE")


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", type=_codes, default=[], metavar="CODES", help="code prefixes, e.g. MR1,MR301")
    parser.add_argument("--ignore", type=_codes, default=[], metavar="CODES")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error")
    parser.add_argument("--show-info", action="store_true", help="text: show per-meeting info notes")


def _caldav_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--caldav", metavar="URL", help="a calendar collection, principal or server root")
    parser.add_argument("--username", metavar="U")
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS")
    parser.add_argument("--state", metavar="FILE", help="CalDAV: keep sync tokens here for cheap re-checks")


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    _Parser.lang = lang
    parser = _Parser(
        prog="meetingrules",
        description="Kiểm tra lịch họp theo chế độ hội họp của Kế hoạch 160/KH-UBND (Hưng Yên, 2026). "
        "/ Check meeting calendars against the meeting regime of plan 160/KH-UBND.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="kiểm tra lịch / check calendars")
    check.add_argument("paths", nargs="*", metavar="PATH", help=".ics file, folder, or - for standard input")
    _caldav_options(check)
    _window_options(check)
    _common(check, ("text", "json", "csv", "markdown"), "text")
    _rule_options(check)

    validate = sub.add_parser("validate", help="xét một cuộc họp đề xuất / validate a proposed meeting")
    validate.add_argument("proposed", metavar="PROPOSED.ics")
    validate.add_argument("--calendar", nargs="+", default=[], metavar="PATH")
    _caldav_options(validate)
    _window_options(validate)
    _common(validate, ("text", "json"), "text")
    _rule_options(validate)

    report = sub.add_parser("report", help="báo cáo định kỳ / period report")
    report.add_argument("paths", nargs="*", metavar="PATH")
    report.add_argument("--period", required=True, metavar="2026|2026-H1|2026-H2")
    _caldav_options(report)
    _common(report, ("markdown", "html", "json", "xlsx"), "markdown")

    sub.add_parser("rules", help="danh mục quy tắc / list the rules").add_argument(
        "--lang", choices=("vi", "en"), default=None
    )
    explain = sub.add_parser("explain", help="giải thích một quy tắc / explain a rule")
    explain.add_argument("code")
    explain.add_argument("--lang", choices=("vi", "en"), default=None)
    policy = sub.add_parser("policy", help="in chính sách đang áp dụng / print the effective policy")
    policy.add_argument("--policy", metavar="FILE")
    policy.add_argument("--format", choices=("toml", "json"), default="toml")
    policy.add_argument("--lang", choices=("vi", "en"), default=None)
    from connectors.gateway import command as gateway_command

    gateway_command.add_parser(sub, lang)
    return parser


# -- shared steps ----------------------------------------------------------------------------


def resolve_policy(path: str | None) -> Policy:
    """The built-in policy, or a policy file over it (a PolicyError names key and line)."""
    if not path:
        return Policy.builtin()
    try:
        text = Path(path).read_text(encoding="utf-8")
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


def read_sources(args, policy: Policy, window: Window, lang: str, paths: list[str]):
    """Read .ics paths and/or a CalDAV URL: the merged ReadResult, and what CalDAV transferred."""
    from connectors import ics

    if not paths and not getattr(args, "caldav", None):
        raise UsageError(
            "Cần ít nhất một đường dẫn .ics, thư mục, '-' hoặc --caldav URL.",
            "Give at least one .ics path, folder, '-' or --caldav URL.",
        )
    results = []
    extra: dict = {}
    if paths:
        results.append(_read_paths_with_progress(ics, paths, policy, window, lang))
    if getattr(args, "caldav", None):
        from connectors.caldav_check import read_caldav

        read, extra["caldav"] = read_caldav(args, policy, window, lang)
        results.append(read)
    merged = results[0] if len(results) == 1 else ics.ReadResult.merge(results)
    return merged, extra


def _read_paths_with_progress(ics, paths, policy, window, lang):
    stdin = sys.stdin.buffer if "-" in paths else None
    if not sys.stderr.isatty():
        return ics.read_paths(paths, policy, window, stdin=stdin)
    files = []
    for path in paths:
        p = Path(path)
        files.extend(sorted(p.rglob("*.ics")) if p.is_dir() else [p])
    if len(files) < 20:
        with status(lang, "Đang đọc lịch…", "Reading calendars…"):
            return ics.read_paths(paths, policy, window, stdin=stdin)
    from rich.progress import Progress

    results = []
    label = "Đang đọc lịch" if lang == "vi" else "Reading calendars"
    with Progress(transient=True, console=_console(sys.stderr)) as progress:
        task = progress.add_task(label, total=len(files))
        for path in files:
            results.append(ics.read_paths([str(path)], policy, window, stdin=stdin if str(path) == "-" else None))
            progress.advance(task)
    return ics.ReadResult.merge(results)


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


def _console(stream):
    from rich.console import Console

    if stream.isatty():
        return Console(file=stream)
    return Console(file=stream, width=120, no_color=True, highlight=False, soft_wrap=False)


def nothing_read(intake) -> bool:
    """True when no event at all could be read and some source failed."""
    return intake.read == 0 and any(f.code == "MR001" for f in intake.findings)


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _fail_level(args) -> Severity:
    return Severity.WARNING if args.fail_on == "warning" else Severity.ERROR


# -- commands --------------------------------------------------------------------------------


def cmd_check(args, lang: str) -> int:
    from connectors import output
    from meetingrules import check

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
    if args.format == "json":
        _emit(output.to_json(result, lang, extra=extra), args.output)
    elif args.format == "csv":
        _emit(output.to_csv(result, lang), args.output)
    elif args.format == "markdown":
        _emit(output.to_markdown(result, lang, show_info=args.show_info), args.output)
    else:
        if args.output:
            with open(args.output, "w", encoding="utf-8") as stream:
                output.render_text(result, lang, _console(stream), show_info=args.show_info)
        else:
            output.render_text(result, lang, _console(sys.stdout), show_info=args.show_info)
    return EXIT_FINDINGS if result.at_least(_fail_level(args)) else EXIT_OK


def cmd_rules(args, lang: str) -> int:
    from rich.table import Table

    table = Table("code", "severity", "tiêu đề" if lang == "vi" else "title", "citation")
    for rule in catalog.RULES:
        table.add_row(rule.code, rule.severity.value, rule.title(lang), rule.citation.paragraph if rule.citation else "—")
    _console(sys.stdout).print(table)
    return EXIT_OK


def cmd_explain(args, lang: str) -> int:
    from meetingrules.docgen import rule_page

    code = args.code.strip().upper()
    if code not in catalog.BY_CODE:
        retired = catalog.RETIRED.get(code)
        raise UsageError(
            f"Không có quy tắc {code}." + (f" ({retired})" if retired else ""),
            f"There is no rule {code}." + (f" ({retired})" if retired else ""),
        )
    _emit(rule_page(catalog.rule(code)), None)
    return EXIT_OK


def cmd_policy(args, lang: str) -> int:
    import json

    policy = resolve_policy(args.policy)
    if args.format == "json":
        _emit(json.dumps(policy.data, ensure_ascii=False, indent=2), None)
    else:
        _emit(dump_toml(policy.data), None)
    return EXIT_OK


def dump_toml(data: dict, prefix: str = "") -> str:
    """A small TOML writer for the policy's shapes (scalars, lists, tables, arrays of tables)."""
    import json

    def scalar(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {scalar(v)}" for k, v in value.items()) + " }"
        return json.dumps(value, ensure_ascii=False)

    simple, tables, arrays = [], [], []
    for key, value in data.items():
        if isinstance(value, dict) and value and all(not isinstance(v, dict) for v in value.values()) or (
            isinstance(value, dict) and value and prefix == ""
        ):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            simple.append((key, value))
    lines = [f"{json.dumps(k, ensure_ascii=False) if not k.isidentifier() else k} = {scalar(v)}" for k, v in simple]
    for key, items in arrays:
        for entry in items:
            lines += ["", f"[[{prefix}{key}]]"] + [f"{k} = {scalar(v)}" for k, v in entry.items()]
    for key, table in tables:
        lines += ["", f"[{prefix}{key}]"]
        for k, v in table.items():
            name = k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k, ensure_ascii=False)
            lines.append(f"{name} = {scalar(v)}")
    return "\n".join(lines) + "\n"


def cmd_validate(args, lang: str) -> int:
    from connectors.validate_cli import run_validate

    return run_validate(args, lang)


def cmd_report(args, lang: str) -> int:
    from connectors.report_cli import run_report

    return run_report(args, lang)


def cmd_gateway(args, lang: str) -> int:
    from connectors.gateway.command import run

    return run(args, lang)


COMMANDS = {
    "gateway": cmd_gateway,
    "check": cmd_check,
    "validate": cmd_validate,
    "report": cmd_report,
    "rules": cmd_rules,
    "explain": cmd_explain,
    "policy": cmd_policy,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the one error boundary of the program."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(argv)
    try:
        args = build_parser(lang).parse_args(argv)
        lang = args.lang or lang
        return COMMANDS[args.command](args, lang)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n" if lang == "vi" else "Interrupted.\n")
        return 130
    except MeetingRulesError as exc:
        sys.stderr.write(_error_text(exc, lang) + "\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the boundary: no traceback reaches a user
        if hasattr(exc, "message_vi"):  # connector errors carry both languages
            sys.stderr.write(_error_text(exc, lang) + "\n")
            return EXIT_USAGE
        if os.environ.get("MEETINGRULES_DEBUG"):
            raise
        sys.stderr.write(
            (
                f"Lỗi nội bộ của meetingrules ({type(exc).__name__}: {exc}). "
                "Xin báo lỗi kèm tệp gây lỗi; đặt MEETINGRULES_DEBUG=1 để xem chi tiết.\n"
            )
            if lang == "vi"
            else (
                f"Internal error in meetingrules ({type(exc).__name__}: {exc}). "
                "Please report it with the file that caused it; set MEETINGRULES_DEBUG=1 for details.\n"
            )
        )
        return EXIT_INTERNAL


def _error_text(exc, lang: str) -> str:
    message = exc.message(lang) if hasattr(exc, "message") and callable(exc.message) else str(exc)
    return ("Lỗi: " if lang == "vi" else "Error: ") + message


if __name__ == "__main__":
    raise SystemExit(main())
