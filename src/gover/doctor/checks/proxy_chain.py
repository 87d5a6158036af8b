"""With --online: probe the GOPROXY chain and the checksum database as go would use them."""

from __future__ import annotations

from gover.doctor.context import DoctorContext
from gover.doctor.model import Finding
from gover.errors import GoverError

IDS = ("proxy-chain-broken", "sumdb-check-failed")
ORDER = 101
DEFAULT_MODULE = "golang.org/x/text"


def _probe_module(ctx: DoctorContext) -> str:
    """A module the project really fetches: its first requirement, else a well-known one."""
    mf = ctx.main_modfile
    for r in mf.require if mf else []:
        return r.path
    return DEFAULT_MODULE


def run(ctx: DoctorContext) -> list[Finding]:
    if not ctx.online:
        return []
    from gover.net import Client
    from gover.proxydiag.check import check_chain
    from gover.proxydiag.sumdbprobe import check_sumdb

    module = _probe_module(ctx)
    client = Client(ctx.env, retries=0, timeout=10, backoff=0)
    try:
        chain = check_chain(module, ctx.goenv, client)
    except GoverError:
        return []  # an unparsable GOPROXY is reported by the proxy check
    out: list[Finding] = []
    evidence = [f"{p.entry}. {p.url}: {p.outcome}" + (f" ({p.error or p.status})" if p.error or p.status
                                                      else "") for p in chain.probes]
    if not chain.ok:
        out.append(Finding(
            "proxy-chain-broken", "error", f"the GOPROXY chain does not serve {module}",
            [ctx.goenv.effective("GOPROXY").describe(), *evidence], chain.reason,
            f"see: gover proxy check --module {module}"))
    latest = chain.versions[-1] if chain.versions else None
    s = check_sumdb(module, latest, ctx.goenv, client, chain.route.checksum_db)
    if s.error:
        out.append(Finding(
            "sumdb-check-failed", "error", f"the checksum database check failed for {module}",
            [f"GOSUMDB={s.gosumdb}", *([f"reached at {s.base}"] if s.base else [])], s.error,
            f"see: gover proxy check --module {module}"))
    return out
