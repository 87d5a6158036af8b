"""The hand-written matchers that replaced regular expressions on the start-up path
(compiling a pattern costs 0.1-1 ms in every process) accept exactly what the patterns
accepted.  The patterns live here, as the reference; x/mod's and Go's own are the same
ones (modfile.GoVersionRE, semver's grammar)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gover.golang import versions
from gover.gomod import dialect, modpath, semver
from gover.project.pins import gomod as pins_gomod
from gover.shell import stamp

GO_RE = re.compile(r"([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?")
GO_RE_OLD = re.compile(r"([1-9][0-9]*)\.(0|[1-9][0-9]*)")
SERIES_RE = re.compile(r"(?:go)?([1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.x)?")
SEMVER_RE = re.compile(r"v(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)"
                       r"(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?")
SAFE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
LINE_RE = re.compile(r"^[ \t]*(go|toolchain)[ \t]+(\S+)")

# Alphabets near each grammar, so that most draws are almost valid.
versionish = st.text(alphabet="0123456789.rcbetalphx go", max_size=12)
semverish = st.text(alphabet="v0123456789.-+aZz", max_size=14)
nameish = st.text(alphabet="aZ09._+-/ é\n", max_size=8)
lineish = st.text(alphabet="gotoolchain \t\x0b\r\n1.2é/", max_size=16)


@settings(max_examples=200)
@given(versionish)
@example("1.21.0rc1")
@example("1.021")
@example("0.1")
@example("1.21rc01")
def test_go_line_ok_is_gomod_go_version_re(v: str) -> None:
    assert dialect.go_line_ok(v, True) is bool(GO_RE.fullmatch(v))
    assert dialect.go_line_ok(v, False) is bool(GO_RE_OLD.fullmatch(v))


@settings(max_examples=200)
@given(versionish)
@example("go1.22.x")
@example("1.x")
@example("gogo1")
@example("go.x")
def test_series_is_the_series_pattern(t: str) -> None:
    m = SERIES_RE.fullmatch(t)
    want = None if m is None else (m.group(1) if m.group(2) is None else f"{m.group(1)}.{m.group(2)}")
    assert versions._series(t) == want


@settings(max_examples=300)
@given(semverish)
@example("v1.2.3-0.20240101-abc+build.1")
@example("v1.2.3-01")
@example("v1.2.3-a..b")
@example("v1.2.3+a+b")
@example("v01.2.3")
def test_semver_parse_is_the_grammar(v: str) -> None:
    m = SEMVER_RE.fullmatch(v)
    semver.parse.cache_clear()
    got = semver.parse(v)
    if m is None:
        assert got is None
        return
    major, minor, patch, pre, build = m.groups()
    leading_zero = any(x.isdigit() and len(x) > 1 and x[0] == "0" for x in (pre or "-")[1:].split("."))
    if leading_zero:
        assert got is None
    else:
        assert got is not None and (got.major, got.minor, got.patch) == (major, minor or "0", patch or "0")
        assert (got.prerelease, got.build) == (pre or "", build or "")


@given(st.text(alphabet="aA/zZ!-.é", max_size=12))
def test_escape_marks_each_capital(s: str) -> None:
    assert modpath.escape(s) == re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), s)


@given(nameish)
@example("go1.22")
@example("-x")
@example("é")
def test_safe_name_is_the_pattern(name: str) -> None:
    assert stamp.safe_name(name) is bool(SAFE_RE.fullmatch(name))


@settings(max_examples=200)
@given(lineish)
@example("go \x0b1.21")
@example("\ttoolchain\tgo1.22.1 // x")
@example("gopher 1")
def test_go_mod_directive_is_the_line_pattern(line: str) -> None:
    m = LINE_RE.match(line)
    want = None if m is None else (m.group(1), m.group(2), m.start(2))
    assert pins_gomod.directive(line) == want


@given(st.text(alphabet="go1.2-custom \tx", max_size=14))
def test_from_toolchain_cuts_at_the_first_separator(name: str) -> None:
    v = name[2:] if name.startswith("go") else name[name.find("-go") + 3:] if "-go" in name else None
    if v is None or "/" in name:
        return
    m = re.search(r"[ \t-]", v)
    cut = v[: m.start()] if m else v
    assert versions.from_toolchain(name) == (cut if versions.is_valid(cut) else "")
