"""What a terminal shows while a command runs: a status line, a rich console sized to it."""

from __future__ import annotations

import contextlib
import sys

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


