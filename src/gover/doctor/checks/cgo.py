"""cgo on with no C compiler (or one for another architecture), and cgo silently off
because none was found.

Which builds fail depends on the packages: with cgo on, only a package that needs cgo
(``import "C"``, or the standard net and os/user and what imports them) runs the C
compiler.  The module importing one of them makes the failure certain (error); otherwise
a pure-Go build still works (warning).
"""

from __future__ import annotations

import os
import stat

from gover.doctor.checks.caches import go_errno
from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang import versions

IDS = ("cgo-no-compiler", "cgo-off-no-compiler", "cgo-cross-compiler")
ORDER = 90

# cmd/go/internal/cfg.DefaultCC: clang where the system compiler is clang.
_CLANG_OSES = ("darwin", "ios", "freebsd", "openbsd")
# The first word of `cc -dumpmachine` → GOARCH.
_MACHINE_ARCH = {"x86_64": "amd64", "i386": "386", "i486": "386", "i586": "386", "i686": "386",
                 "aarch64": "arm64", "arm64": "arm64", "riscv64": "riscv64",
                 "powerpc64le": "ppc64le", "powerpc64": "ppc64", "s390x": "s390x",
                 "mips64el": "mips64le", "mips64": "mips64", "mipsel": "mipsle", "mips": "mips",
                 "loongarch64": "loong64"}
# A cross compiler per GOARCH, as Debian/Ubuntu name them, for the fix.
_CROSS_CC = {"arm64": "aarch64-linux-gnu-gcc", "arm": "arm-linux-gnueabihf-gcc",
             "386": "i686-linux-gnu-gcc", "amd64": "x86_64-linux-gnu-gcc",
             "riscv64": "riscv64-linux-gnu-gcc", "ppc64le": "powerpc64le-linux-gnu-gcc",
             "s390x": "s390x-linux-gnu-gcc", "loong64": "loongarch64-linux-gnu-gcc"}
# Standard packages that import runtime/cgo (through net or os/user) when cgo is on: a module
# importing one of them runs the C compiler.  Each is checked with the real go list -deps in
# tests/integration/doctor/test_go_verdicts.py; a third-party package importing them is not
# seen here (the verdict stays a warning).
CGO_STD = frozenset((
    "net", "os/user", "plugin", "runtime/cgo", "net/http", "net/http/httptest",
    "net/http/httputil", "net/http/pprof", "net/rpc", "net/rpc/jsonrpc", "net/smtp", "net/mail",
    "net/textproto", "crypto/tls", "crypto/x509", "log/syslog", "expvar"))
# runtime/cgo's gcc_<arch>.S, assembled by GNU as for the host: the first line it prints.
_ASM_FAILS = ("arm64", "riscv64")


def _find_executable(file: str) -> str:
    """os/exec findExecutable (unix): "" or the error text."""
    try:
        st = os.stat(file)
    except OSError as e:
        return f"stat {file}: {go_errno(e.errno or 0)}"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory"
    return "" if st.st_mode & 0o111 and os.access(file, os.X_OK) else "permission denied"


def look_path(name: str, path_env: str, cwd: str) -> tuple[str, str]:
    """os/exec.LookPath: a name with a slash is stat'ed as it is, a bare name is looked up
    in PATH (an empty entry is the current directory).  (found, "") or ("", Go's error)."""
    if "/" in name:
        full = name if os.path.isabs(name) else os.path.join(cwd, name)
        err = _find_executable(full)
        return (name, "") if not err else ("", f'exec: "{name}": {err}')
    for d in path_env.split(os.pathsep):
        cand = os.path.join(d or ".", name)
        if not _find_executable(cand if os.path.isabs(cand) else os.path.join(cwd, cand)):
            return cand, ""
    return "", f'exec: "{name}": executable file not found in $PATH'


def _std_builds_cgo(ctx: DoctorContext, goos: str, goarch: str, cc: str) -> bool:
    """Whether go compiles the standard library's cgo parts here.  Go before 1.20 ships
    them compiled (GOROOT/pkg/<goos>_<goarch>/runtime/cgo.a) and uses them while CC names
    the compiler they were built with (go1.19: net/http builds with no gcc at all, but not
    with CC=/nonexistent/gcc)."""
    default = "clang" if goos in _CLANG_OSES else "gcc"
    shipped = os.path.join(ctx.go.goroot, "pkg", f"{goos}_{goarch}", "runtime", "cgo.a")
    return cc != default or not (ctx.go.goroot and os.path.isfile(shipped))


def _cgo_import(ctx: DoctorContext, std: bool = True) -> str:
    """``file: import "path"`` of the module's first import that needs cgo ("C", or with
    ``std`` a standard package in CGO_STD), or ""."""
    from gover.project.goimports import module_imports

    _, gomod = ctx.module_files
    if gomod is None:
        return ""  # no module here: nothing to scan (and never a whole home directory)
    try:
        for i in module_imports(gomod.parent, "m"):
            if i.path == "C" or (std and i.path in CGO_STD):
                return f"{i.file}:{i.line}: import \"{i.path}\""
    except OSError:
        pass
    return ""


def _host() -> tuple[str, str]:
    from gover.toolchain.platforms import host_platform

    p = host_platform({})
    return p.goos, p.goarch


def run(ctx: DoctorContext) -> list[Finding]:
    host_os, host_arch = _host()
    goos = ctx.goenv.lookup("GOOS").value or host_os
    goarch = ctx.goenv.lookup("GOARCH").value or host_arch
    cross = (goos, goarch) != (host_os, host_arch)
    cgo = ctx.goenv.lookup("CGO_ENABLED")
    cc_setting = ctx.goenv.lookup("CC")
    cc_words = cc_setting.value.split()
    cc = cc_words[0] if cc_words else ("clang" if goos in _CLANG_OSES else "gcc")
    found, err = look_path(cc, ctx.env.get("PATH", ""), str(ctx.directory))
    explicit = cgo.value in ("0", "1")
    # cmd/go/internal/cfg: an explicit setting wins; cross-compiling turns cgo off; from
    # Go 1.20, with CC unset in the process environment and no default compiler, off too.
    new_default = not ctx.go.version or versions.compare(ctx.go.version, "1.20") >= 0
    if explicit:
        enabled = cgo.value == "1"
    else:
        enabled = not cross and (bool(found) or bool(ctx.env.get("CC")) or not new_default)
    where = cc_setting.describe() if cc_setting.value else f"CC is not set: the default C compiler is {cc}"
    if err and enabled:
        return [_no_compiler(ctx, cgo.describe(), where, cc, err,
                             _std_builds_cgo(ctx, goos, goarch, cc))]
    if err and not explicit and not cross and new_default:
        return [Finding(
            "cgo-off-no-compiler", "info", "cgo is off because no C compiler was found",
            [where, f"{cc} is not found on PATH"],
            "since Go 1.20, when CGO_ENABLED is unset and the C compiler is missing, go defaults "
            "to CGO_ENABLED=0: pure-Go net and os/user are used, and packages with import \"C\" "
            "are excluded (\"build constraints exclude all Go files\")",
            "install a C compiler if you need cgo; otherwise nothing to do")]
    if found and enabled and cross:
        return _wrong_target(ctx, [cgo.describe(), where], cc_words or [cc], goos, goarch)
    return []


def _no_compiler(ctx: DoctorContext, cgo: str, where: str, cc: str, err: str,
                 std: bool) -> Finding:
    quote = f'cgo: C compiler "{cc}" not found: {err}'
    certain = _cgo_import(ctx, std)
    return Finding(
        "cgo-no-compiler", "error" if certain else "warning",
        f"cgo is on but the C compiler {cc!r} cannot be run", [cgo, where, err, *filter(None, [certain])],
        ("this module needs cgo (the import above), so go build fails" if certain else
         "pure-Go packages still build, but any that needs cgo (import \"C\"" +
         (", or the standard net and os/user and everything importing them" if std else
          f"; go{ctx.go.version}'s precompiled net and os/user still work") + ") fails") +
        f" in runtime/cgo with: {quote}",
        "install a C compiler (e.g. apt install gcc), set CC to one, or set CGO_ENABLED=0",
        quote=quote)


def _wrong_target(ctx: DoctorContext, evidence: list[str], cc: list[str], goos: str,
                  goarch: str) -> list[Finding]:
    import subprocess  # only to ask a C compiler: most runs never get here

    try:
        r = subprocess.run([*cc, "-dumpmachine"], capture_output=True, text=True, timeout=10,
                           env=dict(ctx.env), cwd=ctx.directory, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    machine = r.stdout.strip()
    arch = _MACHINE_ARCH.get(machine.split("-", 1)[0], "")
    # An x86-64 gcc may build 386 with -m32 (multilib): not known to fail.
    if r.returncode != 0 or not arch or arch == goarch or (arch, goarch) == ("amd64", "386"):
        return []
    gnu_as = "clang" not in os.path.basename(cc[0])
    quote = f"gcc_{goarch}.S: Assembler messages:" if goarch in _ASM_FAILS and gnu_as else ""
    certain = _cgo_import(ctx, _std_builds_cgo(ctx, goos, goarch, cc[0]))
    cross_cc = _CROSS_CC.get(goarch, f"a {goarch} cross compiler")
    return [Finding(
        "cgo-cross-compiler", "error" if certain else "warning",
        f"cgo is on for {goos}/{goarch}, but the C compiler {cc[0]!r} builds for {machine}",
        [*evidence, f"{' '.join(cc)} -dumpmachine: {machine}", *filter(None, [certain])],
        ("this module needs cgo (the import above), so go build fails" if certain else
         "pure-Go packages still build, but any that needs cgo (import \"C\", or the standard "
         "net and os/user and everything importing them) fails") +
        " when the C compiler builds runtime/cgo for the wrong architecture" +
        (f" (go prints \"# runtime/cgo\", then: {quote})" if quote else ""),
        f"set CC to a cross compiler (CC={cross_cc}, e.g. apt install "
        f"{'gcc-' + cross_cc.removesuffix('-gcc') if cross_cc.endswith('-gcc') else cross_cc}), "
        "or set CGO_ENABLED=0", quote=quote)]
