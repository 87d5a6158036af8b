"""Module zips as Go bounds them, and their h1: taken from the zip before extraction."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from gover.errors import ArchiveError
from gover.gomod.dirhash import hash_zip
from gover.toolchain.sources.modzip import MAX_GO_MOD, MAX_ZIP_FILE, hash_module_zip

PREFIX = "example.com/m@v1.0.0/"


def write(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def declare(path: Path, member: str, size: int) -> None:
    """Make the central directory claim ``size`` uncompressed bytes for ``member`` (a liar)."""
    raw = bytearray(path.read_bytes())
    name = member.encode()
    at = raw.index(b"PK\x01\x02")
    while raw[at + 46:at + 46 + len(name)] != name:
        at = raw.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", raw, at + 24, size)
    path.write_bytes(bytes(raw))


def test_the_h1_is_go_s_hash_zip(tmp_path: Path) -> None:
    z = write(tmp_path / "m.zip", {PREFIX + "go.mod": b"module example.com/m\n",
                                    PREFIX + "a/b.go": b"package a\n", PREFIX + "empty/": b""})
    assert hash_module_zip(z, PREFIX) == hash_zip(z) == hash_module_zip(z, PREFIX, jobs=1)


@pytest.mark.parametrize(("members", "lie", "why"), [
    ({PREFIX + "big": b"x"}, (PREFIX + "big", MAX_ZIP_FILE + 1),
     f"example.com/m@v1.0.0: total uncompressed size of module contents too large (max size is "
     f"{MAX_ZIP_FILE} bytes)"),
    ({PREFIX + "go.mod": b"module m\n"}, (PREFIX + "go.mod", MAX_GO_MOD + 1),
     f"example.com/m@v1.0.0: go.mod file too large (max size is {MAX_GO_MOD} bytes)"),
    ({PREFIX + "LICENSE": b"MIT\n"}, (PREFIX + "LICENSE", (16 << 20) + 1),
     "example.com/m@v1.0.0: LICENSE file too large (max size is 16777216 bytes)"),
    ({"other@v1/x": b"x"}, None,
     "example.com/m@v1.0.0: other@v1/x: path does not have prefix 'example.com/m@v1.0.0/'"),
])
def test_go_s_limits(tmp_path: Path, members: dict[str, bytes], lie: tuple[str, int] | None,
                     why: str) -> None:
    z = write(tmp_path / "m.zip", members)
    if lie:
        declare(z, *lie)
    with pytest.raises(ArchiveError) as e:
        hash_module_zip(z, PREFIX)
    assert e.value.message == why


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_duplicate_name_is_refused(tmp_path: Path) -> None:
    z = tmp_path / "dup.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(PREFIX + "x", b"1")
        zf.writestr(PREFIX + "x", b"2")
    with pytest.raises(ArchiveError, match="x: multiple entries for file"):
        hash_module_zip(z, PREFIX)


def test_a_member_larger_than_declared_fails_its_crc(tmp_path: Path) -> None:
    z = write(tmp_path / "m.zip", {PREFIX + "f": b"y" * 5000})
    declare(z, PREFIX + "f", 10)  # zipfile reads no more than declared, then checks the CRC
    with pytest.raises(ArchiveError, match=r"^m.zip is truncated or corrupt: example.com/m@v1.0.0/f"):
        hash_module_zip(z, PREFIX)


def test_an_oversized_zip_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gover.toolchain.sources import modzip

    z = write(tmp_path / "m.zip", {PREFIX + "f": b"data"})
    monkeypatch.setattr(modzip, "MAX_ZIP_FILE", 100)
    with pytest.raises(ArchiveError, match=rf"module zip file is too large \({z.stat().st_size} bytes; "
                                           r"limit is 100 bytes\)"):
        hash_module_zip(z, PREFIX)
