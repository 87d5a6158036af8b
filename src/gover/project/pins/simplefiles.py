"""The one-line pin files: ``.go-version`` (gover, goenv and setup-go's ``go-version-file``
read its first line) and ``.tool-versions`` (asdf and mise read the ``golang`` line; the
first version listed is the one used)."""

from __future__ import annotations

from gover.project.pins.model import Pin, Source


def read_go_version(src: Source) -> list[Pin]:
    off = 0
    for raw in src.text.splitlines(keepends=True):
        body = raw.split("#", 1)[0]
        tok = body.strip()
        if tok:
            s = off + body.index(tok)
            return [src.pin(s, s + len(tok), tool="gover, goenv, setup-go (go-version-file)",
                            where="version")]
        off += len(raw)
    return []


def read_tool_versions(src: Source) -> list[Pin]:
    off = 0
    for raw in src.text.splitlines(keepends=True):
        body = raw.split("#", 1)[0]
        parts = body.split()
        if len(parts) >= 2 and parts[0] in ("golang", "go"):
            s = off + body.index(parts[1], body.index(parts[0]) + len(parts[0]))
            pin = src.pin(s, s + len(parts[1]), tool="asdf, mise", where=parts[0])
            if len(parts) > 2:
                pin.notes.append(f"also lists {' '.join(parts[2:])}: only the first is used")
            if pin.text.startswith("ref:") or pin.text.startswith("path:"):
                pin.meaning, pin.start, pin.end = "variable", -1, -1
            return [pin]
        off += len(raw)
    return []
