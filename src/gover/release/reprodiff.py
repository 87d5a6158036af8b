"""Where two builds of the same package differ: sections, the build-info blob, the build ID.

The Go build ID (ELF note ``.note.go.buildid``; the ``\\xff Go build ID: "…"`` string
at the start of the text on Mach-O and PE) hashes the link's inputs and output,
so it differs whenever anything does.  It is compared on its own and masked
before the sections are, so the first differing section is where the content
really changed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.buildinfo.exe import FileSection
from gover.release.facts import Facts, inspect

_ID_MAGIC = b'\xff Go build ID: "'
_GNU_NOTE = ".note.gnu.build-id"
_BLOB = "the build-info blob"
_ROLES = {".note.go.buildid": "the Go build ID", _GNU_NOTE: "the GNU build ID", ".go.buildinfo": _BLOB,
          "__DATA,__go_buildinfo": _BLOB, "__DATA_CONST,__go_buildinfo": _BLOB}


@dataclass
class SectionDiff:
    name: str
    offset: int
    size_a: int | None  # None: absent from that build
    size_b: int | None

    @property
    def role(self) -> str:
        if self.name in _ROLES:
            return _ROLES[self.name]
        if "debug" in self.name:
            return "debug info (DWARF)"
        return ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role or None, "offset": self.offset,
                "size_a": self.size_a, "size_b": self.size_b}


@dataclass
class Differences:
    sections: list[SectionDiff] = field(default_factory=list)  # in file order of the first build
    build_id: tuple[str, str] | None = None  # when the Go build IDs differ
    build_info: list[str] = field(default_factory=list)  # lines of the build info that differ
    outside_sections: bool = False  # bytes differ only in headers or padding
    contents: tuple[bytes, bytes] = (b"", b"")  # the two files, for the cause search
    layouts: tuple[list[FileSection], list[FileSection]] = ([], [])

    @property
    def first(self) -> SectionDiff | None:
        return self.sections[0] if self.sections else None

    def to_json(self) -> dict[str, Any]:
        first = self.first
        return {"first_section": first.name if first else None,
                "sections": [s.to_json() for s in self.sections],
                "build_id": list(self.build_id) if self.build_id else None,
                "build_info": self.build_info, "outside_sections": self.outside_sections}


def _note_desc(facts: Facts, data: bytes, name: str) -> tuple[int, int, str] | None:
    """(offset, length, text) of the descriptor of the ELF note in section ``name``."""
    s = next((s for s in facts.sections if s.name == name), None)
    if s is None or s.size < 16:
        return None
    bo = "<" if data[5] == 1 else ">"
    namesz, descsz, _ = struct.unpack_from(bo + "III", data, s.offset)
    start = s.offset + 12 + ((namesz + 3) & ~3)
    return start, descsz, data[start:start + descsz].hex() if name == _GNU_NOTE else \
        data[start:start + descsz].decode("ascii", "replace")


def build_id(facts: Facts, data: bytes) -> tuple[int, int, str] | None:
    """(offset, length, text) of the Go build ID in the file."""
    if facts.format == "elf":
        return _note_desc(facts, data, ".note.go.buildid")
    i = data.find(_ID_MAGIC, 0, 1 << 16)
    if i < 0:
        return None
    start = i + len(_ID_MAGIC)
    end = data.find(b'"', start, start + 256)
    return (start, end - start, data[start:end].decode("ascii", "replace")) if end > 0 else None


def _mask(data: bytes, *ids: tuple[int, int, str] | None) -> bytes:
    for bid in ids:
        if bid is not None:
            off, n, _ = bid
            data = data[:off] + b"\0" * n + data[off + n:]
    return data


def compare(a: Path, b: Path) -> Differences:
    fa, fb = inspect(str(a)), inspect(str(b))
    da, db = a.read_bytes(), b.read_bytes()
    d = Differences(contents=(da, db), layouts=(fa.sections, fb.sections))
    ida, idb = build_id(fa, da), build_id(fb, db)
    if ida and idb and ida[2] != idb[2]:
        d.build_id = (ida[2], idb[2])
    # The GNU build ID the linker writes on ELF is a hash of the Go one.
    ma = _mask(da, ida, _note_desc(fa, da, _GNU_NOTE) if fa.format == "elf" else None)
    mb = _mask(db, idb, _note_desc(fb, db, _GNU_NOTE) if fb.format == "elf" else None)
    by_name = _named(fb.sections)
    seen = set()
    for key, s in sorted(_named(fa.sections).items(), key=lambda kv: kv[1].offset):
        seen.add(key)
        t = by_name.get(key)
        if t is None:
            d.sections.append(SectionDiff(key[0], s.offset, s.size, None))
        elif s.size != t.size or ma[s.offset:s.offset + s.size] != mb[t.offset:t.offset + t.size]:
            d.sections.append(SectionDiff(key[0], s.offset, s.size, t.size))
    for key, t in by_name.items():
        if key not in seen:
            d.sections.append(SectionDiff(key[0], t.offset, None, t.size))
    if fa.info and fb.info:
        la, lb = fa.info.string().splitlines(), fb.info.string().splitlines()
        d.build_info = [f"- {x}" for x in la if x not in lb] + [f"+ {x}" for x in lb if x not in la]
    d.outside_sections = not d.sections and ma != mb
    return d


def _named(sections: list[FileSection]) -> dict[tuple[str, int], FileSection]:
    """Sections keyed by (name, occurrence), skipping the unnamed null section."""
    out: dict[tuple[str, int], FileSection] = {}
    count: dict[str, int] = {}
    for s in sections:
        if not s.name and not s.size:
            continue
        n = count.get(s.name, 0)
        count[s.name] = n + 1
        out[(s.name, n)] = s
    return out
