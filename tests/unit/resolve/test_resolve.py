"""The pure resolver API that doctor and matrix build on: Resolution, trace, helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.resolve import logical_cwd, resolve, resolve_spec, system_program
from gover.resolve.core import program_path
from gover.resolve.files import tool_versions_text
from gover.resolve.select import pick_go_line, pick_spec, serve_toolchain
from tests.support.layouts import fake_toolchain

INSTALLED = ["go1.20", "go1.21.13", "go1.22.3", "go1.22.10", "go1.23rc1", "go1.23.9"]


@pytest.fixture
def home(tmp_path: Path) -> Paths:
    h = tmp_path / "gover"
    for v in INSTALLED:
        fake_toolchain(h, v)
    return Paths(h)


def test_resolution_carries_origin_goroot_and_trace(home: Paths, tmp_path: Path) -> None:
    w = tmp_path / "w"
    (w / "a" / "b").mkdir(parents=True)
    (w / "go.mod").write_text("module m\n\ngo 1.22\ntoolchain default\n")
    res = resolve(w / "a" / "b", {}, home)
    assert res.version == "go1.22.10" and res.error is None
    assert res.goroot == home.versions / "go1.22.10"
    assert (res.default, res.gotoolchain, res.note, res.preferred) == ("system", "auto", "", "")
    assert res.origin is not None and (res.origin.source, res.origin.line, res.origin.value) == \
        ("go.mod", 3, "1.22")
    sources = [(s.source, s.applied) for s in res.trace]
    assert sources[:2] == [("GOTOOLCHAIN", False), ("GOVER_VERSION", False)]
    assert sources[-4:] == [("global", False), ("system", False), ("go.mod", False), ("go.mod", True)]
    assert res.trace[-2].reason == "toolchain default: only the go line counts"
    assert program_path(res, "gofmt", {}, home) == str(home.versions / "go1.22.10" / "bin" / "gofmt")
    assert program_path(res, "vet", {}, home) is None


def test_errors_are_data_not_exceptions(home: Paths, tmp_path: Path) -> None:
    (tmp_path / ".go-version").write_text("1.26\n")
    res = resolve(tmp_path, {}, home)
    assert res.version == "" and res.goroot is None and res.install == "1.26"
    assert res.error is not None and res.error.message == \
        f"no go1.26.x is installed (set by {tmp_path}/.go-version:1)"
    assert res.to_json()["error"] == {"message": res.error.message, "hint": "run: gover install 1.26"}


def test_resolve_spec(home: Paths) -> None:
    assert resolve_spec("1.23", {}, home).version == "go1.23.9"
    assert resolve_spec(" latest ", {}, home).version == "go1.23.9"
    bad = resolve_spec("1.x.y", {}, home)
    assert bad.error is not None and bad.error.message.startswith('command line: invalid version "1.x.y"')


def test_system_program_skips_gover_and_its_shims(home: Paths, tmp_path: Path) -> None:
    (home.shims).mkdir(parents=True)
    shim = home.shims / "go"
    shim.write_text("#!/bin/sh\n")
    shim.chmod(0o755)
    other = tmp_path / "shimlink"
    other.symlink_to(home.shims)
    sysbin = tmp_path / "sys"
    sysbin.mkdir()
    (sysbin / "go").write_text("#!/bin/sh\n")
    (sysbin / "go").chmod(0o755)
    path = f"{home.shims}:{other}:relative:{home.versions}/go1.20/bin:{sysbin}"
    assert system_program("go", {"PATH": path}, home) == f"{sysbin}/go"
    assert system_program("go", {"PATH": f"{home.shims}:{other}"}, home) is None


def test_logical_cwd_follows_pwd_only_when_it_is_here(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    code = "import sys; sys.path[:0] = [sys.argv[1]]; from gover.resolve import logical_cwd; " \
           "import os; print(logical_cwd(os.environ))"
    src = str(Path(__file__).resolve().parents[3] / "src")
    for pwd, want in ((str(link), str(link)), ("/", str(real)), ("relative", str(real))):
        p = subprocess.run([sys.executable, "-c", code, src], cwd=link, capture_output=True, text=True,
                           env={**os.environ, "PWD": pwd})
        assert p.stdout.strip() == want, (pwd, p)
    assert logical_cwd({"PWD": os.getcwd()}) == os.getcwd()


def test_pick_rules() -> None:
    assert pick_spec("1.22", INSTALLED).name == "go1.22.10"
    assert pick_spec("go1.20.0", INSTALLED).name == "go1.20"
    assert pick_spec("1.23", INSTALLED).name == "go1.23.9"  # a release candidate is not a patch
    assert pick_go_line("1.22.4", INSTALLED).name == "go1.22.10"
    assert pick_go_line("1.22.11", INSTALLED).name == "go1.23.9"  # the next minor's newest patch
    assert pick_go_line("1.19", INSTALLED).name == "go1.20"
    none = pick_go_line("1.24rc1", INSTALLED)
    assert (none.name, none.missing, none.install) == ("", "no installed Go satisfies go 1.24rc1", "1.24")
    assert serve_toolchain("1.22.4", INSTALLED) == "go1.22.10"
    assert serve_toolchain("1.22.3", INSTALLED) == "go1.22.3"
    assert serve_toolchain("1.22.11", INSTALLED) == ""  # never another minor: Go asked for this one


def test_tool_versions_editing(tmp_path: Path) -> None:
    f = tmp_path / ".tool-versions"
    assert tool_versions_text(str(f), "1.22") == "golang 1.22\n"
    f.write_text("go 1.21 1.20 # pinned\nnodejs 20\n")
    assert tool_versions_text(str(f), "1.22") == "go 1.22\nnodejs 20\n"
    assert tool_versions_text(str(f), None) == "nodejs 20\n"
    f.write_text("nodejs 20\n")
    assert tool_versions_text(str(f), None) is None


def test_write_pin_leaves_a_pin_that_already_says_so(tmp_path: Path) -> None:
    from gover.resolve import pin

    f = tmp_path / ".go-version"
    assert pin.write_pin(f, "1.22.10").action == pin.WRITTEN
    os.utime(f, (1, 1))
    assert pin.write_pin(f, "1.22.10").action == pin.UP_TO_DATE
    assert f.stat().st_mtime == 1 and f.read_text() == "1.22.10\n"
    assert pin.write_pin(f, "1.23").action == pin.WRITTEN and f.read_text() == "1.23\n"


def test_a_run_sharing_its_reads_resolves_every_directory_as_alone(home: Paths, tmp_path: Path) -> None:
    """gover check resolves every module with one ``reads`` dict: each file is read once, and
    every answer (version, origin, trace, error) is the one a walk of its own gives."""
    from gover.resolve.which import which_go

    repo = tmp_path / "repo"
    layouts = {"a": ("go.mod", "module a\n\ngo 1.22\n"), "b": (".go-version", "1.21\n"),
               "c": ("go.mod", "module c\n\ngo 1.23rc1\ntoolchain go1.23.9\n"),
               "d": (".go-version", "1.30\n"),
               "e/f": ("go.mod", "module f\n\ngo 1.22.3\n"), "e": (".tool-versions", "golang 1.20\n")}
    for d, (name, text) in layouts.items():
        (repo / d).mkdir(parents=True, exist_ok=True)
        (repo / d / name).write_text(text)
    (repo / "go.work").write_text("go 1.22\n\nuse ./a\n")
    (repo / ".go-version").write_text("1.22\n")
    dirs = [repo, *(repo / d for d in layouts)]
    def answer(s: object) -> tuple[object, ...]:  # errors compare by identity: compare their JSON
        return (s.goroot, s.version, s.origin, s.gobin, s.resolution.to_json())  # type: ignore[attr-defined]

    reads: dict[object, object] = {}
    for _ in range(2):
        for d in dirs:
            assert answer(which_go(d, {}, home, reads)) == answer(which_go(d, {}, home)), d
    assert ("lines", str(repo / "go.work")) in reads
    assert ("VERSION", str(home.versions / "go1.22.10")) in reads
