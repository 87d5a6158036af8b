"""Completion scripts run by the real bash, zsh and fish completion machinery."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.shell import shims
from tests.support.layouts import fake_toolchain

pytestmark = pytest.mark.integration

INSTALLED = ("go1.22.10", "go1.23.9")
REMOTE = ("go1.24.1", "go1.23.9", "go1.23.8", "go1.21.13")  # as the last list-remote saw them


@pytest.fixture
def script_dir(gover, isolated_env: Path) -> Path:
    h = isolated_env / "gover"
    for v in INSTALLED:
        fake_toolchain(h, v)
    shims.rehash(Paths(h))
    (h / "remote-versions").write_text("".join(v + "\n" for v in REMOTE))
    d = isolated_env / "completions"
    d.mkdir()
    for shell in ("bash", "zsh", "fish"):
        r = gover("completion", shell)
        assert r.code == 0, r
        (d / shell).write_text(r.out)
    return d


def need(shell: str) -> str:
    found = shutil.which(shell)
    if not found:
        pytest.skip(f"{shell} is not installed")
    return found


def bash_complete(script: Path, *words: str) -> list[str]:
    arr = " ".join(f"'{w}'" for w in words)
    code = (f"source {script}; COMP_WORDS=({arr}); COMP_CWORD={len(words) - 1}; "
            'COMP_LINE="${COMP_WORDS[*]}"; _gover_complete; printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run([need("bash"), "--norc", "-c", code], capture_output=True, text=True,
                       env=os.environ, timeout=60)
    assert p.returncode == 0, p.stderr
    return [ln for ln in p.stdout.splitlines() if ln]


def test_bash_commands_options_and_versions(script_dir: Path) -> None:
    s = script_dir / "bash"
    assert bash_complete(s, "gover", "ins") == ["install"]
    assert bash_complete(s, "gover", "install", "1.23") == ["1.23.9", "1.23.8"]
    assert bash_complete(s, "gover", "install", "") == ["1.24.1", "1.23.9", "1.23.8", "1.22.10",
                                                        "1.21.13", "latest"]
    # uninstall offers only what is installed
    assert bash_complete(s, "gover", "uninstall", "") == ["1.23.9", "1.22.10"]
    assert bash_complete(s, "gover", "install", "--so") == ["--source"]
    assert bash_complete(s, "gover", "init", "") == ["bash", "fish", "zsh"]
    assert bash_complete(s, "gover", "ci", "") == ["matrix"]
    assert bash_complete(s, "gover", "ci", "matrix", "--format", "g") == ["github", "gitlab"]
    assert "--" not in bash_complete(s, "gover", "exec", "--", "")


def test_fish_do_complete(script_dir: Path) -> None:
    fish = need("fish")

    def complete(line: str) -> list[str]:
        p = subprocess.run([fish, "--no-config", "-c",
                            f"source {script_dir / 'fish'}; complete --do-complete '{line}'"],
                           capture_output=True, text=True, env=os.environ, timeout=60)
        assert p.returncode == 0, p.stderr
        return [ln.split("\t")[0] for ln in p.stdout.splitlines()]

    assert complete("gover ins") == ["install"]
    assert sorted(complete("gover uninstall 1.2")) == ["1.22.10", "1.23.9"]
    assert "1.24.1" in complete("gover install 1.24")


def test_zsh_loads_with_compinit(script_dir: Path, tmp_path: Path) -> None:
    zsh = need("zsh")
    zdot = tmp_path / "zdotdir"
    zdot.mkdir()
    code = (f"autoload -Uz compinit && compinit -u -d {zdot}/.zcompdump; "
            f"source {script_dir / 'zsh'}; print -r -- ${{+functions[_gover]}} ${{_comps[gover]}}")
    p = subprocess.run([zsh, "-f", "-c", code], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "ZDOTDIR": str(zdot)})
    assert (p.returncode, p.stderr) == (0, "")
    assert p.stdout.split() == ["1", "_gover"]


def test_completing_never_reaches_the_network(gover, script_dir: Path, isolated_env: Path) -> None:
    # the conftest points GOVER_DL_URL at a closed port: a lookup would fail loudly or hang;
    # with no cached list, install offers what is installed
    (isolated_env / "gover" / "remote-versions").unlink()
    r = gover("completion", "--candidates", "2", ":gover", ":install", ":1.2")
    assert (r.code, r.out, r.err) == (0, "1.23.9\n1.22.10\n", "")


def test_list_remote_refreshes_the_cached_list(gover, isolated_env: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.dlsite import DownloadSite
    from tests.support.httpserver import HTTPServer

    with HTTPServer() as srv:
        site = DownloadSite(srv)
        for v in ("go1.25.1", "go1.24.7"):
            site.add(v, b"not fetched")
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        assert gover("list-remote").code == 0
    r = gover("completion", "--candidates", "2", ":gover", ":install", ":1.2")
    assert r.out.split() == ["1.25.1", "1.24.7"]
