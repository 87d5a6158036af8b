"""The lean entry (cli/fast.py) answers exactly as the full argparse CLI does.

Every everyday command line runs twice in-process, once through the fast path and
once with it switched off, in several worlds (a pin, none, a bad one, a version that
is not installed, a go.mod nothing installed satisfies, no Go at all); stdout, stderr
and the exit code must be the same bytes.  Lines the fast path does not recognise
(bad flags, abbreviations) are included too: they must fall through to argparse.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

import pytest

from gover.cli import fast, main, parser, switching
from tests.support.layouts import fake_toolchain

FAST = [
    ["current"], ["current", "--explain"], ["current", "--json"], ["current", "--json", "--explain"],
    ["which", "go"], ["which", "gofmt", "--json"], ["which", "nosuch"],
    ["env"], ["env", "--json"], ["env", "--shell", "fish"], ["env", "--shell", "zsh", "--json"],
    ["prefix", "1.22"], ["prefix", "1.22", "--json"], ["prefix", "1.99"], ["prefix", "banana"],
    ["list"], ["list", "--json"],
    ["global"], ["global", "--json"], ["local"], ["local", "--json"],
    ["exec", "1.22.10", "--", "go", "version"], ["exec", "--", "go", "version"], ["exec", "go", "version"],
    ["exec", "1.22", "go", "-q"], ["exec", "1.99", "--", "go"], ["exec", "1.22"], ["exec", "--"],
    ["exec", "banana", "--", "go"], ["exec", "1.22", "--", "nosuch"], ["exec", "1.22", "1.23", "--", "go"],
    ["exec", "1.22", "--", "go", "-h"], ["exec", "go", "--help", "--color=never"], ["which", "go="],
    ["--version"],
]
PARSED = [  # not recognised: argparse parses them, on both runs
    ["current", "--bogus"], ["current", "--explain", "--explain"], ["current", "--jso"], ["current", "x"],
    ["which"], ["which", "--json", "go"], ["which", "go", "extra"], ["env", "--shell"],
    ["env", "--shell", "tcsh"], ["prefix"], ["list", "extra"], ["exec"], ["exec", "-x"],
    ["global", "--unset", "--dry-run"], ["local", "--tool-versions"], ["-q", "current"],
    ["--color", "never", "which", "go"], ["current", "-h"], ["--version", "current"], [],
    ["nosuch"], ["--help"],
]
REAL_FAST_ARGS = fast.fast_args
REAL_BUILD_PARSER = parser.build_parser
WORLDS = ["pin", "global", "nothing", "bad-pin", "not-installed", "go-mod-too-new", "system-go"]


@pytest.fixture
def world(request: pytest.FixtureRequest, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    home = Path(os.environ["GOVER_HOME"])
    for name in ("go1.21.13", "go1.22.10", "go1.23.9"):
        fake_toolchain(home, name)
    work = isolated_env / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("PWD", str(work))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    kind = request.param
    if kind == "pin":
        (work / ".go-version").write_text("1.22\n")
    elif kind == "global":
        (home / "version").write_text("1.23.9\n")
    elif kind == "bad-pin":
        (work / ".go-version").write_text("banana\n")
    elif kind == "not-installed":
        (work / ".tool-versions").write_text("golang 1.99.1\n")
    elif kind == "go-mod-too-new":
        (work / "go.mod").write_text("module m\n\ngo 1.30\n")
        monkeypatch.setenv("GOTOOLCHAIN", "auto")
    elif kind == "system-go":
        sysroot = isolated_env / "sysgo"
        (sysroot / "bin").mkdir(parents=True)
        (sysroot / "VERSION").write_text("go1.20.1\n")
        (sysroot / "bin" / "go").write_text("#!/bin/sh\necho SYSTEM\n")
        (sysroot / "bin" / "go").chmod(0o755)
        monkeypatch.setenv("PATH", f"{sysroot}/bin:/usr/bin:/bin")
    return kind


def _run(argv: list[str], use_fast: bool, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str, bool]:
    taken = []
    real = REAL_FAST_ARGS

    def recording(words: list[str]) -> fast.Args | None:
        args = real(words) if use_fast else None
        taken.append(args is not None)
        return args

    def execve(path: str, args: list[str], env: dict[str, str]) -> None:
        shown = {k: env.get(k) for k in ("GOROOT", "PATH", "GOTOOLCHAIN")}
        sys.stdout.write(f"EXEC {path} {args} {shown}\n")

    monkeypatch.setattr(fast, "fast_args", recording)
    monkeypatch.setattr(switching, "execve", execve)
    capsys.readouterr()
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err, taken == [True]


PARSERS: dict[tuple[str, ...] | None, argparse.ArgumentParser] = {}


def _build_parser(only: list[str] | None = None) -> argparse.ArgumentParser:
    """parser.build_parser, built once per set of names: parsing does not change a parser,
    and building one for each of the hundreds of runs here is most of their time."""
    key = None if only is None else tuple(only)
    if key not in PARSERS:
        PARSERS[key] = REAL_BUILD_PARSER(only)
    return PARSERS[key]


@pytest.mark.parametrize("world", WORLDS, indirect=True)
def test_the_fast_path_answers_as_the_parser_does(world: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(parser, "build_parser", _build_parser)
    lines = FAST + (PARSED if world in ("pin", "nothing") else [])  # parse errors do not vary by world
    for argv in lines:
        *full, _ = _run(argv, False, monkeypatch, capsys)
        *quick, took_fast = _run(argv, True, monkeypatch, capsys)
        assert quick == full, f"gover {' '.join(argv)} in the {world!r} world"
        assert took_fast == (argv in FAST), f"gover {' '.join(argv)}: fast path {took_fast}"


def test_the_worlds_cover_success_and_each_kind_of_failure(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Guards the comparison above against comparing nothing: the exit codes it sees
    include success, user errors (1), usage errors (2) and a missing program (127)."""
    monkeypatch.setattr(parser, "build_parser", _build_parser)
    codes = {_run(argv, True, monkeypatch, capsys)[0] for argv in FAST + PARSED}
    assert {0, 2, 127} <= codes
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert _run(["current"], True, monkeypatch, capsys)[0] == 1  # no go at all


def test_the_command_table_is_what_the_modules_register() -> None:
    fmt = argparse.HelpFormatter
    registered = []
    for mod in parser.COMMAND_MODULES:
        top = argparse.ArgumentParser(prog="gover")
        sub = top.add_subparsers(dest="command")
        importlib.import_module(mod).register(sub, fmt)
        registered += [(a.dest, mod.rsplit(".", 1)[1], a.help) for a in sub._choices_actions]
    assert registered == list(parser.COMMANDS)


@pytest.mark.parametrize("only", [None, [], ["current"], ["list", "exec"]])
def test_a_partial_parser_helps_and_errs_as_the_full_one(only: list[str] | None) -> None:
    full, part = parser.build_parser(), parser.build_parser(only=only)
    assert part.format_help() == full.format_help()
    assert part.format_usage() == full.format_usage()


DOCTOR_CHECK_FAST = [
    ["doctor"], ["doctor", "--json"], ["doctor", "--verbose"], ["doctor", "--dir", "sub"],
    ["doctor", "--dir", "a b", "--json"], ["doctor", "--dir", "x", "--verbose", "--json"],
    ["check"], ["check", "--no-go"], ["check", "--no-go", "repo"], ["check", "repo"],
    ["check", "--json", "--offline", "--verbose", "."], ["check", "--offline", "--files", "go.mod"],
    ["check", "--offline", "--files", "a/go.mod", "a/go.sum", ".go-version"], ["check", "--files", "x"],
    ["check", "--skip", "pins"], ["check", "--no-go", "--skip", "pins,gosum", "repo"],
    ["check", "--go", "1.21", "--format", "github", "."], ["check", "--skip", "pins", "pins"],
    ["check", "--format", "json", "--offline", "--files", "go.mod"], ["check", "--skip", "x", "--json"],
]
DOCTOR_CHECK_PARSED = [
    ["doctor", "--fix"], ["doctor", "--dir"], ["doctor", "--dir", "--json"], ["doctor", "--dir=x"],
    ["doctor", "--json", "--dir", "x"], ["doctor", "-v"], ["doctor", "x"], ["doctor", "--json", "--json"],
    ["doctor", "--dir", ""], ["check", "--files"], ["check", "--files", "a", "--no-go"],
    ["check", "repo", "--no-go"], ["check", "repo", "--files", "a"], ["check", ""], ["check", "-x"],
    ["check", "--no-go", "--no-go"], ["check", "--no", "x"], ["check", "a", "b"],
    ["check", "--skip"], ["check", "--skip", "-x"], ["check", "--format", "xml"], ["check", "--go", ""],
    ["check", "--skip", "a", "--skip", "b"], ["check", "--skip=pins"], ["check", "repo", "--skip", "pins"],
    ["check", "--skip", "--json"], ["check", "--files", "a", "--skip", "b"],
]


@pytest.mark.parametrize("argv", DOCTOR_CHECK_FAST)
def test_doctor_and_check_lines_get_the_namespace_argparse_builds(argv: list[str]) -> None:
    got = fast.fast_args(argv)
    assert got is not None
    assert vars(got) == vars(parser.build_parser(only=[argv[0]]).parse_args(argv))


@pytest.mark.parametrize("argv", DOCTOR_CHECK_PARSED)
def test_other_doctor_and_check_lines_go_to_argparse(argv: list[str]) -> None:
    assert fast.fast_args(argv) is None
