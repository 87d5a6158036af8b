"""go env -w leftovers, GOTOOLCHAIN, GO111MODULE and GOFLAGS: real go failures, then doctor."""

from __future__ import annotations

import pytest

from gover.doctor.checks.goflags import KNOWN, goflags_error, goflags_value_error, known_flag
from tests.conftest import debian_go119, toolchain_root
from tests.support.doctor import Scenario, by_id, ids

pytestmark = pytest.mark.integration


def test_env_file_setting_overridden_by_the_environment(scenario: Scenario) -> None:
    r = scenario.go("env", "-w", "GOPROXY=https://corp.example/proxy", env={"GOPROXY": "direct"})
    assert ("warning: go env -w GOPROXY=... does not override conflicting OS environment variable"
            in r.stderr)
    code, findings = scenario.doctor(env={"GOPROXY": "direct"})
    f = by_id(findings, "goenv-file-overridden")
    assert "process environment: GOPROXY=direct" in f["evidence"]
    code, findings = scenario.doctor()
    assert by_id(findings, "goenv-file-setting")["severity"] == "info"


def test_gotoolchain_pinned_in_the_env_file_is_fixable(scenario: Scenario) -> None:
    assert scenario.go("env", "-w", "GOTOOLCHAIN=go1.99.1").returncode == 0
    r = scenario.go("version", env={"GOPROXY": "off"})
    assert "go: download go1.99.1 for linux/amd64: toolchain not available" in r.stderr
    code, findings = scenario.doctor()
    f = by_id(findings, "gotoolchain-pinned")
    assert f["severity"] == "warning" and f["fixable"]
    assert "goenv-file-setting" not in ids(findings)  # one finding for the one problem
    code, findings = scenario.doctor("--fix")
    assert "gotoolchain-pinned" not in ids(findings)
    assert scenario.go("version").stdout.startswith("go version go1.22.10")


@pytest.mark.parametrize("value", ["bash", "go1.22+foo", "bash+auto", "go1.02"])
def test_invalid_gotoolchain(scenario: Scenario, value: str) -> None:
    r = scenario.go("version", env={"GOTOOLCHAIN": value})
    assert r.returncode != 0
    code, findings = scenario.doctor(env={"GOTOOLCHAIN": value})
    f = by_id(findings, "gotoolchain-invalid")
    assert code == 1 and r.stderr.strip() in f["explanation"]


def test_invalid_gotoolchain_in_the_env_file_is_fixed(scenario: Scenario) -> None:
    env_file = scenario.go_env_file()
    env_file.parent.mkdir(parents=True, exist_ok=True)
    env_file.write_text("GOTOOLCHAIN=bash\n")  # go env -w refuses it; an editor does not
    r = scenario.go("version")
    assert r.returncode != 0
    code, findings = scenario.doctor()
    f = by_id(findings, "gotoolchain-invalid")
    assert code == 1 and f["fixable"] and r.stderr.strip() in f["explanation"]
    assert "goenv-file-setting" not in ids(findings)  # one finding for the one problem
    code, findings = scenario.doctor("--fix")
    assert "gotoolchain-invalid" not in ids(findings)
    assert scenario.go("version").stdout.startswith("go version go1.22.10")


def test_go111module_invalid(scenario: Scenario) -> None:
    r = scenario.go("build", ".", env={"GO111MODULE": "bogus"})
    assert r.stderr.strip() == "go: unknown environment setting GO111MODULE=bogus"
    code, findings = scenario.doctor(env={"GO111MODULE": "bogus"})
    assert code == 1 and r.stderr.strip() in by_id(findings, "go111module-invalid")["explanation"]


def test_go111module_off_in_a_module(scenario: Scenario) -> None:
    dep = scenario.module / "dep"
    dep.mkdir()
    (dep / "go.mod").write_text("module example.com/dep\n\ngo 1.21\n")
    (dep / "dep.go").write_text("package dep\n\nconst Name = \"dep\"\n")
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.21\n\nrequire example.com/dep "
                                            "v0.0.0\n\nreplace example.com/dep => ./dep\n")
    (scenario.module / "main.go").write_text('package main\n\nimport "example.com/dep"\n\n'
                                             "func main() { println(dep.Name) }\n")
    assert scenario.go("build", "-o", "/dev/null", ".").returncode == 0
    r = scenario.go("build", "-o", "/dev/null", ".", env={"GO111MODULE": "off"})
    assert 'cannot find package "example.com/dep" in any of' in r.stderr
    code, findings = scenario.doctor(env={"GO111MODULE": "off"})
    assert code == 1 and by_id(findings, "go111module-off")["severity"] == "error"


@pytest.mark.parametrize("value", ["x", "-bogus", "'-ldflags=-s", "-mod=mod x", "--", "-=1"])
def test_goflags_go_refuses(scenario: Scenario, value: str) -> None:
    r = scenario.go("build", ".", env={"GOFLAGS": value})
    assert r.returncode != 0 and r.stderr.startswith("go: parsing $GOFLAGS: ")
    assert goflags_error(value) == r.stderr.strip()
    code, findings = scenario.doctor(env={"GOFLAGS": value})
    assert code == 1 and r.stderr.strip() in by_id(findings, "goflags-invalid")["explanation"]


VALUES = ["-race=maybe", "--x=maybe", "-trimpath=1", "-v=F", "-modcacherw=yes", "-buildvcs=bogus",
          "-buildvcs=auto", "-p", "-p=x", "-p=08", "-p=0x10", "-p=1_000", "-p=_1", "-p=0",
          "-p=99999999999999999999", "-mod", "-tags", "-tags=", "-mod=bogus", "-mod=", "-mod=vendor",
          "-mod=bogus -mod=mod", "-mod=mod -mod=bogus", "-race=maybe -p=x", "-count=x", "-p=-3",
          "-p=0 -mod=bogus", "-p=0 -p=2", "-p=0x0"]


@pytest.mark.parametrize("release", ["1.19", "1.22.10", "1.25.5"])
def test_goflags_values_build_commands_refuse(tmp_path, release: str) -> None:
    """Every word a known flag, but a value a build command refuses: go list (a build
    command that compiles nothing) is the oracle for each value, in three releases; doctor
    quotes what it prints (first line)."""
    import subprocess

    root = debian_go119() if release == "1.19" else toolchain_root(release)
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.19\n")
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n")
    env = {"PATH": f"{root}/bin:/usr/bin:/bin", "HOME": str(tmp_path), "GOTOOLCHAIN": "local",
           "GOCACHE": str(tmp_path / "cache"), "GOFLAGS": ""}
    for value in VALUES:
        r = subprocess.run(["go", "list", "."], cwd=mod, env={**env, "GOFLAGS": value},
                           capture_output=True, text=True)
        err, who = goflags_value_error(value)
        if r.returncode == 0:
            assert err == "", (value, release)
        else:
            assert err == r.stderr.splitlines()[0], (value, release, r.stderr)
            assert "list" in who
        assert goflags_error(value) == ""  # the flags themselves are known: only the values


def test_goflags_value_go_refuses_is_an_error(scenario: Scenario) -> None:
    assert scenario.go("env", "-w", "GOFLAGS=-mod=bogus").returncode == 0
    r = scenario.go("build", ".")
    assert r.returncode == 1
    code, findings = scenario.doctor()
    f = by_id(findings, "goflags-invalid")
    assert code == 1 and r.stderr.strip() in f["explanation"]
    assert f["explanation"].startswith("go build, run, test, install, list and vet fail")
    assert "goenv-file-setting" not in ids(findings)  # one finding for the one problem


def test_goflags_accepted_values(scenario: Scenario) -> None:
    for value in ["-mod=mod", "-count=1 -v", "'-ldflags=-s -w' -trimpath", "--tags=x", "-test.v"]:
        assert scenario.go("version", env={"GOFLAGS": value}).returncode == 0, value
        assert goflags_error(value) == "", value


@pytest.mark.parametrize("version", ["1.21.13", "1.22.10", "1.23.9", "1.25.5", "1.19.8"])
def test_known_flag_list_matches_real_go(version: str, tmp_path) -> None:
    """Exactly the flags we say this version knows are the ones the real go accepts."""
    import subprocess

    root = debian_go119() if version == "1.19.8" else toolchain_root(version)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GOTOOLCHAIN": "local"}
    for name in sorted(KNOWN | {"bogus", "args", "testjson"}):
        out = subprocess.run([str(root / "bin" / "go"), "version"], env={**env, "GOFLAGS": f"-{name}"},
                             capture_output=True, text=True).stderr
        assert ("unknown flag" not in out) == known_flag(name, version), (name, out)
