"""Commands that choose a Go: current, global, local, shell, exec, which, env, init, rehash."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gover.cli.context import Ctx

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse

    from gover.resolve import Resolution

PRECEDENCE = """\
the rule (Go's own; the shims, the prompt hooks and every gover command agree):
  1. the default: GOVER_VERSION (gover shell), else the nearest .go-version or
     .tool-versions walking up, else gover global, else the system go
  2. GOTOOLCHAIN (environment, go env -w file, else auto): go1.X.Y runs exactly
     that; local runs the default; auto/path read the go.work/go.mod Go reads
  3. its go line is a minimum: the default stays when it satisfies it, else the
     newest installed patch of that minor, else the next newer installed minor
  4. its toolchain line is a preference, used when newer; not installed, what
     the go line selects runs instead (said here, by doctor and the prompt hook)
  5. nothing installed satisfies the go line: an error naming the install
     command; nothing is ever downloaded behind your back
"""


def _pin_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--install", action="store_true", help="install SPEC first (then pin it)")
    g.add_argument("--force", action="store_true",
                   help="pin SPEC even if no installed or known release matches it")


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    import argparse  # only parsing needs these: the lean entry (cli/main.py) runs handlers without

    from gover.cli.activation import cmd_init, cmd_rehash, cmd_shell, register_use

    p = sub.add_parser(
        "current", formatter_class=fmt, help="show which Go applies here, and why",
        description="Show the Go version that applies in the current directory and what set it.\n\n"
        + PRECEDENCE,
        epilog="examples:\n  gover current\n  gover current --explain     every source consulted, in order\n"
        "  gover current --json | jq -r .goroot\n")
    p.add_argument("--explain", action="store_true", help="list every source consulted and why")
    p.add_argument("--json", action="store_true", help="print the resolution as JSON")
    p.set_defaults(func=cmd_current)

    p = sub.add_parser(
        "global", formatter_class=fmt, help="show or set the default Go version",
        description="Show or set the global default ($GOVER_HOME/version), used where no\n"
        "GOVER_VERSION, .go-version, .tool-versions, go.work or go.mod decides.",
        epilog="examples:\n  gover global 1.23          the newest installed 1.23.x where nothing else pins\n"
        "  gover global               show it\n  gover global --unset       back to the system go\n")
    p.add_argument("spec", nargs="?", metavar="SPEC", help="1.22.10, go1.22.10, 1.22, latest or system")
    p.add_argument("--unset", action="store_true", help="remove the global default")
    p.add_argument("--dry-run", action="store_true", help="show what would be written")
    p.add_argument("--json", action="store_true", help="print the pin (and what changed) as JSON")
    _pin_flags(p)
    p.set_defaults(func=cmd_global)

    p = sub.add_parser(
        "local", formatter_class=fmt, help="pin a Go version for this directory",
        description="Write .go-version (or the golang line of .tool-versions) in the current directory.",
        epilog="examples:\n  gover local 1.22.10\n  gover local 1.23 --tool-versions\n"
        "  gover local                show this directory's pin\n  gover local --unset\n")
    p.add_argument("spec", nargs="?", metavar="SPEC", help="1.22.10, go1.22.10, 1.22, latest or system")
    p.add_argument("--tool-versions", action="store_true", help="use .tool-versions (asdf) instead")
    p.add_argument("--unset", action="store_true", help="remove the pin")
    p.add_argument("--dry-run", action="store_true", help="show what would be written")
    p.add_argument("--json", action="store_true", help="print the pin (and what changed) as JSON")
    _pin_flags(p)
    p.set_defaults(func=cmd_local)

    register_use(sub, fmt, cmd_local)

    p = sub.add_parser(
        "shell", formatter_class=fmt, help="use a Go version in this shell only (needs gover init)",
        description="Set GOVER_VERSION in the current shell.  This needs the shell integration\n"
        "(gover init), which defines a gover function that applies the change.",
        epilog="examples:\n  gover shell 1.21\n  gover shell                show this shell's GOVER_VERSION\n"
        "  gover shell --unset\n")
    p.add_argument("spec", nargs="?", metavar="SPEC")
    p.add_argument("--unset", action="store_true", help="stop overriding in this shell")
    _pin_flags(p)
    p.set_defaults(func=cmd_shell)

    p = sub.add_parser(
        "exec", formatter_class=fmt, help="run a command with a Go version",
        description="Run CMD with the chosen Go first on PATH and GOROOT set.  Without SPEC,\n"
        "the version that applies in the current directory.  GOTOOLCHAIN is left as it is.",
        epilog="examples:\n  gover exec 1.23 -- go version\n  gover exec -- go test ./...\n"
        "  GOTOOLCHAIN=local gover exec 1.21 -- go build    (no upgrade from go.mod)\n")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="[SPEC] -- CMD ...")
    p.set_defaults(func=cmd_exec)

    p = sub.add_parser(
        "which", formatter_class=fmt, help="print the program a shim would run",
        epilog="examples:\n  gover which go\n  gover which gofmt\n  gover which go --json\n")
    p.add_argument("program", metavar="CMD")
    p.add_argument("--json", action="store_true", help="the path, the version and its GOROOT as JSON")
    p.set_defaults(func=cmd_which)

    p = sub.add_parser(
        "env", formatter_class=fmt, help="print GOROOT and PATH for the Go that applies here",
        epilog='examples:\n  gover env\n  eval "$(gover env --shell bash)"\n'
        "  gover env --shell fish | source\n  gover env --json\n")
    p.add_argument("--shell", choices=("bash", "zsh", "fish"), help="print code for this shell")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_env)

    p = sub.add_parser(
        "init", formatter_class=fmt, help="print (or install) the shell integration",
        description="Print the activation snippet for a shell: shims on PATH, and a prompt hook\n"
        "(pure shell, no Python per prompt) that puts the right Go first on PATH.\n"
        "--write appends a line loading it to your rc file, after a backup; nothing\n"
        "is ever written without it.",
        epilog='examples:\n  eval "$(gover init bash)"          in ~/.bashrc\n'
        '  eval "$(gover init zsh)"           in ~/.zshrc\n'
        "  gover init fish | source          in ~/.config/fish/config.fish\n"
        "  gover init bash --write --dry-run  show what would be appended to ~/.bashrc\n"
        "  gover init bash --uninstall        take those lines out again\n")
    p.add_argument("shell", choices=("bash", "zsh", "fish"))
    p.add_argument("--write", action="store_true", help="append the loader to the rc file (with a backup)")
    p.add_argument("--rc", type=Path, metavar="FILE", help="the rc file for --write")
    p.add_argument("--dry-run", action="store_true", help="with --write or --uninstall: show, do not write")
    p.add_argument("--uninstall", action="store_true",
                   help="remove the lines --write added to the rc file (with a backup)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "rehash", formatter_class=fmt, help="regenerate the shims",
        description="Regenerate $GOVER_HOME/shims (install, uninstall and adopt do this already).",
        epilog="examples:\n  gover rehash\n  gover rehash --dry-run\n")
    p.add_argument("--dry-run", action="store_true", help="show what would change")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rehash)


# --- current ---------------------------------------------------------------------------

def _resolve_here(ctx: Ctx) -> Resolution:
    from gover.resolve import resolve

    return resolve(ctx.cwd, ctx.env, ctx.paths)


def _describe(res: Resolution) -> str:
    if res.version == "system":
        return "system"
    o = res.origin
    return f"{res.version} (set by {o.where})" if o else res.version


def cmd_current(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.resolve.which import current

    cur = current(ctx.cwd, ctx.env, ctx.paths)
    res, system = cur.resolution, cur.system_go
    if args.json:
        ctx.json(cur.to_json())
        return cur.error.exit_code if cur.error else 0
    if args.explain:
        from gover.cli.explain import print_trace

        print_trace(ctx, res)
    if cur.error:
        raise cur.error
    ctx.out(_describe(res))
    if res.version == "system" and not args.explain:
        ctx.info(f"  {system}")
    if res.note:
        ctx.info(f"note: {res.note}")
        if res.preferred:
            ctx.info(f"  run: gover install {res.preferred} (or set GOVER_AUTO_INSTALL=1)")
    return 0


# --- global / local ----------------------------------------------------------------------

def _check_spec(ctx: Ctx, args: argparse.Namespace) -> str:
    from gover.cli.activation import check_spec  # only when pinning: showing a pin needs none of it

    return check_spec(ctx, args.spec, args)


def cmd_global(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.resolve import pin
    from gover.resolve.answers import SHOWN, PinAnswer
    from gover.resolve.files import read_version_file

    gf = ctx.paths.global_version_file
    if args.spec is None and not args.unset:
        shown = read_version_file(str(gf)).value if gf.is_file() else None
        if args.json:
            ctx.json(PinAnswer("global", gf, shown, SHOWN).to_json())
        elif shown is None:
            ctx.info("No global default (gover global SPEC sets one); the system go applies")
        else:
            ctx.out(shown)
        return 0
    value = None if args.unset else _check_spec(ctx, args)
    change = pin.write_pin(gf, value, dry_run=args.dry_run)
    if args.json:
        ctx.json(PinAnswer("global", gf, value, change.action, args.dry_run).to_json())
        return 0
    if change.action == pin.REMOVED:
        ctx.info(f"{'Would remove' if args.dry_run else 'Removed'} the global default ({gf})")
    elif change.action == pin.WRITTEN:
        ctx.info(f"Would write {value!r} to {gf}" if args.dry_run else f"Global default: {value} ({gf})")
    return 0


def cmd_local(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import NotFoundError
    from gover.resolve import pin
    from gover.resolve.answers import SHOWN, PinAnswer
    from gover.resolve.files import read_tool_versions, read_version_file

    cwd = ctx.cwd
    target = cwd / (".tool-versions" if args.tool_versions else ".go-version")
    if args.spec is None and not args.unset:
        if args.tool_versions:
            tl = read_tool_versions(str(target)) if target.is_file() else None
            if tl is None:
                raise NotFoundError(f"no golang line in {target}")
            shown = " ".join(tl.versions)
        else:
            if not target.is_file():
                raise NotFoundError(f"no .go-version in {cwd}", hint="set one: gover local SPEC")
            shown = read_version_file(str(target)).value
        if args.json:
            ctx.json(PinAnswer("local", target, shown, SHOWN).to_json())
        else:
            ctx.out(shown)
        return 0
    value = None if args.unset else _check_spec(ctx, args)
    change = pin.write_pin(target, value, tool_versions=args.tool_versions, dry_run=args.dry_run)
    if not args.dry_run:
        from gover.resolve.known import remember

        remember(ctx.paths, cwd)  # gover prune and upgrade --pins look here (resolve/known.py)
    if args.json:
        ctx.json(PinAnswer("local", target, value, change.action, args.dry_run).to_json())
        return 0
    if change.action == pin.UP_TO_DATE:
        ctx.info(f"{target} is already up to date")
    elif change.action == pin.REMOVED:
        ctx.info(f"{'Would remove' if args.dry_run else 'Removed'} {target}")
    elif change.action == pin.WRITTEN:
        ctx.info(f"{'Would write' if args.dry_run else 'Wrote'} {target}")
    return 0


# --- exec / which / env ----------------------------------------------------------------------

def _split_exec_args(raw: list[str]) -> tuple[str | None, list[str]]:
    from gover.errors import UsageError

    if "--" in raw:
        i = raw.index("--")
        head, cmd = raw[:i], raw[i + 1:]
        if len(head) > 1:
            raise UsageError(f"expected at most one SPEC before --, got: {' '.join(head)}")
        spec = head[0] if head else None
    elif raw and _looks_like_spec(raw[0]):
        spec, cmd = raw[0], raw[1:]  # gover exec 1.23 go version: no program is named 1.23
    else:
        spec, cmd = None, raw
    if not cmd:
        if spec:
            raise UsageError(f"nothing to run with {spec}: give the command after --, "
                             f"e.g. gover exec {spec} -- go version")
        raise UsageError("nothing to run: gover exec [SPEC] -- CMD [ARGS...], "
                         "e.g. gover exec 1.23 -- go version")
    return spec, cmd


def _looks_like_spec(word: str) -> bool:
    from gover.errors import UsageError
    from gover.golang import versions

    if word == "system":
        return True
    try:
        versions.parse_spec(word)
    except UsageError:
        return False
    return True


def _resolve_for_exec(ctx: Ctx, spec: str | None) -> Resolution:
    from gover import settings
    from gover.errors import ConfigError, UsageError
    from gover.resolve import resolve_spec

    res = resolve_spec(spec, ctx.env, ctx.paths) if spec else _resolve_here(ctx)
    missing = res.install if res.error else res.preferred
    if missing and settings.auto_install(ctx.env):
        from gover.toolchain import install

        what = res.error.message if res.error else res.note
        ctx.info(f"gover: {what}; installing go{missing} (GOVER_AUTO_INSTALL=1)")
        install.install(missing, ctx.source_context())
        res = resolve_spec(spec, ctx.env, ctx.paths) if spec else _resolve_here(ctx)
    if res.error:
        if spec and isinstance(res.error, ConfigError):
            raise UsageError(res.error.message.removeprefix("command line: "))
        raise res.error
    return res


def execve(path: str, argv: list[str], env: dict[str, str]) -> None:
    """Replace this process (tests replace this function)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(path, argv, env)


def cmd_exec(args: argparse.Namespace, ctx: Ctx) -> int:
    import shutil

    from gover.errors import CommandNotFound
    from gover.resolve.run import require_program, run_env

    spec, cmd = _split_exec_args(args.args)
    res = _resolve_for_exec(ctx, spec)
    env = run_env(res, ctx.env, ctx.paths)
    prog = cmd[0]
    if "/" in prog:
        path: str | None = prog
    elif res.version == "system" and prog in ("go", "gofmt"):
        # never a shim: that would resolve all over again
        path = require_program(res, prog, ctx.env, ctx.paths)
    else:
        path = shutil.which(prog, path=env.get("PATH", ""))
    if not path:
        raise CommandNotFound(f"{prog}: command not found")
    try:
        execve(path, cmd, env)
    except OSError as e:
        raise CommandNotFound(f"{prog}: cannot run {path}: {e.strerror or e}") from None
    return 0


def cmd_which(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.resolve.run import require_program

    res = _resolve_here(ctx)
    if res.error:
        raise res.error
    found = require_program(res, args.program, ctx.env, ctx.paths)
    if args.json:
        from gover.resolve.answers import WhichAnswer

        goroot = str(res.goroot) if res.goroot else None
        ctx.json(WhichAnswer(args.program, found, res.version or "system", goroot).to_json())
    else:
        ctx.out(found)
    return 0


def cmd_env(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.resolve.run import go_environment
    from gover.shell.envcode import env_lines

    res = _resolve_here(ctx)
    if res.error:
        raise res.error
    ge = go_environment(res)
    if args.json:
        ctx.json(ge.to_json())
        return 0
    lines = env_lines(args.shell or "bash", ge.goroot, ge.bindir)
    for line in lines:
        ctx.out(line)
    if not lines:
        ctx.info("The system go applies here: nothing to change")
    return 0
