"""``gover migrate`` end to end: plan, check, validate in a scratch copy, then write.

Nothing in the repository changes unless the whole migration holds: a pin that must
change but cannot be written, a line the target Go cannot parse, a release that is
neither installed nor installable, a dependency that needs a newer Go (unless
``--downgrade-deps`` moves it back) or a failing tidy/build/vet/test stops it with the
tree byte-identical.  ``--keep-failed`` writes a migration whose validation failed
(the backup still lets ``--undo`` put it back).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.paths import Paths
from gover.project import migrate, migrate_deps, migrate_target, migrate_validate
from gover.project.migrate_validate import Validation
from gover.project.repo import Repo


@dataclass
class Options:
    go: str
    toolchain: str | None = None
    kinds: set[str] = field(default_factory=lambda: set(migrate.KINDS))
    force: bool = False  # rewrite digest-pinned images (dropping the digest)
    dry_run: bool = False
    validate: bool = True
    test: bool = True
    matrix: Sequence[str] = ()
    downgrade_deps: bool = False
    keep_failed: bool = False
    parallel: int = 2


@dataclass
class Hooks:
    """What the migration needs from outside: the CLI builds these from its context."""

    paths: Paths
    env: Mapping[str, str]
    installed: Callable[[], list[str]]  # installed toolchain names
    remote: Callable[[], Sequence[str]]  # releases a source offers (may raise NetworkError)
    install: Callable[[str], Path]  # a release name → its GOROOT (installing it if needed)
    client: object = None  # HTTP client for GOPROXY lookups
    report: Callable[[str], None] = lambda line: None


@dataclass
class Migration:
    plan: migrate.Plan
    dry_run: bool
    releases: list[migrate_target.Release] = field(default_factory=list)
    dependencies: list[migrate_deps.Blocker] = field(default_factory=list)
    downgraded: bool = False
    validations: list[Validation] = field(default_factory=list)
    changes: list[migrate.Change] = field(default_factory=list)  # what is (or would be) written
    backup: Path | None = None
    stopped: str = ""  # why nothing was written

    @property
    def ok(self) -> bool:
        return not self.stopped and all(v.ok for v in self.validations)

    def to_json(self) -> dict[str, Any]:
        p, root = self.plan, self.plan.repo.root
        return {"dry_run": self.dry_run, "go": p.go, "toolchain": p.toolchain, "release": p.release,
                "releases": [r.name for r in self.releases],
                "changes": [c.to_json(root) for c in self.changes],
                "blockers": p.blockers,
                "pins": {"skipped": p.skipped, "refused": p.refused, "unreadable": p.problems},
                "notes": p.notes,
                "dependencies": [b.to_json() for b in self.dependencies], "downgraded": self.downgraded,
                "written": self.backup is not None, "backup": str(self.backup) if self.backup else None,
                "stopped": self.stopped or None,
                "validation": self.validations[0].to_json() if self.validations else None,
                "matrix": [v.to_json() for v in self.validations[1:]]}


def run(repo: Repo, o: Options, h: Hooks) -> Migration:
    installed = h.installed()
    chosen: list[migrate_target.Release] = []

    def pick(toolchain: str | None) -> str:
        chosen[:] = migrate_target.releases(o.go, toolchain, o.matrix, installed, h.remote)
        return chosen[0].name

    p = migrate.plan(repo, o.go, o.toolchain, release=pick, kinds=o.kinds, force=o.force)
    m = Migration(p, o.dry_run, chosen, changes=list(p.changes))
    if p.refused:
        m.stopped = "pins that must change cannot be written: " + "; ".join(p.refused)
        return m
    if p.blockers:
        m.stopped = f"Go {o.go} cannot parse: " + "; ".join(p.blockers)
        return m
    roots: dict[str, Path] = {}
    if not o.dry_run:
        for r in chosen:
            if not r.installed:
                h.report(f"Installing {r.name} ({r.why})")
            roots[r.name] = h.install(r.name)
    m.dependencies = migrate_deps.find(_requirements(repo, p), o.go, _fetcher(h, roots.get(p.release)))
    if o.dry_run:
        return m
    blocking = [b for b in m.dependencies if not (o.downgrade_deps and b.suggestion)]
    if blocking and not o.validate:
        m.stopped = "dependencies need a newer Go: " + "; ".join(b.message(o.go) for b in blocking)
        return m
    with tempfile.TemporaryDirectory(prefix="gover-migrate-") as tmp:
        copy = migrate_validate.scratch_copy(repo, {c.path: c.new for c in p.changes}, Path(tmp))
        if o.downgrade_deps and m.dependencies:
            _downgrade(m, repo, copy, roots[p.release], h.env)
            if m.stopped:
                return m
        if o.validate:
            names = ", ".join(r.name for r in chosen)
            h.report(f"Validating in a scratch copy with {names}: tidy, build, vet"
                     + (", test" if o.test else ""))
            mods = [str(d.relative_to(repo.root)) if d != repo.root else "." for d in repo.modules]
            m.validations = migrate_validate.validate(
                copy, mods, [(r.name, roots[r.name]) for r in chosen], h.env, Path(tmp) / "work",
                test=o.test, parallel=o.parallel)
    if blocking and not o.downgrade_deps and all(v.ok for v in m.validations):
        m.stopped = "dependencies need a newer Go: " + "; ".join(b.message(o.go) for b in blocking)
    if not m.ok and not o.keep_failed:
        m.stopped = m.stopped or "validation failed"
        return m
    m.backup = migrate.apply(repo, m.changes, h.paths, go=o.go, toolchain=o.toolchain)
    return m


def _requirements(repo: Repo, p: migrate.Plan) -> dict[str, list[tuple[str, str]]]:
    from gover.gomod.modfile import ModFileError, parse_mod

    new = {c.path: c.new for c in p.changes}
    own: set[str] = set()
    parsed = {}
    for d in repo.modules:
        path = d / "go.mod"
        try:
            f = parse_mod(str(path), new.get(path) or path.read_bytes())
        except (ModFileError, OSError):
            continue
        parsed[d] = f
        if f.module:
            own.add(f.module)
    out: dict[str, list[tuple[str, str]]] = {}
    for d, f in parsed.items():
        reps = {r.old.path: (r.new.path, r.new.version) for r in f.replace}
        reqs = []
        for r in f.require:
            target = reps.get(r.path, (r.path, r.version))
            if r.path in own or not target[1]:
                continue  # a workspace module or a directory replacement: no go.mod to fetch
            reqs.append(target)
        out[str(d.relative_to(repo.root)) if d != repo.root else "."] = reqs
    return out


def _fetcher(h: Hooks, goroot: Path | None) -> migrate_deps.Fetcher:
    from gover.resolve.which import goenv_for_root

    if goroot is None:
        from gover.toolchain.store import Store

        found = Store(h.paths).installed()
        goroot = found[-1].path if found else None
    return migrate_deps.Fetcher(goenv_for_root(h.env, str(goroot) if goroot else ""), h.client)


def _downgrade(m: Migration, repo: Repo, copy: Path, goroot: Path, env: Mapping[str, str]) -> None:
    from gover.project.migrate_validate import go_env

    genv = go_env(goroot, env)
    for rel in sorted({r for b in m.dependencies for r in b.required_by}):
        mine = [b for b in m.dependencies if rel in b.required_by and b.suggestion]
        err = migrate_deps.downgrade(copy / rel, mine, goroot / "bin" / "go", genv)
        if err:
            m.stopped = f"downgrading dependencies in {rel} failed: {err}"
            return
        by_path = {c.path: c for c in m.changes}
        for name in ("go.mod", "go.sum"):
            real = (repo.root / rel / name)
            after = (copy / rel / name).read_bytes() if (copy / rel / name).exists() else b""
            before = real.read_bytes() if real.exists() else b""
            if after == before:
                continue
            what = ", ".join(f"{b.path} {b.version} → {b.suggestion}" for b in mine)
            old = by_path.get(real)
            if old is not None:
                old.new, old.what = after, f"{old.what}; {what}"
            else:
                m.changes.append(migrate.Change(real, before, after, what if name == "go.mod"
                                                else f"go.sum for {what}"))
    m.downgraded = True
