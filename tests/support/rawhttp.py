"""A loopback HTTP server that misbehaves on purpose: it lies about sizes, never ends,
or trickles its answer, which ``http.server`` cannot be made to do.

``with RawServer(head=..., body=...) as s: urlopen(s.url)`` — ``head`` is the status
line and headers sent as-is, ``body`` an iterable of byte chunks, sent with
``delay`` seconds between chunks.  The bytes actually sent are counted in ``sent``;
``answered(timeout)`` waits until every connection's answer has ended (the body ran
out, or the client dropped the connection and a send failed).
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterable


def endless(chunk: bytes = b"\0" * 65536) -> Iterable[bytes]:
    return itertools.repeat(chunk)


def trickle(data: bytes) -> Iterable[bytes]:
    return (data[i:i + 1] for i in range(len(data)))


class RawServer:
    def __init__(self, head: bytes, body: Callable[[], Iterable[bytes]] = lambda: (),
                 delay: float = 0.0, trickle_head: bool = False) -> None:
        self.head, self.body, self.delay, self.trickle_head = head, body, delay, trickle_head
        self.sent = 0
        self.requests = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._answers: list[threading.Thread] = []

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._answer, args=(conn,), daemon=True)
            self._answers.append(t)
            t.start()

    def _answer(self, conn: socket.socket) -> None:
        self.requests += 1
        with conn, contextlib.suppress(OSError):
            conn.recv(65536)  # the request: its content does not matter here
            head = trickle(self.head) if self.trickle_head else [self.head]
            for piece in itertools.chain(head, self.body()):
                if self._stop.is_set():
                    return
                conn.sendall(piece)
                self.sent += len(piece)
                if self.delay:
                    time.sleep(self.delay)

    def answered(self, timeout: float) -> bool:
        """Whether every answer has ended within ``timeout`` seconds."""
        end = time.monotonic() + timeout
        for t in list(self._answers):
            t.join(max(0.0, end - time.monotonic()))
        return not any(t.is_alive() for t in self._answers)

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sock.close()
