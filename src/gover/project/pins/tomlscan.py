"""TOML for mise and golangci-lint configs: the file must parse (``tomllib``, or ``tomli``
on Python 3.10), and a line reader finds the spans of ``key = value`` entries, including
the strings inside ``[..]`` arrays and ``{ version = .. }`` inline tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gover.project.pins.model import ReadError

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_ENTRY = re.compile(rf"^\s*(?P<key>{_KEY}(?:\s*\.\s*{_KEY})*)\s*=\s*")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_BARE = re.compile(r"[0-9][0-9A-Za-z._+-]*")


@dataclass
class Entry:
    path: tuple[str, ...]  # table + key, e.g. ("tools", "go"); array entries get "0", "1" …
    value: str
    start: int  # the value as written (quotes included)
    end: int
    quoted: bool


def _split_key(k: str) -> tuple[str, ...]:
    parts = re.findall(_KEY, k)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def load(text: str) -> dict[str, Any]:
    """Parse with the standard TOML reader; ReadError (with its line) if the file is not TOML."""
    try:
        import tomllib as toml  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as toml  # type: ignore[no-redef,import-not-found,unused-ignore]
    try:
        return toml.loads(text)  # type: ignore[no-any-return]
    except toml.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise ReadError(int(m.group(1)) if m else 0, f"not valid TOML: {e}") from None


def scan(text: str) -> list[Entry]:
    out: list[Entry] = []
    table: tuple[str, ...] = ()
    off = 0
    for raw in text.splitlines(keepends=True):
        h = _HEADER.match(raw)
        if h and not _ENTRY.match(raw):
            table = _split_key(h.group(1))
        else:
            m = _ENTRY.match(raw)
            if m:
                _values(out, table + _split_key(m.group("key")), raw, m.end(), off)
        off += len(raw)
    return out


def _values(out: list[Entry], path: tuple[str, ...], raw: str, i: int, off: int) -> None:
    if raw.startswith("[", i) or raw.startswith("{", i):
        inline = raw[i] == "{"
        n = 0
        j = i + 1
        while j < len(raw) and raw[j] not in "]}\n#":
            if inline:
                km = _ENTRY.match(raw, j)
                if km and not km.group("key").strip().startswith(","):
                    sub = path + _split_key(km.group("key"))
                    j = _one(out, sub, raw, km.end(), off)
                    continue
            if raw[j] in "\"'0123456789":
                j = _one(out, path + (str(n),), raw, j, off)
                n += 1
                continue
            j += 1
        return
    _one(out, path, raw, i, off)


def _one(out: list[Entry], path: tuple[str, ...], raw: str, i: int, off: int) -> int:
    m = _STRING.match(raw, i)
    if m:
        s = m.group()
        out.append(Entry(path, s[1:-1], off + m.start(), off + m.end(), True))
        return m.end()
    m = _BARE.match(raw, i)
    if m:
        out.append(Entry(path, m.group(), off + m.start(), off + m.end(), False))
        return m.end()
    return i + 1


def lookup(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    cur: Any = data
    for p in path:
        if isinstance(cur, list) and p.isdigit() and int(p) < len(cur):
            cur = cur[int(p)]
        elif isinstance(cur, dict) and p in cur:
            cur = cur[p]
        else:
            return None
    return cur
