"""mise (``mise.toml``, ``.mise.toml``, ``mise.<env>.toml``: ``[tools] go = …``) and
golangci-lint (``.golangci.yml|yaml|toml|json``: ``run.go``, the language version it
lints for)."""

from __future__ import annotations

from gover.project.pins import jsonc, tomlscan, yamlscan
from gover.project.pins.model import LANGUAGE, VARIABLE, Pin, Source, scalar_pin

MISE_KEYS = ("go", "golang", "core:go")


def read_mise(src: Source) -> list[Pin]:
    data = tomlscan.load(src.text)
    out: list[Pin] = []
    for e in tomlscan.scan(src.text):
        if len(e.path) < 2 or e.path[0] != "tools" or e.path[1] not in MISE_KEYS:
            continue
        rest = e.path[2:]
        if rest and rest != ("version",) and not rest[0].isdigit():
            continue
        if tomlscan.lookup(data, e.path) is None:
            continue  # the line reader misread something TOML does not say
        start, end, style = e.start, e.end, "quoted" if e.quoted else "plain"
        body = e.value
        for prefix in ("prefix:", "sub-1:", "sub-2:"):
            if body.startswith(prefix):
                start, style = start + (1 if e.quoted else 0) + len(prefix), "plain-prefixed"
                end = end - (1 if e.quoted else 0)
        if style == "plain-prefixed":
            pin = src.pin(start, end, tool="mise", where="[tools] " + e.path[1])
        else:
            pin = scalar_pin(src, start, end, style, tool="mise", where="[tools] " + e.path[1])
        if body.startswith(("ref:", "path:")):
            pin.meaning, pin.start, pin.end = VARIABLE, -1, -1
        if rest[:1] and rest[0].isdigit() and rest[0] != "0":
            pin.notes.append("not the first version listed: mise installs it, the first is used")
        out.append(pin)
    return out


def read_golangci(src: Source) -> list[Pin]:
    name = src.path.name
    tool, where = "golangci-lint (the Go language version it lints for)", "run.go"
    if name.endswith(".toml"):
        tomlscan.load(src.text)
        return [scalar_pin(src, e.start, e.end, "quoted" if e.quoted else "plain", tool=tool,
                           where=where, meaning=LANGUAGE)
                for e in tomlscan.scan(src.text) if e.path == ("run", "go")]
    if name.endswith(".json"):
        return [src.pin(v.start + 1, v.end - 1, tool=tool, where=where, meaning=LANGUAGE)
                for v in jsonc.scan(src.text) if v.path == ("run", "go") and v.is_string]
    return [scalar_pin(src, s.start, s.end, s.style, tool=tool, where=where, meaning=LANGUAGE)
            for s in yamlscan.scan(src.text) if s.path == ("run", "go") and s.style not in ("alias", "block")]
