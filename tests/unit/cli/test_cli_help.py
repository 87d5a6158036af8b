"""Every command documents itself with examples, and --help stays cheap."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from gover.cli.main import main
from gover.cli.parser import build_parser
from gover.cli.progress import bar_factory


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[tuple[str, argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append((f"{prefix}{name}", sub))
                out.extend(_commands(sub, f"{prefix}{name} "))
    return out


def test_every_command_has_examples() -> None:
    missing = [name for name, p in _commands(build_parser()) if "examples:" not in p.format_help()]
    assert missing == []


def test_version_and_help(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("gover ")
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "gover doctor" in out and "gover install 1.23" in out


# What the everyday commands may import, run as the console script runs them.  Stdlib
# modules by top-level name (leading "_" dropped: _sre is re's), so the guard holds
# across Python versions; gover's own modules by full name.  Not timings: a new
# import fails here whatever the machine's load (docs/DESIGN.md, "Start-up").
LEAN_GOVER = {"gover", "gover.cli", "gover.cli.main", "gover.cli.fast"}
RESOLVER_GOVER = LEAN_GOVER | {
    "gover.cli.context", "gover.cli.switching", "gover.errors", "gover.fsutil",
    "gover.golang", "gover.golang.goenv", "gover.golang.gostrconv", "gover.golang.gotoolchain",
    "gover.golang.versions", "gover.gomod", "gover.gomod.lookup", "gover.lazyre", "gover.paths",
    "gover.record",
    "gover.resolve", "gover.resolve.core", "gover.resolve.defaults", "gover.resolve.files",
    "gover.resolve.model", "gover.resolve.select", "gover.resolve.which", "gover.settings",
    "gover.toolchain", "gover.toolchain.store"}
STORE_GOVER = LEAN_GOVER | {
    "gover.cli.context", "gover.cli.render", "gover.cli.toolchains", "gover.errors", "gover.fsutil",
    "gover.golang", "gover.golang.versions", "gover.lazyre", "gover.paths", "gover.record",
    "gover.settings",
    "gover.toolchain", "gover.toolchain.store"}
# re (and what it needs), pathlib (and urllib.parse, which pathlib and settings.py use);
# sre_* are re's parts before Python 3.11.  "json" lets in _json (gover.jsonio), never json
# itself: START_UP_NEVER and NEVER name it.
RESOLVER_STDLIB = {
    "future", "collections", "functools", "operator", "copyreg", "contextlib", "enum", "errno",
    "fnmatch", "itertools", "keyword", "ntpath", "pathlib", "re", "sre",
    "sre_compile", "sre_parse", "sre_constants", "reprlib", "types", "urllib", "ipaddress",
    "warnings", "weakrefset", "posixpath", "glob"}
HELP_STDLIB = {"future", "argparse", "gettext", "locale", "textwrap", "shutil", "bz2", "lzma", "zlib",
               "compression", "importlib", "collections", "functools", "operator", "copyreg", "enum",
               "errno", "fnmatch", "itertools", "keyword", "re", "sre", "sre_compile", "sre_parse",
               "sre_constants", "reprlib", "types", "warnings", "weakrefset", "grp", "pwd"}
# Named on their own so a top-level name in the lists above ("urllib") never lets them in.
NETWORK = {"urllib.request", "http", "ssl", "socket", "tarfile", "zipfile", "cryptography", "truststore",
           "gover.net", "gover.transport", "gover.doctor.runner", "gover.toolchain.install"}
START_UP_NEVER = NETWORK | {"json"}
START_UP = [
    (["--version"], LEAN_GOVER, {"future"}),
    (["--help"], LEAN_GOVER | {"gover.cli.parser"}, HELP_STDLIB),
    (["current"], RESOLVER_GOVER, RESOLVER_STDLIB),
    (["current", "--explain"], RESOLVER_GOVER | {"gover.cli.explain"}, RESOLVER_STDLIB),
    (["current", "--json"], RESOLVER_GOVER | {"gover.jsonio"}, RESOLVER_STDLIB | {"json"}),
    (["which", "go"], RESOLVER_GOVER | {"gover.resolve.run"}, RESOLVER_STDLIB),
    (["env"], RESOLVER_GOVER | {"gover.resolve.run", "gover.shell", "gover.shell.envcode"},
     RESOLVER_STDLIB | {"shlex"}),
    (["global"], RESOLVER_GOVER | {"gover.resolve.answers", "gover.resolve.pin"}, RESOLVER_STDLIB),
    (["list"], STORE_GOVER | {"gover.toolchain.installed", "gover.jsonio"},  # the metadata
     RESOLVER_STDLIB | {"json"}),
    (["prefix", "1.22"], STORE_GOVER | {"gover.jsonio"}, RESOLVER_STDLIB | {"json"}),
]


@pytest.mark.parametrize(("argv", "gover_ok", "stdlib_ok"), START_UP,
                         ids=[" ".join(a) for a, _, _ in START_UP])
def test_start_up_imports_only_what_the_command_needs(argv: list[str], gover_ok: set[str],
                                                      stdlib_ok: set[str], tmp_path) -> None:
    """Never argparse, dataclasses, typing or json (without --json) for --version and the
    everyday commands; never the network, archives or crypto for any of them."""
    import os

    from tests.support.layouts import fake_toolchain

    fake_toolchain(Path(os.environ["GOVER_HOME"]), "go1.22.10")  # the commands succeed
    (tmp_path / ".go-version").write_text("1.22.10\n")
    _assert_imports(argv, tmp_path, {}, gover_ok, stdlib_ok, START_UP_NEVER)


def _assert_imports(argv: list[str], cwd: Path, env: dict[str, str], gover_ok: set[str],
                    stdlib_ok: set[str], never: set[str]) -> list[str]:
    import os
    import subprocess
    import sys

    code = ("import sys; before = set(sys.modules); from gover.cli.main import entry; "
            f"sys.argv[1:] = {argv!r}\ntry:\n    entry()\nexcept SystemExit:\n    pass\n"
            "print(sorted(set(sys.modules) - before))")
    import gover

    src = str(Path(gover.__file__).resolve().parents[1])  # this tree, not an installed gover
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                       env={**os.environ, "PYTHONPATH": src, "PWD": str(cwd), **env})
    loaded = eval(p.stdout.strip().splitlines()[-1])  # the list printed last
    assert "gover.cli.main" in loaded, p.stdout + p.stderr
    network = [m for m in loaded if m in never or m.split(".")[0] in never]
    assert network == [], f"gover {' '.join(argv)} imports {network}"
    extra = [m for m in loaded if (m not in gover_ok if m.startswith("gover") else
                                   m.split(".")[0].strip("_") not in stdlib_ok)]
    assert extra == [], f"gover {' '.join(argv)} imports {extra}"
    return loaded


# doctor and check on a module whose requirement is in the module cache: every check runs
# (the go.sum comparison hashes the cached go.mod), and still no argparse, typing,
# dataclasses, zipfile, tempfile or subprocess: each costs them more than a check does.
# With the shims current, doctor does not build them (shell/stamp.py).
_PARSE_GOVER = {
    "gover.gomod.dialect", "gover.gomod.dirhash", "gover.gomod.everyday", "gover.gomod.gostr",
    "gover.gomod.gosum",
    "gover.gomod.modfile", "gover.gomod.modpath", "gover.gomod.semver",
    "gover.gomod.syntax", "gover.gomod.workfile", "gover.hashing", "gover.project",
    "gover.project.checks", "gover.project.checks.base", "gover.project.checks.sums",
    "gover.project.checks.workspace", "gover.project.goimports", "gover.project.modcheck",
    "gover.project.repo", "gover.shell", "gover.toolchain.platforms"}
DOCTOR_GOVER = RESOLVER_GOVER | _PARSE_GOVER | {
    "gover.cli.colour", "gover.cli.doctor", "gover.doctor", "gover.doctor.checks",
    "gover.doctor.context", "gover.doctor.diagnose", "gover.doctor.model", "gover.doctor.runner",
    "gover.golang.proxylist", "gover.jsonio", "gover.shell.stamp"} | {
    f"gover.doctor.checks.{c}" for c in (
        "caches", "cgo", "envfile", "go111module", "goflags", "gopath", "goroot", "gotoolchain",
        "gover_state", "gowork", "module_files", "module_go", "old_toolchain", "path", "proxy",
        "proxy_chain", "selection", "vendoring")}
CHECK_GOVER = RESOLVER_GOVER | _PARSE_GOVER | {
    "gover.cli.check", "gover.gomod.pseudo", "gover.jsonio", "gover.project.checks.deps",
    "gover.project.checks.golines", "gover.project.checks.replaces", "gover.project.checks.vendor",
    "gover.project.pins", "gover.project.pins.check", "gover.project.pins.gomod",
    "gover.project.pins.model", "gover.project.pins.scan", "gover.wording"}
MODULE_STDLIB = RESOLVER_STDLIB | {"encodings", "shlex", "json", "hashlib", "blake2", "base64",
                                   "binascii", "struct", "bisect"}
NEVER = (NETWORK - {"gover.doctor.runner"}) | {"typing", "argparse", "dataclasses", "zipfile",
                                                 "tempfile", "subprocess", "shutil", "inspect",
                                                 "contextlib", "json"}


@pytest.mark.parametrize(("argv", "gover_ok"), [
    (["doctor", "--dir", "m"], DOCTOR_GOVER), (["doctor", "--dir", "m", "--json"], DOCTOR_GOVER),
    (["check", "--no-go", "m"], CHECK_GOVER)], ids=["doctor", "doctor --json", "check --no-go"])
def test_doctor_and_check_import_only_what_they_need(argv: list[str], gover_ok: set[str],
                                                     tmp_path) -> None:
    import os

    from gover.gomod.dirhash import hash_gomod
    from gover.paths import Paths
    from gover.shell.shims import rehash
    from tests.support.layouts import fake_toolchain

    fake_toolchain(Path(os.environ["GOVER_HOME"]), "go1.22.10")
    # with its VERSION, so the checks that need the running release (module_go) run too
    (Path(os.environ["GOVER_HOME"]) / "versions" / "go1.22.10" / "VERSION").write_text("go1.22.10\n")
    rehash(Paths(Path(os.environ["GOVER_HOME"])))  # current shims: doctor need not build them
    m = tmp_path / "m"
    m.mkdir()
    (m / "go.mod").write_text("module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n")
    (m / "main.go").write_text('package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n')
    dep = b"module example.com/dep\n"
    cached = tmp_path / "modcache" / "cache" / "download" / "example.com" / "dep" / "@v"
    cached.mkdir(parents=True)
    (cached / "v1.0.0.mod").write_bytes(dep)
    (cached / "v1.0.0.ziphash").write_text("h1:" + "A" * 43 + "=\n")
    (m / "go.sum").write_text(f"example.com/dep v1.0.0 h1:{'A' * 43}=\n"
                              f"example.com/dep v1.0.0/go.mod {hash_gomod(dep)}\n")
    env = {"GOMODCACHE": str(tmp_path / "modcache"), "GOVER_VERSION": "1.22.10"}
    loaded = _assert_imports(argv, tmp_path, env, gover_ok, MODULE_STDLIB, NEVER)
    assert "gover.gomod.dirhash" in loaded  # the layout reached the cached go.mod's hash


def test_progress_bar_renders_on_a_terminal_stream() -> None:
    stream = io.StringIO()
    update = bar_factory(stream)("go1.22.10.linux-amd64.tar.gz")
    update(50, 100)
    update(100, 100)
    text = stream.getvalue()
    assert "go1.22.10.linux-amd64.tar.gz" in text and "100%" in text and text.endswith("\n")
