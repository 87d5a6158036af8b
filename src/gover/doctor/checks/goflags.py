"""GOFLAGS that go refuses before doing anything (cmd/go/internal/base/goflags.go)."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang import versions
from gover.gomod.gostr import quote
from gover.lazyre import lazy

IDS = ("goflags-invalid",)
ORDER = 60

# Every flag name some go subcommand defines; GOFLAGS may name any of them, whichever
# command runs.  Checked against the real go 1.19 … 1.25 in the tests.
_KNOWN_TEXT = """
a asan asmflags bench benchmem benchtime blockprofile blockprofilerate buildmode buildvcs c cache
compiled compiler count cover covermode coverpkg coverprofile cpu cpuprofile d debug-actiongraph
debug-trace deps dropexclude dropreplace droprequire dropretract dropuse e exclude exec export f
failfast find fix fmt fuzz fuzzcache fuzzminimizetime fuzztime gccgoflags gcflags go i insecure
installsuffix json ldflags linkshared list m memprofile memprofilerate mod modcache modcacherw
modfile msan mutexprofile mutexprofilefraction n o outputdir overlay p parallel pkgdir print r
race replace require retract retracted reuse run short shuffle t tags test testcache timeout
toolexec trace trimpath u use v versions vet vettool w work x
"""
# Flags newer releases added, with the first release that knows them.
ADDED = {
    "debug-runtime-trace": "1.20", "fullpath": "1.20", "pgo": "1.20", "skip": "1.20",
    "toolchain": "1.21", "changed": "1.23", "godebug": "1.23", "tool": "1.24",
    "droptool": "1.24", "ignore": "1.25", "dropignore": "1.25",
}
KNOWN = frozenset(_KNOWN_TEXT.split()) | frozenset(ADDED)


def known_flag(name: str, go_version: str = "") -> bool:
    if name.startswith("test."):
        return True
    if name not in KNOWN:
        return False
    first = ADDED.get(name)
    return not (first and go_version and versions.compare(go_version, first) < 0)


def split_quoted(s: str) -> tuple[list[str], str]:
    """cmd/internal/quoted.Split: fields, allowing '' or \"\" around a whole field."""
    out: list[str] = []
    i = 0
    while i < len(s):
        while i < len(s) and s[i] in " \t\n\r":
            i += 1
        if i >= len(s):
            break
        if s[i] in "\"'":
            q = s[i]
            j = s.find(q, i + 1)
            if j < 0:
                return [], f"unterminated {q} string"
            out.append(s[i + 1:j])
            i = j + 1
            continue
        j = i
        while j < len(s) and s[j] not in " \t\n\r":
            j += 1
        out.append(s[i:j])
        i = j
    return out, ""


# The flags every build command (build, install, run, test, list, vet, clean, get) defines
# with the same type in go1.19 … go1.25, and so checks the value of (base.SetFromGOFLAGS).
_BUILD_BOOL = frozenset({"a", "n", "x", "v", "race", "msan", "asan", "linkshared", "modcacherw",
                         "trimpath", "work"})
_BUILD_INT = frozenset({"p"})
_BUILD_VALUE = frozenset({"mod", "buildmode", "compiler", "gcflags", "ldflags", "asmflags",
                          "gccgoflags", "installsuffix", "pkgdir", "tags", "toolexec", "modfile",
                          "overlay"})
_BOOLS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false",
                    "False"})  # strconv.ParseBool
# strconv.ParseInt(s, 0, 64): Go's integer literal syntax, underscores included
_GO_INT = lazy(r"[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*"
               r"|[1-9](?:_?[0-9])*)")
MODES = ("", "mod", "readonly", "vendor")
BUILD_COMMANDS = "go build, run, test, install, list, vet, clean and get"
MOD_COMMANDS = "go build, run, test, install, list and vet"


def goflags_error(value: str, go_version: str = "") -> str:
    """The message go (of ``go_version``, if known) dies with for this GOFLAGS value, or "":
    the words' form and flag names, which every command checks (values: see
    :func:`goflags_value_error`)."""
    words, err = split_quoted(value)
    if err:
        return f"go: parsing $GOFLAGS: {err}"
    for f in words:
        if not f.startswith("-") or f in ("-", "--") or f.startswith(("---", "-=", "--=")):
            return f"go: parsing $GOFLAGS: non-flag {quote(f)}"
        name = f[2:] if f.startswith("--") else f[1:]
        name = name.split("=", 1)[0]
        if not known_flag(name, go_version):
            return f"go: parsing $GOFLAGS: unknown flag -{name}"
    return ""


def goflags_value_error(value: str) -> tuple[str, str]:
    """(the message, the commands that print it) when every word is a known flag but a
    build command refuses a value: a bool or int that does not parse, a flag that needs a
    value given none (base.SetFromGOFLAGS, first word first), or a -mod mode go does not
    have (modload, after all flags are set: the last -mod wins)."""
    words, err = split_quoted(value)
    if err:
        return "", ""
    mode: str | None = None
    procs: int | None = None
    for f in words:
        flag, has_value, v = f.partition("=")
        flag = flag[1:] if flag.startswith("--") else flag  # what go names: -x for --x
        name = flag[1:]
        if name in _BUILD_BOOL and has_value and v not in _BOOLS:
            return (f"go: invalid boolean value {quote(v)} for flag {flag} (from $GOFLAGS): "
                    "parse error"), BUILD_COMMANDS
        if name == "buildvcs" and has_value and v != "auto" and v not in _BOOLS:
            return (f"go: invalid boolean value {quote(v)} for flag {flag} (from $GOFLAGS): "
                    "value is neither 'auto' nor a valid bool"), BUILD_COMMANDS
        if (name in _BUILD_INT or name in _BUILD_VALUE) and not has_value:
            return f"go: flag needs an argument: {flag} (from $GOFLAGS)", BUILD_COMMANDS
        if name in _BUILD_INT and (problem := _int_error(v)):
            return f"go: invalid value {quote(v)} for flag {flag} (from $GOFLAGS): {problem}", \
                BUILD_COMMANDS
        if name == "mod":
            mode = v
        elif name in _BUILD_INT:
            procs = _go_int(v)
    if mode is not None and mode not in MODES:
        return f"-mod={mode} not supported (can be '', 'mod', 'readonly', or 'vendor')", MOD_COMMANDS
    if procs is not None and procs <= 0:  # work.BuildInit, after modload's -mod check
        return f"go: -p must be a positive integer: {procs}", MOD_COMMANDS
    return "", ""


def _int_error(v: str) -> str:
    if not _GO_INT.fullmatch(v):
        return "parse error"
    n = _go_int(v)
    return "" if -(1 << 63) <= n < (1 << 63) else "value out of range"


def _go_int(v: str) -> int:
    """The value of a Go integer literal that :data:`_GO_INT` matched."""
    digits = v.lstrip("+-").replace("_", "")
    base = 16 if digits[:2] in ("0x", "0X") else 2 if digits[:2] in ("0b", "0B") else \
        8 if digits[:1] == "0" and len(digits) > 1 else 10
    if base != 10 and digits[1:2].isalpha():
        digits = digits[2:]
    return int(digits, base) * (-1 if v.startswith("-") else 1)


def run(ctx: DoctorContext) -> list[Finding]:
    s = ctx.goenv.effective("GOFLAGS")
    if not s.value:
        return []
    err = goflags_error(s.value, ctx.go.version)
    who = "every go command except go env and go bug"
    if not err:
        err, who = goflags_value_error(s.value)
    if not err:
        return []
    return [Finding(
        "goflags-invalid", "error", "go refuses GOFLAGS", [s.describe()],
        f"{who} fail{'s' if who.startswith('every') else ''} at once with: {err}",
        ("go env -w GOFLAGS=<fixed value>  (or go env -u GOFLAGS)" if s.origin == "file"
         else "fix or unset GOFLAGS in your environment")
        + "; each word must be -flag or -flag=value; quote a whole word to include spaces",
        quote=err)]
