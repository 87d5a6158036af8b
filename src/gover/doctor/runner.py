"""Find and run doctor's checks: every module in ``gover.doctor.checks`` is one check.

A check module defines ``IDS`` (the finding ids it can produce), ``ORDER`` (where it
sits in the report) and ``run(ctx) -> list[Finding]``.  Adding a check means adding
one file there.
"""

from __future__ import annotations

import os
from types import ModuleType

from gover.doctor.context import DoctorContext
from gover.doctor.model import SEVERITIES, Finding
from gover.errors import UsageError


def check_modules() -> list[ModuleType]:
    import gover.doctor.checks as pkg

    # A listing, not pkgutil.iter_modules: that imports inspect (~20 ms of doctor's start-up).
    names = sorted({f[:-3] for d in pkg.__path__ for f in os.listdir(d)
                    if f.endswith(".py") and not f.startswith("_")})
    # __import__ with a fromlist returns the submodule: import_module without importlib
    mods = [__import__(f"{pkg.__name__}.{n}", fromlist=("run",)) for n in names]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def all_ids() -> list[str]:
    return [i for m in check_modules() for i in m.IDS]


def run_checks(ctx: DoctorContext, only: list[str] | None = None) -> list[Finding]:
    """Run the checks (those producing an id in ``only``, if given); findings sorted by
    severity, then by check order."""
    mods = check_modules()
    known = [i for m in mods for i in m.IDS]
    for want in only or []:
        if want not in known:
            raise UsageError(f"unknown check id {want!r}; known ids: " + ", ".join(known))
    findings: list[Finding] = []
    for mod in mods:
        if only and not set(only) & set(mod.IDS):
            continue
        try:
            found = mod.run(ctx)
        except Exception as e:  # a broken environment must not break the doctor
            found = [Finding(
                id=mod.IDS[0], severity="info", title=f"check {mod.__name__.rsplit('.', 1)[-1]} "
                "could not run", evidence=[f"{type(e).__name__}: {e}"],
                explanation="doctor skipped this check; the rest of the report is unaffected",
                fix="please report this with the evidence above")]
        findings.extend(f for f in found if not only or f.id in only)
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))
