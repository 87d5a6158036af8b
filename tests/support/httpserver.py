"""A loopback HTTP(S) server for tests, with routes and injectable faults.

Routes map a path (query included, e.g. ``/dl/?mode=json&include=all``) to a
:class:`Route`: bytes or a file, a content type, and faults applied per request:
a list of statuses to return first (``[500, 500]`` then the body), a byte count
after which the first response is cut off, a delay, a throttle.  Files support
HTTP Range requests.  Every request is recorded in ``server.requests``.
"""

from __future__ import annotations

import http.server
import socketserver
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Route:
    body: bytes | Path = b""
    content_type: str = "application/octet-stream"
    status: int = 200  # e.g. 302 with a Location header
    statuses: list[int] = field(default_factory=list)  # returned (and consumed) first
    cut_after: int | None = None  # close the connection after this many body bytes, once
    delay: float = 0.0  # seconds before answering
    rate: int | None = None  # bytes per second
    ranges: bool = True
    headers: dict[str, str] = field(default_factory=dict)

    def data(self) -> bytes:
        return self.body.read_bytes() if isinstance(self.body, Path) else self.body


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        owner = self.server.owner
        owner.requests.append(Request(self.command, self.path, dict(self.headers)))
        route = owner.routes.get(self.path)
        if route is None and owner.fallback is not None:
            route = owner.fallback(self.path)
        if route is None:
            return self._simple(404, b"404 page not found\n")
        if route.delay:
            time.sleep(route.delay)
        if route.statuses:
            status = route.statuses.pop(0)
            return self._simple(status, f"{status} injected\n".encode())
        data = route.data()
        start, status = 0, route.status
        rng = self.headers.get("Range")
        if rng and route.ranges and rng.startswith("bytes="):
            start = int(rng[6:].split("-")[0])
            if start >= len(data):
                return self._simple(416, b"range not satisfiable\n")
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(data) - start))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        for k, v in route.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if head:
            return
        body = data[start:]
        if route.cut_after is not None:
            cut, route.cut_after = route.cut_after, None
            self._write(body[:cut], route.rate)
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self._write(body, route.rate)

    def _write(self, body: bytes, rate: int | None) -> None:
        try:
            if rate is None:
                self.wfile.write(body)
                return
            step = max(rate // 20, 1)
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step])
                self.wfile.flush()
                time.sleep(step / rate)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _simple(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: HTTPServer


class HTTPServer:
    """``with HTTPServer() as s: s.routes["/x"] = Route(b"hi"); urlopen(s.url + "/x")``"""

    def __init__(self, certfile: str | None = None, keyfile: str | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.fallback = None  # optional callable(path) -> Route | None
        self._srv = _Server(("127.0.0.1", 0), _Handler)
        self._srv.owner = self
        self.scheme = "http"
        if certfile:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(certfile, keyfile)
            self._srv.socket = ctx.wrap_socket(self._srv.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._srv.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._srv.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def serve_dir(self, prefix: str, root: Path, content_type: str = "application/octet-stream") -> None:
        """Serve the files under ``root`` at ``prefix`` (e.g. a GOPROXY tree at ``/proxy/``).

        Explicit ``routes`` still win, so a test can replace one file with a fault.
        """
        previous = self.fallback

        def lookup(path: str) -> Route | None:
            clean = urllib.parse.unquote(path.split("?", 1)[0])  # go sends "!" as %21
            if clean.startswith(prefix):
                f = (root / clean[len(prefix):]).resolve()
                if f.is_file() and root.resolve() in f.parents:
                    return Route(f, content_type=content_type)
            return previous(path) if previous else None

        self.fallback = lookup

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path and r.method == "GET")

    def __enter__(self) -> HTTPServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._srv.shutdown()
        self._srv.server_close()

