"""The safe, reversible fixes doctor applies, and the journal ``--undo`` replays.

Every applied fix appends an entry with what it changed to a journal in
``$GOVER_HOME/doctor/``; ``undo`` reverts the newest journal in reverse order and
refuses to touch a file that changed again since.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gover.doctor.model import Fix
from gover.errors import ConfigError, NotFoundError, StoreError
from gover.fsutil import write_atomic
from gover.paths import Paths


def journal_dir(paths: Paths) -> Path:
    return paths.home / "doctor"


# --- the actions ------------------------------------------------------------------------

def _go_env_unset(args: Mapping[str, str], ctx: ApplyContext) -> dict[str, Any]:
    """Remove KEY from the go env file, as ``go env -u KEY`` does."""
    path, key = Path(args["file"]), args["key"]
    before = path.read_text() if path.exists() else ""
    kept = [ln for ln in before.split("\n") if not ln.startswith(key + "=")]
    after = "\n".join(kept)
    if after != before:
        write_atomic(path, after)
    return {"file": str(path), "before": before, "after": after}


def _undo_file(data: Mapping[str, Any]) -> str:
    path = Path(data["file"])
    now = path.read_text() if path.exists() else ""
    if now != data["after"]:
        raise ConfigError(f"{path} changed since doctor edited it; not restoring it",
                          hint="restore it by hand from the journal in $GOVER_HOME/doctor/")
    write_atomic(path, data["before"])
    return f"restored {path}"


def _mkdir(args: Mapping[str, str], ctx: ApplyContext) -> dict[str, Any]:
    path = Path(args["path"])
    made = []
    for p in [*reversed(path.parents), path]:
        if not p.exists():
            p.mkdir()
            made.append(str(p))
    return {"made": made}


def _undo_mkdir(data: Mapping[str, Any]) -> str:
    for p in reversed(data["made"]):
        try:
            os.rmdir(p)
        except OSError:
            return f"kept {p} (no longer empty)"
    return "removed " + ", ".join(data["made"]) if data["made"] else "nothing to remove"


def _install(args: Mapping[str, str], ctx: ApplyContext) -> dict[str, Any]:
    result = ctx.install(args["version"])
    return {"version": args["version"], "installed": result}


def _undo_install(data: Mapping[str, Any]) -> str:
    return f"left {data['version']} installed (remove it with: gover uninstall {data['version']})"


def _rehash(args: Mapping[str, str], ctx: ApplyContext) -> dict[str, Any]:
    ctx.rehash()
    return {}


ACTIONS: dict[str, Callable[[Mapping[str, str], ApplyContext], dict[str, Any]]] = {
    "go-env-unset": _go_env_unset,
    "mkdir": _mkdir,
    "install": _install,
    "rehash": _rehash,
}
UNDO: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "go-env-unset": _undo_file,
    "mkdir": _undo_mkdir,
    "install": _undo_install,
    "rehash": lambda data: "shims are derived state; nothing to undo",
}


class ApplyContext:
    """Side-effecting services a fix may need, injected by the CLI."""

    def __init__(self, paths: Paths, install: Callable[[str], str] | None = None,
                 rehash: Callable[[], None] | None = None) -> None:
        self.paths = paths
        self.install = install or (lambda v: "")
        self.rehash = rehash or (lambda: None)


def changed_files(kind: str, data: Mapping[str, Any]) -> list[str]:
    """The files (or directories) an applied action changed, from its journal data."""
    if kind == "go-env-unset":
        return [data["file"]] if data["before"] != data["after"] else []
    if kind == "mkdir":
        return list(data["made"])
    return []


def apply(fixes: list[Fix], ctx: ApplyContext,
          done: list[dict[str, Any]] | None = None) -> Path | None:
    """Apply ``fixes`` in order, journaling each; returns the journal written (None if empty).
    ``done`` (if given) receives one journal entry per applied fix, in order."""
    if not fixes:
        return None
    done = [] if done is None else done
    path = journal_dir(ctx.paths) / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.json"
    try:
        for f in fixes:
            data = ACTIONS[f.kind](f.args, ctx)
            done.append({"kind": f.kind, "args": f.args, "describe": f.describe, "data": data})
    finally:
        if done:
            write_atomic(path, json.dumps({"schema": 1, "applied": done}, indent=2) + "\n")
    return path


def undo(paths: Paths) -> list[str]:
    """Revert the newest journal; returns what was done, one line per fix."""
    d = journal_dir(paths)
    journals = sorted(d.glob("*.json")) if d.exists() else []
    if not journals:
        raise NotFoundError("nothing to undo: doctor has not applied any fix",
                            hint="apply fixes with: gover doctor --fix")
    latest = journals[-1]
    try:
        entries = json.loads(latest.read_text())["applied"]
    except (OSError, ValueError, KeyError) as e:
        raise StoreError(f"cannot read the doctor journal {latest}: {e}") from None
    lines = [f"{e['describe']}: {UNDO[e['kind']](e['data'])}" for e in reversed(entries)]
    latest.unlink()
    return lines
