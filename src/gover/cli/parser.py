"""The argparse parser: the command table, the top-level help, and a parser built lazily.

Apart from cli/main.py so that the entry point stays ``os`` + ``sys`` and so that
``gover rehash`` can bake ``gover --help`` into the sh front (shell/front.py)
without importing the entry point.
"""

from __future__ import annotations

from gover import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

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
        def __init__(self, prog: str, width: int | None = None) -> None:
            super().__init__(prog, max_help_position=30, width=width)

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


def help_text(columns: int) -> str:
    """``gover --help`` as argparse prints it to a pipe with the terminal ``columns`` wide
    (uncoloured: Python >= 3.14 colours help only on a terminal)."""
    parser = build_parser(only=[])
    fmt = _formatter()
    # The instance's own formatter factory, for this call only: the parser may be shared.
    parser._get_formatter = lambda: fmt(parser.prog, width=columns - 2)  # type: ignore[method-assign]
    try:
        return parser.format_help()
    finally:
        del parser._get_formatter
