"""--fix re-runs the checks: a fix is reported done only when its finding is gone, and the
fix names the real cause (an env-file pin) and an installed release that satisfies go.mod."""

from __future__ import annotations

import io
import json
import subprocess

import pytest

from gover.cli.main import main
from tests.conftest import toolchain_root
from tests.support.doctor import Scenario, by_id

pytestmark = pytest.mark.integration


def gover(s: Scenario, *args: str) -> int:
    return main(list(args), env=s.env, stdout=io.StringIO(), stderr=io.StringIO())


def shim_go(s: Scenario, *args: str) -> subprocess.CompletedProcess[str]:
    """``go`` as the user's shell finds it on PATH (gover's shim here)."""
    return subprocess.run(["go", *args], cwd=s.module, env=s.env, capture_output=True, text=True,
                          timeout=300)


def test_env_file_pin_is_the_cause_and_its_fix_is_verified(scenario: Scenario) -> None:
    for v in ("1.22.10", "1.23.9"):
        assert gover(scenario, "adopt", str(toolchain_root(v))) == 0
    (scenario.module / ".go-version").write_text("1.23.9\n")
    scenario.env["PATH"] = f"{scenario.tmp}/gover/shims:/usr/bin:/bin"
    scenario.env["GOPROXY"] = "off"
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.23\n")
    assert scenario.go("env", "-w", "GOTOOLCHAIN=go1.22.10").returncode == 0
    r = shim_go(scenario, "list", ".")
    # the shim runs the selected go1.23.9, which hands over to the pinned go1.22.10 on PATH
    msg = "go: go.mod requires go >= 1.23 (running go 1.22.10; GOTOOLCHAIN=go1.22.10)"
    assert r.returncode == 1 and r.stderr.strip() == msg
    code, findings = scenario.doctor()
    f = by_id(findings, "module-needs-newer-go")
    assert code == 1 and f["severity"] == "error" and msg in f["explanation"]
    assert f["fix"].startswith("go env -u GOTOOLCHAIN") and "install" not in f["fix"]
    out = io.StringIO()
    code = main(["doctor", "--dir", str(scenario.module), "--json", "--fix"], env=scenario.env,
                stdout=out, stderr=io.StringIO())
    doc = json.loads(out.getvalue())
    fixed = [x for x in doc["fixes"] if x["id"] == "module-needs-newer-go"]
    assert fixed == [{"id": "module-needs-newer-go", "command": fixed[0]["command"],
                      "files": [str(scenario.go_env_file())], "verified": True, "status": "fixed"}]
    assert "module-needs-newer-go" not in [x["id"] for x in doc["findings"]]
    r = shim_go(scenario, "list", ".")
    assert r.returncode == 0, r.stderr


def test_an_installed_release_that_satisfies_is_named_instead_of_an_install(
        scenario: Scenario) -> None:
    for v in ("1.22.10", "1.23.9"):
        assert gover(scenario, "adopt", str(toolchain_root(v))) == 0
    (scenario.module / ".go-version").write_text("1.22.10\n")
    scenario.env["PATH"] = f"{scenario.tmp}/gover/shims:/usr/bin:/bin"
    scenario.env["GOTOOLCHAIN"] = "local"
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.23.0\n")
    r = shim_go(scenario, "list", ".")
    msg = "go: go.mod requires go >= 1.23.0 (running go 1.22.10; GOTOOLCHAIN=local)"
    assert r.stderr.strip() == msg
    code, findings = scenario.doctor()
    f = by_id(findings, "module-needs-newer-go")
    assert code == 1 and msg in f["explanation"]
    assert f["fix"].startswith("gover local 1.23.9") and "gover install" not in f["fix"]
    # the advice works: after it, the same go command builds the module
    (scenario.module / ".go-version").write_text("1.23.9\n")  # what `gover local 1.23.9` writes
    r = shim_go(scenario, "list", ".")
    assert r.returncode == 0, r.stderr
