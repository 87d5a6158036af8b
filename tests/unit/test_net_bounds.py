"""Downloads are bounded: by the size the index announces (or a stated maximum), and
by a total deadline — against real loopback servers that lie, never end, or trickle."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from gover.errors import ConfigError, VerificationError
from gover.net import BadResponse, Client, DeadlineExceeded
from gover.transport import DEADLINE_BASE, DEADLINE_RATE, Deadline
from tests.support.httpserver import HTTPServer, Route
from tests.support.rawhttp import RawServer, endless, trickle

HUGE = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 53687091200\r\n\r\n"
NO_LENGTH = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"


def client(**kw: object) -> Client:
    return Client({}, **{"retries": 2, "timeout": 5.0, "backoff": 0.01, **kw})  # type: ignore[arg-type]


@pytest.fixture
def dl(tmp_path: Path) -> Path:
    d = tmp_path / "downloads"
    d.mkdir()
    return d


def leftovers(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def test_a_50_gib_announcement_stops_before_the_body(dl: Path) -> None:
    with RawServer(HUGE, endless) as s:
        t = time.monotonic()
        with pytest.raises(VerificationError) as e:
            client().download(s.url + "/go.tar.gz", dl / "go.tar.gz", size=70_000_000)
        assert time.monotonic() - t < 5
    assert e.value.message.endswith("announces 53687091200 bytes, but the index says the file has "
                                    "70000000; the partial download was deleted")
    assert "\n" not in e.value.message and leftovers(dl) == []
    assert s.requests == 1  # a lie is not retried


def test_an_endless_body_stops_at_the_index_size(dl: Path) -> None:
    with RawServer(NO_LENGTH, endless) as s, \
            pytest.raises(VerificationError, match="sent more than 1000000 bytes, but the index says"):
        client().download(s.url + "/go.tar.gz", dl / "go.tar.gz", size=1_000_000)
    assert leftovers(dl) == []


def test_an_endless_body_without_a_size_stops_at_the_stated_maximum(dl: Path) -> None:
    with RawServer(NO_LENGTH, endless) as s:
        with pytest.raises(BadResponse, match="sent more than 2000000 bytes, more than the 2000000 "
                                              "gover accepts for it"):
            client().download(s.url + "/x.zip", dl / "x.zip", max_size=2_000_000)
        # Dropped, not drained: the server's sends fail and its answer ends (a client
        # still reading, or holding the connection open, would keep it going for ever).
        assert s.answered(timeout=10)
        assert s.sent < 2_000_000 + (16 << 20)  # what the socket buffers hold, at most
    assert leftovers(dl) == []


def test_an_announced_size_over_the_maximum_is_refused_at_once(dl: Path) -> None:
    with RawServer(HUGE, endless) as s, \
            pytest.raises(BadResponse, match="announces 53687091200 bytes, more than the 1000"):
        client().download(s.url + "/x.zip", dl / "x.zip", max_size=1000)
    assert leftovers(dl) == []


def test_a_trickled_body_hits_the_deadline(dl: Path) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
    with RawServer(head, lambda: trickle(b"x" * 100000), delay=0.1) as s:
        t = time.monotonic()
        with pytest.raises(DeadlineExceeded) as e:
            client(deadline=0.3).download(s.url + "/f", dl / "f", size=100000)
        took = time.monotonic() - t
    assert 0.25 < took < 3, took
    assert e.value.message == f"{s.url}/f: not done after 0.3 s (GOVER_HTTP_DEADLINE)"
    assert s.requests == 1


def test_trickled_headers_hit_the_deadline_of_a_document() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Pad: " + b"p" * 1000 + b"\r\n\r\nok"
    with RawServer(head, trickle_head=True, delay=0.05) as s:
        t = time.monotonic()
        with pytest.raises(DeadlineExceeded, match="not done after 0.2 s"):
            client(deadline=0.2).get_bytes(s.url + "/?mode=json")
        assert time.monotonic() - t < 3


def test_a_document_without_length_cut_by_the_deadline_is_not_taken_as_complete() -> None:
    with RawServer(NO_LENGTH, lambda: trickle(b'[{"version": "go1.22.10"}]'), delay=0.1) as s, \
            pytest.raises(DeadlineExceeded):
        client(deadline=0.2).get_bytes(s.url + "/index")


def test_a_normal_download_is_unaffected(dl: Path) -> None:
    with HTTPServer() as srv:
        srv.routes["/f"] = Route(b"y" * 300_000, rate=3_000_000)
        client(deadline=10.0).download(srv.url + "/f", dl / "f", size=300_000)
    assert (dl / "f").read_bytes() == b"y" * 300_000


def test_the_default_deadline_grows_with_the_size() -> None:
    d = Deadline(None, 70_000_000)
    try:
        assert d.seconds == DEADLINE_BASE + 70_000_000 / DEADLINE_RATE
        d.fit(1_000_000)  # the response announced its size
        assert d.seconds == DEADLINE_BASE + 1_000_000 / DEADLINE_RATE
    finally:
        d.cancel()
    fixed = Deadline(5.0, 70_000_000)
    fixed.fit(10**12)
    assert fixed.seconds == 5.0
    fixed.cancel()


def test_a_redirect_loop_is_one_line() -> None:
    with HTTPServer() as srv:
        srv.routes["/a"] = Route(status=302, headers={"Location": "/b"})
        srv.routes["/b"] = Route(status=302, headers={"Location": "/a"})
        with pytest.raises(BadResponse) as e:
            client().get_bytes(srv.url + "/a")
    assert e.value.message == f"{srv.url}/a: too many redirects (a redirect loop?)"


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "soon"])
def test_bad_deadlines_are_one_line_errors(value: str) -> None:
    with pytest.raises(ConfigError) as e:
        Client.from_env({"GOVER_HTTP_DEADLINE": value})
    assert e.value.message.startswith(f"GOVER_HTTP_DEADLINE={value!r} ")
    assert e.value.message.endswith("; accepted: a number of seconds above 0")
    assert Client.from_env({"GOVER_HTTP_DEADLINE": "90"}).deadline == 90.0
