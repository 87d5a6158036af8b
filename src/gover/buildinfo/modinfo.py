"""Build info as runtime/debug holds it: ParseBuildInfo and BuildInfo.String.

The text embedded in a binary is tab-separated (``path``, ``mod``, ``dep``,
``=>``, ``build`` lines); String() re-quotes build settings with strconv.Quote
when a key is empty or has ``= \\t\\r\\n"`` or a backquote, and a value when it
has `` \\t\\r\\n"`` or a backquote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gover.golang.gostrconv import (
    QuoteSyntaxError,
    from_bytes,
    quote,
    quote_rune,
    to_bytes,
    unquote,
    unquote_prefix,
)


class ParseError(ValueError):
    """Go's ``could not parse Go build info: line N: …`` text."""


@dataclass
class Module:
    path: str = ""
    version: str = ""
    sum: str = ""
    replace: Module | None = None

    def is_zero(self) -> bool:
        return not (self.path or self.version or self.sum or self.replace)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "version": self.version, "sum": self.sum,
                "replace": self.replace.to_json() if self.replace else None}


@dataclass
class BuildInfo:
    go_version: str = ""
    path: str = ""
    main: Module = field(default_factory=Module)
    deps: list[Module] = field(default_factory=list)
    settings: list[tuple[str, str]] = field(default_factory=list)

    def string(self) -> str:
        """runtime/debug's BuildInfo.String()."""
        out: list[str] = []
        if self.go_version:
            out.append(f"go\t{self.go_version}\n")
        if self.path:
            out.append(f"path\t{self.path}\n")

        def fmt_mod(word: str, m: Module) -> None:
            out.append(f"{word}\t{m.path}\t{m.version}")
            if m.replace is None:
                out.append(f"\t{m.sum}")
            else:
                out.append("\n")
                fmt_mod("=>", m.replace)
            out.append("\n")

        if not self.main.is_zero():
            fmt_mod("mod", self.main)
        for dep in self.deps:
            fmt_mod("dep", dep)
        for key, value in self.settings:
            k = quote(key) if quote_key(key) else key
            v = quote(value) if quote_value(value) else value
            out.append(f"build\t{k}={v}\n")
        return "".join(out)

    def setting(self, key: str) -> str | None:
        return next((v for k, v in self.settings if k == key), None)

    def to_json(self) -> dict[str, Any]:
        return {"go_version": self.go_version, "path": self.path,
                "main": None if self.main.is_zero() else self.main.to_json(),
                "deps": [d.to_json() for d in self.deps],
                "settings": [{"key": k, "value": v} for k, v in self.settings]}


_KEY_NEEDS_QUOTES = re.compile("[= \t\r\n\"`]")
_VALUE_NEEDS_QUOTES = re.compile("[ \t\r\n\"`]")


def quote_key(key: str) -> bool:
    return not key or _KEY_NEEDS_QUOTES.search(key) is not None


def quote_value(value: str) -> bool:
    return _VALUE_NEEDS_QUOTES.search(value) is not None


def _module_line(elem: list[str]) -> Module:
    if len(elem) not in (2, 3):
        raise _LineError(f"expected 2 or 3 columns; got {len(elem)}")
    return Module(elem[0], elem[1], elem[2] if len(elem) == 3 else "")


class _LineError(Exception):
    pass


def parse_build_info(data: str) -> BuildInfo:
    """runtime/debug.ParseBuildInfo (GoVersion is left empty)."""
    bi = BuildInfo()
    line_num = 1
    last: Module | None = None
    try:
        while data:
            line, sep, data = data.partition("\n")
            if not sep:
                break
            if line.startswith("path\t"):
                bi.path = line[5:]
            elif line.startswith("mod\t"):
                bi.main = last = _module_line(line[4:].split("\t"))
            elif line.startswith("dep\t"):
                last = _module_line(line[4:].split("\t"))
                bi.deps.append(last)
            elif line.startswith("=>\t"):
                elem = line[3:].split("\t")
                if len(elem) != 3:
                    raise _LineError(f"expected 3 columns for replacement; got {len(elem)}")
                if last is None:
                    raise _LineError("replacement with no module on previous line")
                last.replace = Module(elem[0], elem[1], elem[2])
                last = None
            elif line.startswith("build\t"):
                bi.settings.append(_build_line(line[6:]))
            line_num += 1
    except _LineError as e:
        raise ParseError(f"could not parse Go build info: line {line_num}: {e}") from None
    return bi


def _build_line(kv: str) -> tuple[str, str]:
    if not kv:
        raise _LineError("build line missing '='")
    raw = to_bytes(kv)
    if kv[0] == "=":
        raise _LineError("build line with missing key")
    if kv[0] in "`\"":
        try:
            raw_key, _ = unquote_prefix(raw, False)
        except QuoteSyntaxError:
            raise _LineError("invalid quoted key in build line") from None
        if len(raw) == len(raw_key):
            raise _LineError("build line missing '=' after quoted key")
        c = raw[len(raw_key)]
        if c != 0x3D:
            raise _LineError(f"unexpected character after quoted key: {quote_rune(c)}")
        key = from_bytes(unquote(raw_key))
        raw_value = from_bytes(raw[len(raw_key) + 1:])
    else:
        key, sep, raw_value = kv.partition("=")
        if not sep:
            raise _LineError("build line missing '=' after key")
        if quote_key(key):
            raise _LineError(f"unquoted key {quote(key)} must be quoted")
    value = ""
    if raw_value:
        if raw_value[0] in "`\"":
            try:
                value = from_bytes(unquote(to_bytes(raw_value)))
            except QuoteSyntaxError:
                raise _LineError("invalid quoted value in build line") from None
        else:
            value = raw_value
            if quote_value(value):
                raise _LineError(f"unquoted value {quote(value)} must be quoted")
    return key, value
