"""A .gz file read through a second thread that decompresses (and hashes) it.

zlib and hashlib release the GIL, so decompression overlaps with the tar parsing
and file writes in the reading thread: this is what lets a Python extraction
keep up with ``tar -xzf``.  Memory stays flat whatever the ratio: each
decompressor call yields at most ``OUT`` bytes, at most 32 such pieces wait in the
queue, and the whole output may not pass ``limit``.
"""

from __future__ import annotations

import hashlib
import io
import queue
import threading
import zlib
from pathlib import Path

from gover.errors import ArchiveError

OUT = 1 << 18


class GunzipReader(io.RawIOBase):
    """A readable stream of the decompressed content; ``hexdigest()`` is the .gz file's SHA-256."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__()
        self._limit = limit
        self._name = path.name
        self._q: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=32)
        self._stop = threading.Event()
        self._buf = memoryview(b"")
        self._eof = False
        self._hash = hashlib.sha256()
        self._thread = threading.Thread(target=self._pump, args=(path,), daemon=True)
        self._thread.start()

    def _put(self, item: bytes | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _pump(self, path: Path) -> None:
        try:
            d = zlib.decompressobj(31)
            total = 0
            with open(path, "rb") as f:
                while chunk := f.read(1 << 18):
                    self._hash.update(chunk)
                    while chunk:
                        out = d.decompress(chunk, OUT)
                        total += len(out)
                        if total > self._limit:
                            raise ArchiveError(f"{self._name} expands to more than {self._limit} "
                                               "bytes (a decompression bomb?)")
                        if out and not self._put(out):
                            return
                        if d.eof:  # a multi-member gzip: start over on what follows this member
                            chunk = d.unused_data
                            if chunk:
                                d = zlib.decompressobj(31)
                        else:  # input held back by the output cap, fed in the next round
                            chunk = d.unconsumed_tail
            tail = d.flush()
            if tail:
                self._put(tail)
            if not d.eof:
                raise EOFError("compressed stream ended before the end of the archive")
            self._put(None)
        except BaseException as e:  # handed to the reading thread
            self._put(e)

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf and not self._eof:
            item = self._q.get()
            if item is None:
                self._eof = True
            elif isinstance(item, BaseException):
                raise item
            else:
                self._buf = memoryview(item)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def close(self) -> None:
        self._stop.set()
        super().close()

    def hexdigest(self) -> str:
        self._thread.join()
        return self._hash.hexdigest()
