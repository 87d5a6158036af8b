"""go.mod/go.work/vendor needing another Go than the selected one: real go first, then doctor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import debian_go119, toolchain_root
from tests.support.doctor import Scenario, by_id, ids
from tests.support.goproxy import add_module

pytestmark = pytest.mark.integration


def set_go_mod(s: Scenario, text: str) -> None:
    (s.module / "go.mod").write_text(text)


def test_module_needs_newer_go_under_local(scenario: Scenario) -> None:
    set_go_mod(scenario, "module example.com/m\n\ngo 1.23.1\n")
    env = {"GOTOOLCHAIN": "local"}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)
    msg = "go: go.mod requires go >= 1.23.1 (running go 1.22.10; GOTOOLCHAIN=local)"
    assert r.stderr.strip() == msg
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "module-needs-newer-go")
    assert code == 1 and msg in f["explanation"] and f["fixable"]
    assert any(e.endswith("go.mod:3: go 1.23.1") for e in f["evidence"])
    code, findings = scenario.doctor("--fix", "--dry-run", env=env)
    assert by_id(findings, "module-needs-newer-go")  # nothing was changed


@pytest.mark.parametrize("gotoolchain,proxy,message", [
    ("auto", "off", "go: download go1.23.1 for linux/amd64: toolchain not available"),
    ("path", "off", 'go: cannot find "go1.23.1" in PATH'),
])
def test_module_needs_newer_go_and_go_cannot_switch(scenario: Scenario, gotoolchain, proxy,
                                                     message) -> None:
    set_go_mod(scenario, "module example.com/m\n\ngo 1.23.1\n")
    env = {"GOTOOLCHAIN": gotoolchain, "GOPROXY": proxy}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)
    assert message in r.stderr
    code, findings = scenario.doctor(env=env)
    assert code == 1 and message in by_id(findings, "module-needs-newer-go")["explanation"]


def test_toolchain_line_and_a_go1xy_on_path_make_go_switch(scenario: Scenario, tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(toolchain_root("1.23.9") / "bin" / "go", bindir / "go1.23.9")
    set_go_mod(scenario, "module example.com/m\n\ngo 1.23\n\ntoolchain go1.23.9\n")
    env = {"GOTOOLCHAIN": "auto", "GOPROXY": "off",
           "PATH": f"{scenario.goroot}/bin:{bindir}:/usr/bin:/bin"}
    r = scenario.go("version", env=env)
    assert r.stdout.startswith("go version go1.23.9")  # the real go switched via PATH
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "module-needs-newer-go")
    assert code == 0 and f["severity"] == "info" and "go1.23.9" in f["title"]


@pytest.mark.parametrize("gotoolchain", ["local", "auto"])
def test_dependency_needs_newer_go(scenario: Scenario, tmp_path: Path, gotoolchain: str) -> None:
    proxy = tmp_path / "proxy"
    add_module(proxy, "example.com/dep", "v1.0.0",
               {"go.mod": "module example.com/dep\n\ngo 1.23\n", "dep.go": "package dep\n\nconst X = 1\n"})
    set_go_mod(scenario, "module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n")
    (scenario.module / "main.go").write_text('package main\n\nimport "example.com/dep"\n\n'
                                             "func main() { println(dep.X) }\n")
    env = {"GOPROXY": proxy.as_uri(), "GOSUMDB": "off", "GOMODCACHE": str(tmp_path / "mc"),
           "GOTOOLCHAIN": gotoolchain, "GOFLAGS": "-mod=mod"}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)
    suffix = "" if gotoolchain == "auto" else f"; GOTOOLCHAIN={gotoolchain}"
    msg = f"go: example.com/dep@v1.0.0 requires go >= 1.23 (running go 1.22.10{suffix})"
    assert msg in r.stderr and "go: downloading go1" not in r.stderr  # go build does not switch
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "dependency-needs-newer-go")
    assert code == 1 and f["severity"] == "error" and msg in f["explanation"]
    assert "downloading" not in f["explanation"]


def test_old_go_rejects_new_go_mod_syntax(scenario: Scenario) -> None:
    old = debian_go119()
    set_go_mod(scenario, "module example.com/m\n\ngo 1.21.0\n\ntoolchain go1.22.10\n")
    env = {"PATH": f"{old}/bin:/usr/bin:/bin"}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)  # still go1.22.10: works
    assert r.returncode == 0
    import subprocess

    real = subprocess.run([str(old / "bin" / "go"), "build", "-o", "/dev/null", "."],
                          cwd=scenario.module, env={**scenario.env, **env}, capture_output=True,
                          text=True)
    gomod = scenario.module / "go.mod"
    assert real.stderr == (f"go: errors parsing go.mod:\n{gomod}:3: invalid go version '1.21.0': "
                           f"must match format 1.23\n{gomod}:5: unknown directive: toolchain\n")
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "old-go-rejects-go-mod")
    assert code == 1 and real.stderr.strip() in f["explanation"]


def test_gowork_go_lower_than_a_module(scenario: Scenario) -> None:
    (scenario.module / "go.work").write_text("go 1.21\n\nuse .\n")
    set_go_mod(scenario, "module example.com/m\n\ngo 1.22\n")
    r = scenario.go("build", "-o", "/dev/null", ".")
    msg = ("go: module . listed in go.work file requires go >= 1.22, but go.work lists go 1.21; "
           "to update it:\n\tgo work use")
    assert r.stderr.strip() == msg
    code, findings = scenario.doctor()
    assert code == 1 and msg in by_id(findings, "gowork-go-too-low")["explanation"]


def test_inconsistent_vendoring(scenario: Scenario) -> None:
    dep = scenario.module / "dep"
    dep.mkdir()
    (dep / "go.mod").write_text("module example.com/dep\n\ngo 1.21\n")
    (dep / "dep.go").write_text("package dep\n\nconst X = 1\n")
    set_go_mod(scenario, "module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v0.0.0\n\n"
                         "replace example.com/dep => ./dep\n")
    (scenario.module / "main.go").write_text('package main\n\nimport "example.com/dep"\n\n'
                                             "func main() { println(dep.X) }\n")
    assert scenario.go("mod", "vendor").returncode == 0
    assert "vendor-inconsistent" not in ids(scenario.doctor()[1])
    set_go_mod(scenario, "module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v0.0.0\n\n"
                         "replace example.com/dep => ./dep2\n")
    r = scenario.go("build", "-o", "/dev/null", ".")
    assert "inconsistent vendoring" in r.stderr
    code, findings = scenario.doctor()
    assert code == 1 and r.stderr.strip() in by_id(findings, "vendor-inconsistent")["explanation"]
    assert "vendor-inconsistent" not in ids(scenario.doctor(env={"GOFLAGS": "-mod=mod"})[1])


@pytest.mark.parametrize("content", [b"module example.com/m\n\ngo 1.2a\n",
                                     b"module example.com/m\n\x04\x9c\xff junk\n"])
def test_go_mod_go_cannot_parse(scenario: Scenario, content: bytes) -> None:
    (scenario.module / "go.mod").write_bytes(content)
    r = scenario.go("list", ".", env={"GOTOOLCHAIN": "local"})
    assert r.returncode == 1 and r.stderr.startswith("go: errors parsing go.mod:\n")
    code, findings = scenario.doctor(env={"GOTOOLCHAIN": "local"})
    f = by_id(findings, "modfile-unparsable")  # one finding: module_files owns go.mod parse errors
    assert code == 1 and f["severity"] == "error" and f["quote"] == r.stderr.strip()
    assert ids(findings, "error") == ["modfile-unparsable"]
