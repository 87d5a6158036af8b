"""One doctor run: the checks, then (with --fix) the safe fixes and the checks again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gover.doctor import fixes as fixing
from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.doctor.runner import run_checks
from gover.paths import Paths


@dataclass(frozen=True)
class Diagnosis:
    findings: list[Finding]  # after any fixes
    fixes: list[str] | None = None  # with --fix: what was (or would be) done, one line each

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"findings": [f.to_json() for f in self.findings]}
        if self.fixes is not None:
            data["fixes"] = self.fixes
        return data


def diagnose(directory: Path, env: Mapping[str, str], paths: Paths, *, online: bool = False,
             only: list[str] | None = None, fix: bool = False, dry_run: bool = False,
             services: fixing.ApplyContext | None = None) -> Diagnosis:
    """Run the checks for ``directory``; with ``fix``, apply every finding's safe fixes
    (journaled for ``--undo``; only listed with ``dry_run``) and report what remains."""

    def check() -> list[Finding]:
        return run_checks(DoctorContext(directory, env, paths, online), only)

    findings = check()
    if not fix:
        return Diagnosis(findings)
    todo = [f for finding in findings for f in finding.fixes]
    if dry_run:
        return Diagnosis(findings, [f"would: {f.describe}" for f in todo])
    if not todo:
        return Diagnosis(findings, [])
    journal = fixing.apply(todo, services or fixing.ApplyContext(paths))
    done = [f"fixed: {f.describe}" for f in todo] + [f"(undo with: gover doctor --undo; journal {journal})"]
    return Diagnosis(check(), done)
