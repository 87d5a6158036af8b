"""go.mod and go.work: the ``go`` line (a minimum: the oldest Go that may build the
module; a newer Go switches to it under GOTOOLCHAIN=auto) and the ``toolchain`` line
(the exact release Go switches to).  Read as ``gover.GoModLookup`` does: top-level lines
outside blocks, ``//`` comments stripped.  gover migrate rewrites these with the go.mod
writer, not with these spans."""

from __future__ import annotations

from gover.project.pins.model import ALIAS, EXACT, MINIMUM, Pin, Source


def directive(line: str) -> tuple[str, str, int] | None:
    """``^[ \\t]*(go|toolchain)[ \\t]+(\\S+)``: (verb, token, the token's offset), or None."""
    body = line.lstrip(" \t")
    for verb in ("go", "toolchain"):
        if body.startswith(verb) and body[len(verb):len(verb) + 1] in (" ", "\t"):
            rest = body[len(verb):].lstrip(" \t")
            if not rest or rest[0].isspace():
                return None
            return verb, rest.split(None, 1)[0], len(line) - len(rest)
    return None


def read(src: Source) -> list[Pin]:
    out: list[Pin] = []
    depth, off = 0, 0
    for raw in src.text.splitlines(keepends=True):
        if depth and "(" not in raw and ")" not in raw:  # a line inside a block: no pin, no depth change
            off += len(raw)
            continue
        line = raw.split("//", 1)[0]
        if depth == 0:
            d = directive(line)
            if d:
                verb, tok, at = d
                s = off + at
                if verb == "go":
                    out.append(src.pin(s, s + len(tok), meaning=MINIMUM, tool="go", where="go",
                                       rewritable=False))
                else:
                    value = tok.removeprefix("go") if tok != "default" else tok
                    out.append(src.pin(s, s + len(tok), value=value, where="toolchain",
                                       tool="go (GOTOOLCHAIN=auto switches to it)",
                                       meaning=EXACT if tok != "default" else ALIAS, rewritable=False))
        stripped = line.strip()
        if stripped.endswith("("):
            depth += 1
        elif stripped == ")" and depth:
            depth -= 1
        off += len(raw)
    return out
