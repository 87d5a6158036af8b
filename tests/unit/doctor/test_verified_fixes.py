"""How a verified (or unverified) fix is reported: the line, the JSON and the exit status."""

from __future__ import annotations

from pathlib import Path

from gover.doctor.diagnose import AppliedFix, Diagnosis
from gover.doctor.fixes import changed_files
from gover.doctor.model import Finding


def _finding(severity: str) -> Finding:
    return Finding("goroot-mismatch", severity, "GOROOT points at go1.21.13", [], "", "")


def test_a_fix_whose_finding_remains_is_not_fixed_and_fails_the_run() -> None:
    still = AppliedFix("goroot-mismatch", "remove GOROOT from env", ["/h/.config/go/env"], False,
                       "GOROOT points at go1.21.13")
    d = Diagnosis([_finding("warning")], [still], Path("/j.json"))
    assert d.has_errors  # a warning alone would not fail; the unverified fix does
    assert d.fixes == ["not fixed: remove GOROOT from env (doctor still reports: GOROOT points "
                       "at go1.21.13)", "(undo with: gover doctor --undo; journal /j.json)"]
    assert d.to_json()["fixes"] == [{"id": "goroot-mismatch", "command": "remove GOROOT from env",
                                     "files": ["/h/.config/go/env"], "verified": False,
                                     "status": "not fixed"}]


def test_verified_and_dry_run_fixes() -> None:
    ok = AppliedFix("goroot-mismatch", "remove GOROOT from env", [], True)
    assert not Diagnosis([], [ok]).has_errors and ok.line == "fixed: remove GOROOT from env"
    dry = AppliedFix("goroot-mismatch", "remove GOROOT from env")
    assert dry.line == "would: remove GOROOT from env" and dry.to_json()["verified"] is None


def test_changed_files_lists_only_what_changed() -> None:
    assert changed_files("go-env-unset", {"file": "/e", "before": "A=1\n", "after": ""}) == ["/e"]
    assert changed_files("go-env-unset", {"file": "/e", "before": "", "after": ""}) == []
    assert changed_files("mkdir", {"made": ["/a", "/a/b"]}) == ["/a", "/a/b"]
    assert changed_files("install", {"version": "1.23.9", "installed": "installed"}) == []
