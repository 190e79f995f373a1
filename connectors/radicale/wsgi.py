"""The WSGI layer in front of Radicale that answers a refusal with 403 and its reasons.

Radicale turns a ``ValueError`` from the storage into a bare ``400 Bad Request``; this layer
collects the storage's :class:`~connectors.errors.UploadRefused` through a context variable
and answers with the body of :func:`connectors.refusal.refusal_body` instead.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator




from connectors.errors import UploadRefused
from connectors.refusal import CONTENT_TYPE, refusal_body

#: The refusals raised by the storage while one request is handled.
REFUSALS: contextvars.ContextVar[list | None] = contextvars.ContextVar("meetingrules_refusals",
                                                                        default=None)

# --------------------------------------------------------------------------- WSGI layer

#: The user name of the current request (never the password), for the decision log.
CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("meetingrules_client", default="")


def request_user(environ) -> str:
    """The user name of a request: Radicale's REMOTE_USER, or HTTP Basic's (never the password)."""
    import base64
    import binascii

    if environ.get("REMOTE_USER"):
        return str(environ["REMOTE_USER"])
    scheme, _, value = str(environ.get("HTTP_AUTHORIZATION", "")).partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(value.strip(), validate=True).decode("utf-8").split(":", 1)[0]
    except (binascii.Error, UnicodeDecodeError):
        return ""


def wrap(app: Callable) -> Callable:
    """``app`` (Radicale's WSGI application) answering a refusal with 403 and its reasons."""

    def refusing(environ, start_response) -> Iterator[bytes] | list[bytes]:
        holder: list[UploadRefused] = []
        token = REFUSALS.set(holder)
        client = CLIENT.set(request_user(environ))
        answered: list = []

        def deferred(status, headers, exc_info=None):
            answered[:] = [status, headers, exc_info]
            return lambda data: None  # Radicale never uses write(); the body is returned

        try:
            body = app(environ, deferred)
            if not holder:
                if answered:
                    start_response(*answered)
                return body
            if hasattr(body, "close"):
                body.close()
            content = refusal_body(holder[-1].decision)
            start_response("403 Forbidden", [
                ("Content-Type", CONTENT_TYPE),
                ("Content-Length", str(len(content))),
            ])
            return [content]
        finally:
            REFUSALS.reset(token)
            CLIENT.reset(client)

    return refusing


def application(environ, start_response):
    """WSGI entry point: Radicale (configured by ``RADICALE_CONFIG``) behind :func:`wrap`."""
    import radicale

    return _wrapped_radicale(radicale.application)(environ, start_response)


_WRAPPED: dict[int, Callable] = {}


def _wrapped_radicale(app: Callable) -> Callable:
    return _WRAPPED.setdefault(id(app), wrap(app))
