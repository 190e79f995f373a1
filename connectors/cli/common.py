"""Steps every command shares: options, the policy, the window, reading, writing, exit codes.

May import: the engine, :mod:`connectors.checking`, :mod:`connectors.render`.
No command imports :mod:`connectors.cli.main`; every command imports this module.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from connectors.cli.help_text import h
from connectors.render.encoding import fit_text
from meetingrules import Severity, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def help_lang(argv: list[str]) -> str:
    """The language of help texts: ``--lang``, ``MEETINGRULES_LANG``, else the locale (``LANG=en*``), else vi."""
    if any(arg == "--lang" or arg.startswith("--lang=") for arg in argv) or os.environ.get("MEETINGRULES_LANG"):
        return lang_from_argv(argv)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "vi"
    return "vi"


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

    def format_help(self) -> str:
        text = super().format_help()
        return vietnamese_help(text) if self.lang == "vi" else text

    def format_usage(self) -> str:
        text = super().format_usage()
        return vietnamese_help(text) if self.lang == "vi" else text

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


_HELP_VI = (
    ("usage:", "cách dùng:"),
    ("positional arguments:", "tham số:"),
    ("options:", "tùy chọn:"),
    ("optional arguments:", "tùy chọn:"),
    ("show this help message and exit", "hiện trợ giúp này rồi thoát"),
)


def vietnamese_help(text: str) -> str:
    """argparse's own headings of a help text in Vietnamese."""
    for english, vietnamese in _HELP_VI:
        text = text.replace(english, vietnamese)
    return text


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


_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def parse_date(value: str) -> dt.date:
    """A date as a user writes it: ``30/11/2026`` (day first, as in Vietnam), ``30-11-2026`` or ``2026-11-30``.

    >>> parse_date("30/11/2026"), parse_date("2026-11-30"), parse_date("1/2/2026")
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30), datetime.date(2026, 2, 1))
    """
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value.strip())


def date_value(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}': DD/MM/YYYY | YYYY-MM-DD") from exc


def output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...], default_format: str, lang: str = "vi",
                   default_label: str | None = None) -> None:
    parser.add_argument("--policy", metavar="FILE", help=h("opt.policy", lang))
    parser.add_argument("--format", choices=formats, default=None, help=h("opt.format", lang).format(
        formats=", ".join(formats), default=default_label or default_format))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    parser.add_argument("--as-of", type=date_value, metavar="DATE", help=h("opt.as_of", lang))
    parser.add_argument("--output", "-o", metavar="FILE", help=h("opt.output", lang))
    parser.set_defaults(formats=formats, default_format=default_format)


def window_options(parser: argparse.ArgumentParser, lang: str = "vi") -> None:
    parser.add_argument("--year", type=int, metavar="YYYY", help=h("opt.year", lang))
    parser.add_argument("--from", dest="date_from", type=date_value, metavar="DATE", help=h("opt.from", lang))
    parser.add_argument("--to", dest="date_to", type=date_value, metavar="DATE", help=h("opt.to", lang))


def rule_options(parser: argparse.ArgumentParser, lang: str = "vi") -> None:
    parser.add_argument("--select", type=codes, default=[], metavar="CODES", help=h("opt.select", lang))
    parser.add_argument("--ignore", type=codes, default=[], metavar="CODES", help=h("opt.ignore", lang))
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error", help=h("opt.fail_on", lang))
    parser.add_argument("--show-info", action="store_true", help=h("opt.show_info", lang))


def caldav_options(parser: argparse.ArgumentParser, lang: str = "vi") -> None:
    parser.add_argument("--caldav", metavar="URL", help=h("opt.caldav", lang))
    parser.add_argument("--username", metavar="U", help=h("opt.username", lang))
    parser.add_argument("--insecure", action="store_true", help=h("opt.insecure", lang))
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help=h("opt.timeout", lang))
    parser.add_argument("--state", metavar="FILE", help=h("opt.state", lang))


def check_codes(args) -> None:
    """Refuse a ``--select``/``--ignore`` code or prefix that matches no rule, naming the nearest codes."""
    import difflib

    from meetingrules import catalog

    known = sorted(catalog.BY_CODE)
    for option in ("select", "ignore"):
        for given in getattr(args, option, None) or ():
            if any(code.startswith(given) for code in known):
                continue
            def closeness(code: str, given: str = given) -> tuple[int, float]:
                shared = next((i for i, (a, b) in enumerate(zip(code, given)) if a != b), min(len(code), len(given)))
                return shared, difflib.SequenceMatcher(None, given, code).ratio()

            near = sorted(known, key=closeness, reverse=True)[:3]
            raise UsageError(
                f"--{option} {given}: không có quy tắc nào có mã bắt đầu bằng '{given}'. "
                f"Mã gần nhất: {', '.join(near)} (xem 'meetingrules rules').",
                f"--{option} {given}: no rule code starts with '{given}'. "
                f"Nearest codes: {', '.join(near)} (see 'meetingrules rules').",
            )


#: file extension → the format it implies
EXTENSIONS = {
    ".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".txt": "text",
    ".xlsx": "xlsx", ".html": "html", ".htm": "html", ".docx": "docx",
}
#: formats written as bytes (never to a terminal)
BINARY_FORMATS = ("xlsx", "docx")
#: formats that are the same kind of file (a ``.txt`` holds the table or the concise lines)
_SAME_FILE = {"concise": "text"}


def resolve_format(args, default: str | None = None) -> str:
    """The format: ``--format``, else the extension of ``-o FILE``, else the command's default.

    A format that contradicts the file's extension (``--format markdown -o x.xlsx``), an
    extension naming a format the command does not write, and a binary format to a
    terminal are refused (exit 2).
    """
    formats = args.formats
    chosen = args.format
    output = getattr(args, "output", None)
    if output:
        suffix = Path(output).suffix.lower()
        implied = EXTENSIONS.get(suffix)
        if implied is not None:
            if chosen is None and implied not in formats:
                raise UsageError(
                    f"-o {output}: lệnh này không ghi được định dạng {implied} (chọn một trong {', '.join(formats)}).",
                    f"-o {output}: this command cannot write {implied} (choose from {', '.join(formats)}).",
                )
            if chosen is not None and _SAME_FILE.get(chosen, chosen) != implied:
                raise UsageError(
                    f"--format {chosen} không khớp với đuôi tệp {suffix} của -o {output}.",
                    f"--format {chosen} does not match the {suffix} extension of -o {output}.",
                )
            if chosen is None and implied == "text" and "concise" in formats:
                chosen = "concise"  # a file is not a terminal
            chosen = chosen or implied
    chosen = chosen or default or args.default_format
    if chosen in BINARY_FORMATS and not output and sys.stdout.isatty():
        raise UsageError(
            f"Định dạng {chosen.upper()} cần --output TỆP (hoặc chuyển hướng đầu ra), không in ra màn hình.",
            f"The {chosen.upper()} format needs --output FILE (or redirected output), not a terminal.",
        )
    return chosen


#: The largest policy file read (the built-in profile is about 10 KB).


def emit(text: str | bytes, output: str | None) -> None:
    """Write ``text`` (or a workbook's bytes) to the file ``output``, or to standard output."""
    if isinstance(text, bytes):
        if output:
            Path(output).write_bytes(text)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        return
    if output:
        Path(output).write_text(text, encoding="utf-8")
        return
    if text.startswith("\ufeff") and not (getattr(sys.stdout, "encoding", "") or "").lower().startswith("utf"):
        text = text[1:]  # a byte-order mark means something only in UTF
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# -- any console encoding ------------------------------------------------------------------
_REPLACED = {"count": 0}


def _nearest(encoding: str):
    """A codec error handler writing the failing letters the nearest way ``encoding`` allows.

    (The error of a code-page codec names the encoding "charmap": the handler is made per
    stream encoding.)
    """

    def handler(exc: UnicodeError):
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        _REPLACED["count"] += 1
        text, _ = fit_text(exc.object[exc.start:exc.end], encoding)
        return text, exc.end

    return handler


def safe_streams() -> None:
    """Make standard output and error write any text: what the console's encoding cannot hold
    (``PYTHONIOENCODING=cp1258``, ``ascii``, ``LC_ALL=C``) is transliterated, never an error."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if reconfigure is not None and not encoding.startswith("utf"):
            try:
                name = codecs.lookup(encoding).name
                codecs.register_error(f"meetingrules-nearest-{name}", _nearest(name))
                reconfigure(errors=f"meetingrules-nearest-{name}")
            except (LookupError, ValueError, OSError):  # a closed or detached stream: nothing to write to
                pass


def replacement_note(lang: str) -> None:
    """One line on standard error when some letters had to be transliterated."""
    if not _REPLACED["count"]:
        return
    encoding = getattr(sys.stdout, "encoding", "") or "?"
    _REPLACED["count"] = 0
    try:
        sys.stderr.write(
            (
                f"Ghi chú: bảng mã của cửa sổ lệnh ({encoding}) không viết được mọi chữ tiếng Việt; "
                "đã thay bằng chữ gần nhất. Đặt PYTHONIOENCODING=utf-8 để có đủ dấu.\n"
            )
            if lang == "vi"
            else (
                f"Note: the console encoding ({encoding}) cannot write every letter; the nearest letters were "
                "written instead. Set PYTHONIOENCODING=utf-8 for the full text.\n"
            )
        )
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def fail_level(args) -> Severity:
    """The severity at or above which the command exits 1 (``--fail-on``)."""
    return Severity.WARNING if args.fail_on == "warning" else Severity.ERROR


def error_text(exc, lang: str) -> str:
    """``Lỗi: …`` / ``Error: …`` with the error's message in ``lang``."""
    message = exc.message(lang) if hasattr(exc, "message") and callable(exc.message) else str(exc)
    return ("Lỗi: " if lang == "vi" else "Error: ") + message
