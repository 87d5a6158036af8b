"""A command given --json that fails still prints one JSON object on stdout (docs/json.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


@pytest.mark.parametrize("fmt", [["--json"], []])
def test_a_failing_json_command_prints_the_error_as_json(tmp_path: Path, gover, fmt: list[str]) -> None:
    missing = tmp_path / "no-cache"
    r = gover("cache", "verify", *fmt, env={**os.environ, "GOCACHE": str(missing)})
    message = f"GOCACHE {missing} does not exist (GOCACHE={missing} (process environment))"
    assert r.code == 1 and r.err == f"gover: {message}\n"
    if fmt:
        assert json.loads(r.out) == {"error": {"message": message, "hint": None, "exit_code": 1}}
    else:
        assert r.out == ""


def test_the_exit_code_and_hint_are_the_ones_the_process_gets(tmp_path: Path, gover,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    r = gover("cache", "prune", "--json")
    assert r.code == 2
    assert json.loads(r.out)["error"] == {
        "message": "say what to prune: --older-than DURATION and/or --max-size SIZE", "hint": None,
        "exit_code": 2}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    r = gover("check", "--format", "json", "--skip", "bogus")
    err = json.loads(r.out)["error"]
    assert r.code == 2 and err["message"] == "unknown check 'bogus' in --skip"
    assert r.err == f"gover: {err['message']}\n  {err['hint']}\n" and err["hint"].startswith("checks: parse,")


def test_a_document_with_its_own_error_field_is_printed_alone(tmp_path: Path, gover,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".go-version").write_text("1.99.1\n")
    monkeypatch.chdir(tmp_path)
    r = gover("current", "--json", env={**os.environ, "PWD": str(tmp_path)})
    doc = json.loads(r.out)  # exactly one document: json.loads refuses trailing data
    assert r.code == 1 and doc["version"] is None and doc["error"]["hint"] == "run: gover install 1.99.1"
