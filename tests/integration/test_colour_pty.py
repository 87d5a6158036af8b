"""Colour through a real pseudo-terminal: on for a terminal, off when piped, with
NO_COLOR or TERM=dumb, and never in --json; --color and FORCE_COLOR override."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CYAN = "\x1b[36mgo1.23.9\x1b[0m"


def run(args: list[str], env: dict[str, str], *, tty: bool) -> str:
    cmd = [sys.executable, "-m", "gover", *args]
    if not tty:
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60).stdout
    master, slave = pty.openpty()
    try:
        p = subprocess.run(cmd, stdout=slave, stderr=subprocess.DEVNULL, env=env, timeout=60)
        assert p.returncode == 0
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other side is closed and drained
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def env(isolated_env: Path):
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.23.9", b"listed only")
        yield {**os.environ, "GOVER_DL_URL": site.base, "TERM": "xterm-256color",
               "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_colour_on_a_terminal_only(env: dict[str, str]) -> None:
    assert run(["list-remote"], env, tty=True) == CYAN + "\n"
    assert run(["list-remote"], env, tty=False) == "go1.23.9\n"
    assert run(["list-remote"], {**env, "NO_COLOR": "1"}, tty=True) == "go1.23.9\n"
    assert run(["list-remote"], {**env, "TERM": "dumb"}, tty=True) == "go1.23.9\n"
    assert run(["--color", "never", "list-remote"], env, tty=True) == "go1.23.9\n"


def test_forced_colour_and_never_in_json(env: dict[str, str]) -> None:
    assert run(["--color", "always", "list-remote"], env, tty=False) == CYAN + "\n"
    assert run(["list-remote"], {**env, "FORCE_COLOR": "1"}, tty=False) == CYAN + "\n"
    doc = run(["--color", "always", "list-remote", "--json"], env, tty=True)
    assert "\x1b[" not in doc and '"go1.23.9"' in doc
