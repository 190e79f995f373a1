"""``meetingrules serve``: the clerk's page and the HTTP API (SPEC §10).

``create_app(Settings(...))`` builds the FastAPI application; the commands that start it and
manage its tokens are :mod:`connectors.cli.serve` and :mod:`connectors.cli.token`.

May import: the engine, :mod:`connectors.checking`, :mod:`connectors.sources`,
:mod:`connectors.render`, :mod:`connectors.database`, FastAPI, Starlette and Jinja2; never the
command line.
"""

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    # Lazy: the command line imports this package's commands on every run, and FastAPI
    # costs about 0.4 s to import; only ``serve`` needs it.
    if name in __all__:
        from connectors.server import app

        return getattr(app, name)
    raise AttributeError(name)
