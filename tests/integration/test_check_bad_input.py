"""``gover check`` and ``gover doctor`` on bad input: an unreadable go.sum, a go.work
reached through a symlink loop, go.work files using each other, symlink loops under the
repository, a 50 MB go.sum.  Each runs gover as a real process under a timeout (a hang
fails the test instead of stalling the suite) and asserts a clear finding or a one-line
error, the exit status, and no traceback; where go itself decides (does the build fail?),
the real go runs first and the severity follows it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import toolchain_root
from tests.support import verdicts
from tests.support.goproxy import add_module

pytestmark = pytest.mark.integration

GO = "1.25.5"
TIMEOUT = 30  # seconds: a few on a quiet machine; a hang would be forever


@pytest.fixture
def env(tmp_path: Path, shared_go_caches: dict[str, str]) -> dict[str, str]:
    proxy = tmp_path / "proxy"
    add_module(proxy, "example.com/dep", "v1.0.0", {"dep.go": "package dep\n"})
    return {**os.environ, "PATH": f"{toolchain_root(GO)}/bin:/usr/bin:/bin", "GOPROXY": proxy.as_uri(),
            "GOSUMDB": "off", "GOFLAGS": "-modcacherw", "GOMODCACHE": str(tmp_path / "modcache"),
            "GOCACHE": shared_go_caches["GOCACHE"]}


def gover(env: dict[str, str], *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    p = subprocess.run([sys.executable, "-m", "gover", *args], env=env, capture_output=True, text=True,
                       timeout=timeout)
    assert "Traceback" not in p.stderr and p.returncode in (0, 1), p
    return p


def check(env: dict[str, str], root: Path, timeout: float = TIMEOUT) -> tuple[int, list[dict[str, Any]]]:
    p = gover(env, "check", str(root), "--format", "json", "--no-go", timeout=timeout)
    return p.returncode, json.loads(p.stdout)["findings"]


def doctor(env: dict[str, str], d: Path, timeout: float = TIMEOUT) -> tuple[int, list[dict[str, Any]]]:
    p = gover(env, "doctor", "--dir", str(d), "--json", timeout=timeout)
    return p.returncode, json.loads(p.stdout)["findings"]


def go(env: dict[str, str], d: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["go", *args], cwd=d, env=env, capture_output=True, text=True, timeout=120)


def small(tmp_path: Path) -> Path:
    root = tmp_path / "r"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n")
    (root / "m.go").write_text('package m\n\nimport _ "example.com/dep"\n')
    return root


def test_an_unreadable_go_sum(tmp_path: Path, env: dict[str, str]) -> None:
    root = small(tmp_path)
    for make, go_says in ((lambda p: p.mkdir(), "go.sum: is a directory"),  # unreadable for root too
                          (lambda p: p.symlink_to("go.sum"), "too many levels of symbolic links")):
        make(root / "go.sum")
        p = go(env, root, "build", "-mod=mod", "./...")  # -mod=mod: go reads go.sum to add to it
        assert p.returncode == 1 and go_says in p.stderr, p.stderr
        code, found = check(env, root)
        (f,) = [f for f in found if f["file"] == "go.sum"]
        assert code == 1 and (f["code"], f["severity"]) == ("gosum", "error"), found
        assert f["message"] in ("go.sum is not a regular file", "cannot read go.sum: Too many levels of "
                                "symbolic links"), f
        verdicts.record(f"bad input: go.sum {go_says.split(': ')[-1]}", "check", "gosum",
                        [x["code"] for x in found if x["severity"] == "error"], GO)
        code, dfound = doctor(env, root)
        assert code == 1 and any(d["id"] == "gosum-incomplete" and str(root / "go.sum") in d["evidence"]
                                 for d in dfound), dfound
        verdicts.record(f"bad input: go.sum {go_says.split(': ')[-1]}", "doctor", "gosum-incomplete",
                        [d["id"] for d in dfound if d["severity"] == "error"], GO)
        (root / "go.sum").rmdir() if (root / "go.sum").is_dir() else (root / "go.sum").unlink()
    os.mkfifo(root / "go.sum")  # opening a FIFO would block until a writer comes: never opened
    code, found = check(env, root)
    assert code == 1 and [f["message"] for f in found if f["file"] == "go.sum"] == \
        ["go.sum is not a regular file"]
    assert doctor(env, root)[0] == 1
    (root / "go.sum").unlink()
    if os.geteuid() != 0:  # root reads a mode-000 file anyway: the directory above stands in
        (root / "go.sum").write_text("")
        (root / "go.sum").chmod(0)
        code, found = check(env, root)
        assert code == 1 and any(f["message"].startswith("cannot read go.sum") for f in found), found


def test_a_go_work_through_a_symlink_loop_is_ignored_as_go_ignores_it(tmp_path: Path,
                                                                     env: dict[str, str]) -> None:
    root = small(tmp_path)
    assert go(env, root, "mod", "tidy").returncode == 0
    (root / "go.work").symlink_to("go.work")
    # go stats go.work, fails, and builds the module on its own.
    assert go(env, root, "env", "GOWORK").stdout.strip() == ""
    assert go(env, root, "build", "./...").returncode == 0
    code, found = check(env, root)
    assert code == 0 and [(f["code"], f["severity"]) for f in found if f["file"] == "go.work"
                          and f["code"] == "workspace"] == [("workspace", "warning")], found
    (w,) = [f for f in found if f["code"] == "workspace"]
    assert "go ignores it" in w["message"] and "Too many levels of symbolic links" in w["message"]
    verdicts.record("bad input: go.work a symlink loop (go ignores it)", "check", None,
                    [f["code"] for f in found if f["severity"] == "error"], GO)
    code, dfound = doctor(env, root)
    assert code == 0 and [d for d in dfound if d["severity"] == "error"] == [], dfound
    verdicts.record("bad input: go.work a symlink loop (go ignores it)", "doctor", None,
                    [d["id"] for d in dfound if d["severity"] == "error"], GO)


def test_a_go_work_use_cycle_and_symlink_loops_under_the_repository(tmp_path: Path,
                                                                   env: dict[str, str]) -> None:
    root = tmp_path / "ws"
    (root / "a").mkdir(parents=True)
    (root / "a" / "go.mod").write_text("module example.com/a\n\ngo 1.21\n")
    (root / "a" / "a.go").write_text("package a\n")
    (root / "a" / "back").symlink_to("..")  # a directory loop under the repository
    (root / "self").symlink_to(".")
    (root / "loop.mod").symlink_to("loop.mod")
    (root / "b").mkdir()
    (root / "b" / "go.mod").symlink_to("go.mod")  # a go.mod that is a loop
    (root / "go.work").write_text("go 1.21\n\nuse ./a\nuse ./self/a\nuse ./a/back/a\n")
    p = go(env, root / "a", "build", "./...")
    assert p.returncode == 1 and "appears multiple times in workspace" in p.stderr, p.stderr
    start = time.monotonic()
    code, found = check(env, root)
    msgs = {(f["code"], f["file"], f["line"]): f["message"] for f in found}
    assert code == 1 and "already in the workspace" in msgs[("workspace", "go.work", 4)], found
    assert msgs[("parse", "b/go.mod", 0)].startswith("cannot read b/go.mod")
    assert go(env, root / "b", "build", ".").returncode == 1  # go cannot read b/go.mod either
    errs = [f for f in found if f["severity"] == "error"]
    verdicts.record("bad input: go.work uses one module through symlink loops", "check", "workspace",
                    sorted({f["code"] for f in errs if f["file"] != "b/go.mod"}), GO)
    verdicts.record("bad input: a go.mod that is a symlink loop", "check", "parse",
                    sorted({f["code"] for f in errs if f["file"] == "b/go.mod"}), GO)
    code, dfound = doctor(env, root / "a")
    assert code == 1 and "workspace-broken" in [d["id"] for d in dfound if d["severity"] == "error"]
    verdicts.record("bad input: go.work uses one module through symlink loops", "doctor", "workspace-broken",
                    sorted({d["id"] for d in dfound if d["severity"] == "error"}), GO)
    # Two go.work files using each other's directories: each is read once, no recursion.
    (root / "b" / "go.mod").unlink()
    other = tmp_path / "other"
    other.mkdir()
    (other / "go.mod").write_text("module example.com/other\n\ngo 1.21\n")
    (other / "go.work").write_text("go 1.21\n\nuse .\nuse ../ws/a\n")
    (root / "go.work").write_text("go 1.21\n\nuse ./a\nuse ../other\n")
    assert go(env, root / "a", "build", "./...").returncode == 0
    code, found = check(env, root)
    assert code == 0 and [f for f in found if f["severity"] == "error"] == [], found
    verdicts.record("bad input: two go.work files using each other", "check", None,
                    [f["code"] for f in found if f["severity"] == "error"], GO)
    code, dfound = doctor(env, other)
    assert code == 0, dfound
    assert time.monotonic() - start < 4 * TIMEOUT


def test_a_50_mb_go_sum(tmp_path: Path, env: dict[str, str]) -> None:
    root = small(tmp_path)
    line = "example.com/pad{:07d} v1.0.0 h1:" + "A" * 43 + "=\n"
    with open(root / "go.sum", "w") as f:
        n = 0
        while f.tell() < 50 << 20:
            f.write(line.format(n))
            n += 1
        f.write("example.com/dep v1.0.0/go.mod h1:" + "B" * 43 + "=\n")
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    code, found = check(env, root, timeout=120)  # ~3 s of CPU here; the wall clock waits on a busy machine
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    (f,) = [f for f in found if f["severity"] == "error"]
    assert code == 1 and (f["code"], f["file"], f["line"]) == ("gosum", "m.go", 3), found  # the missing h1
    verdicts.record("bad input: a 50 MB go.sum missing one h1", "check", "gosum", [f["code"]], GO)
    code, dfound = doctor(env, root, timeout=120)
    assert code == 1 and "gosum-incomplete" in [d["id"] for d in dfound if d["severity"] == "error"]
    verdicts.record("bad input: a 50 MB go.sum missing one h1", "doctor", "gosum-incomplete",
                    [d["id"] for d in dfound if d["severity"] == "error"], GO)
    assert took < 15, took
