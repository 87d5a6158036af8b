"""Read the Go version and module info embedded in Go binaries, in pure Python.

``read_file`` is debug/buildinfo.ReadFile: it understands ELF, Mach-O (and fat
files) and PE, 32 and 64-bit, either byte order, both the Go 1.18+ inline
layout and the older pointer layout, and fails with Go's own error text.  Only
headers and the few bytes of the build-info blob are read, never whole sections.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from gover.buildinfo.goio import BytesReader, FileReader, ReaderAt, os_strerror
from gover.buildinfo.modinfo import BuildInfo, Module, ParseError, parse_build_info
from gover.errors import GoverError

if TYPE_CHECKING:
    from gover.buildinfo.exe import Exe

__all__ = ["BuildInfo", "Module", "NotGoBinary", "read_file", "read_bytes", "version_m_text"]


class NotGoBinary(GoverError):
    """A file whose build info cannot be read; the message is Go's (``could not read Go build info …``)."""

    def __init__(self, message: str, *, file: str, cause: str, open_failed: bool = False) -> None:
        super().__init__(message)
        self.file = file
        self.cause = cause
        self.open_failed = open_failed


def read_file(name: str) -> BuildInfo:
    """debug/buildinfo.ReadFile(name)."""
    try:
        # O_NONBLOCK: a FIFO named here must not hang the scan (it reads as empty)
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as e:
        cause = f"open {name}: {os_strerror(e)}"
        raise NotGoBinary(f"could not read Go build info: {cause}", file=name, cause=cause,
                          open_failed=True) from None
    try:
        return _read(FileReader(fd), name)
    finally:
        os.close(fd)


def read_bytes(data: bytes, name: str = "<bytes>") -> BuildInfo:
    """The same, for a binary already in memory."""
    return _read(BytesReader(data), name)


def read_reader(r: ReaderAt, name: str, exe: Exe | None = None) -> BuildInfo:
    """The same, from a reader (and the file as :func:`raw.open_exe` parsed it, if at hand)."""
    return _read(r, name, exe)


def _read(r: ReaderAt, name: str, exe: Exe | None = None) -> BuildInfo:
    from gover.buildinfo.raw import RawError, read_raw

    try:
        vers, mod = read_raw(r, exe)
        bi = parse_build_info(mod.decode("utf-8", "surrogateescape"))
    except (RawError, ParseError) as e:
        raise NotGoBinary(f"could not read Go build info from {name}: {e}", file=name,
                          cause=str(e)) from None
    bi.go_version = vers.decode("utf-8", "surrogateescape")
    return bi


def version_m_text(file: str, bi: BuildInfo) -> str:
    """What ``go version -m FILE`` prints for a Go binary (ends with a newline)."""
    head = f"{file}: {bi.go_version}\n"
    mod = BuildInfo(path=bi.path, main=bi.main, deps=bi.deps, settings=bi.settings).string()
    if not mod:
        return head
    return head + "\t" + mod[:-1].replace("\n", "\n\t") + "\n"
