"""How gover's requests reach a server: proxies from a given environment, the
system trust store, redirects recorded, a deadline over the whole exchange.  One
opener serves every request of a client; it keeps no per-request state (what a
request needs travels on the Request object, redirects included).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

from gover.netfail import proxy_setting

# A default deadline grows with the bytes expected: a fixed allowance for
# connecting and redirects, plus the time the download takes at a slow rate.
DEADLINE_BASE = 60.0
DEADLINE_RATE = 32 << 10  # bytes per second


def opener(env: Mapping[str, str]) -> urllib.request.OpenerDirector:
    """An opener that takes proxies and trust from ``env`` (never ``os.environ``)."""
    return urllib.request.build_opener(_EnvProxies(env), _WatchedHTTP(),
                                       _LazyTLS(lambda: ssl_context(env)), _RecordingRedirects())


def record_redirects(req: urllib.request.Request, seen: list[str]) -> None:
    """Have every redirect target ``req`` follows appended to ``seen``."""
    setattr(req, _REDIRECTS, seen)  # noqa: B010 - an attribute Request does not declare


def watch_with(req: urllib.request.Request, deadline: Deadline) -> None:
    """Have every socket ``req`` (and its redirects) opens cut when ``deadline`` passes."""
    setattr(req, _DEADLINE, deadline)  # noqa: B010 - an attribute Request does not declare


class Deadline:
    """A point in time after which the sockets watched are shut down.

    Socket timeouts bound each read, not a transfer: a server trickling one byte
    every few seconds would keep a download alive for ever.  A timer thread shuts
    the watched sockets down at the deadline, which wakes the blocked read; the
    reader then sees ``expired``.  ``explicit`` deadlines (GOVER_HTTP_DEADLINE) are
    fixed; default ones follow the size once the response announces it.
    """

    def __init__(self, seconds: float | None, expected_bytes: int | None) -> None:
        self.start = time.monotonic()
        self.explicit = seconds is not None
        self.seconds = seconds if seconds is not None else default_seconds(expected_bytes)
        self.expired = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._timer: threading.Timer | None = None
        self._arm()

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        left = max(0.0, self.start + self.seconds - time.monotonic())
        self._timer = threading.Timer(left, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def fit(self, expected_bytes: int) -> None:
        """A response announced its size: a default deadline becomes that size's."""
        if not self.explicit:
            self.seconds = default_seconds(expected_bytes)
            self._arm()

    def remaining(self) -> float:
        return self.start + self.seconds - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock)
            fired = self.expired
        if fired:
            _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            socks, self._socks = self._socks, []
        for s in socks:
            _shut(s)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._socks = []


def default_seconds(expected_bytes: int | None) -> float:
    return DEADLINE_BASE + (expected_bytes or 0) / DEADLINE_RATE


def _shut(sock: socket.socket) -> None:
    # The socket may be closed already (fd -1): shutting that down raises, harmlessly.
    with contextlib.suppress(OSError, ValueError):
        sock.shutdown(socket.SHUT_RDWR)


def proxy_for(url: str, env: Mapping[str, str]) -> str | None:
    """The proxy ``url`` goes through per ``HTTP(S)_PROXY``/``NO_PROXY``, or None."""
    scheme = urllib.parse.urlsplit(url).scheme
    host = urllib.parse.urlsplit(url).hostname or ""
    proxy = proxy_setting(scheme, env)
    if not proxy:
        return None
    no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
    bypass = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009 - missing from typeshed
    if no_proxy and bypass(host, {"no": no_proxy}):
        return None
    return proxy


def ssl_context(env: Mapping[str, str]) -> ssl.SSLContext:
    """The system trust store (corporate CAs included), or only the bundle in ``SSL_CERT_FILE``."""
    cafile = env.get("SSL_CERT_FILE") or None
    if sys.platform in ("darwin", "win32") and not cafile:
        try:
            import truststore

            return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        except ImportError:
            pass
    return ssl.create_default_context(cafile=cafile)


_REDIRECTS = "_gover_redirects"  # the list a request's redirect targets are appended to
_DEADLINE = "_gover_deadline"  # the Deadline whose timer cuts a request's sockets


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        seen = getattr(req, _REDIRECTS, None)
        if seen is not None:
            seen.append(newurl)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            for attr in (_REDIRECTS, _DEADLINE):  # carried along the chain
                if hasattr(req, attr):
                    setattr(new, attr, getattr(req, attr))
        return new


def _connection_class(base: type[http.client.HTTPConnection],
                      req: urllib.request.Request) -> type[http.client.HTTPConnection]:
    """``base``, or a subclass handing its TCP socket to the request's Deadline.

    The raw socket is watched from the moment it connects, so a TLS handshake or
    headers that trickle in are cut at the deadline as well as the body.
    """
    found: Deadline | None = getattr(req, _DEADLINE, None)
    if found is None:
        return base
    deadline = found

    class Watched(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            create: Callable[..., socket.socket] = self._create_connection  # type: ignore[has-type]

            def create_and_watch(*a: Any, **kw: Any) -> socket.socket:
                sock = create(*a, **kw)
                deadline.watch(sock)
                return sock

            self._create_connection = create_and_watch

    return Watched


class _WatchedHTTP(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection_class(http.client.HTTPConnection, req),  # type: ignore[no-any-return]
                            req)


class _EnvProxies(urllib.request.ProxyHandler):
    """Proxies from the given environment, chosen for each request (redirects too).

    Subclassing ProxyHandler keeps build_opener from adding its default one, which
    would read ``os.environ``.
    """

    def __init__(self, env: Mapping[str, str]) -> None:
        super().__init__({})
        self.env = env

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse | None:
        proxy = proxy_for(req.full_url, self.env)
        if not proxy:
            return None
        return self.proxy_open(req, proxy, req.type)  # type: ignore[attr-defined,no-any-return]

    https_open = http_open


class _LazyTLS(urllib.request.HTTPSHandler):
    """HTTPS with one SSL context, made at the first https request: plain-HTTP
    clients never load the trust store."""

    def __init__(self, make_context: Callable[[], ssl.SSLContext]) -> None:
        # Not HTTPSHandler.__init__: from 3.12 it builds a default context itself.
        urllib.request.AbstractHTTPHandler.__init__(self)
        self._make_context = make_context
        self._tls: ssl.SSLContext | None = None

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        if self._tls is None:
            self._tls = self._make_context()
        return self.do_open(_connection_class(http.client.HTTPSConnection, req),  # type: ignore[no-any-return]
                            req, context=self._tls)
