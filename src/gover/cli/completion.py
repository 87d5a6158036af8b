"""``gover completion bash|zsh|fish``: completion scripts, and the candidates they ask for.

The scripts are thin: each TAB runs ``gover completion --candidates CWORD :WORD…`` (each
word after a ':', so that argparse passes ``--`` and ``-x`` through as words),
which walks gover's own parser (so new commands and options complete with no change
here) and offers versions where an argument is one: installed ones, and for install
the remote list cached by the last ``list-remote``/``install`` — never a network call.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from gover.cli.context import Ctx

if TYPE_CHECKING:
    from gover.paths import Paths

# commands whose positional arguments are versions; True: remote versions too
VERSION_ARGS = {"install": True, "bundle create": True, "list-remote": True, "uninstall": False,
                "prefix": False, "global": False, "local": False, "shell": False, "exec": False,
                "list": False}
KEYWORDS = {"global": ("latest", "system"), "local": ("latest", "system"),
            "shell": ("system",), "install": ("latest",)}

BASH = """\
_gover_complete() {
    local IFS=$'\\n'
    # shellcheck disable=SC2207  # one candidate a line, IFS is a newline
    COMPREPLY=($(%(cmd)s completion --candidates "$COMP_CWORD" "${COMP_WORDS[@]/#/:}" 2>/dev/null))
}
complete -o default -F _gover_complete gover
"""
ZSH = """\
_gover() {
    local -a candidates
    candidates=("${(@f)$(%(cmd)s completion --candidates $((CURRENT - 1)) "${(@)words/#/:}" 2>/dev/null)}")
    if (( ${#candidates} )) && [[ -n "${candidates[1]}" ]]; then
        compadd -a candidates
    else
        _files
    fi
}
if (( $+functions[compdef] )); then compdef _gover gover; fi
"""
FISH = """\
function __gover_complete
    set -l tokens (commandline -opc) (commandline -ct)
    set -l words (string replace -r '^' : -- $tokens)
    %(cmd)s completion --candidates (math (count $tokens) - 1) $words 2>/dev/null
end
complete -c gover -n __fish_use_subcommand -f -a '(__gover_complete)'
complete -c gover -n 'not __fish_use_subcommand' -a '(__gover_complete)'
"""


def register(sub: argparse._SubParsersAction, fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "completion", formatter_class=fmt, help="print shell completion code (bash, zsh, fish)",
        description="Print completion code for a shell: commands, options, and versions where an\n"
        "argument is one (installed versions; for install also the release list the last\n"
        "gover list-remote or install saw: completing never uses the network).",
        epilog='examples:\n  source <(gover completion bash)        in ~/.bashrc\n'
        '  source <(gover completion zsh)         in ~/.zshrc, after compinit\n'
        "  gover completion fish > ~/.config/fish/completions/gover.fish\n")
    p.add_argument("shell", nargs="?", choices=("bash", "zsh", "fish"))
    p.add_argument("--candidates", nargs=argparse.REMAINDER, metavar="CWORD :WORD",
                   help="print the candidates for word CWORD of the words, each given after a "
                   "':' (what the scripts run)")
    p.set_defaults(func=cmd_completion)


def cmd_completion(args: argparse.Namespace, ctx: Ctx) -> int:
    from gover.errors import UsageError

    if args.candidates is not None:
        if not args.candidates or not args.candidates[0].isdigit():
            raise UsageError("--candidates wants CWORD (a number) then the words")
        from gover.cli.parser import build_parser

        words = [w[1:] if w.startswith(":") else w for w in args.candidates[1:]]
        for c in candidates(build_parser(), words, int(args.candidates[0]), ctx.paths):
            ctx.out(c)
        return 0
    if not args.shell:
        raise UsageError("which shell? gover completion bash|zsh|fish")
    ctx.out(script(args.shell, ctx.env).rstrip("\n"))
    return 0


def script(shell: str, env: Mapping[str, str]) -> str:
    import shlex

    from gover.shell.activate import fish_quote, gover_command

    q = fish_quote if shell == "fish" else shlex.quote
    cmd = " ".join(q(w) for w in gover_command(env))
    return {"bash": BASH, "zsh": ZSH, "fish": FISH}[shell] % {"cmd": cmd}


def _subcommands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            return dict(a.choices)
    return {}


def candidates(parser: argparse.ArgumentParser, words: list[str], cword: int,
               paths: Paths) -> list[str]:
    """What may come at ``words[cword]`` (``words[0]`` is gover itself), filtered by
    what is typed there already."""
    cur = words[cword] if cword < len(words) else ""
    p, chain = parser, []
    for w in words[1:cword]:
        subs = _subcommands(p)
        if w in subs:
            p = subs[w]
            chain.append(w)
    command = " ".join(chain)
    prev = words[cword - 1] if 0 < cword <= len(words) else ""
    out: list[str] = []
    taking = next((a for a in p._actions if prev in a.option_strings and a.nargs != 0), None)
    if taking is not None:
        out = [str(c) for c in taking.choices or ()]
    elif cur.startswith("-"):
        out = [o for a in p._actions if a.help != argparse.SUPPRESS for o in a.option_strings]
    elif _subcommands(p):
        out = list(_subcommands(p))
    elif command in VERSION_ARGS:
        out = _versions(paths, remote=VERSION_ARGS[command]) + list(KEYWORDS.get(command, ()))
    else:
        for a in p._actions:
            if not a.option_strings and a.choices:
                out = [str(c) for c in a.choices]
                break
    return sorted({c for c in out if c.startswith(cur)}, key=_order)


def _versions(paths: Paths, *, remote: bool) -> list[str]:
    from gover.golang import versions
    from gover.toolchain import remotecache
    from gover.toolchain.store import Store

    names = set(Store(paths).names())
    if remote:
        names.update(remotecache.load(paths))
    return [versions.strip_go(n) for n in names]


def _order(c: str) -> tuple[int, tuple[int, ...], str]:
    # versions newest first, words after them in alphabetical order
    parts = c.split(".")
    if all(x.isdigit() for x in parts):
        return (0, tuple(-int(x) for x in parts), c)
    return (1, (), c)
