"""The everyday command lines, recognised without argparse.

``gover current`` is over in under a millisecond of resolution; building the
argparse parser costs more than that many times over.  :func:`fast_args` knows
the few spellings people type and scripts run every day — ``current [--explain]
[--json]``, ``which CMD [--json]``, ``env [--shell SH] [--json]``, ``prefix SPEC
[--json]``, ``list [--json]``, ``global``/``local`` [--json] (show), ``exec
SPEC -- CMD …``, ``doctor [--dir DIR] [--json]``, ``check [flags] [DIR | --files …]`` and
``--version`` — and returns exactly the namespace argparse
would build for them (tests/unit/cli/test_fast_path.py compares the two).  Any
other spelling (abbreviations, ``--json=…``, ``-q`` first, a bad flag, ``-h``)
returns None and goes through the parser, so help, usage errors and their exit
codes are argparse's own.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

SHELLS = ("bash", "zsh", "fish")  # env --shell's choices (cli/switching.py)


class Args:
    """What argparse.Namespace offers a handler: attributes, nothing more."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Args({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


def _flags(words: list[str], allowed: tuple[str, ...]) -> dict[str, bool] | None:
    """``words`` as store_true flags (each at most once), or None for anything else."""
    if len(set(words)) != len(words) or any(w not in allowed for w in words):
        return None
    return {f.lstrip("-").replace("-", "_"): f in words for f in allowed}


def _switching(name: str) -> Callable[..., int]:
    from gover.cli import switching

    func: Callable[..., int] = getattr(switching, f"cmd_{name}")
    return func


def _toolchains(name: str) -> Callable[..., int]:
    from gover.cli import toolchains

    func: Callable[..., int] = getattr(toolchains, f"cmd_{name}")
    return func


def fast_args(argv: list[str]) -> Args | None:
    """The namespace for an everyday command line, or None: let argparse parse it."""
    if argv == ["--version"]:
        return Args(command="--version")
    if not argv:
        return None
    command, rest = argv[0], argv[1:]
    values = _command_values(command, rest)
    if values is None:
        return None
    return Args(quiet=False, color="auto", command=command, **values)


def _command_values(command: str, rest: list[str]) -> dict[str, Any] | None:
    if command == "current":
        flags = _flags(rest, ("--explain", "--json"))
        return None if flags is None else {**flags, "func": _switching("current")}
    if command in ("global", "local"):
        flags = _flags(rest, ("--json",))
        if flags is None:
            return None
        pin = {"spec": None, "unset": False, "dry_run": False, **flags, "install": False, "force": False}
        if command == "local":
            pin = {"spec": None, "tool_versions": False, **pin}
        return {**pin, "func": _switching(command)}
    if command in ("which", "prefix"):
        if not rest or rest[0].startswith("-"):
            return None
        flags = _flags(rest[1:], ("--json",))
        if flags is None:
            return None
        key = "program" if command == "which" else "spec"
        func = _switching("which") if command == "which" else _toolchains("prefix")
        return {key: rest[0], **flags, "func": func}
    if command == "env":
        return _env_values(rest)
    if command == "list":
        flags = _flags(rest, ("--json",))
        return None if flags is None else {**flags, "func": _toolchains("list")}
    if command == "exec":
        if not rest or (rest[0].startswith("-") and rest[0] != "--"):
            return None
        return {"args": rest, "func": _switching("exec")}
    if command == "doctor":
        return _doctor_values(rest)
    if command == "check":
        return _check_values(rest)
    return None


def _operand(word: str) -> bool:
    """A word argparse takes as a value, never as an option (or the end of options)."""
    return bool(word) and not word.startswith("-")


def _doctor_values(rest: list[str]) -> dict[str, Any] | None:
    """``doctor [--dir DIR] [--json] [--verbose]``: what editors, prompts and scripts run."""
    directory = None
    if len(rest) >= 2 and rest[0] == "--dir" and _operand(rest[1]):
        directory, rest = rest[1], rest[2:]
    flags = _flags(rest, ("--json", "--verbose"))
    if flags is None:
        return None
    from pathlib import Path

    from gover.cli.doctor import cmd_doctor

    return {"dir": None if directory is None else Path(directory), "fix": False, "dry_run": False,
            "undo": False, "only": None, "online": False, **flags, "func": cmd_doctor}


_CHECK_VALUED = ("--skip", "--go", "--format")


def _split_valued(words: list[str], names: tuple[str, ...]) -> tuple[dict[str, str], list[str]] | None:
    """The ``--name VALUE`` pairs among ``words`` (each name at most once, each VALUE a word
    argparse takes as a value) and the other words; None for anything else."""
    values: dict[str, str] = {}
    others: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word not in names:
            others.append(word)
            i += 1
            continue
        if word[2:] in values or i + 1 == len(words) or not _operand(words[i + 1]):
            return None
        values[word[2:]] = words[i + 1]
        i += 2
    return values, others


def _check_values(rest: list[str]) -> dict[str, Any] | None:
    """``check [--no-go] [--offline] [--json] [--verbose] [--skip CODES] [--go V] [--format F]
    [DIR | --files FILE...]``: CI and the git hook (``check --offline --files …``)."""
    from pathlib import Path

    directory, files = ".", None
    if "--files" in rest:
        i = rest.index("--files")
        files, rest = rest[i + 1:], rest[:i]
        if not files or not all(_operand(f) for f in files):
            return None
    elif rest and _operand(rest[-1]) and (len(rest) < 2 or rest[-2] not in _CHECK_VALUED):
        directory, rest = rest[-1], rest[:-1]
    split = _split_valued(rest, _CHECK_VALUED)
    if split is None:
        return None
    values, rest = split
    fmt = values.get("format", "text")
    flags = _flags(rest, ("--json", "--no-go", "--offline", "--verbose"))
    if flags is None or fmt not in ("text", "json", "github"):  # argparse's choices and error
        return None
    from gover.cli.check import cmd_check

    return {"dir": Path(directory), "go": values.get("go"), "skip": values.get("skip", ""), **flags,
            "format": fmt,
            "files": None if files is None else [Path(f) for f in files], "func": cmd_check}


def _env_values(rest: list[str]) -> dict[str, Any] | None:
    shell = None
    if len(rest) >= 2 and rest[0] == "--shell":
        shell, rest = rest[1], rest[2:]
        if shell not in SHELLS:
            return None
    flags = _flags(rest, ("--json",))
    if flags is None:
        return None
    return {"shell": shell, **flags, "func": _switching("env")}
