"""CalDAV logins: from the environment, a netrc file or the keyring; never from the URL.

The secret never appears in a message, a log line or a ``repr``.
"""

from __future__ import annotations

import logging
import netrc
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import attrs


from connectors.errors import CalDAVURLError

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "MEETINGRULES_CALDAV_PASSWORD"
TOKEN_VARIABLE = "MEETINGRULES_CALDAV_TOKEN"
KEYRING_SERVICE_PREFIX = "meetingrules-caldav:"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}

# --------------------------------------------------------------------------- credentials


@attrs.frozen(repr=False)
class Credentials:
    """A login for a CalDAV server. Its ``repr`` and ``str`` never show the secret."""

    username: str | None = None
    password: str | None = None
    token: str | None = None
    #: where the secret came from: environment, netrc, keyring, argument or none
    source: str = "none"

    def __repr__(self) -> str:
        secret = "token=***" if self.token else ("password=***" if self.password else "no secret")
        return f"Credentials(username={self.username!r}, {secret}, source={self.source!r})"

    __str__ = __repr__

    @property
    def has_secret(self) -> bool:
        """Whether a password or a token is known."""
        return bool(self.password or self.token)


def check_url(url: str) -> tuple[str, str | None]:
    """The URL without user information, and the user name it carried; refuse passwords."""
    parts = urlsplit(url)
    if parts.password is not None:
        raise CalDAVURLError(
            "Địa chỉ CalDAV có chứa mật khẩu; không được ghi mật khẩu trong URL. Hãy dùng "
            f"biến môi trường {PASSWORD_VARIABLE}, tệp netrc hoặc keyring.",
            "The CalDAV URL contains a password; a password must never be written in the "
            f"URL. Use the environment variable {PASSWORD_VARIABLE}, a netrc entry or the "
            "keyring.",
            url=without_userinfo(url),
        )
    clean = without_userinfo(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CalDAVURLError(
            f"Địa chỉ CalDAV không hợp lệ: '{clean}' (cần bắt đầu bằng https:// hoặc http://).",
            f"Invalid CalDAV URL: '{clean}' (it must start with https:// or http://).",
            url=clean,
        )
    username = unquote(parts.username) if parts.username else None
    return clean, username


def without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def resolve_credentials(
    url: str,
    username: str | None = None,
    *,
    env: Mapping[str, str] = os.environ,
    netrc_path: str | os.PathLike | None = None,
    use_keyring: bool = True,
    token: str | None = None,
) -> Credentials:
    """Find the login for ``url``: a bearer token, else a password.

    The token is ``token`` or ``$MEETINGRULES_CALDAV_TOKEN``. The password is
    ``$MEETINGRULES_CALDAV_PASSWORD``, else the netrc entry for the host (``netrc_path``,
    else ``$NETRC``, else ``~/.netrc``), else the keyring entry of service
    ``meetingrules-caldav:HOST`` (only when ``keyring`` is installed). A user name in the
    URL (``https://user@host/``) is used when ``username`` is not given; a password in the
    URL raises :class:`CalDAVURLError`.
    """
    _, url_username = check_url(url)
    username = username or url_username
    host = urlsplit(url).hostname or ""

    if token:
        return Credentials(username, token=token, source="argument")
    if env.get(TOKEN_VARIABLE):
        return Credentials(username, token=env[TOKEN_VARIABLE], source="environment")

    password = env.get(PASSWORD_VARIABLE)
    if password:
        return Credentials(username, password=password, source="environment")

    entry = _netrc_entry(host, username, env, netrc_path)
    if entry is not None:
        return Credentials(entry[0], password=entry[1], source="netrc")

    if use_keyring:
        entry = _keyring_entry(host, username)
        if entry is not None:
            return Credentials(entry[0], password=entry[1], source="keyring")

    return Credentials(username)


def _netrc_entry(host, username, env, netrc_path) -> tuple[str | None, str] | None:
    path = netrc_path or env.get("NETRC") or Path.home() / ".netrc"
    if not os.path.isfile(path):
        return None
    try:
        found = netrc.netrc(os.fspath(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token of the file, and so a password.
        log.warning("netrc file %s is unreadable (line %s); it is ignored", path, exc.lineno)
        return None
    except OSError:
        log.warning("netrc file %s cannot be opened; it is ignored", path)
        return None
    if not found:
        return None
    login, _account, password = found
    if username and login and login != username:
        return None
    if not password:
        return None
    return (username or login or None, password)


def _keyring_entry(host, username) -> tuple[str | None, str] | None:
    try:
        import keyring
    except ImportError:
        return None
    service = KEYRING_SERVICE_PREFIX + host
    try:
        credential = keyring.get_credential(service, username)
    except Exception:  # noqa: BLE001 - a keyring without a backend is the same as no entry
        log.debug("keyring has no usable backend; it is ignored")
        return None
    if credential is None or not credential.password:
        return None
    return (username or credential.username or None, credential.password)


# --------------------------------------------------------------------------- results

