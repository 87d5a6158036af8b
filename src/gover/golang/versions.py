"""Go version grammar, exactly as Go's ``internal/gover``, plus gover's user specs.

Go versions are ``major[.minor[.patch]][kind[pre]]`` with decimal numbers and no
leading zeros.  A missing patch is ``.0`` only before 1.21; from 1.21 on, ``1.21``
is a *language* version that sorts below its prereleases and releases::

    1.21 < 1.21beta1 < 1.21rc1 < 1.21.0 < 1.21.1

Functions here take versions without the ``go`` prefix unless they say otherwise.
Malformed versions compare below every valid one and equal to each other.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from gover.errors import UsageError
from gover.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    class Version(NamedTuple):
        major: str = ""
        minor: str = ""
        patch: str = ""
        kind: str = ""  # "", "alpha", "beta", "rc"
        pre: str = ""
else:  # the same tuple type; typing.NamedTuple would import typing on every start
    from collections import namedtuple

    Version = namedtuple("Version", ("major", "minor", "patch", "kind", "pre"), defaults=("",) * 5)


_ZERO = Version()


def cut_int(x: str) -> tuple[str, str] | None:
    """(a decimal number without a needless leading zero, the rest), or None."""
    i = 0
    while i < len(x) and "0" <= x[i] <= "9":
        i += 1
    if i == 0 or (x[0] == "0" and i != 1):  # no digits, or a needless leading zero
        return None
    return x[:i], x[i:]


def _cut_prerelease(x: str) -> tuple[str, str] | None:
    i = 0
    while i < len(x) and not ("0" <= x[i] <= "9"):
        if not ("a" <= x[i] <= "z"):
            return None
        i += 1
    if i == 0:
        return None
    kind, rest = x[:i], x[i:]
    if rest == "":
        return kind, ""
    cut = cut_int(rest)
    if cut is None or cut[1] != "":
        return None
    return kind, cut[0]


def _cmp_int(x: str, y: str) -> int:
    if x == y:
        return 0
    if len(x) != len(y):
        return -1 if len(x) < len(y) else 1
    return -1 if x < y else 1


# Memoised: resolving, shim tables and doctor ask for the same few names thousands of times.
@functools.lru_cache(maxsize=4096)
def parse(x: str) -> Version:
    """Parse ``x`` (no ``go`` prefix); the zero Version if malformed."""
    cut = cut_int(x)
    if cut is None:
        return _ZERO
    major, x = cut
    if x == "":
        return Version(major, "0", "0")
    if x[0] != ".":
        return _ZERO
    cut = cut_int(x[1:])
    if cut is None:
        return _ZERO
    minor, x = cut
    if x == "":
        # Before Go 1.21 a missing patch means .0; from 1.21 it is the language version.
        return Version(major, minor, "0" if _cmp_int(minor, "21") < 0 else "")
    if x[0] == ".":
        cut = cut_int(x[1:])
        if cut is None:
            return _ZERO
        patch, x = cut
        if x == "":
            return Version(major, minor, patch)
        pr = _cut_prerelease(x)  # newer Go accepts 1.21.3rc1 (< 1.21.3)
        return _ZERO if pr is None else Version(major, minor, patch, *pr)
    pr = _cut_prerelease(x)
    return _ZERO if pr is None else Version(major, minor, "", *pr)


def compare(x: str, y: str) -> int:
    """-1, 0 or +1 as ``x`` is older than, equal to or newer than ``y``."""
    kx, ky = sort_key(x), sort_key(y)
    return (kx > ky) - (kx < ky)


@functools.lru_cache(maxsize=4096)
def sort_key(x: str) -> tuple[int, int, int, tuple[int, str], int]:
    """A key whose tuple order is exactly :func:`compare`'s order (accepts a ``go`` prefix)."""
    v = parse(strip_go(x))

    def num(s: str) -> int:
        return int(s) if s else -1  # "" sorts below "0", as in CmpInt

    # "" < alpha < beta < rc, except that a patch release sorts above its own prereleases.
    kind = (1, "") if v.patch and not v.kind else (0, v.kind)
    return (num(v.major), num(v.minor), num(v.patch), kind, num(v.pre))


def max_version(x: str, y: str) -> str:
    return y if compare(x, y) < 0 else x


def is_valid(x: str) -> bool:
    return parse(x) != _ZERO


def is_lang(x: str) -> bool:
    v = parse(x)
    return v != _ZERO and v.patch == "" and v.kind == "" and v.pre == ""


def lang(x: str) -> str:
    v = parse(x)
    if v.minor == "" or (v.major == "1" and v.minor == "0"):
        return v.major
    return f"{v.major}.{v.minor}"


def is_stable(x: str) -> bool:
    v = parse(strip_go(x))
    return v != _ZERO and v.kind == ""


def strip_go(x: str) -> str:
    return x[2:] if x.startswith("go") else x


def from_toolchain(name: str) -> str:
    """The version in a toolchain name (``go1.22.3``, ``go1.22.3-custom``), or ""."""
    if "/" in name or "\\" in name:
        return ""
    if name.startswith("go"):
        v = name[2:]
    elif (i := name.find("-go")) >= 0:
        v = name[i + 3 :]
    else:
        return ""
    for sep in " \t-":  # what follows the version: a suffix or a comment
        v = v.split(sep, 1)[0]
    return v if is_valid(v) else ""


def toolchain_name(x: str) -> str:
    """``1.22.10`` or ``go1.22.10`` → ``go1.22.10``."""
    return "go" + strip_go(x)


def minor_of(x: str) -> tuple[int, int]:
    v = parse(strip_go(x))
    return (int(v.major or -1), int(v.minor or -1))


def newest(candidates: Iterable[str]) -> str | None:
    return max(candidates, key=sort_key, default=None)


def nearest(request: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The ``n`` candidates nearest to ``request``, nearest first: its own minor first
    (by distance in patches), then the minors around it by distance, each minor's
    newest patch before its older ones; at equal distance the newer one first.

    This is the one order of every "nearest: …" list gover prints.  A bare major
    (``1``, ``latest``) has no minor to be near: the newest come first.
    """
    newest_first = sorted({c for c in candidates if is_valid(strip_go(c))}, key=sort_key, reverse=True)
    want = strip_go(request)
    if not is_valid(want) or "." not in want:
        return newest_first[:n]
    wmajor, wminor = minor_of(want)
    wpatch = _patch_number(want)
    seen: dict[tuple[int, int], int] = {}
    keys: dict[str, tuple[int, int, int]] = {}
    for i, c in enumerate(newest_first):
        major, minor = minor_of(c)
        rank = seen[(major, minor)] = seen.get((major, minor), -1) + 1  # 0 = newest of its minor
        if (major, minor) == (wmajor, wminor):
            keys[c] = (0, abs(_patch_number(c) - wpatch), i)
        else:  # a minor of another major is farther than any minor of this one
            distance = abs(minor - wminor) + 1 if major == wmajor else 10_000 + abs(major - wmajor)
            keys[c] = (distance, rank, i)
    return sorted(newest_first, key=keys.__getitem__)[:n]


def _patch_number(x: str) -> int:
    """The patch as a number; a prerelease or language version sits just below ``.0``."""
    p = parse(strip_go(x)).patch
    return int(p) if p and not parse(strip_go(x)).kind else -1


# --- user specs --------------------------------------------------------------

SPEC_HELP = "1.22.10, go1.22.10, 1.22, 1.22.x, 1.23rc1, latest or stable"


def _series(t: str) -> str | None:
    """``[go]N[.M][.x]`` (N not 0) as ``N`` or ``N.M``; None for anything else."""
    s = t.removeprefix("go").removesuffix(".x")
    cut = cut_int(s)
    if cut is None or s[0] == "0":
        return None
    if cut[1] == "":
        return s
    if cut[1][0] != ".":
        return None
    minor = cut_int(cut[1][1:])
    return s if minor is not None and minor[1] == "" else None


@record(frozen=True)
class Spec:
    """What a user asked for: an exact release, a series (``1.22``) or the newest stable."""

    text: str
    kind: str  # "exact" | "series" | "stable"
    version: str = ""  # exact: "1.22.10"; series: "1.22" or "1"

    def matches(self, candidate: str) -> bool:
        c = strip_go(candidate)
        if not is_valid(c):
            return False
        if self.kind == "exact":
            return compare(c, self.version) == 0
        if not is_stable(c) or not parse(c).patch:
            return False
        if self.kind == "stable":
            return True
        want = self.version.split(".")
        v = parse(c)
        return [v.major, v.minor][: len(want)] == want

    def select(self, candidates: Iterable[str]) -> str | None:
        """The newest candidate this spec accepts (candidates may carry a ``go`` prefix)."""
        return newest(c for c in candidates if self.matches(c))

    def describe(self) -> str:
        if self.kind == "exact":
            return toolchain_name(self.version)
        if self.kind == "stable":
            return "the newest stable Go"
        return f"the newest go{self.version}.x"

    def missing(self) -> str:
        """What a source that has nothing for this spec lacks: "no go1.98.x release"."""
        if self.kind == "exact":
            return f"no {toolchain_name(self.version)}"
        if self.kind == "stable":
            return "no stable release"
        return f"no go{self.version}.x release"


def parse_spec(text: str) -> Spec:
    """Parse a user's version spec; raise UsageError naming the accepted forms."""
    t = text.strip()
    low = t.lower()
    if low in ("latest", "stable"):
        return Spec(t, "stable")
    series = _series(t)
    if series is not None:
        # "1.22" names a series.  Go reads "1.20" as "1.20.0", but a user asking for
        # "1.20" means the newest 1.20.x, as with every version manager.
        return Spec(t, "series", series)
    v = strip_go(t)
    if is_valid(v):
        return Spec(t, "exact", v)
    raise UsageError(f'invalid version "{text}": expected {SPEC_HELP}')

