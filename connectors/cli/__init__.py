"""The ``meetingrules`` command line (a stable contract, SPEC §6).

May import: every other connector package and the engine; nothing imports it.

- :mod:`~connectors.cli.main` — the parser built from the commands, and the one error boundary;
- :mod:`~connectors.cli.common` — options, policy, window, writing and exit codes shared by commands;
- :mod:`~connectors.cli.sources` — reading paths and ``--caldav`` URLs;
- one module per command (``check``, ``validate``, ``report``, ``rules``, ``explain``,
  ``policy``), each with ``add_parser(sub, lang)`` and ``run(args, lang) -> int``.
"""

from connectors.cli.main import main

__all__ = ["main"]
