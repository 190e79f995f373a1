"""The Radicale hook: a storage plugin and a WSGI layer that refuse, for every client, a
meeting breaking an error rule (docs/hook.md).

May import: the engine, :mod:`connectors.ics`, :mod:`connectors.refusal`,
:mod:`connectors.errors` and Radicale; nothing else of the connectors.

- :mod:`~connectors.radicale.cache` — decisions against a collection's warm state;
- :mod:`~connectors.radicale.storage` — Radicale's file storage, judging every write;
- :mod:`~connectors.radicale.wsgi` — 403 with the reasons instead of Radicale's bare 400.

Radicale configurations name ``connectors.radicale_hook`` (a shim re-exporting this).
"""

from connectors.errors import UploadRefused
from connectors.radicale.cache import CollectionCache
from connectors.radicale.wsgi import application, wrap
from connectors.refusal import refusal_body, refusal_messages

try:
    from connectors.radicale.storage import Storage
except ImportError:  # pragma: no cover - Radicale is not installed
    pass

__all__ = ["CollectionCache", "Storage", "UploadRefused", "application", "refusal_body", "refusal_messages", "wrap"]
