"""Hostile archives: link chains that only escape once resolved, decompression bombs
(declared and undeclared), oversized headers — each refused before anything leaves
the tree or memory grows."""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from gover.errors import ArchiveError
from gover.toolchain.archive import expansion_limit, extract, strip_prefix
from tests.unit.toolchain.test_archive import make_tar, make_zip

# The chain from the report: each link looks harmless as text; resolved, c6 is "/".
CHAIN = [("go/a", "."), ("go/b", "a/..")] + [
    (f"go/c{i}", f"a/{'b' if i == 0 else f'c{i - 1}'}/..") for i in range(7)]


def out_dir(tmp_path: Path) -> Path:
    d = tmp_path / "root" / "out"
    d.mkdir(parents=True)
    return d


def nothing_escaped(dest: Path) -> None:
    for dirpath, dirs, files in os.walk(dest):
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                real = os.path.realpath(p)
                assert real == str(dest) or real.startswith(str(dest) + os.sep), (p, real)


def test_the_reported_chain_is_refused_in_a_tar(tmp_path: Path) -> None:
    arc = make_tar(tmp_path / "chain.tar.gz", [("go/VERSION", "f", b"go1.99\n", 0o644)]
                   + [(n, "l", t, 0o777) for n, t in CHAIN])
    dest = out_dir(tmp_path)
    with pytest.raises(ArchiveError) as e:
        extract(arc, dest, strip_prefix("go/"))
    assert e.value.message == ("archive member 'go/b' links outside the tree "
                               "('a/..' resolves above the install root)")
    nothing_escaped(dest)
    assert not (dest / "b").exists() and not os.path.lexists(dest / "b")


def test_the_reported_chain_is_refused_in_a_zip(tmp_path: Path) -> None:
    arc = make_zip(tmp_path / "chain.zip", [(n, t.encode(), stat.S_IFLNK | 0o777) for n, t in CHAIN])
    dest = out_dir(tmp_path)
    with pytest.raises(ArchiveError, match="'go/b' links outside the tree"):
        extract(arc, dest, strip_prefix("go/"))
    nothing_escaped(dest)


@pytest.mark.parametrize(("links", "why"), [
    # through a link that points up: "s/l" is the root, so "s/l/.." is above it
    ([("go/s/l", ".."), ("go/t", "s/l/..")], "'go/t' links outside the tree"),
    # a link to a link to a link, the last one climbing out
    ([("go/x/up", "../.."), ], "'go/x/up' links outside the tree"),
    ([("go/p", "q"), ("go/q", "r"), ("go/r", "d/../.."), ], "'go/r' links outside the tree"),
    # a later link changes what an earlier, harmless one means: found by the final walk
    ([("go/l1", "p/q/X/../.."), ("go/p/q/X", "../..")], "'go/l1' links outside the tree"),
    ([("go/m", "n"), ("go/n", "m")], "links through more than 40 links"),
    ([("go/abs", "/etc")], "links to absolute path '/etc'"),
])
def test_resolved_escapes_are_refused(tmp_path: Path, links: list[tuple[str, str]], why: str) -> None:
    arc = make_tar(tmp_path / "l.tar.gz", [(n, "l", t, 0o777) for n, t in links])
    dest = out_dir(tmp_path)
    with pytest.raises(ArchiveError, match=why.replace("(", r"\(").replace(")", r"\)")):
        extract(arc, dest, strip_prefix("go/"))
    assert sorted(p.name for p in (tmp_path / "root").iterdir()) == ["out"]


def test_links_that_stay_inside_are_kept(tmp_path: Path) -> None:
    arc = make_tar(tmp_path / "ok.tar.gz", [
        ("go/pkg/tool/x", "f", b"tool", 0o755),
        ("go/bin/x", "l", "../pkg/tool/x", 0o777),
        ("go/alias", "l", "bin", 0o777),
        ("go/deep", "l", "alias/x", 0o777),  # a link through a link, still inside
        ("go/here", "l", ".", 0o777),
        ("go/dangling", "l", "not/yet/there", 0o777),
    ])
    dest = out_dir(tmp_path)
    extract(arc, dest, strip_prefix("go/"))
    assert (dest / "deep").read_bytes() == b"tool"
    nothing_escaped(dest)


def test_a_link_replacing_a_directory_is_refused(tmp_path: Path) -> None:
    arc = make_tar(tmp_path / "d.tar.gz", [("go/sub/f", "f", b"x", 0o644), ("go/sub", "l", ".", 0o777)])
    with pytest.raises(ArchiveError, match="'go/sub' would replace a directory"):
        extract(arc, out_dir(tmp_path), strip_prefix("go/"))


# --- bombs ---------------------------------------------------------------------------------

def tar_header(name: str, size: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    return info.tobuf(format=tarfile.GNU_FORMAT)  # base-256 sizes above 8 GiB


_ZEROS: list[bytes] = []


def gzip_bomb(path: Path, name: str = "go/zeros", copies: int = 20) -> Path:
    """``copies`` × 64 KB of gzip members that expand to ``copies`` × 64 MiB of zeros
    (185 copies: the 12 MB bomb of the report, expanding to 12 GB)."""
    if not _ZEROS:
        # 64 members of 1 MiB each: as small as one member of 64 MiB, and 70 times faster to make
        _ZEROS.append(gzip.compress(b"\0" * (1 << 20), 9) * 64)
    zeros = _ZEROS[0]
    with open(path, "wb") as f:
        f.write(gzip.compress(tar_header(name, copies * (64 << 20))))
        for _ in range(copies):
            f.write(zeros)
    return path


def test_a_declared_bomb_is_refused_at_its_header(tmp_path: Path) -> None:
    bomb = gzip_bomb(tmp_path / "bomb.tar.gz")
    dest = out_dir(tmp_path)
    with pytest.raises(ArchiveError) as e:
        extract(bomb, dest, strip_prefix("go/"))
    limit = expansion_limit(bomb.stat().st_size)
    assert e.value.message == (f"archive member 'go/zeros' declares {20 * (64 << 20)} bytes: the "
                               f"archive would expand to more than {limit} (a decompression bomb?)")
    assert list(dest.iterdir()) == []


def test_an_undeclared_bomb_stops_at_the_ratio_limit(tmp_path: Path) -> None:
    # The member is skipped, so only the decompressor's own limit stands in the way.
    bomb = gzip_bomb(tmp_path / "bomb.tar.gz")
    with pytest.raises(ArchiveError, match=r"^bomb.tar.gz expands to more than \d+ bytes"):
        extract(bomb, out_dir(tmp_path), strip_prefix("go/", skip=("go/zeros",)))


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("go/zeros", "w", force_zip64=True) as f:
        for _ in range(2):
            f.write(b"\0" * (64 << 20))
    dest = out_dir(tmp_path)
    with pytest.raises(ArchiveError, match=rf"^bomb.zip declares {2 * (64 << 20)} bytes of content"):
        extract(z, dest, strip_prefix("go/"))
    assert list(dest.iterdir()) == []


def test_an_oversized_pax_header_is_refused(tmp_path: Path) -> None:
    raw = io.BytesIO()
    pax = b"x" * (2 << 20)
    info = tarfile.TarInfo("././@PaxHeader")
    info.type, info.size = tarfile.XHDTYPE, len(pax)
    raw.write(info.tobuf(format=tarfile.USTAR_FORMAT) + pax + b"\0" * (-len(pax) % 512))
    raw.write(tar_header("go/f", 0) + b"\0" * 1024)
    arc = tmp_path / "pax.tar.gz"
    arc.write_bytes(gzip.compress(raw.getvalue()))
    with pytest.raises(ArchiveError, match="declares 2097152 bytes of extended data"):
        extract(arc, out_dir(tmp_path), strip_prefix("go/"))
