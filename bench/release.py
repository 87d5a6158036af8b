"""`gover release check` over 200 Go binaries vs `go version -m` over the same 200.

The binaries are release artifacts as a project ships them: one small HTTP
service built by go1.25.5 for linux/amd64 (cgo off, and cgo on: dynamic),
linux/arm64, darwin/arm64 and windows/amd64 (not stripped, 5-8 MB each), built
once into ``$GOVER_TEST_CACHE/bench/release-bins-go1.25.5`` and hard-linked 40
times each.  gover runs every check that reads the file alone (--target,
--static, --trimpath, --clean-vcs, --no-replace, --min-go: headers, program
headers, dynamic section or load commands or imports, build info); go prints
the build info.  Both are one fresh process over the 200 names; runs
alternate; bytecode caching is on for both runs (as for an installed gover).
Target: median ratio <= 3.

Also printed, without a target: the same over 200 links of the toolchains' own
executables (stripped: go's reader has almost nothing to load there, so
Python's start-up dominates), and the check with --vulns against a file://
copy of the tests' small vulnerability database.

    .venv/bin/python bench/release.py [runs]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, provision, report, timed

N = 200
GO = "1.25.5"
FLAGS = ["--target", "linux/amd64,linux/arm64,darwin/arm64,windows/amd64", "--static", "--trimpath",
         "--clean-vcs", "--no-replace", "--min-go", "1.21"]
SERVICE = """package main

import (
	"encoding/json"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"path": r.URL.Path})
	})
	http.ListenAndServe(":8080", nil)
}
"""
TARGETS = {"linux-amd64": ("linux", "amd64", "0"), "linux-amd64-cgo": ("linux", "amd64", "1"),
           "linux-arm64": ("linux", "arm64", "0"), "darwin-arm64": ("darwin", "arm64", "0"),
           "windows-amd64.exe": ("windows", "amd64", "0")}


def artifacts() -> list[Path]:
    """The five release binaries, built once and kept in the test cache."""
    dest = CACHE / "bench" / f"release-bins-go{GO}"
    if all((dest / n).exists() for n in TARGETS):
        return [dest / n for n in TARGETS]
    tmp = Path(tempfile.mkdtemp(prefix="gover-bench-build-"))
    try:
        (tmp / "go.mod").write_text("module example.com/service\n\ngo 1.21\n")
        (tmp / "main.go").write_text(SERVICE)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "CGO_"))}
        env.update(GOCACHE=str(tmp / "cache"), GOPATH=str(tmp / "gopath"), GOTOOLCHAIN="local",
                   GOFLAGS="-modcacherw", GOPROXY="off", HOME=str(tmp))
        go = str(CACHE / "toolchains" / f"go{GO}" / "bin" / "go")
        print(f"building the release binaries into {dest} (once; a minute or two)")
        dest.mkdir(parents=True, exist_ok=True)
        for name, (goos, goarch, cgo) in TARGETS.items():
            subprocess.run([go, "build", "-trimpath", "-o", str(dest / name), "."], cwd=tmp, check=True,
                           env={**env, "GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": cgo})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [dest / n for n in TARGETS]


def toolchain_exes() -> list[Path]:
    exes = []
    for root in sorted((CACHE / "toolchains").glob("go*")):
        exes += [e for e in [*(root / "bin").iterdir(), *(root / "pkg" / "tool").glob("*/*")]
                 if e.is_file() and os.access(e, os.X_OK)]
    return exes


def links(sources: list[Path], dest: Path, n: int) -> list[str]:
    dest.mkdir()
    files = []
    for i in range(n):
        src = sources[i % len(sources)]
        target = dest / f"{i:03d}-{src.name}"
        try:
            os.link(src, target)
        except OSError:
            shutil.copy2(src, target)
        files.append(str(target))
    return files


def compare(title: str, files: list[str], env: dict[str, str], runs: int, target: float | None) -> list[str]:
    go = str(CACHE / "toolchains" / f"go{GO}" / "bin" / "go")
    gover = [sys.executable, "-m", "gover", "release", "check", *FLAGS, *files]
    gocmd = [go, "version", "-m", *files]
    out = subprocess.run(gover, env=env, capture_output=True, text=True).stdout  # also writes the .pyc
    assert f"{N} binaries: " in out, out[-500:]
    subprocess.run(gocmd, env=env, capture_output=True, check=True)
    cand, base = [], []
    for _ in range(runs):
        cand.append(timed(lambda: subprocess.run(gover, env=env, capture_output=True)))
        base.append(timed(lambda: subprocess.run(gocmd, env=env, capture_output=True, check=True)))
    on_disk = sum(os.stat(f).st_size for f in files)
    report(f"{title}: {N} files, {on_disk / 1e6:.0f} MB", "gover release check (6 checks)",
           "go version -m", cand, base, target=target)
    return gover


def main(runs: int) -> None:
    provision()
    work = Path(tempfile.mkdtemp(prefix="gover-bench-release-"))
    try:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(GOENV="off", GOTOOLCHAIN="local", HOME=str(work), GOVER_HOME=str(work / "gover"))
        files = links(artifacts(), work / "dist", N)
        gover = compare("release artifacts (4 platforms, cgo on and off)", files, env, runs, 3.0)
        tools = links(toolchain_exes(), work / "tools", N)
        compare("toolchain executables (stripped)", tools, env, runs, None)

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.support import osvdb

        db = osvdb.standard(work / "vulndb")
        venv = {**env, "GOVULNDB": db.as_uri()}
        vcmd = [*gover[:5], "--vulns", *gover[5:]]
        vt = sorted(timed(lambda: subprocess.run(vcmd, env=venv, capture_output=True)) for _ in range(runs))
        print(f"release artifacts with --vulns (file:// database): median {vt[len(vt) // 2] * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
