"""``meetingrules serve``: the clerk's page and the HTTP API (SPEC §10).

``create_app(Settings(...))`` builds the FastAPI application; the commands that start it and
manage its tokens are :mod:`connectors.cli.serve` and :mod:`connectors.cli.token`.

May import: the engine, :mod:`connectors.checking`, :mod:`connectors.sources`,
:mod:`connectors.render`, :mod:`connectors.database`, FastAPI, Starlette and Jinja2; never the
command line.
"""

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    # Lazy: importing the package (its helpers, the docs) does not import FastAPI, which
    # costs about 0.4 s; the app loads when ``create_app`` or ``Settings`` is first used.
    if name in __all__:
        from connectors.server import app

        return getattr(app, name)
    raise AttributeError(name)
