"""vendor/modules.txt out of step with go.mod while go builds from vendor/."""

from __future__ import annotations

from gover.doctor.checks.goflags import split_quoted
from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang import versions

IDS = ("vendor-inconsistent",)
ORDER = 8


def _mod_flag(goflags: str) -> str:
    words, _ = split_quoted(goflags)
    for w in words:
        if w.lstrip("-").startswith("mod="):
            return w.split("=", 1)[1]
    return ""


def run(ctx: DoctorContext) -> list[Finding]:
    gowork, gomod = ctx.module_files
    if gomod is None or gowork is not None:
        return []
    modules_txt = gomod.parent / "vendor" / "modules.txt"
    if not (gomod.parent / "vendor").is_dir():
        return []
    mf = ctx.main_modfile
    if mf is None:
        return []
    flags = ctx.goenv.effective("GOFLAGS")
    mod = _mod_flag(flags.value)
    # go builds from vendor/ when asked to, or by default from go 1.14 on if vendor/ exists.
    default_vendor = bool(mf.go) and versions.compare(mf.go or "0", "1.14") >= 0
    if mod in ("mod", "readonly") or (mod != "vendor" and not default_vendor):
        return []
    from gover.gomod.vendor import check_consistency, inconsistency_message, parse_vendor  # vendor/ exists

    try:
        vl = parse_vendor(modules_txt.read_bytes() if modules_txt.exists() else b"")
    except OSError:
        return []
    details = check_consistency(mf, vl, gomod.parent)
    if not details:
        return []
    why = "GOFLAGS has -mod=vendor" if mod == "vendor" else \
        f"vendor/ exists and go.mod says go {mf.go}, so go uses it by default"
    return [Finding(
        "vendor-inconsistent", "error", "vendor/modules.txt does not match go.mod",
        [str(modules_txt), why, *details],
        "every build fails with: go: " + inconsistency_message(str(gomod.parent), details),
        "go mod vendor   (or build without vendor/: -mod=mod)")]
