"""One verdict per binary: the facts against the switches that apply to its target.

Every violation names the fact (``vcs.modified=true``), where it was read (the
ELF header, a build setting, the vulnerability database) and the rule that
asked for it (``--static``, ``.gover/release.toml:4``, or ``always`` for what no
release should ship: no build info, a header contradicting the recorded target,
a -race/-cover/-msan/-asan build).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gover.buildinfo import outdated
from gover.golang import versions
from gover.release.facts import NOT_GO, Facts
from gover.release.policy import Switches
from gover.release.vulnmatch import Report, is_local

ALWAYS = "always"
_FORMATS = {"elf": "an ELF", "macho": "a Mach-O", "pe": "a PE"}
_INSTRUMENTED = ("-race", "-msan", "-asan", "-cover")
# Operating systems where Go itself always loads system libraries: --static then
# means "nothing but those".  Names from go1.25.5 builds with CGO_ENABLED=0.
_SYSTEM_LIBS = {
    "android": {"libc.so", "libdl.so", "liblog.so", "libm.so"},
    "openbsd": {"libc.so", "libpthread.so"},
    "illumos": {"libc.so", "libsocket.so", "libnsl.so", "libsendfile.so"},
    "solaris": {"libc.so", "libsocket.so", "libnsl.so", "libsendfile.so"},
}
_WINDOWS_DLLS = frozenset((
    "advapi32", "bcrypt", "bcryptprimitives", "cfgmgr32", "comctl32", "comdlg32", "crypt32", "dbghelp",
    "dnsapi", "dwmapi", "gdi32", "imm32", "iphlpapi", "kernel32", "mswsock", "msvcrt", "ncrypt",
    "netapi32", "ntdll", "ole32", "oleaut32", "powrprof", "psapi", "rpcrt4", "sechost", "secur32",
    "setupapi", "shell32", "shlwapi", "ucrtbase", "user32", "userenv", "uxtheme", "version", "winhttp",
    "wininet", "winmm", "ws2_32", "wtsapi32"))


@dataclass
class Violation:
    check: str
    message: str
    source: str  # where the fact was read
    rule: str  # what asked for the check

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "message": self.message, "source": self.source, "rule": self.rule}


@dataclass
class Releases:
    """What is known about Go releases: for --supported-go."""

    known: list[str]
    supported: list[str]  # minors, newest first: ["1.25", "1.24"]
    source: str


@dataclass
class Verdict:
    file: str
    facts: Facts
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    vulns: Report | None = None

    @property
    def ok(self) -> bool:
        return not self.violations

    def to_json(self) -> dict[str, Any]:
        f = self.facts
        return {"file": self.file, "ok": self.ok, **f.to_json(), "build": build_facts(f),
                "error": f.error or None,
                "violations": [v.to_json() for v in self.violations], "notes": self.notes,
                "vulns": self.vulns.to_json() if self.vulns else None}


def build_facts(facts: Facts) -> dict[str, Any] | None:
    """The build-info facts the checks read, for scripts."""
    info = facts.info
    if info is None:
        return None
    s = facts.setting
    cgo = s("CGO_ENABLED")
    return {"main": info.main.path or None, "version": info.main.version or None,
            "trimpath": s("-trimpath") == "true", "cgo_enabled": None if cgo is None else cgo == "1",
            "linkmode": linkmode(facts) or None, "vcs_revision": s("vcs.revision"),
            "vcs_modified": None if s("vcs.modified") is None else s("vcs.modified") == "true",
            "instrumented": [f for f in _INSTRUMENTED if s(f) == "true"],
            "replaced": [{"path": d.path, "version": d.version, "by": d.replace.path,
                          "by_version": None if is_local(d.replace.path) else d.replace.version,
                          "local": is_local(d.replace.path)}
                         for d in info.deps if d.replace is not None]}


def judge(facts: Facts, sw: Switches, releases: Releases | None = None,
          vulns: Report | None = None) -> Verdict:
    v = Verdict(facts.file, facts, vulns=vulns)
    add = v.violations.append
    if facts.error and facts.error_kind != NOT_GO:
        add(Violation("file", facts.error, "the file system", ALWAYS))
        return v
    if facts.info is None:
        if not facts.format:
            add(Violation("build-info", facts.error, "the file", ALWAYS))
            return v
        add(Violation("build-info", f"{facts.error}: {_FORMATS[facts.format]} file not built by Go, "
                      "or with its build info stripped", "the file", ALWAYS))
    _platform(facts, sw, v)
    if sw["static"] and facts.linkage is not None:
        _static(facts, sw, v)
    if facts.info is None:
        return v
    s = facts.setting
    if sw["trimpath"] and s("-trimpath") != "true":
        add(Violation("trimpath", "built without -trimpath: the build machine's file paths are embedded",
                      "build setting -trimpath (absent)", sw.origin("trimpath")))
    if sw["clean_vcs"]:
        _vcs(facts, sw, v)
    if sw["no_replace"]:
        for d in facts.info.deps:
            if d.replace is not None:
                to = (f"the local directory {d.replace.path}" if is_local(d.replace.path)
                      else f"{d.replace.path} {d.replace.version}")
                add(Violation("replace", f"{d.path} {d.version} is replaced by {to}",
                              f"build info dep {d.path} (=> line)", sw.origin("no_replace")))
    if not sw["allow_instrumented"]:
        for flag in _INSTRUMENTED:
            if s(flag) == "true":
                rule = sw.origin("allow_instrumented")
                add(Violation("instrumented", f"a {flag} build (instrumented for testing, slower, "
                              "not for release)", f"build setting {flag}=true",
                              ALWAYS if rule == "default" else rule))
    _go_release(facts, sw, releases, v)
    if vulns is not None:
        _vulns(vulns, sw, v)
    return v


def _platform(facts: Facts, sw: Switches, v: Verdict) -> None:
    p, rec = facts.platform, facts.recorded_target
    if p is not None and rec:
        goos, goarch = rec.split("/")
        if (p.goarch and p.goarch != goarch and goarch not in p.slices) or goos not in p.goos:
            v.violations.append(Violation(
                "platform", f"the header says {'/'.join(p.goos)} {p.goarch or '?'}, the build info "
                f"says {rec}", f"{p.detail}; build settings GOOS/GOARCH", ALWAYS))
    allowed = sw["targets"]
    if not allowed:
        return
    targets = [f"darwin/{a}" if "darwin" in p.goos else f"{p.goos[0]}/{a}" for a in p.slices] \
        if p is not None and p.slices else [facts.target()]
    for t in targets:
        if not t:
            v.violations.append(Violation(
                "target", f"cannot tell the target (header: {p.detail if p else 'unrecognized'})",
                "the file header", sw.origin("targets")))
        elif t not in allowed:
            where = f"build settings GOOS/GOARCH={t}" if facts.recorded_target else "the file header"
            if p is not None:
                where += f"; {p.detail}"
            v.violations.append(Violation("target", f"built for {t}, not one of {', '.join(allowed)}",
                                          where, sw.origin("targets")))


def linkmode(facts: Facts) -> str:
    m = re.search(r"-linkmode[= ]([a-z]+)", facts.setting("-ldflags") or "")
    return m.group(1) if m else ""


def nonsystem(facts: Facts) -> tuple[list[str], str]:
    """What the binary loads beyond what its OS always provides, and how that was judged."""
    lk = facts.linkage
    if lk is None:
        return [], ""
    if lk.unreadable:
        return ["libraries gover could not read"], "a damaged dynamic section or import table"
    goos = facts.target().split("/")[0] if facts.target() else ""
    if goos in ("darwin", "ios"):
        return ([lib for lib in lk.libraries if not lib.startswith(("/usr/lib/", "/System/Library/"))],
                "libraries outside /usr/lib and /System/Library")
    if goos == "windows":
        return [d for d in lk.libraries if not _windows_system(d)], "DLLs that do not ship with Windows"
    if goos in _SYSTEM_LIBS:
        return ([lib for lib in lk.libraries if lib.split(".so")[0] + ".so" not in _SYSTEM_LIBS[goos]],
                f"libraries beyond the {goos} system libraries Go always links")
    return (([f"the loader {lk.interpreter}"] if lk.interpreter else []) + lk.libraries,
            "a dynamic loader and shared libraries (a scratch or static image lacks them)")


def linkage_word(facts: Facts) -> str:
    if facts.linkage is None:
        return ""
    if not facts.linkage.dynamic:
        return "static"
    return "dynamic" if nonsystem(facts)[0] else "system libraries only"


def _static(facts: Facts, sw: Switches, v: Verdict) -> None:
    extra, what = nonsystem(facts)
    if not extra:
        return
    cgo = facts.setting("CGO_ENABLED")
    why = [f"CGO_ENABLED={cgo}"] if cgo is not None else []
    if linkmode(facts):
        why.append(f"-linkmode={linkmode(facts)}")
    assert facts.linkage is not None
    v.violations.append(Violation(
        "static", f"dynamically linked: needs {', '.join(extra)} — {what}"
        + (f" (build settings: {', '.join(why)})" if why else ""), facts.linkage.source, sw.origin("static")))


def _windows_system(dll: str) -> bool:
    name = dll.lower()
    return name.removesuffix(".dll") in _WINDOWS_DLLS or name.startswith(("api-ms-win-", "ext-ms-win-"))


def _vcs(facts: Facts, sw: Switches, v: Verdict) -> None:
    s = facts.setting
    rev = s("vcs.revision")
    if s("vcs.modified") == "true":
        v.violations.append(Violation(
            "vcs-modified", f"built from a modified working tree (uncommitted changes on top of "
            f"{s('vcs') or 'vcs'} revision {rev or '?'})", "build setting vcs.modified=true",
            sw.origin("clean_vcs")))
    if not rev:
        v.violations.append(Violation(
            "vcs-revision", "no vcs.revision: built outside a checkout, from a file list, or with "
            "-buildvcs=false, so the binary does not say which commit it is", "build settings (no vcs.*)",
            sw.origin("clean_vcs")))


def _go_release(facts: Facts, sw: Switches, releases: Releases | None, v: Verdict) -> None:
    assert facts.info is not None
    gv = facts.info.go_version
    release = outdated.release_of(gv)
    if sw["min_go"] and (not release or versions.compare(versions.strip_go(release), sw["min_go"]) < 0):
        v.violations.append(Violation("min-go", f"built with {gv}, older than the minimum go{sw['min_go']}"
                                      if release else f"built with {gv!r}, not a Go release",
                                      "the Go version in the build info", sw.origin("min_go")))
    if not sw["supported_go"] or releases is None:
        return
    a = outdated.assess(facts.file, gv, releases.known, releases.supported)
    supported = ", ".join("go" + m for m in releases.supported)
    if a.status == outdated.UNSUPPORTED:
        msg = f"built with {gv}: go{versions.lang(versions.strip_go(release))} is no longer supported " \
              f"(supported: {supported})"
    elif a.status in (outdated.UNKNOWN, outdated.PRERELEASE):
        msg = f"built with {gv!r}, " + ("a prerelease" if a.status == outdated.PRERELEASE
                                        else "not a Go release") + f" (supported: {supported})"
    else:
        if a.status == outdated.PATCH:
            v.notes.append(f"a newer patch release of go{versions.lang(versions.strip_go(release))} "
                           f"exists: {a.newest_patch}")
        return
    v.violations.append(Violation("supported-go", msg, f"the Go version in the build info; releases "
                                  f"from {releases.source}", sw.origin("supported_go")))


def _vulns(report: Report, sw: Switches, v: Verdict) -> None:
    for h in report.hits:
        fix = f"fixed in {h.fixed}" if h.fixed else "no fixed version"
        v.violations.append(Violation("vuln", f"{h.id} in {h.module} {h.version} ({fix}): {h.summary}",
                                      "Go vulnerability database, by version", sw.origin("vulns")))
    for vid, why in report.unknown:
        v.violations.append(Violation("vulndb", f"{vid} could not be checked: {why}",
                                      "Go vulnerability database", sw.origin("vulns")))
    for u in report.upgrades:
        v.notes.append(f"upgrade {u.module} {u.current} → {u.to} clears {', '.join(u.ids)}" if u.to else
                       f"no single {u.module} version clears {', '.join(u.ids)}")
    for mod, why in report.unchecked:
        v.notes.append(f"not checked for vulnerabilities: {mod} ({why})")
