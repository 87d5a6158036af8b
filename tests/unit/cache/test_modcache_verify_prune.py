"""The module cache: scanning Go's layout (docs/GO-INTERNALS §3), verifying every cached
version as ``go mod verify`` does (with its messages), removing only what is damaged,
and pruning what no project's go.sum or go.mod needs.  The caches are written here
from the layout's definition; the real go fills one in tests/integration/test_cache_mod.py."""

from __future__ import annotations

import fcntl
import os
import zipfile
from pathlib import Path

import pytest

from gover.cache import modcache, modprune, modverify
from gover.errors import ConfigError
from gover.gomod.gosum import parse_gosum
from tests.support.fakehttp import h1

ALPHA = {"go.mod": b"module example.com/alpha\n\ngo 1.21\n", "alpha.go": b"package alpha\n"}
BETA = {"go.mod": b"module example.com/Upper/beta\n", "beta.go": b"package beta\n"}


def gomod_h1(data: bytes) -> str:
    return h1({"go.mod": data})


class ModCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def add(self, path: str, esc: str, version: str, files: dict[str, bytes], *, extract: bool = True,
            ziphash: str | None = None) -> str:
        """Cache ``path@version`` as go mod download leaves it; returns its h1."""
        want = h1({f"{path}@{version}/{n}": d for n, d in files.items()})
        d = self.root / "cache" / "download" / esc / "@v"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{version}.info").write_text(f'{{"Version":"{version}"}}')
        (d / f"{version}.mod").write_bytes(files["go.mod"])
        with zipfile.ZipFile(d / f"{version}.zip", "w") as zf:
            for n, data in files.items():
                zf.writestr(f"{path}@{version}/{n}", data)
        (d / f"{version}.ziphash").write_text(want if ziphash is None else ziphash)
        (d / "list").write_text("".join(sorted({*(d / "list").read_text().split(), version}
                                               if (d / "list").exists() else {version})) + "\n")
        (d / f"{version}.lock").write_bytes(b"")
        if extract:
            t = self.root / f"{esc}@{version}"
            for n, data in files.items():
                (t / n).parent.mkdir(parents=True, exist_ok=True)
                (t / n).write_bytes(data)
        return want

    def tree(self, esc: str, version: str) -> Path:
        return self.root / f"{esc}@{version}"

    def dl(self, esc: str, name: str) -> Path:
        return self.root / "cache" / "download" / esc / "@v" / name


@pytest.fixture
def mc(tmp_path: Path) -> ModCache:
    c = ModCache(tmp_path / "mod")
    c.add("example.com/alpha", "example.com/alpha", "v1.0.0", ALPHA)
    c.add("example.com/alpha", "example.com/alpha", "v1.1.0", {**ALPHA, "sub/s.go": b"package sub\n"})
    c.add("example.com/Upper/beta", "example.com/!upper/beta", "v0.1.0", BETA)
    return c


def problems(res: modverify.ModVerifyResult) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(f"{p.module}@{p.version}", p.kind, p.reason, p.files) for p in res.corrupt}


def test_scan_reads_the_layout(mc: ModCache) -> None:
    (mc.root / "cache" / "download" / "sumdb" / "sum.golang.org" / "lookup").mkdir(parents=True)
    (mc.root / "cache" / "download" / "sumdb" / "sum.golang.org" / "lookup" / "x").write_bytes(b"x" * 5000)
    (mc.root / "cache" / "vcs" / "0123").mkdir(parents=True)
    mc.dl("example.com/alpha", "v1.2.0.zip1234.tmp").write_bytes(b"")
    mc.dl("example.com/alpha", "README").write_bytes(b"")
    mc.dl("example.com/alpha", "v1.0.0.partial").write_bytes(b"")
    (mc.root / "example.com" / "Bad@v1.0.0").mkdir(parents=True)  # capitals are never stored
    (mc.root / "example.com" / "old@v1.0.0.tmp-123").mkdir()
    os.symlink(mc.root, mc.root / "example.com" / "loop@v1.0.0")
    s = modcache.scan(str(mc.root), "GOMODCACHE")
    assert s.exists and s.origin == "GOMODCACHE"
    got = [(v.path, v.version, v.esc_path, sorted(v.files), v.dir is not None, v.partial) for v in s.versions]
    assert got == [
        ("example.com/Upper/beta", "v0.1.0", "example.com/!upper/beta",
         ["info", "mod", "zip", "ziphash"], True, False),
        ("example.com/alpha", "v1.0.0", "example.com/alpha", ["info", "mod", "partial", "zip", "ziphash"],
         True, True),
        ("example.com/alpha", "v1.1.0", "example.com/alpha", ["info", "mod", "zip", "ziphash"], True, False),
    ]
    odd = {(os.path.relpath(p, mc.root), why) for p, why in s.oddities}
    assert odd == {
        ("cache/download/example.com/alpha/@v/v1.2.0.zip1234.tmp", "leftover temporary download"),
        ("cache/download/example.com/alpha/@v/README", "not part of Go's module cache layout"),
        ("example.com/Bad@v1.0.0", "not a validly escaped module path or version"),
        ("example.com/old@v1.0.0.tmp-123", "leftover temporary extraction (Go before 1.16)"),
        ("example.com/loop@v1.0.0", "symlink in the module cache (not followed)"),
    }
    assert s.sumdb_bytes >= 5000 and s.vcs_bytes > 0
    assert s.total_bytes >= sum(v.bytes for v in s.versions) + s.sumdb_bytes
    assert not modcache.scan(str(mc.root / "none")).exists


def test_a_sound_cache_verifies(mc: ModCache) -> None:
    res = modverify.verify(str(mc.root), modcache.scan(str(mc.root)), jobs=2)
    assert res.corrupt == [] and res.checked == 6  # each version's tree and zip


def test_modified_trees_and_zips_name_the_files(mc: ModCache) -> None:
    tree = mc.tree("example.com/alpha", "v1.1.0")
    (tree / "alpha.go").write_bytes(b"package alpha // edited\n")
    (tree / "extra.go").write_bytes(b"package alpha\n")
    (tree / "sub" / "s.go").unlink()
    with zipfile.ZipFile(mc.dl("example.com/!upper/beta", "v0.1.0.zip"), "a") as zf:
        zf.writestr("example.com/Upper/beta@v0.1.0/evil.go", "package beta\n")
    res = modverify.verify(str(mc.root), modcache.scan(str(mc.root)), jobs=1)
    assert problems(res) == {
        ("example.com/alpha@v1.1.0", "dir", "dir has been modified",
         ("changed alpha.go", "added extra.go", "missing sub/s.go")),
        ("example.com/Upper/beta@v0.1.0", "zip", "zip has been modified", ("added evil.go",)),
    }
    dir_problem = next(p for p in res.corrupt if p.kind == "dir")
    assert dir_problem.path == str(tree) and dir_problem.to_json()["files"] == list(dir_problem.files)


def test_ziphash_problems(mc: ModCache) -> None:
    mc.dl("example.com/alpha", "v1.0.0.ziphash").unlink()
    mc.dl("example.com/alpha", "v1.1.0.ziphash").write_text("h1:short")
    res = modverify.verify(str(mc.root), modcache.scan(str(mc.root)))
    zh = mc.dl("example.com/alpha", "v1.0.0.ziphash")
    assert problems(res) == {
        ("example.com/alpha@v1.0.0", "ziphash", f"missing ziphash ({zh})", ()),
        ("example.com/alpha@v1.1.0", "ziphash", "malformed ziphash 'h1:short'", ()),
    }


def test_checked_against_go_sum_files(mc: ModCache) -> None:
    good = h1({f"example.com/alpha@v1.0.0/{n}": d for n, d in ALPHA.items()})
    other = "h1:" + "A" * 43 + "="
    wrong_mod, right_mod = gomod_h1(b"module x\n"), gomod_h1(ALPHA["go.mod"])
    sums = [parse_gosum(f"example.com/alpha v1.0.0 {other}\n"
                        f"example.com/alpha v1.0.0/go.mod {wrong_mod}\n"
                        f"example.com/alpha v1.1.0/go.mod {right_mod}\n"
                        "example.com/gone v1.0.0 h1:x\n", "proj/go.sum")]
    res = modverify.verify(str(mc.root), modcache.scan(str(mc.root)), against=sums)
    assert problems(res) == {
        ("example.com/alpha@v1.0.0", "gosum", f"checksum mismatch: cache has {good}, proj/go.sum has {other}",
         ()),
        ("example.com/alpha@v1.0.0", "gomod", f"go.mod checksum mismatch: cache has {right_mod}, "
         f"proj/go.sum has {wrong_mod}", ()),
    }
    assert res.not_cached == [("example.com/gone", "v1.0.0")]
    assert all(p.module == "example.com/alpha" for p in res.corrupt)  # beta is not in go.sum: skipped


def test_delete_bad_removes_as_little_as_go_needs(mc: ModCache) -> None:
    tree = mc.tree("example.com/alpha", "v1.1.0")
    (tree / "alpha.go").chmod(0o644)
    (tree / "alpha.go").write_bytes(b"edited\n")
    with zipfile.ZipFile(mc.dl("example.com/!upper/beta", "v0.1.0.zip"), "a") as zf:
        zf.writestr("example.com/Upper/beta@v0.1.0/evil.go", "package beta\n")
    for p in (tree, *tree.rglob("*")):  # Go leaves trees read-only
        p.chmod(0o555 if p.is_dir() else 0o444)
    scan = modcache.scan(str(mc.root))
    res = modverify.verify(str(mc.root), scan)
    modverify.delete_bad(res, scan)
    assert sorted(res.deleted) == sorted([str(tree), str(mc.dl("example.com/!upper/beta", "v0.1.0.zip"))])
    assert not tree.exists() and mc.dl("example.com/alpha", "v1.1.0.zip").exists()  # go re-extracts
    assert mc.dl("example.com/!upper/beta", "v0.1.0.ziphash").exists()  # a new download is checked
    assert not mc.dl("example.com/alpha", "v1.1.0.partial").exists()  # the crash marker is gone
    assert mc.dl("example.com/alpha", "v1.1.0.lock").exists()  # Go's lock files stay
    again = modverify.verify(str(mc.root), modcache.scan(str(mc.root)))
    assert again.corrupt == []


# --- pruning ---------------------------------------------------------------------------------

def project(d: Path, gomod: str, gosum: str | None = None) -> Path:
    d.mkdir(parents=True)
    (d / "go.mod").write_text(gomod)
    if gosum is not None:
        (d / "go.sum").write_text(gosum)
    return d


def test_project_inputs(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a directory"):
        modprune.project_sums([tmp_path / "none"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="empty: no go.mod or go.work here"):
        modprune.project_sums([tmp_path / "empty"])
    a = project(tmp_path / "a", "module a\n\nrequire example.com/alpha v1.0.0\n"
                "replace example.com/x => example.com/y v1.2.0\nreplace example.com/l => ../l\n",
                "example.com/alpha v1.0.0 h1:A=\n")
    ws = tmp_path / "ws"
    project(ws / "m", "module m\n\nrequire example.com/gamma v1.0.0\n")
    (ws / "go.work").write_text("go 1.22\n\nuse ./m\nuse ./missing\n")
    (ws / "go.work.sum").write_text("example.com/gamma v1.0.0/go.mod h1:G=\n")
    sums = modprune.project_sums([a, ws])
    assert [Path(s.file).name for s in sums] == ["go.sum", "go.work.sum"]
    assert modprune.required_by_gomod([a, ws]) == {
        ("example.com/alpha", "v1.0.0"), ("example.com/y", "v1.2.0"), ("example.com/gamma", "v1.0.0")}


def test_prune_keeps_what_projects_need(mc: ModCache, tmp_path: Path) -> None:
    sums = [parse_gosum("example.com/alpha v1.1.0 h1:A=\n")]
    keep = {("example.com/Upper/beta", "v0.1.0")}
    scan = modcache.scan(str(mc.root))
    dry = modprune.prune_unused(scan, sums, dry_run=True, also_keep=keep)
    assert [v.key for v in dry.removed] == [("example.com/alpha", "v1.0.0")] and dry.kept == 2
    assert dry.removed_bytes == dry.removed[0].bytes > 0
    assert mc.tree("example.com/alpha", "v1.0.0").exists()  # a dry run removes nothing
    res = modprune.prune_unused(scan, sums, also_keep=keep)
    assert [v.key for v in res.removed] == [("example.com/alpha", "v1.0.0")]
    assert not mc.tree("example.com/alpha", "v1.0.0").exists()
    left = sorted(p.name for p in mc.dl("example.com/alpha", "").iterdir())
    assert left == ["list", "v1.0.0.lock", "v1.1.0.info", "v1.1.0.lock", "v1.1.0.mod", "v1.1.0.zip",
                    "v1.1.0.ziphash"]
    assert mc.dl("example.com/alpha", "list").read_text() == "v1.1.0\n"  # as go rewrites it
    assert [v.key for v in modcache.scan(str(mc.root)).versions] == [
        ("example.com/Upper/beta", "v0.1.0"), ("example.com/alpha", "v1.1.0")]


def test_prune_skips_a_version_go_is_using(mc: ModCache) -> None:
    lock = mc.dl("example.com/alpha", "v1.0.0.lock")
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as go holds it while downloading or extracting
        res = modprune.prune_unused(modcache.scan(str(mc.root)), [])
    finally:
        os.close(fd)
    assert [v.key for v in res.busy] == [("example.com/alpha", "v1.0.0")]
    assert mc.tree("example.com/alpha", "v1.0.0").exists()
    assert len(res.removed) == 2 and res.failed == []
