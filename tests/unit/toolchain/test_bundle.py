"""Offline bundles: what ``create`` writes, and every edit that reading, ``verify`` and the
offline re-check of the checksum database evidence must refuse."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gover.errors import ArchiveError, NotFoundError, UsageError, VerificationError
from gover.toolchain import bundle
from gover.toolchain.platforms import Platform
from tests.support.fakehttp import (
    MODULE,
    TINY_GOROOT,
    World,
    h1,
    module_files,
    module_version,
    official_tar_gz,
    world,
    write_module_zip,
)
from tests.support.sumdb import ChecksumDB

PROXY = "http://proxy.test"
MV = module_version("1.99.1")
ZIP = f"golang.org-toolchain-{MV}.zip"


@pytest.fixture
def w(tmp_path: Path) -> World:
    w = world(tmp_path)
    w.publish("1.99.1")
    z = tmp_path / "module.zip"
    write_module_zip(z, TINY_GOROOT, MV)
    w.client.routes[f"{PROXY}/{MODULE}/@v/list"] = f"{MV}\nv0.0.1-go1.99.1.linux-arm64\n".encode()
    w.client.routes[f"{PROXY}/{MODULE}/@v/{MV}.zip"] = z.read_bytes()
    return w


def key_id(holder: Any) -> str:
    """``name+hash`` of a verifier key (the base64 part may itself hold a ``+``)."""
    key = holder.db.key if isinstance(holder, World) else holder.key
    return "+".join(key.vkey.split("+")[:2])  # type: ignore[no-any-return]


def ctx(w: World, **env: str) -> Any:
    return w.ctx(**{"GOPROXY": PROXY, "GOVER_SOURCES": "proxy", **env})


@pytest.fixture
def made(w: World, tmp_path: Path) -> Path:
    out = tmp_path / "go.bundle"
    bundle.create(["1.99"], ctx(w), out)
    return out


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tf:
        return {m.name: tf.extractfile(m).read() for m in tf if m.isreg()}  # type: ignore[union-attr]


def rebuild(src: Path, dst: Path, manifest: Callable[[dict[str, Any]], Any] | None = None,
            replace: dict[str, bytes] | None = None, raw_manifest: bytes | None = None) -> Path:
    """Copy a bundle, editing its manifest and replacing or adding members."""
    old = members(src)
    data = json.loads(old.pop(bundle.MANIFEST))
    if manifest:
        data = manifest(data)
    body = raw_manifest if raw_manifest is not None else json.dumps(data).encode()
    with tarfile.open(dst, "w") as tf:
        for name, content in {bundle.MANIFEST: body, **old, **(replace or {})}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tf.addfile(info, io.BytesIO(content))
    return dst


def edit_entry(**fields: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["entries"][0].update(fields)
        return m
    return edit


# --- creating ----------------------------------------------------------------------------

def test_create_writes_the_manifest_first_then_the_artifacts(w: World, tmp_path: Path) -> None:
    out = tmp_path / "go.bundle"
    created = bundle.create(["1.99", "1.99.1"], ctx(w), out)  # both name go1.99.1: bundled once
    assert created.path == out and created.size == out.stat().st_size
    assert created.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    with tarfile.open(out) as tf:
        assert [m.name for m in tf] == [bundle.MANIFEST, f"artifacts/{ZIP}"]
    files = members(out)
    manifest = json.loads(files[bundle.MANIFEST])
    assert (manifest["format"], manifest["schema"]) == ("gover-bundle", 1)
    (e,) = manifest["entries"]
    served = w.client.routes[f"{PROXY}/{MODULE}/@v/{MV}.zip"]
    assert files[f"artifacts/{ZIP}"] == served
    assert (e["version"], e["goos"], e["goarch"], e["source"], e["kind"]) == (
        "go1.99.1", "linux", "amd64", "proxy", "module")
    assert e["sha256"] == hashlib.sha256(served).hexdigest() and e["size"] == len(served)  # type: ignore[arg-type]
    db = e["checksum_db"]
    assert (db["name"], db["key"], db["module"], db["version"]) == (
        "sum.gover.test", key_id(w), MODULE, MV)  # type: ignore[attr-defined]
    assert db["h1"] == h1(module_files(TINY_GOROOT, MV))
    assert any(p.startswith("/lookup/") for p in db["transcript"])
    assert not list(tmp_path.glob("*.partial"))
    assert created.entries[0].summary()["checksum_db"] == "sum.gover.test"


def test_create_refusals(w: World, tmp_path: Path, made: Path) -> None:
    with pytest.raises(UsageError, match="^nothing to bundle: give versions"):
        bundle.create([], ctx(w), tmp_path / "x.bundle")
    with pytest.raises(UsageError, match=f"^{tmp_path} is a directory; give a file name"):
        bundle.create(["1.99"], ctx(w), tmp_path)
    with pytest.raises(UsageError) as e:
        bundle.create(["1.99"], ctx(w), made)
    assert e.value.message == f"{made} already exists" and "--force" in (e.value.hint or "")
    made.write_bytes(b"old")
    bundle.create(["1.99"], ctx(w), made, force=True)
    assert bundle.read(made)[1][0].version == "go1.99.1"


def test_create_names_what_no_source_has(w: World, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"^cannot bundle the newest go1.98.x: proxy: "):
        bundle.create(["1.98"], ctx(w), tmp_path / "x.bundle")
    assert not (tmp_path / "x.bundle").exists()


def test_create_refuses_an_artifact_the_database_disowns(w: World, tmp_path: Path) -> None:
    z = tmp_path / "evil.zip"
    write_module_zip(z, {**TINY_GOROOT, "bin/go": b"#!/bin/sh\necho evil\n"}, MV)
    w.client.routes[f"{PROXY}/{MODULE}/@v/{MV}.zip"] = z.read_bytes()
    with pytest.raises(VerificationError, match=f"checksum mismatch for {MODULE}@{MV}"):
        bundle.create(["1.99"], ctx(w), tmp_path / "x.bundle")
    assert not (tmp_path / "x.bundle").exists() and not (tmp_path / "x.bundle.partial").exists()


# --- reading -----------------------------------------------------------------------------

def test_reading_refuses_what_is_not_a_bundle(tmp_path: Path, made: Path) -> None:
    with pytest.raises(UsageError, match="nope.bundle: no such bundle file$"):
        bundle.read(tmp_path / "nope.bundle")
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"\x00" * 10 + b"not a tar")
    with pytest.raises(ArchiveError, match="junk.bundle is not a gover bundle"):
        bundle.read(junk)
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tf:
        info = tarfile.TarInfo("README")
        tf.addfile(info, io.BytesIO(b""))
    with pytest.raises(ArchiveError, match=r"other.tar is not a gover bundle \(no gover-bundle.json first\)"):
        bundle.read(other)


@pytest.mark.parametrize(("edit", "raw", "message"), [
    (None, b"{not json", "x.bundle: malformed bundle manifest: "),
    (lambda m: {**m, "format": "tarball"}, None, "x.bundle: malformed bundle manifest: not a gover-bundle"),
    (lambda m: {**m, "schema": 2}, None,
     "x.bundle was written by a newer gover (bundle schema 2); upgrade gover to read it"),
    (edit_entry(member="artifacts/../../etc/passwd"), None,
     "malformed bundle manifest: entry 0 is not valid"),
    (edit_entry(sha256="00" * 31), None, "entry 0 is not valid"),
    (edit_entry(version="go1.99.x"), None, "entry 0 is not valid"),
    (edit_entry(kind="installer"), None, "entry 0 is not valid"),
    (edit_entry(size="12"), None, "entry 0 is not valid"),
    (lambda m: {**m, "entries": [{"version": "go1.99.1"}]}, None, "entry 0 is not valid"),
])
def test_a_malformed_manifest_is_refused(made: Path, tmp_path: Path, edit: Any, raw: bytes | None,
                                         message: str) -> None:
    bad = rebuild(made, tmp_path / "x.bundle", edit, raw_manifest=raw)
    with pytest.raises(VerificationError) as e:
        bundle.read(bad)
    assert message in e.value.message


def test_extract_checks_size_and_sha256(made: Path, tmp_path: Path) -> None:
    data = members(made)[f"artifacts/{ZIP}"]
    flipped = bytes([data[0] ^ 1]) + data[1:]
    dest = tmp_path / "out.zip"
    for replace, message in [({f"artifacts/{ZIP}": flipped}, "was modified (sha256 "),
                             ({f"artifacts/{ZIP}": data + b"x"},
                              f"was modified (size {len(data) + 1}, the manifest says {len(data)})")]:
        bad = rebuild(made, tmp_path / "x.bundle", replace=replace)
        with bundle.Bundle(bad) as b, pytest.raises(VerificationError) as e:
            b.extract(b.entries[0], dest)
        assert e.value.message.startswith(f"bundle x.bundle: artifacts/{ZIP} ") and message in e.value.message
        assert not dest.exists()
    gone = rebuild(made, tmp_path / "x.bundle", edit_entry(member="artifacts/other.zip"))
    with bundle.Bundle(gone) as b, pytest.raises(VerificationError,
                                                 match="bundle x.bundle: artifacts/other.zip is missing"):
        b.extract(b.entries[0], dest)
    with bundle.Bundle(made) as b:
        b.extract(b.entries[0], dest)
    assert dest.read_bytes() == data


# --- verifying offline ---------------------------------------------------------------------

def offline(w: World) -> None:
    """Nothing can be fetched any more: verification must use only the bundle."""
    w.client.routes.clear()
    object.__setattr__(w.client, "fallback", None)


def test_verify_needs_no_network(w: World, made: Path) -> None:
    offline(w)
    before = len(w.client.requests)
    (e,) = bundle.verify(made, ctx(w))
    assert e.version == "go1.99.1" and len(w.client.requests) == before
    assert list((w.home / "tmp").iterdir()) == []  # the work dir is removed


def test_the_evidence_is_checked_against_this_machines_key(w: World, made: Path) -> None:
    offline(w)
    other = ChecksumDB.create(name="sum.gover.test", filler=1)
    with pytest.raises(VerificationError) as e:
        bundle.verify(made, ctx(w, GOSUMDB=f"{other.key.vkey} http://elsewhere.test"))
    assert e.value.message == (f"bundle entry go1.99.1 was verified by checksum database "
                               f"{key_id(w)}, but GOSUMDB here is "  # type: ignore[attr-defined]
                               f"{key_id(other)}")
    with pytest.raises(VerificationError, match="^bundle entry go1.99.1: verifying module: checksum "
                                                "database disabled by GOSUMDB=off$"):
        bundle.verify(made, ctx(w, GOSUMDB="off"))


def _evidence(**fields: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["entries"][0]["checksum_db"].update(fields)
        return m
    return edit


def _forged_lookup(m: dict[str, Any]) -> dict[str, Any]:
    t = m["entries"][0]["checksum_db"]["transcript"]
    path = next(p for p in t if p.startswith("/lookup/"))
    text = base64.b64decode(t[path]).replace(b"h1:", b"h1:A", 1)
    t[path] = base64.b64encode(text).decode()
    return m


@pytest.mark.parametrize(("edit", "message"), [
    (edit_entry(checksum_db=None), "bundle entry go1.99.1 is a toolchain module without checksum "
                                   "database evidence"),
    (_evidence(version="v0.0.1-go1.99.1.linux-arm64"),
     f"bundle entry go1.99.1: its checksum database evidence is for v0.0.1-go1.99.1.linux-arm64, not {MV}"),
    (_evidence(transcript={"/lookup/x": "***"}),
     "bundle entry go1.99.1: malformed checksum database evidence"),
    (_evidence(h1="h1:" + "A" * 43 + "="), "bundle entry go1.99.1: the manifest's h1 h1:AAAA"),
    (_forged_lookup, f"{MODULE}@{MV}: cannot authenticate record data"),
    (_evidence(transcript={}), f"bundle entry go1.99.1: checksum database sum.gover.test: {MODULE}@{MV}"),
])
def test_edited_evidence_is_refused(w: World, made: Path, tmp_path: Path, edit: Any, message: str) -> None:
    offline(w)
    bad = rebuild(made, tmp_path / "x.bundle", edit)
    with pytest.raises(VerificationError) as e:
        bundle.verify(bad, ctx(w))
    assert message in e.value.message


def test_archive_entries_are_cross_checked_offline(w: World, tmp_path: Path) -> None:
    """An official archive bundled with the database's record: re-checked with no network."""
    body = official_tar_gz(TINY_GOROOT)
    name = "go1.99.1.linux-amd64.tar.gz"
    w.client.routes["http://dl.test/dl/?mode=json&include=all"] = json.dumps([{
        "version": "go1.99.1", "stable": True, "files": [{
            "filename": name, "os": "linux", "arch": "amd64", "kind": "archive", "size": len(body),
            "sha256": hashlib.sha256(body).hexdigest()}]}]).encode()
    w.client.routes["http://dl.test/dl/" + name] = body
    c = ctx(w, GOVER_SOURCES="official", GOVER_DL_URL="http://dl.test/dl/", GOVER_CROSS_VERIFY="auto")
    out = tmp_path / "a.bundle"
    (e,) = bundle.create(["1.99.1"], c, out).entries
    assert (e.kind, e.source, e.member) == ("archive", "official", f"artifacts/{name}")
    assert e.checksum_db is not None and e.checksum_db["h1"] == h1(module_files(TINY_GOROOT, MV))
    assert e.verification["checksum_db"]["h1"] == e.checksum_db["h1"]
    offline(w)
    assert [x.version for x in bundle.verify(out, c)] == ["go1.99.1"]
    # Other contents under the same manifest SHA-256: the database's h1 catches them.
    evil = official_tar_gz({**TINY_GOROOT, "VERSION": b"go1.99.1 evil\n"})
    bad = rebuild(out, tmp_path / "x.bundle", edit_entry(sha256=hashlib.sha256(evil).hexdigest(),
                                                         size=len(evil)),
                  replace={f"artifacts/{name}": evil})
    with pytest.raises(VerificationError, match="the download site and checksum database sum.gover.test "
                                                "disagree about go1.99.1"):
        bundle.verify(bad, c)


def test_bundle_source_lists_this_platform_only(w: World, made: Path, tmp_path: Path) -> None:
    def add_arm(m: dict[str, Any]) -> dict[str, Any]:
        arm = dict(m["entries"][0], goarch="arm64", version="go1.99.2")
        old = dict(m["entries"][0], version="go1.9.1")
        m["entries"] += [arm, old]
        return m

    multi = rebuild(made, tmp_path / "m.bundle", add_arm)
    with bundle.Bundle(multi) as b:
        src = bundle.BundleSource(b, ctx(w), tmp_path)
        assert [r.version for r in src.list_remote()] == ["go1.99.1", "go1.9.1"]  # Go order
        arm = bundle.BundleSource(b, w.ctx(Platform("linux", "arm64")), tmp_path)  # type: ignore[arg-type]
        assert [r.version for r in arm.list_remote()] == ["go1.99.2"]


def test_install_checks_the_bundle_sha256_first(w: World, made: Path, tmp_path: Path) -> None:
    with pytest.raises(VerificationError) as e:
        bundle.install_from_bundle(made, ["1.99"], ctx(w), sha256="AB" * 32)
    got = hashlib.sha256(made.read_bytes()).hexdigest()
    assert e.value.message == (f"checksum mismatch for bundle {made}: expected sha256 {'ab' * 32}, "
                               f"got {got}")
    with pytest.raises(VerificationError, match="got no file$"):
        bundle.install_from_bundle(tmp_path / "gone.bundle", ["1.99"], ctx(w), sha256="ab" * 32)
    assert not (w.home / "versions").exists()
