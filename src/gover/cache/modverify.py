"""Verify the module cache as ``go mod verify`` does — for every cached version.

Each extracted ``path@version/`` must hash (Hash1, ``HashDir``) to its
``.ziphash``, and so must each ``.zip`` (``HashZip``); a tree without its
``.ziphash`` is "missing ziphash".  When one of the two still matches, it is
the reference that names the modified, added and missing files of the other.
``against`` (parsed go.sum files) restricts the check to the versions they
mention and compares the cache's hashes with theirs.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from gover import hashing
from gover.cache import modcache, modremove
from gover.cache.modcache import ModVersion
from gover.cache.units import failed_json
from gover.gomod import dirhash
from gover.gomod.gosum import GoSum

H1 = re.compile(r"h1:[A-Za-z0-9+/]{43}=")


@dataclass(frozen=True)
class ModProblem:
    path: str
    kind: str  # "dir" | "zip" | "ziphash" | "gosum" | "gomod"
    reason: str
    module: str
    version: str
    files: tuple[str, ...] = ()  # "changed x", "added y", "missing z" when known

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "kind": self.kind, "reason": self.reason,
                "module": self.module, "version": self.version, "files": list(self.files)}


@dataclass
class ModVerifyResult:
    root: str
    checked: int = 0
    corrupt: list[ModProblem] = field(default_factory=list)
    not_cached: list[tuple[str, str]] = field(default_factory=list)  # go.sum versions absent
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    against: list[str] = field(default_factory=list)  # the go.sum files checked against
    dry_run: bool = False

    @property
    def remaining(self) -> int:
        """Damaged module versions still in the cache (the exit status is 1 while any are)."""
        damaged = {(p.module, p.version) for p in self.corrupt}
        return len(damaged) - len({(p.module, p.version) for p in self.corrupt if p.path in self.deleted})

    @property
    def only_gosum_disagrees(self) -> list[tuple[str, str]]:
        """Versions whose cached tree and zip match their .ziphash, where only go.sum
        records another hash: the cache is consistent, the go.sum line is what is wrong."""
        kinds: dict[tuple[str, str], set[str]] = {}
        for p in self.corrupt:
            kinds.setdefault((p.module, p.version), set()).add(p.kind)
        return sorted(k for k, ks in kinds.items() if ks <= {"gosum", "gomod"})

    def to_json(self) -> dict[str, object]:
        return {"gomodcache": self.root, "checked": self.checked,
                "corrupt": [p.to_json() for p in self.corrupt], "against": self.against,
                "gosum_disagrees": [{"module": m, "version": v} for m, v in self.only_gosum_disagrees],
                "not_cached": [{"module": m, "version": v} for m, v in self.not_cached],
                "dry_run": self.dry_run, "deleted": self.deleted, "failed": failed_json(self.failed)}


def _zip_hashes(path: str, prefix: str) -> dict[str, str]:
    out = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.startswith(prefix) and not info.is_dir():
                with zf.open(info) as f:
                    out[info.filename[len(prefix):]] = hashing.sha256_stream(f).hexdigest()
    return out


def _dir_hashes(path: str) -> dict[str, str]:
    buf = bytearray(hashing.CHUNK)
    return {rel: hashing.sha256_path(os.path.join(path, rel), buf, follow_symlinks=False)[0]
            for rel in dirhash.dir_files(Path(path), ".")}


def diff_files(reference: dict[str, str], actual: dict[str, str]) -> tuple[str, ...]:
    changed = [f"changed {n}" for n in sorted(reference) if n in actual and actual[n] != reference[n]]
    added = [f"added {n}" for n in sorted(actual) if n not in reference]
    missing = [f"missing {n}" for n in sorted(reference) if n not in actual]
    return tuple(changed + added + missing)


def _read_ziphash(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read(256).decode("utf-8", "replace").strip()
    except FileNotFoundError:
        return None


def check_version(root: str, v: ModVersion, sums: list[GoSum]) -> tuple[list[ModProblem], int]:
    """The problems of one version, and how many things (tree, zip, go.sum line) were checked."""
    probs: list[ModProblem] = []
    checked = 0
    mp = lambda path, kind, reason, files=(): ModProblem(  # noqa: E731
        path, kind, reason, v.path, v.version, files)
    prefix = f"{v.path}@{v.version}/"
    zip_path = modcache.download_file(root, v, "zip")
    zh_path = modcache.download_file(root, v, "ziphash")
    has_dir = v.dir is not None and not v.partial and modcache.is_dir(v.dir)
    want = _read_ziphash(zh_path)
    if want is None:
        # golang.org/fips140 is unpacked from GOROOT, never downloaded: Go needs no ziphash.
        if has_dir and v.path != "golang.org/fips140":
            assert v.dir is not None
            probs.append(mp(v.dir, "ziphash", f"missing ziphash ({zh_path})"))
            checked += 1
        return probs, checked
    if not H1.fullmatch(want):
        probs.append(mp(zh_path, "ziphash", f"malformed ziphash {want[:60]!r}"))
        return probs, checked + 1
    for s in sums:
        for got in s.hashes(v.path, v.version):
            checked += 1
            if got != want:
                probs.append(mp(zh_path, "gosum", f"checksum mismatch: cache has {want}, "
                                f"{s.file} has {got}"))
    zip_ok: bool | None = None
    if "zip" in v.files:
        checked += 1
        try:
            zip_ok = dirhash.hash_zip(Path(zip_path)) == want
        except (OSError, zipfile.BadZipFile, ValueError, EOFError) as e:
            probs.append(mp(zip_path, "zip", f"unreadable zip: {e}"))
            zip_ok = False
    dir_ok: bool | None = None
    if has_dir:
        assert v.dir is not None
        checked += 1
        dir_ok = dirhash.hash_dir(Path(v.dir), f"{v.path}@{v.version}") == want
    if dir_ok is False:
        files = diff_files(_zip_hashes(zip_path, prefix), _dir_hashes(v.dir or "")) if zip_ok else ()
        probs.append(mp(v.dir or "", "dir", "dir has been modified", files))
    if zip_ok is False and not any(p.kind == "zip" for p in probs):
        files = diff_files(_dir_hashes(v.dir or ""), _zip_hashes(zip_path, prefix)) if dir_ok else ()
        probs.append(mp(zip_path, "zip", "zip has been modified", files))
    return probs, checked


def _gomod_problems(root: str, v: ModVersion, sums: list[GoSum]) -> tuple[list[ModProblem], int]:
    probs, checked = [], 0
    mod_path = modcache.download_file(root, v, "mod")
    for s in sums:
        for got in s.hashes(v.path, v.version + "/go.mod"):
            try:
                with open(mod_path, "rb") as f:
                    have = dirhash.hash_gomod(f.read())
            except FileNotFoundError:
                continue
            checked += 1
            if have != got:
                probs.append(ModProblem(mod_path, "gomod", f"go.mod checksum mismatch: cache has "
                                        f"{have}, {s.file} has {got}", v.path, v.version))
    return probs, checked


def verify(root: str, scan: modcache.ModScan, against: list[GoSum] | None = None,
           jobs: int = 0) -> ModVerifyResult:
    result = ModVerifyResult(root)
    sums = against or []
    versions = scan.versions
    if against:
        wanted = set().union(*(s.modules() for s in against))
        have = {v.key for v in versions}
        versions = [v for v in versions if v.key in wanted]
        result.not_cached = sorted(wanted - have)
    by_key = {f"{v.path}@{v.version}": v for v in versions}

    def work(key: str, _buf: bytearray) -> tuple[list[ModProblem], int]:
        v = by_key[key]
        p1, c1 = check_version(root, v, sums)
        p2, c2 = _gomod_problems(root, v, sums) if sums else ([], 0)
        return p1 + p2, c1 + c2

    results = hashing.run_parallel(list(by_key), work, jobs or hashing.default_jobs())
    for key, v in by_key.items():
        r = results.get(key)
        if isinstance(r, BaseException):
            result.corrupt.append(ModProblem(v.dir or key, "dir", f"cannot check: {r}",
                                             v.path, v.version))
            continue
        assert isinstance(r, tuple)
        result.corrupt += r[0]
        result.checked += r[1]
    return result


def delete_bad(result: ModVerifyResult, scan: modcache.ModScan) -> None:
    """Remove what is damaged, as little as lets Go repair the rest by itself.

    A modified tree goes (Go re-extracts it from the .zip); a modified .zip goes
    (re-downloaded and checked against the kept .ziphash); a malformed .ziphash
    goes with its tree; a go.sum mismatch on a version that is also damaged removes
    the whole version, so the next download is checked against go.sum afresh.  A
    version that matches its own .ziphash, where only go.sum disagrees, is kept: the
    go.sum line is what is wrong, and deleting the cache would not repair it.
    """
    by_key = {(v.path, v.version): v for v in scan.versions}
    for key in result.only_gosum_disagrees:
        by_key.pop(key, None)
    per_version: dict[tuple[str, str], list[ModProblem]] = {}
    for p in result.corrupt:
        per_version.setdefault((p.module, p.version), []).append(p)
    for key, probs in per_version.items():
        v = by_key.get(key)
        if v is None:
            continue
        kinds = {p.kind for p in probs}
        try:
            if kinds & {"gosum", "gomod"}:
                modremove.remove_version(result.root, v)
            else:
                if "ziphash" in kinds:
                    malformed = any(p.reason.startswith("malformed") for p in probs)
                    (modremove.remove_ziphash if malformed else modremove.remove_tree)(result.root, v)
                if "dir" in kinds:
                    modremove.remove_tree(result.root, v)
                if "zip" in kinds:
                    modremove.remove_zip(result.root, v)
            result.deleted += sorted({p.path for p in probs})
        except OSError as e:
            result.failed.append((f"{v.path}@{v.version}", str(e)))
