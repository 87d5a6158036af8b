"""Move every module of a repository or workspace to another Go version, and back.

``plan`` computes the new bytes of every go.mod, go.work, ``.go-version`` and
``.tool-versions`` (only the version tokens change: comments and layout stay);
``apply`` first saves every module file of the repository under
``$GOVER_HOME/migrations/<id>/`` and then writes; ``undo`` puts every saved file
back byte for byte and removes the ones that did not exist (a go.work.sum that
a validation build created, say).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gover.errors import ConfigError, NotFoundError, UsageError
from gover.fsutil import rmtree, write_atomic
from gover.golang import versions
from gover.gomod import writer
from gover.gomod.modfile import TOOLCHAIN_RE, ModFileError, parse_mod
from gover.gomod.workfile import parse_work
from gover.paths import Paths
from gover.project.repo import Repo

if TYPE_CHECKING:
    from gover.project.migrate_validate import Validation

_GO_RE = re.compile(r"^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$")


@dataclass
class Change:
    path: Path
    old: bytes
    new: bytes
    what: str  # "go 1.22 → 1.21; toolchain go1.22.3 removed"

    def diff(self, root: Path) -> str:
        name = str(self.path.relative_to(root)) if self.path.is_relative_to(root) else str(self.path)
        return "".join(difflib.unified_diff(
            self.old.decode("utf-8", "replace").splitlines(keepends=True),
            self.new.decode("utf-8", "replace").splitlines(keepends=True), "a/" + name, "b/" + name))


@dataclass
class Plan:
    repo: Repo
    go: str
    toolchain: str | None  # None: leave toolchain lines alone unless they became pointless
    changes: list[Change] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # lines the target Go cannot parse


@dataclass
class Migration:
    """What ``gover migrate`` did: the plan, the backup once applied, the validation once run."""

    plan: Plan
    dry_run: bool
    backup: Path | None = None
    validation: Validation | None = None

    def to_json(self) -> dict[str, Any]:
        p = self.plan
        return {"dry_run": self.dry_run, "go": p.go, "toolchain": p.toolchain,
                "changes": [{"file": str(c.path), "what": c.what, "diff": c.diff(p.repo.root)}
                            for c in p.changes],
                "blockers": p.blockers, "backup": str(self.backup) if self.backup else None,
                "validation": self.validation.to_json() if self.validation else None}


def check_target(go: str, toolchain: str | None) -> None:
    if not _GO_RE.match(go):
        raise UsageError(f"invalid --go {go!r}: expected a go line version like 1.22 or 1.22.0")
    if toolchain not in (None, "none") and not TOOLCHAIN_RE.match(toolchain):
        raise UsageError(f"invalid --toolchain {toolchain!r}: expected goX.Y.Z (like go1.22.10) or none")


def _toolchain_edit(name: str, data: bytes, current: str | None, go: str,
                    toolchain: str | None) -> tuple[bytes, str]:
    if toolchain == "none" or (toolchain is None and current and versions.minor_of(go) < (1, 21)):
        if current:
            return writer.set_toolchain(name, data, None), f"toolchain {current} removed"
        return data, ""
    if toolchain is not None:
        if toolchain != current:
            return writer.set_toolchain(name, data, toolchain), f"toolchain {current or '-'} → {toolchain}"
        return data, ""
    if current and current != "default" and \
            versions.compare(versions.from_toolchain(current) or "0", go) <= 0:
        # Go drops a toolchain line that is not above the go line.
        return writer.set_toolchain(name, data, None), f"toolchain {current} removed (not above go {go})"
    return data, ""


def plan(repo: Repo, go: str, toolchain: str | None) -> Plan:
    check_target(go, toolchain)
    p = Plan(repo, go, toolchain)
    if toolchain not in (None, "none") and versions.minor_of(go) < (1, 21):
        raise UsageError(f"go {go} predates toolchain lines (Go 1.21); use --toolchain none")
    files: list[tuple[Path, bool]] = [(m / "go.mod", False) for m in repo.modules]
    if repo.work:
        files.append((repo.work, True))
    for path, is_work in files:
        data = path.read_bytes()
        name = str(path)
        try:
            f = parse_work(name, data) if is_work else parse_mod(name, data)
        except ModFileError as e:
            raise ConfigError(str(e), "fix it first (gover mod parse shows Go's errors)") from None
        old_go = f.go
        new = writer.set_go(name, data, go) if f.go != go else data
        whats = [f"go {old_go or '-'} → {go}"] if f.go != go else []
        new, what = _toolchain_edit(name, new, f.toolchain, go, toolchain)
        whats += [what] if what else []
        if new != data:
            p.changes.append(Change(path, data, new, "; ".join(whats)))
        p.blockers += _blockers(name, new, is_work, go)
    for pin in repo.pins:
        _plan_pin(p, pin, toolchain)
    return p


def _blockers(name: str, data: bytes, is_work: bool, go: str) -> list[str]:
    """Lines the target release cannot parse (a tool line for Go 1.23, say)."""
    try:
        if is_work:
            parse_work(name, data, go_version=go)
        else:
            parse_mod(name, data, go_version=go)
    except ModFileError as e:
        return [str(x) for x in e.errors]
    return []


def _plan_pin(p: Plan, pin: Path, toolchain: str | None) -> None:
    want = versions.strip_go(toolchain) if toolchain not in (None, "none") else p.go
    data = pin.read_bytes()
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        body = line.split("#", 1)[0]
        parts = body.split()
        if not parts:
            continue
        if pin.name == ".go-version":
            old = parts[0]
            lines[i] = line.replace(old, ("go" if old.startswith("go") else "") + want, 1)
            break
        if parts[0] in ("golang", "go") and len(parts) > 1:
            old = parts[1]
            lines[i] = line.replace(old, ("go" if old.startswith("go") else "") + want, 1)
            break
    new = "\n".join(lines).encode("utf-8", "surrogateescape")
    if new != data:
        p.changes.append(Change(pin, data, new, f"pin → {want}"))


# --- backup, apply, undo ---------------------------------------------------------------

def _migrations(paths: Paths) -> Path:
    return paths.home / "migrations"


def _repo_key(root: Path) -> str:
    return hashlib.sha256(str(root).encode()).hexdigest()[:16]


def apply(p: Plan, paths: Paths) -> Path:
    """Back up every module file of the repository, then write the planned changes."""
    stamp = f"{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**9:09d}"
    backup = _migrations(paths) / f"{_repo_key(p.repo.root)}-{stamp}"
    files = backup / "files"
    files.mkdir(parents=True)
    candidates = set(p.repo.all_files()) | {c.path for c in p.changes}
    for m in p.repo.modules:
        candidates |= {m / "go.sum", m / "vendor" / "modules.txt"}
    if p.repo.work:
        candidates.add(p.repo.work.with_name("go.work.sum"))
    entries = []
    for i, f in enumerate(sorted(candidates)):
        existed = f.is_file()
        if existed:
            (files / str(i)).write_bytes(f.read_bytes())
        entries.append({"path": str(f), "existed": existed, "blob": str(i)})
    manifest = {"schema": 1, "root": str(p.repo.root), "go": p.go, "toolchain": p.toolchain,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "files": entries}
    write_atomic(backup / "manifest.json", json.dumps(manifest, indent=2))
    for c in p.changes:
        write_atomic(c.path, c.new, mode=c.path.stat().st_mode & 0o777)
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
                    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
                    write_atomic(path, data, mode=mode)
        elif path.exists():
            removed.append(path)
            if not dry_run:
                path.unlink()
    if not dry_run:
        rmtree(backup)
    return UndoResult(backup, restored, removed, dry_run)
