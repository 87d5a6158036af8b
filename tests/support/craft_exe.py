"""Minimal PE and Mach-O files carrying a Go build-info blob (see craft_elf for ELF).

Laid out from the formats' definitions (the PE/COFF specification, <mach-o/loader.h>)
with only what debug/pe and debug/macho read: gover must find the blob where
debug/buildinfo does — PE: the first section with exactly initialized-data|read|write
characteristics; Mach-O: the ``__go_buildinfo`` section, else the first read-write
segment — and refuse the files Go's ``NewFile`` refuses.  The real ``go version -m``
accepts these files (tests/integration/test_buildinfo_crafted_exe.py).
"""

from __future__ import annotations

import struct

DATA_RW = 0x00000040 | 0x40000000 | 0x80000000
TEXT_RX = 0x00000020 | 0x20000000 | 0x40000000
SECTION_VA = 0x1000


def pe(data: bytes, *, is64: bool = True, image_base: int | None = None,
       decoy: bool = True, symbols: tuple[int, int] | None = None,
       strtab: bytes | None = None, reloc: tuple[int, int] = (0, 0),
       opt_size_delta: int = 0) -> bytes:
    """A PE image whose ``.data`` section holds ``data``.

    ``decoy`` puts a read-only ``.rdata`` first (it must be passed over); ``symbols``
    (pointer, count) and ``strtab`` (its bytes, size field included) describe a COFF
    symbol table; ``reloc`` (pointer, count) the data section's relocations.
    """
    if image_base is None:
        image_base = 0x140000000 if is64 else 0x400000
    sections = []
    if decoy:
        sections.append((b".rdata", 0x40000040, b"\0" * 32))  # initialized data, read only
    sections.append((b".data", DATA_RW, data))
    ndirs = 16
    opt_min = 112 if is64 else 96
    opt_size = opt_min + ndirs * 8 + opt_size_delta
    pe_off = 0x40
    headers = pe_off + 4 + 20 + opt_size + 40 * len(sections)
    raw = (headers + 0x1FF) & ~0x1FF
    body = bytearray()
    table = bytearray()
    for i, (name, chars, content) in enumerate(sections):
        va = SECTION_VA * (i + 1)
        size = (len(content) + 0x1FF) & ~0x1FF
        ptr = raw + len(body)
        rptr, rcount = reloc if name == b".data" else (0, 0)
        table += struct.pack("<8sIIIIIIHHI", name, len(content), va, size, ptr, rptr, 0, rcount, 0, chars)
        body += content + b"\0" * (size - len(content))
    symptr, nsyms = symbols or (0, 0)
    machine = 0x8664 if is64 else 0x14C
    coff = struct.pack("<HHIIIHH", machine, len(sections), 0, symptr, nsyms, opt_size, 0x22)
    if is64:
        opt = struct.pack("<HBBIIIII", 0x20B, 14, 0, 0, 0, 0, 0, 0) + struct.pack("<Q", image_base)
    else:
        opt = struct.pack("<HBBIIIIII", 0x10B, 14, 0, 0, 0, 0, 0, 0, 0) + struct.pack("<I", image_base)
    opt = opt.ljust(opt_min - 4, b"\0") + struct.pack("<I", ndirs)
    opt = (opt + b"\0" * (ndirs * 8)).ljust(opt_size, b"\0")[:opt_size]
    dos = bytearray(b"MZ".ljust(pe_off, b"\0"))
    struct.pack_into("<I", dos, 0x3C, pe_off)
    head = bytes(dos) + b"PE\0\0" + coff + opt + bytes(table)
    out = head.ljust(raw, b"\0") + bytes(body)
    if strtab is not None:
        out += strtab
    return out


def macho(data: bytes, *, is64: bool = True, big: bool = False, section: bool = True,
          symtab: tuple[int, int, int, int] | None = None) -> bytes:
    """A Mach-O executable: ``__TEXT`` (read/execute) then ``__DATA`` (read/write) holding
    ``data``, in a ``__go_buildinfo`` section if ``section``.  ``symtab`` = (symoff,
    nsyms, stroff, strsize) adds an LC_SYMTAB."""
    bo = ">" if big else "<"
    magic = 0xFEEDFACF if is64 else 0xFEEDFACE
    cpu = (0x01000007 if is64 else 7) if not big else (0x01000012 if is64 else 18)
    hdr_size = 32 if is64 else 28
    seg_fmt = bo + ("II16sQQQQIIII" if is64 else "II16sIIIIIIII")
    sect_fmt = bo + ("16s16sQQIIIIIIII" if is64 else "16s16sIIIIIIIII")
    seg_size, sect_size = struct.calcsize(seg_fmt), struct.calcsize(sect_fmt)
    nsect = 1 if section else 0
    cmds_size = seg_size + seg_size + nsect * sect_size + (24 if symtab else 0)
    data_off = (hdr_size + cmds_size + 0xFFF) & ~0xFFF
    text_addr, data_addr = 0x100000000 if is64 else 0x1000, 0x100004000 if is64 else 0x4000
    text = struct.pack(seg_fmt, 0x19 if is64 else 0x1, seg_size, b"__TEXT", text_addr, 0x1000, 0,
                       data_off, 5, 5, 0, 0)
    dseg = struct.pack(seg_fmt, 0x19 if is64 else 0x1, seg_size + nsect * sect_size, b"__DATA",
                       data_addr, len(data), data_off, len(data), 3, 3, nsect, 0)
    if section:
        dseg += struct.pack(sect_fmt, b"__go_buildinfo", b"__DATA", data_addr, len(data), data_off,
                            4, 0, 0, 0, 0, 0, *([0] if is64 else []))
    cmds = text + dseg
    if symtab:
        cmds += struct.pack(bo + "6I", 0x2, 24, *symtab)
    head = struct.pack(bo + "7I", magic, cpu, 3, 2, 3 if symtab else 2, len(cmds), 0)
    if is64:
        head += b"\0\0\0\0"
    return (head + cmds).ljust(data_off, b"\0") + data


def fat(*images: tuple[int, int, bytes]) -> bytes:
    """A universal binary of (cputype, cpusubtype, image), each at a 4 KiB boundary."""
    out = bytearray(struct.pack(">II", 0xCAFEBABE, len(images)))
    off = 0x1000
    table, blobs = bytearray(), bytearray()
    for cpu, sub, img in images:
        table += struct.pack(">IIIII", cpu, sub, off + len(blobs), len(img), 12)
        blobs += img + b"\0" * (-len(img) % 0x1000)
    out += table
    return bytes(out.ljust(off, b"\0")) + bytes(blobs)


# --- the variants both the unit tests and the go oracle test read ------------------------------

TEXT = b"path\texample.com/cmd\nmod\texample.com/cmd\t(devel)\t\nbuild\tGOOS=windows\n"
UNRECOGNIZED = "unrecognized file format"
NOT_GO = "not a Go executable"


def blob(ptr_size: int = 8, big: bool = False) -> bytes:
    from tests.support.craft_elf import framed, inline_blob

    return inline_blob(b"go1.22.1", framed(TEXT), ptr_size=ptr_size, big=big)


def _coff_symbol(name_offset: int) -> bytes:
    """An 18-byte COFF symbol whose name lives in the string table at ``name_offset``."""
    return b"\0\0\0\0" + struct.pack("<I", name_offset) + b"\0" * 10


def _macho_with_symbol(name_index: int) -> bytes:
    end = len(macho(blob(), symtab=(0, 0, 0, 0)))  # the load commands have the same size
    symbol = struct.pack("<IBBHQ", name_index, 0, 0, 0, 0)  # nlist_64
    return macho(blob(), symtab=(end, 1, end + 16, 8)) + symbol + b"\0abcdef\0"


def _with_chars(image: bytes, chars: int) -> bytes:
    return image.replace(struct.pack("<I", DATA_RW), struct.pack("<I", chars), 1)


def variants() -> dict[str, tuple[bytes, str]]:
    """name → (file, the go version it reports or the error go gives)."""
    pe_end = len(pe(blob()))
    strtab = struct.pack("<I", 8) + b"abc\0"  # size field included
    return {
        "pe64": (pe(blob()), "go1.22.1"),
        "pe32": (pe(blob(4), is64=False), "go1.22.1"),
        "pe-data-first": (pe(blob(), decoy=False), "go1.22.1"),
        "pe-align-bits": (_with_chars(pe(blob(), decoy=False), DATA_RW | 0x600000), "go1.22.1"),
        "pe-rwx-data": (_with_chars(pe(blob(), decoy=False), DATA_RW | 0x20000000), NOT_GO),
        "pe-symbols": (pe(blob(), symbols=(pe_end, 1), strtab=_coff_symbol(4) + strtab), "go1.22.1"),
        "pe-symbol-name-outside": (pe(blob(), symbols=(pe_end, 1), strtab=_coff_symbol(40) + strtab),
                                   UNRECOGNIZED),
        "pe-symbols-past-eof": (pe(blob(), symbols=(pe_end + 100, 1)), UNRECOGNIZED),
        "pe-relocs-past-eof": (pe(blob(), reloc=(pe_end + 10, 2)), UNRECOGNIZED),
        "pe-optional-header-size": (pe(blob(), opt_size_delta=8), UNRECOGNIZED),
        "macho64": (macho(blob()), "go1.22.1"),
        "macho32-big-endian": (macho(blob(4, big=True), is64=False, big=True), "go1.22.1"),
        "macho-rw-segment": (macho(blob(), section=False), "go1.22.1"),
        "macho-symbol": (_macho_with_symbol(1), "go1.22.1"),
        "macho-symbol-name-outside": (_macho_with_symbol(50), UNRECOGNIZED),
        "macho-strtab-past-eof": (macho(blob(), symtab=(0, 0, 1 << 20, 10)), UNRECOGNIZED),
        "fat": (fat((0x01000007, 3, macho(blob())), (0x0100000C, 0, macho(blob()))), "go1.22.1"),
        "fat-same-cpu-twice": (fat((0x01000007, 3, macho(blob())), (0x01000007, 3, macho(blob()))),
                               UNRECOGNIZED),
    }
