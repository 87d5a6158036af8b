"""With the prompt hook active, a process started in another directory gets that
directory's Go — in bash, zsh and fish, with the real toolchains.

The prompt is in ``a/`` (``.go-version``: go1.21.13); ``b/`` is a module saying
``go 1.23.0``.  Before issue 14 the hook put go1.21.13's ``bin/`` first on PATH, so
``bash -c 'cd ../b && go version'``, ``make -C ../b`` and ``cd ../b && go version``
typed on one line all started go1.21.13 there, which then tried to download go1.23.0.
Now the shims stay first and decide per directory: go1.23.9, and nothing is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.shell import activate
from gover.toolchain import install
from gover.toolchain.sources.base import SourceContext
from tests.conftest import toolchain_root

pytestmark = pytest.mark.integration

SHELLS = {"bash": ["bash", "--norc", "--noprofile", "-c"], "zsh": ["zsh", "-f", "-c"],
          "fish": ["fish", "--no-config", "-c"]}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    h = tmp_path_factory.mktemp("store") / "gover"
    ctx = SourceContext(paths=Paths(h), env={**os.environ, "GOVER_HOME": str(h)}, platform=None,  # type: ignore[arg-type]
                        client=None, progress=lambda label: None, report=lambda line: None)  # type: ignore[arg-type]
    for v in ("1.21.13", "1.23.9"):
        install.adopt(toolchain_root(v), ctx)
    return h


def layout(root: Path) -> tuple[Path, Path]:
    a, b = root / "a", root / "b"
    a.mkdir()
    b.mkdir()
    (a / ".go-version").write_text("1.21.13\n")
    (b / "go.mod").write_text("module example.com/b\n\ngo 1.23.0\n")
    (b / "Makefile").write_text("all:\n\t@go version\n")
    return a, b


@pytest.mark.parametrize("shell", list(SHELLS))
def test_children_resolve_for_their_own_directory(shell: str, home: Path, tmp_path: Path) -> None:
    for tool in (shell, "make"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (scripts/test installs it)")
    a, b = layout(tmp_path)
    init = tmp_path / f"init.{shell}"
    init.write_text(activate.init_text(shell, Paths(home), ["gover"]))
    hook = "__gover_update" if shell == "fish" else "_gover_hook"
    load = f"source {init}" if shell == "fish" else f". {init}"
    script = "\n".join([
        load, f"cd {a}", hook,
        "go version",                            # the prompt's own directory
        f"bash -c 'cd {b} && go version'",       # a subshell that changes directory
        f"make -s -C {b}",                       # make -C: its recipe runs go in b/
        f"cd {b}; and go version" if shell == "fish" else f"cd {b} && go version",  # one line, no prompt
        f"cd {a}", "env | grep -c '^GOROOT=' || true",  # the hook never exported a GOROOT
    ])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "_GOVER"))}
    env.update(GOVER_HOME=str(home), PATH="/usr/bin:/bin", GOPROXY="off", GOMODCACHE=str(tmp_path / "mc"),
               GOFLAGS="-modcacherw")
    p = subprocess.run(SHELLS[shell] + [script], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=120)
    lines = p.stdout.split("\n")
    assert p.returncode == 0 and p.stderr == "", p
    assert [ln.split()[2] for ln in lines[:4]] == ["go1.21.13", "go1.23.9", "go1.23.9", "go1.23.9"], p.stdout
    assert lines[4] == "0", p.stdout
    assert not (tmp_path / "mc").exists()  # no download was even attempted
