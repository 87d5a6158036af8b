"""The bash, zsh and fish prompt hooks, run by the real shells.

A session cds between pinned directories: the hook keeps gover's shims first on PATH,
never puts a version's bin/ there or touches the user's GOROOT (so child processes in
other directories resolve for themselves), exports _GOVER_KEY for prompts, and reports an
error once, when the resolution changes to it.  ``gover shell`` goes through the hook's
``gover`` function.  A shell started under the older hook, which did put bin/ on PATH
and set GOROOT, is cleaned up.  Interactive shells (bash -i, zsh -i, fish on a pty) show
the hook really runs before each prompt.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.shell import activate, shims
from tests.support.layouts import fake_toolchain

pytestmark = pytest.mark.integration

VERSIONS = ("go1.21.13", "go1.22.10", "go1.23.9")
GOVER = [sys.executable, "-m", "gover"]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    for s in ("bash", "zsh", "fish"):
        if not shutil.which(s):
            pytest.skip(f"{s} is not installed (scripts/test installs it)")
    home = tmp_path / "gover"
    for v in VERSIONS:
        fake_toolchain(home, v)
    shims.rehash(Paths(home))
    for d, pin in (("p22", "1.22"), ("p21", "1.21"), ("p22/deep/er", None), ("none", None)):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
        if pin:
            (tmp_path / d / ".go-version").write_text(pin + "\n")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / ".go-version").write_text("1.99\n")
    for shell in ("bash", "zsh", "fish"):
        (tmp_path / f"init.{shell}").write_text(activate.init_text(shell, Paths(home), GOVER))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "_GOVER"))}
    env.update(GOVER_HOME=str(home), PATH="/usr/local/bin:/usr/bin:/bin", GOROOT="/orig/goroot")
    return tmp_path, home, env


SH_SESSION = """
. ./init.{shell}
show() {{ printf '%s|%s|%s|%s|%s\\n' "$1" "${{GOROOT-unset}}" "$PATH" "$(command -v go)" "$_GOVER_KEY"; }}
show start
cd p22 && _gover_hook; show p22
cd deep/er && _gover_hook; show deeper
_gover_hook; _gover_hook; show again
cd ../../../p21 && _gover_hook; show p21
cd ../none && _gover_hook; show none
gover shell 1.23; show shell
gover shell --unset; show unset
cd ../bad && _gover_hook; _gover_hook; show bad
cd ../p22 && _gover_hook; show back
"""

FISH_SESSION = """
source ./init.fish
function show; printf '%s|%s|%s|%s|%s\\n' $argv[1] (set -q GOROOT; and echo $GOROOT; or echo unset) \
    (string join : $PATH) (command -v go) "$_GOVER_KEY"; end
show start
cd p22; show p22
cd deep/er; show deeper
__gover_update; __gover_update; show again
cd ../../../p21; show p21
cd ../none; show none
gover shell 1.23; show shell
gover shell --unset; show unset
cd ../bad; __gover_update; show bad
cd ../p22; show back
"""


def run_session(shell: str, root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if shell == "fish":
        argv = ["fish", "--no-config", "-c", FISH_SESSION]
    else:
        argv = {"bash": ["bash", "--norc", "--noprofile", "-c"], "zsh": ["zsh", "-f", "-c"]}[shell] + \
            [SH_SESSION.format(shell=shell)]
    return subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_hook_session(shell: str, setup: tuple[Path, Path, dict[str, str]]) -> None:
    root, home, env = setup
    p = run_session(shell, root, env)
    assert p.returncode == 0, p
    rows = {r.split("|")[0]: r.split("|")[1:] for r in p.stdout.splitlines()}
    shimdir = f"{home}/shims"
    base = f"{shimdir}:{env['PATH']}"

    def at(key: str) -> list[str]:
        return ["/orig/goroot", base, f"{shimdir}/go", key]  # the shims decide, not PATH

    assert rows["start"][:3] == ["/orig/goroot", base, f"{shimdir}/go"]
    assert rows["p22"] == at("go1.22.10")
    assert rows["deeper"] == at("go1.22.10")
    assert rows["again"] == at("go1.22.10")
    assert rows["p21"] == at("go1.21.13")
    assert rows["none"] == at("system")
    assert rows["shell"] == at("go1.23.9")
    assert rows["unset"] == at("system")
    assert rows["bad"] == at(f"!no go1.99.x is installed (set by {root}/bad/.go-version:1)")
    assert rows["back"] == at("go1.22.10")
    # The error is reported once, when the resolution changes to it, not at every prompt.
    assert p.stderr.count("gover: no go1.99.x is installed") == 1, p.stderr
    assert f"(set by {root}/bad/.go-version:1)\n  run: gover install 1.99\n" in p.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_hook_keeps_the_exit_status_and_other_prompt_commands(shell: str, setup) -> None:
    root, home, env = setup
    script = (f". ./init.{shell}\ncd p22\n(exit 3); _gover_hook; echo status=$?\n"
              "set -u; _gover_hook; echo nounset-ok\n")
    p = subprocess.run([shell, "-c", script], cwd=root, env=env, capture_output=True, text=True)
    assert p.stdout == "status=3\nnounset-ok\n", p
    if shell == "bash":
        p = subprocess.run(["bash", "--norc", "-c", 'PROMPT_COMMAND="mine"; . ./init.bash; '
                            'echo "$PROMPT_COMMAND"; . ./init.bash; echo "$PROMPT_COMMAND"'],
                           cwd=root, env=env, capture_output=True, text=True)
        assert p.stdout == "_gover_hook;mine\n_gover_hook;mine\n", p


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_hooks_gover_function_asks_the_front(shell: str, setup) -> None:
    """``gover current`` typed in a hooked shell runs shims/gover (no Python); ``gover shell``
    still runs gover itself, in this shell."""
    root, home, env = setup
    front = home / "shims" / "gover"
    real = front.read_text(encoding="utf-8")
    front.write_text('#!/bin/sh\necho "FRONT $*"\n')
    lines = ["gover current", "gover which go", "gover shell 1.23", "echo $GOVER_VERSION"]
    if shell == "fish":
        argv = ["fish", "--no-config", "-c", "source ./init.fish; cd p22; " + "; ".join(lines)]
    else:
        argv = [shell, "-c", f". ./init.{shell}; cd p22; " + "; ".join(lines)]
    p = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert p.stdout == "FRONT current\nFRONT which go\n1.23\n", p
    front.write_text(real, encoding="utf-8")
    argv[-1] = argv[-1].replace("; ".join(lines), "gover current")
    p = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout) == (0, f"go1.22.10 (set by {root}/p22/.go-version:1)\n"), p


def test_a_shell_left_by_the_older_hook_is_cleaned_up(setup) -> None:
    root, home, env = setup
    old_bin = f"{home}/versions/go1.22.10/bin"
    env = {**env, "PATH": f"{old_bin}:{env['PATH']}", "_GOVER_BIN": old_bin,
           "_GOVER_ROOT": f"{home}/versions/go1.22.10", "GOROOT": f"{home}/versions/go1.22.10",
           "_GOVER_OLD_SET": "1", "_GOVER_OLD_ROOT": "/orig/goroot", "_GOVER_KEY": "go1.22.10"}
    shown = '"|$GOROOT|$_GOVER_KEY"'
    for shell, script in (("bash", f". {root}/init.bash; cd p21 && _gover_hook; echo $PATH{shown}"),
                          ("fish", f"source {root}/init.fish; cd p21; echo (string join : $PATH){shown}")):
        argv = ["bash", "--norc", "-c"] if shell == "bash" else ["fish", "--no-config", "-c"]
        p = subprocess.run(argv + [script], cwd=root, env=env, capture_output=True, text=True)
        path, goroot, key = p.stdout.strip().split("|")
        assert "/versions/" not in path and path.startswith(f"{home}/shims:"), (shell, p)
        assert (goroot, key) == ("/orig/goroot", "go1.21.13"), (shell, p)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_interactive_prompt_runs_the_hook(shell: str, setup) -> None:
    root, home, env = setup
    rc = root / "rc"
    rc.write_text(f". {root}/init.{shell}\n")
    argv = ["bash", "--rcfile", str(rc), "-i"] if shell == "bash" else ["zsh", "-i"]
    if shell == "zsh":
        (root / ".zshrc").write_text(rc.read_text())
        env = {**env, "ZDOTDIR": str(root)}
    cmds = "cd p22\necho \"G=$_GOVER_KEY\"\ncd ../p21\necho \"G=$_GOVER_KEY\"\nexit\n"
    p = subprocess.run(argv, cwd=root, env=env, input=cmds, capture_output=True, text=True, timeout=60)
    got = [line.split("G=", 1)[1] for line in (p.stdout + p.stderr).splitlines() if "G=" in line
           and "echo" not in line]
    assert got == ["go1.22.10", "go1.21.13"], p


def test_fish_prompt_event_on_a_pty(setup) -> None:
    root, home, env = setup
    (root / "fishcfg" / "fish").mkdir(parents=True)
    (root / "fishcfg" / "fish" / "config.fish").write_text(f"source {root}/init.fish\n")
    env = {**env, "XDG_CONFIG_HOME": str(root / "fishcfg"), "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(root / "p22")
        os.execvpe("fish", ["fish", "-i"], env)
    out = b""
    try:
        os.write(fd, b'echo "G=$_GOVER_KEY"\n')
        deadline = time.time() + 30
        while b"G=go" not in out and time.time() < deadline:
            r, _, _ = select.select([fd], [], [], 0.5)
            if r:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        os.write(fd, b"exit\n")
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"G=go1.22.10" in out, out[-2000:]
