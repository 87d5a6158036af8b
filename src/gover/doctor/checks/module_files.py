"""The module files go reads here, checked as ``gover check`` checks them: a go.work go
rejects (a go.mod go rejects is modfile_parse's and old_toolchain's finding), go.work
``use`` lines that name no module (or leave this module out), and go.sum lines a build
of this module needs.  Only this module and its workspace are read, not the whole tree
below."""

from __future__ import annotations

from gover.doctor.checks import old_toolchain
from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding

IDS = ("modfile-unparsable", "workspace-broken", "gosum-incomplete")
ORDER = 6
_ID = {"parse": "modfile-unparsable", "workspace": "workspace-broken", "gosum": "gosum-incomplete"}


def run(ctx: DoctorContext) -> list[Finding]:
    from gover.project.modcheck import ALL_CODES, Options, check
    from gover.project.repo import Repo

    gowork, gomod = ctx.module_files
    if gowork is None and gomod is None:
        return []
    top = gomod.parent if gomod is not None else ctx.directory
    repo = Repo(top, [top] if gomod is not None else [], gowork if gowork and gowork.is_file() else None)
    opts = Options(skip=set(ALL_CODES) - set(_ID), env=ctx.env, paths=ctx.paths, reads=ctx.reads)
    # A go.mod that only Go before 1.21 rejects (the 1.21 syntax) is old_toolchain's, with
    # the fix that fits; one finding per problem.
    owned = gomod is not None and bool(old_toolchain.run(ctx))
    out = []
    for f in check(repo, options=opts).findings:
        where = str(top / f.file) + (f":{f.line}" if f.line else "")  # f.file may be absolute
        if owned and f.code == "parse" and gomod is not None and top / f.file == gomod:
            continue
        why = f"go fails with: {f.quote}" if f.quote else f.message
        out.append(Finding(_ID[f.code], f.severity, f.message, [where, *(str(top / r) for r in f.related)],
                           why, f.hint or "see the evidence", quote=f.quote))
    return out
