"""Matrix reports (the --json document, JUnit XML) and the per-run log directories."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from gover.matrix import logs
from gover.matrix.report import failure_tail, junit, to_json
from gover.matrix.runner import Result
from gover.paths import Paths

RESULTS = [
    Result("go1.22.10", "failed", 1, 1.25, Path("/l/go1.22.10.log"),
           "".join(f"line {i}\n" for i in range(60)) + "\x1b[31mFAIL\x1b[0m \x00\n", 100),
    Result("go1.23.9", "passed", 0, 0.5, Path("/l/go1.23.9.log"), "ok\n", 3),
    Result("go1.24.1", "cancelled", None, 0.25, Path("/l/go1.24.1.log"), ""),
    Result("go1.25.5", "skipped", None, 0.0, None),
]


def test_json_document() -> None:
    doc = to_json(RESULTS[1:3])
    assert doc == {"results": [
        {"version": "go1.23.9", "exit_code": 0, "passed": True, "duration_s": 0.5, "output": "ok\n",
         "log": "/l/go1.23.9.log", "status": "passed"},
        {"version": "go1.24.1", "exit_code": None, "passed": False, "duration_s": 0.25, "output": "",
         "log": "/l/go1.24.1.log", "status": "cancelled"}]}
    assert to_json(RESULTS[3:])["results"][0]["log"] is None


def test_junit_counts_and_cases() -> None:
    root = ET.fromstring(junit(RESULTS, "go test ./...", stopped_by="fail-fast"))
    assert root.tag == "testsuites" and root.get("name") == "gover matrix"
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == \
        ("4", "1", "2", "0")
    assert root.get("time") == "2.000"
    (suite,) = root
    assert suite.get("name") == "go test ./..." and suite.get("tests") == "4"
    cases = {c.get("name"): c for c in suite}
    assert list(cases) == ["go1.22.10", "go1.23.9", "go1.24.1", "go1.25.5"]
    failed = cases["go1.22.10"]
    assert failed.get("time") == "1.250" and failed.get("classname") == "gover.matrix"
    f = failed.find("failure")
    assert f is not None and f.get("message") == "exit status 1" and f.get("type") == "ExitStatus"
    assert f.text is not None and f.text.startswith("line 11\n") and len(f.text.split("\n")) == 50
    # ANSI escapes and NULs cannot be carried by XML 1.0: replaced, so the report parses.
    assert f.text.endswith("\ufffd[31mFAIL\ufffd[0m \ufffd")
    prop = failed.find("properties/property")
    assert prop is not None and (prop.get("name"), prop.get("value")) == ("log", "/l/go1.22.10.log")
    assert cases["go1.23.9"].find("failure") is None and cases["go1.23.9"].findtext("system-out") == "ok\n"
    assert cases["go1.24.1"].find("skipped").get("message") == "cancelled by --fail-fast"  # type: ignore[union-attr]
    assert cases["go1.25.5"].find("skipped").get("message") == \
        "not started: stopped by --fail-fast"  # type: ignore[union-attr]
    assert cases["go1.25.5"].find("properties") is None
    by_signal = ET.fromstring(junit(RESULTS, "x"))[0]
    assert [s.get("message") for s in by_signal.iter("skipped")] == [
        "cancelled by an interrupt", "not started: stopped by an interrupt"]


def test_junit_is_well_formed_for_any_command_text() -> None:
    data = junit([RESULTS[1]], "go test -run 'A|B' <&> \x07")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    assert ET.fromstring(data)[0].get("name") == "go test -run 'A|B' <&> \ufffd"


def test_failure_tail() -> None:
    assert failure_tail(RESULTS[0], 2).split("\n")[0] == "line 59"
    assert failure_tail(Result("x", "failed", 1, 0, None, "a\nb\n\n"), 5) == "a\nb"


def test_run_dirs_and_pruning(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    run = logs.new_run_dir(paths)
    assert run.parent == tmp_path / "matrix"
    assert run.name.endswith(f"-{os.getpid()}") and run.name[8] == "T" and run.name[15] == "Z"
    assert logs.log_path(run, "go1.22.10") == run / "go1.22.10.log"
    base = tmp_path / "matrix"
    names = [f"2024010{d}T000000Z-{d}" for d in range(1, 6)]
    for n in names + ["notes", "20240101T000000Z"]:
        (base / n).mkdir(parents=True)
    removed = logs.prune(paths, keep=2)
    assert removed == [base / n for n in names[:3]]
    assert sorted(os.listdir(base)) == sorted(names[3:] + ["notes", "20240101T000000Z"])
    assert logs.prune(Paths(tmp_path / "none")) == []
