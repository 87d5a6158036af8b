"""Go's ``io.ReaderAt`` / ``io.SectionReader`` semantics over a file, in Python.

``debug/buildinfo`` decides "not a Go executable" versus "unrecognized file
format" by *how* nested section readers fail (a short read is ``io.EOF``, an
unmapped address is an error).  Reproducing that arithmetic, including Go's
int64/uint64 wrap-around on corrupted headers, is what makes gover's error for
a damaged binary the same as ``go version -m``'s.  Reads are ``pread`` calls of
the sizes asked for, so memory never depends on the file's size.
"""

from __future__ import annotations

import os
from typing import Protocol

MASK64 = (1 << 64) - 1
MAXINT64 = (1 << 63) - 1
SAFERIO_CHUNK = 10 << 20  # internal/saferio reads larger blocks chunk by chunk


def u64(x: int) -> int:
    return x & MASK64


def i64(x: int) -> int:
    """Go's conversion of a 64-bit pattern to int64 (wrapping)."""
    if 0 <= x <= MAXINT64:
        return x
    x &= MASK64
    return x - (1 << 64) if x >> 63 else x


class GoReadError(Exception):
    """A read failed with something other than io.EOF; the text is Go's error string."""


# A read result: the bytes read, and whether Go's ReadAt would have returned
# io.EOF (a short read).  Other failures raise GoReadError.
Read = tuple[bytes, bool]


class ReaderAt(Protocol):
    def read_at(self, size: int, off: int) -> Read: ...


class FileReader:
    """An ``*os.File``: pread until full; a short read is io.EOF."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read_at(self, size: int, off: int) -> Read:
        if off < 0:
            raise GoReadError("negative offset")
        parts: list[bytes] = []
        got = 0
        while got < size:
            try:
                chunk = os.pread(self.fd, min(size - got, 1 << 20), off + got)
            except OSError as e:
                raise GoReadError(f"read: {os_strerror(e)}") from None
            if not chunk:
                return b"".join(parts), True
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts), False


class BytesReader:
    """A ReaderAt over bytes in memory (for tests and small crafted files)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read_at(self, size: int, off: int) -> Read:
        if off < 0:
            raise GoReadError("negative offset")
        b = self.data[off:off + size]
        return b, len(b) < size


class NobitsReader:
    """debug/pe's reader for a section whose raw data pointer is 0."""

    def read_at(self, size: int, off: int) -> Read:
        raise GoReadError("unexpected read from section with uninitialized data")


class SectionReader:
    """``io.NewSectionReader(r, off, n)`` with Go's exact (wrapping) arithmetic."""

    def __init__(self, r: ReaderAt, off: int, n: int) -> None:
        off, n = i64(off), i64(n)
        self.r = r
        self.base = off
        # Go computes maxint64-n in int64, which wraps for negative n.
        if off <= i64(MAXINT64 - n):
            self.limit = i64(n + off)
        else:
            self.limit = MAXINT64

    def size(self) -> int:
        return i64(self.limit - self.base)

    def read_at(self, size: int, off: int) -> Read:
        if off < 0 or off >= self.size():
            return b"", True
        off = i64(off + self.base)
        most = i64(self.limit - off)
        if size > most:
            data, _ = self.r.read_at(most, off)
            return data, True
        return self.r.read_at(size, off)


def read_data_at(r: ReaderAt, n: int, off: int) -> bytes | None:
    """``saferio.ReadDataAt``: all ``n`` bytes, or None where Go returns an error."""
    if n < 0 or n > MAXINT64:
        return None
    if n == 0:
        r.read_at(0, off)  # may raise, as Go's would
        return b""
    if n >= SAFERIO_CHUNK:
        # Go would read chunk by chunk and fail at the first short one; checking
        # the last byte first keeps a bogus length from costing memory.
        _, short = r.read_at(1, off + n - 1)
        if short:
            return None
    data, short = r.read_at(n, off)
    return None if short else data


def os_strerror(e: OSError) -> str:
    """Go spells errno texts in lower case (``no such file or directory``)."""
    text = e.strerror or str(e)
    return text[:1].lower() + text[1:]
