"""Hostile archives and download sites, end to end through ``gover install``: a link chain
that escapes only once resolved (from --archive, a download site with the right SHA-256,
a GOPROXY whose checksum database vouches for the zip, and a bundle), a proxy zip that
does not match its record (refused before anything is written), malformed indexes, a
trickling server, and a 12 MB gzip bomb measured for memory in a child process."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import GOVER_CMD, ROOT
from tests.support.rawhttp import RawServer, trickle
from tests.support.sourceworld import World, tc22, world
from tests.support.toolchainproxy import MODULE, Toolchain, modver
from tests.unit.toolchain.test_archive_hostile import CHAIN, gzip_bomb

pytestmark = pytest.mark.integration
__all__ = ["tc22", "world"]  # fixtures

VERSION = "1.99.1"
GO_SCRIPT = f'#!/bin/sh\necho "go version go{VERSION} linux/amd64"\n'.encode()


def chain_tar_gz(path: Path) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("go/bin/go")
        info.size, info.mode = len(GO_SCRIPT), 0o755
        tf.addfile(info, io.BytesIO(GO_SCRIPT))
        for name, target in CHAIN:
            link = tarfile.TarInfo(name)
            link.type, link.linkname = tarfile.SYMTYPE, target
            tf.addfile(link)
    return path


def chain_module_zip(path: Path) -> Toolchain:
    from gover.gomod.dirhash import hash_zip

    prefix = f"{MODULE}@{modver(VERSION)}/"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(prefix + "bin/go", GO_SCRIPT)
        for name, target in CHAIN:
            zi = zipfile.ZipInfo(prefix + name.removeprefix("go/"))
            zi.create_system, zi.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
            zf.writestr(zi, target)
    return Toolchain(VERSION, path, hash_zip(path))


def nothing_installed(world: World, gover) -> None:  # type: ignore[no-untyped-def]
    assert world.installed() == [] and [x for x in world.leftovers() if not x.startswith("meta/")] == []
    r = gover("list", "--json")
    assert r.code == 0 and '"versions": []' in r.out


def test_the_chain_is_refused_from_an_archive(world: World, gover, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = gover("install", "--archive", str(chain_tar_gz(tmp_path / f"go{VERSION}.linux-amd64.tar.gz")))
    assert r.code == 1 and r.err.startswith("gover: archive member 'go/b' links outside the tree"), r
    nothing_installed(world, gover)


def test_the_chain_is_refused_from_a_site_with_the_right_sha256(world: World, gover, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    world.site.add(f"go{VERSION}", chain_tar_gz(tmp_path / "chain.tar.gz"))
    monkeypatch.setenv("GOVER_SOURCES", "official")
    r = gover("install", VERSION)
    assert r.code == 1 and "archive member 'go/b' links outside the tree" in r.err, r
    nothing_installed(world, gover)


def test_the_chain_is_refused_from_a_vouched_for_proxy_zip(world: World, gover, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world.proxy.add(chain_module_zip(tmp_path / "chain.zip"), world.db)
    r = gover("install", VERSION)
    assert r.code == 1 and "links outside the tree" in r.err and "'a/..'" in r.err, r
    nothing_installed(world, gover)


def test_the_chain_is_refused_from_a_bundle(world: World, gover, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    world.site.add(f"go{VERSION}", chain_tar_gz(tmp_path / "chain.tar.gz"))
    monkeypatch.setenv("GOVER_SOURCES", "official")
    bundle = tmp_path / "b.bundle"
    assert gover("bundle", "create", VERSION, "-o", str(bundle)).code == 0
    r = gover("install", "--bundle", str(bundle), VERSION)
    assert r.code == 1 and "archive member 'go/b' links outside the tree" in r.err, r
    nothing_installed(world, gover)


def test_a_proxy_zip_unlike_its_record_is_refused_before_anything_is_written(  # type: ignore[no-untyped-def]
        world: World, gover, tmp_path: Path) -> None:
    from gover.gomod.dirhash import hash_zip

    legit = tmp_path / "legit.zip"
    with zipfile.ZipFile(legit, "w") as zf:
        zf.writestr(f"{MODULE}@{modver(VERSION)}/bin/go", GO_SCRIPT)
    bomb = tmp_path / "bomb.zip"  # about 1 MB that would expand to 256 MB
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(f"{MODULE}@{modver(VERSION)}/bin/go", GO_SCRIPT)
        zf.writestr(f"{MODULE}@{modver(VERSION)}/pad", b"\0" * (256 << 20))
    world.proxy.add(Toolchain(VERSION, bomb, hash_zip(legit)), world.db)  # the database knows the legit one
    r = gover("install", VERSION)
    assert r.code == 1 and f"checksum mismatch for {MODULE}@{modver(VERSION)}: the zip has h1:" in r.err, r
    assert not (world.home / "tmp").exists()  # no extraction directory was ever made
    nothing_installed(world, gover)


def test_a_malformed_index_is_a_one_line_error(world: World, gover, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GOVER_SOURCES", "official")
    world.site.publish(b"[" * 200_000 + b"]" * 200_000)
    r = gover("list-remote")
    assert r.code == 1 and r.err.count("\n") <= 2 and "nested too deeply" in r.err, r
    world.site.publish(b'[{"version": "go1.99.1", "stable": true, "files": [{"filename": '
                       b'"go1.99.1.linux-amd64.tar.gz", "os": "linux", "arch": "amd64", "kind": "archive", '
                       b'"sha256": "' + b"a" * 64 + b'", "size": "big"}]}]')
    r = gover("install", VERSION)
    assert r.code == 1, r
    assert "go1.99.1.linux-amd64.tar.gz has size 'big' (expected a number of bytes)" in r.err, r


def test_a_trickling_index_hits_the_deadline(tmp_path: Path) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"
    with RawServer(head, lambda: trickle(b"[" + b" " * 1998 + b"]"), delay=0.5) as s:
        env = {**os.environ, "GOVER_DL_URL": s.url + "/dl/", "GOVER_HTTP_TIMEOUT": "5",
               "GOVER_HTTP_DEADLINE": "3"}
        t = time.monotonic()
        p = subprocess.run(GOVER_CMD + ["list-remote"], env=env, capture_output=True, text=True, timeout=60)
        took = time.monotonic() - t
    assert p.returncode == 1 and "not done after 3 s (GOVER_HTTP_DEADLINE)" in p.stderr, p
    assert took < 15, took


# Linux carries the peak RSS across exec (a child of pytest starts out "as big as"
# pytest), so the measuring is done in a forked grandchild, which starts from zero.
_RSS_CHILD = """
import os, resource, sys
from pathlib import Path
sys.path[:0] = [sys.argv[1]]
if os.fork():
    os._exit(os.wait()[1] >> 8)
from gover.errors import ArchiveError
from gover.toolchain.archive import extract, strip_prefix
dest = Path(sys.argv[3])
dest.mkdir()
for skip in ((), ("go/zeros",)):  # refused at its header; then streamed through, to the limit
    try:
        extract(Path(sys.argv[2]), dest, strip_prefix("go/", skip=skip))
    except ArchiveError as e:
        print("refused:", e.message)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_a_12_mb_gzip_bomb_keeps_memory_flat(tmp_path: Path) -> None:
    bomb = gzip_bomb(tmp_path / "bomb.tar.gz", copies=185)
    assert 11e6 < bomb.stat().st_size < 13e6
    p = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(ROOT / "src"), str(bomb), str(tmp_path / "x")],
                       capture_output=True, text=True, timeout=300)
    lines = p.stdout.splitlines()
    assert p.returncode == 0 and len(lines) == 3, p
    assert "declares 12415139840 bytes" in lines[0] and "expands to more than" in lines[1], lines
    assert int(lines[2]) <= 64, f"peak RSS {lines[2]} MiB"
    assert list((tmp_path / "x").iterdir()) == []


def test_gzip_is_still_read_whole(tmp_path: Path) -> None:
    """A normal multi-member .tar.gz still extracts (the flat-memory reader changed nothing)."""
    from gover.toolchain.archive import extract, strip_prefix

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tf:
        for i in range(3):
            data = hashlib.sha256(str(i).encode()).digest() * 50_000
            info = tarfile.TarInfo(f"go/f{i}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    body = raw.getvalue()
    arc = tmp_path / "multi.tar.gz"
    arc.write_bytes(gzip.compress(body[:700_000]) + gzip.compress(body[700_000:]))
    dest = tmp_path / "out"
    dest.mkdir()
    ex = extract(arc, dest, strip_prefix("go/"))
    assert ex.files == 3 and (dest / "f2").read_bytes() == hashlib.sha256(b"2").digest() * 50_000
