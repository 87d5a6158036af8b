"""Platform and linkage facts from an executable's own headers (what ``file`` and ``ldd`` tell).

The format parsers (elf, macho, pe) keep the raw header values in ``Exe.header``;
this module decodes them: which GOARCH the machine field names, which GOOS the
file can be for, and what the loader must find at run time — the ELF
``PT_INTERP`` and ``DT_NEEDED`` entries, Mach-O ``LC_LOAD_DYLIB`` names, PE
import directory DLLs.  Nothing is executed and no system tool is asked.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

from gover.buildinfo.exe import Exe, Unmapped
from gover.buildinfo.goio import GoReadError, ReaderAt, read_data_at

# e_machine → GOARCH; for the two that depend on class and byte order, a function.
_ELF_MACHINES: dict[int, tuple[str, str]] = {
    3: ("EM_386", "386"), 62: ("EM_X86_64", "amd64"), 40: ("EM_ARM", "arm"),
    183: ("EM_AARCH64", "arm64"), 22: ("EM_S390", "s390x"), 243: ("EM_RISCV", "riscv64"),
    258: ("EM_LOONGARCH", "loong64"), 21: ("EM_PPC64", "ppc64"), 8: ("EM_MIPS", "mips"),
}
_OSABI = {0: "SYSV", 2: "NetBSD", 3: "GNU/Linux", 6: "Solaris", 9: "FreeBSD", 12: "OpenBSD"}
_OSABI_GOOS = {2: "netbsd", 3: "linux", 9: "freebsd", 12: "openbsd"}
# Go's linker leaves OSABI 0 for these; a static file can only be linux or dragonfly
# (android, illumos and solaris binaries always name their loader), a dynamic one
# is told apart by its PT_INTERP (checked with go1.25.5 builds for each GOOS).
_PLAIN_ELF_OS = ("linux", "android", "dragonfly", "illumos", "solaris")
_STATIC_ELF_OS = ("linux", "dragonfly")
_LINUX, _SUN = ("linux",), ("illumos", "solaris")
_INTERP_OS = (("/system/bin/linker", ("android",)), ("/usr/libexec/ld-elf.so", ("dragonfly",)),
              ("/lib/ld-linux", _LINUX), ("/lib64/ld-linux", _LINUX), ("/lib/ld64.so", _LINUX),
              ("/lib64/ld64.so", _LINUX), ("/lib/ld-musl", _LINUX), ("/lib/ld.so.1", _LINUX),
              ("/lib64/ld.so.1", _LINUX), ("/lib/amd64/ld.so.1", _SUN), ("/usr/lib/amd64/ld.so.1", _SUN))

_MACHO_CPUS = {7: "386", 0x01000007: "amd64", 12: "arm", 0x0100000C: "arm64"}
_MACHO_PLATFORMS = {1: "darwin", 2: "ios", 7: "ios"}  # macOS, iOS, iOS simulator

_PE_MACHINES = {0x8664: ("IMAGE_FILE_MACHINE_AMD64", "amd64"),
                0x14C: ("IMAGE_FILE_MACHINE_I386", "386"),
                0xAA64: ("IMAGE_FILE_MACHINE_ARM64", "arm64"),
                0x1C4: ("IMAGE_FILE_MACHINE_ARMNT", "arm")}

PT_DYNAMIC, PT_INTERP = 2, 3
DT_NULL, DT_NEEDED, DT_STRTAB = 0, 1, 5
_MAX_NAME = 4096
_MAX_ENTRIES = 1 << 16  # a corrupt table must not make the loop endless


@dataclass
class Platform:
    goarch: str  # "" when the machine is not one Go builds for
    goos: tuple[str, ...]  # every GOOS the header is consistent with
    detail: str  # what the header said, for messages: "ELF 64-bit LSB, EM_X86_64, OSABI 0 (SYSV)"
    slices: list[str] = field(default_factory=list)  # a fat Mach-O: every GOARCH inside

    def to_json(self) -> dict[str, Any]:
        return {"goarch": self.goarch or None, "goos": list(self.goos), "detail": self.detail,
                "slices": self.slices or None}


@dataclass
class Linkage:
    interpreter: str = ""  # ELF PT_INTERP
    libraries: list[str] = field(default_factory=list)  # DT_NEEDED / LC_LOAD_DYLIB / PE imports
    source: str = ""  # where the libraries were read: "ELF DT_NEEDED", "Mach-O LC_LOAD_DYLIB" …
    unreadable: bool = False  # the dynamic section or import table is damaged: assume dynamic

    @property
    def dynamic(self) -> bool:
        return bool(self.interpreter or self.libraries or self.unreadable)

    def to_json(self) -> dict[str, Any]:
        return {"dynamic": self.dynamic, "interpreter": self.interpreter or None,
                "libraries": self.libraries, "source": self.source, "unreadable": self.unreadable}


def platform(x: Exe) -> Platform:
    h = x.header
    if x.format == "elf":
        return _elf_platform(x)
    if x.format == "macho":
        arch = _MACHO_CPUS.get(h.machine, "")
        goos = _MACHO_PLATFORMS.get(h.extra.get("platform", 0))
        slices = [_MACHO_CPUS.get(c, f"cputype {c:#x}") for c, _ in h.extra.get("slices", [])]
        detail = f"Mach-O cputype {h.machine:#x}" + (f", fat file with {len(slices)} slices"
                                                     if len(slices) > 1 else "")
        return Platform(arch, (goos,) if goos else ("darwin", "ios"), detail,
                        slices if len(slices) > 1 else [])
    name, arch = _PE_MACHINES.get(h.machine, (f"machine {h.machine:#x}", ""))
    return Platform(arch, ("windows",), f"PE {name}")


def _elf_platform(x: Exe) -> Platform:
    h = x.header
    cls, big, osabi = h.extra["class"], h.extra["big"], h.extra["osabi"]
    name, arch = _ELF_MACHINES.get(h.machine, (f"e_machine {h.machine}", ""))
    if arch == "ppc64" and not big:
        arch = "ppc64le"
    elif arch == "mips":
        arch = ("mips64" if cls == 2 else "mips") + ("" if big else "le")
    detail = f"ELF {32 * cls}-bit {'MSB' if big else 'LSB'}, {name}, OSABI {osabi} ({_OSABI.get(osabi, '?')})"
    goos: tuple[str, ...]
    if osabi in _OSABI_GOOS:
        goos = (_OSABI_GOOS[osabi],)
    else:
        interp = elf_interpreter(x)
        goos = _STATIC_ELF_OS if not interp else next(
            (oses for prefix, oses in _INTERP_OS if interp.startswith(prefix)), _PLAIN_ELF_OS)
    return Platform(arch, goos, detail)


def linkage(r: ReaderAt, x: Exe) -> Linkage:
    try:
        if x.format == "elf":
            return Linkage(elf_interpreter(x), _elf_needed(x), "ELF PT_INTERP/DT_NEEDED")
        if x.format == "macho":
            return Linkage("", list(x.header.extra.get("dylibs", [])), "Mach-O LC_LOAD_DYLIB")
        return Linkage("", _pe_imports(r, x), "PE import directory")
    except (GoReadError, Unmapped, struct.error):
        return Linkage("", [], f"the {x.format.upper()} dynamic-linking tables", unreadable=True)


def _cstr(data: bytes) -> str:
    return data.split(b"\0", 1)[0].decode("utf-8", "replace")


def elf_interpreter(x: Exe) -> str:
    for reg, typ, _, _ in x.header.extra["progs"]:
        if typ == PT_INTERP:
            data, _ = reg.reader.read_at(min(reg.size, _MAX_NAME), 0)
            return _cstr(data)
    return ""


def _elf_needed(x: Exe) -> list[str]:
    extra = x.header.extra
    dyn = next((reg for reg, typ, _, _ in extra["progs"] if typ == PT_DYNAMIC), None)
    if dyn is None:
        return []
    is64, bo = extra["class"] == 2, ">" if extra["big"] else "<"
    ent = 16 if is64 else 8
    data, _ = dyn.reader.read_at(min(dyn.size, ent * _MAX_ENTRIES), 0)
    fmt = bo + ("qQ" if is64 else "iI")
    needed: list[int] = []
    strtab = None
    for tag, val in struct.iter_unpack(fmt, data[:len(data) - len(data) % ent]):
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            needed.append(val)
        elif tag == DT_STRTAB:
            strtab = val
    if strtab is None:
        return []
    return [_cstr(x.data_reader(strtab + off).read_at(_MAX_NAME, 0)[0]) for off in needed]


def _pe_imports(r: ReaderAt, x: Exe) -> list[str]:
    extra = x.header.extra
    if extra["ndirs"] < 2:
        return []
    d = read_data_at(r, 8, extra["dirs_off"] + 8)  # directory 1: the import table
    if d is None:
        return []
    rva, size = struct.unpack("<II", d)
    if rva == 0:
        return []
    layout = extra["layout"]
    names: list[str] = []
    for i in range(_MAX_ENTRIES):
        desc = _pe_read(r, layout, rva + 20 * i, 20)
        if desc is None or desc == b"\0" * 20:
            break
        name = _pe_read(r, layout, struct.unpack_from("<I", desc, 12)[0], 256)
        if name is not None:
            names.append(_cstr(name))
    return names


def _pe_read(r: ReaderAt, layout: list[tuple[int, int, int, int]], rva: int, n: int) -> bytes | None:
    """Up to ``n`` bytes at a relative virtual address, from the section holding it."""
    for va, vsize, ptr, raw_size in layout:
        if va <= rva < va + max(vsize, raw_size) and ptr:
            off = rva - va
            if off >= raw_size:
                return None
            data, _ = r.read_at(min(n, raw_size - off), ptr + off)
            return data
    return None
