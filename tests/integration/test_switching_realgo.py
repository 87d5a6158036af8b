"""Shims, exec and Go's own toolchain switching, with real Go toolchains.

The store holds real go1.21.13, go1.22.10 and go1.23.9 (adopted from the test
cache, which also runs the store's rehash hook).  Go's GOTOOLCHAIN switching must
find them through the ``shims/go1.X.Y`` links — no download, even with
GOPROXY=off.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.toolchain import install
from gover.toolchain.sources.base import SourceContext
from tests.conftest import GOVER_CMD, toolchain_archive, toolchain_root
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration

REAL = ("1.21.13", "1.22.10", "1.23.9")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    h = tmp_path_factory.mktemp("store") / "gover"
    env = {**os.environ, "GOVER_HOME": str(h)}
    ctx = SourceContext(paths=Paths(h), env=env, platform=None, client=None,  # type: ignore[arg-type]
                        progress=lambda label: None, report=lambda line: None)
    for v in REAL:
        install.adopt(toolchain_root(v), ctx)
    return h


def env_for(home: Path, cwd: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update(GOVER_HOME=str(home), PWD=str(cwd), PATH=f"{home}/shims:/usr/bin:/bin", GOPROXY="off",
               GOENV="off", GOFLAGS="-modcacherw")
    env.update(extra)
    return env


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_adopt_made_shims_and_links(home: Path) -> None:
    entries = sorted(os.listdir(home / "shims"))
    served = [f"go1.{m}.{n}" for m, top in ((21, 13), (22, 10), (23, 9)) for n in range(top)]
    assert entries == sorted(["go", "go1.21.13", "go1.22.10", "go1.23.9", "gofmt", "gover", *served])
    assert os.readlink(home / "shims" / "go1.23.9") == str(home / "versions" / "go1.23.9" / "bin" / "go")


@pytest.mark.parametrize("shell", ["dash", "bash"])
def test_shim_runs_the_pinned_go_with_its_goroot(home: Path, tmp_path: Path, shell: str) -> None:
    (tmp_path / ".go-version").write_text("1.22\n")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    env = env_for(home, deep, GOTOOLCHAIN="local")
    p = run([shell, str(home / "shims" / "go"), "env", "GOVERSION", "GOROOT"], deep, env)
    assert p.returncode == 0, p
    assert p.stdout.split() == ["go1.22.10", str(home / "versions" / "go1.22.10")]
    p = run([str(home / "shims" / "gofmt"), "-l", "."], deep, env)
    assert p.returncode == 0, p


MODULE = "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.23.9\n"


@pytest.mark.parametrize("mode", ["path", "auto"])
def test_gotoolchain_switches_to_an_installed_toolchain_without_download(
        home: Path, tmp_path: Path, mode: str) -> None:
    # .go-version makes the shim run go1.22.10; go.mod asks Go for go1.23.9.
    (tmp_path / "go.mod").write_text(MODULE)
    (tmp_path / ".go-version").write_text("1.22.10\n")
    modcache = tmp_path / "modcache"
    env = env_for(home, tmp_path, GOTOOLCHAIN=mode, GOMODCACHE=str(modcache))
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env)
    assert p.returncode == 0, p
    assert p.stdout.startswith("go version go1.23.9 "), p
    # GOPROXY=off: a download would have failed ("toolchain not available"); none was tried.
    assert p.stderr == "" and not (modcache / "golang.org").exists()
    p = run([str(home / "shims" / "go"), "env", "GOROOT"], tmp_path, env)
    assert Path(p.stdout.strip()).resolve() == toolchain_root("1.23.9").resolve(), p


def test_gotoolchain_local_keeps_gover_choice(home: Path, tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(MODULE)
    (tmp_path / ".go-version").write_text("1.22.10\n")
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env_for(home, tmp_path, GOTOOLCHAIN="local"))
    assert p.stdout.startswith("go version go1.22.10 "), p


def test_gotoolchain_naming_a_version_uses_the_link(home: Path, tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(MODULE)
    p = run([str(home / "shims" / "go"), "version"], tmp_path,
            env_for(home, tmp_path, GOTOOLCHAIN="go1.21.13"))
    assert p.stdout.startswith("go version go1.21.13 "), p


def test_go_own_switch_finds_installed_toolchains_not_downloads(home: Path, tmp_path: Path) -> None:
    """A go run directly (an IDE, gover exec, a shell from before the hook) switches by
    itself: through shims/ it finds an installed release, even for a patch gover lacks."""
    (tmp_path / "go.mod").write_text(MODULE)
    modcache = tmp_path / "modcache"
    go122 = str(home / "versions" / "go1.22.10" / "bin" / "go")
    env = env_for(home, tmp_path, GOTOOLCHAIN="path", GOMODCACHE=str(modcache))
    env["PATH"] = "/usr/bin:/bin"
    p = run([go122, "version"], tmp_path, env)
    assert p.returncode != 0 and 'go: cannot find "go1.23.9" in PATH' in p.stderr, p
    env["PATH"] = f"{home}/shims:/usr/bin:/bin"
    p = run([go122, "version"], tmp_path, env)
    assert p.stdout.startswith("go version go1.23.9 "), p
    # go1.23.0 is not installed: Go asks for it, shims/go1.23.0 hands it go1.23.9, and the
    # switched-to go accepts that (GOTOOLCHAIN_INTERNAL_SWITCH_VERSION says which it is).
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.23.0\n")
    for mode in ("auto", "path", "go1.23.0", "go1.23.0+auto"):
        p = run([go122, "env", "GOVERSION"], tmp_path, {**env, "GOTOOLCHAIN": mode})
        assert (p.returncode, p.stdout, p.stderr) == (0, "go1.23.9\n", ""), (mode, p)
    assert not modcache.exists()  # nothing was downloaded


def test_shim_runs_an_installed_release_when_the_toolchain_line_is_not(
        home: Path, tmp_path: Path, shared_go_caches: dict[str, str]) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.23.0\n\ntoolchain go1.23.77\n")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    env = {**env_for(home, tmp_path), **shared_go_caches}
    go123 = str(home / "versions" / "go1.23.9" / "bin" / "go")
    p = run([go123, "version"], tmp_path, env)  # Go alone would download go1.23.77
    assert p.returncode != 0 and "go1.23.77" in p.stderr and "toolchain not available" in p.stderr, p
    p = run([str(home / "shims" / "go"), "env", "GOVERSION"], tmp_path, env)
    assert (p.returncode, p.stdout, p.stderr) == (0, "go1.23.9\n", ""), p
    p = run([str(home / "shims" / "go"), "build", "-o", os.devnull, "."], tmp_path, env)
    assert (p.returncode, p.stderr) == (0, ""), p


def test_go_env_w_gotoolchain_is_the_way_out(home: Path, tmp_path: Path) -> None:
    envfile = tmp_path / "goenv"
    envfile.write_text("GOTOOLCHAIN=bogus\n")
    (tmp_path / ".go-version").write_text("1.22\n")
    env = {**env_for(home, tmp_path), "GOENV": str(envfile)}
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env)
    assert p.returncode == 1 and 'gover: invalid GOTOOLCHAIN "bogus"' in p.stderr, p
    p = run([str(home / "shims" / "go"), "env", "GOTOOLCHAIN"], tmp_path, env)
    assert (p.returncode, p.stdout) == (0, "bogus\n"), p
    p = run([str(home / "shims" / "go"), "env", "-w", "GOTOOLCHAIN=auto"], tmp_path, env)
    assert p.returncode == 0 and envfile.read_text() == "GOTOOLCHAIN=auto\n", p
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env)
    assert p.stdout.startswith("go version go1.22.10"), p


def test_go_install_of_a_pkg_at_version_runs_where_gover_would_refuse(home: Path, tmp_path: Path) -> None:
    # Nothing installed satisfies go 1.99; go install pkg@version ignores this module, as in Go.
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.99\n")
    (tmp_path / ".go-version").write_text("1.22\n")
    env = env_for(home, tmp_path)
    p = run([str(home / "shims" / "go"), "build", "."], tmp_path, env)
    assert p.returncode == 1 and p.stderr.startswith(f"gover: {tmp_path}/go.mod requires go >= 1.99 "), p
    p = run([str(home / "shims" / "go"), "install", "-v", "example.com/tool@v1.0.0"], tmp_path, env)
    assert p.returncode == 1 and "module lookup disabled by GOPROXY=off" in p.stderr, p  # go's own answer
    assert "gover:" not in p.stderr


def test_go_mod_toolchain_line_picks_directly(home: Path, tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(MODULE)
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env_for(home, tmp_path))
    assert p.stdout.startswith("go version go1.23.9 "), p
    # GOTOOLCHAIN=local runs the default; with none at all (no pin, no global, no go on
    # PATH) the go line picks an installed release, and the toolchain line is not followed.
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env_for(home, tmp_path, GOTOOLCHAIN="local"))
    assert p.returncode == 0 and p.stdout.startswith("go version go1.22.10 "), p


def test_build_through_the_shim(home: Path, tmp_path: Path, shared_go_caches: dict[str, str]) -> None:
    (tmp_path / "go.mod").write_text("module hello\n\ngo 1.21\n")
    (tmp_path / "main.go").write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n')
    (tmp_path / ".go-version").write_text("1.21\n")
    env = {**env_for(home, tmp_path, GOTOOLCHAIN="local"), **shared_go_caches}
    p = run([str(home / "shims" / "go"), "run", "."], tmp_path, env)
    assert (p.returncode, p.stdout) == (0, "hi\n"), p


def test_gover_exec_with_a_spec(home: Path, tmp_path: Path) -> None:
    env = env_for(home, tmp_path, GOTOOLCHAIN="local")
    p = run(GOVER_CMD + ["exec", "1.23", "--", "go", "version"], tmp_path, env)
    assert p.returncode == 0, p
    assert p.stdout.startswith("go version go1.23.9 ")
    p = run(GOVER_CMD + ["exec", "1.22", "go", "version"], tmp_path, env)  # "--" is optional
    assert p.stdout.startswith("go version go1.22.10 "), p
    p = run(GOVER_CMD + ["exec", "1.21", "--", "sh", "-c", 'echo "$GOROOT"; command -v go'], tmp_path, env)
    root = home / "versions" / "go1.21.13"
    assert p.stdout.split() == [str(root), str(root / "bin" / "go")], p


def test_gover_exec_resolves_here_and_reports_missing(home: Path, tmp_path: Path) -> None:
    (tmp_path / ".go-version").write_text("1.22.10\n")
    env = env_for(home, tmp_path, GOTOOLCHAIN="local")
    p = run(GOVER_CMD + ["exec", "--", "go", "version"], tmp_path, env)
    assert p.stdout.startswith("go version go1.22.10 "), p
    p = run(GOVER_CMD + ["exec", "1.19", "--", "go", "version"], tmp_path, env)
    assert (p.returncode, p.stderr) == (1, "gover: no go1.19.x is installed (set by command line)\n"
                                           "  run: gover install 1.19\n")
    p = run(GOVER_CMD + ["exec", "--", "no-such-program-xyz"], tmp_path, env)
    assert (p.returncode, p.stderr) == (127, "gover: no-such-program-xyz: command not found\n")


def test_which(home: Path, tmp_path: Path) -> None:
    (tmp_path / ".go-version").write_text("1.23\n")
    env = env_for(home, tmp_path)
    p = run(GOVER_CMD + ["which", "gofmt"], tmp_path, env)
    assert p.stdout == f"{home}/versions/go1.23.9/bin/gofmt\n", p
    p = run(GOVER_CMD + ["which", "nope"], tmp_path, env)
    assert p.returncode == 127
    assert p.stderr.startswith(f"gover: nope: not found in go1.23.9 (set by {tmp_path}/.go-version:1)")


def test_shim_for_a_missing_program_exits_127(home: Path, tmp_path: Path) -> None:
    # gofmt has a shim because some version has it; make the chosen version lack it.
    fake = tmp_path / "h"
    (fake / "versions" / "go1.30.0" / "bin").mkdir(parents=True)
    (fake / "versions" / "go1.30.0" / "bin" / "go").write_text("#!/bin/sh\necho fake\n")
    (fake / "versions" / "go1.30.0" / "bin" / "go").chmod(0o755)
    (fake / "versions" / "go1.29.0" / "bin").mkdir(parents=True)
    (fake / "versions" / "go1.29.0" / "bin" / "vet2").write_text("#!/bin/sh\necho vet2\n")
    (fake / "versions" / "go1.29.0" / "bin" / "vet2").chmod(0o755)
    from gover.shell import shims

    shims.rehash(Paths(fake))
    (tmp_path / ".go-version").write_text("1.30.0\n")
    p = run([str(fake / "shims" / "vet2")], tmp_path, env_for(fake, tmp_path))
    assert (p.returncode, p.stderr) == (127, f"gover: vet2: not found in go1.30.0 (set by "
                                             f"{tmp_path}/.go-version:1)\n")


def test_shims_never_loop_back_to_a_shim(tmp_path: Path) -> None:
    from gover.shell import shims

    a, b = tmp_path / "a", tmp_path / "b"
    for h in (a, b):
        (h / "versions").mkdir(parents=True)
        shims.rehash(Paths(h))
    link = tmp_path / "linkdir"
    link.symlink_to(a / "shims")
    env = env_for(a, tmp_path)
    # Another path to the same shims dir is skipped; nothing else: no system go.
    env["PATH"] = f"{a}/shims:{link}:/bin"
    p = run([str(a / "shims" / "go"), "version"], tmp_path, env)
    assert p.returncode == 127 and "not found on PATH outside gover" in p.stderr, p
    # Another gover's shims resolve to system and would find ours again: stopped.
    env["PATH"] = f"{a}/shims:{b}/shims:/bin"
    p = run([str(a / "shims" / "go"), "version"], tmp_path, env)
    assert p.returncode == 127 and "leads back to a gover shim" in p.stderr, p


def test_shim_auto_install(tmp_path: Path) -> None:
    home = tmp_path / "gover"
    from gover.shell import shims

    (home / "versions").mkdir(parents=True)
    shims.rehash(Paths(home))
    (tmp_path / ".go-version").write_text("1.21.13\n")
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.21.13", toolchain_archive("1.21.13"))
        env = env_for(home, tmp_path, GOTOOLCHAIN="local", GOVER_SOURCES="official", GOVER_DL_URL=site.base)
        p = run([str(home / "shims" / "go"), "version"], tmp_path, env)
        assert p.returncode == 1 and "run: gover install 1.21.13" in p.stderr
        p = run([str(home / "shims" / "go"), "version"], tmp_path, {**env, "GOVER_AUTO_INSTALL": "1"})
    assert p.returncode == 0, p
    assert p.stdout.startswith("go version go1.21.13 ")
    assert "installing it (GOVER_AUTO_INSTALL=1)" in p.stderr
    assert (home / "shims" / "go1.21.13").is_symlink()


def test_shim_auto_install_of_a_toolchain_line(tmp_path: Path) -> None:
    """A toolchain line naming a release that is not installed: silently stood in for, unless
    GOVER_AUTO_INSTALL=1, which installs it (once) and runs it."""
    home = tmp_path / "gover"
    env = {**os.environ, "GOVER_HOME": str(home)}
    ctx = SourceContext(paths=Paths(home), env=env, platform=None, client=None,  # type: ignore[arg-type]
                        progress=lambda label: None, report=lambda line: None)
    install.adopt(toolchain_root("1.21.13"), ctx)
    (home / "version").write_text("1.21\n")
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.21.0\n\ntoolchain go1.22.10\n")
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", toolchain_archive("1.22.10"))
        env = env_for(home, tmp_path, GOVER_SOURCES="official", GOVER_DL_URL=site.base)
        p = run([str(home / "shims" / "go"), "version"], tmp_path, env)
        assert (p.returncode, p.stderr) == (0, "") and p.stdout.startswith("go version go1.21.13 "), p
        p = run([str(home / "shims" / "go"), "version"], tmp_path, {**env, "GOVER_AUTO_INSTALL": "1"})
    assert p.returncode == 0 and p.stdout.startswith("go version go1.22.10 "), p
    assert "asks for toolchain go1.22.10, which is not installed" in p.stderr
    assert "installing go1.22.10 (GOVER_AUTO_INSTALL=1)" in p.stderr
    p = run([str(home / "shims" / "go"), "version"], tmp_path, env)
    assert (p.returncode, p.stderr) == (0, "") and p.stdout.startswith("go version go1.22.10 "), p
