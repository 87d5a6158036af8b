"""--json on which, global, local, prefix, env and ci matrix: each document has exactly the
keys docs/json.md shows for it (the example there is parsed, not copied here)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from gover.paths import Paths
from gover.shell import shims
from tests.support.layouts import fake_toolchain

DOC = Path(__file__).resolve().parents[3] / "docs" / "json.md"


def documented(heading: str) -> dict[str, Any]:
    """The first JSON example under the docs/json.md section whose heading starts so."""
    text = DOC.read_text()
    start = text.index("\n## `" + heading)
    block = re.search(r"```json\n(.*?)```", text[start:], re.S)
    assert block, heading
    doc: dict[str, Any] = json.loads(block.group(1))
    return doc


@pytest.fixture
def home(isolated_env: Path) -> Path:
    h = isolated_env / "gover"
    for v in ("go1.22.10", "go1.23.9"):
        fake_toolchain(h, v)
    shims.rehash(Paths(h))
    return h


def run_json(gover, *args: str) -> dict[str, Any]:
    r = gover(*args)
    assert r.code == 0, r
    doc: dict[str, Any] = json.loads(r.out)
    return doc


def test_which(gover, home: Path, work: Path) -> None:
    (work / ".go-version").write_text("1.22\n")
    doc = run_json(gover, "which", "go", "--json")
    assert doc.keys() == documented("gover which").keys()
    goroot = home / "versions" / "go1.22.10"
    assert doc == {"program": "go", "path": str(goroot / "bin" / "go"), "version": "go1.22.10",
                   "goroot": str(goroot)}
    assert gover("which", "go").out == f"{goroot}/bin/go\n"  # the text form is unchanged


def test_global_shown_set_and_unset(gover, home: Path, work: Path) -> None:
    keys = documented("gover global").keys()
    gf = str(home / "version")
    shown = run_json(gover, "global", "--json")
    assert shown.keys() == keys and shown == {"scope": "global", "file": gf, "value": None,
                                              "action": "shown", "dry_run": False}
    dry = run_json(gover, "global", "1.23", "--dry-run", "--json")
    assert (dry["action"], dry["value"], dry["dry_run"]) == ("written", "1.23", True)
    assert not (home / "version").exists()
    assert run_json(gover, "global", "1.23", "--json")["action"] == "written"
    assert run_json(gover, "global", "--json")["value"] == "1.23"
    gone = run_json(gover, "global", "--unset", "--json")
    assert (gone["action"], gone["value"]) == ("removed", None)


def test_local_and_tool_versions(gover, home: Path, work: Path) -> None:
    keys = documented("gover global").keys()
    doc = run_json(gover, "local", "1.22.10", "--json")
    assert doc.keys() == keys and doc == {"scope": "local", "file": str(work / ".go-version"),
                                          "value": "1.22.10", "action": "written", "dry_run": False}
    assert run_json(gover, "local", "--json")["value"] == "1.22.10"
    (work / ".tool-versions").write_text("nodejs 20.1.0\ngolang 1.23.9 1.22.10\n")
    tv = run_json(gover, "local", "--tool-versions", "--json")
    assert (tv["file"], tv["value"]) == (str(work / ".tool-versions"), "1.23.9 1.22.10")
    r = gover("local", "--unset", "--tool-versions", "--dry-run", "--json")
    assert json.loads(r.out)["action"] == "written"  # the nodejs line stays: rewritten, not removed
    assert (work / ".tool-versions").read_text().startswith("nodejs 20.1.0\ngolang 1.23.9")


def test_a_missing_local_pin_is_a_json_error(gover, home: Path, work: Path) -> None:
    r = gover("local", "--json")
    assert r.code == 1 and json.loads(r.out)["error"]["message"] == f"no .go-version in {work}"


def test_prefix(gover, home: Path, work: Path) -> None:
    doc = run_json(gover, "prefix", "1.23", "--json")
    assert doc.keys() == documented("gover prefix").keys()
    assert doc["version"] == "go1.23.9" and doc["path"] == str(home / "versions" / "go1.23.9")
    r = gover("prefix", "1.21", "--json")
    assert r.code != 0 and json.loads(r.out)["error"]["hint"] == "run: gover install 1.21"


def test_env(gover, home: Path, work: Path) -> None:
    (work / ".go-version").write_text("1.23.9\n")
    doc = run_json(gover, "env", "--json")
    assert doc.keys() == documented("gover env").keys()
    assert doc["GOROOT"] == str(home / "versions" / "go1.23.9")


def test_ci_matrix_json_is_format_json(gover, home: Path, work: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # nothing listens on port 9: the index cannot be reached, so the installed versions count
    monkeypatch.setenv("GOVER_SOURCES", "official")
    monkeypatch.setenv("GOVER_DL_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("GOVER_HTTP_RETRIES", "0")
    (work / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    doc = run_json(gover, "ci", "matrix", "--json")
    assert doc.keys() == documented("gover ci matrix").keys()
    assert doc == run_json(gover, "ci", "matrix", "--format", "json")
    assert doc["source"] == "installed" and [v["minor"] for v in doc["versions"]] == ["1.22", "1.23"]
    assert os.path.samefile(doc["file"], work / "go.mod")
