"""GOPATH, GOBIN, GOCACHE, GOMODCACHE: the real go's failures, then doctor."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.support.doctor import Scenario, by_id, ids
from tests.support.goproxy import add_module
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("value,fid,message", [
    ("rel", "gopath-relative",
     'go: GOPATH entry is relative; must be absolute path: "rel".'),
    ("~/go", "gopath-tilde", "go: GOPATH entry cannot start with shell metacharacter '~': \"~/go\""),
])
def test_gopath_go_refuses(scenario: Scenario, value: str, fid: str, message: str) -> None:
    r = scenario.go("build", "-o", "/dev/null", ".", env={"GOPATH": value})
    assert message in r.stderr
    code, findings = scenario.doctor(env={"GOPATH": value})
    assert code == 1 and message in by_id(findings, fid)["explanation"]


def test_gopath_equal_to_goroot(scenario: Scenario) -> None:
    env = {"GOPATH": str(scenario.goroot)}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)
    assert f"warning: GOPATH set to GOROOT ({scenario.goroot}) has no effect" in r.stderr
    code, findings = scenario.doctor(env=env)
    assert f"warning: GOPATH set to GOROOT ({scenario.goroot}) has no effect" in \
        by_id(findings, "gopath-is-goroot")["explanation"]


def test_gobin_relative(scenario: Scenario) -> None:
    r = scenario.go("install", ".", env={"GOBIN": "rel"})
    assert "cannot install, GOBIN must be an absolute path" in r.stderr
    code, findings = scenario.doctor(env={"GOBIN": "rel"})
    assert code == 1 and "gobin-relative" in ids(findings, "error")


def test_installed_tools_disappear_when_gobin_is_off_path(scenario: Scenario) -> None:
    gobin = scenario.tmp / "tools"
    assert scenario.go("install", ".", env={"GOBIN": str(gobin)}).returncode == 0
    assert (gobin / "m").exists()
    found = subprocess.run(["sh", "-c", "command -v m"], env=scenario.env, capture_output=True)
    assert found.returncode != 0  # the shell cannot find what go just installed
    code, findings = scenario.doctor(env={"GOBIN": str(gobin)})
    f = by_id(findings, "gobin-not-on-path")
    assert f["severity"] == "warning" and f'export PATH="$PATH:{gobin}"' in f["fix"]
    ok = {**scenario.env, "GOBIN": str(gobin), "PATH": f"{gobin}:{scenario.env['PATH']}"}
    assert "gobin-not-on-path" not in ids(scenario.doctor(env=ok)[1])


def test_gopath_bin_off_path(scenario: Scenario) -> None:
    code, findings = scenario.doctor()
    assert by_id(findings, "gopath-bin-not-on-path")["evidence"][-1] == \
        f"PATH does not contain {scenario.home}/go/bin"


@pytest.mark.parametrize("value,fid,message", [
    ("off", "gocache-off", "build cache is disabled by GOCACHE=off, but required as of Go 1.12"),
    ("rel", "gocache-relative", "build cache is required, but could not be located: GOCACHE is "
                                "not an absolute path"),
])
def test_gocache(scenario: Scenario, value: str, fid: str, message: str) -> None:
    r = scenario.go("build", "-o", "/dev/null", ".", env={"GOCACHE": value})
    assert message in r.stderr
    code, findings = scenario.doctor(env={"GOCACHE": value})
    assert code == 1 and message in by_id(findings, fid)["explanation"]


def test_gocache_under_a_file(scenario: Scenario) -> None:
    blocker = scenario.tmp / "afile"
    blocker.write_text("")
    env = {"GOCACHE": str(blocker / "cache")}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)
    assert f"failed to initialize build cache at {blocker}/cache" in r.stderr
    code, findings = scenario.doctor(env=env)
    assert code == 1 and f"{blocker} is a file, not a directory" in \
        by_id(findings, "gocache-unwritable")["evidence"]


def test_gomodcache_relative(scenario: Scenario, tmp_path) -> None:
    tree = tmp_path / "proxy"
    add_module(tree, "example.com/tool", "v1.0.0", {"main.go": "package main\n\nfunc main() {}\n"})
    with HTTPServer() as srv:
        srv.serve_dir("/", tree)
        env = {"GOMODCACHE": "rel", "GOPROXY": srv.url, "GOSUMDB": "off"}
        r = scenario.go("install", "example.com/tool@v1.0.0", env=env)
    assert 'GOMODCACHE entry is relative; must be absolute path: "rel".' in r.stderr
    code, findings = scenario.doctor(env=env)
    assert code == 1 and 'must be absolute path: "rel".' in \
        by_id(findings, "gomodcache-relative")["explanation"]


def test_cgo_enabled_without_a_compiler(scenario: Scenario, tmp_path) -> None:
    (scenario.module / "main.go").write_text('package main\n\n// int two() { return 2; }\nimport "C"\n\n'
                                             "func main() { println(C.two()) }\n")
    nogcc = tmp_path / "bin"
    nogcc.mkdir()
    env = {"CGO_ENABLED": "1", "PATH": f"{scenario.goroot}/bin:{nogcc}"}
    r = scenario.go("build", "-o", "/dev/null", ".", env=env)
    assert 'cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH' in r.stderr
    code, findings = scenario.doctor(env=env)
    assert code == 1 and 'cgo: C compiler "gcc" not found' in by_id(findings, "cgo-no-compiler")[
        "explanation"]
    unset = {"PATH": f"{scenario.goroot}/bin:{nogcc}"}
    assert scenario.go("env", "CGO_ENABLED", env=unset).stdout.strip() == "0"
    code, findings = scenario.doctor(env=unset)
    assert code == 0 and by_id(findings, "cgo-off-no-compiler")["severity"] == "info"
    if shutil.which("gcc"):
        assert "cgo-no-compiler" not in ids(scenario.doctor(env={"CGO_ENABLED": "1"})[1])


def test_gomodcache_under_a_file(scenario: Scenario, tmp_path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("")
    tree = tmp_path / "proxy"
    add_module(tree, "example.com/tool", "v1.0.0", {"main.go": "package main\n\nfunc main() {}\n"})
    with HTTPServer() as srv:
        srv.serve_dir("/", tree)
        env = {"GOMODCACHE": str(blocker / "mod"), "GOPROXY": srv.url, "GOSUMDB": "off"}
        r = scenario.go("install", "example.com/tool@v1.0.0", env=env)
    assert r.returncode != 0 and "not a directory" in r.stderr
    code, findings = scenario.doctor(env=env)
    assert code == 1 and f"{blocker} is a file, not a directory" in \
        by_id(findings, "gomodcache-unwritable")["evidence"]


def test_little_disk_space_for_the_build_cache(scenario: Scenario, tmp_path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        env = {"GOCACHE": str(mnt / "cache")}
        r = scenario.go("build", "-o", "/dev/null", ".", env=env)  # a cold cache needs far more
        assert r.returncode != 0 and "no space left on device" in r.stderr
        code, findings = scenario.doctor(env=env)
        f = by_id(findings, "cache-disk-low")
        assert f["severity"] == "warning" and "MiB free" in f["evidence"][-1]
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mnt)], check=True)
