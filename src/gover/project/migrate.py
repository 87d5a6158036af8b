"""Move every Go pin of a repository or workspace to another Go version, and back.

``plan`` computes the new bytes of every go.mod and go.work (the go line; the
toolchain line) and of every other pin ``gover pins`` finds — .go-version,
.tool-versions, mise, Dockerfiles, CI files, devcontainers, golangci-lint, Makefiles —
editing only the version text, each at its own granularity (project/pins/rewrite.py).
Exact pins get a release that exists (project/migrate_target.py), never a language
version.  Nothing is written here: migrate_run validates in a scratch copy first, and
migrate_backup writes (after a backup that ``--undo`` restores).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gover.errors import ConfigError, UsageError
from gover.golang import versions
from gover.gomod import writer
from gover.gomod.modfile import TOOLCHAIN_RE, ModFileError, parse_mod
from gover.gomod.workfile import parse_work
from gover.project.migrate_backup import UndoResult, apply, latest_backup, undo
from gover.project.pins.scan import KINDS
from gover.project.repo import Repo

__all__ = ["KINDS", "Change", "Plan", "UndoResult", "apply", "check_target", "kinds_from", "latest_backup",
           "plan", "undo"]

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

    def to_json(self, root: Path) -> dict[str, str]:
        return {"file": str(self.path), "what": self.what, "diff": self.diff(root)}


@dataclass
class Plan:
    repo: Repo
    go: str
    toolchain: str | None  # None: leave toolchain lines alone unless they became pointless
    release: str = ""  # the release exact pins name, "go1.22.10"
    changes: list[Change] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # lines the target Go cannot parse
    skipped: list[str] = field(default_factory=list)  # pins left alone, each with why
    refused: list[str] = field(default_factory=list)  # pins that must change but cannot be written
    problems: list[str] = field(default_factory=list)  # pin files that do not parse (left alone)
    notes: list[str] = field(default_factory=list)  # what the user may not expect


def check_target(go: str, toolchain: str | None) -> None:
    if not _GO_RE.match(go):
        raise UsageError(f"invalid --go {go!r}: expected a go line version like 1.22 or 1.22.0")
    if toolchain not in (None, "none") and not TOOLCHAIN_RE.match(toolchain):
        raise UsageError(f"invalid --toolchain {toolchain!r}: expected goX.Y.Z (like go1.22.10) or none")
    if toolchain not in (None, "none") and versions.minor_of(go) < (1, 21):
        raise UsageError(f"go {go} predates toolchain lines (Go 1.21); use --toolchain none")


def kinds_from(only: str | None, skip: str | None) -> set[str]:
    """The pin kinds ``--only``/``--skip`` (comma-separated) leave to migrate."""
    def parse(text: str, flag: str) -> set[str]:
        got = {k.strip() for k in text.split(",") if k.strip()}
        bad = sorted(got - set(KINDS))
        if bad:
            raise UsageError(f"{flag}: unknown pin kind {bad[0]!r}", "kinds: " + ", ".join(KINDS))
        return got
    chosen = parse(only, "--only") if only else set(KINDS)
    return chosen - (parse(skip, "--skip") if skip else set())


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


def plan(repo: Repo, go: str, toolchain: str | None, *, release: str | Callable[[str | None], str],
         kinds: set[str] | None = None, force: bool = False) -> Plan:
    """The changes for go line ``go``; ``release`` is the release exact pins name, or a
    function of the toolchain line in effect after the go.mod edits that returns it."""
    check_target(go, toolchain)
    kinds = set(KINDS) if kinds is None else kinds
    p = Plan(repo, go, toolchain)
    files: list[tuple[Path, bool]] = [(m / "go.mod", False) for m in repo.modules]
    if repo.work:
        files.append((repo.work, True))
    effective: dict[Path, str | None] = {}
    for path, is_work in files:
        data = path.read_bytes()
        name = str(path)
        try:
            f = parse_work(name, data) if is_work else parse_mod(name, data)
        except ModFileError as e:
            raise ConfigError(str(e), "fix it first (gover mod parse shows Go's errors)") from None
        new, whats = data, []
        if "gomod" in kinds:
            if f.go != go:
                new, whats = writer.set_go(name, data, go), [f"go {f.go or '-'} → {go}"]
            new, what = _toolchain_edit(name, new, f.toolchain, go, toolchain)
            whats += [what] if what else []
        if new != data:
            p.changes.append(Change(path, data, new, "; ".join(whats)))
        p.blockers += _blockers(name, new, is_work, go)
        effective[path] = _toolchain_of(name, new, is_work)
    governing = _governing(repo, effective)
    rel = release(governing) if callable(release) else release
    if toolchain is None and governing and versions.minor_of(governing) > versions.minor_of(go):
        p.notes.append(f"toolchain {governing} is kept (it is above go {go}), so Go still builds with it; "
                       f"--toolchain none (or --toolchain go{versions.lang(go)}.N) moves it too")
    p.release = versions.toolchain_name(rel)
    _plan_pins(p, kinds, force)
    return p


def _toolchain_of(name: str, data: bytes, is_work: bool) -> str | None:
    try:
        f = parse_work(name, data) if is_work else parse_mod(name, data)
    except ModFileError:
        return None
    return f.toolchain if f.toolchain and f.toolchain != "default" else None


def _governing(repo: Repo, effective: dict[Path, str | None]) -> str | None:
    """The toolchain line Go switches to at the root: go.work's, else the root go.mod's."""
    if repo.work is not None:
        return effective.get(repo.work)
    if repo.root / "go.mod" in effective:
        return effective[repo.root / "go.mod"]
    tcs = [t for t in effective.values() if t]
    return max(tcs, key=versions.sort_key) if tcs else None


def _plan_pins(p: Plan, kinds: set[str], force: bool) -> None:
    from gover.project.pins.rewrite import Target
    from gover.project.pins.rewrite import plan as rewrite
    from gover.project.pins.scan import scan

    found = scan(p.repo.root, kinds=tuple(k for k in KINDS if k in kinds and k != "gomod"))
    out = rewrite(found, Target(p.go, versions.strip_go(p.release)), kinds=kinds, force=force)
    for e in out.edits.values():
        path = found.root / e.rel
        p.changes.append(Change(path, e.old.encode("utf-8", "surrogateescape"),
                                e.new.encode("utf-8", "surrogateescape"), "; ".join(e.what)))
    p.skipped = [f"{pin.rel}:{pin.line}: {pin.text}: {why}" for pin, why in out.skipped]
    lines: dict[tuple[str, str], list[str]] = {}
    for pin, why in out.refused:
        lines.setdefault((pin.rel, why), []).append(str(pin.line))
    p.refused = [f"{rel}: {why} (line {', '.join(ns)})" for (rel, why), ns in lines.items()]
    p.problems = [f"{pr.rel}:{pr.line}: {pr.message}" if pr.line else f"{pr.rel}: {pr.message}"
                  for pr in found.problems]


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
