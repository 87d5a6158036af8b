"""A build cache seeded by ``go build std`` (go1.22.10), built once and kept in the
test cache (``$GOVER_TEST_CACHE/bench/gocache-std-go1.22.10``) for the cache benchmarks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from _common import CACHE, provision

VERSION = "1.22.10"


def std_cache() -> Path:
    provision()
    dest = CACHE / "bench" / f"gocache-std-go{VERSION}"
    if (dest / "README").exists():
        return dest
    tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update(GOCACHE=str(tmp), GOTOOLCHAIN="local", GOFLAGS="", GOPROXY="off")
    go = CACHE / "toolchains" / f"go{VERSION}" / "bin" / "go"
    print(f"seeding {dest} with `go build std` (once; a minute or two)")
    subprocess.run([str(go), "build", "std"], env=env, check=True, cwd=tmp.parent)
    os.rename(tmp, dest)
    return dest


def gover_env(cache: Path) -> dict[str, str]:
    return {**os.environ, "GOCACHE": str(cache)}
