"""Edit the go, toolchain and require lines of go.mod/go.work in place.

Unlike ``go mod edit`` (which reformats the whole file), only the bytes of the
changed token are replaced: every comment, blank line, indentation, CRLF and
even an invalid UTF-8 byte elsewhere stay exactly as they were.  Each edit is
re-parsed, so a result Go would reject is never returned.
"""

from __future__ import annotations

from gover.errors import ConfigError
from gover.gomod.editjson import is_work_file
from gover.gomod.gostr import decode, encode
from gover.gomod.modfile import ModFile, parse_mod
from gover.gomod.syntax import Line
from gover.gomod.workfile import WorkFile, parse_work


def _parse(name: str, text: str) -> ModFile | WorkFile:
    return parse_work(name, text) if is_work_file(name) else parse_mod(name, text)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _replace_token(text: str, line: Line, index: int, value: str) -> str:
    a, b = line.token_spans[index]
    return text[:a] + value + text[b:]


def set_go(name: str, data: bytes, version: str) -> bytes:
    """Set (or add) the ``go`` line."""
    text = decode(data)
    f = _parse(name, text)
    nl = _newline(text)
    if f.go_line is not None:
        text = _replace_token(text, f.go_line, 1, version)
    elif isinstance(f, ModFile) and f.module_line is not None:
        at = f.module_line.end_offset
        sep = "" if text[:at].endswith("\n") or at == 0 else nl
        text = text[:at] + sep + nl + f"go {version}" + nl + text[at:]
    else:
        text = f"go {version}{nl}{nl}" + text
    return _verify(name, text, lambda g: g.go == version)


def set_toolchain(name: str, data: bytes, toolchain: str | None) -> bytes:
    """Set, add (after the go line) or, with None, remove the ``toolchain`` line."""
    text = decode(data)
    f = _parse(name, text)
    nl = _newline(text)
    line = f.toolchain_line
    if toolchain is None:
        if line is None:
            return data
        a, b = _line_start(text, line.start.offset), line.end_offset
        before, after = text[:a], text[b:]
        # Drop one of two blank lines that would now be adjacent.
        if (before.endswith(nl + nl) or before == nl or before == "") and after.startswith(nl):
            after = after[len(nl):]
        text = before + after
    elif line is not None:
        text = _replace_token(text, line, 1, toolchain)
    elif f.go_line is not None:
        at = f.go_line.end_offset
        sep = "" if text[:at].endswith("\n") else nl
        text = text[:at] + sep + nl + f"toolchain {toolchain}" + nl + text[at:]
    else:
        raise ConfigError(f"{name}: has no go line to put a toolchain line after",
                          "set the go version first (gover migrate --go VERSION)")
    return _verify(name, text, lambda g: g.toolchain == toolchain)


def set_require(name: str, data: bytes, path: str, version: str) -> bytes:
    """Change the version of every ``require path`` line (comments such as ``// indirect`` stay)."""
    text = decode(data)
    f = parse_mod(name, text)
    lines = [r.line for r in f.require if r.path == path]
    if not lines:
        raise ConfigError(f"{name}: does not require {path}")
    for line in sorted(lines, key=lambda x: x.start.offset, reverse=True):
        text = _replace_token(text, line, 1 if line.in_block else 2, version)
    return _verify(name, text, lambda g: all(r.version == version for r in g.require if r.path == path))


def _verify(name: str, text: str, ok: object) -> bytes:
    g = _parse(name, text)
    assert callable(ok) and ok(g), f"edit of {name} did not take"
    return encode(text)
