"""HTTP for gover: retries with backoff, resumable verified downloads, proxies, trust store.

Everything takes the environment as a mapping (``HTTPS_PROXY``, ``NO_PROXY``,
``SSL_CERT_FILE``, ``GOVER_HTTP_*``), never ``os.environ``.

Errors: 404/410 → NotFoundError; a hash mismatch → VerificationError (the bad
file is deleted); every other failure → a NetworkError whose type says whether
another try can help.  Only TransientError (a timeout, a connection cut
mid-transfer) and 5xx/408/429 statuses are retried; Unreachable (no such host,
connection refused, no route) and the rest go back to the caller at once, so it
can move to the next source.  Retries are decided from exception types, errno
and status, never from message text.

One Client builds one opener and at most one SSL context (loading the trust
store costs tens of milliseconds), on its first request.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from gover import __version__
from gover.errors import NetworkError, VerificationError
from gover.fsutil import store_error
from gover.netfail import (
    BadResponse,
    DeadlineExceeded,
    DownHosts,
    HTTPStatusError,
    NotFoundStatus,
    TransientError,
    Unreachable,
    connection_error,
    redact,
    transient,
    unresolvable,
)
from gover.record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    import http.client
    import urllib.request
    from typing import IO

    from gover import transport

# The failure types live in netfail; callers import them from here as well.
__all__ = ["MAX_DOWNLOAD", "BadResponse", "Client", "DeadlineExceeded", "HTTPStatusError",
           "NotFoundStatus", "Progress", "TransientError", "Unreachable", "connection_error",
           "redact", "transient"]

Progress = Callable[[int, "int | None"], None]  # (bytes done, total or None)
_CHUNK = 1 << 18
MAX_DOWNLOAD = 2 << 30  # for a source that announces no size: no Go release comes near


@record(frozen=True)
class Client:
    env: Mapping[str, str]
    retries: int = 4
    timeout: float = 30.0
    backoff: float = 0.5
    on_retry: Callable[[NetworkError, float], None] | None = None  # (failure, seconds to wait)

    deadline: float | None = None  # seconds per download, retries included (None: by size)
    # Hosts found unreachable by this client and its copies (record.replace): one command.
    down: DownHosts = field(default_factory=DownHosts, compare=False, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Client:
        from gover import settings

        return cls(env, settings.http_retries(env), settings.http_timeout(env),
                   settings.http_backoff(env), deadline=settings.http_deadline(env))

    @functools.cached_property
    def _opener(self) -> urllib.request.OpenerDirector:
        # Built once per client: every request and redirect shares it (it keeps no
        # per-request state; redirects are recorded on the request itself).
        from gover import transport

        self.down.connecting = True
        return transport.opener(self.env)

    def _reachable(self, url: str) -> None:
        """Fail now, as the request would, when ``url``'s host failed earlier in this
        command or — until the command's first connection — its name does not resolve.

        Offline every source fails here, before urllib, http.client, email and ssl
        are imported: they are most of an offline command's time.  Once an opener
        exists they are paid for, and a lookup here would only repeat urllib's.
        """
        self.down.check(url)
        key = DownHosts.key(url)
        if key is None or self.down.connecting or key[1] in self.down.resolved:
            return
        e = unresolvable(url, self.env)
        if e is not None:
            self.down.mark(url, e.message.rsplit(": ", 1)[-1], unresolved=True)
            raise e
        self.down.resolved.add(key[1])

    # --- low level -------------------------------------------------------------

    def open(self, url: str, headers: Mapping[str, str] | None = None,
             timeout: float | None = None, redirects: list[str] | None = None,
             deadline: transport.Deadline | None = None) -> http.client.HTTPResponse:
        """One request, no retries; raises the classified gover errors.

        With ``redirects``, every redirect target followed is appended to it; with
        ``deadline``, its sockets are cut when it passes.  A host found unreachable
        earlier by this client fails at once.
        """
        self._reachable(url)  # before the imports: offline, it is where the command fails
        import urllib.request

        from gover import transport

        req = urllib.request.Request(url, headers={"User-Agent": f"gover/{__version__}",
                                                   **(headers or {})})
        followed: list[str] = [] if redirects is None else redirects
        start = len(followed)
        transport.record_redirects(req, followed)
        if deadline is not None:
            transport.watch_with(req, deadline)
        try:
            return self._open(req, url, timeout)
        except Unreachable as e:
            # The host that failed: the last redirect target, if one was followed.
            self.down.mark(followed[-1] if len(followed) > start else url,
                           e.message.rsplit(": ", 1)[-1], unresolved=e.unresolved)
            raise

    def _open(self, req: urllib.request.Request, url: str,
              timeout: float | None) -> http.client.HTTPResponse:
        import http.client
        import urllib.error

        try:
            resp = self._opener.open(req, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as e:
            e.close()
            if 300 <= e.code < 400:  # urllib's loop message runs over three lines
                raise BadResponse(f"{redact(url)}: too many redirects (a redirect loop?)") from None
            reason = " ".join(str(e.reason).split())
            msg = f"{redact(url)}: {e.code} {reason}"
            if e.code in (404, 410):
                raise NotFoundStatus(msg, e.code) from None
            raise HTTPStatusError(msg, e.code) from None
        except urllib.error.URLError as e:
            raise connection_error(url, e.reason) from None
        except (OSError, http.client.HTTPException) as e:
            raise connection_error(url, e) from None
        except ValueError as e:  # urllib refuses a URL it cannot parse
            raise BadResponse(f"{redact(url)}: not a usable URL ({e})") from None
        return resp  # type: ignore[no-any-return]

    def _with_retries(self, url: str, attempt: Callable[[], object],
                      deadline: transport.Deadline) -> object:
        delay = self.backoff
        n = 0
        try:
            while True:
                try:
                    return attempt()
                except NetworkError as e:
                    if deadline.expired:
                        raise _deadline_error(url, deadline) from None
                    if n >= self.retries or not transient(e) or deadline.remaining() <= delay:
                        raise
                    if self.on_retry is not None:
                        self.on_retry(e, delay)
                n += 1
                time.sleep(delay)
                delay *= 2
        finally:
            deadline.cancel()

    def _deadline(self, expected_bytes: int | None) -> transport.Deadline:
        from gover import transport

        return transport.Deadline(self.deadline, expected_bytes)

    # --- high level ------------------------------------------------------------

    def get_bytes(self, url: str, limit: int = 64 << 20) -> bytes:
        """GET a small document (an index, a list), with retries, within one deadline."""
        self._reachable(url)
        deadline = self._deadline(limit)

        def attempt() -> bytes:
            with self.open(url, deadline=deadline) as resp:
                length = _content_length(resp)
                if length is not None:
                    if length > limit:
                        raise BadResponse(f"{redact(url)}: response larger than {limit} bytes "
                                          f"(it announces {length})")
                    deadline.fit(length)
                import http.client

                try:
                    data = resp.read(limit + 1)
                except (OSError, http.client.HTTPException) as e:
                    raise connection_error(url, e) from None
            if deadline.expired:  # the cut socket reads as an early end: not the document
                raise _deadline_error(url, deadline)
            if len(data) > limit:
                raise BadResponse(f"{redact(url)}: response larger than {limit} bytes")
            # read(n) returns what arrived before the peer closed, without IncompleteRead.
            if length is not None and len(data) < length:
                raise TransientError(f"{redact(url)}: connection closed after {len(data)} of "
                                     f"{length} bytes")
            return data

        return self._with_retries(url, attempt, deadline)  # type: ignore[return-value]

    def download(self, url: str, dest: Path, *, sha256: str | None = None,
                 size: int | None = None, max_size: int = MAX_DOWNLOAD,
                 progress: Progress | None = None) -> str:
        """Download ``url`` to ``dest`` via ``dest.partial``, resuming it if present.

        Hashes while streaming; returns the hex SHA-256.  With ``sha256`` given, a
        mismatch deletes the file and raises VerificationError naming both hashes.
        The body may not exceed ``size`` (what the index announces: more is a
        VerificationError) or else ``max_size`` (a BadResponse): the transfer stops
        the moment it would, and the partial file is deleted.
        """
        partial = dest.with_name(dest.name + ".partial")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise store_error(e, dest.parent) from e
        state = _HashedFile(partial)
        self._reachable(url)
        deadline = self._deadline(size if size is not None else max_size)
        cap = _Cap(url, size, max_size)
        self._with_retries(url, lambda: self._download_once(url, state, cap, deadline, progress),
                           deadline)
        digest = state.hexdigest()
        if sha256 and digest != sha256.lower():
            from gover.hashing import sha256_mismatch

            partial.unlink(missing_ok=True)
            raise sha256_mismatch(dest.name, sha256, digest,
                                  f"downloaded from {redact(url)}; the file was deleted")
        os.replace(partial, dest)
        return digest

    def _download_once(self, url: str, state: _HashedFile, cap: _Cap,
                       deadline: transport.Deadline, progress: Progress | None) -> None:
        size = cap.size
        have = state.size_on_disk()
        if have > cap.limit:
            state.reset()
            have = 0
        if size is not None and have == size and have > 0:
            return
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            resp = self.open(url, headers, deadline=deadline)
        except HTTPStatusError as e:
            if e.status == 416:  # our partial file is no prefix of theirs: start over
                state.reset()
                raise TransientError(f"{redact(url)}: cannot resume, restarting") from None
            raise
        with resp:
            if resp.headers.get("Content-Type", "").startswith("text/html"):
                raise BadResponse(f"{redact(url)} returned an HTML page instead of an archive "
                                  "(a captive portal or a proxy error page?)")
            if resp.status == 206:
                if _content_range_start(resp.headers.get("Content-Range", "")) != have:
                    state.reset()
                    raise TransientError(f"{redact(url)}: server resumed at the wrong offset")
            else:
                state.reset()
                have = 0
            length = _content_length(resp)
            if length is not None:
                cap.check(have + length, state, announced=True)
                if size is None:
                    deadline.fit(have + length)
            total = size if size is not None else (have + length if length is not None else None)
            state.append_from(resp, url, total, progress, cap)
        if deadline.expired:
            raise _deadline_error(url, deadline)
        got = state.size_on_disk()
        if total is not None and got < total:
            raise TransientError(f"{redact(url)}: connection closed after {got} of {total} bytes")
        if size is not None and got != size:
            state.reset()
            raise VerificationError(f"{redact(url)}: expected {size} bytes, got {got}")


class _Cap:
    """The most bytes a download may have: the announced ``size``, else ``max_size``."""

    def __init__(self, url: str, size: int | None, max_size: int) -> None:
        self.url, self.size = url, size
        self.limit = size if size is not None else max_size

    def check(self, n: int, state: _HashedFile, *, announced: bool = False) -> None:
        if n <= self.limit:
            return
        state.reset()
        what = f"announces {n} bytes" if announced else f"sent more than {self.limit} bytes"
        where = redact(self.url)
        if self.size is not None:
            raise VerificationError(f"{where} {what}, but the index says the file has {self.size}; "
                                    "the partial download was deleted")
        raise BadResponse(f"{where} {what}, more than the {self.limit} gover accepts for it; "
                          "the partial download was deleted")


def _content_length(resp: http.client.HTTPResponse) -> int | None:
    raw = resp.headers.get("Content-Length", "")
    return int(raw) if raw.isdigit() else None


def _deadline_error(url: str, deadline: transport.Deadline) -> NetworkError:
    how = "GOVER_HTTP_DEADLINE" if deadline.explicit else \
        "the default for its size; set GOVER_HTTP_DEADLINE to change it"
    return DeadlineExceeded(f"{redact(url)}: not done after {round(deadline.seconds, 1):g} s ({how})")


class _HashedFile:
    """A ``.partial`` file and the SHA-256 of its content, kept in step across resumes."""

    def __init__(self, path: Path) -> None:
        import hashlib

        self.path = path
        self.hasher = hashlib.sha256()
        self.hashed = 0

    def size_on_disk(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def reset(self) -> None:
        import hashlib

        self.path.unlink(missing_ok=True)
        self.hasher, self.hashed = hashlib.sha256(), 0

    def _catch_up(self) -> None:
        # A partial file left by an earlier run: hash what is already there, once.
        if self.hashed == self.size_on_disk():
            return
        from gover.hashing import sha256_stream

        with open(self.path, "rb") as f:
            self.hasher = sha256_stream(f)
            self.hashed = f.tell()

    def append_from(self, resp: IO[bytes], url: str, total: int | None,
                    progress: Progress | None, cap: _Cap) -> None:
        import http.client

        self._catch_up()
        try:
            with open(self.path, "ab") as out:
                while True:
                    try:
                        chunk = resp.read(_CHUNK)
                    except (http.client.HTTPException, OSError) as e:
                        raise connection_error(url, e) from None
                    if not chunk:
                        break
                    cap.check(self.hashed + len(chunk), self)
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
