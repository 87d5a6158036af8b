"""GOPATH and GOBIN values go rejects or ignores, and install dirs missing from PATH."""

from __future__ import annotations

import os

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding

IDS = ("gopath-relative", "gopath-tilde", "gopath-is-goroot", "gobin-relative",
       "gobin-not-on-path", "gopath-bin-not-on-path")
ORDER = 70


def run(ctx: DoctorContext) -> list[Finding]:
    out: list[Finding] = []
    gp = ctx.goenv.effective("GOPATH")
    goroot = ctx.goenv.goroot().value
    for entry in [e for e in gp.value.split(os.pathsep) if e]:
        if entry.startswith("~"):
            out.append(Finding(
                "gopath-tilde", "error", "GOPATH starts with '~', which go does not expand",
                [gp.describe()],
                f"go refuses to run module commands: go: GOPATH entry cannot start with shell "
                f"metacharacter '~': \"{entry}\"",
                "set GOPATH with the full path, e.g. GOPATH=$HOME/go (the shell expands $HOME)"))
        elif not os.path.isabs(entry):
            out.append(Finding(
                "gopath-relative", "error", "GOPATH is a relative path", [gp.describe()],
                f"go fails with: go: GOPATH entry is relative; must be absolute path: \"{entry}\".",
                "set GOPATH to an absolute path (or unset it: the default is $HOME/go)"))
        elif goroot and os.path.normpath(entry) == os.path.normpath(goroot):
            out.append(Finding(
                "gopath-is-goroot", "warning", "GOPATH is set to GOROOT", [gp.describe()],
                f"go prints \"warning: GOPATH set to GOROOT ({entry}) has no effect\" and "
                "installs and caches modules inside the Go installation",
                "unset GOPATH (the default is $HOME/go)"))
    on_path = {os.path.normpath(p) for p in ctx.path_dirs}
    gobin = ctx.goenv.effective("GOBIN")
    if gobin.value:
        if not os.path.isabs(gobin.value):
            out.append(Finding(
                "gobin-relative", "error", "GOBIN is a relative path", [gobin.describe()],
                "go install fails with: cannot install, GOBIN must be an absolute path",
                "set GOBIN to an absolute path, or unset it (go install then uses GOPATH/bin)"))
        elif os.path.normpath(gobin.value) not in on_path:
            out.append(_not_on_path("gobin-not-on-path", "GOBIN", gobin.value, gobin.describe()))
    else:
        entries = [e for e in gp.value.split(os.pathsep) if e]
        if entries and os.path.isabs(entries[0]) and not entries[0].startswith("~"):
            bindir = os.path.join(entries[0], "bin")
            if os.path.normpath(bindir) not in on_path:
                out.append(_not_on_path("gopath-bin-not-on-path", "GOPATH/bin", bindir,
                                        gp.describe()))
    return out


def _not_on_path(fid: str, what: str, d: str, evidence: str) -> Finding:
    return Finding(
        fid, "warning", f"{what} ({d}) is not on PATH",
        [evidence, f"PATH does not contain {d}"],
        f"go install puts commands in {d}, so tools you install seem to disappear: the shell "
        "cannot find them",
        f'add it to PATH in your shell startup file: export PATH="$PATH:{d}"')
