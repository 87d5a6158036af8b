"""Rendering for ``gover release`` and ``gover buildinfo --vulns``: text, JSON, GitHub annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gover.cli.context import Ctx

if TYPE_CHECKING:
    from gover.buildinfo.modinfo import BuildInfo
    from gover.release.check import CheckResult
    from gover.release.repro import Result
    from gover.release.verdict import Verdict
    from gover.release.vulnmatch import Report


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def _summary(v: Verdict) -> str:
    from gover.release.verdict import linkage_word

    f = v.facts
    bits = []
    if f.info is not None:
        bits.append(f.info.go_version)
    if f.target():
        bits.append(f.target())
    bits.append(linkage_word(f))
    return ", ".join(b for b in bits if b)


def check(ctx: Ctx, result: CheckResult, fmt: str) -> None:
    if fmt == "json":
        ctx.json(result.to_json())
        return
    if fmt == "github":
        _github(ctx, result)
        return
    for w in result.warnings:
        ctx.info(f"warning: {w}")
    for v in result.verdicts:
        head = f"{v.file}: {'ok' if v.ok else 'FAIL'}"
        ctx.out(head + (f" ({_summary(v)})" if _summary(v) else ""))
        for x in v.violations:
            ctx.out(f"  x {x.check}: {x.message}")
            ctx.out(f"      from {x.source}; rule: {x.rule}")
        for n in v.notes:
            ctx.out(f"  - {n}")
    _footer(ctx, result)


def _footer(ctx: Ctx, result: CheckResult) -> None:
    if result.vulndb is not None and not result.vulndb["error"]:
        ctx.out(f"Vulnerabilities: {result.vulndb['note']}.")
    failed = [v for v in result.verdicts if not v.ok]
    n = len(result.verdicts)
    count = sum(len(v.violations) for v in failed)
    ctx.out(f"{n} {'binary' if n == 1 else 'binaries'}: {n - len(failed)} passed, {len(failed)} failed"
            + (f" ({count} {'violation' if count == 1 else 'violations'})" if count else "")
            + (f"; policy {result.policy.path}" if result.policy.path else ""))


def _github(ctx: Ctx, result: CheckResult) -> None:
    for w in result.warnings:
        ctx.out(f"::warning title=gover release check::{_data(w)}")
    for v in result.verdicts:
        for x in v.violations:
            ctx.out(f"::error file={_prop(v.file)},title={_prop('gover release check: ' + x.check)}::"
                    f"{_data(f'{x.message} (from {x.source}; rule: {x.rule})')}")
    _footer(ctx, result)


def repro(ctx: Ctx, r: Result, fmt: str) -> None:
    if fmt == "json":
        ctx.json(r.to_json())
        return
    s = r.spec
    how = ", ".join([r.target, "-trimpath" if s.trimpath else "no -trimpath",
                     f"CGO_ENABLED={int(s.cgo)}"] + ([f"-ldflags {s.ldflags!r}"] if s.ldflags else []))
    word = "reproducible" if r.reproducible else "NOT reproducible"
    ctx.out(f"{word}: {s.pkg} built twice with {r.go_version} ({how})")
    for name, b in zip(("first", "second"), r.builds, strict=True):
        ctx.out(f"  {name:<6} build: sha256 {b.sha256}  {b.size} bytes  {b.seconds:.1f} s"
                + (f"  in {b.dir}" if r.kept else ""))
    d = r.diff
    if d is None:
        return
    first = d.first
    if first is not None:
        role = f" ({first.role})" if first.role else ""
        ctx.out(f"  first differing section: {first.name}{role} at offset {first.offset:#x}")
        ctx.out("  differing sections: " + ", ".join(x.name for x in d.sections))
    elif d.outside_sections:
        ctx.out("  only bytes outside every section differ (headers, padding)")
    else:
        ctx.out("  only the Go build ID differs: the link inputs changed, the code did not")
    if d.build_id:
        ctx.out(f"  Go build ID: {d.build_id[0]} vs {d.build_id[1]}")
    for line in d.build_info:
        ctx.out(f"  build info {line}")
    for c in r.causes:
        ctx.out(f"  likely cause ({c.kind}): {c.message}")


def vuln_lines(report: Report) -> list[str]:
    out = []
    for h in report.hits:
        fix = f"fixed in {h.fixed}" if h.fixed else "not fixed"
        out.append(f"  {h.id}  {h.module} {h.version}  {fix}  {h.summary}")
    for u in report.upgrades:
        out.append(f"  upgrade {u.module} {u.current} → {u.to}: clears {', '.join(u.ids)}" if u.to
                   else f"  no {u.module} version clears {', '.join(u.ids)}")
    for vid, why in report.unknown:
        out.append(f"  {vid}: could not be checked: {why}")
    for mod, why in report.unchecked:
        out.append(f"  not checked: {mod} ({why})")
    return out


def buildinfo_vulns(ctx: Ctx, urls: list[str], error: str,
                    reports: list[tuple[str, BuildInfo | None, Report | None]],
                    errors: list[tuple[str, str]], as_json: bool) -> None:
    from gover.release.vulnmatch import NOTE

    if as_json:
        ctx.json({"vulndb": {"urls": urls, "error": error or None, "note": NOTE},
                  "binaries": [{"file": f, "go_version": bi.go_version,
                                "vulns": r.to_json() if r else None}
                               for f, bi, r in reports if bi is not None],
                  "errors": [{"file": f, "error": e} for f, e in errors]})
        return
    for _, e in errors:
        ctx.stdout.flush()
        print(e, file=ctx.stderr)
    if error:
        ctx.info(f"warning: vulnerabilities not checked: {error}")
        return
    for f, bi, r in reports:
        if bi is None or r is None:
            continue
        lines = vuln_lines(r)
        found = bool(r.hits or r.unknown)
        verdict = "known vulnerabilities" if found else "no known vulnerabilities"
        ctx.out(f"{f}: {bi.go_version}: {verdict}")
        for line in lines:
            ctx.out(line)
    ctx.out(f"Note: {NOTE}.")
