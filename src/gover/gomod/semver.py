"""Module versions as golang.org/x/mod reads them: ``semver`` (vMAJOR[.MINOR[.PATCH]][-pre][+build])
and the module-path rules ``module.SplitPathVersion`` / ``CheckPathMajor`` / ``CanonicalVersion``.

These are *module* versions (``v1.2.3``), not Go toolchain versions (see ``gover.golang.versions``).
"""

from __future__ import annotations

from functools import cmp_to_key, lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    class Parsed(NamedTuple):
        major: str
        minor: str
        patch: str
        short: str  # what Canonical appends: ".0.0", ".0" or ""
        prerelease: str
        build: str
else:
    from collections import namedtuple

    Parsed = namedtuple("Parsed", "major minor patch short prerelease build")


_IDENT = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


def _number(v: str, i: int) -> int:
    """The end of the number at ``v[i:]`` (0, or no leading zero), or -1 (x/mod's parseInt)."""
    j = i
    while j < len(v) and "0" <= v[j] <= "9":
        j += 1
    return -1 if j == i or (v[i] == "0" and j - i > 1) else j


def _dotted(v: str, i: int, numbers: bool) -> int:
    """The end of ``-a.b`` or ``+a.b`` at ``v[i]``: dot-separated identifiers, none empty
    (with ``numbers``, a numeric one without a leading zero); -1 if malformed."""
    j = start = i + 1
    while j < len(v) and (v[j] != "+" or not numbers):
        c = v[j]
        if c == ".":
            if start == j or (numbers and _bad_num(v[start:j])):
                return -1
            start = j + 1
        elif c not in _IDENT:
            return -1
        j += 1
    if start == j or (numbers and _bad_num(v[start:j])):
        return -1
    return j


def _bad_num(x: str) -> bool:
    return len(x) > 1 and x[0] == "0" and x.strip("0123456789") == ""


@lru_cache(maxsize=8192)
def parse(v: str) -> Parsed | None:
    """x/mod semver's parse, by hand as there: no regular expression to compile at start-up."""
    if not v.startswith("v"):
        return None
    i = _number(v, 1)
    if i < 0:
        return None
    major = v[1:i]
    if i == len(v):
        return Parsed(major, "0", "0", ".0.0", "", "")
    if v[i] != ".":
        return None
    j = _number(v, i + 1)
    if j < 0:
        return None
    minor = v[i + 1:j]
    if j == len(v):
        return Parsed(major, minor, "0", ".0", "", "")
    if v[j] != ".":
        return None
    k = _number(v, j + 1)
    if k < 0:
        return None
    patch, pre, build = v[j + 1:k], "", ""
    if k < len(v) and v[k] == "-":
        e = _dotted(v, k, True)
        if e < 0:
            return None
        pre, k = v[k:e], e
    if k < len(v) and v[k] == "+":
        e = _dotted(v, k, False)
        if e < 0:
            return None
        build, k = v[k:e], e
    if k != len(v):
        return None
    return Parsed(major, minor, patch, "", pre, build)


def is_valid(v: str) -> bool:
    return parse(v) is not None


def canonical(v: str) -> str:
    p = parse(v)
    if p is None:
        return ""
    if p.build:
        return v[: len(v) - len(p.build)]
    return v + p.short


def major(v: str) -> str:
    p = parse(v)
    return "" if p is None else "v" + p.major


def build(v: str) -> str:
    p = parse(v)
    return "" if p is None else p.build


def prerelease(v: str) -> str:
    p = parse(v)
    return "" if p is None else p.prerelease


def _cmp_int(x: str, y: str) -> int:
    if len(x) != len(y):
        return -1 if len(x) < len(y) else 1
    return (x > y) - (x < y)


def _cmp_pre(x: str, y: str) -> int:
    if x == y:
        return 0
    if x == "":
        return 1
    if y == "":
        return -1
    xs, ys = x[1:].split("."), y[1:].split(".")
    for a, b in zip(xs, ys, strict=False):
        if a == b:
            continue
        an, bn = a.isdigit(), b.isdigit()
        if an and bn:
            return _cmp_int(a, b)
        if an != bn:
            return -1 if an else 1
        return -1 if a < b else 1
    return (len(xs) > len(ys)) - (len(xs) < len(ys))


@lru_cache(maxsize=16384)  # gover check compares the same few versions across every module
def compare(v: str, w: str) -> int:
    """semver.Compare: invalid versions are equal to each other and below valid ones."""
    pv, pw = parse(v), parse(w)
    if pv is None and pw is None:
        return 0
    if pv is None:
        return -1
    if pw is None:
        return 1
    for a, b in ((pv.major, pw.major), (pv.minor, pw.minor), (pv.patch, pw.patch)):
        c = _cmp_int(a, b)
        if c:
            return c
    return _cmp_pre(pv.prerelease, pw.prerelease)


sort_key = cmp_to_key(compare)


# --- module paths (golang.org/x/mod/module) --------------------------------------------

def canonical_version(v: str) -> str:
    """module.CanonicalVersion: like canonical, but keeps ``+incompatible``."""
    cv = canonical(v)
    if build(v) == "+incompatible":
        cv += "+incompatible"
    return cv


def _split_gopkg_in(path: str) -> tuple[str, str, bool]:
    i = len(path)
    if path.endswith("-unstable"):
        i -= len("-unstable")
    while i > 0 and "0" <= path[i - 1] <= "9":
        i -= 1
    if i <= 1 or path[i - 1] != "v" or path[i - 2] != ".":
        return path, "", False
    prefix, path_major = path[: i - 2], path[i - 2 :]
    if len(path_major) <= 2 or (path_major[2] == "0" and path_major != ".v0"):
        return path, "", False
    return prefix, path_major, True


def split_path_version(path: str) -> tuple[str, str, bool]:
    """``example.com/x/v2`` → ("example.com/x", "/v2", True); gopkg.in uses ``.v2``."""
    if path.startswith("gopkg.in/"):
        return _split_gopkg_in(path)
    i = len(path)
    dot = False
    while i > 0 and ("0" <= path[i - 1] <= "9" or path[i - 1] == "."):
        dot = dot or path[i - 1] == "."
        i -= 1
    if i <= 1 or i == len(path) or path[i - 1] != "v" or path[i - 2] != "/":
        return path, "", True
    prefix, path_major = path[: i - 2], path[i - 2 :]
    if dot or len(path_major) <= 2 or path_major[2] == "0" or path_major == "/v1":
        return path, "", False
    return prefix, path_major, True


def check_path_major(v: str, path_major: str) -> str | None:
    """module.CheckPathMajor: None when ``v`` fits the path's major suffix, else the
    error detail Go prints after ``version "v" invalid: ``."""
    if path_major.startswith(".v") and path_major.endswith("-unstable"):
        path_major = path_major.removesuffix("-unstable")
    if v.startswith("v0.0.0-") and path_major == ".v1":
        return None  # an old pseudo-version bug Go still accepts
    m = major(v)
    if path_major == "":
        if m in ("v0", "v1") or build(v) == "+incompatible":
            return None
        path_major = "v0 or v1"
    elif path_major[0] in "/.":
        if m == path_major[1:]:
            return None
        path_major = path_major[1:]
    return f"should be {path_major}, not {m}"
