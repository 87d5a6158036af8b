"""The real `go` is the oracle for every row of the resolution table that Go decides.

Each layout of ``ORACLE_CASES`` is built with the real test toolchains in the store
and the shims rehashed (the ``go1.X.Y`` links and the scripts serving patches that
are not installed).  Then three answers must agree:

- gover's (``resolve``, what ``gover current`` prints);
- Go's own: the default toolchain's real ``go env GOVERSION`` run directly, with
  ``GOTOOLCHAIN`` as in the row, ``GOPROXY=off`` and the shims on PATH, so every
  switch Go makes is Go's (and lands on an installed release or fails offline);
- the shim's: ``shims/go env GOVERSION``.

Where nothing installed satisfies the module, gover's refusal is Go's TooNewError
(what the default prints under ``GOTOOLCHAIN=local``).  Where gover stands in for a
download (a toolchain line naming a release that is not installed), Go alone fails
offline and the shim runs the substitute without trying.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.resolve import resolve
from gover.shell import shims
from tests.conftest import toolchain_root
from tests.integration.test_resolution_table import ORACLE_CASES
from tests.support.layouts import Case, expected

pytestmark = pytest.mark.integration


def build_real(case: Case, root: Path) -> tuple[Path, Path, dict[str, str]]:
    home = root / "gover-home"
    (home / "versions").mkdir(parents=True)
    for name in case.installed:
        (home / "versions" / name).symlink_to(toolchain_root(name[2:]))
    for rel, content in case.files.items():
        p = home / rel[5:] if rel.startswith("HOME/") else root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        assert isinstance(content, str)
        p.write_text(content.replace("{root}", str(root)))
    shims.rehash(Paths(home))
    cwd = root / case.cwd
    cwd.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "_GOVER"))}
    env.update(GOVER_HOME=str(home), PWD=str(cwd), PATH=f"{home}/shims:/usr/bin:/bin", GOPROXY="off",
               GOMODCACHE=str(root / "modcache"), GOFLAGS="-modcacherw")
    env.update({k: v.replace("{root}", str(root)) for k, v in case.env.items()})
    return home, cwd, env


def go(binary: Path, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", ORACLE_CASES, ids=[c.id for c in ORACLE_CASES])
def test_go_decides_as_gover_does(case: Case, tmp_path: Path) -> None:
    home, cwd, env = build_real(case, tmp_path)
    res = resolve(str(cwd), env, Paths(home))
    want = expected(case, tmp_path)
    default = res.default if res.default and res.default != "system" else "go1.25.5"
    gobin = home / "versions" / default / "bin" / "go"
    if res.error is not None:
        assert want == "error: " + res.error.message
        # gover's refusal is the TooNewError the default itself prints (go names the file
        # relative to the working directory and adds the GOTOOLCHAIN it runs under).
        p = go(gobin, ["list", "-m"], cwd, {**env, "GOTOOLCHAIN": "local"})
        mine = res.error.message.replace(str(cwd) + "/", "")
        assert p.returncode != 0 and p.stderr == f"go: {mine[:-1]}; GOTOOLCHAIN=local)\n", (mine, p)
        shim = go(home / "shims" / "go", ["env", "GOVERSION"], cwd, env)
        assert shim.returncode == 1 and shim.stderr.startswith(f"gover: {res.error.message}\n"), shim
        return
    assert res.version == want, res
    shim = go(home / "shims" / "go", ["env", "GOVERSION"], cwd, env)
    assert (shim.returncode, shim.stdout, shim.stderr) == (0, res.version + "\n", ""), shim
    assert not (tmp_path / "modcache").exists()  # the shim never tries a download
    p = go(gobin, ["env", "GOVERSION"], cwd, env)
    if case.go_decides:
        assert (p.returncode, p.stdout, p.stderr) == (0, res.version + "\n", ""), p
        assert not (tmp_path / "modcache").exists()  # Go's switches land on installed releases
    else:
        # Go alone would download the toolchain line's release; offline that fails.
        assert p.returncode != 0 and "toolchain not available" in p.stderr, p
        assert res.note and res.preferred, res
    if "go commands that load the module fail: " in res.note:
        p = go(gobin, ["list", "-m"], cwd, env)
        text = res.note.split("fail: ", 1)[1].replace(str(cwd) + "/", "")
        assert p.returncode != 0 and p.stderr == f"go: {text}\n", (text, p)


def corpus_dir() -> Path | None:
    """../shared/corpus/gomod next to the checkout (or next to the directory of worktrees)."""
    here = Path(__file__).resolve().parents[2]
    for base in (here.parent, here.parent.parent):
        d = base / "shared" / "corpus" / "gomod"
        if d.is_dir():
            return d
    return None


def corpus_files() -> list[Path]:
    d = corpus_dir()
    if d is None:
        return []
    def has_toolchain_line(p: Path) -> bool:
        return any(line.startswith("toolchain ") for line in p.read_text(errors="replace").splitlines())

    return sorted(p for p in d.iterdir() if p.name.endswith(("go.mod", "go.work")) and has_toolchain_line(p))


def test_real_module_files_with_toolchain_lines(tmp_path: Path) -> None:
    """bbolt-like files from real repositories: a toolchain line naming a release that is
    not installed never stops go, never downloads, and gover says what runs instead."""
    files = corpus_files()
    if not files:
        pytest.skip("shared corpus absent (../shared/corpus/gomod)")
    seen = {"substituted": 0, "refused": 0}
    for i, (default, f) in enumerate((d, f) for d in ("1.21.13", "1.25.5") for f in files):
        root = tmp_path / str(i)
        name = "go.work" if f.name.endswith("go.work") else "go.mod"
        case = Case(f.name, {f"w/{name}": f.read_text(), "HOME/version": default + "\n"},
                    installed=("go1.21.13", "go1.22.10", "go1.23.9", "go1.25.5"))
        home, cwd, env = build_real(case, root)
        res = resolve(str(cwd), env, Paths(home))
        shim = go(home / "shims" / "go", ["env", "GOVERSION"], cwd, env)
        alone = go(home / "versions" / f"go{default}" / "bin" / "go", ["env", "GOVERSION"], cwd, env)
        if res.error is not None:
            seen["refused"] += 1
            assert "requires go >= " in res.error.message and res.install, (f, res.error)
            assert shim.returncode == 1, (f, shim)
            assert shim.stderr.startswith(f"gover: {res.error.message}\n"), (f, shim)
            assert alone.returncode != 0 and "toolchain not available" in alone.stderr, (f, alone)
            continue
        assert (shim.returncode, shim.stdout, shim.stderr) == (0, res.version + "\n", ""), (f, shim)
        if alone.returncode == 0:  # Go reaches the same release (through shims/ if it switches)
            assert alone.stdout == res.version + "\n", (f, alone, res)
        else:  # Go would download the toolchain line's release: gover runs an installed one
            assert "toolchain not available" in alone.stderr, (f, alone)
            assert res.note and res.preferred and res.version in res.note, (f, res)
            seen["substituted"] += 1
    assert seen["substituted"] and seen["refused"], seen
