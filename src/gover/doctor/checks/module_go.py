"""The module (or workspace, or a dependency) needs a newer Go than the one selected, and
what GOTOOLCHAIN makes go do about it: fail, find go1.X.Y on PATH, or download."""

from __future__ import annotations

from pathlib import Path

from gover.doctor.checks.gotoolchain import parse_gotoolchain
from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding, Fix
from gover.errors import ConfigError
from gover.golang import versions
from gover.gomod.modfile import parse_mod
from gover.gomod.modpath import escape
from gover.gomod.workfile import parse_work
from gover.toolchain.platforms import host_platform

IDS = ("module-needs-newer-go", "dependency-needs-newer-go")
ORDER = 5


def needed_toolchain(go_line: str, toolchain_line: str | None) -> str:
    """The toolchain go switches to for these lines (cmd/go/internal/toolchain modGoToolchain):
    the go line as a release (1.22 → go1.22.0), or a newer ``toolchain`` line."""
    v = go_line
    if versions.is_lang(v) and versions.compare(v, "1.21") >= 0:
        v += ".0"
    best = "go" + v
    if toolchain_line and toolchain_line != "default":
        tv = versions.from_toolchain(toolchain_line)
        if tv and versions.compare(tv, v) > 0:
            best = toolchain_line
    return best


def run(ctx: DoctorContext) -> list[Finding]:
    running = _running(ctx)
    if not running:
        return []
    out: list[Finding] = []
    gowork, gomod = ctx.module_files
    main = _main_requirement(ctx, gowork)
    if versions.compare(running, "1.21") < 0:
        return _before_121(ctx, running, main)
    if main and versions.compare(main[1], running) > 0:
        out.append(_too_new(ctx, "module-needs-newer-go", main[0], main[1], main[2], main[3]))
    if gomod is not None and not out:
        out.extend(_dependencies(ctx, gomod, running))
    return out


def _running(ctx: DoctorContext) -> str:
    """The Go that actually runs: gover's selection (which applies GOTOOLCHAIN as go does),
    else — when it failed — the one GOTOOLCHAIN pins, else the go found on PATH."""
    if ctx.resolution.error is None and ctx.resolution.goroot is not None:
        return ctx.go.version
    gt = ctx.goenv.effective("GOTOOLCHAIN").value
    minimum, mode, err = parse_gotoolchain(gt) if gt else ("local", "local", "")
    if mode == "pinned" and not err:
        return versions.from_toolchain(minimum)
    return ctx.go.version


def _before_121(ctx: DoctorContext, running: str,
                main: tuple[str, str, str, str] | None) -> list[Finding]:
    """Go before 1.21 has no toolchain switch and no TooNewError: it builds a module
    declaring a newer go (with its own language rules), and only when compilation fails
    does it add a note (go1.19.8: "note: module requires Go 1.23").  A go line it cannot
    parse (1.23.0) is old_toolchain's finding."""
    from gover.gomod.modfile import ModFileError

    _, gomod = ctx.module_files
    if main is None or versions.compare(main[1], running) <= 0:
        return []
    if gomod is not None and main[0] == "go.mod":
        try:
            parse_mod(str(gomod), gomod.read_bytes(), go_version=running)
        except (ModFileError, OSError):
            return []
        except ConfigError:
            pass
    quote = f"note: module requires Go {main[1]}"
    return [Finding(
        "module-needs-newer-go", "warning", f"{main[0]} declares go {main[1]}, newer than the "
        f"selected go{running}", [main[3], f"selected: {ctx.go.gobin} (go{running}; {ctx.go.origin})"],
        f"go{running} predates toolchain switching: it builds the module with Go {running}'s "
        "language and library, and when compilation fails it only adds: " + quote,
        f"select Go >= {main[1]} here (gover local {main[1]}), or install it: gover install {main[1]}",
        [Fix("install", {"version": main[1]}, f"install Go {main[1]} with gover")], quote=quote)]


def _main_requirement(ctx: DoctorContext, gowork: Path | None) -> tuple[str, str, str, str] | None:
    """(subject as go names it, go version, toolchain line, evidence) of the main module or workspace."""
    if gowork is not None and gowork.is_file():
        try:
            wf = parse_work(str(gowork), gowork.read_bytes())
        except (ConfigError, OSError):
            return None  # a file go cannot parse is reported by the parse checks
        if wf.go:
            line = wf.go_line.start.line if wf.go_line else 0
            return "go.work", wf.go, wf.toolchain or "", f"{gowork}:{line}: go {wf.go}"
    mf = ctx.main_modfile
    if mf is not None and mf.go:
        line = mf.go_line.start.line if mf.go_line else 0
        return "go.mod", mf.go, mf.toolchain or "", f"{ctx.module_files[1]}:{line}: go {mf.go}"
    return None


def _too_new(ctx: DoctorContext, fid: str, subject: str, need: str, toolchain: str,
             where: str) -> Finding:
    running = _running(ctx)
    gt = ctx.goenv.effective("GOTOOLCHAIN")
    minimum, mode, _ = parse_gotoolchain(gt.value) if gt.value else ("local", "local", "")
    # For the main module go names the exact toolchain; for a dependency it picks the newest
    # release of that Go line it can find, so only the line is known here.
    exact = fid == "module-needs-newer-go"
    target = needed_toolchain(need, toolchain) if exact else "go" + need
    evidence = [where, f"selected: {ctx.go.gobin} (go{running}; {ctx.go.origin})", gt.describe()]
    plat = host_platform(ctx.env)
    want = versions.from_toolchain(target) or need
    have = installed_satisfying(ctx, want)
    install = Fix("install", {"version": versions.strip_go(target)},
                  f"install {target} with gover")
    fix = f"gover install {versions.strip_go(target)}"
    suffix = "" if gt.value == "auto" else f"; GOTOOLCHAIN={gt.value}"
    message = f"go: {subject} requires go >= {need} (running go {running}{suffix})"
    if mode == "pinned":
        return _pinned(ctx, fid, subject, need, want, have, evidence, message)
    if mode == "local" or not gt.value or not exact:
        # A dependency's go line never makes go build switch toolchains (only go get does):
        # it fails with the TooNewError whatever GOTOOLCHAIN allows.
        if have:
            # Installing again would change nothing: the cure is to select what is there.
            return Finding(fid, "error", f"{subject} needs go >= {need}, but go{running} is selected",
                           [*evidence, f"installed: go{have}"], f"go refuses to build: {message}",
                           f"gover local {have}   (go{have} is installed and satisfies go >= {want})",
                           quote=message)
        return Finding(fid, "error", f"{subject} needs go >= {need}, but go{running} is selected",
                       evidence, f"go refuses to build: {message}", fix + " and select it", [install],
                       quote=message)
    if exact:
        import shutil  # only for a GOTOOLCHAIN switch to an exact release

        on_path = shutil.which(target, path=ctx.env.get("PATH", ""))
    else:
        on_path = None
    if on_path:
        return Finding(fid, "info", f"{subject} needs go >= {need}; go will switch to {target}",
                       [*evidence, f"{target} found on PATH: {on_path}"],
                       f"with GOTOOLCHAIN={gt.value}, go re-runs the command with {on_path}",
                       "nothing to do (or select that version with gover to skip the switch)")
    if mode == "path":
        return Finding(fid, "error", f"{subject} needs go >= {need}, and {target} is not on PATH",
                       evidence, f"go fails with: go: cannot find \"{target}\" in PATH",
                       fix + " (gover's shims dir provides go1.X.Y commands)", [install],
                       quote=f"go: cannot find \"{target}\" in PATH")
    proxy = ctx.goenv.effective("GOPROXY")
    sumdb = ctx.goenv.effective("GOSUMDB")
    if proxy.value.split(",")[0].split("|")[0].strip() in ("off", ""):
        return Finding(fid, "error", f"{subject} needs go >= {need}; go cannot download {target}",
                       [*evidence, proxy.describe()],
                       f"go tries to download it and fails: go: download {target} for {plat}: "
                       "toolchain not available", fix, [install],
                       quote=f"go: download {target} for {plat}: toolchain not available")
    if sumdb.value == "off":
        return Finding(fid, "error", f"{subject} needs go >= {need}; go cannot verify {target}",
                       [*evidence, sumdb.describe()],
                       f"go downloads {target} but refuses it: go: download {target}: "
                       f"golang.org/toolchain@v0.0.1-{target}.{plat.goos}-{plat.goarch}: verifying "
                       "module: checksum database disabled by GOSUMDB=off", fix, [install])
    return Finding(fid, "warning", f"{subject} needs go >= {need}; go will download {target}",
                   [*evidence, proxy.describe()],
                   f"go prints \"go: downloading {target} ({plat})\" and fetches it from "
                   f"{proxy.value.split(',')[0]} (it needs the network, and the toolchain lands in "
                   "the module cache, not in gover)", fix, [install])


def _dependencies(ctx: DoctorContext, gomod: Path, running: str) -> list[Finding]:
    """Requirements whose own go.mod (in the module cache or vendor/modules.txt) needs more."""
    mf = ctx.main_modfile
    if mf is None:
        return []
    cache = ctx.goenv.effective("GOMODCACHE").value
    vendor_go = _vendor_go_lines(gomod.parent / "vendor" / "modules.txt")
    worst: tuple[str, str, str] | None = None
    for r in mf.require:
        need, where = "", ""
        if (r.path, r.version) in vendor_go:
            need, where = vendor_go[(r.path, r.version)], f"{gomod.parent}/vendor/modules.txt"
        elif cache:
            need, where = _cached_go_line(Path(cache), r.path, r.version)
        if need and versions.compare(need, running) > 0 and \
                (worst is None or versions.compare(need, worst[1]) > 0):
            worst = (f"{r.path}@{r.version}", need, where)
    if worst is None:
        return []
    return [_too_new(ctx, "dependency-needs-newer-go", worst[0], worst[1], "",
                     f"{worst[2]}: go {worst[1]}")]


def _cached_go_line(cache: Path, path: str, version: str) -> tuple[str, str]:
    # Opened by plain string paths (the OS reads them as the Path would name them): most are
    # not in the cache, and a Path each costs more than the failed open; found, it is named
    # as the Path spells it.
    base, ep, ev = str(cache), escape(path), escape(version)
    for raw, f in ((f"{base}/cache/download/{ep}/@v/{ev}.mod",
                    lambda: cache / "cache" / "download" / ep / "@v" / f"{ev}.mod"),
                   (f"{base}/{ep}@{ev}/go.mod", lambda: cache / f"{ep}@{ev}" / "go.mod")):
        try:
            with open(raw, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        name = str(f())
        try:
            mf = parse_mod(name, data, strict=False)
        except ConfigError:
            continue
        return mf.go or "", name
    return "", ""


def _vendor_go_lines(path: Path) -> dict[tuple[str, str], str]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    from gover.gomod.vendor import parse_vendor  # only with a vendor/modules.txt

    vl = parse_vendor(data)
    return {m: meta.go_version for m, meta in vl.meta.items() if meta.go_version}


def installed_satisfying(ctx: DoctorContext, want: str) -> str:
    """The newest release in gover's store at or above ``want`` ("" if none)."""
    from gover.toolchain.store import Store

    have = [i.version for i in Store(ctx.paths).installed()
            if versions.is_valid(i.version) and versions.compare(i.version, want) >= 0]
    return max(have, key=versions.sort_key) if have else ""


def _pinned(ctx: DoctorContext, fid: str, subject: str, need: str, want: str, have: str,
            evidence: list[str], message: str) -> Finding:
    """A GOTOOLCHAIN=go1.X.Y pin older than the requirement: the pin is the cause, and no
    install or selection changes what go runs while it stands."""
    gt = ctx.goenv.effective("GOTOOLCHAIN")
    unpinned = ctx.go_unpinned.version  # gover applies the pin itself: what runs without it
    selected_ok = bool(unpinned) and versions.compare(unpinned, want) >= 0
    new_pin = f"go{have or want}"
    fixes: list[Fix] = []
    if gt.origin == "file":
        if selected_ok:
            fix = f"go env -u GOTOOLCHAIN   (the selected go{unpinned} satisfies it)"
            fixes = [Fix("go-env-unset", {"file": gt.path, "key": "GOTOOLCHAIN"},
                         f"remove GOTOOLCHAIN={gt.value} from {gt.path}")]
        else:
            fix = f"go env -w GOTOOLCHAIN={new_pin}   (or go env -u GOTOOLCHAIN)"
    else:
        fix = (f"unset GOTOOLCHAIN   (the selected go{unpinned} satisfies it)" if selected_ok
               else f"export GOTOOLCHAIN={new_pin}   (or unset GOTOOLCHAIN)")
    return Finding(fid, "error", f"{subject} needs go >= {need}, but GOTOOLCHAIN={gt.value} "
                   "pins an older Go", evidence, f"go refuses to build: {message}", fix, fixes,
                   quote=message)
