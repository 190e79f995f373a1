"""``python -m connectors.cli``: the command line."""

from connectors.cli.main import main

raise SystemExit(main())
