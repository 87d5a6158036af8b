"""HTTP for gover: retries with backoff, resumable verified downloads, proxies, trust store.

Everything takes the environment as a mapping (``HTTPS_PROXY``, ``NO_PROXY``,
``SSL_CERT_FILE``, ``GOVER_HTTP_*``), never ``os.environ``.

Errors: 404/410 → NotFoundError; unreachable, timeouts, 5xx after retries,
HTML where an archive was expected → NetworkError; a hash mismatch →
VerificationError (the bad file is deleted).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from gover import __version__
from gover.errors import ConfigError, NetworkError, NotFoundError, VerificationError
from gover.fsutil import store_error
from gover.hashing import sha256_mismatch, sha256_stream

Progress = Callable[[int, "int | None"], None]  # (bytes done, total or None)
_CHUNK = 1 << 18


class HTTPStatusError(NetworkError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class BadResponse(NetworkError):
    """The server answered, but with something unusable (HTML, bad JSON): no retry."""


class NotFoundStatus(NotFoundError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Client:
    env: Mapping[str, str]
    retries: int = 4
    timeout: float = 30.0
    backoff: float = 0.5

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Client:
        def num(key: str, default: float) -> float:
            raw = env.get(key, "")
            try:
                return float(raw) if raw else default
            except ValueError:
                raise ConfigError(f"{key}={raw!r} is not a number") from None

        return cls(env, int(num("GOVER_HTTP_RETRIES", 4)), num("GOVER_HTTP_TIMEOUT", 30.0),
                   num("GOVER_HTTP_BACKOFF", 0.5))

    # --- low level -------------------------------------------------------------

    def open(self, url: str, headers: Mapping[str, str] | None = None,
             timeout: float | None = None,
             redirects: list[str] | None = None) -> http.client.HTTPResponse:
        """One request, no retries; raises the classified gover errors.

        With ``redirects``, every redirect target followed is appended to it.
        """
        req = urllib.request.Request(url, headers={"User-Agent": f"gover/{__version__}",
                                                   **(headers or {})})
        try:
            resp = _opener(url, self.env, redirects).open(req, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as e:
            e.close()
            msg = f"{redact(url)}: {e.code} {e.reason}"
            if e.code in (404, 410):
                raise NotFoundStatus(msg, e.code) from None
            raise HTTPStatusError(msg, e.code) from None
        except urllib.error.URLError as e:
            raise NetworkError(f"{redact(url)}: {describe_reason(e.reason)}") from None
        except (OSError, http.client.HTTPException) as e:
            raise NetworkError(f"{redact(url)}: {describe_reason(e)}") from None
        return resp  # type: ignore[no-any-return]

    def _with_retries(self, url: str, attempt: Callable[[], object]) -> object:
        delay = self.backoff
        for n in range(self.retries + 1):
            try:
                return attempt()
            except NetworkError as e:
                if n == self.retries or not _transient(e):
                    raise
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    # --- high level ------------------------------------------------------------

    def get_bytes(self, url: str, limit: int = 64 << 20) -> bytes:
        """GET a small document (an index, a list), with retries."""

        def attempt() -> bytes:
            with self.open(url) as resp:
                try:
                    data = resp.read(limit + 1)
                except (OSError, http.client.HTTPException) as e:
                    raise NetworkError(f"{redact(url)}: {describe_reason(e)}") from None
            if len(data) > limit:
                raise NetworkError(f"{redact(url)}: response larger than {limit} bytes")
            return data

        return self._with_retries(url, attempt)  # type: ignore[return-value]

    def download(self, url: str, dest: Path, *, sha256: str | None = None,
                 size: int | None = None, progress: Progress | None = None) -> str:
        """Download ``url`` to ``dest`` via ``dest.partial``, resuming it if present.

        Hashes while streaming; returns the hex SHA-256.  With ``sha256`` given, a
        mismatch deletes the file and raises VerificationError naming both hashes.
        """
        partial = dest.with_name(dest.name + ".partial")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise store_error(e, dest.parent) from e
        state = _HashedFile(partial)
        self._with_retries(url, lambda: self._download_once(url, state, size, progress))
        digest = state.hexdigest()
        if sha256 and digest != sha256.lower():
            partial.unlink(missing_ok=True)
            raise sha256_mismatch(dest.name, sha256, digest,
                                  f"downloaded from {redact(url)}; the file was deleted")
        os.replace(partial, dest)
        return digest

    def _download_once(self, url: str, state: _HashedFile, size: int | None,
                       progress: Progress | None) -> None:
        have = state.size_on_disk()
        if size is not None and have > size:
            state.reset()
            have = 0
        if size is not None and have == size and have > 0:
            return
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            resp = self.open(url, headers)
        except HTTPStatusError as e:
            if e.status == 416:  # our partial file is no prefix of theirs: start over
                state.reset()
                raise NetworkError(f"{redact(url)}: cannot resume, restarting") from None
            raise
        with resp:
            if resp.headers.get("Content-Type", "").startswith("text/html"):
                raise BadResponse(f"{redact(url)} returned an HTML page instead of an archive "
                                  "(a captive portal or a proxy error page?)")
            if resp.status == 206:
                if _content_range_start(resp.headers.get("Content-Range", "")) != have:
                    state.reset()
                    raise NetworkError(f"{redact(url)}: server resumed at the wrong offset")
            else:
                state.reset()
                have = 0
            length = resp.headers.get("Content-Length")
            total = size if size is not None else (have + int(length) if length else None)
            state.append_from(resp, url, total, progress)
        got = state.size_on_disk()
        if total is not None and got < total:
            raise NetworkError(f"{redact(url)}: connection closed after {got} of {total} bytes")
        if size is not None and got != size:
            state.reset()
            raise VerificationError(f"{redact(url)}: expected {size} bytes, got {got}")


class _HashedFile:
    """A ``.partial`` file and the SHA-256 of its content, kept in step across resumes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.hasher = hashlib.sha256()
        self.hashed = 0

    def size_on_disk(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)
        self.hasher, self.hashed = hashlib.sha256(), 0

    def _catch_up(self) -> None:
        # A partial file left by an earlier run: hash what is already there, once.
        if self.hashed == self.size_on_disk():
            return
        with open(self.path, "rb") as f:
            self.hasher = sha256_stream(f)
            self.hashed = f.tell()

    def append_from(self, resp: IO[bytes], url: str, total: int | None,
                    progress: Progress | None) -> None:
        self._catch_up()
        try:
            with open(self.path, "ab") as out:
                while True:
                    try:
                        chunk = resp.read(_CHUNK)
                    except (http.client.HTTPException, OSError) as e:
                        raise NetworkError(f"{redact(url)}: {describe_reason(e)}") from None
                    if not chunk:
                        break
                    out.write(chunk)
                    self.hasher.update(chunk)
                    self.hashed += len(chunk)
                    if progress:
                        progress(self.hashed, total)
        except OSError as e:
            raise store_error(e, self.path) from e

    def hexdigest(self) -> str:
        self._catch_up()
        return self.hasher.hexdigest()


def _content_range_start(value: str) -> int:
    # "bytes 100-199/200"
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return -1


def _transient(e: NetworkError) -> bool:
    if isinstance(e, HTTPStatusError):
        return e.status >= 500 or e.status in (408, 429)
    if isinstance(e, BadResponse):
        return False
    return "certificate" not in e.message.lower()


def describe_reason(reason: object) -> str:
    """A short human description of a connection failure, naming TLS problems."""
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate problem: {reason.verify_message or reason}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host ({reason.strerror})"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, http.client.IncompleteRead):
        return f"connection closed after {len(reason.partial)} bytes of the response"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def redact(url: str) -> str:
    """Hide credentials in URLs we print."""
    p = urllib.parse.urlsplit(url)
    if p.password is None and p.username is None:
        return url
    host = p.hostname or ""
    if p.port:
        host += f":{p.port}"
    return urllib.parse.urlunsplit((p.scheme, host, p.path, p.query, p.fragment))


# --- opener: proxies and trust ---------------------------------------------------

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
    """The system trust store (corporate CAs included), plus ``SSL_CERT_FILE`` if set."""
    cafile = env.get("SSL_CERT_FILE") or None
    if sys.platform in ("darwin", "win32") and not cafile:
        try:
            import truststore

            return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        except ImportError:
            pass
    return ssl.create_default_context(cafile=cafile)


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        self.seen.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(url: str, env: Mapping[str, str],
            redirects: list[str] | None = None) -> urllib.request.OpenerDirector:
    proxy = proxy_for(url, env)
    scheme = urllib.parse.urlsplit(url).scheme
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler({scheme: proxy} if proxy else {}),
    ]
    if scheme == "https":
        handlers.append(urllib.request.HTTPSHandler(context=ssl_context(env)))
    if redirects is not None:
        handlers.append(_RecordingRedirects(redirects))
    return urllib.request.build_opener(*handlers)
