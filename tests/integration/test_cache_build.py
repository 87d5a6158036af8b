"""gover cache scan|verify|prune on real build caches made by go1.22.10 and go1.25.5."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import toolchain_root
from tests.support import gocaches
from tests.support.gocaches import GO_NEW, GO_OLD, go, go_env, must

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def real_cache(tmp_path_factory: pytest.TempPathFactory) -> gocaches.BuildCache:
    roots = {v: toolchain_root(v) for v in (GO_OLD, GO_NEW)}
    base = tmp_path_factory.mktemp("buildcache")
    return gocaches.build_cache(base, roots, dict(os.environ))


@pytest.fixture
def cache(real_cache: gocaches.BuildCache, tmp_path: Path) -> Path:
    """A private copy of the session's real cache, free to damage."""
    return real_cache.copy(tmp_path / "gocache")


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "GOCACHE": str(cache)}


def _verify(gover, cache: Path, *extra: str) -> tuple[int, dict]:
    r = gover("cache", "verify", "--json", "--jobs", "2", *extra, env=_env(cache))
    assert r.err == "" or r.code != 3, r
    return r.code, json.loads(r.out)


def _outputs(cache: Path, *, exe: bool) -> list[Path]:
    found = [p for p in sorted(cache.glob("??/*-d")) if p.is_dir() == exe]
    assert found
    return found


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _go_builds(real_cache: gocaches.BuildCache, cache: Path, *versions: str, full: bool = False) -> None:
    """The real go still builds with this cache (``full``: also tests and runs, which
    after a big prune costs a rebuild of the testing packages, so only where cheap)."""
    e = go_env(dict(os.environ), GOCACHE=str(cache))
    for v in versions or (GO_OLD, GO_NEW):
        must(go(real_cache.roots[v], ["build", "-o", os.devnull, "."], real_cache.project, e))
    if full:
        must(go(real_cache.roots[GO_OLD], ["test", "."], real_cache.project, e))
        assert "hi" in must(go(real_cache.roots[GO_NEW], ["run", "."], real_cache.project, e)).stderr


def test_clean_cache_verifies_and_has_an_executable_entry(gover, cache: Path) -> None:
    exe_dirs = _outputs(cache, exe=True)  # go1.25 `go run` caches the binary in a -d directory
    assert len(list(exe_dirs[0].iterdir())) == 1
    code, doc = _verify(gover, cache)
    assert code == 0
    assert doc["corrupt"] == []
    assert doc["checked"] == len(gocaches.entries(cache))


def test_verify_names_exactly_the_damaged_entries(gover, real_cache, cache: Path) -> None:
    files = _outputs(cache, exe=False)
    big = [p for p in files if p.stat().st_size > 1000]
    flipped, truncated, deleted = big[0], big[1], big[2]
    _flip(flipped, flipped.stat().st_size // 2)  # same size: Go's size check misses it
    with open(truncated, "r+b") as f:
        f.truncate(truncated.stat().st_size - 7)
    deleted.unlink()  # a missing output is only a miss, not damage
    exe = next(_outputs(cache, exe=True)[0].iterdir())
    _flip(exe, 100)

    actions = sorted(cache.glob("??/*-a"))
    short, long_, wrong_id, bad_size = actions[0], actions[1], actions[2], None
    short.write_bytes(short.read_bytes()[:100])
    long_.write_bytes(long_.read_bytes() + b"x")
    data = wrong_id.read_bytes()
    wrong_id.write_bytes(data[:3] + (b"0" if data[3:4] != b"0" else b"1") + data[4:])
    # An action whose output is intact but whose recorded size is wrong.
    for a in actions[3:]:
        out_id = a.read_bytes()[68:132].decode()
        out = cache / out_id[:2] / f"{out_id}-d"
        if out.is_file() and out not in (flipped, truncated) and out.stat().st_size > 0:
            bad_size = a
            raw = a.read_bytes()
            size = int(raw[133:153])
            a.write_bytes(raw[:133] + f"{size + 1:20d}".encode() + raw[153:])
            break
    assert bad_size is not None
    misplaced = cache / "00" / actions[4].name  # right name, wrong subdirectory
    if actions[4].name[:2] != "00":
        shutil.copy(actions[4], misplaced)

    code, doc = _verify(gover, cache)
    assert code == 1
    got = {(Path(p["path"]).relative_to(cache).as_posix(), p["kind"]) for p in doc["corrupt"]}
    rel = lambda p: p.relative_to(cache).as_posix()  # noqa: E731
    want = {(rel(flipped), "output"), (rel(truncated), "output"), (rel(exe.parent), "output"),
            (rel(short), "action"), (rel(long_), "action"), (rel(wrong_id), "action"),
            (rel(bad_size), "action")}
    if actions[4].name[:2] != "00":
        want.add((rel(misplaced), "action"))
    assert got == want
    reasons = {Path(p["path"]).name: p["reason"] for p in doc["corrupt"]}
    assert reasons[short.name].startswith("entry file incomplete")
    assert reasons[long_.name] == "too long"
    assert reasons[wrong_id.name].startswith("mismatched ID")

    before = gocaches.entries(cache)
    code, doc2 = _verify(gover, cache, "--delete-bad", "--dry-run")
    assert code == 1 and doc2["deleted"] == [] and gocaches.entries(cache) == before

    code, doc3 = _verify(gover, cache, "--delete-bad")
    assert code == 0
    assert sorted(doc3["deleted"]) == sorted(p["path"] for p in doc["corrupt"])
    assert gocaches.entries(cache) == before - {p for p, _ in want}
    assert _verify(gover, cache)[1]["corrupt"] == []
    _go_builds(real_cache, cache, full=True)
    assert _verify(gover, cache)[1]["corrupt"] == []


def test_garbage_never_crashes_verify(gover, cache: Path) -> None:
    (cache / "ab" / ("ab" * 32 + "-a")).mkdir()  # a directory where an action belongs
    (cache / "ab" / "zz-d").write_bytes(b"")  # not a hex ID
    os.symlink("/etc/passwd", cache / "cd" / ("cd" * 32 + "-d"))
    empty_exe = cache / "ef" / ("ef" * 32 + "-d")
    empty_exe.mkdir()
    (cache / "fe").rename(cache / "fe.moved")
    (cache / "fe").write_text("not a directory")
    (cache / "stray.txt").write_text("left by someone")
    code, doc = _verify(gover, cache, "--delete-bad")
    kinds = {Path(p["path"]).name: p["kind"] for p in doc["corrupt"]}
    assert kinds == {"ab" * 32 + "-a": "action", "zz-d": "output", "cd" * 32 + "-d": "output",
                     "ef" * 32 + "-d": "output", "fe": "subdir"}
    assert code == 0 and Path("/etc/passwd").exists()
    assert (cache / "stray.txt").exists()  # not Go's, so not verify's to delete


def test_scan_reports_counts_sizes_and_layout(gover, real_cache, cache: Path) -> None:
    e = go_env(dict(os.environ), GOCACHE=str(cache))
    must(go(real_cache.roots[GO_OLD], ["clean", "-testcache"], real_cache.project, e))
    (cache / "stray.txt").write_text("x")
    r = gover("cache", "scan", "--json", env=_env(cache))
    assert r.code == 0, r
    doc = json.loads(r.out)
    du = subprocess.run(["du", "-s", "-B1", str(cache)], capture_output=True, text=True, check=True)
    assert doc["bytes"] == int(du.stdout.split()[0])
    assert doc["actions"]["count"] == len(list(cache.glob("??/*-a")))
    assert doc["outputs"]["count"] == len([p for p in cache.glob("??/*-d") if p.is_file()])
    assert doc["outputs"]["executables"] >= 1
    assert sum(b["entries"] for b in doc["ages"]) == len(gocaches.entries(cache))
    expire_ns = int((cache / "testexpire.txt").read_text())
    assert doc["test_results_valid_after"] == time.strftime(
        "%Y-%m-%dT%H:%M:%SZ", time.gmtime(expire_ns / 1e9))
    assert doc["trim"]["state"] == "ok"
    assert [o["path"] for o in doc["oddities"]] == [str(cache / "stray.txt")]
    text = gover("cache", "scan", env=_env(cache))
    assert text.code == 0 and str(cache) in text.out and "go clean -testcache" in text.out


def _age(paths: list[Path], days: float) -> None:
    t = time.time() - days * 86400
    for p in paths:
        os.utime(p, (t, t), follow_symlinks=False)


def test_prune_older_than_removes_exactly_the_old_entries(gover, real_cache, cache: Path) -> None:
    all_entries = sorted(cache.glob("??/*-[ad]"))
    old = all_entries[::3]
    _age(old, 20)
    (cache / "fuzz" / "x").mkdir(parents=True)
    (cache / "fuzz" / "x" / "corpus").write_text("keep")
    _age([cache / "README", cache / "trim.txt", cache / "fuzz" / "x" / "corpus"], 400)
    before = gocaches.entries(cache)
    trim = (cache / "trim.txt").read_bytes()

    r = gover("cache", "prune", "--older-than", "10d", "--dry-run", "--json", env=_env(cache))
    assert r.code == 0, r
    assert gocaches.entries(cache) == before
    assert {p["path"] for p in json.loads(r.out)["removed"]} == {str(p) for p in old}

    r = gover("cache", "prune", "--older-than", "10d", "--json", env=_env(cache))
    assert r.code == 0, r
    assert gocaches.entries(cache) == before - {str(p.relative_to(cache)) for p in old}
    assert (cache / "fuzz" / "x" / "corpus").read_text() == "keep"
    assert (cache / "README").exists() and (cache / "trim.txt").read_bytes() == trim
    assert _verify(gover, cache)[1]["corrupt"] == []
    _go_builds(real_cache, cache, GO_OLD)


def test_prune_max_size_removes_oldest_first(gover, real_cache, cache: Path) -> None:
    ordered = sorted(cache.glob("??/*-[ad]"))
    for i, p in enumerate(ordered):  # distinct ages: the first is the oldest
        t = time.time() - (len(ordered) - i) * 60
        os.utime(p, (t, t))
    total = json.loads(gover("cache", "scan", "--json", env=_env(cache)).out)["bytes"]
    budget = total // 2
    r = gover("cache", "prune", "--max-size", str(budget), "--json", env=_env(cache))
    assert r.code == 0, r
    doc = json.loads(r.out)
    removed = [Path(p["path"]) for p in doc["removed"]]
    assert removed == ordered[: len(removed)]  # a prefix of the oldest
    after = json.loads(gover("cache", "scan", "--json", env=_env(cache)).out)["bytes"]
    assert after <= budget and after == doc["after_bytes"]
    _go_builds(real_cache, cache, GO_NEW)


def test_prune_refuses_while_go_runs_unless_forced(gover, real_cache, cache: Path, tmp_path: Path) -> None:
    prog = gocaches.write_program(tmp_path / "sleeper", "example.com/sleeper")
    (prog / "main.go").write_text('package main\n\nimport "time"\n\n'
                                  'func main() { println("up"); time.Sleep(60 * time.Second) }\n')
    e = go_env(dict(os.environ), GOCACHE=str(cache))
    proc = subprocess.Popen([str(real_cache.roots[GO_OLD] / "bin" / "go"), "run", "."], cwd=prog, env=e,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stderr is not None and proc.stderr.readline().strip() == "up"
        old = sorted(cache.glob("??/*-[ad]"))[::10]
        _age(old, 30)
        before = gocaches.entries(cache)
        r = gover("cache", "prune", "--older-than", "7d", env=_env(cache))
        assert r.code == 1
        assert f"pid {proc.pid}" in r.err and "--force" in r.err
        assert gocaches.entries(cache) == before
        dry = gover("cache", "prune", "--older-than", "7d", "--dry-run", env=_env(cache))
        assert dry.code == 0 and "warning" in dry.err and gocaches.entries(cache) == before
        r = gover("cache", "prune", "--older-than", "7d", "--force", "--json", env=_env(cache))
        assert r.code == 0, r
        assert [p["pid"] for p in json.loads(r.out)["go_processes"]] == [proc.pid]
        assert gocaches.entries(cache) == before - {str(p.relative_to(cache)) for p in old}
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    _go_builds(real_cache, cache, GO_OLD)


def test_deletes_never_follow_symlinks_out(gover, cache: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / ("aa" * 32 + "-d")
    victim.write_text("precious")
    old = time.time() - 100 * 86400
    os.utime(victim, (old, old))
    shutil.rmtree(cache / "aa")
    os.symlink(outside, cache / "aa")  # a whole subdirectory pointing elsewhere
    link = cache / "bb" / ("bb" * 32 + "-d")
    os.symlink(victim, link)
    os.utime(link, (old, old), follow_symlinks=False)
    r = gover("cache", "prune", "--older-than", "1d", env=_env(cache))
    assert r.code == 0, r
    code, doc = _verify(gover, cache, "--delete-bad")
    assert victim.read_text() == "precious"
    assert not (cache / "aa").exists() and not link.is_symlink()  # the links themselves went
    assert {Path(p["path"]).name for p in doc["corrupt"]} == {"aa", link.name}


@pytest.mark.parametrize("setting, message", [
    ("off", "build cache is disabled by GOCACHE=off, but required as of Go 1.12"),
    ("relative/dir", "build cache is required, but could not be located: GOCACHE is not an absolute path"),
])
def test_unusable_gocache_fails_like_go(gover, real_cache, setting: str, message: str) -> None:
    e = go_env(dict(os.environ), GOCACHE=setting)
    real = go(real_cache.roots[GO_NEW], ["build", "-o", os.devnull, "."], real_cache.project, e)
    assert real.returncode != 0 and message in real.stderr
    r = gover("cache", "scan", env={**os.environ, "GOCACHE": setting})
    assert r.code == 1 and r.err.splitlines()[0] == f"gover: {message}"


def test_gocache_from_go_env_file_and_default(gover, real_cache, tmp_path: Path) -> None:
    e = go_env(dict(os.environ))
    goroot = real_cache.roots[GO_NEW]
    assert go(goroot, ["env", "-w", f"GOCACHE={tmp_path / 'fromfile'}"], tmp_path, e).returncode == 0
    real = must(go(goroot, ["env", "GOCACHE"], tmp_path, e)).stdout.strip()
    doc = json.loads(gover("cache", "scan", "--json", env=e).out)
    assert doc["gocache"] == real == str(tmp_path / "fromfile")
    assert "go/env" in doc["origin"]
    must(go(goroot, ["env", "-u", "GOCACHE"], tmp_path, e))
    real = must(go(goroot, ["env", "GOCACHE"], tmp_path, e)).stdout.strip()
    assert json.loads(gover("cache", "scan", "--json", env=e).out)["gocache"] == real
    no_home = {k: v for k, v in e.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    real = go(goroot, ["build", "-o", os.devnull, "."], real_cache.project, no_home)
    r = gover("cache", "scan", env=no_home)
    assert r.code == 1 and r.err.splitlines()[0].removeprefix("gover: ") in real.stderr
