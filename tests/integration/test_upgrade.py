"""gover upgrade against the loopback download site with a real Go archive: the newest
patch is installed and checked by running it; --pins moves only this directory's
exact pins; the old patch stays."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import toolchain_archive
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer
from tests.support.layouts import fake_toolchain
from tests.unit.cli.test_json_documents import documented

pytestmark = pytest.mark.integration


def test_upgrade_with_pins(gover, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gh = isolated_env / "gover"
    for v in ("go1.22.3", "go1.21.10"):
        fake_toolchain(gh, v)
    here, other = isolated_env / "api", isolated_env / "web"
    for d in (here, other):
        d.mkdir()
        (d / ".go-version").write_text("1.22.3\n")
    (here / ".tool-versions").write_text("nodejs 20.1.0\ngolang go1.22.3 1.21.10 1.22  # ours\n")
    monkeypatch.chdir(here)
    monkeypatch.setenv("PWD", str(here))
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", toolchain_archive("1.22.10"))
        site.add("go1.22.9", b"older, not fetched")
        site.add("go1.21.13", b"not asked for")
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        r = gover("upgrade", "1.22", "--pins", "--json")
    assert r.code == 0, r
    doc = json.loads(r.out)
    assert doc.keys() == documented("gover upgrade").keys()
    assert [(x["version"], x["status"]) for x in doc["results"]] == [("go1.22.10", "installed")]
    out = subprocess.run([str(gh / "versions" / "go1.22.10" / "bin" / "go"), "version"],
                         capture_output=True, text=True, env={**os.environ, "GOROOT": ""}).stdout
    assert out.startswith("go version go1.22.10 ")
    assert (here / ".go-version").read_text() == "1.22.10\n"
    tv = (here / ".tool-versions").read_text()
    assert tv.startswith("nodejs 20.1.0\n") and "golang go1.22.10 1.21.10 1.22" in tv
    assert (other / ".go-version").read_text() == "1.22.3\n"  # not this directory
    assert {p["file"] for p in doc["pins"]} == {str(here / ".go-version"), str(here / ".tool-versions")}
    assert sorted(os.listdir(gh / "versions")) == ["go1.21.10", "go1.22.10", "go1.22.3"]


def test_a_bad_series_is_one_line(gover) -> None:
    r = gover("upgrade", "1.22.3")
    assert (r.code, r.err) == (2, "gover: '1.22.3' is not a Go series: expected one like 1.22\n")
