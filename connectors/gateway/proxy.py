"""The transparent part of the gateway: headers, paths and hrefs between client and upstream.

Hop-by-hop headers are dropped in both directions (RFC 9110 §7.6.1: ``Connection`` and every
header it names, ``Keep-Alive``, ``TE``, ``Trailer``, ``Transfer-Encoding``, ``Upgrade``,
``Proxy-*``); everything else passes unchanged. Paths, ``Location``, ``Destination``
and the ``href``s of WebDAV bodies are translated only when the gateway serves the upstream's
base path under another prefix (``--prefix``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import attrs

__all__ = ["Mapping", "hop_by_hop", "pass_headers"]

_HOP_BY_HOP = frozenset({"connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
                         "proxy-connection", "proxy-authenticate", "proxy-authorization"})


def hop_by_hop(headers: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The lower-case names of the hop-by-hop headers of a message (RFC 9110 §7.6.1)."""
    named = set(_HOP_BY_HOP)
    for name, value in headers:
        if name.lower() == "connection":
            named.update(token.strip().lower() for token in value.split(",") if token.strip())
    return frozenset(named)


def pass_headers(headers: Iterable[tuple[str, str]], drop: Iterable[str] = ()) -> list[tuple[str, str]]:
    """``headers`` without the hop-by-hop ones, ``Proxy-*`` and the names in ``drop``."""
    headers = list(headers)
    gone = hop_by_hop(headers) | {d.lower() for d in drop}
    return [(n, v) for n, v in headers if n.lower() not in gone and not n.lower().startswith("proxy-")]


@attrs.frozen
class Mapping:
    """Where the gateway's paths go on the upstream, and back.

    ``prefix`` is the path the gateway serves the upstream's ``base`` path under (the same
    by default: same paths, nothing rewritten). Paths outside the prefix go to the same
    path on the upstream host (``/.well-known/caldav``, say).
    """

    origin: str  # scheme://host[:port] of the upstream
    base: str  # the upstream URL's path, ending in /
    prefix: str  # the gateway's path for it, ending in /

    @classmethod
    def of(cls, upstream: str, prefix: str | None = None) -> Mapping:
        """The mapping for ``--upstream`` and ``--prefix``."""
        parts = urlsplit(upstream)
        base = (parts.path or "/").rstrip("/") + "/"
        given = base if prefix is None else "/" + prefix.strip("/") + "/"
        return cls(f"{parts.scheme}://{parts.netloc}", base, given.replace("//", "/"))

    @property
    def rewrites(self) -> bool:
        """Whether anything is translated."""
        return self.prefix != self.base

    def upstream_path(self, path: str) -> str:
        """The upstream path of a gateway path (both raw, percent-encoded)."""
        if self.rewrites and (path + "/").startswith(self.prefix):
            return self.base + path[len(self.prefix):] if path + "/" != self.prefix else self.base
        return path

    def client_path(self, path: str) -> str:
        """The gateway path of an upstream path."""
        if self.rewrites and (path + "/").startswith(self.base):
            return self.prefix + path[len(self.base):] if path + "/" != self.base else self.prefix
        return path

    def client_url(self, url: str, gateway_origin: str) -> str:
        """A URL the upstream sent (``Location``): on the upstream's host it points to the gateway."""
        if url.startswith(self.origin + "/") or url == self.origin:
            return gateway_origin + self.client_path(url[len(self.origin):] or "/")
        if url.startswith("/"):
            return self.client_path(url)
        return url

    def upstream_url(self, url: str, gateway_origin: str) -> str:
        """A URL the client sent (``Destination``) in the upstream's terms."""
        if url.startswith(gateway_origin + "/"):
            return self.origin + self.upstream_path(url[len(gateway_origin):])
        if url.startswith("/"):
            return self.origin + self.upstream_path(url)
        return url

    def hrefs(self, body: bytes, to_client: bool) -> bytes:
        """``body`` with the paths in its ``href`` elements translated (a WebDAV XML body)."""
        if not self.rewrites:
            return body
        translate = self.client_path if to_client else self.upstream_path
        origin = self.origin.encode()

        def one(match: re.Match) -> bytes:
            text = match.group(2).strip()
            if text.startswith(origin):
                text = text[len(origin):]
                if not to_client:
                    return match.group(0)
            return match.group(1) + translate(text.decode("utf-8")).encode("utf-8") + match.group(3)

        return _HREF.sub(one, body)


_HREF = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?href(?:\s[^>]*)?>)([^<]*)(</(?:[A-Za-z_][\w.-]*:)?href>)")
