"""Dependency versions across modules (``dep-drift``) and pseudo-versions with a tagged
release available (``pseudo``).

Modules *build together* when one go.work uses them, or when one replaces the other by a
directory: then Go selects one version of each dependency for all of them, and a module
requiring a lower one is tested with a version it never builds with (an error).
Independent modules each build with their own requirements: differing versions there
are an info finding.  Both checks name the same target version for a dependency within
a group, so following one fix never contradicts the other.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from gover.gomod import pseudo, semver
from gover.project.checks.base import Checker, Module

CODES = ("dep-drift", "pseudo")

Use = tuple[str, Module, int]  # version, requiring module, go.mod line


def groups(c: Checker) -> dict[Path, int]:
    """Module dir → group id; modules with one id build together."""
    parent: dict[Path, Path] = {m.dir.resolve(): m.dir.resolve() for m in c.good}

    def find(d: Path) -> Path:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    def union(a: Path, b: Path) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    if c.work is not None and c.repo.work is not None:
        used = [(c.repo.work.parent / u.path).resolve() for u in c.work.use]
        for d in used[1:]:
            union(used[0], d)
    for m in c.good:
        assert m.mod is not None
        for r in m.mod.replace:
            if not r.new.version:
                union(m.dir.resolve(), (m.dir / r.new.path).resolve())
    ids: dict[Path, int] = {}
    return {d: ids.setdefault(find(d), len(ids)) for d in parent}


def run(c: Checker) -> None:
    mods = c.good
    own = {m.mod.module for m in mods if m.mod and m.mod.module}
    group = groups(c)
    seen: dict[str, list[Use]] = defaultdict(list)
    for m in mods:
        assert m.mod is not None
        for r in m.mod.require:
            if r.path not in own:
                seen[r.path].append((r.version, m, r.line.start.line))
    for path, uses in sorted(seen.items()):
        by_group: dict[int, list[Use]] = defaultdict(list)
        for u in uses:
            by_group[group[u[1].dir.resolve()]].append(u)
        flagged: set[tuple[int, int]] = set()
        for members in by_group.values():
            target = _target(path, members)
            _drift_errors(c, path, members, target, flagged)
            _pseudo(c, path, members, target)
        _drift_info(c, path, uses, flagged)


def _target(path: str, uses: list[Use]) -> str:
    """The one version to move a group to: the highest required, or, when that is a
    pseudo-version, the newest tagged release above it recorded in the group's go.sums."""
    top = max((v for v, _, _ in uses), key=semver.sort_key)
    if not pseudo.is_pseudo(top):
        return top
    tags = [t for _, m, _ in uses for t in _tags_above(m, path, top)]
    return max(tags, key=semver.sort_key) if tags else top


def _tags_above(m: Module, path: str, version: str) -> list[str]:
    """Tagged releases of ``path`` newer than ``version`` that ``m``'s go.sum records."""
    known = {v.removesuffix("/go.mod") for (q, v) in m.sums if q == path}
    return [v for v in known if not pseudo.is_pseudo(v) and not semver.prerelease(v)
            and semver.compare(v, version) > 0]


def _drift_errors(c: Checker, path: str, members: list[Use], target: str,
                  flagged: set[tuple[int, int]]) -> None:
    vs = {v for v, _, _ in members}
    if len(vs) < 2:
        return
    top = max(vs, key=semver.sort_key)
    tops = [m for v, m, _ in members if v == top]
    for v, m, line in members:
        if v == top:
            continue
        flagged.add((id(m), line))
        others = ", ".join(c.rel(t.dir / "go.mod") for t in tops)
        c.add("dep-drift", "error", m.dir / "go.mod", line,
              f"requires {path} {v}, but {others} requires {top}, and they build together "
              f"(Go selects {top} for both)",
              f"cd {c.rel_dir(m.dir)} && go get {path}@{target}",
              related=tuple(t.dir / "go.mod" for t in tops))


def _drift_info(c: Checker, path: str, uses: list[Use], flagged: set[tuple[int, int]]) -> None:
    vs = {v for v, _, _ in uses}
    if len(vs) < 2:
        return
    top = max(vs, key=semver.sort_key)
    lower = [u for u in uses if (id(u[1]), u[2]) not in flagged and u[0] != top]
    if not lower:
        return
    v, m, line = min(lower, key=lambda u: (c.rel(u[1].dir), u[2]))
    where = ", ".join(f"{c.rel(u[1].dir / 'go.mod')} {u[0]}"
                      for u in sorted(uses, key=lambda u: c.rel(u[1].dir)))
    c.add("dep-drift", "info", m.dir / "go.mod", line,
          f"{path} is required at different versions by independent modules ({where}); "
          "each builds with its own", related=tuple(u[1].dir / "go.mod" for u in uses))


def _pseudo(c: Checker, path: str, members: list[Use], target: str) -> None:
    for version, m, line in members:
        if not pseudo.is_pseudo(version) or m.sum is None or target == version:
            continue
        try:
            p = pseudo.decode(version)
        except ValueError:
            continue
        tags = _tags_above(m, path, version)
        if not tags:
            continue
        tag = max(tags, key=semver.sort_key)
        c.add("pseudo", "warning", m.dir / "go.mod", line,
              f"{path} {version} is a pseudo-version (commit {p.rev} of {p.time_text}); "
              f"tagged release {tag} is in go.sum",
              f"cd {c.rel_dir(m.dir)} && go get {path}@{target}", related=(m.dir / "go.sum",))
