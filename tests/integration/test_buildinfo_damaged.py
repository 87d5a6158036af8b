"""Truncated, corrupted and huge binaries: go's verdict, one clean line, bounded reads."""

from __future__ import annotations

import os
import random
import shutil
import tracemalloc
from pathlib import Path

import pytest

from gover.buildinfo import NotGoBinary, goio, read_bytes, read_file
from tests.conftest import debian_go119, toolchain_root
from tests.integration.test_buildinfo_oracle import go_version_m, gover_m, same
from tests.support import craft_elf, gobins

pytestmark = pytest.mark.integration

MAGIC = b"\xff Go buildinf:"
# One of each layout: internal and external linking, big-endian, Mach-O, PE32 and PE32+.
SOURCES = ["go1.25.5", "go1.25.5-cgo", "linux-s390x", "darwin-arm64", "windows-386", "windows-amd64"]
PER_SOURCE = 24


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, shared_go_caches: dict[str, str]) -> dict[str, Path]:
    roots = {v: toolchain_root(v) for v in ("1.21.13", "1.22.10", "1.23.9", "1.25.5")}
    roots["debian-1.19"] = debian_go119()
    return gobins.session_binaries(tmp_path_factory.mktemp("gobins"), shared_go_caches, roots)


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """A random truncation or byte change, biased to where parsers look: headers and the blob."""
    blob = max(data.find(MAGIC), 0)
    kind = rng.choice(["cut", "cut-head", "cut-blob", "flip", "header", "blob", "scatter"])
    b = bytearray(data)
    if kind == "cut":
        return kind, data[:rng.randrange(len(data))]
    if kind == "cut-head":
        return kind, data[:rng.randrange(min(len(data), 8192))]
    if kind == "cut-blob":
        return kind, data[:blob + rng.randrange(600)]
    if kind == "flip":
        p = rng.randrange(len(b))
        b[p] ^= 1 << rng.randrange(8)
    elif kind in ("header", "blob"):
        lo, span = (0, min(len(b), 4096)) if kind == "header" else (blob, 64)
        for _ in range(rng.randint(1, 4)):
            b[lo + rng.randrange(span)] = rng.randrange(256)
    else:
        for _ in range(rng.randint(2, 40)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    return kind, bytes(b)


@pytest.mark.parametrize("source", SOURCES + ["pointer-layout"])
def test_damaged_binaries_get_gos_verdict(built: dict[str, Path], tmp_path: Path, source: str) -> None:
    """Every mutant: same stdout and stderr as go version -m -v (so never a traceback)."""
    if source == "pointer-layout":
        data = craft_elf.pointer_elf(b"go1.16.15", b"path\tx\nmod\tx\t(devel)\t\n", is64=False, big=True)
    else:
        data = built[source].read_bytes()
    rng = random.Random(f"gover-{source}")
    d = tmp_path / "mutants"
    d.mkdir()
    for i in range(PER_SOURCE):
        kind, mutant = mutate(data, rng)
        p = d / f"{i:02d}-{kind}"
        p.write_bytes(mutant)
        p.chmod(0o755)  # executables: go -v reports every one that fails
    go = go_version_m("-v", str(d))
    assert go.stderr, "no mutant failed: the mutations are too gentle"
    ours = gover_m("-v", str(d))
    assert b"Traceback" not in ours.stderr and b"internal error" not in ours.stderr
    same(go, ours)
    shutil.rmtree(d)


def test_random_truncations_only_raise_the_clean_error(built: dict[str, Path]) -> None:
    rng = random.Random(7)
    for name in ("go1.25.5", "darwin-arm64", "windows-amd64", "linux-386"):
        data = built[name].read_bytes()
        cuts = [rng.randrange(len(data)) for _ in range(40)] + list(range(0, 200, 7))
        for n in cuts:
            try:
                read_bytes(data[:n], "cut")
            except NotGoBinary as e:
                assert "\n" not in e.message
                assert e.message.startswith("could not read Go build info from cut: ")


class _Counter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bytes = 0
        self.calls = 0
        real = goio.FileReader.read_at

        def counting(reader: goio.FileReader, size: int, off: int) -> goio.Read:
            data, short = real(reader, size, off)
            self.bytes += len(data)
            self.calls += 1
            return data, short

        monkeypatch.setattr(goio.FileReader, "read_at", counting)


@pytest.mark.parametrize("name", ["go1.25.5", "go1.25.5-cgo", "darwin-arm64", "windows-amd64"])
def test_reads_headers_not_whole_files(built: dict[str, Path], tmp_path: Path, name: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A binary padded to 3 GiB (a sparse hole) costs the same reads and little memory."""
    small = built[name]
    big = tmp_path / small.name
    shutil.copy2(small, big)
    os.truncate(big, small.stat().st_size + (3 << 30))
    go = go_version_m(str(big))
    assert go.stdout == go_version_m(str(small)).stdout.replace(bytes(small), bytes(big))
    same(go, gover_m(str(big)))

    counter = _Counter(monkeypatch)
    expected = read_file(str(small))
    small_bytes = counter.bytes
    counter.bytes = 0
    tracemalloc.start()
    try:
        got = read_file(str(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == expected
    assert counter.bytes == small_bytes
    # Headers, symbol-table blocks (Mach-O, PE) and the blob: a small part of the file.
    assert small_bytes < small.stat().st_size // 4, (small_bytes, small.stat().st_size)
    assert peak < 2 << 20, peak

