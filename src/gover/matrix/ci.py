"""The Go versions CI should test a module on, in each CI system's matrix syntax.

The versions are the module's minimum (the minor of its ``go`` line: the oldest Go it
claims to build with) plus the supported releases (the two newest minors), minus any
minor older than the go line.  CI gets minors, not exact patches: setup-go's ``1.22.x``
and Docker's ``golang:1.22`` follow patch releases without editing the workflow.
"""

from __future__ import annotations

import json

from gover.errors import NotFoundError
from gover.golang import versions
from gover.matrix.module import GoLine
from gover.matrix.pick import SUPPORTED_MINORS, newest_per_minor
from gover.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("github", "gitlab", "json")


@record
class CiVersion:
    minor: str  # "1.22"
    newest: str  # newest known patch, "go1.22.10" ("" when none is known)
    reasons: list[str] = field(default_factory=list)  # "minimum", "supported"


def ci_versions(go_line: GoLine, releases: list[str], *, unknown: str = "") -> list[CiVersion]:
    """``unknown``: why no release is known, said when ``releases`` holds none."""
    per = newest_per_minor(releases)
    if not per:
        raise NotFoundError(f"no Go releases known: {unknown or 'the release index lists no stable release'}",
                            hint="check the network, GOVER_SOURCES, GOVER_DL_URL and GOPROXY, "
                                 "or install a release")
    minimum = versions.minor_of(go_line.version)
    newest_minor = max(per)
    if minimum > newest_minor:
        raise NotFoundError(f"{go_line.describe()} is newer than every known release "
                            f"(newest: {per[newest_minor]})")
    chosen: dict[tuple[int, int], CiVersion] = {}

    def add(m: tuple[int, int], why: str) -> None:
        v = chosen.setdefault(m, CiVersion(f"{m[0]}.{m[1]}", per.get(m, "")))
        v.reasons.append(why)

    add(minimum, "minimum")
    for m in sorted(per)[-SUPPORTED_MINORS:]:
        if m >= minimum:
            add(m, "supported")
    return [chosen[m] for m in sorted(chosen)]


def render(fmt: str, vs: list[CiVersion], go_line: GoLine, source: str, *,
           cached_age: float | None = None) -> str:
    if fmt == "github":
        # One line of JSON: what $GITHUB_OUTPUT needs for fromJSON, and also valid YAML
        # to paste after "matrix:".
        return json.dumps({"go": [f"{v.minor}.x" for v in vs]})
    if fmt == "gitlab":
        quoted = ", ".join(json.dumps(v.minor) for v in vs)  # quoted: YAML reads 1.20 as 1.2
        return (f"# Go versions for {go_line.describe()}: the minimum and the supported releases\n"
                "# use in a job with: image: golang:${GO_VERSION}\n"
                "parallel:\n"
                "  matrix:\n"
                f"    - GO_VERSION: [{quoted}]")
    doc: dict[str, Any] = {
        "file": str(go_line.file), "go": go_line.version, "source": source,
        "cached": None if cached_age is None else {"age_seconds": int(cached_age)},
        "versions": [{"minor": v.minor, "newest": v.newest, "reasons": v.reasons} for v in vs],
    }
    return json.dumps(doc, indent=2)
