"""Concurrent installs, kill -9 at awkward moments, and a full disk — with real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import GOVER_CMD, toolchain_archive
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration
ARCHIVE_PATH = "/dl/go1.22.10.linux-amd64.tar.gz"


@pytest.fixture
def slow_site(monkeypatch: pytest.MonkeyPatch):
    """The real archive, served at ~25 MB/s so other processes can overlap with it."""
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", toolchain_archive("1.22.10"), rate=25_000_000)
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        yield site


def start_install(*extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(GOVER_CMD + ["install", "1.22.10", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def wait_for(cond, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def entries(d: Path) -> list[str]:
    return sorted(os.listdir(d)) if d.exists() else []


def test_two_installs_at_once_download_once(slow_site, isolated_env) -> None:
    home = isolated_env / "gover"
    a = start_install()
    wait_for(lambda: (home / "downloads" / "go1.22.10.linux-amd64.tar.gz.partial").exists())
    b = start_install()
    (_, a_err), (_, b_err) = a.communicate(timeout=300), b.communicate(timeout=300)
    assert a.returncode == 0 and b.returncode == 0, (a_err, b_err)
    assert "Installed go1.22.10" in a_err
    assert "Waiting for another gover to finish installing go1.22.10" in b_err
    assert "already installed" in b_err
    assert slow_site.server.hits(ARCHIVE_PATH) == 1
    assert entries(home / "versions") == ["go1.22.10"]


def test_kill_9_during_download_then_resume(slow_site, isolated_env, gover) -> None:
    home = isolated_env / "gover"
    partial = home / "downloads" / "go1.22.10.linux-amd64.tar.gz.partial"
    p = start_install()
    wait_for(lambda: partial.exists() and partial.stat().st_size > 5_000_000)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert entries(home / "versions") == []
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    ranges = [q.headers.get("Range") for q in slow_site.server.requests if q.path == ARCHIVE_PATH]
    assert ranges[0] is None and ranges[1] is not None and ranges[1].startswith("bytes=")


def test_kill_9_during_extraction_leaves_nothing_and_is_swept(slow_site, isolated_env, gover) -> None:
    home = isolated_env / "gover"
    p = start_install()

    def extracting() -> bool:
        tmps = [d for d in entries(home / "tmp") if d.startswith(".tmp-go1.22.10-")]
        return bool(tmps) and (home / "tmp" / tmps[0] / "src").exists()

    wait_for(extracting)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert entries(home / "versions") == []
    assert entries(home / "tmp")  # the crashed run's leftovers …
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    assert entries(home / "tmp") == []  # … are swept by the next run
    assert entries(home / "versions") == ["go1.22.10"]


def test_sweep_spares_a_running_install(slow_site, isolated_env) -> None:
    from gover.paths import Paths
    from gover.toolchain.store import Store

    home = isolated_env / "gover"
    p = start_install()
    wait_for(lambda: any(d.startswith(".tmp-") for d in entries(home / "tmp")))
    assert Store(Paths(home)).sweep() == []  # the install holds its lock
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err


def test_disk_full_is_a_clear_error(isolated_env, gover, monkeypatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    mnt = isolated_env / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        monkeypatch.setenv("GOVER_HOME", str(mnt / "gover"))
        with HTTPServer() as srv:
            site = DownloadSite(srv)
            site.add("go1.22.10", toolchain_archive("1.22.10"))
            monkeypatch.setenv("GOVER_DL_URL", site.base)
            r = gover("install", "1.22.10")
        assert r.code == 1 and "disk full while writing" in r.err, r
        assert entries(mnt / "gover" / "versions") == []
        assert entries(mnt / "gover" / "tmp") == []
    finally:
        # A lazy unmount if something still holds the mount, so no tmpfs outlives the test.
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mnt)], check=True)
