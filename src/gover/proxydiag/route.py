"""How ``go`` will fetch a module: the GOPROXY chain, GONOPROXY/GOPRIVATE, checksum database.

Mirrors cmd/go/internal/modfetch: ``lookup`` (GONOPROXY sends a module to the
origin VCS), ``TryProxies`` (``,`` falls through only on not-found, ``|`` on any
error) and ``useSumDB`` (GOSUMDB=off or GONOSUMDB skip verification — except for
golang.org/toolchain, which is always verified unless GOPROXY is a single file://).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gover.errors import UsageError
from gover.golang.goenv import GoEnv, Setting
from gover.golang.proxylist import ProxyEntry, parse_goproxy
from gover.gomod.modpath import check_path, match_prefix_patterns

TOOLCHAIN_MODULE = "golang.org/toolchain"


@dataclass(frozen=True)
class Decision:
    """Which variable and pattern decided something, and where that value came from."""

    variable: str
    pattern: str
    origin: str  # where the variable's value came from (Setting.where())

    def to_json(self) -> dict[str, str]:
        return {"variable": self.variable, "pattern": self.pattern, "origin": self.origin}


@dataclass
class Route:
    module: str
    mode: str  # "proxy" | "direct" | "off"
    proxies: list[ProxyEntry]  # proxy URLs only, in order, each with its fallback rule
    direct_fallback: bool  # the chain ends in "direct"
    off_at_end: bool  # the chain ends in "off"
    matched_by: Decision
    checksum_db: bool
    checksum_db_name: str
    checksum_by: Decision
    insecure: bool
    insecure_by: Decision | None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "module": self.module, "mode": self.mode,
            "proxies": [{"url": p.url, "fallback": p.fallback} for p in self.proxies],
            "direct_fallback": self.direct_fallback, "off_at_end": self.off_at_end,
            "matched_by": self.matched_by.to_json(),
            "checksum_db": self.checksum_db, "checksum_db_name": self.checksum_db_name,
            "checksum_by": self.checksum_by.to_json(),
            "insecure": self.insecure,
            "insecure_by": self.insecure_by.to_json() if self.insecure_by else None,
            "notes": self.notes,
        }


def private_setting(ge: GoEnv, key: str) -> Setting:
    """GONOPROXY/GONOSUMDB, or the GOPRIVATE they default to (with its own origin)."""
    s = ge.lookup(key)
    return s if s.value else ge.lookup("GOPRIVATE")


def route(module: str, ge: GoEnv) -> Route:
    """The route for ``module``; ConfigError (Go's message) if GOPROXY does not parse,
    UsageError (Go's message too) if ``module`` is not a module path go would fetch."""
    malformed = check_path(module)
    if malformed:
        raise UsageError(malformed)
    goproxy = ge.effective("GOPROXY")
    noproxy = private_setting(ge, "GONOPROXY")
    entries = parse_goproxy(goproxy.value, noproxy.value)
    notes: list[str] = []

    glob = match_prefix_patterns(noproxy.value, module) if noproxy.value else None
    if glob is not None and goproxy.value != "direct":
        matched = Decision(noproxy.key, glob, noproxy.where())
        mode, proxies, direct_fb, off_end = "direct", [], False, False
        notes.append(f"{module} matches {noproxy.key} pattern {glob!r}: fetched from its origin "
                     "(version control), never through a proxy")
    else:
        chain = [e for e in entries if e.kind != "noproxy"]
        proxies = [e for e in chain if e.kind == "proxy"]
        direct_fb = bool(chain) and chain[-1].kind == "direct" and bool(proxies)
        off_end = bool(chain) and chain[-1].kind == "off" and bool(proxies)
        mode = "proxy" if proxies else chain[0].kind
        matched = Decision("GOPROXY", goproxy.value, goproxy.where())
        if mode == "off":
            notes.append("GOPROXY=off: go fails with \"module lookup disabled by GOPROXY=off\"")
        for i, e in enumerate(proxies[:-1]):
            if e.fallback == "not-found":
                notes.append(f"entry {i + 1} ({e.url}) is followed by ',': the next entry is tried "
                             "only when it answers 404 or 410, not on errors or timeouts")
    sumdb, checksum, checksum_by = _checksum(module, ge, goproxy.value)
    insecure_set = ge.lookup("GOINSECURE")
    iglob = match_prefix_patterns(insecure_set.value, module) if insecure_set.value else None
    insecure_by = Decision("GOINSECURE", iglob, insecure_set.where()) if iglob else None
    if insecure_by and mode != "direct" and not direct_fb:
        notes.append("GOINSECURE only affects direct (origin) fetches, which this route never makes")
    return Route(module, mode, proxies, direct_fb, off_end, matched, checksum, sumdb, checksum_by,
                 insecure_by is not None, insecure_by, notes)


def _checksum(module: str, ge: GoEnv, goproxy: str) -> tuple[str, bool, Decision]:
    gosumdb = ge.effective("GOSUMDB")
    name = gosumdb.value.split()[0] if gosumdb.value.split() else ""
    if module == TOOLCHAIN_MODULE:
        single_file = goproxy.startswith("file://") and not any(c in goproxy for c in ",|")
        if not single_file:
            why = "go always verifies toolchains against the checksum database, even with GONOSUMDB"
            if gosumdb.value == "off":
                name, why = "", ("GOSUMDB=off, so go refuses toolchain downloads: \"verifying module: "
                                 "checksum database disabled by GOSUMDB=off\"")
            return name, True, Decision("module", TOOLCHAIN_MODULE, why)
    if gosumdb.value == "off":
        return name, False, Decision("GOSUMDB", "off", gosumdb.where())
    if not gosumdb.value:  # go still insists on a database and fails: "missing GOSUMDB"
        return name, True, Decision("GOSUMDB", "", "GOSUMDB is empty (no GOROOT/go.env?): "
                                    "go fails with \"verifying module: missing GOSUMDB\"")
    nosum = private_setting(ge, "GONOSUMDB")
    glob = match_prefix_patterns(nosum.value, module) if nosum.value else None
    if glob is not None:
        return name, False, Decision(nosum.key, glob, nosum.where())
    return name, True, Decision("GOSUMDB", gosumdb.value, gosumdb.where())
