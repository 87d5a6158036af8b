"""`gover cache verify --jobs 2` vs `sha256sum` of the same outputs on 2 processes.

The cache is seeded by `go build std`.  The baseline hashes exactly the files
gover hashes — every `-d` file and the executable inside every `-d` directory —
listed beforehand (so it pays no discovery), with `xargs -0 -P2 -n 32 sha256sum`.
gover also starts Python, walks the cache and parses every action entry.
Both run from a warm page cache.  Target: median ratio <= 1.5.

    .venv/bin/python bench/cache_verify.py [runs]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from _common import report, timed
from _gocache import gover_env, std_cache


def outputs(cache: Path) -> list[str]:
    files = []
    for p in sorted(cache.glob("??/*-d")):
        files += [str(f) for f in p.iterdir()] if p.is_dir() else [str(p)]
    return files


def main(runs: int) -> None:
    cache = std_cache()
    files = outputs(cache)
    with tempfile.NamedTemporaryFile("wb", suffix=".list") as lst:
        lst.write(b"\0".join(f.encode() for f in files))
        lst.flush()
        gover = [sys.executable, "-m", "gover", "cache", "verify", "--jobs", "2", "--json"]
        base_cmd = f"xargs -0 -P2 -n 32 sha256sum < {lst.name} > /dev/null"

        def run_gover() -> None:
            cp = subprocess.run(gover, env=gover_env(cache), capture_output=True, text=True)
            if cp.returncode != 0:
                raise SystemExit(f"gover cache verify failed: {cp.stdout}{cp.stderr}")

        def run_base() -> None:
            subprocess.run(base_cmd, shell=True, check=True)

        run_gover()
        run_base()  # warm the page cache for both
        cand, base = [], []
        for _ in range(runs):
            cand.append(timed(run_gover))
            base.append(timed(run_base))
    size = sum(Path(f).stat().st_size for f in files)
    report(f"verify a `go build std` cache ({len(files)} outputs, {size / 2**20:.0f} MiB)",
           "gover cache verify --jobs 2", "xargs -P2 sha256sum (same files)", cand, base, target=1.5)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
