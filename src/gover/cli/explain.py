"""``gover current --explain``: every source the resolution consulted, in order."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from gover.cli.context import Ctx
    from gover.resolve import Resolution


def print_trace(ctx: Ctx, res: Resolution) -> None:
    from gover.golang.gostrconv import quote  # bytes that are not UTF-8 shown as Go shows them

    ctx.out("Sources, in the order gover consulted them:")
    steps = list(res.trace)
    i, n = 0, 0
    while i < len(steps):
        s = steps[i]
        j = i
        while s.source == "directory" and j + 1 < len(steps) and steps[j + 1].source == "directory":
            j += 1
        n += 1
        if j > i:  # a run of directories holding no pin: one line
            ctx.out(f"  {n}. {s.where} … {steps[j].where}: {s.reason} ({j - i + 1} directories)")
            i = j + 1
            continue
        value = f" {quote(s.value)}" if s.value else ""
        arrow = f" -> {res.version}: " if s.applied and res.version != "system" else ": "
        mark = "  <- applies" if s.applied else ("  <- error" if s is res.origin and res.error else "")
        ctx.out(f"  {n}. {s.where}{value}{arrow}{s.reason}{mark}")
        i += 1
    if res.default:
        ctx.out(f"The default: {res.default}; GOTOOLCHAIN={res.gotoolchain or '(empty)'}.")
    elif res.gotoolchain:
        ctx.out(f"GOTOOLCHAIN={res.gotoolchain}: the default is not consulted.")
    ctx.out()
