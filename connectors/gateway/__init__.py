"""``meetingrules gateway``: a validating reverse proxy in front of any CalDAV server (SPEC §11).

The names load on first use (PEP 562), so that the command line can register ``gateway``
without importing the web stack.
"""

__all__ = ["FINDINGS_HEADER", "Gateway", "GatewayConfig"]


def __getattr__(name: str):
    if name in __all__:
        from connectors.gateway import app

        return getattr(app, name)
    raise AttributeError(name)
