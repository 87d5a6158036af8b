"""Why two builds differ, from what differed and how they were made.

The causes gover can name: a value in ``-ldflags`` that changed between the
builds (typically ``-X main.date=$(date …)``), a build directory path embedded
in the output (no ``-trimpath``, or a C compiler recording its working
directory), cgo (the C toolchain's output is outside Go's control), and build
settings that differ.  When none applies the cause is "unknown" and the
differing sections are all there is to go on.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gover.buildinfo.exe import FileSection

if TYPE_CHECKING:
    from gover.release.repro import Build, Spec
    from gover.release.reprodiff import Differences


@dataclass
class Cause:
    kind: str  # "ldflags" | "path" | "cgo" | "build-settings" | "unknown"
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"cause": self.kind, "message": self.message}


def x_values(ldflags: str) -> dict[str, str]:
    """The ``-X name=value`` assignments in an -ldflags string."""
    try:
        words = shlex.split(ldflags)
    except ValueError:
        words = ldflags.split()
    out: dict[str, str] = {}
    for i, w in enumerate(words):
        arg = None
        if w in ("-X", "--X") and i + 1 < len(words):
            arg = words[i + 1]
        elif w.startswith(("-X=", "--X=")):
            arg = w.split("=", 1)[1]
        if arg and "=" in arg:
            name, value = arg.split("=", 1)
            out[name] = value
    return out


def section_at(sections: list[FileSection], offset: int) -> str:
    for s in sections:
        if s.size and s.offset <= offset < s.offset + s.size:
            return s.name
    return "outside any section"


def causes(diff: Differences, builds: list[Build], spec: Spec) -> list[Cause]:
    out: list[Cause] = []
    a, b = builds[0].ldflags, builds[1].ldflags
    if a != b:
        xa, xb = x_values(a), x_values(b)
        changed = [f"-X {k}={xa.get(k)!r} then {xb.get(k)!r}" for k in sorted(set(xa) | set(xb))
                   if xa.get(k) != xb.get(k)]
        what = "; ".join(changed) if changed else f"{a!r} then {b!r}"
        out.append(Cause("ldflags", f"-ldflags took a different value in each build ({what}): a per-build "
                         "value such as a timestamp in -ldflags -X makes every build different; derive it "
                         "from the commit instead (git log -1 --format=%ct, or SOURCE_DATE_EPOCH)"))
    for i, build in enumerate(builds):
        data = diff.contents[i]
        at = data.find(str(build.dir).encode()) if data else -1
        if at >= 0:
            where = section_at(diff.layouts[i], at)
            fix = "build with -trimpath" if not spec.trimpath else "the C toolchain records its directory"
            out.append(Cause("path", f"the build directory {build.dir} is embedded in the binary "
                             f"(in {where}): {fix}"))
            break
    if spec.cgo:
        out.append(Cause("cgo", "cgo is on: C code is built by the C toolchain, whose output may carry "
                         "paths, timestamps or different code; build with CGO_ENABLED=0 if you can"))
    settings = [line for line in diff.build_info if "\tbuild\t" in line or line[2:].startswith("build\t")]
    if settings and not out:
        out.append(Cause("build-settings", "the build settings differ: " + "; ".join(settings)))
    if not out:
        names = ", ".join(s.name for s in diff.sections) or "bytes outside the sections"
        out.append(Cause("unknown", f"nothing gover knows explains it; differing: {names}"))
    return out
