"""Every GOVER_* setting gover reads: a bad value is one line naming the variable, the value
and what is accepted, with exit status 1, never a traceback — checked through the CLI."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "gover"

# variable → (a bad value, the command that reads it, what the one line must say)
BAD = {
    "GOVER_HOME": ("relative/dir", ["list"], "is not an absolute path"),
    "GOVER_VERSION": ("garbage", ["current"], "invalid version"),
    "GOVER_SOURCES": ("official,ftp", ["list-remote"], "names an unknown source"),
    "GOVER_MIRROR": ("moon", ["list-remote"], "is not a known mirror preset"),
    "GOVER_DL_URL": ("ftp://x", ["list-remote"], "is not a URL"),
    "GOVER_PIP": ("'unclosed", ["list-remote", "--source", "pypi"], "cannot be split"),
    "GOVER_OS": ("Linux", ["list-remote"], "is not a platform name"),
    "GOVER_ARCH": ("x86-64", ["list-remote"], "is not a platform name"),
    "GOVER_HTTP_RETRIES": ("-1", ["list-remote"], "is out of range"),
    "GOVER_HTTP_TIMEOUT": ("0", ["list-remote"], "is out of range"),
    "GOVER_HTTP_BACKOFF": ("soon", ["list-remote"], "is not a number"),
    "GOVER_HTTP_DEADLINE": ("-3", ["list-remote"], "is out of range"),
    "GOVER_REMOTE_TTL": ("an hour", ["list-remote"], "is not a number"),
    "GOVER_CROSS_VERIFY": ("maybe", ["install", "--source", "official", "1.22.10"], "is not a mode"),
    "GOVER_AUTO_INSTALL": ("yes", ["exec", "1.99.1", "--", "go", "version"], "is not 0 or 1"),
    "GOVER_SHELL_HOOK": ("tcsh", ["shell", "1.22"], "is not a known shell"),
}
# Read, but with no value that could be bad.
ANY_VALUE = {
    "GOVER_DEBUG": "any non-empty value shows tracebacks (read by the error boundary itself)",
    "GOVER_MATRIX_VERSION": "written for matrix jobs, never read",
    "GOVER_LDFLAGS": "release/repro.py's own variable for one sh -c child",
}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_every_gover_variable_in_the_source_is_covered() -> None:
    named = set()
    for f in SRC.rglob("*.py"):
        named |= set(re.findall(r"""["'](GOVER_[A-Z_]+[A-Z])["']""", f.read_text()))
    assert named - BAD.keys() - ANY_VALUE.keys() == set()
    assert BAD.keys() | ANY_VALUE.keys() >= named


@pytest.mark.parametrize("key", sorted(BAD))
def test_a_bad_value_is_one_line_naming_it(key: str, gover, tmp_path: Path) -> None:
    value, args, why = BAD[key]
    dead = f"http://127.0.0.1:{_closed_port()}/"  # if the value were let through: no network
    env = {**os.environ, "GOVER_DL_URL": dead, "GOPROXY": dead, "GOVER_SOURCES": "official",
           "PIP_INDEX_URL": dead, "PIP_FIND_LINKS": "", "GOENV": "off", key: value}
    r = gover(*args, env=env)
    lines = r.err.splitlines()
    assert r.code == 1 and r.out == "", r
    assert len(lines) == 1 and lines[0].startswith("gover: "), r.err
    assert key in lines[0] and value in lines[0] and why in lines[0], r.err
    assert "accepted" in lines[0] or "expected" in lines[0], r.err
    assert "Traceback" not in r.err
