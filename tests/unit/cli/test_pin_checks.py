"""gover local/global/shell/use refuse a spec that names no release (installed here, or
known to the release sources — a loopback download site), and gover install with no
argument installs what the directory needs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.resolve.needs import needed
from gover.shell import shims
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer
from tests.support.layouts import fake_toolchain

INSTALLED = ("go1.21.13", "go1.23.9")
PUBLISHED = ("go1.26rc1", "go1.25.5", "go1.25.4", "go1.24.11", "go1.23.12", "go1.23.9", "go1.21.13")


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[DownloadSite]:
    with HTTPServer() as srv:
        s = DownloadSite(srv)
        for v in PUBLISHED:
            s.add(v, b"not an archive: only the index is read")
        monkeypatch.setenv("GOVER_DL_URL", s.base)
        yield s


@pytest.fixture
def work(isolated_env: Path, work: Path) -> Path:
    """conftest's working directory, with INSTALLED in the store."""
    home = isolated_env / "gover"
    for v in INSTALLED:
        fake_toolchain(home, v)
    shims.rehash(Paths(home))
    return work


def test_a_spec_matching_nothing_is_refused_with_the_nearest_releases(gover, site, work: Path) -> None:
    r = gover("local", "1.25.11")
    assert (r.code, r.out) == (1, "")
    assert r.err.splitlines()[0] == \
        'gover: no Go release matches "1.25.11" (nearest: go1.25.5, go1.25.4, go1.24.11)'
    assert not (work / ".go-version").exists()
    r = gover("global", "1.99")
    assert r.code == 1 and "(nearest: go1.25.5, go1.25.4, go1.24.11)" in r.err
    assert not Paths.from_env(os.environ).global_version_file.exists()
    r = gover("shell", "9.9", env={**os.environ, "GOVER_SHELL_HOOK": "bash"})
    assert (r.code, r.out) == (1, "") and 'no Go release matches "9.9"' in r.err
    r = gover("local", "1.99", "--tool-versions")
    assert r.code == 1 and not (work / ".tool-versions").exists()


def test_installable_specs_are_pinned_with_a_note(gover, site, work: Path) -> None:
    r = gover("local", "1.24")
    assert r.code == 0 and (work / ".go-version").read_text() == "1.24\n"
    assert "note: go1.24.11 is not installed yet (the official index has it); run: gover install 1.24" \
        in r.err
    r = gover("local", "1.26rc1")  # a prerelease: the full list, unstable releases included
    assert r.code == 0 and (work / ".go-version").read_text() == "1.26rc1\n"
    requests = len(site.server.requests)
    assert gover("local", "1.23").code == 0  # installed: no source is asked
    assert gover("global", "system").code == 0
    assert len(site.server.requests) == requests


def test_force_and_install(gover, work: Path) -> None:
    # The sources cannot be reached (the closed port of the test environment).
    r = gover("local", "1.99")
    assert r.code == 1 and r.err.startswith('gover: "1.99" matches no installed Go, and the release sources')
    assert "pin it anyway with --force, or install it first with --install" in r.err
    assert gover("local", "1.99", "--force").code == 0 and (work / ".go-version").read_text() == "1.99\n"
    r = gover("local", "banana", "--force")
    assert r.code == 2 and r.err.startswith('gover: invalid version "banana"')
    r = gover("local", "1.24", "--install")  # installing first fails here: nothing is written
    assert r.code == 1 and (work / ".go-version").read_text() == "1.99\n"
    assert gover("local", "1.21", "--install").code == 0  # installed already: pinned at once
    assert (work / ".go-version").read_text() == "1.21\n"
    assert gover("local", "1.21", "--install", "--force").code == 2  # one or the other


def test_use_installs_if_needed_and_pins_here(gover, work: Path) -> None:
    r = gover("use", "1.23")
    assert r.code == 0 and (work / ".go-version").read_text() == "1.23\n"
    assert "go1.23.9 is already installed" in r.err
    r = gover("use", "1.21.13", "--tool-versions", "--json")
    assert r.code == 0 and json.loads(r.out)["file"] == str(work / ".tool-versions")
    assert (work / ".tool-versions").read_text() == "golang 1.21.13\n"
    r = gover("use", "1.99")  # not installed: installing it fails (no source), nothing written
    assert r.code == 1 and "cannot install" in r.err and (work / ".go-version").read_text() == "1.23\n"


def test_install_with_no_argument(gover, work: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GOTOOLCHAIN"}
    (work / "go.mod").write_text("module m\n\ngo 1.23.0\n")
    r = gover("install", env=env)
    assert (r.code, r.err) == (0, f"Nothing to install: go1.23.9 (set by {work}/go.mod:3) runs here\n")
    (work / "go.mod").write_text("module m\n\ngo 1.23.0\n\ntoolchain go1.23.12\n")
    r = gover("install", env=env)  # go1.23.12 is what it asks for: the install is tried
    assert r.code == 1 and r.err.splitlines() == [
        f"{work}: {work}/go.mod:5 asks for toolchain go1.23.12, which is not installed; go1.23.9 runs "
        "instead (it satisfies go 1.23.0)",
        "gover: cannot install go1.23.12: official: http://127.0.0.1:9/dl/?mode=json&include=all: "
        "connection refused"], r
    (work / "go.mod").unlink()
    r = gover("install", env=env)
    assert r.code == 1 and "nothing to install: no Go version is selected here, and there is no go" in r.err


def test_needed_covers_every_module_of_a_workspace(work: Path) -> None:
    (work / "go.work").write_text("go 1.21\n\nuse (\n\t./a\n\t./b\n\t./gone\n)\n")
    for m, pin in (("a", "1.22.5"), ("b", None)):
        (work / m).mkdir()
        (work / m / "go.mod").write_text(f"module {m}\n\ngo 1.21\n")
        if pin:
            (work / m / ".go-version").write_text(pin + "\n")
    env = {**{k: v for k, v in os.environ.items() if k != "GOTOOLCHAIN"}, "PWD": str(work)}
    n = needed(work, env, Paths.from_env(env))
    assert n.directories == [str(work), str(work / "a"), str(work / "b")]
    assert n.specs() == ["1.22.5"]
    assert n.needs[0].directory == str(work / "a") and "go1.22.5 is not installed" in n.needs[0].why
    assert n.to_json()["needs"][0]["spec"] == "1.22.5"
