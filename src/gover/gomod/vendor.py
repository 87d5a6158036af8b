"""vendor/modules.txt, read as cmd/go reads it (modload/vendor.go ``readVendorList``) and
checked against go.mod with Go's own messages (``checkVendorConsistency``).
"""

from __future__ import annotations

import os
from pathlib import Path

from gover.gomod import semver
from gover.gomod.dialect import dialect_for
from gover.gomod.modfile import ModFile, is_directory_path
from gover.record import field, record

Mod = tuple[str, str]  # (path, version); version "" for a wildcard replacement


@record
class VendorMeta:
    explicit: bool = False
    go_version: str = ""
    replacement: Mod | None = None


@record
class VendorList:
    meta: dict[Mod, VendorMeta] = field(default_factory=dict)
    modules: list[Mod] = field(default_factory=list)  # modules providing packages, in file order
    versions: dict[str, str] = field(default_factory=dict)
    replaced: list[Mod] = field(default_factory=list)
    packages: dict[str, Mod] = field(default_factory=dict)
    workspace: bool = False

    def to_json(self) -> dict[str, object]:
        return {"workspace": self.workspace, "modules": [
            {"path": p, "version": v, "explicit": m.explicit, "go": m.go_version,
             "replacement": ({"path": m.replacement[0], "version": m.replacement[1]}
                             if m.replacement else None),
             "packages": sorted(k for k, mod in self.packages.items() if mod == (p, v))}
            for (p, v), m in self.meta.items()]}


def parse_vendor(data: bytes | str) -> VendorList:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    vl = VendorList()
    mod: Mod = ("", "")
    for line in text.split("\n"):
        if line.startswith("# "):
            f = line.split()
            if len(f) < 3:
                continue
            if semver.is_valid(f[2]):
                mod, f = (f[1], f[2]), f[3:]
            elif f[2] == "=>":
                mod, f = (f[1], ""), f[2:]
            else:
                mod = ("", "")
                continue
            if len(f) >= 2 and f[0] == "=>":
                meta = vl.meta.setdefault(mod, VendorMeta())
                if len(f) == 2:
                    meta.replacement = (f[1], "")
                    vl.replaced.append(mod)
                elif len(f) == 3 and semver.is_valid(f[2]):
                    meta.replacement = (f[1], f[2])
                    vl.replaced.append(mod)
            else:
                vl.meta.setdefault(mod, VendorMeta())
            continue
        if mod[0] == "":
            if line.strip() == "## workspace":
                vl.workspace = True
            continue
        if line.startswith("## "):
            meta = vl.meta.setdefault(mod, VendorMeta())
            for entry in line[3:].split(";"):
                entry = entry.strip()
                if entry == "explicit":
                    meta.explicit = True
                if entry.startswith("go "):
                    meta.go_version = entry[3:]
            continue
        f = line.split()
        if len(f) == 1:
            vl.packages[f[0]] = mod
            known = vl.versions.get(mod[0])
            if known is None or semver.compare(known, mod[1]) < 0:
                vl.modules.append(mod)
                vl.versions[mod[0]] = mod[1]
    return vl


def _describe(m: Mod) -> str:
    return f"{m[0]}@{m[1]}" if m[1] else m[0]


def _canonical_dir(new: Mod, mod_root: Path) -> Mod:
    """Relative replacement directories compare after cleaning (``./a/../b`` is ``./b``)."""
    path, version = new
    if not is_directory_path(path, dialect_for(None)) or os.path.isabs(path):
        return new
    rel = os.path.relpath(os.path.normpath(mod_root / path), mod_root)
    if rel == ".":
        return (".", version)
    return (rel if rel.startswith("..") else "./" + rel, version)


def check_consistency(gomod: ModFile, vl: VendorList, mod_root: Path) -> list[str]:
    """The details Go lists under ``inconsistent vendoring`` (empty when consistent)."""
    errs: list[str] = []

    def err(m: Mod, detail: str) -> None:
        errs.append(f"{_describe(m)}: {detail}")

    pre114 = semver.compare("v" + (gomod.go or "1.16"), "v1.14") < 0 if gomod.go else True
    for r in gomod.require:
        m = (r.path, r.version)
        if not vl.meta.get(m, VendorMeta()).explicit:
            if pre114:
                vv = vl.versions.get(r.path)
                if vv is not None and vv != r.version:
                    err(m, "is explicitly required in go.mod, but vendor/modules.txt indicates "
                           f"{r.path}@{vv}")
            else:
                err(m, "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt")
    replacements: dict[Mod, Mod] = {}
    for rep in gomod.replace:
        replacements[(rep.old.path, rep.old.version)] = (rep.new.path, rep.new.version)
    seen: set[Mod] = set()
    for rep in gomod.replace:
        old = (rep.old.path, rep.old.version)
        if old in seen:
            continue
        seen.add(old)
        new = replacements[old]
        canon = _canonical_dir(new, mod_root)
        vr = vl.meta.get(old, VendorMeta()).replacement
        if vr is None:
            if pre114 and (old[1] == "" or vl.versions.get(old[0]) != old[1]):
                continue
            err(old, "is replaced in go.mod, but not marked as replaced in vendor/modules.txt")
        elif vr != canon:
            err(old, f"is replaced by {_describe(new)} in go.mod, but marked as replaced by "
                     f"{_describe(vr)} in vendor/modules.txt")
    required = {(r.path, r.version) for r in gomod.require}
    for m in vl.modules:
        if vl.meta[m].explicit and m not in required:
            err(m, "is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod")
    for m in vl.replaced:
        if m not in replacements and (m[0], "") not in replacements:
            err(m, "is marked as replaced in vendor/modules.txt, but not replaced in go.mod")
    return errs


def inconsistency_message(mod_dir: str, details: list[str]) -> str:
    """Go's whole message (without the leading ``go: ``)."""
    body = "".join(f"\n\t{d}" for d in details)
    return (f"inconsistent vendoring in {mod_dir}:{body}\n\n\tTo ignore the vendor directory, use "
            "-mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor")
