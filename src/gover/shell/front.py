"""``$GOVER_HOME/shims/gover``: gover's everyday commands answered in sh.

The shims directory is first on PATH once ``gover init`` is loaded, so the ``gover``
people type is this script.  It carries the shims' fast path (fast.sh, with the same
tables) plus what the commands print: the path ``gover prefix`` gives for each spec,
``--help`` as argparse formats it at 80 columns, the version.  It answers only what
it is sure of and hands everything else to this Python (shell/front.sh).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from gover.errors import UsageError
from gover.paths import Paths
from gover.shell.baked import (
    COMMON_SPLIT,
    FAST_SPLIT,
    fast_text,
    minify,
    spec_candidates,
    split_at_line,
    template,
)
from gover.shell.stamp import FRONT
from gover.toolchain.store import Store, match_installed

HELP_COLUMNS = 80  # what argparse wraps at when neither COLUMNS nor a terminal says otherwise


def prefix_table(store: Store) -> dict[str, list[str]]:
    """GOROOT → the specs ``gover prefix`` answers with it, as toolchain/store.py matches them."""
    installed = store.installed()
    table: dict[str, list[str]] = {}
    for c in [*spec_candidates([i.name for i in installed]), "latest", "stable"]:
        try:
            found = match_installed(c, store, installed)
        except UsageError:
            continue
        if found:
            table.setdefault(str(found[-1].path), []).append(c)
    return table


def list_text(store: Store) -> str:
    """``gover list``'s stdout ("" when nothing is installed: Python says so on stderr).

    Python tidies crashed runs' leftovers before listing; they are never listed, so the
    table is the same either way, and the next command that is not answered here tidies."""
    from gover.cli.render import installed_table
    from gover.toolchain.installed import list_installed

    listed = list_installed(store)
    return installed_table(listed) if listed.versions else ""


# Every change gover makes to these is followed by a rehash, which bakes the list again;
# a change made behind gover's back leaves them newer than the front (front.sh), and
# Python answers.
WATCHED = ("versions", "meta")


def settle(paths: Paths, computed_at: float, written: bool) -> None:
    """A front left as it was (its text still current as of ``computed_at``) is dated now,
    so a change the store had already seen does not make its list look stale."""
    if written:
        return
    with contextlib.suppress(OSError):
        if all(not (paths.home / d).exists() or (paths.home / d).stat().st_mtime <= computed_at
               for d in WATCHED):
            os.utime(paths.shims / FRONT)


def help_text() -> str:
    # The front answers for the CLI, so its help is the CLI's, formatted as it would be.
    from gover.cli.parser import help_text as cli_help

    return cli_help(HELP_COLUMNS)


def front_text(paths: Paths, store: Store, go_env: Mapping[str, str | None]) -> str:
    import gover

    names = store.names()
    common1, common2 = split_at_line(template("common.sh"), COMMON_SPLIT)
    fast1, fast2 = split_at_line(fast_text(names, go_env), FAST_SPLIT)
    table = "\n".join(f"  {'|'.join(specs)}) _gv_path={shlex.quote(path)};;"
                      for path, specs in prefix_table(store).items())
    subst = {
        "@HOME@": shlex.quote(str(paths.home)),
        "@PYTHON@": shlex.quote(sys.executable),
        "@PKG@": shlex.quote(str(Path(gover.__file__).resolve())),
        "@VERSION@": shlex.quote(gover.__version__),
        "@HELP@": shlex.quote(help_text().removesuffix("\n")),
        "@DARWIN@": "1" if sys.platform == "darwin" else "0",
        "@CR@": "\r", "@VT@": "\v", "@FF@": "\f", "@BOM@": "\ufeff",
        "@PATH_TABLE@": table,
        "@LIST@": shlex.quote(list_text(store)),
        "@WATCHED@": " ".join(WATCHED),
        "@COMMON1@": minify(common1), "@COMMON2@": minify(common2),
        "@FAST1@": minify(fast1), "@FAST2@": minify(fast2),
    }
    text = template("front.sh")
    for k, v in subst.items():
        text = text.replace(k, v)
    return text
