"""gover's entry point: build the parser, run one command, map errors to exit codes.

This is the only place that turns exceptions into exit codes:
user errors 1 (bad usage 2), a missing program in a shim 127, Ctrl-C 130,
anything unexpected 3 with a short "please report" line.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from gover import __version__
from gover.cli.context import Ctx
from gover.errors import GoverError

# Each module has register(subparsers); handlers import their domain modules lazily
# so `gover --help` stays fast.
COMMAND_MODULES = (
    "gover.cli.toolchains",
    "gover.cli.mod",
    "gover.cli.check",
    "gover.cli.pins",
    "gover.cli.migrate",
    "gover.cli.hook",
    "gover.cli.proxy",
    "gover.cli.doctor",
    "gover.cli.cache",
    "gover.cli.buildinfo",
    "gover.cli.bundle",
    "gover.cli.switching",
    "gover.cli.matrix",
    "gover.cli.release",
    "gover.cli.upkeep",
    "gover.cli.completion",
)

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

class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gover", description=DESCRIPTION,
                                     formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"gover {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only results and errors")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour on a terminal (auto; NO_COLOR, FORCE_COLOR and TERM=dumb "
                        "are honoured)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for mod in COMMAND_MODULES:
        importlib.import_module(mod).register(sub, _Formatter)
    return parser

def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    env = dict(os.environ) if env is None else env
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, usage errors
        return int(e.code or 0) if not isinstance(e.code, str) else 2
    if not getattr(args, "func", None):
        parser.print_help(out)
        return 0
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


def _run(args: argparse.Namespace, ctx: Ctx) -> int:
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


def _wants_json(args: argparse.Namespace) -> bool:
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
