from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from gover.errors import ArchiveError
from gover.toolchain.archive import detect_format, extract, strip_prefix


def make_tar(path: Path, members: list[tuple[str, str, bytes | str, int]]) -> Path:
    """members: (name, type 'f'|'d'|'l'|'h'|'c'|'p', data-or-linkname, mode)."""
    with tarfile.open(path, "w:gz") as tf:
        for name, kind, data, mode in members:
            info = tarfile.TarInfo(name)
            info.mode = mode
            if kind == "f":
                assert isinstance(data, bytes)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
                continue
            info.type = {"d": tarfile.DIRTYPE, "l": tarfile.SYMTYPE, "h": tarfile.LNKTYPE,
                         "c": tarfile.CHRTYPE, "p": tarfile.FIFOTYPE}[kind]
            if kind in "lh":
                info.linkname = str(data)
            tf.addfile(info)
    return path


def make_zip(path: Path, members: list[tuple[str, bytes, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in members:
            zi = zipfile.ZipInfo(name)
            zi.create_system = 3
            zi.external_attr = mode << 16
            zf.writestr(zi, data)
    return path


def test_extracts_files_dirs_links_and_exec_bits(tmp_path: Path) -> None:
    arc = make_tar(tmp_path / "a.tar.gz", [
        ("go/", "d", b"", 0o755),
        ("go/bin/go", "f", b"#!/bin/sh\necho hi\n", 0o755),
        ("go/VERSION", "f", b"go1.99.0\n", 0o644),
        ("go/lib/link", "l", "../VERSION", 0o777),
        ("go/lib/hard", "h", "go/VERSION", 0o644),
        ("go/bin/suid", "f", b"x", 0o4755),
    ])
    dest = tmp_path / "out"
    dest.mkdir()
    ex = extract(arc, dest, strip_prefix("go/"))
    assert (dest / "VERSION").read_bytes() == b"go1.99.0\n"
    assert os.access(dest / "bin" / "go", os.X_OK)
    assert not os.access(dest / "VERSION", os.X_OK)
    assert os.readlink(dest / "lib" / "link") == "../VERSION"
    assert (dest / "lib" / "hard").read_bytes() == b"go1.99.0\n"
    assert not (dest / "bin" / "suid").stat().st_mode & stat.S_ISUID
    assert ex.files == 4 and ex.size == len(b"#!/bin/sh\necho hi\n") + 9 + 1


@pytest.mark.parametrize("members,why", [
    ([("/etc/evil", "f", b"x", 0o644)], "absolute path"),
    ([("go/../evil", "f", b"x", 0o644)], "'..' component"),
    ([("go/a/../../evil", "f", b"x", 0o644)], "'..' component"),
    ([("other/file", "f", b"x", 0o644)], "outside 'go/'"),
    ([("go/link", "l", "/etc/passwd", 0o777)], "absolute path"),
    ([("go/link", "l", "../../etc", 0o777)], "links outside"),
    ([("go/a/link", "l", "../../x", 0o777)], "links outside"),
    ([("go/dev", "c", b"", 0o644)], "device"),
    ([("go/fifo", "p", b"", 0o644)], "device"),
    ([("go/h", "h", "/etc/passwd", 0o644)], "absolute path"),
    ([("go/h", "h", "go/missing", 0o644)], "not a file extracted earlier"),
    # Two links that each stay inside, composed to escape: the second is written through the first.
    ([("go/a/b", "l", "..", 0o777), ("go/a/b/c", "l", "../../x", 0o777)], "through a link"),
    ([("go/d", "l", "sub", 0o777), ("go/d/file", "f", b"x", 0o644)], "through a link"),
])
def test_refuses_unsafe_tar_members(tmp_path: Path, members: list, why: str) -> None:
    arc = make_tar(tmp_path / "bad.tar.gz", members)
    dest = tmp_path / "root" / "out"
    dest.mkdir(parents=True)
    with pytest.raises(ArchiveError) as e:
        extract(arc, dest, strip_prefix("go/"))
    assert why in e.value.message
    # nothing was written outside dest
    assert sorted(p.name for p in (tmp_path / "root").iterdir()) == ["out"]
    assert not (tmp_path / "evil").exists() and not (tmp_path / "x").exists()


def test_refuses_unsafe_zip_members(tmp_path: Path) -> None:
    arc = make_zip(tmp_path / "bad.zip", [("go/ok", b"x", 0o644), ("go/../../evil", b"x", 0o644)])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError, match="'..' component"):
        extract(arc, dest, strip_prefix("go/"))
    zlink = make_zip(tmp_path / "link.zip", [("go/l", b"/etc/passwd", stat.S_IFLNK | 0o777)])
    with pytest.raises(ArchiveError, match="absolute path"):
        extract(zlink, dest, strip_prefix("go/"))


def test_zip_modes_and_force_exec(tmp_path: Path) -> None:
    arc = make_zip(tmp_path / "t.zip", [("p@v/bin/go", b"bin", 0), ("p@v/README", b"r", 0),
                                        ("p@v/x.sh", b"s", stat.S_IFREG | 0o755)])
    dest = tmp_path / "out"
    dest.mkdir()
    extract(arc, dest, strip_prefix("p@v/"), force_exec=lambda rel: rel.startswith("bin/"))
    assert os.access(dest / "bin" / "go", os.X_OK)
    assert not os.access(dest / "README", os.X_OK)
    assert os.access(dest / "x.sh", os.X_OK)


def test_truncated_archive_is_a_clean_error(tmp_path: Path) -> None:
    arc = make_tar(tmp_path / "a.tar.gz", [("go/big", "f", os.urandom(200_000), 0o644)])
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(arc.read_bytes()[:50_000])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        extract(cut, dest, strip_prefix("go/"))


def test_html_and_garbage_are_not_archives(tmp_path: Path) -> None:
    html = tmp_path / "x.tar.gz"
    html.write_bytes(b"<!DOCTYPE html><html>error</html>")
    with pytest.raises(ArchiveError, match="HTML"):
        detect_format(html)
    junk = tmp_path / "y.tar.gz"
    junk.write_bytes(b"\x00\x01garbage")
    with pytest.raises(ArchiveError, match="not a .tar.gz or .zip"):
        detect_format(junk)


def test_wants_hashes(tmp_path: Path) -> None:
    import hashlib

    arc = make_zip(tmp_path / "w.zip", [("go/a", b"hello", 0o644)])
    dest = tmp_path / "out"
    dest.mkdir()
    ex = extract(arc, dest, strip_prefix("go/"), want_hashes=True)
    assert ex.hashes == {"go/a": hashlib.sha256(b"hello").digest()}
