"""gover buildinfo --outdated: real binaries against a loopback release index and the store."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import debian_go119, toolchain_root
from tests.support import craft_elf, gobins
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration

RELEASES = ["go1.26rc1", "go1.25.6", "go1.25.5", "go1.24.11", "go1.23.12", "go1.22.12", "go1.21.13"]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, shared_go_caches: dict[str, str]) -> dict[str, Path]:
    roots = {v: toolchain_root(v) for v in ("1.21.13", "1.22.10", "1.23.9", "1.25.5")}
    roots["debian-1.19"] = debian_go119()
    return gobins.session_binaries(tmp_path_factory.mktemp("gobins"), shared_go_caches, roots)


def _site(srv: HTTPServer, releases: list[str]) -> DownloadSite:
    site = DownloadSite(srv)
    for v in releases:
        site.add(v, b"not really an archive")
    return site


def _bin_dir(built: dict[str, Path], tmp_path: Path, names: list[str]) -> Path:
    d = gobins.copy_binaries(built, names, tmp_path / "bin")
    for name, version in (("devel-tool", b"devel go1.26-0a1b2c3d4e Tue Jan 6 10:00:00 2026 +0000"),
                          ("rc-tool", b"go1.26rc1")):
        p = d / name
        p.write_bytes(craft_elf.inline_elf(version, b"path\texample.com/t\nmod\texample.com/t\t(devel)\t\n"))
        p.chmod(0o755)
    return d


def test_against_the_remote_index(built: dict[str, Path], tmp_path: Path, gover: Any) -> None:
    d = _bin_dir(built, tmp_path, ["go1.25.5", "go1.23.9", "go1.22.10", "go1.21.13"])
    with HTTPServer() as srv:
        site = _site(srv, RELEASES)
        env = {**os.environ, "GOVER_DL_URL": site.base}
        text = gover("buildinfo", "--outdated", str(d), env=env)
        r = gover("buildinfo", "--outdated", "--json", str(d), env=env)
    assert r.code == 1 and text.code == 1, r.err
    doc = json.loads(r.out)
    assert (doc["source"], doc["offline"], doc["remote_error"]) == ("official", False, None)
    assert doc["supported"] == ["go1.25", "go1.24"]
    got = {Path(b["file"]).name: (b["release"], b["newest_patch"], b["newer_patch"], b["supported"],
                                  b["status"]) for b in doc["binaries"]}
    assert got == {
        "go1.25.5": ("go1.25.5", "go1.25.6", True, True, "patch-available"),
        "go1.23.9": ("go1.23.9", "go1.23.12", True, False, "unsupported"),
        "go1.22.10": ("go1.22.10", "go1.22.12", True, False, "unsupported"),
        "go1.21.13": ("go1.21.13", "go1.21.13", False, False, "unsupported"),
        "devel-tool": (None, None, False, None, "unknown"),
        "rc-tool": ("go1.26rc1", None, False, True, "prerelease"),
    }
    lines = text.out.splitlines()
    assert lines[0].split() == ["BINARY", "GO", "NEWEST", "PATCH", "SUPPORTED", "STATUS"]
    row = next(line for line in lines if line.startswith(f"{d}/go1.25.5 "))
    assert row.split()[1:] == ["go1.25.5", "go1.25.6", "yes", "update", "to", "go1.25.6"]
    assert "6 Go binaries: 0 up to date, 1 with a newer patch release, 3 on an unsupported Go " \
           "(supported: go1.25, go1.24)" in text.out
    assert "Releases known from the official index" in text.out


def test_all_current_exits_zero(built: dict[str, Path], tmp_path: Path, gover: Any) -> None:
    with HTTPServer() as srv:
        site = _site(srv, ["go1.25.5", "go1.24.11", "go1.23.12"])
        r = gover("buildinfo", "--outdated", str(built["go1.25.5"]), str(built["windows-amd64"]),
                  env={**os.environ, "GOVER_DL_URL": site.base})
    assert r.code == 0, r.err
    assert "2 Go binaries: 2 up to date, 0 with a newer patch release, 0 on an unsupported Go" in r.out


def test_offline_uses_the_installed_set_and_says_so(built: dict[str, Path], tmp_path: Path,
                                                    gover: Any) -> None:
    assert gover("adopt", str(toolchain_root("1.22.10"))).code == 0
    # GOVER_DL_URL points at a closed port (conftest): the index cannot be reached.
    r = gover("buildinfo", "--outdated", "--json", str(built["go1.25.5"]), str(built["go1.21.13"]))
    doc = json.loads(r.out)
    assert doc["offline"] is True and doc["source"] is None
    assert "127.0.0.1:9" in doc["remote_error"]
    assert doc["installed"] == ["go1.22.10"]
    # Known: go1.25.5 and go1.21.13 (the binaries' own) and go1.22.10 (installed).
    assert doc["supported"] == ["go1.25", "go1.22"]
    status = {Path(b["file"]).name: b["status"] for b in doc["binaries"]}
    assert status == {"go1.25.5": "current", "go1.21.13": "unsupported"}
    text = gover("buildinfo", "--outdated", str(built["go1.25.5"]))
    assert text.code == 0
    assert "Remote index not used (" in text.out
    assert "knowing only the installed versions (go1.22.10) and the binaries' own; " \
           "newer releases may exist" in text.out


def test_offline_flag_never_asks_the_index(built: dict[str, Path], tmp_path: Path, gover: Any) -> None:
    with HTTPServer() as srv:
        site = _site(srv, RELEASES)
        r = gover("buildinfo", "--outdated", "--offline", "--json", str(built["go1.23.9"]),
                  env={**os.environ, "GOVER_DL_URL": site.base})
        assert srv.hits(site.index_path) == 0
    doc = json.loads(r.out)
    assert doc["remote_error"] == "--offline"
    assert doc["binaries"][0]["status"] == "current"  # nothing newer is known offline


def test_outdated_reports_unreadable_files(built: dict[str, Path], tmp_path: Path, gover: Any) -> None:
    junk = tmp_path / "junk"
    junk.write_text("#!/bin/sh\n")
    r = gover("buildinfo", "--outdated", "--offline", str(junk), str(built["go1.25.5"]))
    assert r.code == 1
    assert f"{junk}: could not read Go build info from {junk}: unrecognized file format" in r.err
    assert "1 Go binary: 1 up to date" in r.out


def test_offline_needs_outdated(gover: Any, tmp_path: Path) -> None:
    r = gover("buildinfo", "--offline", str(tmp_path))
    assert r.code == 2 and "--offline only applies to --outdated" in r.err
