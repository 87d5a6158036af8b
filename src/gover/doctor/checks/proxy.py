"""GOPROXY/GOSUMDB settings that stop downloads or verification, and GOPRIVATE-style
patterns that do not match the modules they were obviously written for."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.errors import ConfigError
from gover.golang.proxylist import parse_goproxy
from gover.gomod.modpath import match_prefix_patterns

IDS = ("goproxy-invalid", "goproxy-off", "gosumdb-off", "private-pattern-mismatch",
       "gonosumdb-overrides-goprivate")
ORDER = 100
PATTERN_VARS = ("GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE")


def run(ctx: DoctorContext) -> list[Finding]:
    out: list[Finding] = []
    gp = ctx.goenv.effective("GOPROXY")
    try:
        entries = parse_goproxy(gp.value, ctx.goenv.effective("GONOPROXY").value)
    except ConfigError as e:
        out.append(Finding(
            "goproxy-invalid", "error", "go cannot parse GOPROXY", [gp.describe()],
            f"every module download fails with: {e.message}",
            "set GOPROXY to a list like https://proxy.golang.org,direct"))
    else:
        kinds = [e.kind for e in entries if e.kind != "noproxy"]
        if kinds and kinds[0] == "off":
            out.append(Finding(
                "goproxy-off", "warning", "module downloads are disabled (GOPROXY=off)",
                [gp.describe()],
                "any module missing from the module cache fails with: module lookup disabled by "
                "GOPROXY=off; toolchain downloads fail with: toolchain not available",
                "set GOPROXY=https://proxy.golang.org,direct (or your company proxy) when you "
                "need downloads"))
    sumdb = ctx.goenv.effective("GOSUMDB")
    if sumdb.value == "off":
        out.append(Finding(
            "gosumdb-off", "warning", "checksum verification is off (GOSUMDB=off)", [sumdb.describe()],
            "modules not yet in go.sum are accepted without checking the checksum database, so a "
            "tampered download is not detected; toolchain downloads are refused: \"verifying "
            "module: checksum database disabled by GOSUMDB=off\"",
            "unset GOSUMDB; exclude private modules with GOPRIVATE or GONOSUMDB instead"))
    out.extend(_overrides(ctx))
    out.extend(_patterns(ctx))
    return out


def _overrides(ctx: DoctorContext) -> list[Finding]:
    """GONOSUMDB defaults to GOPRIVATE only while unset: setting it replaces the GOPRIVATE
    patterns for the checksum database instead of adding to them."""
    private, nosum = ctx.goenv.lookup("GOPRIVATE"), ctx.goenv.lookup("GONOSUMDB")
    mine = [x.strip() for x in nosum.value.split(",")]
    missing = [g.strip() for g in private.value.split(",") if g.strip() and g.strip() not in mine]
    if not nosum.value or not missing:
        return []
    return [Finding(
        "gonosumdb-overrides-goprivate", "warning",
        "GONOSUMDB replaces GOPRIVATE's patterns instead of adding to them",
        [nosum.describe(), private.describe()],
        "GONOSUMDB defaults to GOPRIVATE only when unset, so modules matching "
        f"{', '.join(missing)} are checked against the public checksum database again (a "
        "private one fails with \"verifying module: … 404 Not Found\" or 410 Gone)",
        f"GONOSUMDB={nosum.value},{','.join(missing)}   (check with: gover proxy route MODULE)")]


def _module_paths(ctx: DoctorContext) -> list[str]:
    """The main module's path and the modules its go.mod requires."""
    mf = ctx.main_modfile
    if mf is None:
        return []
    return ([mf.module] if mf.module else []) + [r.path for r in mf.require]


def _near_miss(glob: str, path: str) -> str:
    """Why ``glob`` was obviously meant for ``path`` but does not match it, or ""."""
    if match_prefix_patterns(glob, path):
        return ""
    if "://" in glob:
        bare = glob.split("://", 1)[1]
        if match_prefix_patterns(bare, path):
            return "patterns are module paths, not URLs: drop the scheme"
    if match_prefix_patterns(glob.lower(), path.lower()):
        return "patterns are case-sensitive"
    if glob.startswith("*.") and match_prefix_patterns(glob[2:], path):
        return f"'*.' needs a subdomain: {glob[2:]} itself does not match {glob}"
    n = glob.rstrip("/").count("/") + 1
    elems = path.split("/")
    if len(elems) < n and glob.rstrip("/").startswith(path):
        return (f"a pattern with {n} path elements only matches paths with at least {n} elements")
    return ""


def _patterns(ctx: DoctorContext) -> list[Finding]:
    paths = _module_paths(ctx)
    out: list[Finding] = []
    for var in PATTERN_VARS:
        s = ctx.goenv.lookup(var)
        for glob in [g for g in s.value.split(",") if g.strip()]:
            for path in paths:
                why = _near_miss(glob.strip(), path)
                if why:
                    out.append(Finding(
                        "private-pattern-mismatch", "warning",
                        f"{var} pattern {glob!r} does not match {path}", [s.describe(),
                        f"module path: {path}"],
                        f"go matches {var} with module.MatchPrefixPatterns and {why}, so {path} "
                        "is still fetched through the proxy and checked against the public checksum "
                        "database (a private module then fails with 404/410 \"verifying module\")",
                        f"fix the pattern in {var} (check with: gover proxy route {path})"))
                    break
    return out
