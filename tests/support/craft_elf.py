"""Minimal ELF files carrying a Go build-info blob, for layouts no toolchain here writes.

Go 1.18+ writes the version and module text inline after the 32-byte header;
older linkers (which no test toolchain here is) wrote two pointers to Go string
headers ``{data, len}`` instead.  These builders lay both out exactly as
debug/buildinfo reads them, so the real ``go version -m`` can be the oracle for
gover on the pointer layout, on arbitrary module text (quoting), and on 32-bit
big-endian files.
"""

from __future__ import annotations

import struct

MAGIC = b"\xff Go buildinf:"
INFO_START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")
INFO_END = bytes.fromhex("f932433186182072008242104116d8f2")
DATA_VADDR = 0x10000
RODATA_VADDR = 0x40000


def framed(modinfo: bytes) -> bytes:
    """Module text as cmd/go embeds it: between its two 16-byte sentinels."""
    return INFO_START + modinfo + INFO_END if modinfo else b""


def _uvarint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def inline_blob(version: bytes, mod: bytes, *, ptr_size: int = 8, big: bool = False) -> bytes:
    head = MAGIC + bytes([ptr_size, 0x2 | int(big)]) + b"\0" * 16
    return head + _uvarint(len(version)) + version + _uvarint(len(mod)) + mod


def pointer_layout(version: bytes, mod: bytes, *, is64: bool, big: bool) -> tuple[bytes, bytes]:
    """(.go.buildinfo data, read-only data): the header points at string headers in the
    data segment, whose data pointers point into the read-only segment."""
    p = 8 if is64 else 4
    bo = ">" if big else "<"
    ptr = bo + ("Q" if is64 else "I")
    rodata = version + mod
    vers_hdr = DATA_VADDR + 32
    mod_hdr = vers_hdr + 2 * p
    data = bytearray(MAGIC + bytes([p, int(big)]))
    data += struct.pack(ptr, vers_hdr) + struct.pack(ptr, mod_hdr)
    data += b"\0" * (32 - len(data))
    data += struct.pack(ptr, RODATA_VADDR) + struct.pack(ptr, len(version))
    data += struct.pack(ptr, RODATA_VADDR + len(version)) + struct.pack(ptr, len(mod))
    return bytes(data), rodata


def elf(data: bytes, rodata: bytes = b"", *, is64: bool = True, big: bool = False,
        with_section: bool = True, machine: int = 62) -> bytes:
    """An ELF executable: a writable PT_LOAD holding ``data`` at DATA_VADDR (the
    ``.go.buildinfo`` section, unless ``with_section`` is False: then Go finds it
    as the first writable segment) and a read-only PT_LOAD with ``rodata``."""
    bo = ">" if big else "<"
    ehsize, phentsize, shentsize = (64, 56, 64) if is64 else (52, 32, 40)
    phnum = 2
    data_off = 0x100
    ro_off = data_off + ((len(data) + 15) & ~15)
    shstrtab = b"\0.go.buildinfo\0.shstrtab\0"
    str_off = ro_off + ((len(rodata) + 15) & ~15)
    sh_off = str_off + ((len(shstrtab) + 15) & ~15)
    sections = [(0, 0, 0, 0, 0, 0)]  # name, type, flags, addr, offset, size
    if with_section:
        sections.append((1, 1, 0x3, DATA_VADDR, data_off, len(data)))  # PROGBITS, WA
    sections.append((15, 3, 0, 0, str_off, len(shstrtab)))  # STRTAB
    shnum = len(sections)
    ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if big else 1, 1]) + b"\0" * 9
    if is64:
        hdr = ident + struct.pack(bo + "HHIQQQIHHHHHH", 2, machine, 1, 0, ehsize, sh_off, 0,
                                  ehsize, phentsize, phnum, shentsize, shnum, shnum - 1)
        ph = struct.pack(bo + "IIQQQQQQ", 1, 6, data_off, DATA_VADDR, DATA_VADDR, len(data),
                         len(data), 0x1000)
        ph += struct.pack(bo + "IIQQQQQQ", 1, 4, ro_off, RODATA_VADDR, RODATA_VADDR, len(rodata),
                          len(rodata), 0x1000)
    else:
        hdr = ident + struct.pack(bo + "HHIIIIIHHHHHH", 2, machine, 1, 0, ehsize, sh_off, 0,
                                  ehsize, phentsize, phnum, shentsize, shnum, shnum - 1)
        ph = struct.pack(bo + "IIIIIIII", 1, data_off, DATA_VADDR, DATA_VADDR, len(data),
                         len(data), 6, 0x1000)
        ph += struct.pack(bo + "IIIIIIII", 1, ro_off, RODATA_VADDR, RODATA_VADDR, len(rodata),
                          len(rodata), 4, 0x1000)
    out = bytearray(hdr + ph)
    out += b"\0" * (data_off - len(out)) + data
    out += b"\0" * (ro_off - len(out)) + rodata
    out += b"\0" * (str_off - len(out)) + shstrtab
    out += b"\0" * (sh_off - len(out))
    for name, typ, flags, addr, off, size in sections:
        if is64:
            out += struct.pack(bo + "IIQQQQIIQQ", name, typ, flags, addr, off, size, 0, 0, 1, 0)
        else:
            out += struct.pack(bo + "IIIIIIIIII", name, typ, flags, addr, off, size, 0, 0, 1, 0)
    return bytes(out)


def pointer_elf(version: bytes, modinfo: bytes, *, is64: bool = True, big: bool = False,
                with_section: bool = True) -> bytes:
    data, rodata = pointer_layout(version, framed(modinfo), is64=is64, big=big)
    return elf(data, rodata, is64=is64, big=big, with_section=with_section,
               machine=(8 if big else 3) if not is64 else (43 if big else 62))


def inline_elf(version: bytes, modinfo: bytes, *, raw_mod: bytes | None = None) -> bytes:
    """A Go 1.18+ style ELF; ``raw_mod`` replaces the framed module text verbatim."""
    mod = framed(modinfo) if raw_mod is None else raw_mod
    return elf(inline_blob(version, mod))


def linked_elf(version: bytes, modinfo: bytes, *, interp: bytes = b"", needed: tuple[bytes, ...] = (),
               machine: int = 62, osabi: int = 0, big: bool = False,
               extra_sections: tuple[str, ...] = ()) -> bytes:
    """A 64-bit ELF with build info and, optionally, a PT_INTERP loader path and DT_NEEDED
    libraries (through PT_DYNAMIC and a DT_STRTAB in a read-only PT_LOAD), plus empty
    named sections such as ``.note.netbsd.ident``."""
    bo = ">" if big else "<"
    data = inline_blob(version, framed(modinfo), big=big)
    dynstr = b"\0" + b"".join(n + b"\0" for n in needed)
    offs, pos = [], 1
    for n in needed:
        offs.append(pos)
        pos += len(n) + 1
    ro_vaddr = RODATA_VADDR
    dyn_vaddr = ro_vaddr + ((len(dynstr) + 15) & ~15)
    dynamic = b"".join(struct.pack(bo + "qQ", 1, o) for o in offs)
    dynamic += struct.pack(bo + "qQ", 5, ro_vaddr) + struct.pack(bo + "qQ", 0, 0)
    ro = dynstr + b"\0" * (dyn_vaddr - ro_vaddr - len(dynstr)) + dynamic
    names = [".go.buildinfo", ".shstrtab", *extra_sections]
    shstrtab = b"\0" + b"".join(n.encode() + b"\0" for n in names)
    name_off = {n: shstrtab.index(b"\0" + n.encode() + b"\0") + 1 for n in names}
    data_off = 0x200
    interp_off = data_off + ((len(data) + 15) & ~15)
    ro_off = interp_off + ((len(interp) + 1 + 15) & ~15)
    str_off = ro_off + ((len(ro) + 15) & ~15)
    sh_off = str_off + ((len(shstrtab) + 15) & ~15)
    progs = [(1, 6, data_off, DATA_VADDR, len(data))]
    if interp:
        progs.append((3, 4, interp_off, 0x30000, len(interp) + 1))
    if needed:
        progs.append((1, 4, ro_off, ro_vaddr, len(ro)))
        progs.append((2, 6, ro_off + (dyn_vaddr - ro_vaddr), dyn_vaddr, len(dynamic)))
    sections = [(0, 0, 0, 0, 0, 0), (name_off[".go.buildinfo"], 1, 0x3, DATA_VADDR, data_off, len(data)),
                (name_off[".shstrtab"], 3, 0, 0, str_off, len(shstrtab))]
    sections += [(name_off[n], 7, 0x2, 0, str_off, 0) for n in extra_sections]
    ident = b"\x7fELF" + bytes([2, 2 if big else 1, 1, osabi]) + b"\0" * 8
    hdr = ident + struct.pack(bo + "HHIQQQIHHHHHH", 2, machine, 1, 0, 64, sh_off, 0, 64, 56,
                              len(progs), 64, len(sections), 2)
    out = bytearray(hdr)
    for typ, flags, off, vaddr, size in progs:
        out += struct.pack(bo + "IIQQQQQQ", typ, flags, off, vaddr, vaddr, size, size, 0x1000)
    out += b"\0" * (data_off - len(out)) + data
    out += b"\0" * (interp_off - len(out)) + (interp + b"\0" if interp else b"")
    out += b"\0" * (ro_off - len(out)) + (ro if needed else b"")
    out += b"\0" * (str_off - len(out)) + shstrtab
    out += b"\0" * (sh_off - len(out))
    for name, typ, flags, addr, off, size in sections:
        out += struct.pack(bo + "IIQQQQIIQQ", name, typ, flags, addr, off, size, 0, 0, 1, 0)
    return bytes(out)
