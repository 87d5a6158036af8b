"""``gover pins`` and the new ``gover migrate`` options on the command line: what each prints,
to which stream, the exit status, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.unit.project.pins.test_readers import FILES, make


def test_pins_text_and_json(gover: Any, tmp_path: Path) -> None:
    root = make(tmp_path / "r", FILES)
    r = gover("pins", str(root))
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0].split() == ["FILE:LINE", "WHERE", "TEXT", "MEANS", "READ", "BY"]
    assert any(x.startswith(".go-version:1 ") and "go1.23.9" in x and "exact 1.23.9" in x for x in lines)
    assert any("1.20" in x and "[unquoted 1.20 is the number 1.2" in x for x in lines)
    n = len(json.loads(gover("pins", str(root), "--json").out)["pins"])
    assert r.err == f"{n} pins in {len(FILES)} files under {root}\n"
    doc = json.loads(gover("pins", str(root), "--json").out)
    assert doc["root"] == str(root) and sorted(doc["files"]) == sorted(FILES) and doc["problems"] == []
    first = doc["pins"][0]
    assert set(first) == {"file", "line", "column", "kind", "where", "text", "value", "meaning", "tool",
                          "group", "digest", "notes", "blocked"}


def test_pins_reports_files_it_cannot_parse_and_bad_dirs(gover: Any, tmp_path: Path) -> None:
    root = make(tmp_path / "r", {".golangci.yml": "run:\n  go: '1.22\n", "Dockerfile": "FROM golang:1.22\n"})
    r = gover("pins", str(root))
    assert r.code == 0 and "Dockerfile:1" in r.out
    assert r.err.startswith("gover: .golangci.yml:2: cannot parse (unterminated quoted scalar): pins in it "
                            "are not read, and it is never rewritten\n")
    r = gover("pins", str(tmp_path / "nope"))
    assert r.code == 2 and r.err.startswith(f"gover: {tmp_path / 'nope'}: not a directory\n")
    assert "Traceback" not in r.err


def test_migrate_bad_kinds_and_matrix(gover: Any, tmp_path: Path) -> None:
    root = make(tmp_path / "r", FILES)
    r = gover("migrate", str(root), "--go", "1.22.0", "--only", "docker")
    assert r.code == 2 and r.err == ("gover: --only: unknown pin kind 'docker'\n  kinds: gomod, "
                                     "go-version, tool-versions, mise, dockerfile, github, gitlab, "
                                     "devcontainer, golangci, makefile\n")
    r = gover("migrate", str(root), "--go", "1.22.0", "--skip", "gomod,bogus")
    assert r.code == 2 and r.err.startswith("gover: --skip: unknown pin kind 'bogus'\n")
    r = gover("migrate", str(root), "--go", "1.22.0", "--matrix", "1.x.2", "--dry-run")
    assert r.code == 2 and r.err.startswith('gover: --matrix: invalid version "1.x.2"'), r
    assert gover("migrate", str(root), "--go", "1.22.0", "-j", "0").code == 2  # argparse: a usage error


def test_a_kept_toolchain_line_is_said(gover: Any, tmp_path: Path) -> None:
    """Rolling the go line back keeps a toolchain line above it, as Go does: say so."""
    from tests.unit.cli.test_feature_commands import fake_goroot

    root = make(tmp_path / "r", FILES)
    assert gover("adopt", str(fake_goroot(tmp_path / "sdk", "1.23.9"))).code == 0
    r = gover("migrate", str(root), "--go", "1.22.0", "--dry-run")
    assert r.code == 0, r
    assert ("note: toolchain go1.23.9 is kept (it is above go 1.22.0), so Go still builds with it; "
            "--toolchain none (or --toolchain go1.22.N) moves it too\n") in r.err
    assert "Exact pins name go1.23.9 (the toolchain line go1.23.9 (installed))" in r.err


def test_check_skips_the_pins_category(gover: Any, tmp_path: Path) -> None:
    root = make(tmp_path / "r", {"go.mod": "module m\n\ngo 1.23.0\n", "Dockerfile": "FROM golang:1.22\n"})
    r = gover("check", str(root))
    assert r.code == 1 and ("Dockerfile:1: error: FROM golang:1.22 means Go 1.22, older than go 1.23.0 in "
                            "go.mod:3") in r.out and "[pins]" in r.out
    assert gover("check", str(root), "--skip", "pins").code == 0
