"""The server's guards: the upload limit, API tokens, and CSRF protection of the page's forms.

- Upload limit: a request body above the limit is refused with 413 as soon as it passes the
  limit (by its ``Content-Length``, or while it streams in), never after reading all of it.
- Tokens: beyond the loopback address, ``validate`` and ``decisions`` need
  ``Authorization: Bearer SECRET`` of a token made by ``meetingrules token create NAME``
  (the database keeps only its hash).
- CSRF: a signed double-submit token. The page sets a random nonce in a cookie and puts the
  same nonce, signed with the server's key (HMAC-SHA256), in each form; a POST is accepted
  only when the cookie's nonce and the form's signed nonce agree.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from connectors.server.errors import BadRequest, TooLarge, Unauthorized

DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
CSRF_COOKIE = "mr_csrf"
CSRF_FIELD = "csrf"
TOKEN_COOKIE = "mr_token"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (127.0.0.0/8, ::1, localhost)."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _too_large_words(limit: int) -> tuple[str, str]:
    mb = limit / (1024 * 1024)
    size = f"{mb:g} MB" if mb >= 1 else f"{limit} byte"
    return (f"Tệp gửi lên quá lớn (giới hạn {size}).", f"The upload is too large (limit {size}).")


class UploadLimit:
    """ASGI middleware: a request body above ``limit`` bytes is answered with 413."""

    def __init__(self, app, limit: int = DEFAULT_MAX_UPLOAD):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit
        vi, en = _too_large_words(limit)
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        declared = int(length) if length.strip().isdigit() else None
        seen = 0

        async def counted():
            # Raised where the route reads its body, so that the API answers JSON and the page HTML.
            nonlocal seen
            if declared is not None and declared > limit:
                raise TooLarge(vi, en)  # refused before a byte of the body is read
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(vi, en)
            return message

        await self.app(scope, counted, send)


# -- tokens -----------------------------------------------------------------------------------


def bearer(authorization: str | None) -> str | None:
    """The secret of an ``Authorization: Bearer SECRET`` header."""
    if not authorization:
        return None
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def check_token(verify, secret: str | None, lang: str) -> str:
    """The token's name, or Unauthorized (no token, unknown or revoked)."""
    if not secret:
        raise Unauthorized(
            "Cần mã truy cập: tiêu đề 'Authorization: Bearer MÃ' (tạo bằng 'meetingrules token create TÊN').",
            "A token is required: header 'Authorization: Bearer TOKEN' (made by 'meetingrules token create NAME').",
        )
    name = verify(secret)
    if not name:
        raise Unauthorized("Mã truy cập không đúng hoặc đã bị thu hồi.", "The token is unknown or has been revoked.")
    return name


# -- CSRF -------------------------------------------------------------------------------------


class Csrf:
    """Signed double-submit tokens under one server key (random per process)."""

    def __init__(self, key: bytes | None = None):
        self.key = key or secrets.token_bytes(32)

    def sign(self, nonce: str) -> str:
        """``nonce.signature``: what a form carries."""
        signature = hmac.new(self.key, nonce.encode("ascii", "replace"), hashlib.sha256).hexdigest()
        return f"{nonce}.{signature}"

    @staticmethod
    def new_nonce() -> str:
        """A fresh random nonce for the cookie."""
        return secrets.token_urlsafe(24)

    def verify(self, cookie: str | None, field: str | None) -> None:
        """Accept a POST whose form token is the cookie's nonce, signed by this server."""
        if not cookie or not field or "." not in field:
            raise BadRequest(
                "Biểu mẫu đã hết hạn hoặc không đến từ trang này; hãy tải lại trang và gửi lại.",
                "The form has expired or did not come from this page; reload the page and send it again.",
                code="csrf",
            )
        nonce = field.rsplit(".", 1)[0]
        if not (hmac.compare_digest(nonce, cookie) and hmac.compare_digest(self.sign(nonce), field)):
            raise BadRequest(
                "Biểu mẫu đã hết hạn hoặc không đến từ trang này; hãy tải lại trang và gửi lại.",
                "The form has expired or did not come from this page; reload the page and send it again.",
                code="csrf",
            )
