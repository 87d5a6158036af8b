"""gover's entry point: parse, run one command, map errors to exit codes.

This is the only place that turns exceptions into exit codes:
user errors 1 (bad usage 2), a missing program in a shim 127, Ctrl-C 130,
anything unexpected 3 with a short "please report" line.

Start-up is most of what an everyday command costs, so this module imports only
``os`` and ``sys`` itself.  The everyday forms (``cli/fast.py``: ``current``,
``which go``, ``env``, ``list`` …, spelled exactly) run their handler without
argparse; everything else builds a parser holding only the command modules the
arguments name, the rest listed from the command table (cli/parser.py; docs/DESIGN.md,
"Start-up").
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


def _parse(argv: list[str], out: TextIO) -> argparse.Namespace:
    from gover.cli.parser import build_parser

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
