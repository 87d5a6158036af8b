"""go.sum against what a build needs (``gosum``).

A module with go >= 1.17 (a pruned module graph) needs, for each module providing an
imported package, its ``h1:`` line and its ``/go.mod`` line; older modules need the
``/go.mod`` line of every requirement.  Where the module cache holds the version, the
recorded hashes must match it: go verifies them and stops with SECURITY ERROR.
A vendored module builds from vendor/ and never reads go.sum; in a workspace go records
missing sums in go.work.sum by itself, so only mismatches count there.
Go's messages are quoted as the release that runs prints them (observed with go1.19.8,
1.21.13, 1.22.10, 1.23.9, 1.25.5; 1.20 is assumed to word them as 1.19).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from gover.golang import versions
from gover.gomod.gosum import parse_gosum
from gover.gomod.modpath import escape
from gover.project.checks.base import Checker, Module, at_least, go_of, uses_vendor
from gover.project.goimports import Import, is_std, module_imports

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the git hook runs this)
if TYPE_CHECKING:
    from gover.resolve.which import SelectedGo

CODES = ("gosum",)
Sums = dict[tuple[str, str], list[str]]


class _WorkspaceSums:
    """The workspace's sums, merged (and go.work.sum read) only when a lookup needs them: a
    pruned module importing nothing outside itself never does."""

    def __init__(self, c: Checker, ws: dict[Path, tuple[str, Module]]) -> None:
        self._c, self._ws = c, ws
        self._sums: Sums | None = None

    def get(self, key: tuple[str, str], default: list[str]) -> list[str]:
        if self._sums is None:
            self._sums = _workspace_sums(self._c, self._ws)
        return self._sums.get(key, default)


def run(c: Checker) -> None:
    ws = _workspace_members(c)
    ws_sums = _WorkspaceSums(c, ws)
    ws_paths = {p for p, _ in ws.values()}
    for m in c.good:
        member = c.real(m.dir) in ws
        if uses_vendor(m, c.opts.env, member):
            continue
        _module(c, m, ws_sums if member else m.sums, member, ws_paths if member else set())


def _workspace_members(c: Checker) -> dict[Path, tuple[str, Module]]:
    if c.work is None or c.work_path is None:
        return {}
    used = {c.real(c.work_path.parent / u.path) for u in c.work.use}
    return {c.real(m.dir): (m.mod.module, m) for m in c.good
            if m.mod is not None and m.mod.module and c.real(m.dir) in used}


def _workspace_sums(c: Checker, ws: dict[Path, tuple[str, Module]]) -> Sums:
    out: Sums = {}
    for _, m in ws.values():
        for k, v in m.sums.items():
            out.setdefault(k, []).extend(v)
    assert c.work_path is not None
    wsum = c.work_path.with_name("go.work.sum")
    try:
        data = wsum.read_bytes() if wsum.is_file() else b""
    except OSError:
        data = b""
    for line in parse_gosum(data, str(wsum), lax=True).lines:
        out.setdefault((line.path, line.version), []).append(line.hash)
    return out


def _module(c: Checker, m: Module, sums: Sums | _WorkspaceSums, member: bool, ws_paths: set[str]) -> None:
    assert m.mod is not None
    mod = m.mod
    if not mod.module:
        return  # go stops earlier: no module declaration
    reqs = {r.path: (r.version, r.line.start.line) for r in mod.require}
    reps: dict[str, tuple[str, str]] = {r.old.path: (r.new.path, r.new.version) for r in mod.replace}
    if member and c.work is not None:
        reps.update({r.old.path: (r.new.path, r.new.version) for r in c.work.replace})
    release = c.release(m.dir)
    cache = _modcache(c, m.dir)
    providers: dict[str, Import] = {}
    own = mod.module
    for imp in module_imports(m.dir, own):
        if is_std(imp.path) or _within(imp.path, own) or _owner(imp.path, ws_paths) is not None:
            continue
        owner = _owner(imp.path, reqs)
        if owner is not None and owner not in providers:
            providers[owner] = imp
    pruned = versions.compare(go_of(m), "1.17") >= 0
    for path, (version, line) in sorted(reqs.items()):
        new = reps.get(path)
        if new is not None and not new[1]:
            continue  # replaced by a directory: nothing to sum
        spath, sver = new if new is not None else (path, version)
        found = providers.get(path)
        if found is None and pruned:
            continue
        h1 = sums.get((spath, sver), [])
        gm = sums.get((spath, sver + "/go.mod"), [])
        if not member and found is not None and not h1:
            _missing_h1(c, m, found, spath, sver, release)
            continue
        if not member and not gm:
            _missing_gomod(c, m, found, spath, sver, line, release)
            continue
        _mismatch(c, m, cache, spath, sver, h1 if found is not None else [], gm, line, release)


def _within(pkg: str, mod: str) -> bool:
    return pkg == mod or pkg.startswith(mod + "/")


def _owner(pkg: str, mods: Collection[str]) -> str | None:
    """The longest of ``mods`` that ``pkg`` is within: its prefixes, looked up from the
    longest (a dict or set lookup each, not a scan of every requirement for every import)."""
    p = pkg
    while p not in mods:
        i = p.rfind("/")
        if i < 0:
            return None
        p = p[:i]
    return p


def _pos(c: Checker, m: Module, imp: Import) -> str:
    return f"{imp.file.relative_to(m.dir)}:{imp.line}:{imp.col}"


def _missing_h1(c: Checker, m: Module, imp: Import, path: str, version: str, release: str) -> None:
    c.add("gosum", "error", imp.file, imp.line,
          f"go.sum has no h1: hash for {path} {version}, which provides imported package {imp.path}",
          f"cd {c.rel_dir(m.dir)} && go mod download {path}",
          related=(m.dir / "go.sum", m.dir / "go.mod"),
          quote=f"{_pos(c, m, imp)}: missing go.sum entry for module providing package {imp.path} "
                f"(imported by {imp.importer}); to add:\n\tgo get {imp.importer}", go=release)


def _missing_gomod(c: Checker, m: Module, imp: Import | None, path: str, version: str, line: int,
                   release: str) -> None:
    if not at_least(release, "1.21"):
        quote = f"go: {path}@{version}: missing go.sum entry; to add it:\n\tgo mod download {path}"
    else:
        where = _pos(c, m, imp) if imp is not None else "go"
        quote = (f"{where}: {path}@{version}: missing go.sum entry for go.mod file; to add it:\n"
                 f"\tgo mod download {path}")
    c.add("gosum", "error", m.dir / "go.mod", line,
          f"go.sum has no /go.mod hash for {path} {version}",
          f"cd {c.rel_dir(m.dir)} && go mod download {path}",
          related=(m.dir / "go.sum",), quote=quote, go=release)


def _modcache(c: Checker, directory: Path) -> Path | None:
    """GOMODCACHE as the Go selected in ``directory`` reads it: once a run for each Go."""
    sel = c.selected(directory)
    key = ("gomodcache", sel.goroot, sel.version) if sel is not None else ("gomodcache",)
    if key not in c.memo:
        c.memo[key] = _read_modcache(c, sel)
    found: Path | None = c.memo[key]  # type: ignore[assignment]
    return found


def _read_modcache(c: Checker, sel: SelectedGo | None) -> Path | None:
    from gover.resolve.which import goenv_for_root

    genv = sel.goenv(c.opts.env) if sel is not None else goenv_for_root(c.opts.env, "")
    value = genv.effective("GOMODCACHE").value
    return Path(value) if value and Path(value).is_absolute() else None


def _cached(cache: Path | None, path: str, version: str) -> tuple[str, str]:
    """(h1 of the cached zip from its .ziphash, h1 of the cached go.mod); "" when absent."""
    if cache is None:
        return "", ""
    # Strings, not Path: two files per requirement, and Path's joins cost more than the reads.
    base = f"{cache}/cache/download/{escape(path)}/@v/{escape(version)}"
    zh = ""
    try:
        with open(base + ".ziphash", encoding="utf-8", errors="replace") as f:
            zh = f.read().strip()
    except OSError:
        pass
    try:
        with open(base + ".mod", "rb") as f:
            data = f.read()
    except OSError:
        return zh, ""
    from gover.gomod import dirhash  # hashlib: only for a go.mod the cache holds

    return zh, dirhash.hash_gomod(data)


def _mismatch(c: Checker, m: Module, cache: Path | None, path: str, version: str, h1: list[str],
              gm: list[str], line: int, release: str) -> None:
    zh, cached_gm = _cached(cache, path, version)
    for want, have, suffix in ((zh, h1, ""), (cached_gm, gm, "/go.mod")):
        bad = [h for h in have if want and h != want]
        if not bad:
            continue
        file, at = _sum_line(m, path, version + suffix, bad[0], line)
        c.add("gosum", "error", file, at,
              f"go.sum records {bad[0]} for {path} {version}{suffix}, but the module cache "
              f"({cache}) holds {want}",
              "find out which is right before changing either: git log -p -- go.sum; "
              "gover modcache verify --against go.sum checks the cache on its own",
              related=(m.dir / "go.sum", m.dir / "go.mod"),
              quote=f"verifying {path}@{version}{suffix}: checksum mismatch\n\tdownloaded: {want}\n"
                    f"\tgo.sum:     {bad[0]}", go=release)


def _sum_line(m: Module, path: str, version: str, h: str, fallback: int) -> tuple[Path, int]:
    """Where the wrong hash is written: this module's go.sum line, else its go.mod line."""
    if (path, version) in m.sums:
        try:
            lines = parse_gosum((m.dir / "go.sum").read_bytes(), lax=True).lines
        except OSError:
            lines = []
        for s in lines:
            if (s.path, s.version, s.hash) == (path, version, h):
                return m.dir / "go.sum", s.line
    return m.dir / "go.mod", fallback
