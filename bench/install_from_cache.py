"""Installing go1.22.10 from the download cache vs `tar -xzf` of the same archive.

Both runs start from a warm page cache and extract the same ~68 MB archive into
a fresh directory; gover also re-verifies the archive's SHA-256, runs the new
bin/go version and renames it into place.  Runs alternate so disk writeback
hits both alike.  Target: median ratio <= 1.3.

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


def main(runs: int) -> None:
    provision()
    archive = CACHE / "archives" / "go1.22.10.linux-amd64.tar.gz"
    work = Path(tempfile.mkdtemp(prefix="gover-bench-"))
    gover = [sys.executable, "-m", "gover", "-q", "install", "1.22.10"]
    try:
        with HTTPServer() as srv:
            site = DownloadSite(srv)
            site.add("go1.22.10", archive)
            env = {**os.environ, "GOVER_HOME": str(work / "gh"), "GOVER_DL_URL": site.base,
                   "GOVER_SOURCES": "official"}
            subprocess.run(gover, env=env, check=True)  # fills the download cache
            cand, base = [], []
            for _ in range(runs):
                subprocess.run([sys.executable, "-m", "gover", "-q", "uninstall", "1.22.10"], env=env,
                               check=True)
                subprocess.run(["sync"])
                cand.append(timed(lambda: subprocess.run(gover, env=env, check=True)))
                dest = work / "tar"
                shutil.rmtree(dest, ignore_errors=True)
                dest.mkdir()
                subprocess.run(["sync"])
                untar = ["tar", "-xzf", str(archive), "-C", str(dest)]
                base.append(timed(lambda cmd=untar: subprocess.run(cmd, check=True)))
        report("install go1.22.10 from the download cache", "gover install (cached archive)",
               "tar -xzf (same archive)", cand, base, target=1.3)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
