"""Which failures gover.net retries: decided from exception types and statuses, never from text.

Each failure is produced for real on loopback (a closed port, a slow route, a
connection cut or reset mid-transfer, a self-signed certificate); only the DNS
answer comes from glibc refusing a malformed name locally, so no query leaves
the machine.
"""

from __future__ import annotations

import errno
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gover import transport
from gover.errors import ConfigError, NetworkError, NotFoundError
from gover.net import (
    BadResponse,
    Client,
    HTTPStatusError,
    TransientError,
    Unreachable,
    connection_error,
    transient,
)
from tests.support.httpserver import HTTPServer, Route


class Retries(list[str]):
    def __call__(self, e: NetworkError, delay: float) -> None:
        self.append(e.message)


def client(retries: int = 2, **kw: object) -> tuple[Client, Retries]:
    seen = Retries()
    return Client({}, retries=retries, backoff=0, on_retry=seen,  # type: ignore[arg-type]
                  **{"timeout": 5.0, **kw}), seen


@pytest.fixture
def srv() -> Iterator[HTTPServer]:
    with HTTPServer() as s:
        yield s


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dns_failure_is_unreachable_and_not_retried() -> None:
    # glibc rejects "!" in a host name before sending any query.
    c, retried = client()
    with pytest.raises(Unreachable, match="cannot resolve host"):
        c.get_bytes("http://no-such-host!.invalid/x")
    assert retried == []


def test_connection_refused_is_unreachable_and_not_retried(tmp_path: Path) -> None:
    c, retried = client()
    url = f"http://127.0.0.1:{_closed_port()}/go.tgz"
    with pytest.raises(Unreachable, match="connection refused"):
        c.download(url, tmp_path / "go.tgz")
    assert retried == []


def test_a_timeout_is_transient_and_retried(srv: HTTPServer) -> None:
    srv.routes["/slow"] = Route(b"late", delay=1.0)
    c, retried = client(retries=1, timeout=0.2)
    with pytest.raises(TransientError, match="timed out"):
        c.get_bytes(srv.url + "/slow")
    assert len(retried) == 1 and srv.hits("/slow") == 2


@pytest.mark.parametrize("status", [500, 502, 503, 408, 429])
def test_5xx_and_throttling_are_retried(srv: HTTPServer, status: int) -> None:
    srv.routes["/i"] = Route(b"index", statuses=[status] * 5)
    c, retried = client(retries=2)
    with pytest.raises(HTTPStatusError) as e:
        c.get_bytes(srv.url + "/i")
    assert e.value.status == status and transient(e.value)
    assert srv.hits("/i") == 3 and len(retried) == 2


@pytest.mark.parametrize("status", [400, 401, 403])
def test_other_4xx_are_not_retried(srv: HTTPServer, status: int) -> None:
    srv.routes["/i"] = Route(b"index", statuses=[status])
    c, retried = client()
    with pytest.raises(HTTPStatusError):
        c.get_bytes(srv.url + "/i")
    assert srv.hits("/i") == 1 and retried == []


def test_404_is_not_found_and_not_retried(srv: HTTPServer) -> None:
    c, retried = client()
    with pytest.raises(NotFoundError):
        c.get_bytes(srv.url + "/nothing")
    assert srv.hits("/nothing") == 1 and retried == []


def test_a_body_cut_short_is_transient_and_retried(srv: HTTPServer) -> None:
    srv.routes["/i"] = Route(b"x" * 50_000, cut_after=1000)
    c, retried = client(retries=0)
    with pytest.raises(TransientError):
        c.get_bytes(srv.url + "/i")
    srv.routes["/i"] = Route(b"x" * 50_000, cut_after=1000)  # cut once, then whole
    c, retried = client(retries=1)
    assert c.get_bytes(srv.url + "/i") == b"x" * 50_000
    assert len(retried) == 1


class _ResettingServer:
    """Answers headers and part of the body, then resets the connection (RST, not FIN)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            conn.close()

    def close(self) -> None:
        self.sock.close()


def test_a_reset_mid_transfer_is_transient_and_retried(tmp_path: Path) -> None:
    srv = _ResettingServer()
    try:
        c, retried = client(retries=2)
        with pytest.raises(TransientError):
            c.download(srv.url + "/go.tgz", tmp_path / "go.tgz")
        assert srv.accepted == 3 and len(retried) == 2
    finally:
        srv.close()


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
                   check=True, capture_output=True)
    return str(d / "cert.pem"), str(d / "key.pem")


def test_an_untrusted_certificate_is_not_retried(cert: tuple[str, str]) -> None:
    with HTTPServer(certfile=cert[0], keyfile=cert[1]) as srv:
        srv.routes["/i"] = Route(b"index")
        c, retried = client()
        with pytest.raises(NetworkError, match="TLS certificate problem") as e:
            c.get_bytes(srv.url + "/i")
        assert not isinstance(e.value, TransientError) and retried == []


@pytest.mark.parametrize(("reason", "kind"), [
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), Unreachable),
    (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), Unreachable),
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), Unreachable),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), Unreachable),
    (OSError(errno.EHOSTUNREACH, "No route to host"), Unreachable),
    (TimeoutError("timed out"), TransientError),
    (TimeoutError("timed out"), TransientError),
    (OSError(errno.ECONNRESET, "certificate"), TransientError),  # the text does not decide
    (BrokenPipeError(errno.EPIPE, "Broken pipe"), TransientError),
    (ssl.SSLEOFError(8, "EOF occurred in violation of protocol"), TransientError),
    (ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"), NetworkError),
    (OSError(errno.EACCES, "Permission denied"), NetworkError),
    ("unknown url type: ftp", NetworkError),
])
def test_classification_follows_the_exception_type(reason: object, kind: type) -> None:
    e = connection_error("http://h/x", reason)
    assert type(e) is kind
    assert transient(e) == (kind is TransientError)


def test_an_oversized_document_is_refused_once(srv: HTTPServer) -> None:
    srv.routes["/big"] = Route(b"x" * 2000)
    c, retried = client()
    with pytest.raises(BadResponse, match="larger than 1000 bytes"):
        c.get_bytes(srv.url + "/big", limit=1000)
    assert srv.hits("/big") == 1 and retried == []


@pytest.mark.parametrize(("key", "value"), [
    ("GOVER_HTTP_RETRIES", "-1"), ("GOVER_HTTP_RETRIES", "inf"), ("GOVER_HTTP_RETRIES", "nan"),
    ("GOVER_HTTP_TIMEOUT", "0"), ("GOVER_HTTP_TIMEOUT", "-5"), ("GOVER_HTTP_BACKOFF", "-0.5"),
    ("GOVER_HTTP_BACKOFF", "soon"),
])
def test_bad_settings_are_one_line_errors(key: str, value: str) -> None:
    with pytest.raises(ConfigError) as e:
        Client.from_env({key: value})
    assert f"{key}={value!r}" in e.value.message and "\n" not in e.value.message


def test_zero_retries_and_backoff_are_accepted() -> None:
    c = Client.from_env({"GOVER_HTTP_RETRIES": "0", "GOVER_HTTP_BACKOFF": "0"})
    assert (c.retries, c.backoff, c.timeout) == (0, 0.0, 30.0)


# --- one opener and one SSL context per client ------------------------------------------

def test_one_ssl_context_serves_every_request(cert: tuple[str, str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[ssl.SSLContext] = []
    real = transport.ssl_context

    def counting(env: object) -> ssl.SSLContext:
        made.append(real(env))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(transport, "ssl_context", counting)
    with HTTPServer(certfile=cert[0], keyfile=cert[1]) as tls, HTTPServer() as plain:
        tls.routes["/i"] = plain.routes["/i"] = Route(b"index")
        c = Client({"SSL_CERT_FILE": cert[0]}, retries=0)
        assert c.get_bytes(plain.url + "/i") == b"index"
        assert made == []  # plain HTTP never loads a trust store
        for _ in range(3):
            assert c.get_bytes(tls.url + "/i") == b"index"
        assert len(made) == 1 and tls.hits("/i") == 3


def test_redirects_are_recorded_per_request_on_a_shared_opener(srv: HTTPServer) -> None:
    srv.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    srv.routes["/b"] = Route(status=302, headers={"Location": "/c"})
    srv.routes["/c"] = Route(b"end")
    c = Client({}, retries=0)
    first: list[str] = []
    second: list[str] = []
    with c.open(srv.url + "/a", redirects=first) as resp:
        assert resp.read() == b"end"
    with c.open(srv.url + "/b", redirects=second) as resp:
        assert resp.read() == b"end"
    with c.open(srv.url + "/a") as resp:  # not recorded anywhere
        assert resp.read() == b"end"
    assert first == [srv.url + "/b", srv.url + "/c"] and second == [srv.url + "/c"]


# --- a host found unreachable is not asked again in the same command ------------------

def _in_thread(fn: Callable[[], object], seconds: float) -> BaseException | None:
    """Run ``fn``; what it raised (None if it returned), failing the test if it hangs."""
    got: list[BaseException | None] = []

    def run() -> None:
        try:
            fn()
            got.append(None)
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            got.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert got, f"still waiting after {seconds} s"
    return got[0]


def test_an_unresolvable_host_is_not_retried_nor_asked_again() -> None:
    # .invalid never resolves (RFC 6761); the bound covers a slow resolver.
    c, retried = client(retries=4)
    first = _in_thread(lambda: c.get_bytes("http://nonexistent.invalid/?mode=json"), 20)
    assert isinstance(first, Unreachable) and "cannot resolve host" in first.message
    assert retried == []
    second = _in_thread(lambda: c.get_bytes("http://nonexistent.invalid/golang.org/toolchain/@v/list"),
                        0.5)
    assert isinstance(second, Unreachable)
    assert "not tried again" in second.message and "cannot resolve host" in second.message


def test_a_refused_port_fails_at_once_later_but_other_hosts_and_ports_are_tried(
        srv: HTTPServer) -> None:
    srv.routes["/ok"] = Route(b"fine")
    c, retried = client()
    port = _closed_port()
    with pytest.raises(Unreachable, match="connection refused"):
        c.get_bytes(f"http://127.0.0.1:{port}/a")
    # Something listens there now: a second request would reach it, but is not made.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen(1)
        listener.setblocking(False)
        with pytest.raises(Unreachable, match="not tried again"):
            c.get_bytes(f"http://127.0.0.1:{port}/b")
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert retried == []
    assert c.get_bytes(srv.url + "/ok") == b"fine"  # the same host on another port
    with pytest.raises(Unreachable) as other:  # another name is another host
        c.get_bytes(f"http://localhost:{port}/c")
    assert "not tried again" not in other.value.message
    fresh, _ = client()  # the memo is the client's (one per command), not global
    with pytest.raises(Unreachable) as again:
        fresh.get_bytes(f"http://127.0.0.1:{port}/d")
    assert "not tried again" not in again.value.message


def test_a_redirect_to_a_dead_host_marks_that_host_not_the_redirector(srv: HTTPServer) -> None:
    port = _closed_port()
    srv.routes["/moved"] = Route(status=302, headers={"Location": f"http://127.0.0.1:{port}/x"})
    srv.routes["/ok"] = Route(b"fine")
    c, _ = client()
    with pytest.raises(Unreachable, match="connection refused"):
        c.get_bytes(srv.url + "/moved")
    assert c.get_bytes(srv.url + "/ok") == b"fine"
    with pytest.raises(Unreachable, match="not tried again"):
        c.get_bytes(f"http://127.0.0.1:{port}/y")


def test_timeouts_and_5xx_do_not_mark_a_host_down(srv: HTTPServer) -> None:
    srv.routes["/flaky"] = Route(b"ok", statuses=[503, 503])
    c, retried = client(retries=0)
    with pytest.raises(HTTPStatusError):
        c.get_bytes(srv.url + "/flaky")
    with pytest.raises(HTTPStatusError):
        c.get_bytes(srv.url + "/flaky")
    assert c.get_bytes(srv.url + "/flaky") == b"ok" and srv.hits("/flaky") == 3
