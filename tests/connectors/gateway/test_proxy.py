"""Headers, paths and hrefs between a client and the upstream (RFC 9110 §7.6.1, --prefix)."""

from __future__ import annotations

from connectors.gateway.proxy import Mapping, pass_headers


def test_hop_by_hop_headers_and_those_connection_names_are_dropped():
    """Connection, the headers it names, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade and Proxy-* go."""
    headers = [("Connection", "keep-alive, X-Secret-Hop"), ("X-Secret-Hop", "1"), ("Keep-Alive", "timeout=5"),
               ("TE", "trailers"), ("Trailer", "X"), ("Transfer-Encoding", "chunked"), ("Upgrade", "h2c"),
               ("Proxy-Authorization", "Basic eA=="), ("Proxy-Foo", "1"), ("ETag", '"1"'), ("If-Match", '"1"'),
               ("Authorization", "Basic eDp5"), ("DAV", "1"), ("DAV", "calendar-access")]
    assert pass_headers(headers) == [("ETag", '"1"'), ("If-Match", '"1"'), ("Authorization", "Basic eDp5"),
                                     ("DAV", "1"), ("DAV", "calendar-access")]


def test_without_a_prefix_nothing_is_translated():
    """The gateway serves the upstream's path under the same path: paths and bodies pass as they are."""
    mapping = Mapping.of("https://cloud.example.vn/remote.php/dav/")
    assert not mapping.rewrites
    assert mapping.upstream_path("/remote.php/dav/calendars/a/") == "/remote.php/dav/calendars/a/"
    body = b"<d:href>/remote.php/dav/calendars/a/</d:href>"
    assert mapping.hrefs(body, to_client=True) == body


def test_a_prefix_translates_paths_hrefs_and_locations_both_ways():
    """Under --prefix /lich/, paths, hrefs, Destination and Location are translated between the two trees."""
    mapping = Mapping.of("https://cloud.example.vn/remote.php/dav", "/lich")
    assert mapping.upstream_path("/lich/calendars/a/x.ics") == "/remote.php/dav/calendars/a/x.ics"
    assert mapping.upstream_path("/.well-known/caldav") == "/.well-known/caldav"
    assert mapping.hrefs(b"<D:href>/remote.php/dav/calendars/a/</D:href><href>/other/</href>", to_client=True) == (
        b"<D:href>/lich/calendars/a/</D:href><href>/other/</href>")
    assert mapping.hrefs(b"<C:href>/lich/calendars/a/x.ics</C:href>", to_client=False) == (
        b"<C:href>/remote.php/dav/calendars/a/x.ics</C:href>")
    assert mapping.client_url("https://cloud.example.vn/remote.php/dav/calendars/", "https://lich.vn") == (
        "https://lich.vn/lich/calendars/")
    assert mapping.client_url("https://elsewhere.example/x", "https://lich.vn") == "https://elsewhere.example/x"
    assert mapping.upstream_url("https://lich.vn/lich/calendars/b.ics", "https://lich.vn") == (
        "https://cloud.example.vn/remote.php/dav/calendars/b.ics")


def test_the_package_exports_its_public_names_sorted():
    """connectors.gateway's __all__ is sorted and every name in it resolves."""
    import connectors.gateway as gateway

    assert gateway.__all__ == sorted(gateway.__all__)
    assert all(getattr(gateway, name) is not None for name in gateway.__all__)
