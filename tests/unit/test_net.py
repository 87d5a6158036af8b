from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from gover.errors import NetworkError, NotFoundError, VerificationError
from gover.net import Client
from gover.transport import proxy_for
from tests.support.httpserver import HTTPServer, Route

DATA = os.urandom(300_000)
SHA = hashlib.sha256(DATA).hexdigest()


def client(**kw: object) -> Client:
    return Client({}, **{"retries": 3, "timeout": 5.0, "backoff": 0.01, **kw})  # type: ignore[arg-type]


@pytest.fixture
def srv():
    with HTTPServer() as s:
        yield s


def test_download_verifies_while_streaming(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA)
    dest = tmp_path / "f"
    assert client().download(srv.url + "/f", dest, sha256=SHA, size=len(DATA)) == SHA
    assert dest.read_bytes() == DATA and not (tmp_path / "f.partial").exists()


def test_mismatch_deletes_and_names_both_hashes(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA)
    with pytest.raises(VerificationError) as e:
        client().download(srv.url + "/f", tmp_path / "f", sha256="0" * 64)
    assert "0" * 64 in e.value.message and SHA in e.value.message
    assert not (tmp_path / "f").exists() and not (tmp_path / "f.partial").exists()


def test_resumes_an_interrupted_transfer(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA, cut_after=100_000)
    client().download(srv.url + "/f", tmp_path / "f", sha256=SHA, size=len(DATA))
    assert (tmp_path / "f").read_bytes() == DATA
    ranges = [r.headers.get("Range") for r in srv.requests]
    assert ranges[0] is None and ranges[1] == "bytes=100000-"


def test_resumes_a_partial_file_from_an_earlier_run(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA)
    (tmp_path / "f.partial").write_bytes(DATA[:123_456])
    assert client().download(srv.url + "/f", tmp_path / "f", sha256=SHA) == SHA
    assert srv.requests[0].headers["Range"] == "bytes=123456-"


def test_restarts_when_the_server_ignores_range(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA, ranges=False)
    (tmp_path / "f.partial").write_bytes(b"garbage")
    assert client().download(srv.url + "/f", tmp_path / "f", sha256=SHA) == SHA


def test_retries_5xx_then_succeeds(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA, statuses=[500, 503])
    client().download(srv.url + "/f", tmp_path / "f", sha256=SHA)
    assert srv.hits("/f") == 3


def test_gives_up_after_retries(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(DATA, statuses=[500] * 10)
    with pytest.raises(NetworkError, match="500"):
        client(retries=2).download(srv.url + "/f", tmp_path / "f")
    assert srv.hits("/f") == 3


def test_404_is_not_found_and_not_retried(srv: HTTPServer, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="404"):
        client().download(srv.url + "/missing", tmp_path / "f")
    assert srv.hits("/missing") == 1


def test_html_error_page_is_refused(srv: HTTPServer, tmp_path: Path) -> None:
    srv.routes["/f"] = Route(b"<html>login</html>", content_type="text/html; charset=utf-8")
    with pytest.raises(NetworkError, match="HTML page instead of an archive"):
        client().download(srv.url + "/f", tmp_path / "f")
    assert srv.hits("/f") == 1


def test_connection_refused_is_a_network_error() -> None:
    with pytest.raises(NetworkError, match="connection refused"):
        client(retries=0).get_bytes("http://127.0.0.1:9/x")


def test_proxy_settings_come_from_the_given_env() -> None:
    env = {"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "internal.example,.corp"}
    assert proxy_for("https://go.dev/dl/", env) == "http://proxy:3128"
    assert proxy_for("https://internal.example/x", env) is None
    assert proxy_for("https://a.corp/x", env) is None
    assert proxy_for("http://go.dev/", env) is None  # only HTTPS_PROXY given
    assert proxy_for("https://go.dev/", {"https_proxy": "http://p:1"}) == "http://p:1"


def test_requests_go_through_the_proxy(srv: HTTPServer, tmp_path: Path) -> None:
    # The loopback server plays the proxy: a proxied request carries the absolute URL.
    srv.fallback = lambda path: Route(DATA) if path.startswith("http://example.invalid/") else None
    c = Client({"HTTP_PROXY": srv.url}, retries=0, timeout=5, backoff=0)
    c.download("http://example.invalid/f", tmp_path / "f", sha256=SHA)
    assert srv.requests[0].path == "http://example.invalid/f"
