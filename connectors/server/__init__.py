"""``meetingrules serve``: the clerk's page and the HTTP API (SPEC §10).

``create_app(Settings(...))`` builds the FastAPI application; ``serve_command`` and
``token_command`` are the command-line commands (``add_parser``/``run``).
"""

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    # Lazy: the command line imports this package's commands on every run, and FastAPI
    # costs about 0.4 s to import; only ``serve`` needs it.
    if name in __all__:
        from connectors.server import app

        return getattr(app, name)
    raise AttributeError(name)
