"""The gateway as a real uvicorn server on a free 127.0.0.1 port, in a thread or a process."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from connectors.gateway import Gateway, GatewayConfig
from tests.caldav_servers import free_socket

ROOT = Path(__file__).resolve().parents[3]


@contextlib.contextmanager
def gateway_thread(config: GatewayConfig) -> Iterator[str]:
    """Serve a gateway for ``config`` in a thread; yield its URL (ending in /)."""
    import uvicorn

    sock = free_socket()
    # As the command runs it: the upstream's Date and Server headers, not uvicorn's as well.
    server = uvicorn.Server(uvicorn.Config(Gateway(config), log_level="warning", lifespan="on",
                                           server_header=False, date_header=False, timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="gateway-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the gateway did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gateway_process(*options: str) -> Iterator[str]:
    """Run ``meetingrules gateway OPTIONS`` as a process on a free port; yield its URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "connectors.cli", "gateway", "--listen", f"127.0.0.1:{port}", *options],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the gateway stopped: {process.stderr.read().decode()}")
            try:
                httpx.request("OPTIONS", url, timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the gateway did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
