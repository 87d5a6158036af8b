"""PE (Windows, PE32 and PE32+), validated as debug/pe.NewFile does.

NewFile reads the COFF string and symbol tables and every section's relocation
range; gover checks the same ranges and symbol-name offsets while streaming
the symbol table instead of loading it.
"""

from __future__ import annotations

import struct

from gover.buildinfo.exe import Exe, FileSection, FormatError, HeaderInfo, Region, Unmapped, need
from gover.buildinfo.goio import (
    MAXINT64,
    NobitsReader,
    ReaderAt,
    SectionReader,
    read_data_at,
    u64,
)

MACHINES = {0x0, 0x8664, 0x1C4, 0xAA64, 0x14C, 0x5032, 0x5064, 0x5128}
SCN_DATA_RW = 0x00000040 | 0x40000000 | 0x80000000  # initialized data, read, write
SCN_ALIGN_32BYTES = 0x600000
SYM_SIZE = 18
_SYM = struct.Struct("<II9xB")  # name[0:4], name[4:8] (a string-table offset when [0:4] is 0), aux count
_SYM_BATCH = 4096


class PeExe(Exe):
    format = "pe"

    def __init__(self, regions: list[Region], data_start: tuple[int, int], image_base: int) -> None:
        super().__init__(regions, data_start)
        self.image_base = image_base

    def data_reader(self, addr: int) -> SectionReader:
        # Go does this arithmetic in uint32 for the section bounds.
        addr = u64(addr - self.image_base)
        for r in self.regions:
            if r.addr <= addr <= (r.addr + r.size - 1) & 0xFFFFFFFF:
                remaining = u64(((r.addr + r.size) & 0xFFFFFFFF) - addr)
                return SectionReader(r.reader, u64(addr - r.addr), remaining)
        raise Unmapped()


def _read(r: ReaderAt, n: int, off: int) -> bytes:
    data = read_data_at(r, n, off)
    need(data is not None)
    assert data is not None
    return data


def _readable(r: ReaderAt, off: int, n: int) -> bool:
    if n > MAXINT64:
        return False
    return n == 0 or read_data_at(r, 1, off + n - 1) is not None


def parse(r: ReaderAt) -> PeExe:
    dos = _read(r, 96, 0)
    base = 0
    if dos[:2] == b"MZ":
        signoff = struct.unpack_from("<I", dos, 0x3C)[0]
        sign, _ = r.read_at(4, signoff)  # Go ignores a short read here: zeros remain
        need(sign.ljust(4, b"\0") == b"PE\0\0")
        base = signoff + 4
    fh = _read(r, 20, base)
    machine, nsect, _, symptr, nsyms, opt_size, _ = struct.unpack("<HHIIIHH", fh)
    need(machine in MACHINES)
    strtab_len = _string_table(r, symptr, nsyms)
    _check_symbols(r, symptr, nsyms, strtab_len)
    pos = base + 20
    image_base, dirs_off, ndirs = _optional_header(r, pos, opt_size)
    pos += opt_size
    regions: list[Region] = []
    data_start = (0, 0)
    relocs: list[tuple[int, int]] = []
    sections: list[FileSection] = []
    layout: list[tuple[int, int, int, int]] = []  # va, virtual size, raw pointer, raw size
    for i in range(nsect):
        sh = _read(r, 40, pos + 40 * i)
        name = sh[:8]
        vsize, va, raw_size, raw_ptr, reloc_ptr, _, nreloc, _, chars = struct.unpack_from(
            "<IIIIIIHHI", sh, 8)
        _full_name(name, strtab_len)
        sections.append(FileSection(name.split(b"\0", 1)[0].decode("utf-8", "replace"), raw_ptr,
                                    raw_size if raw_ptr else 0, va))
        layout.append((va, vsize, raw_ptr, raw_size))
        reader: ReaderAt = r if raw_ptr != 0 else NobitsReader()
        regions.append(Region(va, raw_size, SectionReader(reader, raw_ptr, raw_size)))
        relocs.append((reloc_ptr, nreloc))
        if (data_start == (0, 0) and va != 0 and raw_size != 0
                and chars & ~SCN_ALIGN_32BYTES == SCN_DATA_RW):
            data_start = (u64(va + image_base), vsize)
    for ptr, n in relocs:
        if n > 0:
            need(_readable(r, ptr, n * 10))
    exe = PeExe(regions, data_start, image_base)
    exe.header = HeaderInfo(machine, sections, {"dirs_off": dirs_off, "ndirs": ndirs, "layout": layout})
    return exe


def _string_table(r: ReaderAt, symptr: int, nsyms: int) -> int:
    """The COFF string table's length without its 4-byte size field (Go loads it)."""
    if symptr == 0:
        return 0
    off = (symptr + SYM_SIZE * nsyms) & 0xFFFFFFFF
    (length,) = struct.unpack("<I", _read(r, 4, off))
    if length <= 4:
        return 0
    need(_readable(r, off + 4, length - 4))
    return length - 4


def _check_symbols(r: ReaderAt, symptr: int, nsyms: int, strtab_len: int) -> None:
    if symptr == 0 or nsyms == 0:
        return
    need(_readable(r, symptr, nsyms * SYM_SIZE))
    aux = 0
    for start in range(0, nsyms, _SYM_BATCH):
        n = min(_SYM_BATCH, nsyms - start)
        recs = list(_SYM.iter_unpack(_read(r, n * SYM_SIZE, symptr + start * SYM_SIZE)))
        # Fast path: when no record at all has a bad name offset, which records
        # are auxiliary does not matter.
        if all(not (lo == 0 and off and not 4 <= off <= strtab_len + 4) for lo, off, _ in recs):
            aux = _aux_left(recs, aux)
            continue
        for lo, off, naux in recs:
            if aux > 0:
                aux -= 1
                continue
            if lo == 0 and off != 0:
                _string_at(off, strtab_len)
            aux = naux
    need(aux == 0)  # the last symbol promised more auxiliary records than there are


def _aux_left(recs: list[tuple[int, int, int]], aux: int) -> int:
    """How many auxiliary records of the last primary symbol spill into the next block."""
    for _, _, naux in recs:
        aux = aux - 1 if aux > 0 else naux
    return aux


def _string_at(start: int, strtab_len: int) -> None:
    """StringTable.String's checks: offsets count the 4-byte size field."""
    need(start >= 4 and start - 4 <= strtab_len)


def _full_name(name: bytes, strtab_len: int) -> None:
    if name[:1] != b"/":
        return
    digits = name[1:].split(b"\0", 1)[0]
    n = _atoi(digits)
    _string_at(n & 0xFFFFFFFF, strtab_len)


def _atoi(s: bytes) -> int:
    """strconv.Atoi for the short strings a section name holds."""
    body = s[1:] if s[:1] in (b"+", b"-") else s
    if not body or not body.isdigit() or not body.isascii():
        raise FormatError()
    return -int(body) if s[:1] == b"-" else int(body)


def _optional_header(r: ReaderAt, pos: int, size: int) -> tuple[int, int, int]:
    """Validate the optional header as readOptionalHeader does; return the image base
    and where the data directories are (file offset, count)."""
    if size == 0:
        return 0, 0, 0
    need(size >= 2)
    (magic,) = struct.unpack("<H", _read(r, 2, pos))
    if magic == 0x10B:
        min_size, base_fmt, base_off, count_off = 96, "<I", 28, 92
    elif magic == 0x20B:
        min_size, base_fmt, base_off, count_off = 112, "<Q", 24, 108
    else:
        raise FormatError()
    need(size >= min_size)
    hdr = _read(r, min_size, pos)
    (image_base,) = struct.unpack_from(base_fmt, hdr, base_off)
    (ndirs,) = struct.unpack_from("<I", hdr, count_off)
    need(size - min_size == ndirs * 8)
    need(_readable(r, pos + min_size, ndirs * 8))
    return int(image_base), pos + min_size, ndirs

