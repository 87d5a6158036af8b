"""Pseudo-versions (golang.org/x/mod/module/pseudo.go): decode commit time, revision and base.

Forms: ``vX.0.0-yyyymmddhhmmss-rev`` (no earlier tag), ``vX.Y.(Z+1)-0.yyyymmddhhmmss-rev``
(after tag vX.Y.Z), ``vX.Y.Z-pre.0.yyyymmddhhmmss-rev`` (after vX.Y.Z-pre), each with an
optional ``+incompatible``.
"""

from __future__ import annotations

import re

from gover.gomod import semver
from gover.lazyre import lazy
from gover.record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

_PSEUDO_RE = lazy(r"^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+"
                 r"(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", re.A)


@record(frozen=True)
class Pseudo:
    version: str
    base: str  # the tagged version it follows ("" when there is none)
    time: datetime  # the commit time, UTC
    rev: str  # the commit hash prefix

    def to_json(self) -> dict[str, str]:
        return {"version": self.version, "base": self.base,
                "time": self.time_text, "rev": self.rev}

    @property
    def time_text(self) -> str:
        t = self.time  # strftime does not zero-pad year 1 (the zero pseudo-version)
        return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}Z"


@record(frozen=True)
class Decoded:
    """``gover mod pseudo``: the versions decoded, in the order given."""

    versions: list[Pseudo]

    def to_json(self) -> dict[str, object]:
        return {"versions": [p.to_json() for p in self.versions]}


def is_pseudo(v: str) -> bool:
    return v.count("-") >= 2 and semver.is_valid(v) and _PSEUDO_RE.match(v) is not None


def decode(v: str) -> Pseudo:
    """Decode a pseudo-version; ValueError with Go's wording when it is not one."""
    if not is_pseudo(v):
        raise ValueError(f'pseudo-version "{v}" invalid: syntax error')
    build = semver.build(v)
    core = v[: len(v) - len(build)]
    j = core.rfind("-")
    core, rev = core[:j], core[j + 1:]
    i = core.rfind("-")
    dot = core.rfind(".")
    if dot > i:
        base, stamp = core[:dot], core[dot + 1:]
    else:
        base, stamp = core[:i], core[i + 1:]
    from datetime import datetime, timezone  # only to decode one: gover check just asks is_pseudo

    try:
        t = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        raise ValueError(f'pseudo-version "{v}" invalid: does not match version-control timestamp '
                         f'(expected {stamp})') from None
    return Pseudo(v, _base(v, base, build), t, rev)


def _base(v: str, base: str, build: str) -> str:
    pre = semver.prerelease(base)
    if pre == "":
        return ""  # vX.0.0-…: no tag before it
    if pre == "-0":
        base = base.removesuffix(pre)
        head, _, patch = base.rpartition(".")
        if int(patch) == 0:
            raise ValueError(f'pseudo-version "{v}" invalid: version before {base} would have '
                             "negative patch number")
        return f"{head}.{int(patch) - 1}{build}"
    return base.removesuffix(".0") + build
