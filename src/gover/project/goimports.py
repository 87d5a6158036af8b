"""The imports of a module's Go files, read as the Go parser reads a file's header
(package clause, then import declarations), with the position Go reports for each
(line, byte column of the path's opening quote).

Only what decides which modules must be in go.sum: ``_test.go`` files, files marked
``//go:build ignore``, and the directories ``./...`` skips (``.``/``_`` prefixes,
testdata, vendor, nested modules) are left out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gover.lazyre import lazy
from gover.record import record

MAX_HEADER = 1 << 20  # imports come first; a larger file is read no further
_TOKEN = lazy(rb"""
    (?P<ws>[ \t\r\n]+)
  | (?P<lc>//[^\n]*)
  | (?P<bc>/\*.*?\*/)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<id>[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)
  | (?P<p>[().;])
""", re.S | re.X)
_IGNORE = lazy(rb"^//go:build\b.*\bignore\b", re.M)


@record(frozen=True)
class Import:
    path: str
    file: Path
    line: int
    col: int
    importer: str  # the importing package's path


def _tokens(data: bytes) -> list[tuple[str, bytes, int]]:
    out, pos = [], 0
    while pos < len(data):
        m = _TOKEN.match(data, pos)
        if m is None:
            break  # anything else ends the header
        kind = m.lastgroup or ""
        if kind not in ("ws", "lc", "bc"):
            out.append((kind, m.group(), pos))
        elif kind in ("ws", "bc") and b"\n" in m.group():
            out.append(("nl", b"", pos))
        pos = m.end()
    return out


def _unquote(tok: bytes) -> str:
    body = tok[1:-1]
    if tok.startswith(b'"') and b"\\" in body:
        body = body.decode("unicode_escape").encode("latin-1")
    return body.decode("utf-8", "replace")


def file_imports(path: Path, importer: str) -> list[Import]:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_HEADER)
    except OSError:
        return []
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"import" not in data:
        return []  # no import declaration: the tokenizer's pattern need not even be compiled
    head = data.split(b"\npackage", 1)[0]
    if _IGNORE.search(head):
        return []
    toks = [t for t in _tokens(data) if t[0] != "nl"]
    if len(toks) < 2 or toks[0][1] != b"package":
        return []
    out: list[Import] = []
    i = 3 if len(toks) > 2 and toks[2][1] == b";" else 2
    while i < len(toks) and toks[i][1] == b"import":
        i += 1
        block = i < len(toks) and toks[i][1] == b"("
        i += 1 if block else 0
        while i < len(toks):
            kind, text, pos = toks[i]
            if block and text == b")":
                i += 1
                break
            if kind in ("id",) or text == b".":
                i += 1
                continue
            if kind in ("str", "raw"):
                line = data.count(b"\n", 0, pos) + 1
                col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
                out.append(Import(_unquote(text), path, line, col, importer))
                i += 1
                if not block:
                    break
                continue
            if text == b";":
                i += 1
                continue
            return out
        while i < len(toks) and toks[i][1] == b";":
            i += 1
    return out


def module_imports(mod_dir: Path, mod_path: str) -> list[Import]:
    """Every import of the module's non-test Go files, in path order."""
    out: list[Import] = []
    for dirpath, dirnames, filenames in os.walk(mod_dir):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_"))
                             and d not in ("testdata", "vendor")
                             and not (here / d / "go.mod").exists())
        rel = here.relative_to(mod_dir).as_posix()
        pkg = mod_path if rel == "." else f"{mod_path}/{rel}"
        for name in sorted(filenames):
            if name.endswith(".go") and not name.endswith("_test.go") and not name.startswith((".", "_")):
                out += file_imports(here / name, pkg)
    return out


def is_std(path: str) -> bool:
    """Standard-library (and ``C``) imports: no dot in the first path element."""
    return "." not in path.split("/", 1)[0]
