"""``meetingrules gateway``: a validating reverse proxy in front of any CalDAV server (SPEC §11).

May import: the engine, :mod:`connectors.ics`, :mod:`connectors.refusal`,
:mod:`connectors.database`, :mod:`connectors.errors`, Starlette, httpx and lxml; never the
command line (which starts it: :mod:`connectors.cli.gateway`). The names load on first use
(PEP 562), so that importing the package does not import the web stack.
"""

__all__ = ["FINDINGS_HEADER", "Gateway", "GatewayConfig"]


def __getattr__(name: str):
    if name in __all__:
        from connectors.gateway import app

        return getattr(app, name)
    raise AttributeError(name)
