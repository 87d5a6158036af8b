"""doctor surfaces the module-file verdicts of ``gover check`` for its directory: a go.mod
go rejects (once, as go-mod-unparsable), a go.work go rejects, a go.work ``use`` without
a module, a missing go.sum line — each quoting what the real go printed in the same test."""

from __future__ import annotations

from tests.support import verdicts
from tests.support.doctor import Scenario, by_id, ids


def test_a_go_mod_go_rejects(scenario: Scenario) -> None:
    (scenario.module / "go.mod").write_text("module example.com/m\n\ngo 1.2a\n")
    p = scenario.go("build", ".")
    assert p.returncode == 1
    code, found = scenario.doctor()
    f = by_id(found, "go-mod-unparsable")
    assert code == 1 and f["severity"] == "error"
    assert p.stderr.strip() in f["explanation"]
    assert ids(found, "error") == ["go-mod-unparsable"]  # one finding for one broken file
    verdicts.record("doctor: go.mod go rejects", "doctor", "go-mod-unparsable", ids(found, "error"),
                    scenario.version)


def test_a_go_work_go_rejects(scenario: Scenario) -> None:
    (scenario.module / "go.work").write_text("go 1.21\n\nuse .\nfrobnicate x\n")
    p = scenario.go("build", ".")
    assert p.returncode == 1
    code, found = scenario.doctor()
    f = by_id(found, "modfile-unparsable")
    assert code == 1 and f["severity"] == "error"
    assert f["explanation"] == "go fails with: " + p.stderr.strip()
    verdicts.record("doctor: go.work go rejects", "doctor", "modfile-unparsable", ids(found, "error"),
                    scenario.version)


def test_a_go_work_use_without_a_module(scenario: Scenario) -> None:
    (scenario.module / "go.work").write_text("go 1.21\n\nuse .\nuse ./gone\n")
    p = scenario.go("build", ".")
    assert p.returncode == 1
    code, found = scenario.doctor()
    f = by_id(found, "workspace-broken")
    assert code == 1 and f["explanation"] == "go fails with: " + p.stderr.strip()
    verdicts.record("doctor: go.work use of a missing directory", "doctor", "workspace-broken",
                    ids(found, "error"), scenario.version)
    (scenario.module / "go.work").write_text("go 1.21\n\nuse .\n")
    assert scenario.go("build", ".").returncode == 0
    assert "workspace-broken" not in ids(scenario.doctor()[1])
