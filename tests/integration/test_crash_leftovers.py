"""kill -9 at chosen points, then real ``gover`` commands: what the dead run left behind
(uninstall trash, extraction dirs, partial downloads) is never listed and is swept by
the next command that takes the store."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

from tests.conftest import GOVER_CMD, toolchain_archive
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration


def fake_release(path: Path, version: str, files: int = 0) -> Path:
    """An official-layout archive whose bin/go reports ``version``, with ``files`` small files
    (so that deleting it takes long enough to be interrupted)."""
    with tarfile.open(path, "w:gz", compresslevel=1) as tf:
        def add(name: str, data: bytes, mode: int = 0o644) -> None:
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tf.addfile(info, io.BytesIO(data))

        add("go/bin/go", f'#!/bin/sh\necho "go version go{version} linux/amd64"\n'.encode(), 0o755)
        for i in range(files):
            add(f"go/src/pkg{i // 500}/f{i}.go", b"package p\n")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(GOVER_CMD + list(args), capture_output=True, text=True, env=dict(os.environ),
                          timeout=300)


def listed(home: Path) -> list[str]:
    r = run("list", "--json")
    assert r.returncode == 0, r.stderr
    return [v["version"] for v in json.loads(r.stdout)["versions"]]


def kill_when(argv: list[str], cond, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    p = subprocess.Popen(GOVER_CMD + argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=dict(os.environ))
    end = time.monotonic() + timeout
    try:
        while not cond():
            assert p.poll() is None, f"{argv} finished before it could be interrupted"
            assert time.monotonic() < end, "never reached the point to interrupt"
            time.sleep(0.005)
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()


def trash(home: Path) -> list[str]:
    return [n for n in os.listdir(home / "versions") if n.startswith(".trash-")]


@pytest.mark.parametrize("sweeper", [["list"], ["rehash"], ["install", "--archive", "OTHER"]])
def test_kill_9_during_uninstall_leaves_trash_the_next_command_sweeps(
        isolated_env: Path, tmp_path: Path, sweeper: list[str]) -> None:
    home = isolated_env / "gover"
    big = fake_release(tmp_path / "go1.30.1.linux-amd64.tar.gz", "1.30.1", files=20000)
    other = fake_release(tmp_path / "go1.30.2.linux-amd64.tar.gz", "1.30.2")
    assert run("install", "--archive", str(big)).returncode == 0
    kill_when(["uninstall", "1.30.1"], lambda: bool(trash(home)))
    assert trash(home), "the kill left no trash: nothing to test"
    r = run(*[str(other) if a == "OTHER" else a for a in sweeper])
    assert r.returncode == 0, r.stderr
    assert trash(home) == []
    assert "go1.30.1" not in listed(home)


def test_kill_9_during_download_leaves_a_partial_another_install_sweeps(
        isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = isolated_env / "gover"
    partial = home / "downloads" / "go1.22.10.linux-amd64.tar.gz.partial"
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", toolchain_archive("1.22.10"), rate=10_000_000)
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        kill_when(["install", "1.22.10"], lambda: partial.exists() and partial.stat().st_size > 2_000_000)
    assert partial.exists() and listed(home) == []
    other = fake_release(tmp_path / "go1.30.2.linux-amd64.tar.gz", "1.30.2")
    assert run("install", "--archive", str(other)).returncode == 0
    assert not partial.exists()
    assert listed(home) == ["go1.30.2"]


def test_kill_9_during_extraction_leaves_a_dir_list_sweeps(isolated_env: Path, tmp_path: Path) -> None:
    home = isolated_env / "gover"
    big = fake_release(tmp_path / "go1.30.1.linux-amd64.tar.gz", "1.30.1", files=20000)

    def extracting() -> bool:
        tmp = home / "tmp"
        return tmp.exists() and any((tmp / d / "src").exists() for d in os.listdir(tmp))

    kill_when(["install", "--archive", str(big)], extracting)
    assert os.listdir(home / "tmp")
    assert listed(home) == []
    assert os.listdir(home / "tmp") == []
