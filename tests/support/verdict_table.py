"""The README's verdict table, generated from the scenario tests of this run.

The scenario files are the test files that call ``verdicts.record``.  When a pytest run
has run every test of every one of them, and all passed, the records it made are the
whole registry: tests/integration/test_verdict_table.py (ordered last by tests/conftest.py)
then compares :func:`verdicts.table` of them with the table between the README markers.
Any partial run (-k, -m, --deselect, one file, a failed or skipped scenario test) makes
that comparison meaningless, so :meth:`RunState.incomplete` says why and the test skips.
``scripts/verdict-table`` runs the scenario files itself and writes the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BEGIN, END = "<!-- verdicts:begin -->", "<!-- verdicts:end -->"
TABLE_TEST = "test_verdict_table.py"
_CALL = re.compile(r"\bverdicts\.record\(")


def scenario_files(root: Path = ROOT) -> list[Path]:
    """Every test file under tests/ that records a scenario."""
    return sorted(p for p in (root / "tests").rglob("test_*.py")
                  if _CALL.search(p.read_text(encoding="utf-8", errors="replace")))


def readme_table(text: str) -> str | None:
    """The text between the markers, without the blank lines around it; None without markers."""
    if BEGIN not in text or END not in text:
        return None
    inner = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return inner.strip("\n") + "\n"


def with_table(text: str, table: str) -> str:
    """``text`` with the table between the markers replaced by ``table``."""
    if readme_table(text) is None:
        raise ValueError(f"README.md has no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{BEGIN}\n{table.rstrip(chr(10))}\n{END}{tail}"


@dataclass
class RunState:
    """What this pytest session collected, deselected and ran of the scenario files."""

    files: set[Path] = field(default_factory=set)
    deselected: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)  # nodeid -> passed/failed/skipped

    def is_scenario(self, item: Any) -> bool:
        if not self.files:
            self.files = set(scenario_files())
        return Path(str(item.path)).resolve() in self.files

    def on_deselected(self, items: Any) -> None:
        self.deselected += [i.nodeid for i in items if self.is_scenario(i)]

    def on_report(self, report: Any) -> None:
        # a failed or skipped setup is that test's outcome; otherwise the call's
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.outcomes[report.nodeid] = report.outcome

    def incomplete(self, items: list[Any]) -> str:
        """Why this session's records are not the whole registry ("" when they are)."""
        ran = [i for i in items if self.is_scenario(i)]
        missing = sorted(self.files - {Path(str(i.path)).resolve() for i in ran})
        if missing:
            return "scenario files not in this run: " + ", ".join(str(p.relative_to(ROOT)) for p in missing)
        if self.deselected:
            return f"{_tests(len(self.deselected))} deselected (first: {self.deselected[0]})"
        bad = [i.nodeid for i in ran if self.outcomes.get(i.nodeid) != "passed"]
        if bad:
            return f"{_tests(len(bad))} did not pass or did not run (first: {bad[0]})"
        return ""


def _tests(n: int) -> str:
    return f"{n} scenario test" + ("" if n == 1 else "s")


RUN = RunState()
