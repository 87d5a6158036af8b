"""Find and decode the build-info blob (debug/buildinfo ``readRawBuildInfo``).

The blob starts with the 14-byte magic at a 16-byte aligned address inside the
section or segment the format points at, followed by the pointer size and a
flags byte.  Go 1.18+ sets flag 0x2 and stores the Go version and the module
info inline as uvarint-prefixed strings after the 32-byte header; older
toolchains stored two target pointers to Go string headers ``{ptr, len}``.
"""

from __future__ import annotations

from collections.abc import Callable

from gover.buildinfo import elf, macho, pe
from gover.buildinfo.exe import Exe, FormatError, Unmapped
from gover.buildinfo.goio import GoReadError, ReaderAt, read_data_at, u64

MAGIC = b"\xff Go buildinf:"
ALIGN = 16
HEADER_SIZE = 32
SEARCH_CHUNK = 1 << 20
MAX_VARINT_LEN = 10
_INFO_START_LEN = 16  # cmd/go's modinfo sentinels around the text

UNRECOGNIZED = "unrecognized file format"
NOT_GO = "not a Go executable"


class RawError(Exception):
    """Go's error text for a file whose build info cannot be read."""


def read_raw(r: ReaderAt, x: Exe | None = None) -> tuple[bytes, bytes]:
    """The Go version and the module-info text (without sentinels; may be empty).

    ``x`` is the file already parsed by :func:`open_exe`, when the caller needs it too.
    """
    try:
        return _read_raw(r, x)
    except (FormatError, Unmapped):
        raise RawError(UNRECOGNIZED) from None
    except GoReadError as e:
        raise RawError(str(e)) from None


def open_exe(r: ReaderAt) -> Exe:
    ident, _ = r.read_at(16, 0)
    if len(ident) < 16:
        raise FormatError()
    if ident.startswith(b"\x7fELF"):
        return elf.parse(r)
    if ident.startswith(b"MZ"):
        return pe.parse(r)
    if ident.startswith(b"\xfe\xed\xfa") or ident[1:].startswith(b"\xfa\xed\xfe"):
        return macho.parse(r)
    if ident.startswith((b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf")):
        return macho.parse_fat(r)
    # XCOFF (AIX) and Plan 9 a.out, which Go also reads, are not supported.
    raise FormatError()


def _read_raw(r: ReaderAt, x: Exe | None) -> tuple[bytes, bytes]:
    if x is None:
        try:
            x = open_exe(r)
        except GoReadError:
            raise FormatError() from None  # any NewFile failure is "unrecognized"
    addr, size = x.data_start()
    if size == 0:
        raise RawError(NOT_GO)
    addr = _search_magic(x, addr, size)
    header = _read_data(x, addr, HEADER_SIZE)
    if header is None or len(header) < HEADER_SIZE:
        raise RawError(NOT_GO)
    ptr_size, flags = header[14], header[15]
    if flags & 0x2:
        vers, addr = _decode_string(x, u64(addr + HEADER_SIZE))
        mod, _ = _decode_string(x, addr)
    else:
        big = bool(flags & 0x1)
        if ptr_size not in (4, 8):
            raise RawError(NOT_GO)

        def ptr(b: bytes) -> int:
            return int.from_bytes(b[:ptr_size], "big" if big else "little")

        vers = _read_string(x, ptr_size, ptr, ptr(header[16:]))
        mod = _read_string(x, ptr_size, ptr, ptr(header[16 + ptr_size:]))
    if not vers:
        raise RawError(NOT_GO)
    # cmd/go frames the text with 16-byte sentinels; without them there is no module info.
    framed = len(mod) >= 33 and mod[-17] == 0x0A
    return vers, mod[_INFO_START_LEN:-_INFO_START_LEN] if framed else b""


def _read_data(x: Exe, addr: int, size: int) -> bytes | None:
    """``readData``: None where Go gets io.EOF; Unmapped/GoReadError propagate."""
    return read_data_at(x.data_reader(addr), size, 0)


def _search_magic(x: Exe, start: int, size: int) -> int:
    end = u64(start + size)
    if end < start:
        raise FormatError()
    start = u64(start + ALIGN - 1) & ~(ALIGN - 1)
    if start >= end:
        raise RawError(NOT_GO)
    while start < end:
        remaining = end - start
        chunk = min(SEARCH_CHUNK, remaining)
        data, short = x.data_reader(start).read_at(chunk, 0)
        if short and not data:
            raise RawError(NOT_GO)
        # Go keeps searching a slice that it re-cuts after a misaligned hit but
        # reports the hit's index within that slice; kept as is, bug for bug.
        while data:
            i = data.find(MAGIC)
            if i < 0:
                break
            if remaining - i < HEADER_SIZE:
                raise RawError(NOT_GO)
            if i % ALIGN:
                nxt = (i + ALIGN - 1) & ~(ALIGN - 1)
                if nxt > len(data):
                    raise RawError(NOT_GO)
                data = data[nxt:]
                continue
            return start + i
        start += chunk
    raise RawError(NOT_GO)


def _decode_string(x: Exe, addr: int) -> tuple[bytes, int]:
    b = _read_data(x, addr, MAX_VARINT_LEN)
    if b is None:
        raise RawError(NOT_GO)
    length, n = _uvarint(b)
    if n <= 0:
        raise RawError(NOT_GO)
    addr = u64(addr + n)
    data = _read_data(x, addr, length)
    if data is None or len(data) < length:
        raise RawError(NOT_GO)
    return data, u64(addr + length)


def _read_string(x: Exe, ptr_size: int, ptr: Callable[[bytes], int], addr: int) -> bytes:
    """A Go string header ``{data, len}`` at ``addr``; b"" for anything unreadable."""
    try:
        hdr = _read_data(x, addr, 2 * ptr_size)
        if hdr is None or len(hdr) < 2 * ptr_size:
            return b""
        data_addr, data_len = ptr(hdr), ptr(hdr[ptr_size:])
        data = _read_data(x, data_addr, data_len)
    except (Unmapped, GoReadError):
        return b""
    if data is None or len(data) < data_len:
        return b""
    return data


def _uvarint(buf: bytes) -> tuple[int, int]:
    """encoding/binary.Uvarint: (value, bytes read); n == 0 short, n < 0 overflow."""
    x = 0
    s = 0
    for i, b in enumerate(buf):
        if i == MAX_VARINT_LEN:
            return 0, -(i + 1)
        if b < 0x80:
            if i == MAX_VARINT_LEN - 1 and b > 1:
                return 0, -(i + 1)
            return x | b << s, i + 1
        x |= (b & 0x7F) << s
        s += 7
    return 0, 0
