"""Everything a release check knows about one file, read from the file alone.

One open, one parse of the headers: the platform the header names, what the
loader must find at run time, and the embedded build info (Go version, modules,
build settings).  A file that cannot be read still yields Facts, with ``error``
saying why in one line — the verdict then fails with that reason.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Any

from gover.buildinfo import NotGoBinary, read_reader
from gover.buildinfo.exe import FileSection
from gover.buildinfo.goio import FileReader, os_strerror
from gover.buildinfo.headers import Linkage, Platform, linkage, platform
from gover.buildinfo.modinfo import BuildInfo

# Why a file has no verdict of its own.
MISSING, DIRECTORY, UNREADABLE, NOT_GO = "missing", "directory", "unreadable", "not-go"


@dataclass
class Facts:
    file: str
    format: str = ""  # "elf" | "macho" | "pe" | "" when the format is not recognized
    platform: Platform | None = None
    linkage: Linkage | None = None
    info: BuildInfo | None = None
    sections: list[FileSection] = field(default_factory=list)
    error: str = ""  # one line: why the build info (or the file) could not be read
    error_kind: str = ""

    def setting(self, key: str) -> str | None:
        return None if self.info is None else self.info.setting(key)

    @property
    def recorded_target(self) -> str:
        """``GOOS/GOARCH`` from the build settings, or "" when not recorded."""
        goos, goarch = self.setting("GOOS"), self.setting("GOARCH")
        return f"{goos}/{goarch}" if goos and goarch else ""

    def target(self) -> str:
        """The binary's target: recorded in the build info, else what the header allows."""
        if self.recorded_target:
            return self.recorded_target
        p = self.platform
        if p and p.goarch and len(p.goos) == 1:
            return f"{p.goos[0]}/{p.goarch}"
        return ""

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format or None,
                "platform": self.platform.to_json() if self.platform else None,
                "linkage": self.linkage.to_json() if self.linkage else None,
                "go_version": self.info.go_version if self.info else None,
                "target": self.target() or None}


def inspect(file: str) -> Facts:
    from gover.buildinfo.exe import FormatError
    from gover.buildinfo.goio import GoReadError
    from gover.buildinfo.raw import open_exe

    facts = Facts(file)
    try:
        st = os.stat(file)
    except OSError as e:
        return _failed(facts, MISSING if isinstance(e, FileNotFoundError) else UNREADABLE,
                       f"cannot read {file}: {os_strerror(e)}")
    if stat.S_ISDIR(st.st_mode):
        return _failed(facts, DIRECTORY, f"{file} is a directory: name the binaries in it (e.g. {file}/*)")
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block, /dev/zero never ends
        return _failed(facts, UNREADABLE, f"cannot read {file}: not a regular file")
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as e:
        return _failed(facts, UNREADABLE, f"cannot read {file}: {os_strerror(e)}")
    try:
        r = FileReader(fd)
        try:
            exe = open_exe(r)
        except FormatError:
            exe = None
        except GoReadError as e:
            return _failed(facts, UNREADABLE, f"cannot read {file}: {str(e).removeprefix('read: ')}")
        if exe is not None:
            facts.format = exe.format
            facts.sections = exe.header.sections
            try:
                facts.platform = platform(exe)
            except GoReadError:
                pass  # the build-info read below reports the I/O error
            facts.linkage = linkage(r, exe)
        try:
            facts.info = read_reader(r, file, exe)
        except NotGoBinary as e:
            kind = _looks_like(r) if exe is None else ""
            damaged = f" (the file starts like {kind} but is truncated or damaged)" if kind else ""
            _failed(facts, NOT_GO, f"no Go build info: {e.cause}{damaged}")
    finally:
        os.close(fd)
    return facts


def _looks_like(r: FileReader) -> str:
    head, _ = r.read_at(4, 0)
    if head == b"\x7fELF":
        return "an ELF executable"
    if head[:2] == b"MZ":
        return "a PE executable"
    if head in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xfe\xed\xfa\xce",
                b"\xca\xfe\xba\xbe"):
        return "a Mach-O executable"
    return ""


def _failed(facts: Facts, kind: str, message: str) -> Facts:
    facts.error, facts.error_kind = message, kind
    return facts
