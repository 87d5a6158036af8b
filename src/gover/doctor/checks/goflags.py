"""GOFLAGS that go refuses before doing anything (cmd/go/internal/base/goflags.go)."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.golang import versions
from gover.gomod.gostr import quote

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


def goflags_error(value: str, go_version: str = "") -> str:
    """The message go (of ``go_version``, if known) dies with for this GOFLAGS value, or ""."""
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


def run(ctx: DoctorContext) -> list[Finding]:
    s = ctx.goenv.effective("GOFLAGS")
    if not s.value:
        return []
    err = goflags_error(s.value, ctx.go.version)
    if not err:
        return []
    return [Finding(
        "goflags-invalid", "error", "go refuses GOFLAGS", [s.describe()],
        f"every go command except go env and go bug fails at once with: {err}",
        ("go env -w GOFLAGS=<fixed value>  (or go env -u GOFLAGS)" if s.origin == "file"
         else "fix or unset GOFLAGS in your environment")
        + "; each word must be -flag or -flag=value; quote a whole word to include spaces")]
