"""Real CalDAV servers for tests: Radicale and Xandikos started in-process on 127.0.0.1.

The fixtures (``radicale_server``, ``xandikos_server``, ``slow_server`` …) live in
tests/conftest.py. Each server fixture yields a :class:`CalDAVServer` with ``url`` (the server root),
``home_url`` (the user's calendar home, which is also the principal on Radicale),
``username``, ``password``, ``calendar_url(name)``, ``make_calendar(name)``,
``put_ics(calendar_name, filename, ics_text)``, ``load_ics(calendar_name, ics_text)`` (a
whole calendar file, split into one object per UID), ``delete(calendar_name, filename)``
and ``stop()``. Data is stored through the caldav client with plain PUT requests, so the href
of every object is the file name the test chose. Both servers demand HTTP Basic
authentication; a calendar named ``work`` exists from the start.

``requests`` lists the (method, path, status) of every request the server answered,
and ``fail_next(count, status)`` makes the next ``count`` requests fail with ``status``
before they reach the server (a 5xx for the retry tests).

``xandikos_tls_server`` is Xandikos on HTTPS with a self-signed certificate (the writer
client does not verify it). ``slow_server`` is an HTTP endpoint that holds every request
for a few seconds; ``plain_web_server`` answers every request with an HTML page, as a web
server that is not a CalDAV server does.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import http.server
import socket
import socketserver
import threading
import warnings
import wsgiref.simple_server
from collections.abc import Iterator
from pathlib import Path


USERNAME = "canbo"
PASSWORD = "Mat-khau-9f3#kiem-tra"
FIRST_CALENDAR = "work"

# A bound on how long the slow endpoint keeps a request waiting, so a test cannot hang.
SLOW_ANSWER_SECONDS = 5.0


class CalDAVServer:
    """A running CalDAV server that tests can fill with calendar data."""

    def __init__(self, url: str, home_path: str, username: str, password: str, stop,
                 recorder: _Recorder, verify: bool = True):
        self.url = url
        self._verify = verify
        self._recorder = recorder
        self.home_url = url.rstrip("/") + home_path
        self.username = username
        self.password = password
        self._stop = stop
        self._stopped = False
        self._client = None

    def __repr__(self) -> str:
        return f"CalDAVServer({self.url!r}, username={self.username!r})"

    @property
    def client(self):
        """A caldav client logged in as the server's user (the tests' writer)."""
        if self._client is None:
            import caldav

            self._client = caldav.DAVClient(
                url=self.url, username=self.username, password=self.password,
                ssl_verify_cert=self._verify,
            )
        return self._client

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of every request answered so far."""
        return [tuple(entry) for entry in self._recorder.requests]

    def clear_requests(self) -> None:
        """Forget the requests answered so far."""
        self._recorder.requests.clear()

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status`` instead of serving them."""
        self._recorder.failures = count
        self._recorder.failure_status = status

    def calendar_url(self, calendar_name: str) -> str:
        """The URL of the calendar collection ``calendar_name``."""
        return f"{self.home_url}{calendar_name}/"

    def make_calendar(self, calendar_name: str, display_name: str | None = None) -> str:
        """Create a calendar collection (MKCALENDAR) and return its URL."""
        from caldav.elements import cdav, dav
        from lxml import etree

        url = self.calendar_url(calendar_name)
        body = cdav.Mkcalendar() + (
            dav.Set() + (dav.Prop() + [dav.DisplayName(display_name or calendar_name)])
        )
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
            response = self.client.mkcalendar(url, etree.tostring(body.xmlelement()))
        if response.status != 201:
            raise AssertionError(f"MKCALENDAR {url} answered {response.status}")
        return url

    def put_ics(self, calendar_name: str, filename: str, ics_text: str | bytes) -> str:
        """Store ``ics_text`` as ``filename`` in the calendar and return the object URL."""
        url = self.calendar_url(calendar_name) + filename
        body = ics_text.encode("utf-8") if isinstance(ics_text, str) else ics_text
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
            response = self.client.put(url, body,
                                       {"Content-Type": "text/calendar; charset=utf-8"})
        if response.status not in (200, 201, 204):
            raise AssertionError(f"PUT {url} answered {response.status}: {response.raw!r}")
        return url

    def load_ics(self, calendar_name: str, ics_text: str | bytes) -> list[str]:
        """Store every UID of a calendar file as its own object, as CalDAV requires.

        Each object keeps the file's calendar properties (X-WR-TIMEZONE and the like) and
        its VTIMEZONEs; it is named ``<n>.ics`` in file order. Returns the object URLs.
        """
        import icalendar

        calendar = icalendar.Calendar.from_ical(ics_text)
        zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        groups: dict[str, list] = {}
        for number, component in enumerate(calendar.subcomponents):
            if component.name != "VTIMEZONE":
                groups.setdefault(str(component.get("UID", f"no-uid-{number}")), []).append(
                    component)
        urls = []
        for number, components in enumerate(groups.values()):
            single = icalendar.Calendar()
            for name, value in calendar.property_items(recursive=False)[1:-1]:
                single.add(name, value, encode=False)
            single.subcomponents = [*zones, *components]
            urls.append(self.put_ics(calendar_name, f"{number}.ics", single.to_ical()))
        return urls

    def delete(self, calendar_name: str, filename: str) -> None:
        """Remove one object from a calendar."""
        url = self.calendar_url(calendar_name) + filename
        response = self.client.delete(url)
        if response.status not in (200, 204):
            raise AssertionError(f"DELETE {url} answered {response.status}")

    def stop(self) -> None:
        """Shut the server down; later requests to it are refused. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self._client is not None:
            self._client.close()
        self._stop()


class _Recorder:
    """Notes every request a test server answers, and fails some on demand."""

    def __init__(self):
        self.requests: list[list] = []
        self.failures = 0
        self.failure_status = 503
        self._lock = threading.Lock()

    def take_failure(self) -> int | None:
        with self._lock:
            if self.failures <= 0:
                return None
            self.failures -= 1
            return self.failure_status

    def note(self, method: str, path: str, status: int) -> list:
        entry = [method, path, status]
        with self._lock:
            self.requests.append(entry)
        return entry

    def wsgi(self, app):
        """``app`` wrapped so that its requests are recorded and failures injected."""

        def recorded(environ, start_response):
            method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
            failure = self.take_failure()
            if failure is not None:
                self.note(method, path, failure)
                start_response(f"{failure} Injected failure", [("Content-Length", "0")])
                return [b""]

            def start(status, headers, exc_info=None):
                self.note(method, path, int(status.split()[0]))
                return start_response(status, headers, exc_info)

            return app(environ, start)

        return recorded

    def aiohttp_middleware(self):
        from aiohttp import web

        @web.middleware
        async def recorded(request, handler):
            failure = self.take_failure()
            if failure is not None:
                self.note(request.method, request.path, failure)
                return web.Response(status=failure)
            # Noted before the handler runs: Xandikos may send the answer from inside it.
            entry = self.note(request.method, request.path, 0)
            response = await handler(request)
            entry[2] = response.status
            return response

        return recorded


def free_socket() -> socket.socket:
    """A listening TCP socket on 127.0.0.1 and a port the kernel chose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    """wsgiref's handler without the access log on stderr."""

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads = True
    block_on_close = False


def _serve_wsgi(app) -> tuple[str, callable]:
    """Serve a WSGI app on a free port in a thread; return its URL and a stop function."""
    server = _ThreadingWSGIServer(("127.0.0.1", 0), _QuietHandler)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="wsgi-test-server",
                              daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://127.0.0.1:{server.server_port}/", stop


def start_radicale(root: Path, *, storage: dict | None = None, wrap=None, calendar_name: str = "Lịch công tác",
                   log_level: str = "warning") -> CalDAVServer:
    """Start Radicale with htpasswd (plain) auth and filesystem storage under ``root``.

    ``storage`` adds settings to Radicale's ``[storage]`` section (e.g. ``type`` for a
    storage plugin); ``wrap`` is WSGI middleware put in front of Radicale (the hook's
    refusal layer); ``calendar_name`` is the display name of the first calendar.
    """
    import radicale
    import radicale.config

    htpasswd = root / "users"
    htpasswd.write_text(f"{USERNAME}:{PASSWORD}\n", encoding="utf-8")
    configuration = radicale.config.load()
    configuration.update(
        {
            "auth": {
                "type": "htpasswd",
                "htpasswd_filename": str(htpasswd),
                "htpasswd_encryption": "plain",
                # Radicale waits after a failed login; the tests need no brute-force guard.
                "delay": "0",
            },
            "storage": {"filesystem_folder": str(root / "collections"), **(storage or {})},
            "rights": {"type": "owner_only"},
            "logging": {"level": log_level, "mask_passwords": "True"},
        },
        "meetingrules tests",
    )
    # A test's storage is thrown away: no fsync per write.
    configuration.update({"storage": {"_filesystem_fsync": "False"}}, "meetingrules tests",
                         privileged=True)
    recorder = _Recorder()
    application = radicale.Application(configuration)
    url, stop = _serve_wsgi(recorder.wsgi(wrap(application) if wrap else application))
    server = CalDAVServer(url, f"/{USERNAME}/", USERNAME, PASSWORD, stop, recorder)
    try:
        server.make_calendar(FIRST_CALENDAR, calendar_name)
    except BaseException:
        server.stop()
        raise
    return server


def start_xandikos(root: Path, tls: bool = False) -> CalDAVServer:
    """Start Xandikos (its aiohttp app, with its htpasswd middleware) storing under ``root``.

    With ``tls`` it serves HTTPS with a self-signed certificate (Xandikos' own autocert),
    which a client that verifies certificates must refuse.
    """
    from aiohttp import web
    from xandikos import htpasswd as xandikos_htpasswd
    from xandikos.web import SingleUserFilesystemBackend, XandikosApp, basic_auth_middleware

    principal = "/user/"
    store = root / "store"
    store.mkdir()
    backend = SingleUserFilesystemBackend(str(store))
    backend._mark_as_principal(principal)
    backend.create_principal(principal, create_defaults=False)
    app = XandikosApp(backend, current_user_principal=principal, strict=True)

    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode("utf-8")).digest()).decode("ascii")
    htpasswd = root / "htpasswd"
    htpasswd.write_text(f"{USERNAME}:{{SHA}}{digest}\n", encoding="utf-8")

    async def handler(request):
        return await app.aiohttp_handler(request, "/")

    recorder = _Recorder()
    web_app = web.Application(middlewares=[
        recorder.aiohttp_middleware(),
        basic_auth_middleware(xandikos_htpasswd.HtpasswdFile(str(htpasswd))),
    ])
    web_app.router.add_route("*", "/{path_info:.*}", handler)

    ssl_context = None
    if tls:
        from xandikos import autocert

        ssl_context = autocert.make_ssl_context(
            *autocert.ensure_self_signed(str(root / "certs"), hostname="localhost"))
    sock = free_socket()
    port = sock.getsockname()[1]
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(web_app, access_log=None)
    started = threading.Event()

    def run():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, sock, ssl_context=ssl_context).start())
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=run, name="xandikos-test-server", daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("Xandikos did not start")

    def stop():
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        with contextlib.suppress(OSError):
            sock.close()

    scheme = "https" if tls else "http"
    server = CalDAVServer(f"{scheme}://127.0.0.1:{port}/", "/user/calendars/", USERNAME,
                          PASSWORD, stop, recorder, verify=not tls)
    server.make_calendar(FIRST_CALENDAR, "Lịch công tác")
    return server


class SlowServer:
    """A local HTTP endpoint that answers every request only after ``delay`` seconds."""

    def __init__(self, url: str, delay: float):
        self.url = url
        self.delay = delay


@contextlib.contextmanager
def http_server(handler, name: str) -> Iterator[str]:
    """A threaded HTTP server on a free 127.0.0.1 port answering with ``handler``; its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
