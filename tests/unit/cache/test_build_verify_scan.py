"""Build cache verification and scanning on a small cache laid out as Go lays it out
(docs/GO-INTERNALS §5: ``<hh>/<id>-a`` action entries of 175 bytes, ``<hh>/<sha256>-d``
outputs named by their content's SHA-256), damaged in each way verify must catch.
The entries are written here from the format's definition, not with gover's code."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from gover import hashing
from gover.cache import buildscan, buildverify


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def output(self, content: bytes, executable: bool = False) -> tuple[str, Path]:
        oid = hashlib.sha256(content).hexdigest()
        p = self.root / oid[:2] / f"{oid}-d"
        p.parent.mkdir(exist_ok=True)
        if executable:  # Go 1.24+: a directory holding the one executable
            p.mkdir()
            (p / "hello").write_bytes(content)
        else:
            p.write_bytes(content)
        return oid, p

    def action(self, seed: str, oid: str, size: int, subdir: str | None = None,
               data: bytes | None = None) -> Path:
        aid = hashlib.sha256(seed.encode()).hexdigest()
        body = data if data is not None else b"v1 %s %s %20d %20d\n" % (aid.encode(), oid.encode(), size,
                                                                        1_700_000_000 * 10**9)
        assert data is not None or len(body) == 175
        p = self.root / (subdir or aid[:2]) / f"{aid}-a"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(body)
        return p

    def entry(self, seed: str, content: bytes, executable: bool = False) -> tuple[Path, Path]:
        oid, out = self.output(content, executable)
        return self.action(seed, oid, len(content)), out


def problems(res: buildverify.VerifyResult, root: Path) -> list[tuple[str, str, str]]:
    return [(str(Path(p.path).relative_to(root)), p.kind, p.reason) for p in res.corrupt]


def test_a_sound_cache_verifies_clean(tmp_path: Path) -> None:
    c = Cache(tmp_path / "gocache")
    c.entry("compile fmt", b"package archive" * 100)
    c.entry("link hello", b"\x7fELF...", executable=True)
    oid, _ = c.output(b"orphan output")  # outputs without actions are fine
    c.action("missing output", "ef" * 32, 10)  # an action whose output is gone: a plain miss
    res = buildverify.verify(str(c.root), jobs=2)
    assert (res.checked, res.corrupt) == (6, [])


def test_damage_is_reported_where_it_is(tmp_path: Path) -> None:
    c = Cache(tmp_path / "gocache")
    act, out = c.entry("compile fmt", b"A" * 4096)
    out.write_bytes(b"B" * 4096)  # same size: Go's GetFile would use it undetected
    sized = c.action("wrong size", c.output(b"twelve bytes")[0], 99)
    trunc = c.action("truncated", "00" * 32, 1, data=b"v1 short\n")
    moved = c.action("moved", "00" * 32, 1, subdir="00")
    exe_act, exe = c.entry("link", b"\x7fELF", executable=True)
    (exe / "extra").write_bytes(b"")
    link = c.root / "ab" / ("ab" * 32 + "-d")
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(out)
    (c.root / "ab" / "junk-d").write_bytes(b"")
    res = buildverify.verify(str(c.root), jobs=1)
    got = problems(res, c.root)
    got_digest = hashlib.sha256(b"B" * 4096).hexdigest()
    twelve = hashlib.sha256(b"twelve bytes").hexdigest()
    assert sorted(got) == sorted([
        (str(out.relative_to(c.root)), "output", f"content hashes to {got_digest[:16]}..., not its name "
                                                 "(4096 bytes)"),
        (str(sized.relative_to(c.root)), "action",
         f"records size 99 for output {twelve[:16]}..., which has 12 bytes"),
        (str(trunc.relative_to(c.root)), "action", "entry file incomplete (9 of 175 bytes)"),
        (str(moved.relative_to(c.root)), "action", f"is in subdirectory 00, Go looks in {moved.name[:2]}"),
        (str(exe.relative_to(c.root)), "output", "executable entry holds 2 files, want 1"),
        (str(link.relative_to(c.root)), "output", "is a symlink (Go never writes one)"),
        ("ab/junk-d", "output", "name is not a 64-digit lowercase hex ID"),
    ])
    # The action of a damaged output is sound: only the output is reported.
    assert str(act) not in {p.path for p in res.corrupt} and str(exe_act) not in {p.path for p in res.corrupt}
    assert res.corrupt == sorted(res.corrupt, key=lambda p: p.path)
    assert buildverify.verify(str(c.root), jobs=4).corrupt == res.corrupt  # threads change nothing


def test_delete_bad_leaves_a_clean_cache(tmp_path: Path) -> None:
    c = Cache(tmp_path / "gocache")
    _, out = c.entry("compile fmt", b"A" * 100)
    out.write_bytes(b"B" * 100)
    good_act, good_out = c.entry("compile os", b"C" * 100)
    exe_act, exe = c.entry("link", b"\x7fELF", executable=True)
    (exe / "extra").write_bytes(b"")
    res = buildverify.verify(str(c.root))
    buildverify.delete_bad(res)
    assert sorted(res.deleted) == sorted([str(out), str(exe)]) and res.failed == []
    assert not out.exists() and not exe.exists() and good_act.exists() and good_out.exists()
    assert buildverify.verify(str(c.root)).corrupt == []


def test_subdirectory_problems(tmp_path: Path) -> None:
    c = Cache(tmp_path / "gocache")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (c.root / "0a").symlink_to(elsewhere)
    (c.root / "0b").write_bytes(b"")
    res = buildverify.verify(str(c.root))
    assert problems(res, c.root) == [("0a", "subdir", "subdirectory is a symlink (not followed)"),
                                     ("0b", "subdir", "subdirectory is not a directory")]
    assert res.corrupt[0].to_json() == {"path": str(c.root / "0a"), "kind": "subdir",
                                        "reason": "subdirectory is a symlink (not followed)"}
    assert res.checked == 0  # nothing is entered through the link


def test_hashing_never_follows_a_final_symlink(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_bytes(b"x" * 300_000)  # more than one read buffer
    assert hashing.sha256_path(str(f)) == (hashlib.sha256(f.read_bytes()).hexdigest(), 300_000)
    (tmp_path / "l").symlink_to(f)
    with pytest.raises(OSError):
        hashing.sha256_path(str(tmp_path / "l"), follow_symlinks=False)
    items = [str(f), str(tmp_path / "l"), str(tmp_path / "gone")]
    got = hashing.run_parallel(
        items, lambda p, buf: hashing.sha256_path(p, buf, follow_symlinks=False), jobs=3)
    assert got[str(f)] == (hashlib.sha256(f.read_bytes()).hexdigest(), 300_000)
    assert isinstance(got[str(tmp_path / "l")], OSError)  # errors are values, workers keep going
    assert isinstance(got[str(tmp_path / "gone")], FileNotFoundError)
    assert hashing.run_parallel([], hashing.sha256_path, jobs=4) == {}
    assert hashing.default_jobs() >= 1


# --- scanning -------------------------------------------------------------------------------

def du(path: Path) -> int:
    out = subprocess.run(["du", "-s", "-B1", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def test_scan_counts_ages_and_go_trim(tmp_path: Path) -> None:
    c = Cache(tmp_path / "gocache")
    now = time.time()
    fresh_act, fresh_out = c.entry("fresh", b"F" * 5000)
    old_act, old_out = c.entry("old", b"O" * 7000)
    _, exe = c.entry("exe", b"\x7fELF" * 10, executable=True)
    for p in (old_act, old_out):
        os.utime(p, (now - 6 * 86400, now - 6 * 86400))  # unused > 5 days + 1 hour: Go trims it
    (c.root / "fuzz" / "FuzzX").mkdir(parents=True)
    (c.root / "fuzz" / "FuzzX" / "seed").write_bytes(b"s" * 10000)
    (c.root / "trim.txt").write_text(f"{int(now) - 3600}\n")
    (c.root / "testexpire.txt").write_text("1700000000000000000\n")
    (c.root / "README").write_text("This directory holds cached build artifacts from the Go build system.\n")
    (c.root / "stray.txt").write_text("?")
    (c.root / "0c").mkdir()
    (c.root / "0c" / "notes").write_text("?")
    s = buildscan.scan(str(c.root), "GOCACHE", now=now)
    assert (s.exists, s.origin, s.actions, s.outputs, s.executables) == (True, "GOCACHE", 3, 2, 1)
    assert (s.go_would_trim, s.trim_file, s.last_trim) == (2, "ok", int(now) - 3600)
    assert s.next_trim == int(now) - 3600 + 86400
    assert s.test_expire_ns == 1700000000000000000
    assert {b.label: b.entries for b in s.ages} == {"<1h": 4, "1h-1d": 0, "1d-5d": 0, "5d-30d": 2,
                                                    ">=30d": 0}
    assert s.total_bytes == du(c.root)  # disk usage, as du counts it
    assert s.fuzz_bytes == du(c.root / "fuzz")
    assert s.go_would_trim_bytes == sum(b.bytes for b in s.ages if b.label == "5d-30d")
    assert s.action_bytes + s.output_bytes == sum(b.bytes for b in s.ages)
    assert sorted((Path(o.path).relative_to(c.root).as_posix(), o.reason) for o in s.oddities) == [
        ("0c/notes", "not a cache entry"), ("stray.txt", "not part of Go's cache layout")]
    assert fresh_act.exists() and fresh_out.exists() and exe.exists()


def test_scan_of_a_missing_or_odd_cache(tmp_path: Path) -> None:
    s = buildscan.scan(str(tmp_path / "none"))
    assert not s.exists and s.total_bytes == 0 and [b.entries for b in s.ages] == [0] * 5
    c = Cache(tmp_path / "gocache")
    (c.root / "trim.txt").write_text("yesterday\n")
    (c.root / "testexpire.txt").write_text("soon\n")
    s = buildscan.scan(str(c.root))
    assert (s.trim_file, s.last_trim, s.next_trim, s.test_expire_ns) == ("corrupt", None, None, None)
    s = buildscan.scan(str(Cache(tmp_path / "empty").root))
    assert s.trim_file == "missing"
