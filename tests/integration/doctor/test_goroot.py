from __future__ import annotations

import pytest

from tests.conftest import toolchain_root
from tests.support.doctor import Scenario, by_id, ids

pytestmark = pytest.mark.integration


def test_goroot_of_another_release_in_the_environment(scenario: Scenario) -> None:
    other = toolchain_root("1.21.13")
    r = scenario.go("build", "-o", "/dev/null", ".", env={"GOROOT": str(other)})
    assert r.returncode != 0
    assert 'compile: version "go1.21.13" does not match go tool version "go1.22.10"' in r.stderr
    code, findings = scenario.doctor(env={"GOROOT": str(other)})
    f = by_id(findings, "goroot-mismatch")
    assert code == 1 and f["severity"] == "error" and not f["fixable"]
    assert 'compile: version "go1.21.13" does not match go tool version "go1.22.10"' in f["explanation"]
    assert f"GOROOT={other} (process environment)" in f["evidence"]


def test_go_env_w_goroot_is_fixed_and_undone(scenario: Scenario, gover) -> None:
    other = toolchain_root("1.21.13")
    assert scenario.go("env", "-w", f"GOROOT={other}").returncode == 0
    assert "does not match go tool version" in scenario.go("build", "-o", "/dev/null", ".").stderr
    before = scenario.go_env_file().read_text()
    code, findings = scenario.doctor()
    f = by_id(findings, "goroot-mismatch")
    assert code == 1 and f["fixable"] and f["fix"] == "go env -u GOROOT"
    assert any(e.startswith(f"GOROOT={other} ({scenario.go_env_file()}:") for e in f["evidence"])

    code, findings = scenario.doctor("--fix", "--dry-run")
    assert scenario.go_env_file().read_text() == before  # dry run changes nothing
    code, findings = scenario.doctor("--fix")
    assert code == 0 and "goroot-mismatch" not in ids(findings)
    assert scenario.go("build", "-o", "/dev/null", ".").returncode == 0
    r = gover("doctor", "--undo", env=scenario.env)
    assert r.code == 0 and "restored" in r.err
    assert scenario.go_env_file().read_text() == before


def test_goroot_set_to_the_right_release_is_a_warning(scenario: Scenario) -> None:
    code, findings = scenario.doctor(env={"GOROOT": str(scenario.goroot)})
    assert code == 0 and by_id(findings, "goroot-set")["severity"] == "warning"
