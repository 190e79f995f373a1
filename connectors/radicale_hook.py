"""Radicale configurations name this module: it is :mod:`connectors.radicale`."""
from connectors.radicale import *  # noqa: F403 - the hook, kept under its configured name
from connectors.radicale import __all__  # noqa: F401
