"""gover's entry point: parse, run one command, map errors to exit codes.

This is the only place that turns exceptions into exit codes:
user errors 1 (bad usage 2), a missing program in a shim 127, Ctrl-C 130,
anything unexpected 3 with a short "please report" line.

Start-up is most of what an everyday command costs, so this module imports only
``os`` and ``sys`` itself.  The everyday forms (``cli/fast.py``: ``current``,
``which go``, ``env``, ``list`` …, spelled exactly) run their handler without
argparse; everything else builds a parser holding only the command modules the
arguments name, the rest listed from :data:`COMMANDS` (docs/DESIGN.md, "Start-up").
Both paths end in :func:`_dispatch`, the one error boundary.
"""

from __future__ import annotations

import os
import sys

from gover import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence
    from typing import Any, TextIO

    from gover.cli.context import Ctx

# Every command: (name, the gover.cli module whose register() adds it, its one-line help),
# in the order `gover --help` lists them.  Each module registers its commands together;
# tests/unit/cli/test_fast_path.py holds this table to what the modules register.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("install", "toolchains", "install Go versions (verified, atomic)"),
    ("uninstall", "toolchains", "remove installed versions"),
    ("list", "toolchains", "list installed versions"),
    ("list-remote", "toolchains", "list versions available to install"),
    ("prefix", "toolchains", "print the GOROOT of an installed version"),
    ("adopt", "toolchains", "register an existing GOROOT without copying it"),
    ("mod", "mod", "read and check go.mod, go.work, go.sum, vendor"),
    ("check", "check", "check module files for CI and git hooks (exit 1 on errors)"),
    ("pins", "pins", "every Go version pin in the repository"),
    ("migrate", "migrate", "move every Go pin to another Go version, validated"),
    ("hook", "hook", "install or uninstall the git pre-commit hook"),
    ("proxy", "proxy", "explain and test how go fetches modules (GOPROXY)"),
    ("doctor", "doctor", "diagnose the Go environment and fix the safe problems"),
    ("cache", "cache", "scan, verify and prune the Go build cache (GOCACHE)"),
    ("modcache", "cache", "scan, verify and prune the module cache (GOMODCACHE)"),
    ("buildinfo", "buildinfo",
     "show the Go version and modules a binary was built with (like go version -m)"),
    ("bundle", "bundle", "offline bundles: create, list, verify"),
    ("current", "switching", "show which Go applies here, and why"),
    ("global", "switching", "show or set the default Go version"),
    ("local", "switching", "pin a Go version for this directory"),
    ("use", "switching", "install a Go version if needed and pin it here"),
    ("shell", "switching", "use a Go version in this shell only (needs gover init)"),
    ("exec", "switching", "run a command with a Go version"),
    ("which", "switching", "print the program a shim would run"),
    ("env", "switching", "print GOROOT and PATH for the Go that applies here"),
    ("init", "switching", "print (or install) the shell integration"),
    ("rehash", "switching", "regenerate the shims"),
    ("matrix", "matrix", "run a command under several Go versions"),
    ("ci", "matrix", "CI helpers (matrix)"),
    ("release", "release", "check built binaries before they ship; prove a build reproducible"),
    ("prune", "upkeep", "free space: downloads cache, superseded patches"),
    ("upgrade", "upkeep", "install the newest patch of each installed minor"),
    ("implode", "upkeep", "remove gover's shell integration, shims and store"),
    ("completion", "completion", "print shell completion code (bash, zsh, fish)"),
)

# Each module has register(subparsers, formatter); handlers import their domain
# modules lazily.
COMMAND_MODULES = tuple(dict.fromkeys(f"gover.cli.{mod}" for _, mod, _ in COMMANDS))

DESCRIPTION = """\
gover installs and switches Go toolchains, and explains why a Go build is broken.

Install and keep Go releases (verified, atomic):
  gover install 1.23              the newest Go 1.23.x (official site, GOPROXY or PyPI)
  gover list / list-remote 1.22   installed versions / what can be installed
Switch per project, shell or globally:
  gover local 1.22.10             pin this directory (.go-version)
  gover exec 1.23 -- go test ./...
  eval "$(gover init bash)"       shims + prompt hook (bash, zsh, fish)
Diagnose and repair:
  gover doctor [--fix]            what is wrong with this Go environment, and why
  gover proxy route MODULE        how go fetches MODULE (GOPROXY, GOPRIVATE, GOSUMDB)
Guard modules, caches and binaries:
  gover check                     module files, for CI and git hooks
  gover cache verify              find damaged build-cache entries
  gover buildinfo ./bin/tool      which Go built a binary (like go version -m)

Every command has --help with examples.  Toolchains live in $GOVER_HOME
(default ~/.gover).
"""

def _formatter() -> type[argparse.HelpFormatter]:
    import argparse

    class _Formatter(argparse.RawDescriptionHelpFormatter):
        def __init__(self, prog: str) -> None:
            super().__init__(prog, max_help_position=30)

    return _Formatter


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only`` (command names), just the modules registering those
    are imported and every other command is a placeholder from :data:`COMMANDS`, so
    help, usage and errors read the same while ``gover current --bad`` stays cheap."""
    import argparse
    import importlib

    fmt = _formatter()
    parser = argparse.ArgumentParser(prog="gover", description=DESCRIPTION, formatter_class=fmt)
    parser.add_argument("--version", action="version", version=f"gover {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only results and errors")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour on a terminal (auto; NO_COLOR, FORCE_COLOR and TERM=dumb "
                        "are honoured)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    wanted = {mod for name, mod, _ in COMMANDS if only is None or name in only}
    registered: set[str] = set()
    placeholder: argparse.ArgumentParser | None = None
    for name, mod, text in COMMANDS:
        if mod in wanted:
            if mod not in registered:
                importlib.import_module(f"gover.cli.{mod}").register(sub, fmt)
                registered.add(mod)
        elif placeholder is None:
            placeholder = sub.add_parser(name, help=text, add_help=False)
            placeholder.set_defaults(placeholder=True)
        else:  # what add_parser does, minus a parser each (gettext and groups: most of --help's time)
            sub._name_parser_map[name] = placeholder
            sub._choices_actions.append(sub._ChoicesPseudoAction(name, (), text))
    return parser


def _parse(argv: list[str], out: TextIO) -> argparse.Namespace:
    parser = build_parser(only=[a for a in argv if not a.startswith("-")])
    args = parser.parse_args(argv)
    if getattr(args, "placeholder", False):  # a command the words did not show (an abbreviation)
        args = build_parser().parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(out)
    return args


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from gover.cli.fast import fast_args

    env = dict(os.environ) if env is None else env
    out, err = stdout or sys.stdout, stderr or sys.stderr
    words = list(sys.argv[1:] if argv is None else argv)
    args: Any = fast_args(words)
    if args is None:
        try:
            args = _parse(words, out)
        except SystemExit as e:  # --help, --version, usage errors
            return int(e.code or 0) if not isinstance(e.code, str) else 2
    elif args.command == "--version":
        out.write(f"gover {__version__}\n")
        return 0
    if not getattr(args, "func", None):
        return 0
    return _dispatch(args, env, out, err)


def _dispatch(args: Any, env: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    from gover.cli.context import Ctx
    from gover.errors import GoverError

    ctx = Ctx(env=env, stdout=out, stderr=err, quiet=args.quiet, color=args.color)
    try:
        return _run(args, ctx)
    except GoverError as e:
        if _wants_json(args):
            ctx.json(e.to_json())  # scripts reading stdout get a document either way
        print(f"gover: {e.message}", file=err)
        if e.hint:
            print(f"  {e.hint}", file=err)
        return e.exit_code
    except KeyboardInterrupt:
        print("gover: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:  # a bug: keep it short unless asked for the traceback
        if env.get("GOVER_DEBUG"):
            raise
        print(f"gover: internal error: {type(e).__name__}: {e}", file=err)
        print("  please report this to the gover maintainers with the command you ran "
              "(set GOVER_DEBUG=1 for a traceback)", file=err)
        return 3


def _run(args: Any, ctx: Ctx) -> int:
    try:
        return int(args.func(args, ctx) or 0)
    except BrokenPipeError:
        raise
    except OSError as e:  # the environment, not a bug: a path or device that cannot be used
        from gover.fsutil import path_error

        raise path_error(e, e.filename if e.filename is not None else "a file", "use") from e


def _raw_bytes_out(err: UnicodeError) -> tuple[str | bytes, int]:
    """Encode what the stream's codec cannot: a file's invalid byte (a lone surrogate
    from surrogateescape) as that very byte, anything else as UTF-8 — what ``go``
    writes whatever the locale or PYTHONIOENCODING says."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    text = err.object[err.start:err.end]
    return text.encode("utf-8", "surrogateescape"), err.end


def _wants_json(args: Any) -> bool:
    return bool(getattr(args, "json", False)) or getattr(args, "format", None) == "json"


def entry() -> None:
    import codecs

    codecs.register_error("gover-raw", _raw_bytes_out)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="gover-raw")
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
