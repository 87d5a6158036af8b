"""What the shims are made from, and the stamp rehash leaves so doctor need not make them again.

Building the shims' text (templates, minified, with the fast path's tables) is most of
what doctor's stale-shims check costs.  So rehash also writes ``$GOVER_HOME/shims.stamp``:
every input of that text -- the installed names, their programs, link targets and go.env
GOTOOLCHAIN values, gover's home, Python and platform, and the size and mtime of each
file that generates the text -- and what it left in ``shims/`` (each entry's kind, size,
mtime and link target; not the front, which doctor's comparison leaves out too).  doctor
writes down the same things for the store as it is now: the same record means a rehash
would write what is there; anything else (or no stamp) sends doctor to the full
comparison, so the stamp saves work and never decides a finding.

This module is what both need, without the templates: doctor imports only it when the
shims are current.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gover.golang import versions
from gover.paths import Paths
from gover.toolchain.store import Store

# Every Go distribution has these.  Their shims exist even before anything is
# installed, so a pin on a fresh machine says "not installed; run: gover install …"
# (or installs it, with GOVER_AUTO_INSTALL=1) instead of silently running the system go.
ALWAYS = ("go", "gofmt")
FRONT = "gover"  # shims/gover answers gover's everyday commands without Python (shell/front.py)
STAMP = "shims.stamp"  # in GOVER_HOME: not in shims/, which is on PATH and holds only shims

_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-")


def safe_name(name: str) -> bool:
    """``^[A-Za-z0-9][A-Za-z0-9._+-]*$``: a name a shim may have (no pattern to compile)."""
    return name[:1].isalnum() and name[:1].isascii() and _NAME_CHARS.issuperset(name)
_PKG = Path(__file__).resolve().parents[1]
# The code that turns the inputs into the shims' text (shims.py, baked.py and the
# templates beside this module, the resolver the tables come from).  A change to any
# of them (an upgrade of gover, an edit in a checkout) changes the stamp.
_CODE = ("__init__.py", "resolve/select.py", "golang/versions.py", "golang/goenv.py")


def is_toolchain_link_name(name: str) -> bool:
    return name.startswith("go1") and versions.from_toolchain(name) != ""


def installed_inputs(paths: Paths) -> tuple[list[str], list[str], dict[str, str]]:
    """(installed names, the programs that get a shim, name -> its bin/go for the links)."""
    programs: set[str] = set(ALWAYS)
    links: dict[str, str] = {}
    names = Store(paths).names()
    for name in names:  # names, not installed(): the shims need no metadata (and no json)
        bindir = paths.version_dir(name) / "bin"
        try:
            entries = os.listdir(bindir)
        except OSError:
            continue
        for e in entries:
            p = bindir / e
            if safe_name(e) and not is_toolchain_link_name(e) and p.is_file() \
                    and os.access(p, os.X_OK):
                programs.add(e)
        if (bindir / "go").is_file():
            links[name] = str(bindir / "go")
    programs.discard(FRONT)  # that name is gover's own (shell/front.py)
    return names, sorted(programs), links


def go_env_gotoolchain(paths: Paths, installed: list[str]) -> dict[str, str | None]:
    """Each installed version's GOROOT/go.env GOTOOLCHAIN (None: it sets none)."""
    from gover.golang.goenv import read_env_file

    out: dict[str, str | None] = {}
    for name in installed:
        entry = read_env_file(paths.version_dir(name) / "go.env").get("GOTOOLCHAIN")
        out[name] = entry[0] if entry else None
    return out


def record(paths: Paths) -> str:
    """The stamp's text for the store, the code and shims/ as they are now."""
    names, programs, links = installed_inputs(paths)
    go_env = go_env_gotoolchain(paths, names)
    lines = ["gover shims stamp 1", f"python {sys.executable!r}", f"platform {sys.platform}",
             f"home {str(paths.home)!r}", f"programs {programs!r}"]
    shell = Path(__file__).parent
    code = sorted(str(shell / n) for n in os.listdir(shell) if n.endswith((".sh", ".py")))
    for f in code + [str(_PKG / c) for c in _CODE]:
        lines.append(f"code {f!r} {_stat(f)}")
    for name in names:
        lines.append(f"version {name!r} {links.get(name)!r} {go_env.get(name)!r}")
    try:
        entries = sorted(os.listdir(paths.shims))
    except OSError:
        entries = []
    for e in entries:
        if e == FRONT:
            continue  # doctor leaves the front out (shims.rehash), and each rehash dates it
        p = os.path.join(paths.shims, e)
        target = _readlink(p)
        lines.append(f"entry {e!r} " + (f"-> {target!r}" if target is not None else _stat(p)))
    return "\n".join(lines) + "\n"


def write(paths: Paths) -> None:
    """Record the shims rehash just wrote (under its lock); a rehash that changed nothing
    finds the stamp already right and writes nothing."""
    from gover.fsutil import write_atomic

    text = record(paths)
    if _stamped(paths) != text:
        write_atomic(paths.home / STAMP, text)


def current(paths: Paths) -> bool:
    """True when the last rehash's stamp matches the store and shims/ as they are now."""
    stamped = _stamped(paths)
    return stamped is not None and stamped == record(paths)


def _stamped(paths: Paths) -> str | None:
    try:
        with open(paths.home / STAMP, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _stat(path: str) -> str:
    try:
        st = os.lstat(path)
    except OSError:
        return "absent"
    return f"{st.st_mode:o} {st.st_size} {st.st_mtime_ns}"


def _readlink(path: str) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None
