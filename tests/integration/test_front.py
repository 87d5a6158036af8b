"""``$GOVER_HOME/shims/gover`` (shell/front.sh) answers exactly as gover's Python does.

Every layout of the resolution table, every everyday command: the front runs under
dash and bash with its Python replaced by a stub that says "declined", and where it
answered itself, its stdout, stderr and exit status must be the bytes gover's Python
(in-process, same directory and environment) gives.  Where it declined, the real
front hands the same words to Python; a few forms check that hand-over end to end.
A guard keeps the comparison from comparing nothing: the common layouts must be
answered by the front.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gover.cli import main
from gover.paths import Paths
from gover.shell import shims
from tests.integration.test_resolution_table import CASES, GLOBAL, GV, MOD
from tests.support.layouts import Built, Case, build, fake_goroot

pytestmark = pytest.mark.integration

COMMANDS = [
    ["current"], ["which", "go"], ["which", "gofmt"], ["which", "nosuch"], ["which", ".."],
    ["env"], ["env", "--shell", "fish"], ["env", "--shell", "zsh"], ["env", "--shell", "tcsh"],
    ["global"], ["local"], ["prefix", "1.22"], ["prefix", "1.22.10"], ["prefix", "go1.21.13"],
    ["prefix", "latest"], ["prefix", "1.99"], ["prefix", "1.22.x"], ["prefix", "1"],
    ["--version"], ["current", "--json"], ["list"], ["list", "--json"],
]
DECLINED = "FRONT DECLINED"


def _stub_front(b: Built) -> Path:
    """The front with its Python replaced: what it cannot answer comes back as DECLINED."""
    stub = b.root / "stub-python"
    stub.write_text(f"#!/bin/sh\necho '{DECLINED}'\nexit 99\n")
    stub.chmod(0o755)
    text = (b.home / "shims" / "gover").read_text(encoding="utf-8")
    lines = [f"_gv_python={stub}" if line.startswith("_gv_python=") else line for line in text.split("\n")]
    front = b.root / "front"
    front.write_text("\n".join(lines), encoding="utf-8")
    return front


def _front(front: Path, b: Built, argv: list[str], shell: str = "dash") -> tuple[int, bytes, bytes]:
    p = subprocess.run([shell, str(front), *argv], cwd=b.cwd, env=b.env, capture_output=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def _python(b: Built, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes, bytes]:
    out, err = io.BytesIO(), io.BytesIO()
    wout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
    werr = io.TextIOWrapper(err, encoding="utf-8", errors="surrogateescape", write_through=True)
    monkeypatch.chdir(b.cwd)
    code = main.main(list(argv), env=b.env, stdout=wout, stderr=werr)
    wout.flush()
    werr.flush()
    return code, out.getvalue(), err.getvalue()


def _compare(b: Built, commands: list[list[str]], monkeypatch: pytest.MonkeyPatch,
             shells: tuple[str, ...] = ("dash",)) -> list[str]:
    """The commands the front answered itself (each checked against Python)."""
    front = _stub_front(b)
    answered = []
    for argv in commands:
        for shell in shells:
            got = _front(front, b, argv, shell)
            if got[1] == DECLINED.encode() + b"\n":
                assert got[0] == 99 and not got[2], got
                continue
            want = _python(b, argv, monkeypatch)
            assert got == want, f"gover {' '.join(argv)} ({shell}): front {got} != python {want}"
            answered.append(" ".join(argv))
    return answered


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_front_answers_as_python_does(case: Case, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    b = build(case, tmp_path, os.environ)
    _compare(b, COMMANDS, monkeypatch)


COMMON = [
    Case("pin", {GV: "1.22\n"}),
    Case("global", {GLOBAL: "1.23.9\n"}),
    Case("go-line-raises", {GV: "1.21\n", MOD: "module m\n\ngo 1.23.0\n"}),
    Case("toolchain-line", {MOD: "module m\ngo 1.21\ntoolchain go1.23.9\n", GLOBAL: "1.22\n"}),
    Case("go-line-satisfied", {MOD: "module m\ngo 1.21\n", GLOBAL: "1.25\n"}),
    Case("gover-version", {GV: "1.22\n"}, env={"GOVER_VERSION": "1.21"}),
    Case("tool-versions", {"w/.tool-versions": "nodejs 20\ngolang 1.23.9\n"}),
]


@pytest.mark.parametrize("case", COMMON, ids=[c.id for c in COMMON])
def test_the_front_answers_the_common_layouts_itself(case: Case, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    b = build(case, tmp_path, os.environ)
    everyday = [["current"], ["which", "go"], ["env"], ["env", "--shell", "fish"], ["prefix", "1.22.10"],
                ["--version"], ["list"]]
    answered = _compare(b, everyday + [["local"], ["global"]], monkeypatch, ("dash", "bash"))
    assert set(answered) >= {" ".join(a) for a in everyday}, answered
    pinned = (b.cwd / ".go-version").exists()
    assert ("local" in answered) == pinned and ("global" in answered) == (b.home / "version").exists()


def test_help_is_argparse_at_80_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    b = build(Case("help", {GV: "1.22\n"}), tmp_path, os.environ)
    env = {k: v for k, v in b.env.items() if k not in ("COLUMNS", "FORCE_COLOR", "PYTHON_COLORS")}
    b = Built(b.root, b.home, b.cwd, env)
    front = _stub_front(b)
    got = _front(front, b, ["--help"])
    p = subprocess.run([sys.executable, "-m", "gover", "--help"], cwd=b.cwd, env=env, capture_output=True)
    assert got == (p.returncode, p.stdout, p.stderr) and got[0] == 0
    # another width: Python formats it
    wide = Built(b.root, b.home, b.cwd, {**env, "COLUMNS": "120"})
    assert _front(front, wide, ["--help"])[1] == DECLINED.encode() + b"\n"


def test_exec_runs_the_program_as_python_would(tmp_path: Path) -> None:
    b = build(Case("exec", {GV: "1.22\n"}), tmp_path, os.environ)
    show = ["sh", "-c", 'echo "$0 $GOROOT ${PATH%%:*} $*"', "a b"]
    forms = [["exec", "1.21.13", "--", "go", "version"], ["exec", "1.23", "--", "gofmt", "-l"],
             ["exec", "1.22.10", "--", *show], ["exec", "1.22", "--", "nosuch"],
             ["exec", "1.99", "--", "go"], ["exec", "1.22", "--", "./rel"]]
    front = b.home / "shims" / "gover"
    stub = _stub_front(b)
    answered = 0
    for argv in forms:
        got = _front(front, b, argv)
        p = subprocess.run([sys.executable, "-m", "gover", *argv], cwd=b.cwd, env=b.env, capture_output=True)
        assert got == (p.returncode, p.stdout, p.stderr), argv
        answered += _front(stub, b, argv)[1] != DECLINED.encode() + b"\n"
    assert answered == 3  # the ones that run: nosuch, 1.99 and ./rel are Python's to explain


def test_what_the_front_declines_python_answers(tmp_path: Path) -> None:
    b = build(Case("declined", {GV: "1.22\n"}), tmp_path, os.environ)
    front = b.home / "shims" / "gover"
    for argv in (["current", "--json"], ["list"], ["current", "--bogus"], ["which", "nosuch"], []):
        got = _front(front, b, argv)
        p = subprocess.run([sys.executable, "-m", "gover", *argv], cwd=b.cwd, env=b.env, capture_output=True)
        assert got == (p.returncode, p.stdout, p.stderr), argv


def test_a_front_whose_gover_is_gone_says_so(tmp_path: Path) -> None:
    b = build(Case("gone", {GV: "1.22\n"}), tmp_path, os.environ)
    text = (b.home / "shims" / "gover").read_text(encoding="utf-8")
    lines = [f"_gv_pkg={tmp_path}/gone/__init__.py" if line.startswith("_gv_pkg=") else line
             for line in text.split("\n")]
    front = tmp_path / "front-gone"
    front.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = _front(front, b, ["list", "--json"])
    assert code == 127 and not out and err.decode().startswith(f"gover: {tmp_path}/gone/__init__.py is gone")
    lines = [f"_gv_python={tmp_path}/venv/bin/python" if line.startswith("_gv_python=") else line
             for line in text.split("\n")]
    front.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = _front(front, b, ["doctor"])
    assert (code, out) == (127, b"") and err.decode().startswith(f"gover: {tmp_path}/venv/bin/python is gone")


def test_a_newer_gover_or_another_home_goes_to_python(tmp_path: Path) -> None:
    b = build(Case("stale", {GV: "1.22\n"}), tmp_path, os.environ)
    front = _stub_front(b)
    assert _front(front, b, ["current"])[1] != DECLINED.encode() + b"\n"
    other = Built(b.root, b.home, b.cwd, {**b.env, "GOVER_HOME": str(tmp_path / "elsewhere")})
    assert _front(front, other, ["current"])[1] == DECLINED.encode() + b"\n"
    real = b.home / "shims" / "gover"
    os.utime(real, (1, 1))  # older than the package that wrote it: as after an upgrade
    assert _front(front, b, ["current"])[1] == DECLINED.encode() + b"\n"


def test_a_list_baked_before_the_store_changed_goes_to_python(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    b = build(Case("list", {GV: "1.22\n"}), tmp_path, os.environ)
    declined = DECLINED.encode() + b"\n"
    assert _compare(b, [["list"]], monkeypatch) == ["list"]
    (b.home / "meta").mkdir(exist_ok=True)
    (b.home / "meta" / "go1.22.10.json").write_text("{}")  # behind gover's back: no rehash follows
    # Later than the front, as a clock tick (a few ms) after it would be: files written in
    # the same tick share a timestamp.
    later = (b.home / "shims" / "gover").stat().st_mtime_ns + 1_000_000
    os.utime(b.home / "meta", ns=(later, later))
    assert _front(_stub_front(b), b, ["list"])[1] == declined
    shims.rehash(Paths(b.home))
    assert _compare(b, [["list"]], monkeypatch) == ["list"]
    (b.home / "tmp").mkdir(exist_ok=True)
    (b.home / "tmp" / ".tmp-go1.22.10-x").mkdir()  # a crashed install's leftover: never listed
    assert _compare(b, [["list"]], monkeypatch) == ["list"]


def test_the_front_is_rehashed_with_the_store(tmp_path: Path) -> None:
    home = tmp_path / "gover"
    goroot = fake_goroot(tmp_path / "adopted", "1.24.2")
    paths = Paths(home)
    shims.rehash(paths)
    assert (home / "shims" / "gover").is_file()
    (home / "versions").mkdir(parents=True, exist_ok=True)
    (home / "versions" / "go1.24.2").symlink_to(goroot)
    res = shims.rehash(paths)
    assert "gover" in res.written and "gover" not in res.shims
    text = (home / "shims" / "gover").read_text(encoding="utf-8")
    assert f"_gv_path={goroot}" in text and not re.search(r"@[A-Z0-9_]+@", text)



def test_doctors_dry_run_leaves_the_front_out(tmp_path: Path) -> None:
    """doctor asks rehash --dry-run without the front (its help costs an argparse import);
    a missing or stale front is never wrong, only slower."""
    home = tmp_path / "gover"
    paths = Paths(home)
    shims.rehash(paths)
    (home / "shims" / "gover").unlink()
    assert shims.rehash(paths, dry_run=True, front=False).written == []
    assert shims.rehash(paths, dry_run=True).written == ["gover"]
    assert shims.rehash(paths, front=False).removed == [] and not (home / "shims" / "gover").exists()
