from __future__ import annotations

import pytest

from tests.support.doctor import Scenario, ids

pytestmark = pytest.mark.integration


def test_a_clean_environment_has_no_errors(scenario: Scenario) -> None:
    assert scenario.go("build", "-o", "/dev/null", ".").returncode == 0
    code, findings = scenario.doctor()
    assert code == 0 and ids(findings, "error") == []


def test_text_mode_numbers_findings_and_says_when_clean(scenario: Scenario) -> None:
    code, text = scenario.doctor_text("--only", "goroot-mismatch")
    assert code == 0 and text.strip() == "No problems found"
    scenario.env["GOFLAGS"] = "-bogus"
    code, text = scenario.doctor_text()
    assert code == 1 and "1. [error] go refuses GOFLAGS  (goflags-invalid)" in text
    assert "evidence: GOFLAGS=-bogus (process environment)" in text


def test_unknown_only_id_is_a_usage_error(scenario: Scenario, gover) -> None:
    r = gover("doctor", "--dir", str(scenario.module), "--only", "nope")
    assert r.code == 2 and "unknown check id 'nope'" in r.err
