"""Dependency versions across modules (``dep-drift``) and pseudo-versions with a tagged
release available (``pseudo``).

A module builds with the requirements of the modules it *builds together with*: every
module of its go.work, and every module it replaces by a directory (transitively).  When
one of those requires a dependency at a higher version, Go selects that one, so the
module's own requirement is a version it never builds with here (an error).  The other
way round (a module replaced by a sibling that requires more) is normal: the replaced
module never sees its consumer.  Independent modules each build with their own
requirements: differing versions there are an info finding.  Both checks name the same
target version for a module, so following one fix never contradicts the other, and a
requirement that drifts gets the dep-drift finding alone (its fix already leaves the
pseudo-version for the tag).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from gover.gomod import pseudo, semver
from gover.project.checks.base import Checker, Module

CODES = ("dep-drift", "pseudo")

Use = tuple[str, Module, int]  # version, requiring module, go.mod line


def builds_with(c: Checker) -> dict[Path, set[Path]]:
    """Module dir → the other module dirs whose requirements it builds with."""
    dirs = {c.real(m.dir) for m in c.good}
    edges: dict[Path, set[Path]] = {d: set() for d in dirs}
    if c.work is not None and c.work_path is not None:
        used = {c.real(c.work_path.parent / u.path) for u in c.work.use} & dirs
        for d in used:
            edges[d] |= used - {d}
    for m in c.good:
        assert m.mod is not None
        for r in m.mod.replace:
            target = c.real(m.dir / r.new.path)
            if not r.new.version and target in dirs:
                edges[c.real(m.dir)].add(target)
    out: dict[Path, set[Path]] = {}
    for d in dirs:
        seen: set[Path] = set()
        todo = [d]
        while todo:
            for n in edges[todo.pop()] - seen:
                seen.add(n)
                todo.append(n)
        out[d] = seen - {d}
    return out


def run(c: Checker) -> None:
    mods = c.good
    own = {m.mod.module for m in mods if m.mod and m.mod.module}
    sees = builds_with(c)
    # Which modules each one builds with, by identity: computed once per pair of modules,
    # not per pair of uses of every dependency (Path hashing and realpath dominated).
    real = {id(m): c.real(m.dir) for m in mods}
    with_ids = {id(m): {id(o) for o in mods if real[id(o)] in sees[real[id(m)]]} for m in mods}
    seen: dict[str, list[Use]] = defaultdict(list)
    for m in mods:
        assert m.mod is not None
        for r in m.mod.require:
            if r.path not in own:
                seen[r.path].append((r.version, m, r.line.start.line))
    for path, uses in sorted(seen.items()):
        # Every module requiring the same version (the usual case): no drift, and the target
        # is that version (or the tag above it) whichever modules build together.
        uniform = all(u[0] == uses[0][0] for u in uses)
        if uniform and not pseudo.is_pseudo(uses[0][0]):
            continue  # each use's target is its own tagged version: nothing to report
        flagged: set[tuple[int, int]] = set()
        ids = [id(u[1]) for u in uses]
        for use in uses:
            builds = with_ids[id(use[1])]
            others = [u for u, i in zip(uses, ids, strict=True) if i in builds]
            target = _target(path, [use, *others], uniform)
            if not uniform and _drift_error(c, path, use, others, target):
                flagged.add((id(use[1]), use[2]))
            else:  # a drifting pseudo-version is moved to the tag by the drift fix: one finding
                _pseudo(c, path, use, target)
        if not uniform:
            _drift_info(c, path, uses, flagged)


def _target(path: str, uses: list[Use], uniform: bool = False) -> str:
    """The one version to move a group to: the highest required, or, when that is a
    pseudo-version, the newest tagged release above it recorded in the group's go.sums
    (``uniform``: every use requires the same version)."""
    top = uses[0][0] if uniform else max((v for v, _, _ in uses), key=semver.sort_key)
    if not pseudo.is_pseudo(top):
        return top
    tags = [t for _, m, _ in uses for t in _tags_above(m, path, top)]
    return max(tags, key=semver.sort_key) if tags else top


def _tags_above(m: Module, path: str, version: str) -> list[str]:
    """Tagged releases of ``path`` newer than ``version`` that ``m``'s go.sum records."""
    return [v for v in m.versions_of(path) if not pseudo.is_pseudo(v) and not semver.prerelease(v)
            and semver.compare(v, version) > 0]


def _drift_error(c: Checker, path: str, use: Use, others: list[Use], target: str) -> bool:
    v, m, line = use
    higher = [u for u in others if u[0] != v and semver.compare(u[0], v) > 0]
    if not higher:
        return False
    top = max((u[0] for u in higher), key=semver.sort_key)
    tops = [u[1] for u in higher if u[0] == top]
    names = ", ".join(c.rel(t.dir / "go.mod") for t in tops)
    c.add("dep-drift", "error", m.dir / "go.mod", line,
          f"requires {path} {v}, but {names} requires {top}, and {c.rel_dir(m.dir)} builds with it "
          f"(Go selects {top})",
          f"cd {c.rel_dir(m.dir)} && go get {path}@{target}",
          related=tuple(t.dir / "go.mod" for t in tops))
    return True


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


def _pseudo(c: Checker, path: str, use: Use, target: str) -> None:
    version, m, line = use
    if not pseudo.is_pseudo(version) or m.sum is None or target == version:
        return
    try:
        p = pseudo.decode(version)
    except ValueError:
        return
    tags = _tags_above(m, path, version)
    if not tags:
        return
    tag = max(tags, key=semver.sort_key)
    c.add("pseudo", "warning", m.dir / "go.mod", line,
          f"{path} {version} is a pseudo-version (commit {p.rev} of {p.time_text}); "
          f"tagged release {tag} is in go.sum",
          f"cd {c.rel_dir(m.dir)} && go get {path}@{target}", related=(m.dir / "go.sum",))
