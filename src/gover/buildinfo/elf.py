"""ELF (32/64-bit, either byte order), validated as debug/elf.NewFile does.

Reads the file header, the program headers, the section headers and the
section-name string table; section contents are never loaded.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from gover.buildinfo.exe import Exe, FileSection, FormatError, HeaderInfo, Region, need
from gover.buildinfo.goio import MAXINT64, GoReadError, ReaderAt, SectionReader, i64, read_data_at

PT_LOAD, PF_X, PF_W = 1, 1, 2
SHT_NULL, SHT_STRTAB, SHT_NOBITS = 0, 3, 8
SHF_ALLOC, SHF_COMPRESSED = 0x2, 0x800
SHN_LORESERVE, SHN_XINDEX = 0xFF00, 0xFFFF
COMPRESS_ZLIB = 1
_BATCH = 1024  # headers parsed per read


@dataclass
class _Section:
    name_off: int
    type: int
    flags: int
    addr: int
    offset: int
    file_size: int
    size: int
    compression: int = 0
    chdr_len: int = 0


def parse(r: ReaderAt) -> Exe:
    ident, _ = r.read_at(16, 0)
    need(len(ident) == 16 and ident[:4] == b"\x7fELF")
    cls, data, version = ident[4], ident[5], ident[6]
    need(cls in (1, 2) and data in (1, 2) and version == 1)
    is64, bo = cls == 2, "<" if data == 1 else ">"
    hdr = read_data_at(r, 64 if is64 else 52, 0)
    need(hdr is not None)
    assert hdr is not None
    if is64:
        (ver, _, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum,
         shstrndx) = struct.unpack_from(bo + "IQQQIHHHHHH", hdr, 20)
    else:
        (ver, _, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum,
         shstrndx) = struct.unpack_from(bo + "IIIIIHHHHHH", hdr, 20)
    phoff, shoff = i64(phoff), i64(shoff)
    # Go converts e_version to its one-byte Version type before comparing.
    need(ver & 0xFF == 1 and shoff >= 0 and phoff >= 0)
    need(not (shoff == 0 and shnum != 0))
    need(not (shnum > 0 and shstrndx >= shnum))
    want_ph, want_sh = (56, 64) if is64 else (32, 40)
    need(not (phnum > 0 and phentsize < want_ph))

    progs = _progs(r, bo, is64, phoff, phnum, phentsize)

    if shoff > 0 and shnum == 0:  # extended numbering: the count is in section 0
        first = read_data_at(r, want_sh, shoff)
        need(first is not None)
        assert first is not None
        if is64:
            typ, size, link = (struct.unpack_from(bo + "I", first, 4)[0],
                               struct.unpack_from(bo + "Q", first, 32)[0],
                               struct.unpack_from(bo + "I", first, 40)[0])
        else:
            typ, size, link = (struct.unpack_from(bo + "I", first, 4)[0],
                               struct.unpack_from(bo + "I", first, 20)[0],
                               struct.unpack_from(bo + "I", first, 24)[0])
        need(typ == SHT_NULL)
        shnum = size
        need(shnum >= SHN_LORESERVE and shnum <= MAXINT64)
        if shstrndx == SHN_XINDEX:
            shstrndx = link
            need(shstrndx >= SHN_LORESERVE)
    need(not (shnum > 0 and shentsize < want_sh))
    need(not (shnum > 0 and ((1 << 64) - 1) // shnum < shentsize))

    sections = _sections(r, bo, is64, shoff, shnum, shentsize)
    names = _names(r, sections, shstrndx)
    data_start = (0, 0)
    for s, name in zip(sections, names, strict=True):
        if name == b".go.buildinfo":
            data_start = (s.addr, s.size)
            break
    else:
        for reg, typ, flags, memsz in progs:
            if typ == PT_LOAD and flags & (PF_X | PF_W) == PF_W:
                data_start = (reg.addr, memsz)
                break
    exe = Exe([p[0] for p in progs], data_start)
    exe.format = "elf"
    exe.header = HeaderInfo(
        struct.unpack_from(bo + "H", hdr, 18)[0],
        [FileSection(n.decode("utf-8", "replace"), s.offset,
                     0 if s.type == SHT_NOBITS else s.file_size, s.addr)
         for s, n in zip(sections, names, strict=True)],
        {"class": cls, "data": data, "osabi": ident[7], "progs": progs, "big": bo == ">"})
    return exe


def _read_table(r: ReaderAt, off: int, count: int, entsize: int) -> list[bytes]:
    """``count`` entries of ``entsize`` bytes at ``off`` (Go reads the table whole: all or nothing)."""
    total = count * entsize
    if total > MAXINT64:
        raise FormatError()
    # Probe the end first so a corrupt count cannot make us read megabytes for nothing.
    if total and read_data_at(r, 1, off + total - 1) is None:
        raise FormatError()
    out: list[bytes] = []
    for start in range(0, count, _BATCH):
        n = min(_BATCH, count - start)
        block = read_data_at(r, n * entsize, off + start * entsize)
        need(block is not None)
        assert block is not None
        out.extend(block[i * entsize:(i + 1) * entsize] for i in range(n))
    return out


def _progs(r: ReaderAt, bo: str, is64: bool, phoff: int, phnum: int,
           phentsize: int) -> list[tuple[Region, int, int, int]]:
    """Each program header as (region, type, flags, memsz)."""
    out = []
    for ent in _read_table(r, phoff, phnum, phentsize):
        if is64:
            typ, flags, off, vaddr, _, filesz, memsz, _ = struct.unpack_from(bo + "IIQQQQQQ", ent)
        else:
            typ, off, vaddr, _, filesz, memsz, flags, _ = struct.unpack_from(bo + "IIIIIIII", ent)
        need(off <= MAXINT64 and filesz <= MAXINT64)
        out.append((Region(vaddr, filesz, SectionReader(r, off, filesz)), typ, flags, memsz))
    return out


def _sections(r: ReaderAt, bo: str, is64: bool, shoff: int, shnum: int,
              shentsize: int) -> list[_Section]:
    out = []
    for ent in _read_table(r, shoff, shnum, shentsize):
        if is64:
            name, typ, flags, addr, off, size = struct.unpack_from(bo + "IIQQQQ", ent)
        else:
            name, typ, flags, addr, off, size = struct.unpack_from(bo + "IIIIII", ent)
        need(off <= MAXINT64 and size <= MAXINT64)
        s = _Section(name, typ, flags, addr, off, size, size)
        if flags & SHF_COMPRESSED:
            # NewFile reads every compressed section's header; a short one is an error.
            chdr_len = 24 if is64 else 12
            ch = _read_exact(SectionReader(r, off, size), chdr_len)
            s.compression = struct.unpack_from(bo + "I", ch, 0)[0]
            s.size = struct.unpack_from(bo + ("Q" if is64 else "I"), ch, 8 if is64 else 4)[0]
            s.chdr_len = chdr_len
        out.append(s)
    return out


def _read_exact(r: ReaderAt, n: int) -> bytes:
    try:
        data, short = r.read_at(n, 0)
    except GoReadError:
        raise FormatError() from None
    need(not short)
    return data


def _names(r: ReaderAt, sections: list[_Section], shstrndx: int) -> list[bytes]:
    if not sections or shstrndx == 0:
        return [b""] * len(sections)
    need(shstrndx < len(sections))
    strtab = sections[shstrndx]
    need(strtab.type == SHT_STRTAB)
    table = StrTab(r, strtab)
    return [table.get(s.name_off) for s in sections]


class StrTab:
    """The section-name table, read in small windows: only names up to 64 bytes are kept.

    A compressed table (SHF_COMPRESSED, zlib) is inflated as Go would; Go also
    accepts zstd, which no linker uses for this table.
    """

    _WINDOW = 1 << 16

    def __init__(self, r: ReaderAt, s: _Section) -> None:
        self.size = s.size
        self.data: bytes | None = None
        self._cache: tuple[int, bytes] = (0, b"")  # the last window read: (offset, bytes)
        if s.flags & SHF_COMPRESSED:
            need(not (s.flags & SHF_ALLOC) and s.compression == COMPRESS_ZLIB)
            raw = read_data_at(SectionReader(r, s.offset, s.file_size), s.file_size - s.chdr_len,
                               s.chdr_len)
            need(raw is not None)
            assert raw is not None
            try:
                d = zlib.decompressobj()
                self.data = d.decompress(raw, s.size)
            except zlib.error:
                raise FormatError() from None
            need(len(self.data) >= s.size)
            self.data = self.data[:s.size]
            self.reader: ReaderAt | None = None
        else:
            self.reader = SectionReader(r, s.offset, s.file_size)
            # Go reads the whole table; a short one is an error.
            if self.size and read_data_at(self.reader, 1, self.size - 1) is None:
                raise FormatError()

    def _window(self, off: int) -> bytes:
        if self.data is not None:
            return self.data[off:off + self._WINDOW]
        start, cached = self._cache
        if start <= off < start + len(cached):
            return cached[off - start:]
        assert self.reader is not None
        n = min(self._WINDOW, self.size - off)
        window = read_data_at(self.reader, n, off) or b""
        self._cache = (off, window)
        return window

    def get(self, start: int) -> bytes:
        """The NUL-terminated name at ``start`` (first 64 bytes); no NUL before the end is an error."""
        need(start < self.size)
        kept = b""
        pos = start
        while pos < self.size:
            w = self._window(pos)
            need(bool(w))
            i = w.find(b"\0")
            if i >= 0:
                return (kept + w[:i])[:64]
            if len(kept) < 64:
                kept += w[:64]
            pos += len(w)
        raise FormatError()
