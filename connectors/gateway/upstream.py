"""Reading a calendar collection from the upstream, as the requesting user, with sync tokens.

Errors, by what the gateway does about them::

    UpstreamError                  the gateway cannot judge (failure policy applies)
     └── NotReadable               the upstream refused the read (401, 403, 404):
                                   the PUT goes on unjudged, the upstream answers it

The collection is read with WebDAV ``sync-collection`` (RFC 6578) asking for every object's
ETag and calendar data; the next read sends the token and gets only what changed. A token
the upstream no longer accepts (403/409 per RFC 6578 §3.2, 412 from Xandikos) means one full
read. An upstream without ``sync-collection`` is read in full with a ``calendar-query``
every time (the ETags still spare the parsing of unchanged objects).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from urllib.parse import unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

import attrs
import httpx
from lxml import etree

from meetingrules.errors import MeetingRulesError

__all__ = ["Changes", "NotReadable", "UpstreamError", "current_token", "read_changes"]

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"

_SYNC = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<D:sync-collection xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    "<D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level>"
    "<D:prop><D:getetag/><C:calendar-data/></D:prop></D:sync-collection>"
)
_QUERY = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
    '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>'
)
_MULTIGET = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    "<D:prop><D:getetag/><C:calendar-data/></D:prop>{hrefs}</C:calendar-multiget>"
)
_MULTIGET_BATCH = 500
_NAME = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<D:propfind xmlns:D="DAV:"><D:prop><D:displayname/><D:resourcetype/></D:prop></D:propfind>'
)


class UpstreamError(MeetingRulesError, ConnectionError):
    """The upstream could not be read: down, slow, or answering with an error."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang``."""
        return self.message_vi if lang == "vi" else self.message_en


class NotReadable(UpstreamError):
    """The upstream refused to let this user read the collection (401, 403, 404)."""

    def __init__(self, status: int):
        super().__init__(f"Máy chủ lịch từ chối cho đọc lịch ({status}).",
                         f"The calendar server refused the read ({status}).")
        self.status = status


@attrs.frozen
class Changes:
    """What changed since ``token``: objects (path → (ETag, data)) and removed paths."""

    changed: Mapping[str, tuple[str | None, bytes]]
    removed: frozenset[str]
    token: str | None  # None: the upstream keeps no tokens; read in full next time
    full: bool  # a complete listing: objects not named are gone
    name: str = ""  # the collection's display name (on a full read)
    calendar: bool = True  # whether the collection is a calendar at all


def _path(base: str, href: str) -> str:
    """The decoded path of ``href`` (relative or absolute) as the object's key."""
    return unquote(urlsplit(urljoin(base, href.strip())).path)


async def _request(client: httpx.AsyncClient, method: str, url: str, headers: dict, body: str) -> httpx.Response:
    try:
        return await client.request(method, url, headers=headers, content=body.encode("utf-8"))
    except httpx.TimeoutException as exc:
        raise UpstreamError("Máy chủ lịch không trả lời kịp.", "The calendar server did not answer in time.") from exc
    except httpx.HTTPError as exc:
        raise UpstreamError(f"Không kết nối được máy chủ lịch ({type(exc).__name__}).",
                            f"Cannot reach the calendar server ({type(exc).__name__}).") from exc


def _fail(response: httpx.Response) -> None:
    if response.status_code in (401, 403, 404):
        raise NotReadable(response.status_code)
    raise UpstreamError(f"Máy chủ lịch trả lời {response.status_code} khi đọc lịch.",
                        f"The calendar server answered {response.status_code} to the read.")


def _multistatus(response: httpx.Response) -> etree._Element:
    try:
        return etree.fromstring(response.content, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise UpstreamError("Máy chủ lịch trả lời không phải XML hợp lệ.",
                            "The calendar server's answer is not valid XML.") from exc


def _objects(url: str, root: etree._Element) -> tuple[dict, set, list[str]]:
    """(path → (etag, data or None)), removed paths and paths listed without data."""
    changed: dict[str, tuple[str | None, bytes | None]] = {}
    removed: set[str] = set()
    collection = _path(url, url)
    for response in root.iter(DAV + "response"):
        href = response.findtext(DAV + "href")
        if not href:
            continue
        path = _path(url, href)
        if path.rstrip("/") == collection.rstrip("/"):
            continue
        status = response.findtext(DAV + "status") or ""
        if " 404" in status:
            removed.add(path)
            continue
        etag, data = None, None
        for propstat in response.iter(DAV + "propstat"):
            if " 200" not in (propstat.findtext(DAV + "status") or " 200"):
                continue
            etag = propstat.findtext(f"{DAV}prop/{DAV}getetag") or etag
            text = propstat.findtext(f"{DAV}prop/{CALDAV}calendar-data")
            if text:
                data = text.encode("utf-8")
        changed[path] = (etag, data)
    return changed, removed, [p for p, (_e, d) in changed.items() if d is None]


async def _fill(client: httpx.AsyncClient, url: str, headers: dict, changed: dict, missing: list[str]) -> None:
    """Fetch the objects a listing gave without their data: calendar-multiget, else GET."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    left = []
    for start in range(0, len(missing), _MULTIGET_BATCH):
        batch = missing[start:start + _MULTIGET_BATCH]
        hrefs = "".join(f"<D:href>{escape(httpx.URL(origin + p).raw_path.decode())}</D:href>" for p in batch)
        response = await _request(client, "REPORT", url, {**headers, "Depth": "1"}, _MULTIGET.format(hrefs=hrefs))
        if response.status_code != 207:
            left.extend(batch)
            continue
        got, _removed, without = _objects(url, _multistatus(response))
        for path in batch:
            etag, data = got.get(path, (None, None))
            if data is None:
                left.append(path)
            else:
                changed[path] = (etag or changed[path][0], data)

    async def get(path: str):
        response = await _request(client, "GET", origin + httpx.URL(path).raw_path.decode(), headers, "")
        if response.status_code == 404:
            changed.pop(path, None)
            return
        if response.status_code != 200:
            _fail(response)
        changed[path] = (response.headers.get("etag") or changed[path][0], response.content)

    for start in range(0, len(left), 16):
        await asyncio.gather(*(get(p) for p in left[start:start + 16]))


async def _describe(client: httpx.AsyncClient, url: str, headers: dict) -> tuple[str, bool]:
    """The collection's display name, and whether it is a calendar."""
    response = await _request(client, "PROPFIND", url, {**headers, "Depth": "0"}, _NAME)
    if response.status_code != 207:
        _fail(response)
    root = _multistatus(response)
    name = root.findtext(f".//{DAV}displayname") or ""
    return name, root.find(f".//{DAV}resourcetype/{CALDAV}calendar") is not None


_TOKEN = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>'
)


async def current_token(client: httpx.AsyncClient, url: str, authorization: str) -> str | None:
    """The collection's sync token now (a cheap PROPFIND), or None when it gives none."""
    headers = {"Authorization": authorization, "Content-Type": "application/xml; charset=utf-8",
               "Accept-Encoding": "identity", "Depth": "0"}
    response = await _request(client, "PROPFIND", url, headers, _TOKEN)
    if response.status_code != 207:
        _fail(response)
    root = _multistatus(response)
    for propstat in root.iter(DAV + "propstat"):
        if " 200" in (propstat.findtext(DAV + "status") or " 200"):
            token = propstat.findtext(f"{DAV}prop/{DAV}sync-token")
            if token:
                return token.strip()
    return None


async def read_changes(client: httpx.AsyncClient, url: str, authorization: str, token: str | None) -> Changes:
    """What changed in the collection at ``url`` since ``token`` (everything when None)."""
    headers = {"Authorization": authorization, "Content-Type": "application/xml; charset=utf-8",
               "Accept-Encoding": "identity"}
    name, calendar = "", True
    if token is None:
        name, calendar = await _describe(client, url, headers)
        if not calendar:
            return Changes({}, frozenset(), None, True, name, False)
    response = await _request(client, "REPORT", url, headers, _SYNC.format(token=token or ""))
    if token and response.status_code in (403, 409, 412):
        return await read_changes(client, url, authorization, None)  # token refused: read in full
    full = not token
    new_token: str | None
    if response.status_code == 207:
        root = _multistatus(response)
        new_token = root.findtext(DAV + "sync-token") or None
    elif response.status_code in (401, 404):
        _fail(response)
    else:  # no sync-collection here: a calendar-query lists everything
        response = await _request(client, "REPORT", url, {**headers, "Depth": "1"}, _QUERY)
        if response.status_code != 207:
            _fail(response)
        root, new_token, full = _multistatus(response), None, True
    changed, removed, missing = _objects(url, root)
    if missing:
        await _fill(client, url, headers, changed, missing)
    return Changes(changed, frozenset(removed), new_token, full, name, calendar)
