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

This module builds the parser from the command modules (each has ``add_parser(sub, lang)``
and ``run(args, lang)``; none imports this module) and is the one error boundary: :func:`main` turns every error into a message in the user's language
and an exit code; no traceback reaches a user.
"""

from __future__ import annotations

import os
import sys

from connectors.cli import (
    check,
    explain,
    gateway,
    import_schedules,
    policy,
    report,
    rules,
    serve,
    token,
    validate,
)
from connectors.cli.common import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Parser, error_text, help_lang, lang_from_argv, replacement_note, safe_streams
from connectors.cli.help_text import h
from meetingrules import MeetingRulesError, UsageError

#: command name → its module, in the order ``--help`` lists them
COMMANDS = {
    "check": check,
    "validate": validate,
    "report": report,
    "rules": rules,
    "explain": explain,
    "policy": policy,
    "import": import_schedules,
    "serve": serve,
    "token": token,
    "gateway": gateway,
}


def build_parser(lang: str = "vi") -> Parser:
    """The argument parser of every subcommand."""
    Parser.lang = lang
    parser = Parser(prog="meetingrules", description=h("prog", lang))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, title=h("commands", lang))
    for module in COMMANDS.values():
        module.add_parser(sub, lang)
    return parser


def _closed(stream) -> bool:
    """Whether a standard stream is missing or closed (the process started with ``<&-``/``>&-``)."""
    return stream is None or getattr(stream, "closed", False)


def _inputs(args) -> list[str]:
    """The paths a command reads (``-`` is standard input)."""
    found = list(getattr(args, "paths", None) or [])
    for name in ("proposed",):
        if getattr(args, name, None):
            found.append(getattr(args, name))
    found.extend(getattr(args, "calendar", None) or [])
    return found


def _say(line: str) -> None:
    """One line on standard error, if there is one."""
    if not _closed(sys.stderr):
        sys.stderr.write(line + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the one error boundary of the program."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_from_argv(argv)
    safe_streams()
    try:
        args = build_parser(help_lang(argv)).parse_args(argv)
        Parser.lang = lang = args.lang or lang
        if _closed(sys.stdout) and not getattr(args, "output", None):
            # Started with standard output closed (``>&-``): nothing could be printed.
            raise UsageError("Đầu ra chuẩn (stdout) đã đóng; không thể in kết quả.",
                             "Standard output is closed; the result cannot be printed.")
        if "-" in _inputs(args) and _closed(sys.stdin):
            raise UsageError("Đầu vào chuẩn (stdin) đã đóng; không đọc được '-'.",
                             "Standard input is closed; '-' cannot be read.")
        return COMMANDS[args.command].run(args, lang)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n" if lang == "vi" else "Interrupted.\n")
        return 130
    except MeetingRulesError as exc:
        _say(error_text(exc, lang))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a stream or file the system refuses (disk full, closed descriptor)
        _say(("Lỗi vào/ra: " if lang == "vi" else "Input/output error: ") + f"{exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the boundary: no traceback reaches a user
        if hasattr(exc, "message_vi"):  # connector errors carry both languages
            sys.stderr.write(error_text(exc, lang) + "\n")
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
    finally:
        replacement_note(lang)
