"""Undoing gover's footprint: the rc-file blocks ``gover init --write`` appended
(``gover init --uninstall``), and everything else too (``gover implode``).

Only what gover wrote is removed: the lines between its markers in an rc file (after
a backup), and the entries gover creates in GOVER_HOME — never GOVER_HOME's other
contents, so a GOVER_HOME pointed at a shared directory loses nothing else.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.fsutil import rmtree, store_error, write_atomic
from gover.paths import Paths
from gover.shell.activate import MARK_BEGIN, MARK_END, SHELLS, rc_file
from gover.shell.stamp import STAMP

# what gover creates in GOVER_HOME (paths.py, resolve/known.py, toolchain/remotecache.py …)
HOME_ENTRIES = ("versions", "meta", "downloads", "locks", "tmp", "sumdb", "shims", STAMP, "version",
                "cache", "doctor", "matrix", "migrations", "release-index.json", "known-dirs",
                "remote-versions")


@dataclass(frozen=True)
class RcRemoval:
    rc: Path
    status: str  # "removed", "would-remove" or "not-set-up"
    backup: Path | None
    lines: list[str]  # the lines taken out

    def to_json(self) -> dict[str, Any]:
        return {"rc": str(self.rc), "status": self.status,
                "backup": str(self.backup) if self.backup else None, "lines": self.lines}


def strip_block(text: str) -> tuple[str, list[str]]:
    """``text`` without gover's marked blocks, and the lines removed (markers included)."""
    kept: list[str] = []
    removed: list[str] = []
    inside = False
    for line in text.splitlines(keepends=True):
        s = line.rstrip("\n")
        if s == MARK_BEGIN:
            inside = True
            if kept and kept[-1] == "\n":  # the blank line write_rc puts before its block
                removed.append(kept.pop().rstrip("\n"))
        if inside:
            removed.append(s)
        else:
            kept.append(line)
        if inside and s == MARK_END:
            inside = False
    if inside:  # no end marker: a hand-edited block; leave the file alone
        return text, []
    return "".join(kept), removed


def remove_rc_block(rc: Path, *, dry_run: bool = False) -> RcRemoval:
    try:
        old = rc.read_text(encoding="utf-8")
    except FileNotFoundError:
        return RcRemoval(rc, "not-set-up", None, [])
    except OSError as e:
        raise store_error(e, rc) from e
    new, removed = strip_block(old)
    if not removed:
        return RcRemoval(rc, "not-set-up", None, [])
    backup = rc.with_name(f"{rc.name}.gover-backup-{time.strftime('%Y%m%d%H%M%S')}")
    if dry_run:
        return RcRemoval(rc, "would-remove", backup, removed)
    try:
        shutil.copy2(rc, backup)
    except OSError as e:
        raise store_error(e, backup) from e
    write_atomic(rc, new, mode=rc.stat().st_mode & 0o7777)
    return RcRemoval(rc, "removed", backup, removed)


@dataclass(frozen=True)
class Implosion:
    dry_run: bool
    rc_files: list[RcRemoval] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    home_removed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "rc_files": [r.to_json() for r in self.rc_files],
                "removed": [str(p) for p in self.removed], "home_removed": self.home_removed}


def implode(paths: Paths, env: Mapping[str, str], *, dry_run: bool = False) -> Implosion:
    """Remove the shell integration from every shell's rc file, then the shims, the
    store and the rest of what gover keeps (GOVER_HOME itself if that leaves it empty)."""
    out = Implosion(dry_run)
    for shell in SHELLS:
        r = remove_rc_block(rc_file(shell, env), dry_run=dry_run)
        if r.status != "not-set-up":
            out.rc_files.append(r)
    for name in HOME_ENTRIES:
        p = paths.home / name
        if os.path.lexists(p):
            out.removed.append(p)
            if not dry_run:
                rmtree(p)
    if paths.home.is_dir() and not os.listdir(paths.home) and not dry_run:
        paths.home.rmdir()
        return Implosion(dry_run, out.rc_files, out.removed, True)
    return out
