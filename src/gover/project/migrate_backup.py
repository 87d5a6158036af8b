"""The backup ``gover migrate`` writes before changing anything, and ``--undo``.

``apply`` first checks that every file it will change can be written (so a migration
never stops half way), saves every module file of the repository and every file it
changes — CI, Docker, mise and Makefile pins included — under
``$GOVER_HOME/migrations/<id>/``, then writes; ``undo`` puts every saved file back byte
for byte and removes the ones that did not exist (a go.work.sum a build created, say).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gover.errors import NotFoundError, StoreError
from gover.fsutil import rmtree, write_atomic
from gover.paths import Paths
from gover.project.pins.scan import writable

if TYPE_CHECKING:
    from gover.project.migrate import Change
    from gover.project.repo import Repo


def _migrations(paths: Paths) -> Path:
    return paths.home / "migrations"


def _repo_key(root: Path) -> str:
    return hashlib.sha256(str(root).encode()).hexdigest()[:16]


def _new_backup_dir(paths: Paths, root: Path) -> Path:
    """A fresh directory that sorts after every earlier backup of ``root``.

    The name comes from one clock reading (two readings can straddle a second and sort a
    later run first), and is bumped past the newest existing one should the clock repeat
    or step back."""
    ns = time.time_ns()
    base = _migrations(paths)
    prefix = _repo_key(root) + "-"
    taken = sorted(base.glob(prefix + "*")) if base.is_dir() else []
    if taken:
        last = taken[-1].name[len(prefix):].replace("-", "")
        if last.isdigit():
            ns = max(ns, _ns_of(last) + 1)
    while True:
        secs, frac = divmod(ns, 10**9)
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(secs)) + f"-{frac:09d}"
        d = base / (prefix + stamp)
        try:
            (d / "files").mkdir(parents=True)
            return d
        except FileExistsError:
            ns += 1


def _ns_of(digits: str) -> int:
    """The clock reading a ``YYYYmmddHHMMSS`` + nanoseconds name was made from."""
    import calendar

    secs = calendar.timegm(time.strptime(digits[:14], "%Y%m%d%H%M%S"))
    return secs * 10**9 + int(digits[14:] or 0)


def check_writable(changes: list[Change]) -> None:
    """StoreError naming the first file that cannot be replaced, before anything is written."""
    for c in changes:
        if c.path.is_symlink():
            raise StoreError(f"{c.path} is a symbolic link: gover migrate never writes through one",
                             "edit the file it points to, or skip its kind with --skip")
        if (c.path.exists() and not writable(c.path)) or not os.access(c.path.parent, os.W_OK | os.X_OK):
            raise StoreError(f"{c.path} is not writable: nothing was changed",
                             "make it writable, or leave its kind out with --skip KIND")


def apply(repo: Repo, changes: list[Change], paths: Paths, *, go: str, toolchain: str | None) -> Path:
    """Back up every module file of the repository and every changed file, then write."""
    check_writable(changes)
    backup = _new_backup_dir(paths, repo.root)
    files = backup / "files"
    candidates = set(repo.all_files()) | {c.path for c in changes}
    for m in repo.modules:
        candidates |= {m / "go.sum", m / "vendor" / "modules.txt"}
    if repo.work:
        candidates.add(repo.work.with_name("go.work.sum"))
    entries = []
    for i, f in enumerate(sorted(candidates)):
        existed = f.is_file()
        if existed:
            (files / str(i)).write_bytes(f.read_bytes())
        entries.append({"path": str(f), "existed": existed, "blob": str(i),
                        "mode": f.stat().st_mode & 0o7777 if existed else None})
    manifest = {"schema": 1, "root": str(repo.root), "go": go, "toolchain": toolchain,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "files": entries}
    write_atomic(backup / "manifest.json", json.dumps(manifest, indent=2))
    for c in changes:
        mode = c.path.stat().st_mode & 0o777 if c.path.exists() else 0o644
        write_atomic(c.path, c.new, mode=mode)
    return backup


def latest_backup(root: Path, paths: Paths) -> Path:
    base = _migrations(paths)
    found = sorted(base.glob(_repo_key(root.resolve()) + "-*")) if base.is_dir() else []
    found = [b for b in found if (b / "manifest.json").is_file()]
    if not found:
        raise NotFoundError(f"no migration of {root} to undo", "gover migrate keeps one backup per run")
    return found[-1]


@dataclass
class UndoResult:
    backup: Path
    restored: list[Path]
    removed: list[Path]
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "restored": [str(p) for p in self.restored],
                "removed": [str(p) for p in self.removed]}


def undo(root: Path, paths: Paths, *, dry_run: bool = False) -> UndoResult:
    backup = latest_backup(root, paths)
    manifest = json.loads((backup / "manifest.json").read_text())
    restored, removed = [], []
    for e in manifest["files"]:
        path = Path(e["path"])
        if e["existed"]:
            data = (backup / "files" / e["blob"]).read_bytes()
            if not path.is_file() or path.read_bytes() != data:
                restored.append(path)
                if not dry_run:
                    mode = e.get("mode") or (path.stat().st_mode & 0o777 if path.exists() else 0o644)
                    write_atomic(path, data, mode=mode)
        elif path.exists():
            removed.append(path)
            if not dry_run:
                path.unlink()
    if not dry_run:
        rmtree(backup)
    return UndoResult(backup, restored, removed, dry_run)
