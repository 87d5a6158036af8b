"""Mach-O (32/64-bit, either byte order) and fat/universal files, validated as debug/macho does.

NewFile reads every load command and checks the symbol tables and relocation
ranges they point at; gover checks the same things while streaming the
symbol table in blocks instead of loading it.
"""

from __future__ import annotations

import array
import struct
import sys
from typing import Any

from gover.buildinfo.exe import Exe, FileSection, FormatError, HeaderInfo, Region, need
from gover.buildinfo.goio import MAXINT64, ReaderAt, SectionReader, i64, read_data_at

MAGIC32, MAGIC64, MAGIC_FAT = 0xFEEDFACE, 0xFEEDFACF, 0xCAFEBABE
LC_SEGMENT, LC_SYMTAB, LC_DYSYMTAB, LC_DYLIB, LC_SEGMENT64, LC_RPATH = (
    0x1, 0x2, 0xB, 0xC, 0x19, 0x8000001C)
# Other commands naming a dylib to load (weak, lazy, re-export, upward): not
# validated by Go, only recorded for the linkage facts.
_OTHER_DYLIBS = {0x80000018, 0x20, 0x8000001F, 0x80000023}
LC_VERSION_MIN_MACOSX, LC_VERSION_MIN_IPHONEOS, LC_BUILD_VERSION = 0x24, 0x25, 0x32
_ZEROFILL = {0x1, 0xC, 0x12}  # section types with no bytes in the file
_SYM_BATCH = 4096


class _File:
    def __init__(self) -> None:
        self.segments: list[tuple[Region, int, int, int, int]] = []  # region, memsz, prot, maxprot, filesz
        self.sections: list[tuple[bytes, int, int]] = []  # name, addr, size
        self.nsyms: int | None = None
        self.type = 0
        self.cputype = 0
        self.cpusubtype = 0
        self.dylibs: list[str] = []
        self.platform = 0  # LC_BUILD_VERSION platform (1 macOS, 2 iOS …); 0 when absent
        self.file_sections: list[FileSection] = []


def parse(r: ReaderAt) -> Exe:
    return _exe(_parse(r))


def _exe(f: _File) -> Exe:
    data_start = (0, 0)
    for name, addr, size in f.sections:
        if name == b"__go_buildinfo":
            data_start = (addr, size)
            break
    else:
        for reg, memsz, prot, maxprot, filesz in f.segments:
            if reg.addr != 0 and filesz != 0 and prot == 3 and maxprot == 3:
                data_start = (reg.addr, memsz)
                break
    exe = Exe([s[0] for s in f.segments], data_start)
    exe.format = "macho"
    exe.header = HeaderInfo(f.cputype, f.file_sections,
                            {"cpusubtype": f.cpusubtype, "dylibs": f.dylibs, "platform": f.platform,
                             "slices": [(f.cputype, f.cpusubtype)]})
    return exe


def parse_fat(r: ReaderAt) -> Exe:
    """A universal binary: every image must parse; the first one is searched (as Go does)."""
    head = read_data_at(r, 8, 0)
    need(head is not None)
    assert head is not None
    magic, narch = struct.unpack(">II", head)
    need(magic == MAGIC_FAT and narch >= 1)
    first: Exe | None = None
    seen: set[tuple[int, int]] = set()
    slices: list[tuple[int, int]] = []
    mtype = 0
    for i in range(narch):
        fa = read_data_at(r, 20, 8 + 20 * i)
        need(fa is not None)
        assert fa is not None
        cpu, subcpu, off, size, _ = struct.unpack(">IIIII", fa)
        sub = SectionReader(r, off, size)
        f = _parse(sub)
        need((cpu, subcpu) not in seen)
        seen.add((cpu, subcpu))
        slices.append((cpu, subcpu))
        if i == 0:
            mtype = f.type
            first = _exe(f)
        else:
            need(f.type == mtype)
    assert first is not None
    first.header.extra["slices"] = slices
    return first


def _parse(r: ReaderAt) -> _File:
    ident = read_data_at(r, 4, 0)
    need(ident is not None)
    assert ident is not None
    be, le = struct.unpack(">I", ident)[0], struct.unpack("<I", ident)[0]
    if be & ~1 == MAGIC32 & ~1:
        bo, magic = ">", be
    elif le & ~1 == MAGIC32 & ~1:
        bo, magic = "<", le
    else:
        raise FormatError()
    hdr = read_data_at(r, 28, 0)
    need(hdr is not None)
    assert hdr is not None
    _, cputype, cpusubtype, ftype, ncmd, cmdsz, _ = struct.unpack(bo + "7I", hdr)
    offset = 32 if magic == MAGIC64 else 28
    dat = read_data_at(r, cmdsz, offset)
    need(dat is not None)
    assert dat is not None
    f = _File()
    f.type = ftype
    f.cputype, f.cpusubtype = cputype, cpusubtype
    for _ in range(ncmd):
        need(len(dat) >= 8)
        cmd, siz = struct.unpack_from(bo + "II", dat)
        need(8 <= siz <= len(dat))
        cmddat, dat = dat[:siz], dat[siz:]
        _load_command(r, f, bo, magic, cmd, cmddat)
    return f


def _unpack(fmt: str, data: bytes, off: int = 0) -> tuple[Any, ...]:
    need(len(data) >= off + struct.calcsize(fmt))
    return struct.unpack_from(fmt, data, off)


def _load_command(r: ReaderAt, f: _File, bo: str, magic: int, cmd: int, cmddat: bytes) -> None:
    if cmd == LC_RPATH:
        (path,) = _unpack(bo + "I", cmddat, 8)
        need(path < len(cmddat))
    elif cmd == LC_DYLIB:
        _unpack(bo + "6I", cmddat)
        (name,) = _unpack(bo + "I", cmddat, 8)
        need(name < len(cmddat))
        f.dylibs.append(_cstring(cmddat[name:]).decode("utf-8", "replace"))
    elif cmd in _OTHER_DYLIBS and len(cmddat) >= 12:
        (name,) = struct.unpack_from(bo + "I", cmddat, 8)
        if name < len(cmddat):
            f.dylibs.append(_cstring(cmddat[name:]).decode("utf-8", "replace"))
    elif cmd == LC_BUILD_VERSION and len(cmddat) >= 12:
        (f.platform,) = struct.unpack_from(bo + "I", cmddat, 8)
    elif cmd in (LC_VERSION_MIN_MACOSX, LC_VERSION_MIN_IPHONEOS) and not f.platform:
        f.platform = 1 if cmd == LC_VERSION_MIN_MACOSX else 2
    elif cmd == LC_SYMTAB:
        _, _, symoff, nsyms, stroff, strsize = _unpack(bo + "6I", cmddat)
        need(_readable(r, stroff, strsize))
        symsz = 16 if magic == MAGIC64 else 12
        _check_symbols(r, symoff, nsyms, symsz, strsize, bo)
        f.nsyms = nsyms
    elif cmd == LC_DYSYMTAB:
        fields = _unpack(bo + "20I", cmddat)
        iundef, nundef, indoff, nind = fields[6], fields[7], fields[14], fields[15]
        need(f.nsyms is not None)
        assert f.nsyms is not None
        need(iundef <= f.nsyms and (iundef + nundef) & 0xFFFFFFFF <= f.nsyms)
        need(_readable(r, indoff, nind * 4))
    elif cmd in (LC_SEGMENT, LC_SEGMENT64):
        _segment(r, f, bo, cmd == LC_SEGMENT64, cmddat)


def _segment(r: ReaderAt, f: _File, bo: str, is64: bool, cmddat: bytes) -> None:
    if is64:
        seg = _unpack(bo + "II16sQQQQIIII", cmddat)
        sect_fmt, pos = bo + "16s16sQQIIIIIIII", 72
    else:
        seg = _unpack(bo + "II16sIIIIIIII", cmddat)
        sect_fmt, pos = bo + "16s16sIIIIIIIII", 56
    _, _, segname, addr, memsz, off, filesz, maxprot, prot, nsect, _ = seg
    step = struct.calcsize(sect_fmt)
    for _ in range(nsect):
        name, seg, saddr, ssize, soff, _, reloff, nreloc, sflags, *_ = _unpack(sect_fmt, cmddat, pos)
        pos += step
        f.sections.append((_cstring(name), saddr, ssize))
        label = (_cstring(seg) + b"," + _cstring(name)).decode("utf-8", "replace")
        f.file_sections.append(FileSection(label, soff, 0 if sflags & 0xFF in _ZEROFILL else ssize, saddr))
        if nreloc > 0:
            need(_readable(r, reloff, nreloc * 8))
    need(i64(off) >= 0 and i64(filesz) >= 0)
    reg = Region(addr, filesz, SectionReader(r, off, filesz), skip=_cstring(segname) == b"__PAGEZERO")
    f.segments.append((reg, memsz, prot, maxprot, filesz))


def _check_symbols(r: ReaderAt, symoff: int, nsyms: int, symsz: int, strsize: int, bo: str) -> None:
    """Every symbol's name index must fall inside the string table (Go loads them all)."""
    need(_readable(r, symoff, nsyms * symsz))
    for start in range(0, nsyms, _SYM_BATCH):
        n = min(_SYM_BATCH, nsyms - start)
        block = read_data_at(r, n * symsz, symoff + start * symsz)
        need(block is not None)
        assert block is not None
        names = array.array("I", block)
        if (bo == "<") != (sys.byteorder == "little"):
            names.byteswap()
        need(max(names[::symsz // 4], default=0) < strsize)


def _readable(r: ReaderAt, off: int, n: int) -> bool:
    """Whether ``saferio.ReadDataAt(r, n, off)`` would succeed, without loading the bytes."""
    if n > MAXINT64:
        return False
    if n == 0:
        return True
    return read_data_at(r, 1, off + n - 1) is not None


def _cstring(b: bytes) -> bytes:
    i = b.find(b"\0")
    return b if i < 0 else b[:i]
