"""The guarded save (kept for scripts that import it here): :mod:`connectors.caldav.guarded`."""
from connectors.caldav.guarded import *  # noqa: F403
from connectors.caldav.guarded import __all__  # noqa: F401
