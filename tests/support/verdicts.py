"""A registry of verdict scenarios: what a check or doctor should say about a layout,
and what it said.  Scenario tests call :func:`record`; :func:`table` turns the records
into the precision/recall table (scenarios tried, caught, missed, false alarms).

A scenario has a name, the tool (``check`` or ``doctor``), the finding id it must
produce (None for a clean layout, which must produce no error) and the ids the tool
reported at error severity.  It is *caught* when the expected id is among the reported
ones (for a clean layout: when nothing is reported); every other error id reported is a
*false alarm*.

Records live in this process (``RECORDED``: tests/integration/test_verdict_table.py
compares their table with README.md's) and, when ``VERDICTS_FILE`` names a file, are
appended to it as JSON lines, so records from several pytest processes can be merged:
``python -m tests.support.verdicts FILE`` prints the table; ``scripts/verdict-table``
runs the scenario files and writes it into README.md.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Verdict:
    name: str
    tool: str  # "check" or "doctor"
    expected: str | None  # the finding id the scenario must produce; None: a clean layout
    caught: bool
    false_alarms: tuple[str, ...] = ()
    go: str = ""  # the Go release the scenario ran ("1.22.10"), if one

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "false_alarms": list(self.false_alarms)}


RECORDED: list[Verdict] = []


def record(name: str, tool: str, expected: str | None, reported: Iterable[str], go: str = "") -> Verdict:
    """Record one scenario; ``reported`` are the ids the tool reported as errors (pass the
    warning ids too when a warning is the expected verdict)."""
    got = list(reported)
    caught = (expected in got) if expected else not got
    v = Verdict(name, tool, expected, caught, tuple(sorted({i for i in got if i != expected})), go)
    RECORDED.append(v)
    path = os.environ.get("VERDICTS_FILE")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(v.to_json()) + "\n")
    return v


def load(path: str) -> list[Verdict]:
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [Verdict(r["name"], r["tool"], r["expected"], r["caught"], tuple(r["false_alarms"]), r["go"])
            for r in rows]


def family(go: str) -> str:
    """The Go release family a scenario ran under: "1.22.10" -> "go1.22"; "" -> "no go run"."""
    return "go" + ".".join(go.split(".")[:2]) if go else "no go run"


def table(verdicts: Iterable[Verdict]) -> str:
    """Markdown: per tool and Go release family (then the tool's total), scenarios tried,
    problems caught/missed, clean layouts passed, false alarms, precision and recall."""
    rows = ["| tool | Go release | scenarios | problems caught | missed | clean layouts passed | "
            "false alarms | precision | recall |", "|---|---|---|---|---|---|---|---|---|"]
    by_tool: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by_tool.setdefault(v.tool, []).append(v)
    for tool, vs in sorted(by_tool.items()):
        fams: dict[str, list[Verdict]] = {}
        for v in vs:
            fams.setdefault(family(v.go), []).append(v)
        for fam, fvs in sorted(fams.items(), key=lambda kv: _family_key(kv[0])):
            rows.append(_row(tool, fam, fvs))
        if len(fams) > 1:
            rows.append(_row(f"**{tool}**", "all", vs))
    return "\n".join(rows) + "\n"


def _family_key(fam: str) -> tuple[int, ...]:
    return tuple(int(x) for x in fam[2:].split(".")) if fam.startswith("go") else (1 << 30,)


def _row(tool: str, fam: str, vs: list[Verdict]) -> str:
    problems = [v for v in vs if v.expected]
    caught = sum(v.caught for v in problems)
    clean = [v for v in vs if not v.expected]
    alarms = sum(len(v.false_alarms) for v in vs)
    precision = caught / (caught + alarms) if caught + alarms else 1.0
    recall = caught / len(problems) if problems else 1.0
    passed = sum(v.caught for v in clean)
    return (f"| {tool} | {fam} | {len(vs)} | {caught} | {len(problems) - caught} | {passed}/{len(clean)} | "
            f"{alarms} | {precision:.2f} | {recall:.2f} |")


if __name__ == "__main__":  # pragma: no cover - a reporting helper
    sys.stdout.write(table(load(sys.argv[1])))
