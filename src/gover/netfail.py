"""How a failed request is classified, and the hosts a command found unreachable.

A NetworkError's type says whether another try can help: only TransientError (a
timeout, a connection cut mid-transfer) and 5xx/408/429 statuses are retried;
Unreachable (no such host, connection refused, no route) never is, and
:class:`DownHosts` remembers it for the rest of the command, so an offline
machine costs one failed lookup per host, not one per request.  Decided from
exception types, errno and status, never from message text.
"""

from __future__ import annotations

import errno
import socket
import urllib.parse
from collections.abc import Mapping

from gover.errors import NetworkError, NotFoundError

# ssl and http.client are imported where a failure needs them, never at start-up: a
# name that does not resolve is told apart without them (unresolvable, below).


class TransientError(NetworkError):
    """A failure another try may not meet: a timeout, a connection reset or cut short."""


class Unreachable(NetworkError):
    """The host cannot be reached at all (no such host, connection refused, no route): no retry.

    ``unresolved``: its name does not resolve — a fact about the name, whatever the
    port or scheme (DownHosts.unresolved).
    """

    unresolved = False


class HTTPStatusError(NetworkError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class DeadlineExceeded(NetworkError):
    """The whole download took longer than its deadline: no retry."""


class BadResponse(NetworkError):
    """The server answered, but with something unusable (HTML, bad JSON): no retry."""


class NotFoundStatus(NotFoundError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status



class DownHosts:
    """The hosts (scheme, host, port) a command found unreachable, with the reason.

    Per command, not persisted: the network may be back by the next one.  Only
    Unreachable failures count, so a slow or failing server is still retried, and
    another host — or another port of the same host — is still tried.  Names that
    did not resolve are kept too (:meth:`unresolved`), and, for the Client's check
    before urllib loads, the names that did and whether a connection was begun.
    """

    def __init__(self) -> None:
        self._why: dict[tuple[str, str, int], str] = {}
        self._names: dict[str, str] = {}  # host names that did not resolve, with the reason
        self.resolved: set[str] = set()  # names the Client's own lookup found
        self.connecting = False  # an opener was built: urllib does the lookups from then on

    @staticmethod
    def key(url: str) -> tuple[str, str, int] | None:
        p = urllib.parse.urlsplit(url)
        if p.scheme not in ("http", "https") or not p.hostname:
            return None  # file:// and the like reach no host
        try:
            port = p.port or (443 if p.scheme == "https" else 80)
        except ValueError:
            return None
        return p.scheme, p.hostname.lower(), port

    def check(self, url: str) -> None:
        """Raise Unreachable at once if ``url``'s host failed earlier in this command."""
        k = self.key(url)
        why = self._why.get(k) if k is not None else None
        if why is not None:
            raise Unreachable(f"{redact(url)}: {why} (earlier in this command; not tried again)")

    def mark(self, url: str, reason: str, *, unresolved: bool = False) -> None:
        k = self.key(url)
        if k is not None:
            self._why.setdefault(k, reason)
            if unresolved:
                self._names.setdefault(k[1], reason)

    def unresolved(self, url: str) -> str | None:
        """Why ``url``'s host name did not resolve earlier in this command (None: it did not
        fail so).  Unlike :meth:`check`, any scheme and port: the name is what failed."""
        k = self.key(url)
        return self._names.get(k[1]) if k is not None else None

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self.key(url) in self._why


def transient(e: NetworkError) -> bool:
    """Whether another try can help: TransientError, or a 5xx/408/429 status."""
    if isinstance(e, HTTPStatusError):
        return e.status >= 500 or e.status in (408, 429)
    return isinstance(e, TransientError)


_NO_ROUTE = (errno.ENETUNREACH, errno.EHOSTUNREACH)


def connection_error(url: str, reason: object) -> NetworkError:
    """The NetworkError for a failed connection or transfer, its type chosen from ``reason``'s."""
    msg = f"{redact(url)}: {describe_reason(reason)}"
    if isinstance(reason, socket.gaierror):
        e = Unreachable(msg)
        e.unresolved = True
        return e
    if isinstance(reason, ConnectionRefusedError) or \
            (isinstance(reason, OSError) and reason.errno in _NO_ROUTE):
        return Unreachable(msg)
    import http.client
    import ssl

    if isinstance(reason, ssl.SSLEOFError):  # the peer cut the TLS stream: a reset
        return TransientError(msg)
    if isinstance(reason, ssl.SSLError):  # a certificate or TLS set-up problem: it will recur
        return NetworkError(msg)
    if isinstance(reason, (TimeoutError, ConnectionError, http.client.HTTPException)):
        return TransientError(msg)
    return NetworkError(msg)


def describe_reason(reason: object) -> str:
    """A short human description of a connection failure, naming TLS problems."""
    if isinstance(reason, socket.gaierror):  # first: no ssl import for an offline machine
        return f"cannot resolve host ({reason.strerror})"
    import http.client
    import ssl

    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate problem: {reason.verify_message or reason}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {getattr(reason, 'reason', None) or reason}"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, http.client.IncompleteRead):
        return f"connection closed after {len(reason.partial)} bytes of the response"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def proxy_setting(scheme: str, env: Mapping[str, str]) -> str:
    """The proxy ``HTTP(S)_PROXY``/``ALL_PROXY`` name for ``scheme`` ("" when none),
    before ``NO_PROXY`` is applied."""
    def get(name: str) -> str:
        return env.get(name.lower()) or env.get(name.upper()) or ""

    return get(f"{scheme}_proxy") or get("all_proxy")


def unresolvable(url: str, env: Mapping[str, str]) -> Unreachable | None:
    """The Unreachable a request to ``url`` would meet because its host name does not
    resolve, asked as http.client asks (``getaddrinfo(host, port, 0, SOCK_STREAM)``);
    None when it resolves, when a proxy may carry the request (the proxy resolves it),
    or when only the request itself can tell."""
    k = DownHosts.key(url)
    if k is None or proxy_setting(k[0], env):
        return None
    try:
        socket.getaddrinfo(k[1], k[2], 0, socket.SOCK_STREAM)
    except socket.gaierror as e:
        found = connection_error(url, e)
        return found if isinstance(found, Unreachable) else None
    except (OSError, UnicodeError):
        return None  # the request will say what is wrong, in its own words
    return None


def redact(url: str) -> str:
    """Hide credentials in URLs we print."""
    p = urllib.parse.urlsplit(url)
    if p.password is None and p.username is None:
        return url
    host = p.hostname or ""
    if p.port:
        host += f":{p.port}"
    return urllib.parse.urlunsplit((p.scheme, host, p.path, p.query, p.fragment))
