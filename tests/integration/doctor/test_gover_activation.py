"""gover's own part: a failed selection, go shadowing gover's choice, shims off PATH or stale."""

from __future__ import annotations

import subprocess

import pytest

from gover.cli.main import main
from tests.conftest import toolchain_root
from tests.support.doctor import Scenario, by_id, ids

pytestmark = pytest.mark.integration


def gover(s: Scenario, *args: str) -> int:
    import io

    return main(list(args), env=s.env, stdout=io.StringIO(), stderr=io.StringIO())


def shims_first(s: Scenario) -> None:
    s.env["PATH"] = f"{s.tmp}/gover/shims:{s.env['PATH']}"


def test_pinned_version_not_installed_breaks_go_through_the_shim(scenario: Scenario) -> None:
    assert gover(scenario, "rehash") == 0
    shims_first(scenario)
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.23.1\n")
    r = subprocess.run(["go", "version"], cwd=scenario.module, env=scenario.env, capture_output=True,
                       text=True)
    assert r.returncode != 0 and "gover install" in r.stderr
    code, findings = scenario.doctor()
    f = by_id(findings, "gover-selection-failed")
    assert code == 1 and f["severity"] == "error" and f["fixable"]
    assert "every `go` command here stops" in f["explanation"]


def test_a_toolchain_line_not_installed_is_an_info_with_the_install_fix(scenario: Scenario) -> None:
    """bbolt's case: toolchain go1.22.99, only go1.22.10 installed.  go alone downloads (and
    fails offline); the shim runs go1.22.10, and doctor says so, with the install command."""
    assert gover(scenario, "adopt", str(scenario.goroot)) == 0
    shims_first(scenario)
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.22.99\n")
    r = scenario.go("version", env={"GOPROXY": "off", "PATH": "/usr/bin:/bin"})
    assert r.returncode != 0 and "download go1.22.99 for linux/amd64: toolchain not available" in r.stderr, r
    r = subprocess.run(["go", "version"], cwd=scenario.module, env={**scenario.env, "GOPROXY": "off"},
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("go version go1.22.10 "), r
    code, findings = scenario.doctor()
    f = by_id(findings, "gover-selection-substituted")
    assert f["severity"] == "info" and f["fixable"], f
    assert f["title"] == (f"{scenario.module}/go.mod:5 asks for toolchain go1.22.99, which is not installed; "
                          "the system go (go1.22.10) runs instead (it satisfies go 1.22.0)"), f
    assert f["fix"].startswith("gover install 1.22.99"), f
    assert "gover-selection-failed" not in ids(findings)


def test_another_go_before_the_shims_shadows_gover(scenario: Scenario) -> None:
    assert gover(scenario, "adopt", str(toolchain_root("1.22.10"))) == 0
    (scenario.module / ".go-version").write_text("1.22.10\n")
    other = toolchain_root("1.21.13")
    scenario.env["PATH"] = f"{other}/bin:{scenario.tmp}/gover/shims:/usr/bin:/bin"
    r = subprocess.run(["go", "version"], cwd=scenario.module, env=scenario.env, capture_output=True,
                       text=True)
    assert r.stdout.startswith("go version go1.21.13")  # not the pinned go1.22.10
    code, findings = scenario.doctor()
    f = by_id(findings, "go-shadowed")
    assert f["title"] == f"`go` runs {other}/bin/go (go1.21.13), not gover's go1.22.10"
    scenario.env["PATH"] = f"{scenario.tmp}/gover/shims:{other}/bin:/usr/bin:/bin"
    r = subprocess.run(["go", "version"], cwd=scenario.module, env=scenario.env, capture_output=True,
                       text=True)
    assert r.stdout.startswith("go version go1.22.10")
    assert "go-shadowed" not in ids(scenario.doctor()[1])


def test_shims_not_on_path(scenario: Scenario) -> None:
    assert gover(scenario, "adopt", str(toolchain_root("1.22.10"))) == 0
    code, findings = scenario.doctor()
    assert by_id(findings, "gover-shims-not-on-path")["severity"] == "warning"
    assert "gover-shims-not-on-path" not in ids(scenario.doctor(env={"_GOVER_KEY": "x"})[1])


def test_stale_shims_make_go_miss_an_installed_toolchain_and_are_fixed(scenario: Scenario) -> None:
    assert gover(scenario, "adopt", str(toolchain_root("1.23.9"))) == 0
    shims_first(scenario)
    link = scenario.tmp / "gover" / "shims" / "go1.23.9"
    link.unlink()
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.23\n\ntoolchain go1.23.9\n")
    env = {"GOTOOLCHAIN": "path", "PATH": f"{scenario.goroot}/bin:{scenario.tmp}/gover/shims:/usr/bin:/bin"}
    assert 'go: cannot find "go1.23.9" in PATH' in scenario.go("version", env=env).stderr
    code, findings = scenario.doctor(env=env)
    f = by_id(findings, "gover-shims-stale")
    assert "would write go1.23.9" in f["evidence"] and f["fixable"]
    scenario.doctor("--fix", env=env)
    assert link.is_symlink()
    assert scenario.go("version", env=env).stdout.startswith("go version go1.23.9")


def test_goroot_set_by_the_prompt_hook_is_not_reported(scenario: Scenario) -> None:
    env = {"GOROOT": str(scenario.goroot), "_GOVER_ROOT": str(scenario.goroot)}
    assert "goroot-set" not in ids(scenario.doctor(env=env)[1])
