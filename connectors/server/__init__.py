"""``meetingrules serve``: the clerk's page and the HTTP API (SPEC §10).

``create_app(Settings(...))`` builds the FastAPI application; ``connectors.server.serve_command``
and ``connectors.server.token_command`` are the command-line commands.
"""

from connectors.server.app import Settings, create_app

__all__ = ["Settings", "create_app"]
