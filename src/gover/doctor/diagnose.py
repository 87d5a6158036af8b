"""One doctor run: the checks, then (with --fix) the safe fixes and the checks again.

A fix counts as done only when the check that produced it no longer reports its finding:
an action that ran without error but left the cause in place (another pin, a second
file) is reported ``not fixed`` and makes the run fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.doctor.runner import run_checks
from gover.paths import Paths
from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:  # the fixes and their journal are loaded only by --fix
    from typing import Any

    from gover.doctor import fixes as fixing


@record(frozen=True)
class AppliedFix:
    """One fix --fix applied (or, with --dry-run, would apply), and whether it worked."""

    id: str  # the finding it was meant to remove
    command: str  # what it does
    files: list[str] = field(default_factory=list)  # what it changed
    verified: bool | None = None  # finding gone on re-check (None: dry run)
    remaining: str = ""  # the finding's title when it is still reported

    @property
    def line(self) -> str:
        if self.verified is None:
            return f"would: {self.command}"
        if self.verified:
            return f"fixed: {self.command}"
        return f"not fixed: {self.command} (doctor still reports: {self.remaining})"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "command": self.command, "files": self.files,
                "verified": self.verified, "status": self.line.split(":", 1)[0]}


@record(frozen=True)
class Diagnosis:
    findings: list[Finding]  # after any fixes
    applied: list[AppliedFix] | None = None  # with --fix
    journal: Path | None = None

    @property
    def fixes(self) -> list[str] | None:
        """With --fix: what was (or would be) done, one line each."""
        if self.applied is None:
            return None
        tail = [f"(undo with: gover doctor --undo; journal {self.journal})"] if self.journal else []
        return [a.line for a in self.applied] + tail

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings) or \
            any(a.verified is False for a in self.applied or [])

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"findings": [f.to_json() for f in self.findings]}
        if self.applied is not None:
            data["fixes"] = [a.to_json() for a in self.applied]
            if self.journal:
                data["journal"] = str(self.journal)
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
    todo = [(finding.id, f) for finding in findings for f in finding.fixes]
    if dry_run:
        return Diagnosis(findings, [AppliedFix(fid, f.describe) for fid, f in todo])
    if not todo:
        return Diagnosis(findings, [])
    from gover.doctor import fixes as fixing

    entries: list[dict[str, Any]] = []
    journal = fixing.apply([f for _, f in todo], services or fixing.ApplyContext(paths), entries)
    after = check()
    remaining = {f.id: f.title for f in after}
    applied = [AppliedFix(fid, f.describe, fixing.changed_files(e["kind"], e["data"]),
                          fid not in remaining, remaining.get(fid, ""))
               for (fid, f), e in zip(todo, entries, strict=True)]
    return Diagnosis(after, applied, journal)
