"""How gover's requests reach a server: proxies from a given environment, the
system trust store, redirects recorded.  One opener serves every request of a
client; it keeps no per-request state.
"""

from __future__ import annotations

import http.client
import ssl
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping


def opener(env: Mapping[str, str]) -> urllib.request.OpenerDirector:
    """An opener that takes proxies and trust from ``env`` (never ``os.environ``)."""
    return urllib.request.build_opener(_EnvProxies(env), _LazyTLS(lambda: ssl_context(env)),
                                       _RecordingRedirects())


def record_redirects(req: urllib.request.Request, seen: list[str]) -> None:
    """Have every redirect target ``req`` follows appended to ``seen``."""
    setattr(req, _REDIRECTS, seen)  # noqa: B010 - an attribute Request does not declare


def proxy_for(url: str, env: Mapping[str, str]) -> str | None:
    """The proxy ``url`` goes through per ``HTTP(S)_PROXY``/``NO_PROXY``, or None."""
    scheme = urllib.parse.urlsplit(url).scheme
    host = urllib.parse.urlsplit(url).hostname or ""

    def get(name: str) -> str:
        return env.get(name.lower()) or env.get(name.upper()) or ""

    proxy = get(f"{scheme}_proxy") or get("all_proxy")
    if not proxy:
        return None
    no_proxy = get("no_proxy")
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


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        seen = getattr(req, _REDIRECTS, None)
        if seen is not None:
            seen.append(newurl)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and seen is not None:
            setattr(new, _REDIRECTS, seen)  # noqa: B010 - carried along the chain
        return new


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
        return self.do_open(http.client.HTTPSConnection, req,  # type: ignore[no-any-return]
                            context=self._tls)
