"""Helpers of the server tests: the real app over a real database, and a real uvicorn."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

from tests.paths import PROPOSALS, ROOT, SAMPLES

AS_OF = "2026-11-27"
__all__ = ["AS_OF", "PROPOSALS", "ROOT", "SAMPLES", "make_app", "running"]


def make_app(tmp_path: Path, **settings):
    """The application over a SQLite file in ``tmp_path`` (unless a database URL is given)."""
    from connectors.server import Settings, create_app

    settings.setdefault("database", f"sqlite:///{tmp_path / 'decisions.sqlite3'}")
    settings.setdefault("warm", False)
    return create_app(Settings(**settings))


@contextlib.contextmanager
def running(app):
    """The app served by a real uvicorn on a free 127.0.0.1 port: yields its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
