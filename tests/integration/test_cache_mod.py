"""gover modcache scan|verify|prune on a module cache filled by the real go from a
loopback GOPROXY serving modules built in the test."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import toolchain_root
from tests.support import gocaches
from tests.support.gocaches import GO_NEW, go, must
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = gocaches.write_proxy(tmp_path_factory.mktemp("goproxy"))
    with HTTPServer() as srv:
        srv.serve_dir("/proxy/", root)
        yield srv.url + "/proxy/"


@pytest.fixture(scope="session")
def real_modcache(tmp_path_factory: pytest.TempPathFactory, proxy: str,
                  shared_go_caches: dict[str, str]) -> gocaches.ModuleCache:
    base = tmp_path_factory.mktemp("modcache")
    return gocaches.module_cache(base, toolchain_root(GO_NEW), dict(os.environ), proxy,
                                 shared_go_caches["GOCACHE"])


@pytest.fixture
def mc(real_modcache: gocaches.ModuleCache, tmp_path: Path) -> Path:
    return real_modcache.copy(tmp_path / "modcache")


@pytest.fixture
def projects(real_modcache: gocaches.ModuleCache) -> dict[str, Path]:
    return real_modcache.projects


def _env(mc: Path) -> dict[str, str]:
    return {**os.environ, "GOMODCACHE": str(mc)}


def _go(mc: Path, project: Path, args: list[str], proxy: str, shared_go_caches: dict[str, str]):
    e = gocaches.fetch_env(dict(os.environ), mc, proxy, shared_go_caches["GOCACHE"])
    return go(toolchain_root(GO_NEW), args, project, e)


def _offline(mc: Path, project: Path, args: list[str], shared_go_caches: dict[str, str]):
    e = gocaches.go_env(dict(os.environ), GOMODCACHE=str(mc), GOCACHE=shared_go_caches["GOCACHE"],
                        GOPROXY="off", GOFLAGS="-mod=mod")
    return go(toolchain_root(GO_NEW), args, project, e)


def _writable(path: Path) -> None:
    for p in (path.parent, path):
        os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)


def _rewrite_zip(path: Path, member: str, content: bytes) -> None:
    """A valid zip whose one member's content changed (as a tampered download would be)."""
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    assert member in members
    members[member] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _verify(gover, mc: Path, *extra: str) -> tuple[int, dict]:
    r = gover("modcache", "verify", "--json", *extra, env=_env(mc))
    assert r.code in (0, 1), r
    return r.code, json.loads(r.out)


def test_scan_lists_every_version_with_sizes(gover, mc: Path) -> None:
    r = gover("modcache", "scan", "--json", env=_env(mc))
    assert r.code == 0, r
    doc = json.loads(r.out)
    got = {(v["module"], v["version"]): v for v in doc["versions"]}
    assert set(got) == set(gocaches.MODULES)
    beta = got[("example.com/Upper/beta", "v0.1.0")]
    assert beta["dir"] == str(mc / "example.com" / "!upper" / "beta@v0.1.0")
    assert beta["zip"] and beta["ziphash"] and not beta["partial"]
    assert beta["bytes"] == beta["dir_bytes"] + beta["download_bytes"] > 0
    assert doc["bytes"] >= sum(v["bytes"] for v in doc["versions"])
    alpha = next(m for m in doc["modules"] if m["module"] == "example.com/alpha")
    assert alpha["versions"] == 2 and alpha["bytes"] == sum(
        v["bytes"] for v in doc["versions"] if v["module"] == "example.com/alpha")
    assert stat.S_IMODE(os.stat(beta["dir"]).st_mode) & 0o222 == 0
    text = gover("modcache", "scan", "--top", "1", env=_env(mc))
    assert text.code == 0 and "MODULE" in text.out and len(text.out.splitlines()) == 4


def test_clean_cache_verifies_like_go_mod_verify(gover, mc: Path, projects, proxy, shared_go_caches) -> None:
    assert "all modules verified" in must(_go(mc, projects["a"], ["mod", "verify"], proxy,
                                              shared_go_caches)).stdout
    code, doc = _verify(gover, mc)
    assert code == 0 and doc["corrupt"] == []
    assert doc["checked"] == 2 * len(gocaches.MODULES)  # a tree and a zip each


def test_verify_names_damaged_trees_and_zips(gover, mc: Path, projects, proxy, shared_go_caches) -> None:
    alpha11 = mc / "example.com" / "alpha@v1.1.0"
    _writable(alpha11 / "alpha.go")
    (alpha11 / "alpha.go").write_text("package alpha\n\nconst V = 666\n")
    _writable(alpha11 / "sub" / "sub.go")
    (alpha11 / "sub" / "sub.go").unlink()
    os.chmod(alpha11, 0o755)
    (alpha11 / "extra.go").write_text("package alpha\n")
    beta_zip = mc / "cache/download/example.com/!upper/beta/@v/v0.1.0.zip"
    _writable(beta_zip)
    _rewrite_zip(beta_zip, "example.com/!upper/beta@v0.1.0/beta.go".replace("!upper", "Upper"),
                 b"package beta\n\nconst B = 9\n")

    code, doc = _verify(gover, mc)
    assert code == 1
    got = {(p["module"], p["version"], p["kind"]): p for p in doc["corrupt"]}
    assert set(got) == {("example.com/alpha", "v1.1.0", "dir"), ("example.com/Upper/beta", "v0.1.0", "zip")}
    a = got[("example.com/alpha", "v1.1.0", "dir")]
    assert a["path"] == str(alpha11) and a["reason"] == "dir has been modified"
    assert a["files"] == ["changed alpha.go", "added extra.go", "missing sub/sub.go"]
    assert got[("example.com/Upper/beta", "v0.1.0", "zip")]["files"] == ["changed beta.go"]

    # The real go mod verify agrees on which versions are damaged (project a uses both).
    real = _go(mc, projects["a"], ["mod", "verify"], proxy, shared_go_caches)
    assert real.returncode == 1
    assert f"example.com/alpha v1.1.0: dir has been modified ({alpha11})" in real.stderr
    assert "example.com/Upper/beta v0.1.0: zip has been modified" in real.stderr

    code, doc = _verify(gover, mc, "--delete-bad")
    assert code == 0, doc
    assert not alpha11.exists() and not beta_zip.exists()
    assert beta_zip.with_suffix(".ziphash").exists()  # kept: the re-download is checked against it
    assert _verify(gover, mc)[1]["corrupt"] == []
    must(_go(mc, projects["a"], ["build", "-o", os.devnull, "."], proxy, shared_go_caches))
    assert "all modules verified" in must(_go(mc, projects["a"], ["mod", "verify"], proxy,
                                              shared_go_caches)).stdout


def test_missing_ziphash_is_named(gover, mc: Path) -> None:
    zh = mc / "cache/download/example.com/gamma/@v/v1.0.0.ziphash"
    zh.unlink()
    code, doc = _verify(gover, mc)
    assert code == 1
    assert [(p["kind"], p["module"], p["reason"].split(" (")[0]) for p in doc["corrupt"]] == \
        [("ziphash", "example.com/gamma", "missing ziphash")]


def test_verify_against_go_sum(gover, mc: Path, projects, tmp_path: Path) -> None:
    code, doc = _verify(gover, mc, "--against", str(projects["b"]))
    assert code == 0 and doc["corrupt"] == [] and doc["not_cached"] == []
    gosum = (projects["b"] / "go.sum").read_text()
    line = next(ln for ln in gosum.splitlines() if ln.startswith("example.com/gamma v1.0.0 "))
    bad = tmp_path / "go.sum"
    bad.write_text(gosum.replace(line, "example.com/gamma v1.0.0 h1:" + "A" * 43 + "=")
                   + "example.com/absent v1.2.3 h1:" + "B" * 43 + "=\n")
    code, doc = _verify(gover, mc, "--against", str(bad))
    assert code == 1
    assert [(p["kind"], p["module"]) for p in doc["corrupt"]] == [("gosum", "example.com/gamma")]
    assert doc["not_cached"] == [{"module": "example.com/absent", "version": "v1.2.3"}]
    # Only the versions this go.sum mentions were checked (project b: alpha v1.0.0, gamma):
    # for each its tree, zip, go.sum hash and go.mod hash.
    assert doc["checked"] == 8


def test_a_tampered_go_sum_is_blamed_not_the_cache(gover, mc: Path, projects, tmp_path: Path,
                                                  shared_go_caches) -> None:
    b = tmp_path / "b"
    shutil.copytree(projects["b"], b)
    gosum = (b / "go.sum").read_text()
    line = next(ln for ln in gosum.splitlines() if ln.startswith("example.com/gamma v1.0.0 "))
    (b / "go.sum").write_text(gosum.replace(line, "example.com/gamma v1.0.0 h1:" + "A" * 43 + "="))
    # The real go refuses the build: go.sum disagrees with the (consistent) cache.
    real = _offline(mc, b, ["build", "-o", os.devnull, "."], shared_go_caches)
    assert real.returncode == 1 and "checksum mismatch" in real.stderr and "SECURITY ERROR" in real.stderr
    before = _versions(gover, mc)

    r = gover("modcache", "verify", "--against", str(b / "go.sum"), env=_env(mc))
    assert r.code == 1 and "--delete-bad" in r.err and "Remove them with --delete-bad" not in r.err
    assert "the module cache is consistent" in r.err and "go.sum is what is wrong, not the cache" in r.err
    assert "go mod download MODULE@VERSION" in r.err
    code, doc = _verify(gover, mc, "--against", str(b / "go.sum"))
    assert code == 1 and doc["gosum_disagrees"] == [{"module": "example.com/gamma", "version": "v1.0.0"}]
    # --delete-bad keeps the good cache: deleting it would not repair go.sum.
    code, doc = _verify(gover, mc, "--against", str(b / "go.sum"), "--delete-bad")
    assert code == 1 and doc["deleted"] == [] and _versions(gover, mc) == before

    # The advice works: drop the line, go mod download records it again (offline: from the cache).
    (b / "go.sum").write_text("".join(ln + "\n" for ln in gosum.splitlines() if ln != line))
    must(_offline(mc, b, ["mod", "download", "example.com/gamma@v1.0.0"], shared_go_caches))
    assert line in (b / "go.sum").read_text().splitlines()
    must(_offline(mc, b, ["build", "-o", os.devnull, "."], shared_go_caches))
    assert _verify(gover, mc, "--against", str(b / "go.sum"))[0] == 0


def _versions(gover, mc: Path) -> set[tuple[str, str]]:
    doc = json.loads(gover("modcache", "scan", "--json", env=_env(mc)).out)
    return {(v["module"], v["version"]) for v in doc["versions"]}


def test_prune_unused_by_keeps_what_projects_need(gover, mc: Path, projects, proxy,
                                                  shared_go_caches) -> None:
    sumdb = mc / "cache/download/sumdb/sum.golang.org/lookup/example.com/x@v1.0.0"
    sumdb.parent.mkdir(parents=True)
    sumdb.write_text("kept")
    vcs = mc / "cache/vcs/0123abcd/HEAD"
    vcs.parent.mkdir(parents=True)
    vcs.write_text("ref: refs/heads/main\n")
    locks = sorted(mc.glob("cache/download/**/*.lock"))
    assert locks

    r = gover("modcache", "prune", "--unused-by", str(projects["a"]), "--dry-run", "--json", env=_env(mc))
    assert r.code == 0, r
    unused = {("example.com/alpha", "v1.0.0"), ("example.com/gamma", "v1.0.0")}
    assert {(v["module"], v["version"]) for v in json.loads(r.out)["removed"]} == unused
    assert _versions(gover, mc) == set(gocaches.MODULES)

    r = gover("modcache", "prune", "--unused-by", str(projects["a"]), "--json", env=_env(mc))
    assert r.code == 0, r
    assert _versions(gover, mc) == set(gocaches.MODULES) - unused
    assert not (mc / "example.com" / "gamma@v1.0.0").exists()  # a read-only tree, removed
    assert sumdb.read_text() == "kept" and vcs.exists()
    assert all(p.exists() for p in locks)
    listing = (mc / "cache/download/example.com/alpha/@v/list").read_text()
    assert listing == "v1.1.0\n"
    # Project a still builds with the network off; b fetches what it lost again.
    must(_offline(mc, projects["a"], ["build", "-o", os.devnull, "."], shared_go_caches))
    must(_go(mc, projects["b"], ["build", "-o", os.devnull, "."], proxy, shared_go_caches))
    assert _verify(gover, mc)[1]["corrupt"] == []


def test_prune_skips_a_version_whose_lock_is_held(gover, mc: Path, projects) -> None:
    lock = mc / "cache/download/example.com/gamma/@v/v1.0.0.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running go holds while fetching it
        r = gover("modcache", "prune", "--unused-by", str(projects["a"]), "--json", env=_env(mc))
    finally:
        os.close(fd)
    assert r.code == 0, r
    doc = json.loads(r.out)
    assert doc["busy"] == [{"module": "example.com/gamma", "version": "v1.0.0"}]
    assert ("example.com/gamma", "v1.0.0") in _versions(gover, mc)
    assert ("example.com/alpha", "v1.0.0") not in _versions(gover, mc)


def test_interrupted_tree_removal_is_repaired_by_go(gover, mc: Path, projects, shared_go_caches) -> None:
    """A crash mid-removal leaves the .partial marker: go re-extracts instead of using the rest."""
    from gover.cache import modcache, modremove

    scan = modcache.scan(str(mc))
    beta = next(v for v in scan.versions if v.path == "example.com/Upper/beta")
    partial = Path(modcache.download_file(str(mc), beta, "partial"))
    partial.write_bytes(b"")  # the first step of modremove._remove_tree
    victim = Path(beta.dir or "") / "beta.go"
    _writable(victim)
    victim.unlink()  # ... and a crash halfway through the tree
    must(_offline(mc, projects["a"], ["build", "-o", os.devnull, "."], shared_go_caches))
    assert victim.exists() and not partial.exists()
    modremove.remove_tree(str(mc), beta)
    assert not Path(beta.dir or "").exists() and not partial.exists()


def test_bad_arguments(gover, mc: Path, tmp_path: Path) -> None:
    r = gover("modcache", "prune", "--unused-by", str(tmp_path), env=_env(mc))
    assert r.code == 1 and f"{tmp_path}: no go.mod or go.work here" in r.err
    r = gover("modcache", "verify", "--against", str(tmp_path / "nope.sum"), env=_env(mc))
    assert r.code == 1 and "nope.sum" in r.err
    r = gover("modcache", "scan", env={**os.environ, "GOMODCACHE": "rel/mod"})
    assert r.code == 1 and 'GOMODCACHE entry is relative; must be absolute path: "rel/mod".' in r.err


def test_prune_keeps_what_a_go_mod_requires_without_a_go_sum(gover, mc: Path, projects,
                                                             tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "go.mod").write_text("module example.com/fresh\n\ngo 1.21\n\n"
                                  "require example.com/gamma v1.0.0\n")
    r = gover("modcache", "prune", "--unused-by", str(projects["a"]), str(fresh), "--dry-run",
              "--json", env=_env(mc))
    assert r.code == 0, r
    removed = {(v["module"], v["version"]) for v in json.loads(r.out)["removed"]}
    assert removed == {("example.com/alpha", "v1.0.0")}  # gamma is kept for the new project
