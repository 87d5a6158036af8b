"""gover init --uninstall takes out exactly what --write added; gover implode removes
gover's footprint and nothing else; --dry-run changes nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.shell import shims
from tests.support.layouts import fake_toolchain
from tests.unit.cli.test_json_documents import documented
from tests.unit.project.test_prune import listing

BEFORE = "export EDITOR=vi\n# >>> not gover >>>\nalias ll='ls -l'\n"
AFTER = "export PAGER=less\n"


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env / "home"


def test_uninstall_removes_only_the_written_lines(gover, home: Path) -> None:
    rc = home / ".bashrc"
    rc.write_text(BEFORE)
    assert gover("init", "bash", "--write").code == 0
    with rc.open("a") as f:
        f.write(AFTER)  # the user kept editing after gover's block
    written = rc.read_text()
    assert written.startswith(BEFORE) and written.endswith(AFTER) and "gover init bash" in written
    before = listing(home)
    dry = gover("init", "bash", "--uninstall", "--dry-run", "--json")
    assert dry.code == 0 and json.loads(dry.out)["status"] == "would-remove"
    assert json.loads(dry.out).keys() == documented("gover init SHELL --uninstall").keys()
    assert listing(home) == before
    r = gover("init", "bash", "--uninstall")
    assert r.code == 0, r
    assert rc.read_text() == BEFORE + AFTER
    backups = sorted(home.glob(".bashrc.gover-backup-*"))
    assert [b.read_text() for b in backups][-1] == written
    again = gover("init", "bash", "--uninstall")
    assert again.code == 0 and "nothing changed" in again.err and rc.read_text() == BEFORE + AFTER


def test_implode(gover, home: Path, isolated_env: Path, tmp_path: Path) -> None:
    gh = isolated_env / "gover"
    for v in ("go1.22.10", "go1.23.9"):
        fake_toolchain(gh, v)
    elsewhere = tmp_path / "opt-go"
    fake_toolchain(tmp_path / "opt", "go1.21.13")
    os.rename(tmp_path / "opt" / "versions" / "go1.21.13", elsewhere)
    (gh / "versions" / "go1.21.13").symlink_to(elsewhere)  # as gover adopt registers it
    shims.rehash(Paths(gh))
    (gh / "notes.txt").write_text("mine\n")  # not gover's: stays
    (home / ".zshrc").write_text(BEFORE)
    for shell in ("bash", "zsh", "fish"):
        assert gover("init", shell, "--write").code == 0
    assert gover("global", "1.23").code == 0

    refused = gover("implode")
    assert refused.code == 2 and "--yes" in refused.err
    before = listing(tmp_path)
    dry = gover("implode", "--dry-run", "--json")
    assert listing(tmp_path) == before
    doc = json.loads(dry.out)
    assert doc.keys() == documented("gover implode").keys()
    assert {Path(r["rc"]).name for r in doc["rc_files"]} == {".bashrc", ".zshrc", "config.fish"}
    assert {"versions", "shims", "version"} <= {Path(p).name for p in doc["removed"]}
    assert str(gh / "versions") in doc["removed"] and str(gh / "notes.txt") not in doc["removed"]

    r = gover("implode", "--yes")
    assert r.code == 0, r
    assert sorted(os.listdir(gh)) == ["notes.txt"]
    assert (elsewhere / "bin" / "go").is_file()  # an adopted GOROOT is only unregistered
    assert (home / ".zshrc").read_text() == BEFORE
    assert "gover" not in (home / ".bashrc").read_text()
    assert "gover" not in (home / ".config" / "fish" / "config.fish").read_text()
    nothing = gover("implode", "--yes")
    assert nothing.code == 0 and nothing.err == "Nothing of gover's to remove\n"
