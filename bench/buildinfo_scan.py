"""`gover buildinfo DIR` vs `go version -m DIR` over the real Go binaries of the test toolchains.

The directory holds every executable in bin/ and pkg/tool/*/ of each cached
toolchain (compile, link, vet, go, gofmt … about 20 per release, up to ~20 MB
each), once and then ten times over (hard links).  Both commands walk it and
print the same text (checked); runs alternate.  Also printed: gover's peak RSS
against the largest file (memory must not grow with file size) and the bytes
gover reads against the bytes on disk.  Targets: median ratio <= 15 for one copy
(a Python start-up, ~100 ms, against a Go binary's few ms) and <= 8 for ten
(pure Python parsing, ~0.2 ms a binary, against compiled Go).

    .venv/bin/python bench/buildinfo_scan.py [runs]
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, provision, report, timed


def collect(dest: Path, copies: int) -> list[Path]:
    """Hard links (or copies) of every toolchain executable, ``copies`` times over."""
    files = []
    for root in sorted((CACHE / "toolchains").glob("go*")):
        for exe in [*(root / "bin").iterdir(), *(root / "pkg" / "tool").glob("*/*")]:
            if not (exe.is_file() and os.access(exe, os.X_OK)):
                continue
            for i in range(copies):
                target = dest / f"{root.name}-{exe.name}-{i}"
                try:
                    os.link(exe, target)
                except OSError:
                    shutil.copy2(exe, target)
                files.append(target)
    return files


def bytes_read(files: list[Path]) -> int:
    from gover.buildinfo import goio, read_file

    total = 0
    real = goio.FileReader.read_at

    def counting(self: goio.FileReader, size: int, off: int) -> goio.Read:
        nonlocal total
        data, short = real(self, size, off)
        total += len(data)
        return data, short

    goio.FileReader.read_at = counting  # type: ignore[method-assign]
    try:
        for f in files:
            read_file(str(f))
    finally:
        goio.FileReader.read_at = real  # type: ignore[method-assign]
    return total


def scan(work: Path, copies: int, runs: int, target: float) -> None:
    go = CACHE / "toolchains" / "go1.25.5" / "bin" / "go"
    d = work / f"bins{copies}"
    d.mkdir()
    files = collect(d, copies)
    env = {**os.environ, "GOENV": "off", "GOTOOLCHAIN": "local", "HOME": str(work)}
    gover = [sys.executable, "-m", "gover", "buildinfo", str(d)]
    gocmd = [str(go), "version", "-m", str(d)]
    ours = subprocess.run(gover, env=env, capture_output=True, check=True).stdout
    assert ours == subprocess.run(gocmd, env=env, capture_output=True, check=True).stdout
    cand, base = [], []
    for _ in range(runs):
        cand.append(timed(lambda: subprocess.run(gover, env=env, capture_output=True, check=True)))
        base.append(timed(lambda: subprocess.run(gocmd, env=env, capture_output=True, check=True)))
    on_disk = sum(f.stat().st_size for f in files)
    report(f"build info of {len(files)} Go binaries ({on_disk / 1e6:.0f} MB)", "gover buildinfo DIR",
           "go version -m DIR", cand, base, target=target)
    largest = max(f.stat().st_size for f in files)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak RSS of any child so far {rss:.0f} MB (largest binary {largest / 1e6:.0f} MB)")
    print(f"  gover read {bytes_read(files) / 1e3:.0f} kB of {on_disk / 1e6:.0f} MB on disk")


def main(runs: int) -> None:
    provision()
    work = Path(tempfile.mkdtemp(prefix="gover-bench-"))
    try:
        # One copy: Python's start-up dominates.  Ten: the cost per binary shows.
        scan(work, 1, runs, target=15.0)
        scan(work, 10, runs, target=8.0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
