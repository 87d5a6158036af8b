"""What every executable format gives the build-info search (debug/buildinfo's ``exe``).

A format parser validates the file exactly as Go's debug/elf, debug/macho or
debug/pe ``NewFile`` would (so the same files are "unrecognized"), then exposes
the region that should hold the build info and a way to read by address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gover.buildinfo.goio import ReaderAt, SectionReader, u64


class FormatError(Exception):
    """Go's ``NewFile`` would fail: ``go version -m`` says "unrecognized file format"."""


class Unmapped(Exception):
    """An address outside every segment: Go's DataReader returns errUnrecognizedFormat."""


@dataclass
class Region:
    """A segment or section: ``addr <= a <= addr+size-1`` (uint64) maps into ``reader``."""

    addr: int
    size: int
    reader: ReaderAt
    skip: bool = False  # Mach-O __PAGEZERO: matches, but the search moves on


@dataclass
class FileSection:
    """A section as the header table lists it: where its bytes are in the file."""

    name: str
    offset: int
    size: int  # bytes in the file: 0 for NOBITS / zero-fill sections
    addr: int = 0


@dataclass
class HeaderInfo:
    """What the file header says beyond the build info: the release checks read these.

    ``machine`` is e_machine, the Mach-O cputype or the PE machine; ``extra``
    holds format-specific raw values (ELF OSABI, program headers, Mach-O
    dylib names and platform, PE data directories) decoded by buildinfo.headers.
    """

    machine: int = 0
    sections: list[FileSection] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


class Exe:
    format = ""

    def __init__(self, regions: list[Region], data_start: tuple[int, int]) -> None:
        self.regions = regions
        self._data_start = data_start
        self.header = HeaderInfo()

    def data_start(self) -> tuple[int, int]:
        """Address and size of the section or segment that should hold the build info."""
        return self._data_start

    def data_reader(self, addr: int) -> SectionReader:
        """A reader from ``addr`` to the end of the region holding it."""
        for r in self.regions:
            if r.addr <= addr <= u64(r.addr + r.size - 1):
                if r.skip:
                    continue
                remaining = u64(r.addr + r.size - addr)
                return SectionReader(r.reader, u64(addr - r.addr), remaining)
        raise Unmapped()


def need(cond: bool) -> None:
    if not cond:
        raise FormatError()
