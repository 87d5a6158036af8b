"""The switching commands, in-process: current, global, local, shell, env, init, rehash."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.shell import shims
from gover.toolchain.store import Store
from tests.support.layouts import fake_goroot, fake_toolchain

VERSIONS = ("go1.21.13", "go1.22.3", "go1.22.10", "go1.23.9")


@pytest.fixture
def home(isolated_env: Path) -> Path:
    h = isolated_env / "gover"
    for v in VERSIONS:
        fake_toolchain(h, v)
    shims.rehash(Paths(h))
    return h


def test_current_reports_the_origin(gover, home: Path, work: Path) -> None:
    (work / ".go-version").write_text("1.22\n")
    r = gover("current")
    assert (r.code, r.out) == (0, f"go1.22.10 (set by {work}/.go-version:1)\n")


def test_current_explain_lists_every_source(gover, home: Path, work: Path) -> None:
    (work.parent / "go.mod").write_text("module m\n\ngo 1.22.5\n")
    sub = work / "pkg"
    sub.mkdir()
    os.chdir(sub)
    env = {k: v for k, v in os.environ.items() if k != "GOTOOLCHAIN"}
    r = gover("current", "--explain", env={**env, "PWD": str(sub)})
    assert r.code == 0
    lines = r.out.splitlines()
    depth = len(sub.parts)
    assert lines[:4] == [
        "Sources, in the order gover consulted them:",
        '  1. GOTOOLCHAIN "auto": not set (process environment, go env file, the default\'s go.env): auto',
        "  2. GOVER_VERSION: not set",
        f"  3. {sub} … /: no .go-version or .tool-versions ({depth} directories)"]
    assert lines[4] == f"  4. {home}/version: not set (gover global)"
    assert lines[5] == "  5. system: no go on PATH outside gover"
    assert lines[6].startswith(f'  6. {work.parent}/go.mod:3 "1.22.5" -> go1.22.10: go line')
    assert lines[6].endswith("<- applies")
    assert lines[7] == "The default: system; GOTOOLCHAIN=auto."
    assert lines[-1] == f"go1.22.10 (set by {work.parent}/go.mod:3)"
    # GOTOOLCHAIN=local: the default runs, and current says go will refuse the module.
    (work / ".go-version").write_text("1.21\n")
    r = gover("current", "--explain", env={**env, "PWD": str(sub), "GOTOOLCHAIN": "local"})
    assert r.code == 0 and r.out.splitlines()[-1] == f"go1.21.13 (set by {work}/.go-version:1)"
    assert r.err == (f"note: go commands that load the module fail: {work.parent}/go.mod requires "
                     "go >= 1.22.5 (running go 1.21.13; GOTOOLCHAIN=local)\n")


def test_current_json(gover, home: Path, work: Path) -> None:
    (work / ".tool-versions").write_text("golang 1.21.13\n")
    (work / "go.mod").write_text("module m\ngo 1.21\ntoolchain go1.21.20\n")
    env = {k: v for k, v in os.environ.items() if k != "GOTOOLCHAIN"}
    data = json.loads(gover("current", "--json", env=env).out)
    assert data["version"] == "go1.21.13"
    assert data["goroot"] == str(home / "versions" / "go1.21.13")
    assert data["origin"]["source"] == ".tool-versions" and data["origin"]["applied"]
    assert (data["default"], data["gotoolchain"], data["preferred"]) == ("go1.21.13", "auto", "1.21.20")
    assert data["note"] == (f"{work}/go.mod:3 asks for toolchain go1.21.20, which is not installed; "
                            "go1.21.13 runs instead (it satisfies go 1.21)")
    assert data["error"] is None
    sources = [s["source"] for s in data["trace"]]
    assert sources == ["GOTOOLCHAIN", "GOVER_VERSION", ".tool-versions", "go.mod"]


def test_current_errors_name_the_file_and_the_fix(gover, home: Path, work: Path) -> None:
    (work / ".go-version").write_text("1.24.1\n")
    r = gover("current")
    assert (r.code, r.out) == (1, "")
    assert r.err == f"gover: go1.24.1 is not installed (set by {work}/.go-version:1)\n" \
                    "  run: gover install 1.24.1\n"
    data = json.loads(gover("current", "--json").out)
    assert data["version"] is None
    assert data["error"] == {"message": f"go1.24.1 is not installed (set by {work}/.go-version:1)",
                             "hint": "run: gover install 1.24.1"}
    (work / ".go-version").write_text("one.two\n")
    r = gover("current")
    assert r.code == 1 and f'{work}/.go-version:1: invalid version "one.two"' in r.err


def test_current_system(gover, home: Path, work: Path, tmp_path: Path) -> None:
    sysbin = tmp_path / "sysbin"
    sysbin.mkdir()
    (sysbin / "go").write_text("#!/bin/sh\n")
    (sysbin / "go").chmod(0o755)
    env = {**os.environ, "PATH": f"{home}/shims:{sysbin}"}
    r = gover("current", env=env)
    assert (r.code, r.out) == (0, "system\n")
    assert f"{sysbin}/go" in r.err
    data = json.loads(gover("current", "--json", env=env).out)
    assert (data["version"], data["system_go"], data["goroot"]) == ("system", f"{sysbin}/go", None)


def test_current_fails_when_no_go_exists(gover, home: Path, work: Path) -> None:
    env = {**os.environ, "PATH": f"{home}/shims:/nonexistent"}
    r = gover("current", env=env)
    assert (r.code, r.out) == (1, "")
    assert r.err == ("gover: no go to run here: gover selects the system go, and there is no go on PATH "
                     "outside gover\n  run: gover install latest && gover global latest\n")
    data = json.loads(gover("current", "--json", env=env).out)
    assert data["version"] == "system"
    assert data["error"]["hint"] == "run: gover install latest && gover global latest"
    (work / ".go-version").write_text("system\n")
    r = gover("current", env=env)
    assert r.code == 1 and f"system go (system set by {work}/.go-version:1)" in r.err
    (work / ".go-version").write_text("1.22.3\n")
    (home / "versions" / "go1.22.3" / "bin" / "go").unlink()
    r = gover("current", env=env)
    assert r.code == 1 and r.err.endswith("run: gover uninstall 1.22.3 && gover install 1.22.3\n")


def test_global(gover, home: Path, work: Path) -> None:
    assert "No global default" in gover("global").err
    r = gover("global", "1.22", "--dry-run")
    assert r.code == 0 and not (home / "version").exists()
    assert gover("global", "1.22").code == 0
    assert (home / "version").read_text() == "1.22\n"
    assert gover("global").out == "1.22\n"
    assert gover("current").out == f"go1.22.10 (set by {home}/version:1)\n"
    r = gover("global", "1.30")  # not installed, and the sources cannot be reached to say it exists
    assert r.code == 1 and r.err.startswith('gover: "1.30" matches no installed Go') and \
        (home / "version").read_text() == "1.22\n"
    r = gover("global", "1.30", "--force")
    assert r.code == 0 and (home / "version").read_text() == "1.30\n"
    r = gover("global", "banana")
    assert r.code == 2 and r.err.startswith('gover: invalid version "banana": expected')
    assert (home / "version").read_text() == "1.30\n"  # unchanged by the bad value
    assert gover("global", "--unset").code == 0 and not (home / "version").exists()


def test_local_go_version_and_tool_versions(gover, home: Path, work: Path) -> None:
    assert gover("local", "go1.23.9").code == 0
    assert (work / ".go-version").read_text() == "go1.23.9\n"
    assert gover("local").out == "go1.23.9\n"
    (work / ".tool-versions").write_text("# tools\nnodejs 20.1.0\ngolang 1.20.1  # old\npython 3.12\n")
    assert gover("local", "1.22", "--tool-versions").code == 0
    assert (work / ".tool-versions").read_text() == "# tools\nnodejs 20.1.0\ngolang 1.22\npython 3.12\n"
    assert gover("local", "--tool-versions").out == "1.22\n"
    assert gover("local", "--unset", "--dry-run").code == 0 and (work / ".go-version").exists()
    assert gover("local", "--unset").code == 0 and not (work / ".go-version").exists()
    assert gover("current").out == f"go1.22.10 (set by {work}/.tool-versions:3)\n"
    assert gover("local", "--unset", "--tool-versions").code == 0
    assert (work / ".tool-versions").read_text() == "# tools\nnodejs 20.1.0\npython 3.12\n"
    r = gover("local")
    assert r.code == 1 and r.err.startswith(f"gover: no .go-version in {work}")


def test_shell_needs_the_hook(gover, home: Path, work: Path) -> None:
    r = gover("shell", "1.22")
    assert (r.code, r.out) == (2, "")
    assert "gover shell needs the shell integration" in r.err and "export GOVER_VERSION=1.22" in r.err
    env = {**os.environ, "GOVER_SHELL_HOOK": "bash"}
    assert gover("shell", "1.22", env=env).out == "export GOVER_VERSION=1.22\n"
    assert gover("shell", "--unset", env=env).out == "unset GOVER_VERSION\n"
    fish = {**os.environ, "GOVER_SHELL_HOOK": "fish"}
    assert gover("shell", "go1.21.13", env=fish).out == "set -gx GOVER_VERSION 'go1.21.13'\n"
    assert gover("shell", "--unset", env=fish).out == "set -e GOVER_VERSION\n"
    assert gover("shell", "1;rm -rf /", env=env).code == 2  # never echoed into shell code
    r = gover("shell", env={**env, "GOVER_VERSION": "1.21"})
    assert r.out == "printf '%s\\n' 1.21\n"


def test_env(gover, home: Path, work: Path) -> None:
    (work / ".go-version").write_text("1.21\n")
    root = home / "versions" / "go1.21.13"
    assert gover("env").out == f"export GOROOT={root}\nexport PATH={root}/bin:\"$PATH\"\n"
    assert gover("env", "--shell", "fish").out == \
        f"set -gx GOROOT '{root}'\nset -gx PATH '{root}/bin' $PATH\n"
    assert json.loads(gover("env", "--json").out) == {
        "version": "go1.21.13", "GOROOT": str(root), "path_prepend": [f"{root}/bin"]}


@pytest.mark.parametrize("shell,marker", [("bash", "PROMPT_COMMAND"), ("zsh", "add-zsh-hook precmd"),
                                          ("fish", "--on-event fish_prompt")])
def test_init_prints_a_snippet_and_writes_nothing(gover, home: Path, work: Path, shell: str,
                                                  marker: str) -> None:
    r = gover("init", shell)
    assert r.code == 0 and marker in r.out and str(home) in r.out
    assert not any(p.name.startswith((".bashrc", ".zshrc")) for p in Path(os.environ["HOME"]).iterdir())


def test_init_write_backs_up_and_is_idempotent(gover, home: Path, work: Path) -> None:
    rc = Path(os.environ["HOME"]) / ".bashrc"
    rc.write_text("alias ll='ls -l'")
    rc.chmod(0o600)
    r = gover("init", "bash", "--write", "--dry-run")
    assert r.code == 0 and "Would append" in r.err and rc.read_text() == "alias ll='ls -l'"
    r = gover("init", "bash", "--write")
    assert r.code == 0
    text = rc.read_text()
    assert text.startswith("alias ll='ls -l'\n\n# >>> gover shell integration >>>\neval \"$(")
    assert text.endswith(" init bash)\"\n# <<< gover shell integration <<<\n")
    assert rc.stat().st_mode & 0o777 == 0o600
    backups = list(rc.parent.glob(".bashrc.gover-backup-*"))
    assert len(backups) == 1 and backups[0].read_text() == "alias ll='ls -l'"
    r = gover("init", "bash", "--write")
    assert "already loads gover" in r.err and rc.read_text() == text
    zd = Path(os.environ["HOME"]) / "zdot"
    zd.mkdir()
    r = gover("init", "zsh", "--write", "--json", env={**os.environ, "ZDOTDIR": str(zd)})
    data = json.loads(r.out)
    assert data["path"] == str(zd / ".zshrc") and data["status"] == "written" and data["backup"] is None
    r = gover("init", "fish", "--write")
    fish_rc = Path(os.environ["XDG_CONFIG_HOME"]) / "fish" / "config.fish"
    assert fish_rc.read_text().splitlines()[1].endswith(" init fish | source")


def test_the_written_line_loads_in_bash(gover, home: Path, work: Path) -> None:
    rc = Path(os.environ["HOME"]) / ".bashrc"
    gover("init", "bash", "--write")
    (work / ".go-version").write_text("1.22.3\n")
    p = subprocess.run(["bash", "-c", f'. "{rc}"; _gover_hook; echo "$_GOVER_KEY ${{GOROOT-}}"; go version'],
                       cwd=work, capture_output=True, text=True, env={**os.environ, "PATH": "/usr/bin:/bin"})
    root = home / "versions" / "go1.22.3"
    # The hook sets no GOROOT: the shim does, for the directory go runs in.
    assert p.stdout.splitlines() == ["go1.22.3 ", f"VERSION go1.22.3 {root} go"], p


SERVERS = [f"go1.21.{n}" for n in range(13)] + [f"go1.22.{n}" for n in (0, 1, 2, 4, 5, 6, 7, 8, 9)] \
    + [f"go1.23.{n}" for n in range(9)]


def test_rehash_removes_stale_entries(gover, home: Path) -> None:
    stale = home / "shims" / "go1.19.1"
    stale.symlink_to("/nonexistent/bin/go")
    (home / "shims" / "old-tool").write_text("#!/bin/sh\n")
    r = gover("rehash", "--dry-run", "--json")
    data = json.loads(r.out)
    assert data["removed"] == ["go1.19.1", "old-tool"] and stale.is_symlink()
    assert data["links"] == list(VERSIONS)
    assert sorted(data["servers"]) == sorted(SERVERS)
    r = gover("rehash")
    assert r.code == 0 and "removed stale go1.19.1" in r.err
    assert sorted(os.listdir(home / "shims")) == sorted(["go", "gofmt", "gover", *VERSIONS, *SERVERS])
    assert json.loads(gover("rehash", "--json").out)["written"] == []  # nothing changed
    server = (home / "shims" / "go1.22.4").read_text()
    assert "GOTOOLCHAIN_INTERNAL_SWITCH_VERSION=go1.22.10;" in server
    assert server.endswith(f"exec {home}/versions/go1.22.10/bin/go \"$@\"\n")


def test_installed_set_changes_keep_shims_in_sync(gover, isolated_env: Path, tmp_path: Path) -> None:
    home = isolated_env / "gover"
    root = fake_goroot(tmp_path / "sdk", "1.30.1")
    assert gover("adopt", str(root)).code == 0
    assert os.readlink(home / "shims" / "go1.30.1") == str(home / "versions" / "go1.30.1" / "bin" / "go")
    assert "1.30.1|go1.30.1" in (home / "shims" / "go").read_text()  # the fast path's table
    assert gover("uninstall", "1.30.1").code == 0
    assert not (home / "shims" / "go1.30.1").exists()
    assert "go1.30.1" not in (home / "shims" / "go").read_text()
    assert Store(Paths(home)).names() == []


def test_unreadable_version_file(tmp_path: Path, home: Path) -> None:
    """As an ordinary user: every implementation names the file it cannot read."""
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="gover-unreadable-"))
    try:
        d.chmod(0o755)
        (d / ".go-version").write_text("1.22\n")
        (d / ".go-version").chmod(0o000)
        shutil.copytree(home, d / "h", symlinks=True)
        shims.rehash(Paths(d / "h"))
        # The checkout may sit in a directory only its owner can enter (a clone under a
        # 0700 home): the dropped-privilege Python gets its own copy of the package.
        src = Path(__file__).resolve().parents[3] / "src" / "gover"
        shutil.copytree(src, d / "py" / "gover", ignore=shutil.ignore_patterns("__pycache__"))
        for p in d.rglob("*"):
            if p.name != ".go-version":
                p.chmod(0o755)
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        if drop and not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        env = {"PATH": "/usr/bin:/bin", "HOME": str(d), "GOVER_HOME": str(d / "h"), "PWD": str(d)}
        want = f"gover: cannot read {d}/.go-version: Permission denied\n"
        for argv in (["dash", str(d / "h" / "shims" / "go")], ["bash", str(d / "h" / "shims" / "go")]):
            p = subprocess.run(drop + argv, cwd=d, env=env, capture_output=True, text=True)
            assert (p.returncode, p.stderr) == (1, want), p
        p = subprocess.run(drop + ["python3", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                                   "from gover.cli.main import entry; sys.argv[1:] = ['current']; entry()",
                                   str(d / "py")], cwd=d, env=env, capture_output=True, text=True)
        assert (p.returncode, p.stderr) == (1, want), p
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_concurrent_rehashes_converge(home: Path) -> None:
    from tests.conftest import GOVER_CMD

    (home / "shims" / "stale").write_text("")
    procs = [subprocess.Popen(GOVER_CMD + ["-q", "rehash"], env={**os.environ, "GOVER_HOME": str(home)})
             for _ in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    # no temp files
    assert sorted(os.listdir(home / "shims")) == sorted(["go", "gofmt", "gover", *VERSIONS, *SERVERS])


def test_a_missing_or_empty_gover_home(gover, isolated_env: Path, work: Path) -> None:
    env = {**os.environ, "GOVER_HOME": str(isolated_env / "nowhere")}
    r = gover("current", env=env)  # system, and no go on PATH: nothing can run
    assert (r.code, r.out) == (1, "") and "there is no go on PATH outside gover" in r.err
    assert gover("init", "bash", env=env).code == 0
    assert not (isolated_env / "nowhere").exists()  # reading never creates it
    assert gover("rehash", env=env).code == 0
    assert sorted(os.listdir(isolated_env / "nowhere" / "shims")) == ["go", "gofmt", "gover"]
    r = gover("current", env={**os.environ, "GOVER_HOME": ""})  # empty: the default ~/.gover
    assert r.code == 1 and "no go to run here" in r.err


def test_env_for_the_system_go_changes_nothing(gover, home: Path, work: Path) -> None:
    r = gover("env", env={**os.environ, "GOROOT": "/mine"})
    assert (r.code, r.out) == (0, "") and "system go applies" in r.err
    assert json.loads(gover("env", "--json").out) == {"version": "system", "GOROOT": None, "path_prepend": []}
