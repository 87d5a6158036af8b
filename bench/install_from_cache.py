"""Installing go1.22.10 from the download cache vs extracting the same file by hand.

Two cases, each against its own baseline, from a warm page cache into a fresh
directory, runs alternating so disk writeback hits both alike:

- the official archive vs ``tar -xzf``: gover also re-verifies the archive's
  SHA-256 and checks every symlink's resolved target;
- the golang.org/toolchain module zip (GOPROXY source) vs ``unzip``: gover also
  checks the zip against Go's module-zip limits, hashes every member for its
  ``h1:`` *before* extracting (and compares it with a loopback checksum database).

Both also run the new bin/go version and rename it into place.  Target: median
ratio <= 1.3 for the archive.

    .venv/bin/python bench/install_from_cache.py [runs]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CACHE, provision, report, timed
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer


def _rounds(runs: int, env: dict[str, str], baseline: list[str],
            dest: Path) -> tuple[list[float], list[float]]:
    gover = [sys.executable, "-m", "gover", "-q", "install", "1.22.10"]
    subprocess.run(gover, env=env, check=True)  # fills the download cache
    cand, base = [], []
    for _ in range(runs):
        subprocess.run([sys.executable, "-m", "gover", "-q", "uninstall", "1.22.10"], env=env, check=True)
        subprocess.run(["sync"])
        cand.append(timed(lambda: subprocess.run(gover, env=env, check=True)))
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir()
        subprocess.run(["sync"])
        base.append(timed(lambda: subprocess.run(baseline, check=True, stdout=subprocess.DEVNULL)))
    return cand, base


def main(runs: int) -> None:
    provision()
    from tests.conftest import toolchain_root
    from tests.support.sumdb import ChecksumDB
    from tests.support.toolchainproxy import Toolchain, ToolchainProxy, cached_zip

    archive = CACHE / "archives" / "go1.22.10.linux-amd64.tar.gz"
    work = Path(tempfile.mkdtemp(prefix="gover-bench-"))
    try:
        with HTTPServer() as srv:
            site = DownloadSite(srv)
            site.add("go1.22.10", archive)
            env = {**os.environ, "GOVER_HOME": str(work / "gh"), "GOVER_DL_URL": site.base,
                   "GOVER_SOURCES": "official", "GOVER_CROSS_VERIFY": "off"}
            dest = work / "tar"
            cand, base = _rounds(runs, env, ["tar", "-xzf", str(archive), "-C", str(dest)], dest)
            report("install go1.22.10 from the download cache", "gover install (cached archive)",
                   "tar -xzf (same archive)", cand, base, target=1.3)

            z, h1 = cached_zip(CACHE, toolchain_root("1.22.10"), "1.22.10")
            db = ChecksumDB.create()
            db_url = db.mount(srv, "/sumdb")
            ToolchainProxy(srv).add(Toolchain("1.22.10", z, h1), db)
            env = {**os.environ, "GOVER_HOME": str(work / "gh-proxy"), "GOVER_SOURCES": "proxy",
                   "GOPROXY": srv.url + "/proxy", "GOSUMDB": f"{db.key.vkey} {db_url}",
                   "GOVER_DL_URL": site.base}
            dest = work / "unzip"
            cand, base = _rounds(runs, env, ["unzip", "-q", "-o", str(z), "-d", str(dest)], dest)
            report("install go1.22.10 from the cached toolchain module zip", "gover install (cached zip)",
                   "unzip -q (same zip)", cand, base)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
