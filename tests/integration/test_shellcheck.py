"""shellcheck over every script gover generates and every template it generates them from.

- The shims, as ``gover rehash`` writes them for a store of fake toolchains: POSIX sh.
- The ``gover init`` snippets: bash as bash.  shellcheck has no zsh mode, so the zsh
  snippet is checked as bash where that is valid: the wrapper (``emulate``,
  ``add-zsh-hook`` are plain commands to bash) and, separately, the body it runs
  under ``emulate sh`` (POSIX sh plus ``$'…'``, which bash accepts too).
- The templates in ``src/gover/shell/``, each with its own dialect; they are
  fragments, so a variable that another fragment assigns (SC2154) is left to the
  checks of the assembled scripts above.
- fish is not a dialect shellcheck knows: the fish snippet and template must parse
  with ``fish --no-execute``.
- The project's own scripts (scripts/test, .ci/run): bash.

Any finding, at any severity, fails.  Exceptions live in the scripts themselves, as
``# shellcheck disable=`` directives with their reason.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from gover.paths import Paths
from gover.shell import activate, shims
from tests.conftest import REQUIRE_TOOLCHAINS, ROOT
from tests.support.layouts import DEFAULT_SET, fake_toolchain

pytestmark = pytest.mark.integration

SHELL_DIR = Path(str(resources.files("gover").joinpath("shell")))
# The dialect shellcheck checks each template suffix in ("fish": fish --no-execute).
DIALECT = {".sh": "sh", ".bash": "bash", ".zsh": "bash", ".fish": "fish"}


def need(tool: str) -> None:
    if shutil.which(tool):
        return
    msg = f"{tool} is not installed (scripts/test installs it)"
    if REQUIRE_TOOLCHAINS:
        pytest.fail(msg)
    pytest.skip(msg)


def shellcheck(files: list[Path], shell: str, *extra: str) -> subprocess.CompletedProcess[str]:
    need("shellcheck")
    return subprocess.run(["shellcheck", "--shell", shell, "--format", "gcc", *extra, *map(str, files)],
                          capture_output=True, text=True, timeout=600)


def assert_clean(p: subprocess.CompletedProcess[str]) -> None:
    assert p.returncode == 0 and not p.stdout and not p.stderr, p.stdout + p.stderr


def fish_parses(f: Path) -> subprocess.CompletedProcess[str]:
    need("fish")
    return subprocess.run(["fish", "--no-config", "--no-execute", str(f)], capture_output=True, text=True,
                          timeout=60)


def test_the_checkers_report_what_they_guard(tmp_path: Path) -> None:
    """The exceptions the templates declare would be findings without their directives."""
    bad = tmp_path / "bad.sh"
    bad.write_text('#!/bin/sh\nx=$1\n[ -e "$x" -a ! -d "$x" ] && [ "$x" -ef /tmp ] && echo y\n')
    p = shellcheck([bad], "sh")
    assert p.returncode != 0 and "SC2166" in p.stdout and "SC3013" in p.stdout, p
    broken = tmp_path / "broken.fish"
    broken.write_text("function f\n    if true\nend\n")
    assert fish_parses(broken).returncode != 0


def test_generated_shims(tmp_path: Path) -> None:
    home = tmp_path / "gover"
    for name in ("go1.21.13", "go1.22.10", "go1.23rc1"):
        fake_toolchain(home, name, ("go", "gofmt", "vet-helper"))
    shims.rehash(Paths(home))
    scripts = sorted(p for p in (home / "shims").iterdir() if not p.is_symlink())
    programs = [p.name for p in scripts if not shims.is_toolchain_link_name(p.name)]
    assert programs == ["go", "gofmt", "gover", "vet-helper"]  # gover: the front (shell/front.sh)
    assert "go1.22.3" in [p.name for p in scripts]  # a go1.X.Y script serving a release not installed
    assert_clean(shellcheck(scripts, "sh"))


def test_an_empty_store_shim(tmp_path: Path) -> None:
    # Before anything is installed the fast path's tables are empty.
    (tmp_path / "gover" / "versions").mkdir(parents=True)
    shims.rehash(Paths(tmp_path / "gover"))
    assert_clean(shellcheck([tmp_path / "gover" / "shims" / "go"], "sh"))


def zsh_body(init: str) -> str:
    """The string the zsh snippet hands to ``emulate sh -c``, unquoted as zsh would."""
    lex = shlex.shlex(init[init.index("emulate sh -c ") + len("emulate sh -c "):], posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    body = lex.get_token()
    assert body and "_gover_resolve()" in body
    return body


def test_bash_and_zsh_hooks(tmp_path: Path) -> None:
    home = tmp_path / "gover"
    for name in DEFAULT_SET[:2]:
        fake_toolchain(home, name)
    out = {}
    for shell in ("bash", "zsh"):
        # The real command line `gover init` prints: this Python, -m gover.
        text = activate.init_text(shell, Paths(home), activate.gover_command({"PATH": ""}))
        out[shell] = tmp_path / f"init.{shell}"
        out[shell].write_text(text)
    body = tmp_path / "init.zsh-body"
    body.write_text(zsh_body(out["zsh"].read_text()))
    assert_clean(shellcheck([out["bash"], out["zsh"], body], "bash"))


def test_fish_hook_parses(tmp_path: Path) -> None:
    init = tmp_path / "init.fish"
    init.write_text(activate.init_text("fish", Paths(tmp_path / "gover"), activate.gover_command({})))
    p = fish_parses(init)
    assert p.returncode == 0 and not p.stderr, p
    # The sh program the fish hook runs is the shared resolver: check it as sh too.
    prog = tmp_path / "fish-resolver.sh"
    prog.write_text(activate.resolver_program(Paths(tmp_path / "gover"), darwin=False))
    assert_clean(shellcheck([prog], "sh"))


def template_files() -> dict[str, list[Path]]:
    by_dialect: dict[str, list[Path]] = {}
    for f in sorted(SHELL_DIR.iterdir()):
        if f.suffix in DIALECT:
            by_dialect.setdefault(DIALECT[f.suffix], []).append(f)
    return by_dialect


def test_templates(tmp_path: Path) -> None:
    by_dialect = template_files()
    assert {f.name for fs in by_dialect.values() for f in fs} >= {
        "common.sh", "pick.sh", "resolve.sh", "fast.sh", "front.sh", "shim.sh", "hook.sh", "hook.bash",
        "hook.zsh",
        "hook.fish"}
    for shell, files in by_dialect.items():
        if shell == "fish":
            for f in files:
                p = fish_parses(f)
                assert p.returncode == 0 and not p.stderr, (f, p)
            continue
        checked = []
        for f in files:
            if f.name == "front.sh":
                continue  # its tables and help exist once rehash writes it: test_generated_shims checks it
            if f.name == "fast.sh":
                # Its case tables are placeholders until rehash fills them in.
                filled = tmp_path / "fast.sh"
                filled.write_text(shims.fast_text(list(DEFAULT_SET)))
                f = filled
            checked.append(f)
        assert_clean(shellcheck(checked, shell, "--exclude", "SC2154"))


def test_the_projects_own_scripts() -> None:
    assert_clean(shellcheck([ROOT / "scripts" / "test", ROOT / ".ci" / "run"], "bash"))
