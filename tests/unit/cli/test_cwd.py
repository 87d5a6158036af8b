"""One working directory for every command: the logical cwd the resolver uses.

$PWD counts only when it names the directory the process is in (as in Go's
``os.Getwd``); a stale or foreign $PWD must not send doctor elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gover.cli.context import Ctx


def _pinned_to_a_missing_go(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".go-version").write_text("1.99.1\n")
    return proj


def _finding(out: str, fid: str) -> dict[str, object]:
    found = [f for f in json.loads(out)["findings"] if f["id"] == fid]
    assert found, f"no {fid} in {out}"
    return found[0]


def test_doctor_reports_what_current_reports_whatever_pwd_says(tmp_path: Path, gover,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    proj = _pinned_to_a_missing_go(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(proj)
    env = {**os.environ, "PWD": str(other)}
    current = gover("current", "--json", env=env)
    error = json.loads(current.out)["error"]
    assert current.code == 1
    assert error["message"] == f"go1.99.1 is not installed (set by {proj}/.go-version:1)"
    doctor = gover("doctor", "--json", env=env)
    assert doctor.code in (0, 1), doctor.err
    assert _finding(doctor.out, "gover-selection-failed")["title"] == error["message"]


def test_a_pwd_naming_this_directory_through_a_symlink_is_kept(tmp_path: Path, gover,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    proj = _pinned_to_a_missing_go(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(proj)
    monkeypatch.chdir(proj)
    env = {**os.environ, "PWD": str(link)}
    want = f"go1.99.1 is not installed (set by {link}/.go-version:1)"
    assert json.loads(gover("current", "--json", env=env).out)["error"]["message"] == want
    assert _finding(gover("doctor", "--json", env=env).out, "gover-selection-failed")["title"] == want
    assert Ctx(env=env).cwd == link and Ctx(env=env).directory(Path("..")) == tmp_path
    assert Ctx(env={**env, "PWD": str(tmp_path)}).cwd == proj  # names another directory: ignored
