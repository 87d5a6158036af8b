"""What doctor reports: findings with evidence, and the reversible fixes it can apply."""

from __future__ import annotations

from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

SEVERITIES = ("error", "warning", "info")


@record(frozen=True)
class Fix:
    """A safe, reversible change doctor may apply with --fix.

    ``kind`` names an action in ``doctor.fixes`` (e.g. ``go-env-unset``); ``args``
    are its parameters.  Only actions listed there can be applied, and each one
    records what it changed so ``gover doctor --undo`` can put it back.
    """

    kind: str
    args: dict[str, str]
    describe: str  # what it will do, for --dry-run


@record
class Finding:
    id: str
    severity: str  # "error" | "warning" | "info"
    title: str
    evidence: list[str]  # the exact values, files and lines involved
    explanation: str  # what go will do, quoting the message it prints
    fix: str  # a command or action for the user
    fixes: list[Fix] = field(default_factory=list)  # what --fix applies (empty: not fixable)
    quote: str = ""  # exactly what the Go release that runs prints ("" when go prints nothing)
    quiet: bool = False  # worth a line only with --verbose (and in --json): not on every run

    @property
    def fixable(self) -> bool:
        return bool(self.fixes)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "title": self.title,
                "evidence": self.evidence, "explanation": self.explanation, "fix": self.fix,
                "fixable": self.fixable, "quote": self.quote}
