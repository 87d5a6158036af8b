"""Which known vulnerabilities a binary's versions fall in, and the smallest upgrade out.

This is version matching only: the standard library by the Go version that built
the binary (``go1.22.3`` is ``v1.22.3`` of the database's ``stdlib`` module), each
dependency by the version recorded in its build info (the replacement's, when a
module replaces it).  Whether the vulnerable code is reachable is not asked —
that is govulncheck's call-graph analysis (``govulncheck -mode=binary``) — so a
hit here means "this version is affected", not "this program is exploitable".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gover.buildinfo.modinfo import BuildInfo
from gover.gomod import semver
from gover.release.vulndb import STDLIB, Entry, Event, MalformedEntry, VulnDB

NOTE = ("version matching only (module versions against the Go vulnerability database), not "
        "govulncheck's call-graph analysis: a hit may be in code the program never calls; "
        "run govulncheck -mode=binary for that")


@dataclass
class Hit:
    id: str
    module: str
    version: str  # as the binary has it: "go1.22.3" for stdlib, "v1.2.3" for a module
    fixed: str  # the first fixed version after this one, same spelling; "" when none
    summary: str
    aliases: list[str]
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "module": self.module, "version": self.version,
                "fixed": self.fixed or None, "summary": self.summary, "aliases": self.aliases,
                "url": self.url}


@dataclass
class Upgrade:
    module: str
    current: str
    to: str  # the smallest version clearing every hit of this module; "" when none does
    ids: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"module": self.module, "from": self.current, "to": self.to or None, "ids": self.ids}


@dataclass
class Report:
    hits: list[Hit] = field(default_factory=list)
    upgrades: list[Upgrade] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (id, why it could not be read)
    unchecked: list[tuple[str, str]] = field(default_factory=list)  # (module, why not matched)

    def to_json(self) -> dict[str, Any]:
        return {"hits": [h.to_json() for h in self.hits],
                "upgrades": [u.to_json() for u in self.upgrades],
                "unknown": [{"id": i, "error": why} for i, why in self.unknown],
                "unchecked": [{"module": m, "reason": why} for m, why in self.unchecked]}


def go_semver(go_version: str) -> str:
    """``go1.22.3`` → ``v1.22.3``, ``go1.21rc2`` → ``v1.21.0-rc.2``; "" for a devel build."""
    from gover.golang import versions

    name = go_version.split(" ", 1)[0]
    v = versions.parse(versions.strip_go(name)) if name.startswith("go") else None
    if not v or not v.major:
        return ""
    core = f"v{v.major}.{v.minor or 0}.{v.patch or 0}"
    return core + (f"-{v.kind}.{v.pre or 0}" if v.kind else "")


def semver_go(sv: str) -> str:
    """The inverse, for naming a fixed Go release: ``v1.22.5`` → ``go1.22.5``."""
    core, _, pre = sv[1:].partition("-")
    major, minor, patch = (core.split(".") + ["0", "0"])[:3]
    if pre:
        kind, _, n = pre.partition(".")
        return f"go{major}.{minor}{kind}{n}"
    if patch == "0" and (int(major), int(minor)) < (1, 21):
        return f"go{major}.{minor}"
    return f"go{major}.{minor}.{patch}"


def is_local(path: str) -> bool:
    """A replacement by a directory (x/mod modfile.IsDirectoryPath): recorded as ``=> ./dir (devel)``."""
    return path.startswith(("./", "../", "/", ".\\", "..\\")) or path in (".", "..") or \
        (len(path) >= 3 and path[1] == ":" and path[2] in "/\\")


def modules_of(info: BuildInfo) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """((module, semver version) to match, (module, why not)) for one binary."""
    todo: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    gv = go_semver(info.go_version)
    if gv:
        todo.append((STDLIB, gv))
    else:
        skipped.append((STDLIB, f"{info.go_version!r} is not a Go release"))
    mods = ([info.main] if info.main.path and semver.is_valid(info.main.version) else []) + info.deps
    for m in mods:
        eff = m.replace or m
        if m.replace is not None and is_local(m.replace.path):
            skipped.append((m.path, f"replaced by the local directory {m.replace.path}"))
        elif not semver.is_valid(eff.version):
            skipped.append((m.path, f"version {eff.version!r} is not a semantic version"))
        else:
            todo.append((eff.path, eff.version))
    return todo, skipped


def affects(ranges: list[list[Event]], v: str) -> bool:
    """OSV SEMVER semantics, as golang.org/x/vuln applies them (events in version order)."""
    for events in ranges:
        ordered = sorted(events, key=lambda e: (semver.sort_key(e[1]), e[0] != "introduced"))
        affected = False
        for kind, at in ordered:
            if kind == "introduced" and not affected:
                affected = at == "" or semver.compare(v, at) >= 0
            elif kind == "fixed" and affected:
                affected = semver.compare(v, at) < 0
            elif kind == "last_affected" and affected:
                affected = semver.compare(v, at) <= 0
        if affected:
            return True
    return False


def _first_fixed(ranges: list[list[Event]], v: str) -> str:
    fixes = sorted((at for events in ranges for kind, at in events
                    if kind == "fixed" and semver.compare(at, v) > 0), key=semver.sort_key)
    return fixes[0] if fixes else ""


def match(info: BuildInfo, db: VulnDB) -> Report:
    report = Report()
    todo, report.unchecked = modules_of(info)
    index = db.modules()
    for module, version in todo:
        entries: list[Entry] = []
        for mv in index.get(module, []):
            if mv.fixed and semver.compare(version, mv.fixed) >= 0:
                continue  # at or past the newest fix: not affected (govulncheck's shortcut)
            e = db.entry(mv)
            if isinstance(e, MalformedEntry):
                if (mv.id, str(e)) not in report.unknown:
                    report.unknown.append((mv.id, str(e)))
                continue
            entries.append(e)
        hits = [e for e in entries if affects(e.ranges_for(module), version)]
        spell = semver_go if module == STDLIB else (lambda s: s)
        shown = spell(version)
        for e in hits:
            fixed = _first_fixed(e.ranges_for(module), version)
            report.hits.append(Hit(e.id, module, shown, spell(fixed) if fixed else "", e.summary,
                                   e.aliases, e.url))
        if hits:
            to = _smallest_clearing(module, version, entries, hits)
            report.upgrades.append(Upgrade(module, shown, spell(to) if to else "", [e.id for e in hits]))
    return report


def _smallest_clearing(module: str, version: str, entries: list[Entry], hits: list[Entry]) -> str:
    """The lowest fixed version above ``version`` that no known entry affects."""
    candidates = sorted({at for e in hits for events in e.ranges_for(module) for kind, at in events
                         if kind == "fixed" and semver.compare(at, version) > 0}, key=semver.sort_key)
    for c in candidates:
        if not any(affects(e.ranges_for(module), c) for e in entries):
            return c
    return ""
