"""What verification beyond the official site costs, each against a baseline in the same run.

1. ``gover install --source proxy`` of go1.22.10 from the cached module zip (signed-note
   and tile proof from a loopback checksum database, h1 of every file, exec bits,
   go.mod restored, bin/go version, atomic rename)  vs  ``unzip -q`` of the same zip.
   Target: ratio <= 1.5.
2. An official install with the checksum-database cross-check  vs  the same install
   without it (GOVER_CROSS_VERIFY=off), both from the cached archive.  Target <= 1.15.
3. ``gover install --bundle`` (copy out of the bundle, SHA-256, offline proof, h1)
   vs  the proxy install from the cache.  Target <= 1.3.

    .venv/bin/python bench/install_sources.py [runs]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import CACHE, provision, report, timed
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer
from tests.support.sumdb import ChecksumDB
from tests.support.toolchainproxy import Toolchain, ToolchainProxy, cached_zip

GOVER = [sys.executable, "-m", "gover", "-q"]


def run(env: dict[str, str], *args: str) -> None:
    subprocess.run(GOVER + list(args), env=env, check=True)


def fresh_install(env: dict[str, str], *args: str) -> Callable[[], None]:
    def go() -> None:
        subprocess.run(GOVER + ["uninstall", "1.22.10"], env=env, check=False, capture_output=True)
        subprocess.run(["sync"])
        run(env, "install", *args, "1.22.10")

    return go


def main(runs: int) -> None:
    provision()
    z, h1 = cached_zip(CACHE, CACHE / "toolchains" / "go1.22.10", "1.22.10")
    work = Path(tempfile.mkdtemp(prefix="gover-bench-"))
    try:
        with HTTPServer() as srv:
            db = ChecksumDB.create()
            url = db.mount(srv, "/sumdb")
            proxy = ToolchainProxy(srv)
            proxy.add(Toolchain("1.22.10", z, h1), db, at=300)
            site = DownloadSite(srv)
            site.add("go1.22.10", CACHE / "archives" / "go1.22.10.linux-amd64.tar.gz")
            env = {**os.environ, "GOVER_HOME": str(work / "gh"), "GOVER_DL_URL": site.base,
                   "GOPROXY": proxy.url, "GOSUMDB": f"{db.key.vkey} {url}", "GOVER_SOURCES": "proxy"}
            official = {**env, "GOVER_SOURCES": "official"}
            run(env, "install", "1.22.10")  # fills both download caches
            fresh_install(official)()
            bundle = work / "go.bundle"
            run(env, "bundle", "create", "1.22.10", "-o", str(bundle))

            proxy_t, unzip_t, cross_t, plain_t, bundle_t, proxy2_t = [], [], [], [], [], []
            for _ in range(runs):
                proxy_t.append(timed(fresh_install(env)))
                dest = work / "unzip"
                shutil.rmtree(dest, ignore_errors=True)
                subprocess.run(["sync"])
                unzip = ["unzip", "-q", str(z), "-d", str(dest)]
                unzip_t.append(timed(lambda cmd=unzip: subprocess.run(cmd, check=True)))
                cross_t.append(timed(fresh_install({**official, "GOVER_CROSS_VERIFY": "auto"})))
                plain_t.append(timed(fresh_install({**official, "GOVER_CROSS_VERIFY": "off"})))
                bundle_t.append(timed(fresh_install(env, "--bundle", str(bundle))))
                proxy2_t.append(timed(fresh_install(env)))
        report("1. install go1.22.10 from GOPROXY (cached zip, checksum database proof)",
               "gover install --source proxy", "unzip -q (same zip)", proxy_t, unzip_t, target=1.5)
        report("2. official install: cross-check with the checksum database",
               "GOVER_CROSS_VERIFY=auto", "GOVER_CROSS_VERIFY=off", cross_t, plain_t, target=1.15)
        report("3. offline bundle install", "gover install --bundle", "gover install --source proxy",
               bundle_t, proxy2_t, target=1.3)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
